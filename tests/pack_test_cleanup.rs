//! `opslab pack test` leaves none of a lab's Docker objects behind: compose
//! projects are removed by their label, and an object cleanup cannot remove
//! is reported. Labs that need Docker Compose fail with the install advice
//! when there is none, and `opslab doctor` says which Compose answers.
//! Real daemon, real `docker-compose` (Debian's 1.29, or the v2 plugin).

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

use common::{docker, test_image, Cleanup};

/// Far above what any of these runs needs; a run that hangs hits it.
const HANG: Duration = Duration::from_secs(240);
/// The compose project of the fixture's `compose-stack` lab.
const PROJECT: &str = "opslabptcstack";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pack-cleanup")
}

fn opslab(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_opslab"));
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("OPSLAB_HOME", home.join("labs"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .timeout(HANG)
        .write_stdin("");
    cmd
}

/// Everything labelled with the fixture's compose project, one line per
/// object (`container NAME`, `network NAME`, `volume NAME`).
fn project_objects() -> Vec<String> {
    let filter = format!("label=com.docker.compose.project={PROJECT}");
    let mut found = Vec::new();
    for (kind, args) in [
        ("container", vec!["ps", "-a", "--format", "{{.Names}}"]),
        ("network", vec!["network", "ls", "--format", "{{.Name}}"]),
        ("volume", vec!["volume", "ls", "--format", "{{.Name}}"]),
    ] {
        let mut args = args.clone();
        args.extend(["--filter", filter.as_str()]);
        for name in docker(&args).lines().filter(|l| !l.is_empty()) {
            found.push(format!("{kind} {name}"));
        }
    }
    found
}

/// The fixture's compose project is one per machine: the tests that use it
/// take turns.
static PROJECT_TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Removes the fixture's compose project, whatever a failed run left.
struct ProjectGone;

impl Drop for ProjectGone {
    fn drop(&mut self) {
        let filter = format!("label=com.docker.compose.project={PROJECT}");
        let ids = docker(&["ps", "-aq", "--filter", &filter]);
        for id in ids.lines() {
            let _ = std::process::Command::new("docker")
                .args(["rm", "-f", id])
                .output();
        }
        let _ = std::process::Command::new("docker")
            .args(["network", "rm", &format!("{PROJECT}_default")])
            .output();
    }
}

/// A folder holding only links to `sh`, `git`, `docker` (and what `extra`
/// names), for a PATH on which no Compose is found.
fn path_without_compose(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for tool in ["sh", "git", "docker"] {
        let found = std::env::split_paths(&std::env::var_os("PATH").unwrap())
            .map(|p| p.join(tool))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("{tool} is on the PATH"));
        std::os::unix::fs::symlink(found, dir.path().join(tool)).unwrap();
    }
    for (name, script) in extra {
        let path = dir.path().join(name);
        std::fs::write(&path, script).unwrap();
        let mode = std::os::unix::fs::PermissionsExt::from_mode(0o755);
        std::fs::set_permissions(&path, mode).unwrap();
    }
    dir
}

#[test]
fn a_compose_lab_is_proved_and_its_project_removed_by_label() {
    test_image();
    let _turn = PROJECT_TURN.lock().unwrap_or_else(|e| e.into_inner());
    let _gone = ProjectGone;
    let home = tempfile::tempdir().unwrap();
    opslab(home.path())
        .args(["pack", "test", "--lab", "compose-stack"])
        .arg(fixture())
        .assert()
        .success()
        .stdout(
            predicates::str::is_match(r"✓ compose-stack +ok +ok +1/1 ")
                .unwrap()
                .and(contains("1 of 1 lab passes its test")),
        );
    assert_eq!(project_objects(), Vec::<String>::new());
}

#[test]
fn reset_previews_and_removes_a_compose_project_by_label() {
    test_image();
    let _turn = PROJECT_TURN.lock().unwrap_or_else(|e| e.into_inner());
    let _gone = ProjectGone;
    let home = tempfile::tempdir().unwrap();
    let image = test_image();
    let name = format!("{PROJECT}-web-by-hand");
    // What Compose would make: a container with the project's label, under
    // a name Compose did not choose.
    docker(&[
        "run",
        "-d",
        "--name",
        &name,
        "--label",
        &format!("com.docker.compose.project={PROJECT}"),
        image,
        "sleep",
        "3600",
    ]);
    opslab(home.path())
        .args(["--pack"])
        .arg(fixture())
        .args(["reset", "compose-stack", "--yes"])
        .assert()
        .success()
        .stdout(
            contains(format!(
                "remove container {name} (compose project {PROJECT}, forcibly)"
            ))
            .and(contains(format!(
                "removed container {name} (compose project {PROJECT})"
            ))),
        );
    assert_eq!(project_objects(), Vec::<String>::new());
}

#[test]
fn an_object_cleanup_cannot_remove_is_reported_as_left_behind() {
    test_image();
    let _guard = Cleanup::container("opslab-ptc-holder").then(&["rmi", "opslab-ptc/held:1"]);
    let home = tempfile::tempdir().unwrap();
    opslab(home.path())
        .args(["pack", "test", "--lab", "held-image"])
        .arg(fixture())
        .assert()
        .code(1)
        .stdout(
            contains("✗ held-image")
                .and(contains("cleanup: removing image opslab-ptc/held:1"))
                .and(contains("is using its referenced image"))
                .and(contains(
                    "cleanup: image opslab-ptc/held:1 is still there after cleanup",
                )),
        );
}

#[test]
fn a_compose_lab_fails_with_install_advice_when_no_compose_is_found() {
    let bin = path_without_compose(&[]);
    let home = tempfile::tempdir().unwrap();
    opslab(home.path())
        .env("PATH", bin.path())
        .args(["pack", "test", "--lab", "compose-stack"])
        .arg(fixture())
        .assert()
        .code(1)
        .stdout(
            contains("✗ compose-stack")
                .and(contains(
                    "lab `compose-stack` uses Docker Compose, and neither `docker compose` nor `docker-compose` is available",
                ))
                .and(contains("sudo apt-get install docker-compose"))
                .and(contains("solve.sh").not()),
        );
    // Starting the lab still works, with the same advice as a warning.
    opslab(home.path())
        .env("PATH", bin.path())
        .args(["--pack"])
        .arg(fixture())
        .args(["start", "compose-stack"])
        .assert()
        .success()
        .stderr(contains("warning: lab `compose-stack` uses Docker Compose"));
}

#[test]
fn doctor_says_which_compose_answers_or_how_to_install_one() {
    let home = tempfile::tempdir().unwrap();
    let none = path_without_compose(&[]);
    opslab(home.path())
        .env("PATH", none.path())
        .arg("doctor")
        .assert()
        .stdout(
            contains(
                "! Docker Compose: neither `docker compose` nor `docker-compose` is available",
            )
            .and(contains("sudo apt-get install docker-compose")),
        );
    let classic = path_without_compose(&[(
        "docker-compose",
        "#!/bin/sh\n[ \"$1 $2\" = 'version --short' ] && echo 1.29.9\n",
    )]);
    opslab(home.path())
        .env("PATH", classic.path())
        .arg("doctor")
        .assert()
        .stdout(contains(
            "✓ Docker Compose 1.29.9 answers as `docker-compose`",
        ));
}
