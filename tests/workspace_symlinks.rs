//! `opslab reset` (and `start`) never read, write, create or delete through
//! a symbolic link below the workspace, nor anywhere outside it: a link in
//! the way is reported with what to do, and everything outside stays as it
//! was, byte for byte. Real files, real git, the real binary.

mod workspace_support;

use std::os::unix::fs::symlink;
use std::path::Path;

use predicates::prelude::*;
use predicates::str::{contains, is_match};

use workspace_support::*;

/// A folder outside every workspace, holding files a reset must not touch.
fn victim() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.conf"), "the victim's own settings\n").unwrap();
    std::fs::create_dir(dir.path().join("er")).unwrap();
    std::fs::write(dir.path().join("er/app.conf"), "deeper victim\n").unwrap();
    dir
}

/// Starts `lab` of `pack` for a new learner.
fn started(pack: &Path, lab: &str) -> Learner {
    let learner = Learner::new();
    learner.opslab(pack, &["start", lab]).assert().success();
    learner
}

#[test]
fn reset_refuses_a_folder_linked_outside_by_absolute_path_and_changes_nothing() {
    let pack = fixture("pack-basic");
    let learner = started(&pack, "first-file");
    let ws = learner.workspace("first-file");
    let victim = victim();
    std::fs::write(ws.join("README.md"), "the learner's words\n").unwrap();
    std::fs::remove_dir_all(ws.join("config")).unwrap();
    symlink(victim.path(), ws.join("config")).unwrap();
    let outside = tree(victim.path());
    let inside = tree(&ws);

    for args in [
        &["reset", "first-file"][..],
        &["reset", "first-file", "--yes"],
    ] {
        learner.opslab(&pack, args).assert().code(2).stderr(
            contains("`config` in your workspace is a symbolic link")
                .and(contains(format!("rm {}", ws.join("config").display())))
                .and(contains("run reset again")),
        );
    }
    assert_eq!(tree(victim.path()), outside, "a file outside was changed");
    assert_eq!(tree(&ws), inside, "reset wrote part of the starter anyway");

    std::fs::remove_file(ws.join("config")).unwrap();
    learner
        .opslab(&pack, &["reset", "first-file", "--yes"])
        .assert()
        .success()
        .stdout(contains("restored 3 starter files"));
    assert_eq!(
        std::fs::read_to_string(ws.join("config/app.conf")).unwrap(),
        "port = 8080\n"
    );
    assert_eq!(tree(victim.path()), outside);
}

#[test]
fn reset_refuses_a_relative_dotdot_link_deep_in_the_workspace() {
    let packs = tempfile::tempdir().unwrap();
    let files = [
        ("deep/er/app.conf".to_string(), b"starter\n".to_vec()),
        ("deep/er/more/x.txt".to_string(), b"x\n".to_vec()),
        ("top.txt".to_string(), b"top\n".to_vec()),
    ];
    one_lab_pack(packs.path(), "deep", &files);
    let learner = started(packs.path(), "deep");
    let ws = learner.workspace("deep");
    // labs/deep/deep/er -> ../../../victim, i.e. beside the workspace root.
    let victim_dir = learner.path("victim");
    std::fs::create_dir_all(victim_dir.join("more")).unwrap();
    std::fs::write(victim_dir.join("app.conf"), "the victim's own settings\n").unwrap();
    std::fs::remove_dir_all(ws.join("deep/er")).unwrap();
    symlink("../../../victim", ws.join("deep/er")).unwrap();
    assert!(ws.join("deep/er/app.conf").is_file(), "the link resolves");
    std::fs::write(ws.join("top.txt"), "changed\n").unwrap();
    let outside = tree(&victim_dir);

    learner
        .opslab(packs.path(), &["reset", "deep", "--yes"])
        .assert()
        .code(2)
        .stderr(
            contains("`deep/er` in your workspace is a symbolic link (to ../../../victim)")
                .and(contains("Remove the link `deep/er`")),
        );
    assert_eq!(tree(&victim_dir), outside, "a file outside was changed");
    assert_eq!(
        std::fs::read_to_string(ws.join("top.txt")).unwrap(),
        "changed\n"
    );
}

#[test]
fn reset_refuses_a_starter_file_that_is_a_link_absolute_or_relative() {
    let pack = fixture("pack-basic");
    let learner = started(&pack, "first-file");
    let ws = learner.workspace("first-file");
    let victim = victim();
    let outside = tree(victim.path());

    std::fs::remove_file(ws.join("config/app.conf")).unwrap();
    symlink(victim.path().join("app.conf"), ws.join("config/app.conf")).unwrap();
    learner
        .opslab(&pack, &["reset", "first-file", "--yes"])
        .assert()
        .code(2)
        .stderr(contains(
            "`config/app.conf` in your workspace is a symbolic link",
        ));
    assert_eq!(tree(victim.path()), outside);

    std::fs::remove_file(ws.join("config/app.conf")).unwrap();
    std::fs::copy(victim.path().join("app.conf"), learner.path("victim.conf")).unwrap();
    symlink("../../../victim.conf", ws.join("config/app.conf")).unwrap();
    let before = std::fs::read(learner.path("victim.conf")).unwrap();
    learner
        .opslab(&pack, &["reset", "first-file", "--yes"])
        .assert()
        .code(2)
        .stderr(contains("(to ../../../victim.conf)"));
    assert_eq!(std::fs::read(learner.path("victim.conf")).unwrap(), before);
    assert!(std::fs::symlink_metadata(ws.join("config/app.conf"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn reset_cuts_a_hard_link_instead_of_writing_through_it() {
    let pack = fixture("pack-basic");
    let learner = started(&pack, "first-file");
    let ws = learner.workspace("first-file");
    let outside = learner.path("shared.md");
    std::fs::write(&outside, "a file shared with the workspace\n").unwrap();
    std::fs::remove_file(ws.join("README.md")).unwrap();
    std::fs::hard_link(&outside, ws.join("README.md")).unwrap();

    learner
        .opslab(&pack, &["reset", "first-file", "--yes"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&outside).unwrap(),
        "a file shared with the workspace\n"
    );
    assert!(std::fs::read_to_string(ws.join("README.md"))
        .unwrap()
        .starts_with("# Notes lab"));
}

#[test]
fn reset_preview_lists_each_file_it_replaces_creates_or_keeps() {
    let pack = fixture("pack-basic");
    let learner = started(&pack, "first-file");
    let ws = learner.workspace("first-file");
    std::fs::write(ws.join("README.md"), "changed\n").unwrap();
    std::fs::remove_file(ws.join("run.sh")).unwrap();

    learner
        .opslab(&pack, &["reset", "first-file"])
        .assert()
        .code(2)
        .stdout(
            is_match(r"replace README\.md \(its content differs")
                .unwrap()
                .and(is_match(r"create +run\.sh \(it is missing\)").unwrap())
                .and(is_match(r"keep +config/app\.conf \(it is as it started\)").unwrap()),
        );
    assert_eq!(
        std::fs::read_to_string(ws.join("README.md")).unwrap(),
        "changed\n"
    );
    assert!(!ws.join("run.sh").exists());
}

#[test]
fn reset_refuses_a_pipe_where_a_starter_file_goes_without_hanging() {
    let pack = fixture("pack-basic");
    let learner = started(&pack, "first-file");
    let ws = learner.workspace("first-file");
    std::fs::remove_file(ws.join("run.sh")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(ws.join("run.sh"))
        .status()
        .unwrap();
    assert!(made.success());
    learner
        .opslab(&pack, &["reset", "first-file", "--yes"])
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .code(2)
        .stderr(contains("run.sh is not a regular file"));
}

#[test]
fn a_workspace_that_is_a_link_the_learner_made_is_followed() {
    let pack = fixture("pack-basic");
    let learner = Learner::new();
    let real = learner.path("elsewhere/notes-lab");
    std::fs::create_dir_all(&real).unwrap();
    std::fs::create_dir_all(learner.root()).unwrap();
    symlink(&real, learner.workspace("first-file")).unwrap();

    learner
        .opslab(&pack, &["start", "first-file"])
        .assert()
        .success()
        .stdout(contains("Created the workspace"));
    assert!(real.join("config/app.conf").is_file());
    assert_eq!(git(&real, &["status", "--porcelain"]), "");
    assert!(std::fs::symlink_metadata(learner.workspace("first-file"))
        .unwrap()
        .file_type()
        .is_symlink());

    std::fs::write(real.join("README.md"), "changed\n").unwrap();
    learner
        .opslab(&pack, &["reset", "first-file", "--yes"])
        .assert()
        .success();
    assert!(std::fs::read_to_string(real.join("README.md"))
        .unwrap()
        .starts_with("# Notes lab"));
}
