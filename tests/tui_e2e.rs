//! The real binary in a real terminal (tmux) against the real Docker daemon:
//! a learner opens a lab, presses `s` to create its workspace, starts the
//! container in another terminal, and the checklist turns green without a
//! key being pressed. A hint revealed with `opslab hint` in another terminal
//! shows in the open lab by itself. Quitting with `q` gives the shell back
//! (signals and failures: `tui_exit.rs`).

mod common;
mod tui_tmux;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{docker, test_image, unique, Cleanup};
use tui_tmux::{fixture_pack, left_the_ui, Tmux, WAIT};

#[test]
fn starting_the_container_turns_the_check_green_without_a_key() {
    let image = test_image();
    let container = unique("tui");
    let _cleanup = Cleanup::container(&container);
    let pack = fixture_pack(&container);
    let tmux = Tmux::start("e2e-live");
    tmux.run_opslab(pack.path());

    // The container lab is the last one: G selects it, Enter opens it. Its
    // workspace does not exist yet, so nothing is checked.
    tmux.send(&["G"]);
    tmux.send(&["Enter"]);
    let empty = tmux.wait_for("the offer to create the workspace", |s| {
        s.contains("not created yet") && s.contains("not started")
    });
    assert!(empty.contains("start run"), "{empty}");
    let workspace = tmux.workspaces().join("run");
    assert!(!workspace.exists(), "opening a lab creates nothing");

    // `s` creates it as `opslab start run` would, then the checks run.
    tmux.send(&["s"]);
    let before = tmux.wait_for("the check to run and not pass", |s| {
        s.contains("Checks 0/1") && (s.contains("failed") || s.contains("could not run"))
    });
    assert!(before.contains(&container), "{before}");
    assert!(before.contains("cd "), "the folder to work in:\n{before}");
    assert!(!before.contains("not created yet"), "{before}");
    assert!(
        workspace.join("README.md").is_file(),
        "the starter file is copied"
    );
    let head = Command::new("git")
        .args(["-C", &workspace.display().to_string(), "log", "--format=%s"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(
        String::from_utf8_lossy(&head.stdout).contains("Starter files for Run a container"),
        "the workspace is a git repository with the starter commit: {head:?}"
    );

    // In "another terminal": start the container. No key is sent from here on.
    docker(&["run", "-d", "--name", &container, image, "sleep", "300"]);
    let after = tmux.wait_for("the check to pass by itself", |s| {
        s.contains("Checks 1/1") && s.contains("passed")
    });
    assert!(
        after.contains("Every check passes"),
        "the lab is marked done:\n{after}"
    );

    let trace = std::fs::read_to_string(&tmux.trace).expect("the trace file is written");
    for mark in ["first-frame", "docker-event", "checks-drawn", "lab-done"] {
        assert!(trace.contains(mark), "trace lacks {mark}:\n{trace}");
    }

    tmux.send(&["q"]);
    tmux.wait_for("the shell to come back after q", left_the_ui);

    let saved = std::fs::read_to_string(tmux.data_home().join("opslab/progress.json"))
        .expect("progress is saved");
    let saved: serde_json::Value = serde_json::from_str(&saved).unwrap();
    let lab = &saved["packs"]["tui-fixture"]["labs"]["run"];
    assert_eq!(lab["done"], true, "the lab is recorded as done: {saved:#}");
    assert!(lab["first_opened"].is_u64(), "{saved:#}");
    assert_eq!(
        lab["workspace"].as_str().map(PathBuf::from),
        Some(workspace),
        "the workspace is remembered as `opslab start` does: {saved:#}"
    );
}

#[test]
fn without_docker_a_banner_shows_and_file_checks_still_turn_green() {
    let pack = fixture_pack("opslab-test-unused");
    let tmux = Tmux::start_with(
        "e2e-nodocker",
        &[
            ("DOCKER_HOST", "unix:///nonexistent/opslab-test.sock"),
            ("NO_COLOR", "1"),
        ],
    );
    tmux.run_opslab(pack.path());
    tmux.wait_for("the Docker banner", |s| {
        s.contains("Docker is not reachable")
    });
    // The notes lab is first: Enter opens it; its workspace does not exist yet.
    tmux.send(&["Enter"]);
    tmux.wait_for("the start command", |s| s.contains("start notes"));
    let workspace = tmux.workspaces().join("notes");
    std::fs::create_dir_all(&workspace).unwrap();
    std::fs::write(workspace.join("NOTES.md"), "# notes\n").unwrap();
    let after = tmux.wait_for("the file check to pass by itself", |s| {
        s.contains("Checks 1/1")
    });
    assert!(
        after.contains("Docker is not reachable"),
        "the banner stays:\n{after}"
    );
    tmux.send(&["q"]);
    tmux.wait_for("the shell to come back after q", left_the_ui);
}

#[test]
fn a_hint_revealed_in_another_terminal_shows_without_a_key() {
    let pack = fixture_pack("opslab-test-unused");
    let tmux = Tmux::start_with(
        "e2e-hint",
        &[("DOCKER_HOST", "unix:///nonexistent/opslab-test.sock")],
    );
    tmux.run_opslab(pack.path());
    // The notes lab is first: Enter opens it.
    tmux.send(&["Enter"]);
    let before = tmux.wait_for("the notes lab", |s| s.contains("Hints: 0 of 2 shown"));
    assert!(!before.contains("top of the workspace"), "{before}");

    // In "another terminal"; no key is sent to the UI from here on.
    let out = tmux.opslab_elsewhere(pack.path(), &["hint", "notes"]);
    assert!(out.status.success(), "opslab hint: {out:?}");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("hint 1 of 2"), "{printed}");
    let after = tmux.wait_for("the hint to show by itself", |s| {
        s.contains("Hints: 1 of 2 shown")
            && s.contains("The file goes at the top of the workspace.")
    });
    assert!(after.contains("Lab"), "still on the lab screen:\n{after}");

    // The UI's own `h` continues from there: the second hint, recorded as 2.
    tmux.send(&["h"]);
    tmux.wait_for("the second hint", |s| s.contains("Hints: all 2 shown"));
    // The UI saves on its own thread: wait (bounded) for the file to say so.
    let file = tmux.data_home().join("opslab/progress.json");
    let start = Instant::now();
    let hints_saved = || {
        let saved = std::fs::read_to_string(&file).unwrap_or_default();
        let saved: serde_json::Value = serde_json::from_str(&saved).unwrap_or_default();
        saved["packs"]["tui-fixture"]["labs"]["notes"]["hints_used"].as_u64()
    };
    while hints_saved() != Some(2) && start.elapsed() < WAIT {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(hints_saved(), Some(2), "the second hint is recorded");

    tmux.send(&["q"]);
    tmux.wait_for("the shell to come back after q", left_the_ui);
}
