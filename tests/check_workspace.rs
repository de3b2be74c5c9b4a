//! `opslab check LAB --workspace DIR`: checks a folder opslab did not
//! create, writes nothing into it (byte for byte, `.git` included),
//! records no progress, exits 0/1/2 and writes valid JUnit XML.

mod grade_support;

use std::fs;
use std::path::{Path, PathBuf};

use grade_support::*;

fn basic_pack() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pack-basic")
}

#[test]
fn a_failing_folder_is_left_byte_identical_and_its_junit_names_expected_and_found() {
    let home = tempfile::tempdir().unwrap();
    let class = tempfile::tempdir().unwrap();
    let repo = student(class.path(), "dora", true);
    // A dirty working tree and an untracked file: git reads the index and
    // the working tree, and must not refresh or save the index.
    fs::write(repo.join("README.md"), "# changed\n").unwrap();
    fs::write(repo.join("notes.txt"), "draft\n").unwrap();
    let before = snapshot(&repo);
    let report = home.path().join("report.xml");
    let out = opslab(home.path())
        .arg("--pack")
        .arg(class_pack(class.path()))
        .args(["check", "ship", "--workspace"])
        .arg(&repo)
        .arg("--junit")
        .arg(&report)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_ne!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(snapshot(&repo), before, "the folder changed");
    assert!(
        !home.path().join("data/opslab").exists(),
        "progress was recorded"
    );
    let suites = junit(&fs::read_to_string(&report).unwrap());
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0].name, "ship");
    assert_eq!(suites[0].cases.len(), 8);
    let clean = suites[0]
        .cases
        .iter()
        .find(|c| c.name.starts_with("clean:"))
        .unwrap();
    assert_eq!(clean.outcome, "failure", "{clean:?}");
    assert!(clean.message.starts_with("expected: "), "{}", clean.message);
    assert!(clean.message.contains("; found: "), "{}", clean.message);
    let user = suites[0]
        .cases
        .iter()
        .find(|c| c.name.starts_with("user:"))
        .unwrap();
    assert_eq!(user.outcome, "passed");
}

#[test]
fn a_passing_folder_exits_0_and_a_failing_one_1() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("clone");
    fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    let check = |home: &Path| {
        let mut cmd = opslab(home);
        cmd.arg("--pack")
            .arg(basic_pack())
            .args(["check", "first-file", "--workspace"])
            .arg(&repo);
        cmd
    };
    check(home.path())
        .assert()
        .code(1)
        .stdout(predicates::str::contains("✗"));
    fs::write(repo.join("notes.txt"), "hello\n").unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-qm", "Add notes"]);
    check(home.path())
        .assert()
        .code(0)
        .stdout(predicates::str::contains("2 of 2 checks pass"));
    assert!(
        !home.path().join("data/opslab").exists(),
        "progress was recorded"
    );
}

#[test]
fn json_carries_the_folder_and_each_check() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("clone");
    fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    let out = opslab(home.path())
        .arg("--pack")
        .arg(basic_pack())
        .args(["check", "first-file", "--json", "--workspace"])
        .arg(&repo)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["lab"], "first-file");
    assert_eq!(json["pack"], "cli-fixture");
    assert_eq!(json["failed"], 1);
    assert_eq!(json["results"][0]["id"], "notes");
    assert_eq!(json["results"][0]["status"], "failed");
    assert_eq!(
        json["results"][0]["evidence"][0]["object"],
        "file notes.txt"
    );
    assert!(json["workspace"].as_str().unwrap().ends_with("clone"));
}

#[test]
fn a_missing_folder_or_an_unwritable_report_could_not_run() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    opslab(home.path())
        .arg("--pack")
        .arg(basic_pack())
        .args(["check", "first-file", "--workspace"])
        .arg(dir.path().join("nope"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not a folder"));
    let missing = dir.path().join("no/such/folder/report.xml");
    opslab(home.path())
        .arg("--pack")
        .arg(basic_pack())
        .args(["check", "first-file", "--workspace"])
        .arg(dir.path())
        .arg("--junit")
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("report.xml"));
    assert!(!missing.exists());
}
