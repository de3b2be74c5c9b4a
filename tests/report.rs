//! `opslab report`: the learner's own progress, per lab, with the checks
//! of started labs run now in their workspaces, as JSON and JUnit XML.

mod grade_support;

use std::fs;
use std::path::Path;

use grade_support::*;

#[test]
fn report_writes_progress_and_the_checks_of_started_labs_as_json_and_junit() {
    let home = tempfile::tempdir().unwrap();
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pack-basic");
    let opslab_in = |args: &[&str]| {
        let mut cmd = opslab(home.path());
        cmd.arg("--pack").arg(&pack).args(args);
        cmd
    };
    opslab_in(&["start", "first-file"]).assert().success();
    opslab_in(&["check", "first-file"]).assert().code(1);
    let workspace = home.path().join("labs/first-file");
    fs::write(workspace.join("notes.txt"), "hello\n").unwrap();
    let progress = home.path().join("data/opslab/progress.json");
    let before = fs::read(&progress).unwrap();

    let (json, xml) = (home.path().join("r.json"), home.path().join("r.xml"));
    let out = opslab_in(&["report", "--json"])
        .arg(&json)
        .arg("--junit")
        .arg(&xml)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        fs::read(&progress).unwrap(),
        before,
        "report recorded progress"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("first-file"), "{stdout}");
    assert!(stdout.contains("1/2 pass"), "{stdout}");

    let report: serde_json::Value = serde_json::from_slice(&fs::read(&json).unwrap()).unwrap();
    assert_eq!(report["pack"], "cli-fixture");
    let labs = report["labs"].as_array().unwrap();
    let first = labs.iter().find(|l| l["lab"] == "first-file").unwrap();
    assert_eq!(first["status"], "in_progress");
    assert_eq!(first["attempts"], 1);
    let checks = first["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 2);
    // notes.txt is there now; it is not committed yet.
    assert_eq!(checks[0]["check"], "notes");
    assert_eq!(checks[0]["status"], "passed");
    assert_eq!(checks[1]["status"], "failed");
    let evidence = checks[1]["evidence"].as_array().unwrap();
    assert!(
        evidence[0]["object"]
            .as_str()
            .unwrap()
            .starts_with("repository ."),
        "{evidence:?}"
    );
    assert!(checks[1]["time"].as_str().unwrap().ends_with('Z'));
    let second = labs.iter().find(|l| l["lab"] == "second").unwrap();
    assert_eq!(second["note"], "not started");
    assert!(second["checks"].as_array().unwrap().is_empty());

    let suites = junit(&fs::read_to_string(&xml).unwrap());
    assert_eq!(suites.len(), 1, "only started labs have checks");
    assert_eq!(suites[0].name, "cli-fixture/first-file");
    assert_eq!(suites[0].properties["attempts"], "1");
    let outcomes: Vec<&str> = suites[0].cases.iter().map(|c| c.outcome.as_str()).collect();
    assert_eq!(outcomes, ["passed", "failure"]);
    assert!(
        suites[0].cases[0].out.contains("file notes.txt"),
        "{:?}",
        suites[0].cases[0]
    );
}
