//! Every verdict carries its evidence: what the check looked at, the field
//! or query, and the value found, for passes as much as for failures.
//!
//! Every check that goes through `common::outcome_in` (the vocabulary tests
//! of each family) already asserts that a pass or a failure has evidence;
//! here the labs of the built-in pack and of the test packs are run whole,
//! from their starter files and (for the labs without Docker) with their
//! reference solution, and a few kinds are held to the exact values a
//! learner would see with `docker inspect`, `git rev-parse` and `cat`.

mod common;

use std::path::Path;
use std::process::Command as Shell;

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

use common::*;
use opslab::pack::{Check, Pack, PackSource};
use opslab::verify::{run_check, verify, CheckResult, Context, DockerProbe, Evidence, Report};
use opslab::workspace::Workspace;

/// Runs one check (a `[[check]]` body) in `workspace` and keeps its result.
fn result_in(toml_text: &str, workspace: &Path) -> CheckResult {
    let check: Check = parse_check(toml_text);
    runtime().block_on(async {
        let ctx = Context::new(workspace.to_path_buf(), DockerProbe::connect().await);
        run_check(&check, &ctx).await
    })
}

/// The pieces of evidence about `field`.
fn about<'a>(result: &'a CheckResult, field: &str) -> Vec<&'a Evidence> {
    result
        .evidence
        .iter()
        .filter(|e| e.field == field)
        .collect()
}

/// Fails naming every check of `report` whose verdict has no evidence; a
/// check waiting for another is the one verdict that may have none.
#[track_caller]
fn assert_every_verdict_has_evidence(report: &Report, when: &str) {
    let bare: Vec<String> = report
        .results
        .iter()
        .filter(|r| !r.outcome.is_waiting() && r.evidence.is_empty())
        .map(|r| format!("{} ({:?})", r.id, r.outcome))
        .collect();
    assert!(
        bare.is_empty(),
        "{} {when}: checks without evidence: {bare:#?}",
        report.lab
    );
    for r in &report.results {
        for e in &r.evidence {
            assert!(!e.object.is_empty(), "{}: evidence without an object", r.id);
            assert!(
                e.found.chars().count() <= 260,
                "{}: found not cut: {e:?}",
                r.id
            );
        }
    }
}

/// Runs `lab` of `pack` in a fresh workspace from its starter files, then,
/// when `solve` is set, again after its reference solution.
fn run_lab(pack: &Pack, lab_id: &str, solve: bool) -> (Report, Option<Report>) {
    isolate();
    let lab = pack.lab(lab_id).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let workspace = Workspace::new(scratch.path().join(&lab.id));
    workspace.create(pack, lab).unwrap();
    let check = |path: &Path| {
        runtime().block_on(async {
            let docker = DockerProbe::connect().await;
            verify(lab, &Context::new(path.to_path_buf(), docker)).await
        })
    };
    let before = check(&workspace.path);
    if !solve {
        return (before, None);
    }
    workspace.apply_solution(pack, lab).unwrap();
    let script_rel = lab.solution_dir().join("solve.sh");
    if pack.source.exists(&script_rel) {
        let script = scratch.path().join("solve.sh");
        std::fs::write(&script, pack.source.read(&script_rel).unwrap()).unwrap();
        let ran = Shell::new("sh")
            .arg(&script)
            .current_dir(&workspace.path)
            .env("OPSLAB_WORKSPACE", &workspace.path)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Solution")
            .env("GIT_AUTHOR_EMAIL", "solution@opslab.invalid")
            .env("GIT_COMMITTER_NAME", "Solution")
            .env("GIT_COMMITTER_EMAIL", "solution@opslab.invalid")
            .output()
            .unwrap();
        assert!(ran.status.success(), "solve.sh: {ran:?}");
    }
    let after = check(&workspace.path);
    (before, Some(after))
}

#[test]
fn every_check_of_the_built_in_labs_without_docker_says_what_it_looked_at() {
    let pack = Pack::built_in().unwrap();
    let mut solved = 0;
    for lab in pack.labs.iter().filter(|l| !l.needs_docker()) {
        let (before, after) = run_lab(&pack, &lab.id, true);
        assert!(before.failed() > 0, "{}: the starter passes", lab.id);
        assert_every_verdict_has_evidence(&before, "from the starter");
        let after = after.unwrap();
        assert!(after.all_passed(), "{}: {:#?}", lab.id, after.results);
        assert_every_verdict_has_evidence(&after, "with the solution");
        solved += 1;
    }
    assert!(solved >= 2, "only {solved} labs without Docker");
}

#[test]
fn every_check_of_the_built_in_docker_labs_says_what_it_looked_at() {
    let pack = Pack::built_in().unwrap();
    let docker_labs: Vec<&str> = pack
        .labs
        .iter()
        .filter(|l| l.needs_docker())
        .map(|l| l.id.as_str())
        .collect();
    assert!(!docker_labs.is_empty());
    for lab in docker_labs {
        let (before, _) = run_lab(&pack, lab, false);
        assert!(before.errors() == 0, "{lab}: {:#?}", before.results);
        assert_every_verdict_has_evidence(&before, "from the starter");
    }
}

#[test]
fn every_check_of_the_test_packs_says_what_it_looked_at() {
    for name in ["pack-basic", "pack-docker"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let pack = Pack::load(PackSource::Dir(dir)).unwrap();
        for lab in &pack.labs {
            let (before, _) = run_lab(&pack, &lab.id, false);
            assert_every_verdict_has_evidence(&before, "from the starter");
        }
    }
}

#[test]
fn a_container_check_shows_the_values_docker_inspect_shows() {
    let name = unique("evidence-user");
    let _guard = run_container(
        &name,
        &["--user", "1000", "--restart", "on-failure:3"],
        &["sleep", "60"],
    );
    let dir = tempfile::tempdir().unwrap();
    let user = result_in(
        &format!("id = \"t\"\nkind = \"container.user\"\ncontainer = \"{name}\"\nuser = \"1000\""),
        dir.path(),
    );
    assert!(user.outcome.is_passed(), "{user:#?}");
    let id = docker(&["inspect", "-f", "{{.Id}}", &name]);
    let seen = about(&user, "Config.User");
    assert_eq!(seen.len(), 1, "{:#?}", user.evidence);
    assert_eq!(
        seen[0].object,
        format!("container {name} (id {})", &id[..12])
    );
    assert_eq!(
        seen[0].found,
        docker(&["inspect", "-f", "{{.Config.User}}", &name])
    );

    let restart = result_in(
        &format!("id = \"t\"\nkind = \"container.restart_policy\"\ncontainer = \"{name}\"\npolicy = \"always\""),
        dir.path(),
    );
    assert!(restart.outcome.is_failed(), "{restart:#?}");
    let inspect = |f: &str| docker(&["inspect", "-f", f, &name]);
    assert_eq!(
        about(&restart, "HostConfig.RestartPolicy.Name")[0].found,
        inspect("{{.HostConfig.RestartPolicy.Name}}")
    );
    assert_eq!(
        about(&restart, "HostConfig.RestartPolicy.MaximumRetryCount")[0].found,
        inspect("{{.HostConfig.RestartPolicy.MaximumRetryCount}}")
    );
}

#[test]
fn a_missing_container_is_shown_as_absent() {
    let dir = tempfile::tempdir().unwrap();
    let name = unique("evidence-none");
    let r = result_in(
        &format!("id = \"t\"\nkind = \"container.running\"\ncontainer = \"{name}\""),
        dir.path(),
    );
    assert!(r.outcome.is_failed(), "{r:#?}");
    assert_eq!(r.evidence.len(), 1, "{:#?}", r.evidence);
    assert_eq!(r.evidence[0].object, format!("container {name}"));
    assert_eq!(r.evidence[0].found, "(absent)");
}

#[test]
fn a_git_check_names_the_commit_it_judged() {
    let dir = repo();
    commit(dir.path(), "notes.md", "hello\n", "docs: notes");
    let head = git(dir.path(), &["rev-parse", "--short=7", "HEAD"]);
    let full = git(dir.path(), &["rev-parse", "HEAD"]);
    let r = result_in(
        "id = \"t\"\nkind = \"git.committed\"\npath = \"notes.md\"",
        dir.path(),
    );
    assert!(r.outcome.is_passed(), "{r:#?}");
    let object = format!("repository . at HEAD (commit {head})");
    assert!(
        r.evidence.iter().all(|e| e.object == object),
        "{:#?}",
        r.evidence
    );
    assert_eq!(about(&r, "HEAD")[0].found, "refs/heads/main");
    let blob = git(dir.path(), &["rev-parse", "HEAD:notes.md"]);
    assert_eq!(
        about(&r, "tree of HEAD: notes.md")[0].found,
        format!("blob {blob}")
    );

    let message = result_in(
        "id = \"t\"\nkind = \"git.commit_message\"\npattern = \"^feat\"",
        dir.path(),
    );
    assert!(message.outcome.is_failed(), "{message:#?}");
    assert_eq!(
        about(&message, "commit message of HEAD")[0].found,
        "docs: notes"
    );
    assert!(!full.is_empty());
}

#[test]
fn a_file_query_names_the_query_and_the_value_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27\n",
    )
    .unwrap();
    let query = |q: &str| {
        result_in(
            &format!("id = \"t\"\nkind = \"file.query\"\npath = \"compose.yaml\"\nformat = \"yaml\"\nquery = \"{q}\"\nequals = \"nginx:1.27\""),
            dir.path(),
        )
    };
    let found = query("services.web.image");
    assert!(found.outcome.is_passed(), "{found:#?}");
    let seen = about(&found, "services.web.image");
    assert_eq!(seen[0].object, "file compose.yaml");
    assert!(seen[0].found.contains("nginx:1.27"), "{:#?}", seen);

    let missing = query("services.db.image");
    assert!(missing.outcome.is_failed(), "{missing:#?}");
    assert_eq!(about(&missing, "services.db.image")[0].found, "(absent)");
}

#[test]
fn a_long_value_is_cut_and_says_where() {
    let dir = repo();
    let message = format!("docs: {}", "x".repeat(494));
    commit(dir.path(), "notes.md", "hello\n", &message);
    let r = result_in(
        "id = \"t\"\nkind = \"git.commit_message\"\npattern = \"^docs\"",
        dir.path(),
    );
    assert!(r.outcome.is_passed(), "{r:#?}");
    let found = &about(&r, "commit message of HEAD")[0].found;
    assert!(found.starts_with(&message[..200]), "{found}");
    assert!(
        found.ends_with("… (cut at 200 of 500 characters)"),
        "{found}"
    );
}

/// `opslab` for a learner whose home is `home`, on the basic test pack.
fn opslab(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_opslab"));
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("OPSLAB_HOME", home.join("labs"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .arg("--pack")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pack-basic"))
        .write_stdin("");
    cmd
}

#[test]
fn check_explain_prints_the_evidence_under_passes_and_failures_and_json_carries_it() {
    let home = tempfile::tempdir().unwrap();
    opslab(home.path())
        .args(["start", "first-file"])
        .assert()
        .success();
    opslab(home.path())
        .args(["check", "first-file", "--explain"])
        .assert()
        .code(1)
        .stdout(contains("      looked at: file "));
    let out = opslab(home.path())
        .args(["check", "first-file", "--json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    for result in json["results"].as_array().unwrap() {
        let evidence = result["evidence"].as_array().expect("an evidence list");
        if result["status"] != "waiting" {
            assert!(!evidence.is_empty(), "{result:#}");
        }
        for e in evidence {
            for key in ["object", "field", "found"] {
                assert!(e[key].is_string(), "{key} in {e:#}");
            }
        }
    }
    let plain = opslab(home.path())
        .args(["check", "first-file"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("looked at:"));
}
