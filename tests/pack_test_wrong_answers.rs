//! `opslab pack test` proves a lab's wrong answers: each listed mistake,
//! applied to a freshly solved workspace, must fail the checks it names,
//! or the lab fails and the report names the mistake and the check. With
//! `--repeat N` a lab that passes only sometimes is reported as flaky.
//! Real `sh`, real git, the real binary; no Docker.

use std::path::Path;
use std::process::Command as Process;
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

/// Far above what any of these runs needs; a run that hangs hits it.
const HANG: Duration = Duration::from_secs(120);

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pack-wrong")
}

/// A copy of the fixture pack in a new temporary folder, to change.
fn fixture_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let copied = Process::new("cp")
        .arg("-a")
        .arg(fixture().join("."))
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(copied.success());
    dir
}

/// `opslab pack test PACK ARGS…` in a throwaway home, with no git identity
/// or configuration of the machine's.
fn pack_test(home: &Path, pack: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_opslab"));
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .args(["pack", "test"])
        .arg(pack)
        .args(args)
        .timeout(HANG)
        .write_stdin("");
    cmd
}

#[test]
fn wrong_answers_the_checks_catch_pass_and_are_counted_in_the_table() {
    let home = tempfile::tempdir().unwrap();
    pack_test(home.path(), &fixture(), &["--lab", "caught"])
        .assert()
        .success()
        .stdout(
            contains("lab     starter  solution  wrong  seconds")
                .and(predicates::str::is_match(r"✓ caught +ok +ok +2/2 +\d+\.\d").unwrap())
                .and(contains("1 of 1 lab passes its test")),
        );
}

#[test]
fn a_wrong_answer_the_checks_miss_fails_the_lab_and_names_the_check() {
    let home = tempfile::tempdir().unwrap();
    pack_test(home.path(), &fixture(), &[])
        .assert()
        .code(1)
        .stdout(
            predicates::str::is_match(r"✗ missed +ok +ok +0/1 ")
                .unwrap()
                .and(contains(
                    "wrong answer `not-ready`: check `notes` passes, so the lab does not catch this mistake",
                ))
                .and(contains("✓ caught"))
                .and(contains("1 of 2 labs passes its test")),
        );
}

#[test]
fn a_wrong_answer_naming_a_check_the_lab_lacks_is_a_load_error() {
    let pack = fixture_copy();
    let lab = pack.path().join("caught/lab.toml");
    let text = std::fs::read_to_string(&lab).unwrap();
    std::fs::write(
        &lab,
        text.replace(r#"fails = ["committed"]"#, r#"fails = ["nope"]"#),
    )
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    pack_test(home.path(), pack.path(), &[])
        .assert()
        .code(2)
        .stderr(
            contains("caught/lab.toml:")
                .and(contains("`nope`"))
                .and(contains("its checks are: notes, committed")),
        );
}

#[test]
fn a_wrong_answer_whose_script_fails_is_reported_with_its_output() {
    let pack = fixture_copy();
    std::fs::write(
        pack.path().join("caught/wrong/emptied.sh"),
        "echo 'no such branch' >&2\nexit 4\n",
    )
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    pack_test(home.path(), pack.path(), &["--lab", "caught"])
        .assert()
        .code(1)
        .stdout(
            contains("1/2")
                .and(contains("wrong answer `emptied`: "))
                .and(contains("caught/wrong/emptied.sh failed (exit status: 4)"))
                .and(contains("its last output: no such branch")),
        );
}

#[test]
fn repeat_reports_a_lab_that_passes_only_sometimes_as_flaky() {
    let pack = fixture_copy();
    // Every second run of the solution forgets to commit.
    let counter = pack.path().join("runs");
    std::fs::write(
        pack.path().join("caught/solution/solve.sh"),
        "set -e\nn=$(cat \"$PTW_RUNS\" 2>/dev/null || echo 0)\nn=$((n + 1))\necho $n > \"$PTW_RUNS\"\ngit add -A\nif [ $((n % 2)) = 1 ]; then git commit -q -m notes; fi\n",
    )
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    pack_test(
        home.path(),
        pack.path(),
        &["--lab", "caught", "--repeat", "2"],
    )
    .env("PTW_RUNS", &counter)
    .assert()
    .code(1)
    .stdout(
        contains("✗ caught")
            .and(contains("flaky: failed 1 of 2 runs"))
            .and(contains("run 2: solution: check `committed` fails"))
            .and(contains("flaky (passed some runs, failed others): caught")),
    );
}

#[test]
fn repeat_passes_a_lab_only_when_every_run_passes() {
    let home = tempfile::tempdir().unwrap();
    pack_test(
        home.path(),
        &fixture(),
        &["--lab", "caught", "--repeat", "3"],
    )
    .assert()
    .success()
    .stdout(contains("✓ caught").and(contains("(3 runs)")));
    pack_test(
        home.path(),
        &fixture(),
        &["--lab", "missed", "--repeat", "2"],
    )
    .assert()
    .code(1)
    .stdout(contains("✗ missed").and(contains("flaky").not()));
}

#[test]
fn a_run_of_the_checks_that_outlasts_the_step_limit_ends_naming_the_step() {
    let pack = fixture_copy();
    // A free port: bound, then released, so nothing answers there and the
    // check keeps retrying for its whole `within`.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let lab = pack.path().join("caught/lab.toml");
    let mut text = std::fs::read_to_string(&lab).unwrap();
    text.push_str(&format!(
        "\n[[check]]\nid = \"served\"\nkind = \"http.get\"\nport = {port}\nwithin = \"30s\"\n"
    ));
    std::fs::write(&lab, text).unwrap();
    let home = tempfile::tempdir().unwrap();
    pack_test(
        home.path(),
        pack.path(),
        &["--lab", "caught", "--script-timeout", "1"],
    )
    .assert()
    .code(1)
    .stdout(
        contains("checking the starter: the checks were still running after 1 s and were stopped")
            .and(contains("--script-timeout SECS")),
    );
}
