//! `opslab pack test` runs a lab's `solution/solve.sh` under limits: a
//! script that prints forever, sleeps past its deadline or leaves a
//! background process holding its output ends promptly, is named in the
//! report with its last output, and leaves no process behind. Real `sh`,
//! real processes, the real binary.

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

/// Far above what any of these runs needs; a run that hangs hits it.
const HANG: Duration = Duration::from_secs(60);

/// The one-lab copy of `tests/fixtures/pack-basic` with `solve` as the
/// first lab's solve.sh, in a new temporary folder.
fn pack_with_solve(solve: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pack-basic");
    let copied = Process::new("cp")
        .arg("-a")
        .arg(fixture.join("."))
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(copied.success());
    for other in ["second", "init-only"] {
        std::fs::remove_dir_all(dir.path().join(other)).unwrap();
    }
    std::fs::write(dir.path().join("first-file/solution/solve.sh"), solve).unwrap();
    dir
}

/// `opslab pack test PACK ARGS…` in a throwaway home.
fn pack_test_process(home: &Path, pack: &Path, args: &[&str]) -> Process {
    let mut cmd = Process::new(env!("CARGO_BIN_EXE_opslab"));
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .args(["pack", "test"])
        .arg(pack)
        .args(args);
    cmd
}

/// [`pack_test_process`] with a hang limit and no input.
fn pack_test(home: &Path, pack: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::from_std(pack_test_process(home, pack, args));
    cmd.timeout(HANG).write_stdin("");
    cmd
}

/// A sleep length no other process on this machine is likely to use, so
/// the processes running it are the ones this test started.
fn unique_seconds() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let mixed = u64::from(std::process::id()) * 7919 + u64::from(nanos);
    format!("{}", 100_000 + mixed % 800_000)
}

/// The ids of the running processes whose command line is `sleep SECS`.
fn sleeping(secs: &str) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
        let is_sleep = args.first().is_some_and(|a| a.ends_with(b"sleep"));
        if is_sleep && args.get(1) == Some(&secs.as_bytes()) && !is_zombie(&entry.path()) {
            found.push(pid);
        }
    }
    found
}

fn is_zombie(proc_dir: &Path) -> bool {
    std::fs::read_to_string(proc_dir.join("stat"))
        .ok()
        .and_then(|s| {
            s.rsplit(')')
                .next()
                .map(|r| r.trim_start().starts_with('Z'))
        })
        .unwrap_or(true)
}

/// Ends the processes this test started and that are still there.
struct KillSleeps(String);

impl Drop for KillSleeps {
    fn drop(&mut self) {
        for pid in sleeping(&self.0) {
            let _ = Process::new("kill")
                .arg("-KILL")
                .arg(pid.to_string())
                .status();
        }
    }
}

/// The solve.sh of the fixture (commits the solution) followed by `more`.
fn solving_then(more: &str) -> String {
    format!(
        "set -e\ngit add -A\ngit -c user.name=Solver -c user.email=solver@example.com commit -q -m 'Add notes'\n{more}\n"
    )
}

fn home() -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().to_path_buf();
    (home, path)
}

#[test]
fn a_solve_sh_printing_forever_is_ended_at_its_deadline_with_its_last_output() {
    let pack = pack_with_solve("#!/bin/sh\nyes\n");
    let (_home, home) = home();
    pack_test(&home, pack.path(), &["--script-timeout", "2"])
        .assert()
        .code(1)
        .stdout(
            contains("first-file/solution/solve.sh ran out of time")
                .and(contains("still running after 2 s"))
                .and(contains("--script-timeout SECS"))
                .and(contains("its last output: y | y | y | y | y"))
                .and(contains("No lab passes its test (0 of 1 lab)")),
        );
}

#[test]
fn a_background_process_holding_the_output_neither_hangs_nor_outlives_the_script() {
    let secs = unique_seconds();
    let _cleanup = KillSleeps(secs.clone());
    let pack = pack_with_solve(&solving_then(&format!("sleep {secs} &\necho started")));
    let (_home, home) = home();
    let began = Instant::now();
    // The default deadline (120 s) is above the hang limit: the run must
    // end because the script ended, not because time ran out.
    pack_test(&home, pack.path(), &[])
        .assert()
        .success()
        .stdout(contains("✓ first-file").and(contains("1 of 1 lab passes its test")));
    assert!(began.elapsed() < HANG);
    assert_eq!(
        sleeping(&secs),
        Vec::<u32>::new(),
        "the background `sleep {secs}` was ended with the script's group"
    );
}

#[test]
fn a_process_that_leaves_the_group_does_not_keep_pack_test_waiting() {
    let secs = unique_seconds();
    let _cleanup = KillSleeps(secs.clone());
    let pack = pack_with_solve(&solving_then(&format!(
        "setsid sleep {secs} &\necho started"
    )));
    let (_home, home) = home();
    pack_test(&home, pack.path(), &[])
        .assert()
        .success()
        .stdout(contains("1 of 1 lab passes its test"));
}

#[test]
fn a_solve_sh_sleeping_past_its_deadline_is_named_and_its_processes_ended() {
    let secs = unique_seconds();
    let _cleanup = KillSleeps(secs.clone());
    let pack = pack_with_solve(&format!(
        "echo preparing\necho almost there >&2\nsleep {secs}\necho never\n"
    ));
    let (_home, home) = home();
    pack_test(&home, pack.path(), &["--script-timeout", "1"])
        .assert()
        .code(1)
        .stdout(
            contains("✗ first-file")
                .and(contains("first-file/solution/solve.sh ran out of time"))
                .and(contains("still running after 1 s"))
                .and(contains("its last output: almost there"))
                .and(contains("never").not()),
        );
    assert_eq!(sleeping(&secs), Vec::<u32>::new(), "the sleep was ended");
}

#[test]
fn a_failing_solve_sh_is_named_with_its_last_lines() {
    let pack = pack_with_solve("echo step one\necho 'no such thing' >&2\nexit 3\n");
    let (_home, home) = home();
    pack_test(&home, pack.path(), &[]).assert().code(1).stdout(
        contains("first-file/solution/solve.sh failed (exit status: 3)")
            .and(contains("its last output: no such thing")),
    );
}

#[test]
fn a_script_timeout_of_zero_is_refused() {
    let pack = pack_with_solve("true\n");
    let (_home, home) = home();
    pack_test(&home, pack.path(), &["--script-timeout", "0"])
        .assert()
        .code(2)
        .stderr(contains("--script-timeout"));
}

#[test]
fn ctrl_c_during_solve_sh_ends_its_processes_too() {
    let secs = unique_seconds();
    let _cleanup = KillSleeps(secs.clone());
    let pack = pack_with_solve(&format!("sleep {secs}\n"));
    let (_home, home) = home();
    let mut run = pack_test_process(&home, pack.path(), &[])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let began = Instant::now();
    while sleeping(&secs).is_empty() {
        assert!(began.elapsed() < HANG, "solve.sh never started");
        std::thread::sleep(Duration::from_millis(50));
    }
    let sent = Process::new("kill")
        .args(["-INT", &run.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = run.wait().unwrap();
    assert_eq!(status.code(), Some(130), "the shell's code for SIGINT");
    assert_eq!(
        sleeping(&secs),
        Vec::<u32>::new(),
        "solve.sh was ended with opslab"
    );
}

#[test]
fn a_lab_whose_checks_could_not_run_is_not_solved_or_passed() {
    let marker = tempfile::tempdir().unwrap();
    let ran = marker.path().join("solve-ran");
    let dir = pack_with_solve(&format!("touch '{}'\n", ran.display()));
    // A Docker check on a daemon that refuses connections: it cannot run.
    let lab = dir.path().join("first-file/lab.toml");
    let mut text = std::fs::read_to_string(&lab).unwrap();
    text.push_str(
        "\n[[check]]\nid = \"web\"\nkind = \"container.exists\"\ncontainer = \"pack-test-web\"\n",
    );
    std::fs::write(&lab, text).unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut cmd = pack_test(home.path(), dir.path(), &[]);
    cmd.env("DOCKER_HOST", "tcp://127.0.0.1:1");
    cmd.assert()
        .failure()
        .stdout(contains("could not run").and(contains("not tested further")));
    assert!(!ran.exists(), "solve.sh ran although the checks could not");
}
