//! Checks that need other checks: a missing object is reported once, the
//! checks that look inside it wait for it; `needs` is validated at load.
//! Against the real Docker daemon, real git and real files.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use opslab::pack::{Pack, Wait};
use serde_json::Value;

use common::*;

/// A one-lab pack in a temporary folder, the lab holding `checks` (TOML).
struct TestPack {
    dir: tempfile::TempDir,
}

impl TestPack {
    fn new(checks: &str) -> TestPack {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("pack.toml"),
            "format = 1\nid = \"needs-test\"\ntitle = \"Needs\"\nversion = \"0.1.0\"\n\n[[stage]]\nid = \"s\"\ntitle = \"S\"\n",
        )
        .unwrap();
        let lab = root.join("lab");
        for sub in ["starter", "solution"] {
            std::fs::create_dir_all(lab.join(sub)).unwrap();
            std::fs::write(lab.join(sub).join("README.md"), "lab\n").unwrap();
        }
        std::fs::write(lab.join("brief.md"), "# Lab\n").unwrap();
        std::fs::write(
            lab.join("lab.toml"),
            format!("id = \"lab\"\ntitle = \"Lab\"\nstage = \"s\"\nsummary = \"x\"\nminutes = 1\n\n{checks}"),
        )
        .unwrap();
        TestPack { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn lab_toml(&self) -> PathBuf {
        self.path().join("lab/lab.toml")
    }

    /// `opslab --pack THIS ARGS...` with its own data and workspace folders.
    fn opslab(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_opslab"));
        let home = self.path().join("home");
        cmd.env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("OPSLAB_HOME", home.join("labs"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("NO_COLOR", "1")
            .arg("--pack")
            .arg(self.path())
            .args(args)
            .write_stdin("");
        cmd
    }

    fn workspace(&self) -> PathBuf {
        self.path().join("home/labs/lab")
    }

    /// Starts the lab, then runs `check`: (exit code, standard output).
    fn check(&self, extra: &[&str]) -> (i32, String) {
        self.opslab(&["start", "lab"]).assert().success();
        let out = self
            .opslab(&[&["check", "lab"], extra].concat())
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
        )
    }

    fn problems(&self) -> String {
        match Pack::from_dir(self.path()) {
            Ok(_) => panic!("the pack loaded, but a problem was expected"),
            Err(e) => e.to_string(),
        }
    }
}

/// The first-container lab's shape, on a container no one else uses.
fn container_lab(name: &str, port: u16) -> String {
    format!(
        r#"
[[check]]
id = "running"
kind = "container.running"
container = "{name}"
hint = "Start it with `docker run -d --name {name} ...`."

[[check]]
id = "image"
kind = "container.image"
container = "{name}"
image = "{image}"

[[check]]
id = "published"
kind = "container.port"
container = "{name}"
port = "80/tcp"
host_ip = "127.0.0.1"
host_port = {port}

[[check]]
id = "restart"
kind = "container.restart_policy"
container = "{name}"
policy = "unless-stopped"

[[check]]
id = "serves"
kind = "http.get"
port = {port}
within = "1s"
"#,
        image = TEST_IMAGE
    )
}

#[test]
fn a_missing_container_is_reported_once_and_the_other_checks_wait_for_it() {
    let name = unique("needs-missing");
    let pack = TestPack::new(&container_lab(&name, 1));
    let (code, text) = pack.check(&[]);
    assert_eq!(code, 1, "a failure of the learner's: exit 1\n{text}");
    let missing = format!("no container named `{name}`");
    assert_eq!(text.matches(&missing).count(), 1, "{text}");
    assert_eq!(text.matches("  ✗ ").count(), 1, "{text}");
    assert_eq!(
        text.matches(&format!("waits for: Container `{name}` is running"))
            .count(),
        4,
        "image, port, restart and the HTTP check on the published port wait:\n{text}"
    );
    assert!(
        text.contains("0 of 5 checks pass, 1 fails, 4 wait for checks they need"),
        "{text}"
    );

    let (_, json) = pack.check(&["--json"]);
    let report: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["waiting"], 4, "{json}");
    assert_eq!(report["failed"], 1, "{json}");
    let image = &report["results"][1];
    assert_eq!(image["status"], "waiting", "{json}");
    assert_eq!(image["needs"], serde_json::json!(["running"]), "{json}");
}

#[test]
fn checks_run_once_the_container_they_need_is_there() {
    let name = unique("needs-present");
    let _container = run_container(&name, &["--restart", "unless-stopped"], &["sleep", "60"]);
    let pack = TestPack::new(&container_lab(&name, 1));
    let (code, text) = pack.check(&[]);
    assert_eq!(code, 1, "{text}");
    assert!(!text.contains("waits for"), "nothing waits:\n{text}");
    // Running, image and restart policy pass; the port is not published and
    // nothing answers on it: those two fail on their own.
    assert_eq!(text.matches("  ✓ ").count(), 3, "{text}");
    assert_eq!(text.matches("  ✗ ").count(), 2, "{text}");
}

#[test]
fn a_daemon_that_cannot_be_reached_is_could_not_run_not_a_failure() {
    let name = unique("needs-nodaemon");
    let pack = TestPack::new(&container_lab(&name, 1));
    pack.opslab(&["start", "lab"]).assert().success();
    let out = pack
        .opslab(&["check", "lab"])
        .env("DOCKER_HOST", "tcp://127.0.0.1:1")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("  ! Container"), "{text}");
    assert_eq!(text.matches("could not run:").count(), 1, "{text}");
    assert!(
        !text.contains("  ✗ "),
        "nothing is blamed on the learner:\n{text}"
    );
    assert_eq!(text.matches("waits for:").count(), 4, "{text}");
}

#[test]
fn the_authors_hint_is_shown_with_the_probes_advice() {
    let name = unique("needs-hint");
    let pack = TestPack::new(&container_lab(&name, 1));
    let (_, text) = pack.check(&[]);
    let hint = text
        .find(&format!(
            "hint:     Start it with `docker run -d --name {name} ...`."
        ))
        .expect("the author's hint is shown");
    let also = text.find("also:     ").expect("the probe's advice follows");
    assert!(hint < also, "{text}");
}

#[test]
fn a_file_missing_for_several_checks_is_reported_once() {
    let checks = r#"
[[check]]
id = "env"
kind = "file.query"
path = "app.yaml"
query = "env"
equals = "prod"

[[check]]
id = "replicas"
kind = "file.query"
path = "app.yaml"
query = "replicas"
equals = 3

[[check]]
id = "no-secret"
kind = "file.not_matches"
path = "app.yaml"
pattern = "password"
"#;
    let pack = TestPack::new(checks);
    let (code, text) = pack.check(&[]);
    assert_eq!(code, 1, "{text}");
    assert_eq!(text.matches("  ✗ ").count(), 1, "{text}");
    assert_eq!(text.matches("waits for:").count(), 2, "{text}");

    // With the file there, different findings are each shown.
    std::fs::write(pack.workspace().join("app.yaml"), "env: dev\nreplicas: 1\n").unwrap();
    let out = pack.opslab(&["check", "lab"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("  ✗ ").count(), 2, "{text}");
    assert!(!text.contains("waits for:"), "{text}");
}

#[test]
fn declared_needs_make_a_check_wait() {
    let checks = r#"
[[check]]
id = "notes"
kind = "file.exists"
path = "notes.txt"

[[check]]
id = "committed"
kind = "git.committed"
path = "other.txt"
needs = ["notes"]
"#;
    let pack = TestPack::new(checks);
    let (_, text) = pack.check(&[]);
    assert!(text.contains("waits for: `notes.txt` exists"), "{text}");
}

#[test]
fn a_need_on_an_unknown_check_is_a_located_load_error() {
    let checks = r#"
[[check]]
id = "notes"
kind = "file.exists"
path = "notes.txt"

[[check]]
id = "committed"
kind = "git.clean"
needs = ["notse"]
"#;
    let pack = TestPack::new(checks);
    let problems = pack.problems();
    let at = format!("{}:16:10:", pack.lab_toml().display());
    assert!(problems.contains(&at), "{problems}");
    assert!(
        problems.contains(
            "needs `notse`, which is not a check of this lab; use one of: notes, committed"
        ),
        "{problems}"
    );
    pack.opslab(&["pack", "validate"])
        .arg(pack.path())
        .assert()
        .code(2);
}

#[test]
fn needs_in_a_cycle_are_refused_at_load() {
    let checks = r#"
[[check]]
id = "a"
kind = "file.exists"
path = "a.txt"
needs = ["b"]

[[check]]
id = "b"
kind = "file.exists"
path = "b.txt"
needs = ["a"]
"#;
    let pack = TestPack::new(checks);
    let problems = pack.problems();
    assert!(
        problems.contains("`needs` form a cycle: a -> b -> a"),
        "{problems}"
    );
    assert!(
        problems.contains(&format!("{}:12:10:", pack.lab_toml().display())),
        "{problems}"
    );
}

#[test]
fn needs_must_be_a_list_of_ids() {
    let pack = TestPack::new(
        "[[check]]\nid = \"a\"\nkind = \"file.exists\"\npath = \"a.txt\"\nneeds = \"b\"\n",
    );
    let problems = pack.problems();
    assert!(
        problems.contains("check `a`: `needs` must be a list"),
        "{problems}"
    );
}

#[test]
fn the_built_in_first_container_lab_infers_what_its_checks_need() {
    let pack = Pack::built_in().unwrap();
    let lab = pack.lab("first-container").unwrap();
    for check in lab.checks.iter().filter(|c| c.id != "running") {
        assert!(
            check
                .needs
                .iter()
                .any(|n| n.check == "running" && n.when == Wait::UnlessPassed),
            "check `{}` should wait for `running`: {:?}",
            check.id,
            check.needs
        );
    }
}
