//! The built-in pack as a learner and an instructor meet it: it loads with
//! at least 24 labs in 6 stages, validates without warnings, and the first
//! lab can be done end to end with the binary alone. That every lab fails
//! from its starter, passes with its solution and rejects its wrong answers
//! is proved by `opslab pack test labs` in `tests/run.sh`.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

use common::git;
use opslab::pack::Pack;

fn opslab(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_opslab"));
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("OPSLAB_HOME", home.join("labs"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .write_stdin("");
    cmd
}

fn labs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("labs")
}

#[test]
fn the_built_in_pack_loads_and_every_lab_has_what_a_lab_needs() {
    let pack = Pack::built_in().unwrap_or_else(|e| panic!("the built-in pack has problems:\n{e}"));
    assert!(pack.labs.len() >= 24, "only {} labs", pack.labs.len());
    let stages_with_labs = pack
        .stages
        .iter()
        .filter(|s| pack.labs_in(&s.id).next().is_some())
        .count();
    assert!(
        stages_with_labs >= 6,
        "only {stages_with_labs} stages have labs"
    );
    for lab in &pack.labs {
        assert!(
            !lab.brief.trim().is_empty(),
            "{} has an empty brief",
            lab.id
        );
        assert!(
            (5..=20).contains(&lab.minutes),
            "{} takes {} minutes",
            lab.id,
            lab.minutes
        );
        assert!(
            (2..=4).contains(&lab.hints.len()),
            "{} has {} hints",
            lab.id,
            lab.hints.len()
        );
        assert!(!lab.checks.is_empty(), "{} has no checks", lab.id);
    }
    // The embedded copy and the folder on disk are the same pack.
    let on_disk = Pack::from_dir(&labs_dir()).expect("labs/ loads");
    let ids = |p: &Pack| p.labs.iter().map(|l| l.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&pack), ids(&on_disk));
}

/// `pack test labs` (starter fails, solution passes, every wrong answer is
/// caught, nothing left behind) runs in `tests/run.sh` after the suite,
/// where its table and time are printed; here the pack must be free of
/// warnings too.
#[test]
fn the_built_in_pack_validates_without_warnings() {
    let home = tempfile::tempdir().unwrap();
    opslab(home.path())
        .args(["pack", "validate"])
        .arg(labs_dir())
        .arg("--strict")
        .assert()
        .success()
        .stdout(contains("warning").not());
}

#[test]
fn a_learner_does_the_first_lab_with_the_binary_alone() {
    let home = tempfile::tempdir().unwrap();
    let lab = "automate-one-thing";
    opslab(home.path())
        .args(["start", lab])
        .assert()
        .success()
        .stdout(contains("labs/automate-one-thing"));
    let ws = home.path().join("labs").join(lab);
    // The starter files arrive, dotfiles included, in a repository with no commit.
    assert!(ws.join("README.md").is_file());
    assert!(
        ws.join(".env").is_file(),
        "the .env starter file is missing"
    );
    assert!(ws.join(".git").is_dir());

    opslab(home.path())
        .args(["check", lab])
        .assert()
        .code(1)
        .stdout(
            contains("✗ The committed scripts/build.sh starts with #!").and(contains("expected:")),
        );

    std::fs::create_dir_all(ws.join("scripts")).unwrap();
    std::fs::write(
        ws.join("scripts/build.sh"),
        "#!/bin/sh\nset -e\nmkdir -p dist\ncp site/* dist/\ndate -u +%Y-%m-%dT%H:%M:%SZ > dist/BUILD\n",
    )
    .unwrap();
    std::fs::write(ws.join(".gitignore"), "dist/\n.env\n").unwrap();
    let chmod = std::process::Command::new("chmod")
        .arg("+x")
        .arg(ws.join("scripts/build.sh"))
        .status()
        .unwrap();
    assert!(chmod.success());
    let built = std::process::Command::new("sh")
        .arg("scripts/build.sh")
        .current_dir(&ws)
        .status()
        .unwrap();
    assert!(built.success());
    git(&ws, &["add", "."]);
    git(&ws, &["commit", "-qm", "added stuff"]);
    // Everything but the commit message convention is right now.
    opslab(home.path())
        .args(["check", lab])
        .assert()
        .code(1)
        .stdout(
            contains("✗ Every commit message follows Conventional Commits")
                .and(contains("added stuff")),
        );

    git(
        &ws,
        &["commit", "--amend", "-qm", "build: automate the site build"],
    );
    opslab(home.path())
        .args(["check", lab])
        .assert()
        .success()
        .stdout(
            contains("All 10 checks pass").and(contains("Next: `opslab start branches-and-tags`")),
        );
    opslab(home.path())
        .arg("list")
        .assert()
        .success()
        .stdout(contains("done"));
}

/// Every file below `dir`, recursively.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Offline and consistent: every Dockerfile of the pack builds FROM the
/// offline base image, `scratch` or one of its own stages; no hint or brief
/// names an image that would have to be pulled; every lab proves at least
/// one wrong answer; briefs stay short.
#[test]
fn the_built_in_labs_need_no_registry_and_prove_their_wrong_answers() {
    let pack = Pack::from_dir(&labs_dir()).expect("labs/ loads");
    for file in files_below(&labs_dir()) {
        if file.file_name().and_then(|n| n.to_str()) != Some("Dockerfile") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let mut stages: Vec<String> = Vec::new();
        for line in text.lines().map(str::trim) {
            let words: Vec<&str> = line.split_whitespace().collect();
            if words.first().map(|w| w.eq_ignore_ascii_case("FROM")) != Some(true) {
                continue;
            }
            let image = words
                .iter()
                .skip(1)
                .find(|w| !w.starts_with("--"))
                .copied()
                .unwrap_or("");
            assert!(
                image == "opslab/base:1" || image == "scratch" || stages.iter().any(|s| s == image),
                "{}: FROM {image} would need a registry",
                file.display()
            );
            if let Some(i) = words.iter().position(|w| w.eq_ignore_ascii_case("AS")) {
                stages.push(words[i + 1].to_string());
            }
        }
    }
    let pulled = regex::Regex::new(
        r"\b(alpine|nginx|ubuntu|debian|node|python|golang|redis|postgres|busybox):[0-9a-z.]+",
    )
    .unwrap();
    for lab in &pack.labs {
        for text in lab.hints.iter().chain([&lab.brief]) {
            assert!(
                !pulled.is_match(text),
                "{}: names an image that must be pulled: {text}",
                lab.id
            );
        }
        assert!(
            !lab.wrong_answers.is_empty(),
            "{} proves no wrong answer",
            lab.id
        );
        let words = lab.brief.split_whitespace().count();
        assert!(words <= 260, "{}: the brief has {words} words", lab.id);
    }
}
