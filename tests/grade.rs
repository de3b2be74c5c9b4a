//! `opslab grade`: a lab's repository and file checks over a class of real
//! git repositories (passing, failing, not a repository, missing), the
//! CSV rows and JUnit test cases with commit ids, file hashes and times,
//! and every repository left byte-identical.

mod grade_support;

use std::collections::BTreeMap;
use std::fs;

use grade_support::*;
use sha2::{Digest, Sha256};

/// The CSV rows as maps from column to value.
fn rows(csv_text: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        ["student", "check", "status", "expected", "found", "commit", "time", "evidence"]
    );
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn a_class_is_graded_into_csv_and_junit_with_commits_and_file_hashes() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let pack = class_pack(work.path());
    let class = work.path().join("class");
    let alice = student(&class, "alice", true);
    let bob = student(&class, "bob", false);
    let carol = class.join("carol");
    fs::create_dir_all(&carol).unwrap();
    fs::write(carol.join("README.md"), "not a repository\n").unwrap();
    let before: Vec<_> = [&alice, &bob, &carol].iter().map(|r| snapshot(r)).collect();
    let out = opslab(home.path())
        .current_dir(work.path())
        .arg("--pack")
        .arg(&pack)
        .args(["grade", "--lab", "ship", "--jobs", "2", "--all-in"])
        .arg(&class)
        .arg(work.path().join("dave"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after: Vec<_> = [&alice, &bob, &carol].iter().map(|r| snapshot(r)).collect();
    assert!(before == after, "a repository changed");

    // The summary: passed of graded, and the skipped checks named.
    assert!(stdout.contains("alice    6/6"), "{stdout}");
    assert!(stdout.contains("bob      4/6"), "{stdout}");
    assert!(
        stdout.contains("2 repositories graded, 2 folders could not be graded"),
        "the count says which folders were graded: {stdout}"
    );
    assert!(
        stdout.contains("web-running: needs Docker state"),
        "{stdout}"
    );
    assert!(
        stdout.contains("web-answers: needs a running server"),
        "{stdout}"
    );

    let csv_rows = rows(&fs::read_to_string(work.path().join("grade.csv")).unwrap());
    let alice_head = git(&alice, &["rev-parse", "HEAD"]);
    let of = |who: &str| {
        csv_rows
            .iter()
            .filter(|r| r["student"] == who)
            .collect::<Vec<_>>()
    };
    let alice_rows = of("alice");
    assert_eq!(alice_rows.len(), 8);
    assert!(alice_rows.iter().all(|r| r["commit"] == alice_head));
    assert!(alice_rows.iter().all(|r| r["time"].ends_with('Z')));
    let statuses: Vec<&str> = alice_rows.iter().map(|r| r["status"].as_str()).collect();
    assert_eq!(
        statuses,
        ["passed", "passed", "passed", "passed", "passed", "passed", "skipped", "skipped"]
    );
    let dockerfile = format!(
        "{:x}",
        Sha256::digest(fs::read(alice.join("Dockerfile")).unwrap())
    );
    let user_row = alice_rows.iter().find(|r| r["check"] == "user").unwrap();
    assert!(
        user_row["evidence"].contains(&format!("file Dockerfile · sha256: {dockerfile}")),
        "{user_row:?}"
    );
    assert!(user_row["evidence"].contains(&alice_head), "{user_row:?}");

    let history = alice_rows.iter().find(|r| r["check"] == "history").unwrap();
    assert!(
        history["evidence"].contains("commits reachable from HEAD"),
        "{history:?}"
    );

    let bob_rows = of("bob");
    let failed: Vec<&str> = bob_rows
        .iter()
        .filter(|r| r["status"] == "failed")
        .map(|r| r["check"].as_str())
        .collect();
    assert_eq!(failed, ["user", "messages"]);
    let messages = bob_rows.iter().find(|r| r["check"] == "messages").unwrap();
    assert!(messages["found"].contains("stuff"), "{messages:?}");
    assert!(!messages["expected"].is_empty());

    let carol_rows = of("carol");
    assert_eq!(carol_rows.len(), 1);
    assert_eq!(carol_rows[0]["status"], "error");
    assert!(
        carol_rows[0]["found"].contains("not a git repository"),
        "{:?}",
        carol_rows[0]
    );
    let dave_rows = of("dave");
    assert_eq!(dave_rows.len(), 1);
    assert!(dave_rows[0]["found"].contains("is not a folder"));

    let suites = junit(&fs::read_to_string(work.path().join("grade.xml")).unwrap());
    let names: Vec<&str> = suites.iter().map(|s| s.name.as_str()).collect();
    // The folders named first, then those of --all-in by name.
    assert_eq!(names, ["dave", "alice", "bob", "carol"]);
    let suites = &suites[1..];
    assert_eq!(suites[0].properties["commit"], alice_head);
    assert_eq!(suites[0].cases.len(), 8);
    assert_eq!(
        suites[0]
            .cases
            .iter()
            .filter(|c| c.outcome == "skipped")
            .count(),
        2
    );
    assert!(suites[0].cases[0].out.contains(&alice_head));
    let bob_user = suites[1]
        .cases
        .iter()
        .find(|c| c.name.starts_with("user:"))
        .unwrap();
    assert_eq!(bob_user.outcome, "failure");
    assert!(bob_user.message.starts_with("expected: "));
    assert_eq!(suites[2].cases.len(), 1);
    assert_eq!(suites[2].cases[0].outcome, "error");
}

#[test]
fn a_class_that_passes_exits_0_and_reports_go_where_asked() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let pack = class_pack(work.path());
    let a = student(work.path(), "a", true);
    let b = student(work.path(), "b", true);
    let (csv_file, xml) = (work.path().join("out.csv"), work.path().join("out.xml"));
    opslab(home.path())
        .arg("--pack")
        .arg(&pack)
        .args(["grade", "--lab", "ship", "--jobs", "1"])
        .args([&a, &b])
        .arg("--csv")
        .arg(&csv_file)
        .arg("--junit")
        .arg(&xml)
        .assert()
        .code(0);
    assert_eq!(rows(&fs::read_to_string(&csv_file).unwrap()).len(), 16);
    assert_eq!(junit(&fs::read_to_string(&xml).unwrap()).len(), 2);
}

#[test]
fn nothing_to_grade_or_an_unknown_lab_could_not_run() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let pack = class_pack(work.path());
    opslab(home.path())
        .current_dir(work.path())
        .arg("--pack")
        .arg(&pack)
        .args(["grade", "--lab", "ship"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--all-in"));
    opslab(home.path())
        .current_dir(work.path())
        .arg("--pack")
        .arg(&pack)
        .args(["grade", "--lab", "shipp", "."])
        .assert()
        .code(2);
    assert!(!work.path().join("grade.csv").exists());
}
