//! Shared fixtures for the integration tests: a real Docker daemon, real
//! temporary git repositories, and a way to run one check written in TOML.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use opslab::pack::Check;
use opslab::verify::{run_check, Context, DockerProbe, Outcome};

/// The image the tests run containers from: busybox on scratch, built
/// locally (no registry is reachable).
pub const TEST_IMAGE: &str = "opslab-test/busybox:1";

/// A name no other test (or earlier run) uses.
pub fn unique(prefix: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "opslab-test-{prefix}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// Runs the docker CLI and returns its standard output; panics with its
/// standard error when it fails.
pub fn docker(args: &[&str]) -> String {
    let out = Command::new("docker")
        .args(args)
        .output()
        .expect("docker CLI runs");
    assert!(
        out.status.success(),
        "docker {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Builds [`TEST_IMAGE`] once per test binary.
pub fn test_image() -> &'static str {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("bin")).unwrap();
        std::fs::copy("/bin/busybox", dir.path().join("bin/busybox"))
            .expect("a static busybox at /bin/busybox (Debian: apt-get install busybox-static)");
        std::fs::write(
            dir.path().join("Dockerfile"),
            "FROM scratch\nCOPY bin/busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nCMD [\"sh\"]\n",
        )
        .unwrap();
        docker(&["build", "-q", "-t", TEST_IMAGE, dir.path().to_str().unwrap()]);
    });
    TEST_IMAGE
}

/// A container (or other object) removed when the test ends, pass or fail.
pub struct Cleanup(pub Vec<Vec<String>>);

impl Cleanup {
    pub fn container(name: &str) -> Cleanup {
        Cleanup(vec![vec![
            "rm".into(),
            "-f".into(),
            "-v".into(),
            name.into(),
        ]])
    }
    pub fn then(mut self, args: &[&str]) -> Cleanup {
        self.0.push(args.iter().map(|s| s.to_string()).collect());
        self
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        for args in &self.0 {
            let _ = Command::new("docker").args(args).output();
        }
    }
}

/// Runs `docker run -d --name NAME ARGS... TEST_IMAGE CMD...` and returns a
/// guard that removes the container.
pub fn run_container(name: &str, args: &[&str], cmd: &[&str]) -> Cleanup {
    let image = test_image();
    let mut all = vec!["run", "-d", "--name", name];
    all.extend_from_slice(args);
    all.push(image);
    all.extend_from_slice(cmd);
    let guard = Cleanup::container(name);
    docker(&all);
    guard
}

/// Parses one check from the body of a `[[check]]` table.
pub fn parse_check(toml_text: &str) -> Check {
    toml::from_str(toml_text).unwrap_or_else(|e| panic!("check does not parse: {e}\n{toml_text}"))
}

/// The error text a check table gives when it does not parse.
pub fn parse_error(toml_text: &str) -> String {
    match toml::from_str::<Check>(toml_text) {
        Ok(_) => panic!("expected a parse error for:\n{toml_text}"),
        Err(e) => e.to_string(),
    }
}

/// A tokio runtime for one test.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(2)
        .build()
        .unwrap()
}

/// Runs one check (given as TOML) against the real daemon and `workspace`.
pub fn outcome_in(toml_text: &str, workspace: &Path) -> Outcome {
    let check = parse_check(toml_text);
    runtime().block_on(async {
        let docker = DockerProbe::connect().await;
        let ctx = Context::new(workspace.to_path_buf(), docker);
        let result = run_check(&check, &ctx).await;
        // Every verdict says what it looked at (see tests/evidence.rs).
        assert!(
            result.outcome.is_waiting() || !result.evidence.is_empty(),
            "{:?} carries no evidence:\n{toml_text}",
            result.outcome
        );
        result.outcome
    })
}

/// Runs one check that needs no workspace.
pub fn outcome(toml_text: &str) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    outcome_in(toml_text, dir.path())
}

/// Asserts a check passed, printing what it found when it did not.
#[track_caller]
pub fn assert_passed(outcome: &Outcome) {
    assert!(
        outcome.is_passed(),
        "expected the check to pass, got {outcome:#?}"
    );
}

/// Asserts a check failed, and returns (expected, actual) for further asserts.
#[track_caller]
pub fn assert_failed(outcome: &Outcome) -> (String, String) {
    match outcome {
        Outcome::Failed {
            expected, actual, ..
        } => (expected.clone(), actual.clone()),
        other => panic!("expected the check to fail, got {other:#?}"),
    }
}

/// A git environment shut off from the user's global and system config.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test Learner")
        .env("GIT_AUTHOR_EMAIL", "learner@example.com")
        .env("GIT_COMMITTER_NAME", "Test Learner")
        .env("GIT_COMMITTER_EMAIL", "learner@example.com")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A new repository with `main` as its first branch.
pub fn git_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    dir
}

/// Shuts libgit2 off from the user's global config and ignore files: it
/// finds them through $HOME and $XDG_CONFIG_HOME, read once when libgit2
/// starts. Every git test calls this before anything touches git.
pub fn isolate() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let home = std::env::temp_dir().join(format!("opslab-git-home-{}", std::process::id()));
        std::fs::create_dir_all(&home).unwrap();
        std::env::set_var("HOME", &home);
        std::env::set_var("XDG_CONFIG_HOME", home.join("config"));
    });
}

/// A new repository on `main`, with git shut off from the user's config.
pub fn repo() -> tempfile::TempDir {
    isolate();
    git_repo()
}

/// Writes `content` at `path` under `dir`, making its folders.
pub fn write(dir: &Path, path: &str, content: &str) {
    let full = dir.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, content).unwrap();
}

/// Writes `path` and commits it with `message`.
pub fn commit(dir: &Path, path: &str, content: &str, message: &str) {
    write(dir, path, content);
    git(dir, &["add", "--", path]);
    git(dir, &["commit", "-q", "-m", message]);
}

/// Runs one check (the `kind` line and its fields) in `dir`.
pub fn check(dir: &Path, body: &str) -> Outcome {
    isolate();
    outcome_in(&format!("id = \"t\"\n{body}"), dir)
}
