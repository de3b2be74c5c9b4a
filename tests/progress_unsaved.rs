//! Results are shown even when progress cannot be written: a command that
//! records prints what it found first, then the write failure as a warning
//! naming the file and the fix, and keeps its own exit code.
//!
//! The data folder is made read-only for the learner. Root may write
//! anywhere, so when these tests run as root the learner is `nobody`.

mod progress_support;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};

use progress_support::*;

/// The uid and gid the learner runs as under root.
const NOBODY: u32 = 65534;

/// A learner whose data folder holds a progress file they may no longer
/// change, with the lab `init-only` started.
struct ReadOnlyLearner {
    learner: Learner,
    as_root: bool,
}

impl ReadOnlyLearner {
    fn new() -> ReadOnlyLearner {
        let ro = ReadOnlyLearner {
            learner: Learner::new(),
            as_root: running_as_root(),
        };
        if ro.as_root {
            chown(&["-R"], ro.learner.home.path(), NOBODY);
        }
        ro.run_expecting(&["start", "init-only"], 0);
        ro.make_data_read_only();
        ro
    }

    fn make_data_read_only(&self) {
        let data = self.learner.data_dir();
        if self.as_root {
            // The folder only: the learner still owns (and reads) the file.
            chown(&[], &data, 0);
            std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
        } else {
            std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).unwrap();
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = self.learner.opslab(args);
        if self.as_root {
            cmd.uid(NOBODY).gid(NOBODY);
        }
        cmd
    }

    fn run_expecting(&self, args: &[&str], code: i32) -> Output {
        let out = self.command(args).output().expect("opslab runs");
        assert_eq!(
            out.status.code(),
            Some(code),
            "opslab {}\nstdout: {}\nstderr: {}",
            args.join(" "),
            text(&out.stdout),
            text(&out.stderr)
        );
        out
    }
}

impl Drop for ReadOnlyLearner {
    // The temporary home must stay removable.
    fn drop(&mut self) {
        let data = self.learner.data_dir();
        let _ = std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755));
    }
}

fn chown(options: &[&str], path: &Path, id: u32) {
    let status = Command::new("chown")
        .args(options)
        .arg(format!("{id}:{id}"))
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// The warning every command gives: the file, why, and what to do.
fn assert_warns_unsaved(stderr: &str, learner: &Learner) {
    assert!(
        stderr.contains("warning: your progress was not saved"),
        "{stderr}"
    );
    let file = learner.progress_file().display().to_string();
    assert!(stderr.contains(&file), "{stderr}");
    assert!(stderr.contains("set XDG_DATA_HOME"), "{stderr}");
}

#[test]
fn check_shows_results_then_warns_and_keeps_its_exit_code_when_progress_is_read_only() {
    let ro = ReadOnlyLearner::new();
    let before = std::fs::read(ro.learner.progress_file()).unwrap();

    let failing = ro.run_expecting(&["check", "init-only"], 1);
    let stdout = text(&failing.stdout);
    assert!(
        stdout.contains("Make the first commit yourself"),
        "{stdout}"
    );
    assert!(stdout.contains("The check fails."), "{stdout}");
    assert_warns_unsaved(&text(&failing.stderr), &ro.learner);

    std::fs::write(
        ro.learner.workspace("init-only").join("plan.txt"),
        "a plan\n",
    )
    .unwrap();
    let passing = ro.run_expecting(&["check", "init-only"], 0);
    assert!(text(&passing.stdout).contains("The check passes."));
    assert_warns_unsaved(&text(&passing.stderr), &ro.learner);

    let json = ro.run_expecting(&["check", "init-only", "--json"], 0);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON on stdout");
    assert_eq!(report["passed"], 1);
    assert_warns_unsaved(&text(&json.stderr), &ro.learner);

    assert_eq!(std::fs::read(ro.learner.progress_file()).unwrap(), before);
    assert_eq!(temporaries_in(&ro.learner.data_dir()), Vec::<String>::new());
}

#[test]
fn hint_shows_the_hint_then_warns_when_progress_is_read_only() {
    let ro = ReadOnlyLearner::new();
    let out = ro.run_expecting(&["hint", "first-file"], 0);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("hint 1 of 3:"), "{stdout}");
    assert!(stdout.contains("notes.txt"), "{stdout}");
    assert_warns_unsaved(&text(&out.stderr), &ro.learner);
}

#[test]
fn every_hint_stays_reachable_when_progress_cannot_be_saved() {
    let ro = ReadOnlyLearner::new();
    // Unsaved, a plain `hint` cannot move on, so it names the next one.
    let out = ro.run_expecting(&["hint", "first-file"], 0);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("hint 1 of 3:"), "{stdout}");
    assert!(stdout.contains("hint first-file 2`"), "{stdout}");
    let out = ro.run_expecting(&["hint", "first-file", "2"], 0);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("hint 2 of 3:"), "{stdout}");
    assert!(stdout.contains("hint first-file 3`"), "{stdout}");
    let out = ro.run_expecting(&["hint", "first-file", "3"], 0);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("hint 3 of 3:"), "{stdout}");
    assert!(!stdout.contains("Next hint"), "{stdout}");
    let out = ro.run_expecting(&["hint", "first-file", "4"], 2);
    assert!(text(&out.stderr).contains("from 1 to 3"));
}

#[test]
fn start_makes_the_workspace_then_warns_when_progress_is_read_only() {
    let ro = ReadOnlyLearner::new();
    let out = ro.run_expecting(&["start", "first-file"], 0);
    assert!(text(&out.stdout).contains("Created the workspace"));
    assert!(ro.learner.workspace("first-file").join(".git").is_dir());
    assert_warns_unsaved(&text(&out.stderr), &ro.learner);
}

#[test]
fn check_shows_results_when_a_damaged_file_cannot_be_moved_aside() {
    let ro = ReadOnlyLearner::new();
    std::fs::write(ro.learner.progress_file(), b"{\"packs\": [1, 2").unwrap();
    let out = ro.run_expecting(&["check", "init-only"], 1);
    assert!(text(&out.stdout).contains("The check fails."));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("could not be moved aside"), "{stderr}");
    assert!(stderr.contains("Move or delete it yourself"), "{stderr}");
    assert!(
        stderr.contains("warning: your progress was not saved"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(ro.learner.progress_file()).unwrap(),
        b"{\"packs\": [1, 2"
    );
}
