//! Every command whose reader goes away (`opslab list | head -1`) ends
//! quietly with its usual exit code: no panic, no exit code 101.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs opslab with standard output on a pipe whose reader is already
/// closed, so the first write fails with "broken pipe" every time.
fn run_into_closed_pipe(home: &Path, args: &[&str]) -> Output {
    let (reader, writer) = rustix::pipe::pipe().expect("a pipe");
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_opslab"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("OPSLAB_HOME", home.join("labs"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("OPSLAB_BUSYBOX", home.join("no-busybox-here"))
        .stdin(Stdio::null())
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .expect("opslab runs")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn every_command_ends_quietly_when_its_reader_is_gone() {
    let home = tempfile::tempdir().unwrap();
    let basic = fixture("pack-basic");
    let basic = basic.to_str().unwrap();
    let broken = fixture("pack-broken");
    let broken = broken.to_str().unwrap();
    // (arguments, the exit code the command has with a reader)
    let commands: Vec<(Vec<&str>, i32)> = vec![
        (vec!["--pack", basic, "start", "first-file"], 0),
        (vec!["--pack", basic, "list"], 0),
        (vec!["--pack", basic, "list", "--json"], 0),
        (vec!["--pack", basic, "check", "first-file"], 1),
        (vec!["--pack", basic, "check", "first-file", "--json"], 1),
        (vec!["--pack", basic, "hint", "first-file"], 0),
        (vec!["--pack", basic, "reset", "first-file", "--yes"], 0),
        (vec!["--pack", basic, "check", "no-such-lab"], 2),
        (vec!["pack", "validate", basic], 0),
        (vec!["pack", "validate", broken], 2),
        (vec!["pack", "test", basic, "--lab", "first-file"], 0),
        (vec!["doctor"], -1),
        (vec!["setup"], 2),
        (vec!["--help"], 0),
        (vec!["list", "--help"], 0),
        (vec!["--version"], 0),
    ];
    for (args, usual) in commands {
        let out = run_into_closed_pipe(home.path(), &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code();
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "opslab {args:?} complained about the closed pipe:\n{stderr}"
        );
        assert!(
            matches!(code, Some(0..=2)),
            "opslab {args:?} ended with {:?}, not 0, 1 or 2:\n{stderr}",
            out.status
        );
        if usual >= 0 {
            assert_eq!(code, Some(usual), "opslab {args:?}:\n{stderr}");
        }
    }
}

#[test]
fn output_lost_for_another_reason_is_an_error() {
    let home = tempfile::tempdir().unwrap();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full exists");
    let out = Command::new(env!("CARGO_BIN_EXE_opslab"))
        .args(["--pack", fixture("pack-basic").to_str().unwrap(), "list"])
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("OPSLAB_HOME", home.path().join("labs"))
        .stdout(Stdio::from(full))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write to standard output") && !stderr.contains("panicked"),
        "{stderr}"
    );
}
