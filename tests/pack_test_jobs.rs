//! `opslab pack test --jobs N` runs labs side by side: labs with nothing in
//! common overlap, labs sharing a Docker name never do, and the table keeps
//! the pack's order whatever order the labs end in. The fixture's solve.sh
//! scripts append `start LAB` / `end LAB` to a marks file and wait for one
//! another's marks, so each fact is read from the order of the marks, not
//! from timings. Real `sh`, the real binary; the shared-name labs need the
//! Docker daemon (nothing is created).

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

/// Far above what these runs need (the longest wait in the fixture is
/// 30 s, taken only when the behaviour under test is broken).
const HANG: Duration = Duration::from_secs(120);

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pack-jobs")
}

/// Runs `opslab pack test` on the fixture with `args` in a throwaway home;
/// its standard output and the marks the scripts left, one per line.
fn pack_test(args: &[&str]) -> (String, Vec<String>) {
    let home = tempfile::tempdir().unwrap();
    let marks = home.path().join("marks");
    std::fs::write(&marks, "").unwrap();
    let out = Command::cargo_bin("opslab")
        .unwrap()
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .env("PACK_JOBS_MARKS", &marks)
        .args(["pack", "test"])
        .arg(fixture())
        .args(args)
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
    let marks = std::fs::read_to_string(&marks).unwrap();
    (stdout, marks.lines().map(str::to_string).collect())
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
