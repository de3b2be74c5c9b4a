//! The `opslab` binary end to end, against the real Docker daemon and real
//! git repositories. Each test gets its own data, settings and workspace
//! folders through XDG_DATA_HOME, XDG_CONFIG_HOME and OPSLAB_HOME.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::{contains, is_match};
use serde_json::Value;

use common::*;

/// A learner's machine in miniature: its own home, data and settings.
struct Learner {
    home: tempfile::TempDir,
}

impl Learner {
    fn new() -> Learner {
        Learner {
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.home.path().join(rel)
    }

    /// `opslab` with this learner's folders and no pack chosen.
    fn bare(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_opslab"));
        cmd.env("HOME", self.home.path())
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("OPSLAB_HOME", self.path("labs"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("OPSLAB_BUSYBOX")
            .env_remove("NO_COLOR")
            .write_stdin("");
        cmd
    }

    /// `opslab --pack FIXTURE ARGS...`.
    fn opslab(&self, pack: &str, args: &[&str]) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--pack").arg(fixture(pack)).args(args);
        cmd
    }

    fn workspace(&self, lab: &str) -> PathBuf {
        self.path("labs").join(lab)
    }

    fn progress_file(&self) -> PathBuf {
        self.path("data/opslab/progress.json")
    }

    fn progress(&self) -> Value {
        let text = std::fs::read_to_string(self.progress_file()).expect("a progress file");
        serde_json::from_str(&text).expect("the progress file is JSON")
    }

    fn lab_progress(&self, pack: &str, lab: &str) -> Value {
        self.progress()["packs"][pack]["labs"][lab].clone()
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

/// Whether the docker CLI finds an object (container, image...).
fn docker_has(kind: &str, name: &str) -> bool {
    std::process::Command::new("docker")
        .args([kind, "inspect", name])
        .output()
        .unwrap()
        .status
        .success()
}

#[test]
fn every_command_has_help() {
    let learner = Learner::new();
    for cmd in [
        vec!["list"],
        vec!["start"],
        vec!["check"],
        vec!["hint"],
        vec!["reset"],
        vec!["doctor"],
        vec!["setup"],
        vec!["pack", "validate"],
        vec!["pack", "test"],
        vec!["pack", "new"],
        vec!["pack", "schema"],
        vec!["pack", "export"],
        vec!["pack", "install"],
        vec!["pack", "list"],
        vec!["pack", "trust"],
    ] {
        let usage = format!("Usage: opslab {}", cmd.join(" "));
        learner
            .bare()
            .args(&cmd)
            .arg("--help")
            .assert()
            .success()
            .stdout(contains(usage).and(contains("--pack <DIR|ID>")));
    }
    learner.bare().arg("--help").assert().success().stdout(
        contains("list")
            .and(contains("doctor"))
            .and(contains("setup")),
    );
}

#[test]
fn list_shows_labs_in_order_with_status_and_next() {
    let learner = Learner::new();
    let out = stdout_of(&mut learner.opslab("pack-basic", &["list"]));
    let first = out.find("first-file").expect("first-file listed");
    let init = out.find("init-only").expect("init-only listed");
    let second = out.find("second").expect("second listed");
    assert!(first < init && init < second, "labs out of order:\n{out}");
    assert!(out.contains("Basics") && out.contains("More"), "{out}");
    assert!(
        is_match(r"available +first-file +Write your first note \(5 min\)")
            .unwrap()
            .eval(&out),
        "{out}"
    );
    assert!(
        is_match(r"locked +second .*needs: first-file")
            .unwrap()
            .eval(&out),
        "{out}"
    );
    assert!(out.contains("Next: first-file"), "{out}");

    let json: Value = serde_json::from_str(&stdout_of(
        &mut learner.opslab("pack-basic", &["list", "--json"]),
    ))
    .unwrap();
    assert_eq!(json["pack"]["id"], "cli-fixture");
    assert_eq!(json["next"], "first-file");
    assert_eq!(json["stages"][0]["labs"][0]["status"], "available");
    assert_eq!(json["stages"][1]["labs"][1]["id"], "second");
    assert_eq!(json["stages"][1]["labs"][1]["status"], "locked");
    assert_eq!(json["stages"][1]["labs"][1]["minutes"], 10);
}

#[test]
fn start_commits_the_starter_files_and_never_clobbers() {
    let learner = Learner::new();
    let ws = learner.workspace("first-file");
    learner
        .opslab("pack-basic", &["start", "first-file"])
        .assert()
        .success()
        .stdout(
            contains(format!("cd {}", ws.display()))
                .and(contains(
                    "Create a file called `notes.txt` in your workspace and commit it.",
                ))
                .and(contains("check first-file")),
        );
    assert_eq!(
        std::fs::read_to_string(ws.join("config/app.conf")).unwrap(),
        "port = 8080\n"
    );
    assert_eq!(
        git(&ws, &["log", "--format=%s"]),
        "Starter files for Write your first note"
    );
    assert_eq!(git(&ws, &["status", "--porcelain"]), "");
    assert_eq!(
        git(&ws, &["ls-files"]),
        "README.md\nconfig/app.conf\nrun.sh"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(ws.join("run.sh"))
        .unwrap()
        .permissions()
        .mode();
    assert!(mode & 0o100 != 0, "run.sh lost its execute bit: {mode:o}");
    let recorded = learner.lab_progress("cli-fixture", "first-file");
    assert_eq!(recorded["workspace"], ws.display().to_string());
    assert!(recorded["first_opened"].as_u64().is_some());

    std::fs::write(ws.join("README.md"), "the learner's words\n").unwrap();
    learner
        .opslab("pack-basic", &["start", "first-file"])
        .assert()
        .success()
        .stdout(contains("already exists").and(contains("nothing was overwritten")));
    assert_eq!(
        std::fs::read_to_string(ws.join("README.md")).unwrap(),
        "the learner's words\n"
    );
}

#[test]
fn start_warns_about_missing_prerequisites_and_honours_git_init() {
    let learner = Learner::new();
    learner
        .opslab("pack-basic", &["start", "second"])
        .assert()
        .success()
        .stderr(contains("comes after first-file"));
    assert!(learner.workspace("second").join("README.md").is_file());

    learner
        .opslab("pack-basic", &["start", "init-only"])
        .assert()
        .success();
    let ws = learner.workspace("init-only");
    assert!(ws.join(".git").is_dir());
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--verify", "HEAD"])
        .current_dir(&ws)
        .output()
        .unwrap();
    assert!(
        !head.status.success(),
        "init-only should have no commit yet"
    );
    assert_eq!(git(&ws, &["status", "--porcelain"]), "?? README.md");
}

#[test]
fn a_chosen_workspace_is_remembered() {
    let learner = Learner::new();
    let chosen = learner.path("elsewhere/my-notes");
    learner
        .opslab("pack-basic", &["start", "first-file", "--workspace"])
        .arg(&chosen)
        .assert()
        .success()
        .stdout(contains(chosen.display().to_string()));
    assert!(chosen.join("README.md").is_file());
    assert!(!learner.workspace("first-file").exists());
    std::fs::write(chosen.join("notes.txt"), "notes\n").unwrap();
    git(&chosen, &["add", "notes.txt"]);
    git(&chosen, &["commit", "-q", "-m", "Add notes"]);
    learner
        .opslab("pack-basic", &["check", "first-file"])
        .assert()
        .code(0);
}

#[test]
fn check_shows_expected_and_found_then_passes_after_the_learners_change() {
    let learner = Learner::new();
    learner
        .opslab("pack-basic", &["start", "first-file"])
        .assert()
        .success();
    learner
        .opslab("pack-basic", &["check", "first-file"])
        .assert()
        .code(1)
        .stdout(
            contains("✗ `notes.txt` exists")
                .and(contains("expected: `notes.txt` exists"))
                .and(contains("found:    no file or folder at `notes.txt`"))
                .and(contains(
                    "hint:     Create notes.txt in the workspace folder.",
                ))
                .and(contains("✓ The working tree is clean"))
                .and(contains("1 of 2 checks passes")),
        );
    let ws = learner.workspace("first-file");
    std::fs::write(ws.join("notes.txt"), "my notes\n").unwrap();
    learner
        .opslab("pack-basic", &["check", "first-file"])
        .assert()
        .code(1)
        .stdout(contains("✗ The working tree is clean"));
    git(&ws, &["add", "notes.txt"]);
    git(&ws, &["commit", "-q", "-m", "Add notes"]);
    learner
        .opslab("pack-basic", &["check", "first-file"])
        .assert()
        .code(0)
        .stdout(contains("All 2 checks pass").and(contains("is done")));

    let out = stdout_of(&mut learner.opslab("pack-basic", &["check", "first-file", "--json"]));
    let json: Value = serde_json::from_str(&out).expect("check --json prints JSON");
    assert_eq!(json["lab"], "first-file");
    assert_eq!(json["passed"], 2);
    assert_eq!(json["failed"], 0);
    assert_eq!(json["errors"], 0);
    assert_eq!(json["results"][0]["id"], "notes");
    assert_eq!(json["results"][0]["status"], "passed");

    let record = learner.lab_progress("cli-fixture", "first-file");
    let attempts = record["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 4);
    assert_eq!(attempts[0]["failed"], 1);
    assert_eq!(record["done"], true);
    assert_eq!(record["first_pass"], attempts[2]["at"]);

    let list = stdout_of(&mut learner.opslab("pack-basic", &["list"]));
    assert!(is_match(r"done +first-file").unwrap().eval(&list), "{list}");
    assert!(
        is_match(r"available +second").unwrap().eval(&list),
        "{list}"
    );
}

#[test]
fn check_json_reports_failures_with_their_feedback() {
    let learner = Learner::new();
    learner
        .opslab("pack-basic", &["start", "first-file"])
        .assert()
        .success();
    let out = learner
        .opslab("pack-basic", &["check", "first-file", "--json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["failed"], 1);
    assert_eq!(json["results"][0]["status"], "failed");
    assert_eq!(
        json["results"][0]["actual"],
        "no file or folder at `notes.txt`"
    );
}

#[test]
fn check_cannot_run_for_unknown_labs_missing_workspaces_or_a_missing_daemon() {
    let learner = Learner::new();
    learner
        .opslab("pack-basic", &["check", "no-such-lab"])
        .assert()
        .code(2)
        .stderr(contains("no lab `no-such-lab`"));
    learner
        .opslab("pack-basic", &["check", "first-file"])
        .assert()
        .code(2)
        .stderr(contains("no workspace yet").and(contains("start first-file")));

    learner
        .opslab("pack-docker", &["start", "web"])
        .assert()
        .success();
    learner
        .opslab("pack-docker", &["check", "web"])
        .env("DOCKER_HOST", "unix:///nonexistent/opslab-test.sock")
        .assert()
        .code(2)
        .stdout(
            contains("! Image `opslab-cli-fixture/web:1` exists")
                .and(contains("could not run"))
                .and(contains("unix:///nonexistent/opslab-test.sock")),
        );
    let record = learner.lab_progress("cli-fixture-docker", "web");
    assert_eq!(record["attempts"][0]["errors"], 1);
    assert_eq!(record["done"], false);
}

#[test]
fn hints_are_revealed_in_order_and_recorded() {
    let learner = Learner::new();
    let hint = |n: usize, text: &str| format!("hint {n} of 3: {text}");
    learner
        .opslab("pack-basic", &["hint", "first-file"])
        .assert()
        .success()
        .stdout(contains(hint(
            1,
            "Create a file called notes.txt in the workspace.",
        )));
    learner
        .opslab("pack-basic", &["hint", "first-file"])
        .assert()
        .success()
        .stdout(contains(hint(2, "Stage it with `git add notes.txt`.")));
    assert_eq!(
        learner.lab_progress("cli-fixture", "first-file")["hints_used"],
        2
    );
    learner
        .opslab("pack-basic", &["hint", "first-file"])
        .assert()
        .success()
        .stdout(contains("hint 3 of 3").and(contains("All").not()));
    learner
        .opslab("pack-basic", &["hint", "first-file"])
        .assert()
        .success()
        .stdout(contains("All 3 hints are shown").and(contains(hint(
            3,
            "Commit it with `git commit -m 'Add notes'`.",
        ))));
    assert_eq!(
        learner.lab_progress("cli-fixture", "first-file")["hints_used"],
        3
    );
    learner
        .opslab("pack-basic", &["hint", "second"])
        .assert()
        .success()
        .stdout(contains("has no hints"));
}

#[test]
fn reset_restores_starter_files_and_removes_only_declared_resources() {
    test_image();
    let learner = Learner::new();
    learner
        .opslab("pack-docker", &["start", "reset-me"])
        .assert()
        .success();
    let ws = learner.workspace("reset-me");
    std::fs::write(ws.join("app.conf"), "name = \"changed\"\n").unwrap();
    std::fs::write(ws.join("mine.txt"), "the learner's own file\n").unwrap();
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "-q", "-m", "Learner's work"]);

    let declared = "opslab-cli-fixture-reset";
    let undeclared = unique("reset-keep");
    let _guard = Cleanup::container(declared).then(&["rm", "-f", "-v", &undeclared]);
    let _ = std::process::Command::new("docker")
        .args(["rm", "-f", declared])
        .output();
    docker(&["run", "-d", "--name", declared, TEST_IMAGE, "sleep", "300"]);
    docker(&[
        "run",
        "-d",
        "--name",
        &undeclared,
        TEST_IMAGE,
        "sleep",
        "300",
    ]);

    // No terminal and no --yes: refuse, change nothing.
    learner
        .opslab("pack-docker", &["reset", "reset-me"])
        .assert()
        .code(2)
        .stdout(contains("remove container opslab-cli-fixture-reset"))
        .stderr(contains("--yes"));
    assert!(docker_has("container", declared));
    assert_eq!(
        std::fs::read_to_string(ws.join("app.conf")).unwrap(),
        "name = \"changed\"\n"
    );

    learner
        .opslab("pack-docker", &["reset", "reset-me", "--yes"])
        .assert()
        .success()
        .stdout(
            contains("restored 2 starter files")
                .and(contains("removed container opslab-cli-fixture-reset")),
        );
    assert_eq!(
        std::fs::read_to_string(ws.join("app.conf")).unwrap(),
        "name = \"starter\"\n"
    );
    assert!(
        ws.join("mine.txt").is_file(),
        "the learner's file was removed"
    );
    assert_eq!(
        git(&ws, &["log", "--format=%s"]),
        "Learner's work\nStarter files for Run a container"
    );
    assert!(!docker_has("container", declared));
    assert!(docker_has("container", &undeclared));

    // Again: the container is already gone, which is fine.
    learner
        .opslab("pack-docker", &["reset", "reset-me", "-y"])
        .assert()
        .success()
        .stdout(contains("container opslab-cli-fixture-reset was not there"));
}

#[test]
fn doctor_reports_the_daemon_and_api_version() {
    let learner = Learner::new();
    learner.bare().arg("doctor").assert().stdout(
        is_match(r"✓ Docker answers at \S+: Engine \S+, API \d+\.\d+")
            .unwrap()
            .and(contains("git version"))
            .and(is_match(r"GiB free for workspaces in").unwrap())
            .and(contains("will be created on first use")),
    );
    learner
        .bare()
        .arg("doctor")
        .env("DOCKER_HOST", "unix:///nonexistent/opslab-test.sock")
        .assert()
        .code(2)
        .stdout(contains("✗ Docker").and(contains("sudo systemctl start docker")));
}

/// A copy of the host's busybox with a unique tail, so its sha256 (and so
/// the image label) is new and setup has to build.
fn unique_busybox(dir: &Path) -> PathBuf {
    let mut bytes = std::fs::read("/bin/busybox").expect("a static busybox at /bin/busybox");
    bytes.extend_from_slice(unique("busybox-tail").as_bytes());
    let path = dir.join("busybox");
    std::fs::write(&path, bytes).unwrap();
    path
}

fn image_id(reference: &str) -> String {
    docker(&["image", "inspect", "--format", "{{.Id}}", reference])
}

#[test]
fn setup_builds_the_base_image_once_and_it_has_an_app_user() {
    let learner = Learner::new();
    let busybox = unique_busybox(learner.home.path());
    learner
        .bare()
        .arg("setup")
        .env("OPSLAB_BUSYBOX", &busybox)
        .assert()
        .success()
        .stdout(
            contains("building opslab/base:1")
                .and(contains("Step 1/"))
                .and(contains("opslab/base:1 is ready")),
        );
    let built = image_id("opslab/base:1");
    assert_eq!(image_id("opslab/base:latest"), built);
    learner
        .bare()
        .arg("setup")
        .env("OPSLAB_BUSYBOX", &busybox)
        .assert()
        .success()
        .stdout(contains("already up to date").and(contains("Step").not()));
    assert_eq!(image_id("opslab/base:1"), built);
    let id = docker(&["run", "--rm", "opslab/base:1", "sh", "-c", "id app"]);
    assert!(id.contains("uid=1000(app)"), "{id}");
    let tmp = docker(&[
        "run",
        "--rm",
        "--user",
        "app",
        "opslab/base:1",
        "sh",
        "-c",
        "touch /tmp/x && echo ok",
    ]);
    assert_eq!(tmp, "ok");

    // Leave the base image built from the machine's own busybox.
    learner.bare().arg("setup").assert().success();
    let _ = std::process::Command::new("docker")
        .args(["image", "rm", &built])
        .output();
}

#[test]
fn setup_refuses_a_dynamically_linked_busybox() {
    let learner = Learner::new();
    learner
        .bare()
        .arg("setup")
        .env("OPSLAB_BUSYBOX", "/usr/bin/env")
        .assert()
        .code(2)
        .stderr(
            contains("not statically linked").and(contains("sudo apt-get install busybox-static")),
        );
}

#[test]
fn pack_validate_reports_every_problem_with_its_place() {
    let learner = Learner::new();
    let broken = fixture("pack-broken");
    let at =
        |lab: &str, file: &str| regex::escape(&broken.join(lab).join(file).display().to_string());
    learner
        .bare()
        .args(["pack", "validate"])
        .arg(&broken)
        .assert()
        .code(2)
        .stdout(
            is_match(format!(
                r"{}:\d+:\d+: unknown field `colour`",
                at("unknown-field", "lab.toml")
            ))
            .unwrap()
            .and(
                is_match(format!(
                    r"{}:6:18: prerequisite `no-such-lab` is not a lab of this pack",
                    at("orphan", "lab.toml")
                ))
                .unwrap(),
            )
            .and(is_match(r"cycle-[ab]/lab\.toml:\d+:\d+: prerequisites form a cycle").unwrap())
            .and(is_match(format!(r"{}: missing", at("no-brief", "brief.md"))).unwrap())
            .and(
                is_match(format!(
                    r#"{}:11:1: check `greeting` \(file.matches\): `pattern`: invalid regular expression "\(hello": unclosed group"#,
                    at("bad-regex", "lab.toml")
                ))
                .unwrap(),
            )
            .and(
                is_match(format!(
                    r"{}:10:1: check `web` \(container.running\): unknown field `contaner`, expected `container`",
                    at("check-typo", "lab.toml")
                ))
                .unwrap(),
            )
            .and(contains("6 problems")),
        );
    learner
        .bare()
        .args(["pack", "validate"])
        .arg(fixture("pack-basic"))
        .assert()
        .success()
        .stdout(contains("cli-fixture 0.1.0").and(contains("2 stages, 3 labs, 4 checks")));
}

#[test]
fn a_broken_pack_stops_other_commands_with_its_problems() {
    let learner = Learner::new();
    learner
        .opslab("pack-broken", &["list"])
        .assert()
        .code(2)
        .stderr(contains("has problems").and(contains("unknown field `colour`")));
}

#[test]
fn pack_test_proves_starter_fails_and_solution_passes() {
    let learner = Learner::new();
    learner
        .bare()
        .args(["pack", "test"])
        .arg(fixture("pack-basic"))
        .assert()
        .code(1)
        .stdout(
            contains("✓ first-file")
                .and(contains("✓ init-only"))
                .and(contains("✗ second"))
                .and(contains("solution: check `done` fails"))
                .and(contains("2 of 3 labs pass")),
        );
}

#[test]
fn pack_test_runs_solve_sh_and_removes_the_declared_resources() {
    test_image();
    let _ = std::process::Command::new("docker")
        .args(["image", "rm", "opslab-cli-fixture/web:1"])
        .output();
    let _guard = Cleanup(vec![vec![
        "image".into(),
        "rm".into(),
        "opslab-cli-fixture/web:1".into(),
    ]]);
    let learner = Learner::new();
    learner
        .bare()
        .args(["pack", "test", "--lab", "web"])
        .arg(fixture("pack-docker"))
        .assert()
        .success()
        .stdout(contains("✓ web").and(contains("1 of 1 lab passes its test")));
    assert!(!docker_has("image", "opslab-cli-fixture/web:1"));
}

#[test]
fn a_damaged_progress_file_is_moved_aside_and_reported() {
    let learner = Learner::new();
    let file = learner.progress_file();
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "{ not json").unwrap();
    learner
        .bare()
        .arg("doctor")
        .assert()
        .stdout(contains("✗ the progress file").and(contains("damaged")));
    assert!(file.exists(), "doctor must not move the file");

    let out = learner
        .opslab("pack-basic", &["hint", "first-file"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&file.display().to_string()), "{stderr}");
    assert!(stderr.contains(".corrupt-"), "{stderr}");
    let aside: Vec<PathBuf> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("progress.json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(stderr.contains(&aside[0].display().to_string()), "{stderr}");
    assert_eq!(std::fs::read_to_string(&aside[0]).unwrap(), "{ not json");
    assert_eq!(
        learner.lab_progress("cli-fixture", "first-file")["hints_used"],
        1
    );
}

#[test]
fn the_settings_file_chooses_the_workspace_root() {
    let learner = Learner::new();
    let config = learner.path("config/opslab/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    let root = learner.path("from-config");
    std::fs::write(
        &config,
        format!("workspace_root = {:?}\n", root.display().to_string()),
    )
    .unwrap();
    learner
        .opslab("pack-basic", &["start", "first-file"])
        .env_remove("OPSLAB_HOME")
        .assert()
        .success();
    assert!(root.join("first-file/README.md").is_file());

    std::fs::write(&config, "workspace_rot = \"~/x\"\n").unwrap();
    learner
        .opslab("pack-basic", &["start", "init-only"])
        .env_remove("OPSLAB_HOME")
        .assert()
        .code(2)
        .stderr(contains("config.toml:1:1").and(contains("workspace_rot")));
}

/// Runs a command line in a pseudo-terminal (util-linux `script`), typing
/// `input`; returns what the terminal showed.
fn in_terminal(learner: &Learner, line: &str, input: &str, extra_env: &[(&str, &str)]) -> String {
    use std::io::Write;
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", line, "/dev/null"])
        .env("HOME", learner.home.path())
        .env("XDG_DATA_HOME", learner.path("data"))
        .env("XDG_CONFIG_HOME", learner.path("config"))
        .env("OPSLAB_HOME", learner.path("labs"))
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("script (util-linux) runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn reset_asks_on_a_terminal_and_colours_only_there() {
    let learner = Learner::new();
    learner
        .opslab("pack-basic", &["start", "first-file"])
        .assert()
        .success();
    let readme = learner.workspace("first-file").join("README.md");
    std::fs::write(&readme, "changed\n").unwrap();
    let line = format!(
        "{} --pack {} reset first-file",
        env!("CARGO_BIN_EXE_opslab"),
        fixture("pack-basic").display()
    );

    let shown = in_terminal(&learner, &line, "n\n", &[]);
    assert!(shown.contains("Go ahead? [y/N]"), "{shown}");
    assert!(shown.contains("Nothing was changed."), "{shown}");
    assert_eq!(std::fs::read_to_string(&readme).unwrap(), "changed\n");

    let shown = in_terminal(&learner, &line, "y\n", &[]);
    assert!(
        shown.contains("\x1b[32m✓\x1b[0m restored 3 starter files"),
        "{shown}"
    );
    assert!(std::fs::read_to_string(&readme)
        .unwrap()
        .starts_with("# Notes lab"));

    let shown = in_terminal(&learner, &line, "y\n", &[("NO_COLOR", "1")]);
    assert!(shown.contains("✓ restored 3 starter files"), "{shown}");
    assert!(!shown.contains("\x1b["), "colour despite NO_COLOR: {shown}");
}
