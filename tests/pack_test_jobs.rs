//! `opslab pack test --jobs N` runs labs side by side: labs with nothing in
//! common overlap, labs sharing a Docker name never do, and the table keeps
//! the pack's order whatever order the labs end in. The fixture's solve.sh
//! scripts append `start LAB` / `end LAB` to a marks file and wait for one
//! another's marks, so each fact is read from the order of the marks, not
//! from timings. Real `sh`, the real binary; the shared-name labs need the
//! Docker daemon (nothing is created).

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// Far above what these runs need (the longest wait in the fixture is
/// 30 s, taken only when the behaviour under test is broken).
const HANG: Duration = Duration::from_secs(120);

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pack-jobs")
}

/// `opslab pack test` on the fixture with `args`, in the throwaway home
/// `home`, its scripts marking `home/marks`.
fn pack_test_process(home: &Path, args: &[&str]) -> Process {
    let mut cmd = Process::new(env!("CARGO_BIN_EXE_opslab"));
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .env("PACK_JOBS_MARKS", home.join("marks"))
        .args(["pack", "test"])
        .arg(fixture())
        .args(args);
    cmd
}

/// The marks the scripts left in `home`, one per line.
fn marks(home: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(home.join("marks")).unwrap_or_default();
    text.lines().map(str::to_string).collect()
}

/// Runs `opslab pack test` on the fixture with `args`, which must pass;
/// its standard output and the marks the scripts left.
fn pack_test(args: &[&str]) -> (String, Vec<String>) {
    let home = tempfile::tempdir().unwrap();
    let out = Command::from_std(pack_test_process(home.path(), args))
        .timeout(HANG)
        .write_stdin("")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "pack test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (stdout, marks(home.path()))
}

/// Where `mark` is in `marks`; panics (showing them) when it is missing.
fn at(marks: &[String], mark: &str) -> usize {
    marks
        .iter()
        .position(|m| m == mark)
        .unwrap_or_else(|| panic!("no {mark:?} in {marks:?}"))
}

#[test]
fn pack_test_jobs_three_labs_overlap_and_the_table_keeps_the_pack_order() {
    let (stdout, marks) = pack_test(&["--jobs", "3"]);
    // alpha, beta and gamma all started before any of them ended: they ran
    // at the same time.
    let first_end = marks.iter().position(|m| m.starts_with("end")).unwrap();
    for lab in ["alpha", "beta", "gamma"] {
        assert!(at(&marks, &format!("start {lab}")) < first_end, "{marks:?}");
    }
    // alpha ended last of the three, and the fourth lab waited for a slot.
    assert!(
        at(&marks, "end beta") < at(&marks, "end alpha"),
        "{marks:?}"
    );
    assert!(
        at(&marks, "end gamma") < at(&marks, "end alpha"),
        "{marks:?}"
    );
    assert!(first_end < at(&marks, "start shared-one"), "{marks:?}");
    // Yet the table lists the labs in the pack's order.
    let rows: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .filter(|id| ["alpha", "beta", "gamma", "shared-one", "shared-two"].contains(id))
        .collect();
    assert_eq!(
        rows,
        ["alpha", "beta", "gamma", "shared-one", "shared-two"],
        "{stdout}"
    );
    assert!(stdout.contains("5 of 5 labs pass their test"), "{stdout}");
}

#[test]
fn pack_test_jobs_labs_sharing_a_container_name_never_overlap() {
    // With room for every lab at once, the two labs naming the same
    // container still run one after the other, in the pack's order, though
    // each waits a while for the other to start.
    let (_, marks) = pack_test(&["--jobs", "5"]);
    let shared: Vec<&str> = marks
        .iter()
        .filter(|m| m.ends_with(" shared-one") || m.ends_with(" shared-two"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        shared,
        [
            "start shared-one",
            "end shared-one",
            "start shared-two",
            "end shared-two"
        ],
        "{marks:?}"
    );
    // The labs that share nothing did run beside them.
    assert!(
        at(&marks, "start shared-one") < at(&marks, "end alpha"),
        "{marks:?}"
    );
}

/// The live (not zombie) processes whose environment holds `entry`.
fn processes_with(entry: &str) -> Vec<u32> {
    let mut found = Vec::new();
    for dir in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = dir.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(environ) = std::fs::read(dir.path().join("environ")) else {
            continue;
        };
        let stat = std::fs::read_to_string(dir.path().join("stat")).unwrap_or_default();
        let zombie = stat
            .rsplit(')')
            .next()
            .is_some_and(|r| r.trim_start().starts_with('Z'));
        if !zombie && environ.split(|b| *b == 0).any(|e| e == entry.as_bytes()) {
            found.push(pid);
        }
    }
    found
}

#[test]
fn pack_test_jobs_ctrl_c_ends_every_running_script() {
    let home = tempfile::tempdir().unwrap();
    let hold = home.path().join("hold"); // never made: the scripts wait
    let marked = format!("PACK_JOBS_MARKS={}", home.path().join("marks").display());
    let mut run = pack_test_process(home.path(), &["--jobs", "3", "--script-timeout", "90"])
        .env("PACK_JOBS_HOLD", &hold)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let began = Instant::now();
    while marks(home.path()).len() < 3 {
        assert!(
            began.elapsed() < HANG,
            "three scripts never started: {:?}",
            marks(home.path())
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        processes_with(&marked).len() >= 3,
        "a script per running lab"
    );
    let sent = Process::new("kill")
        .args(["-INT", &run.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = run.wait().unwrap();
    assert_eq!(status.code(), Some(130), "the shell's code for SIGINT");
    assert_eq!(
        processes_with(&marked),
        Vec::<u32>::new(),
        "every script ended with opslab"
    );
    assert_eq!(
        marks(home.path()).len(),
        3,
        "no lab went on: {:?}",
        marks(home.path())
    );
}
