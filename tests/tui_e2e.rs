//! The real binary in a real terminal (tmux) against the real Docker daemon:
//! a learner opens a lab, presses `s` to create its workspace, starts the
//! container in another terminal, and the checklist turns green without a
//! key being pressed. A hint revealed with `opslab hint` in another terminal
//! shows in the open lab by itself. Quitting with `q` or SIGTERM gives the
//! shell back.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{docker, test_image, unique, Cleanup};

const WAIT: Duration = Duration::from_secs(30);

/// A tmux server of our own, with one shell, killed when the test ends.
struct Tmux {
    socket: String,
    _dirs: Vec<tempfile::TempDir>,
    trace: PathBuf,
}

impl Tmux {
    fn start(name: &str) -> Tmux {
        Tmux::start_with(name, &[])
    }

    fn start_with(name: &str, env: &[(&str, &str)]) -> Tmux {
        let dirs: Vec<tempfile::TempDir> = (0..4).map(|_| tempfile::tempdir().unwrap()).collect();
        let trace = dirs[0].path().join("trace.log");
        let socket = unique(name);
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "100",
                "-y",
                "30",
                "sh",
            ])
            .env("HOME", dirs[0].path())
            .env("XDG_DATA_HOME", dirs[1].path())
            .env("XDG_CONFIG_HOME", dirs[2].path())
            .env("OPSLAB_HOME", dirs[3].path())
            .env("OPSLAB_TRACE_FILE", &trace)
            .env("PS1", "$ ")
            .env_remove("NO_COLOR")
            .envs(env.iter().copied())
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux new-session failed");
        Tmux {
            socket,
            _dirs: dirs,
            trace,
        }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "0"])
    }

    /// Polls the screen until `want` holds, or fails showing the screen.
    fn wait_for(&self, what: &str, want: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if want(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("waited {WAIT:?} for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Starts opslab on `pack` from the shell; it prints EXITED-<code> after.
    fn run_opslab(&self, pack: &Path) {
        let command = format!(
            "clear; {} --pack {}; echo EXITED-$?",
            env!("CARGO_BIN_EXE_opslab"),
            pack.display()
        );
        self.send(&[&command, "Enter"]);
        self.wait_for("the learning path", |s| s.contains("Learning path"));
    }

    /// XDG_DATA_HOME, where progress is kept.
    fn data_home(&self) -> &Path {
        self._dirs[1].path()
    }

    /// Where workspaces go (OPSLAB_HOME).
    fn workspaces(&self) -> &Path {
        self._dirs[3].path()
    }

    /// Runs `opslab --pack PACK ARGS` as a separate process, as the learner
    /// would in another terminal (same home, data and workspace folders).
    fn opslab_elsewhere(&self, pack: &Path, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_opslab"))
            .arg("--pack")
            .arg(pack)
            .args(args)
            .env("HOME", self._dirs[0].path())
            .env("XDG_DATA_HOME", self.data_home())
            .env("XDG_CONFIG_HOME", self._dirs[2].path())
            .env("OPSLAB_HOME", self.workspaces())
            .env("NO_COLOR", "1")
            .output()
            .expect("opslab runs")
    }

    fn shell_pid(&self) -> String {
        self.tmux(&["list-panes", "-t", "0", "-F", "#{pane_pid}"])
            .trim()
            .to_string()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// The fixture pack with the container name made unique.
fn fixture_pack(container: &str) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui-pack");
    let dst = tempfile::tempdir().unwrap();
    copy_dir(&src, dst.path(), container);
    dst
}

fn copy_dir(src: &Path, dst: &Path, container: &str) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to, container);
        } else {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            std::fs::write(to, text.replace("__CONTAINER__", container)).unwrap();
        }
    }
}

fn left_the_ui(screen: &str) -> bool {
    screen.contains("EXITED-0") && !screen.contains("Learning path") && !screen.contains("?: keys")
}

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
fn sigterm_restores_the_terminal() {
    let pack = fixture_pack("opslab-test-unused");
    let tmux = Tmux::start("e2e-term");
    tmux.run_opslab(pack.path());
    let shell = tmux.shell_pid();
    let pid = Command::new("pgrep")
        .args(["-P", &shell])
        .output()
        .expect("pgrep runs");
    let pid = String::from_utf8_lossy(&pid.stdout).trim().to_string();
    assert!(!pid.is_empty(), "opslab runs under the shell");
    let status = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(status.success());
    tmux.wait_for("the shell to come back after SIGTERM", left_the_ui);
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
