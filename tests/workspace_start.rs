//! Half-made states are never left for the learner. `opslab start` makes a
//! workspace whole or not at all: it builds beside the final place and
//! renames in, a start killed half-way leaves nothing the next start or
//! `check` mistakes for the learner's work, and a folder opslab did not
//! make is never taken for a workspace. A reset stopped half-way leaves no
//! file the next reset keeps. Real files, real git, the real binary.

mod workspace_support;

use std::path::Path;
use std::time::{Duration, Instant};

use predicates::prelude::*;
use predicates::str::contains;

use workspace_support::*;

/// Files in `dir` and below, not counting `.git` or hidden files.
fn count_files(dir: &Path) -> usize {
    tree(dir)
        .into_iter()
        .filter(|(path, (kind, _, _))| {
            let hidden = path
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            kind == "file" && !hidden
        })
        .count()
}

/// A pack whose one lab, `big`, has `n` starter files of 16 KiB each.
fn big_pack(dir: &Path, n: usize) {
    let files: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| {
            (
                format!("data/{:02}/file-{i:05}.txt", i % 50),
                vec![b'a' + (i % 26) as u8; 16 * 1024],
            )
        })
        .collect();
    one_lab_pack(dir, "big", &files);
}

#[test]
fn a_start_killed_mid_copy_leaves_no_workspace_and_the_next_start_makes_a_whole_one() {
    let packs = tempfile::tempdir().unwrap();
    let total = 2000;
    big_pack(packs.path(), total);
    let learner = Learner::new();
    let ws = learner.workspace("big");

    let mut child = learner
        .process(packs.path(), &["start", "big"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let building = loop {
        let found = leftovers(&learner.root())
            .into_iter()
            .find(|dir| dir.join("data/00/file-00000.txt").is_file());
        if let Some(dir) = found {
            break dir;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "start ended before it was seen copying"
        );
        assert!(Instant::now() < deadline, "start never began copying");
        std::thread::sleep(Duration::from_millis(1));
    };
    child.kill().unwrap();
    child.wait().unwrap();

    let copied = count_files(&building);
    eprintln!("killed after {copied} of {total} starter files");
    assert!(copied > 0, "killed before any starter file was copied");
    assert!(
        copied < total,
        "killed too late to prove anything: {copied} of {total} copied"
    );
    assert!(!ws.exists(), "a half-made workspace is at {}", ws.display());

    learner
        .opslab(packs.path(), &["check", "big"])
        .assert()
        .code(2)
        .stderr(contains("has no workspace yet").and(contains("start big")));

    learner
        .opslab(packs.path(), &["start", "big"])
        .assert()
        .success()
        .stdout(contains(format!(
            "Created the workspace for Generated lab at {}",
            ws.display()
        )));
    assert_eq!(leftovers(&learner.root()), Vec::<std::path::PathBuf>::new());
    assert_eq!(count_files(&ws), total);
    assert_eq!(git(&ws, &["status", "--porcelain"]), "");
    assert_eq!(
        git(&ws, &["log", "--format=%s"]),
        "Starter files for Generated lab"
    );

    learner
        .opslab(packs.path(), &["check", "big"])
        .assert()
        .code(1)
        .stdout(
            contains("✓ The working tree is clean")
                .and(contains("no file or folder at `notes.txt`"))
                .and(contains("no git repository").not()),
        );
}

#[test]
fn leftovers_of_a_stopped_start_are_removed_by_the_next_start() {
    let pack = fixture("pack-basic");
    let learner = Learner::new();
    let root = learner.root();
    let stale = root.join(".opslab-start-first-file-Ab12Cd");
    std::fs::create_dir_all(stale.join("config")).unwrap();
    std::fs::write(stale.join("config/app.conf"), "half\n").unwrap();
    let other = root.join("my-own-folder");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("keep.txt"), "mine\n").unwrap();

    learner
        .opslab(&pack, &["start", "first-file"])
        .assert()
        .success()
        .stdout(contains("Created the workspace"));
    assert!(!stale.exists(), "the leftover is still there");
    assert_eq!(
        std::fs::read_to_string(other.join("keep.txt")).unwrap(),
        "mine\n"
    );

    // Also when the workspace exists already.
    std::fs::create_dir_all(&stale).unwrap();
    learner
        .opslab(&pack, &["start", "first-file"])
        .assert()
        .success()
        .stdout(contains("already exists"));
    assert!(!stale.exists(), "the leftover is still there");
}

#[test]
fn start_refuses_a_folder_with_files_but_no_repository() {
    let pack = fixture("pack-basic");
    let learner = Learner::new();
    let ws = learner.workspace("first-file");
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::write(
        ws.join("README.md"),
        "half a workspace, or someone's folder\n",
    )
    .unwrap();
    let before = tree(&ws);

    learner
        .opslab(&pack, &["start", "first-file"])
        .assert()
        .code(2)
        .stderr(
            contains(format!(
                "{} already holds files but no git repository",
                ws.display()
            ))
            .and(contains("Move that folder away")),
        )
        .stdout(contains("Carry on").not());
    assert_eq!(tree(&ws), before);
}

#[test]
fn an_empty_folder_at_the_workspace_place_becomes_the_workspace() {
    let pack = fixture("pack-basic");
    let learner = Learner::new();
    let ws = learner.workspace("first-file");
    std::fs::create_dir_all(&ws).unwrap();
    learner
        .opslab(&pack, &["start", "first-file"])
        .assert()
        .success()
        .stdout(contains("Created the workspace"));
    assert_eq!(git(&ws, &["status", "--porcelain"]), "");
    assert!(ws.join("config/app.conf").is_file());
}

#[test]
fn starts_at_once_make_one_workspace_and_leave_nothing_behind() {
    let pack = fixture("pack-basic");
    let learner = Learner::new();
    let children: Vec<_> = (0..6)
        .map(|_| {
            learner
                .process(&pack, &["start", "first-file"])
                .stderr(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let created = outputs
        .iter()
        .filter(|o| String::from_utf8_lossy(&o.stdout).contains("Created the workspace"))
        .count();
    for o in &outputs {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(created, 1, "more than one start made the workspace");
    assert_eq!(leftovers(&learner.root()), Vec::<std::path::PathBuf>::new());
    let ws = learner.workspace("first-file");
    assert_eq!(git(&ws, &["status", "--porcelain"]), "");
    assert_eq!(
        git(&ws, &["ls-files"]),
        "README.md\nconfig/app.conf\nrun.sh"
    );
}

#[test]
fn new_files_left_by_a_stopped_reset_are_removed_by_the_next_reset() {
    let pack = fixture("pack-basic");
    let learner = Learner::new();
    learner
        .opslab(&pack, &["start", "first-file"])
        .assert()
        .success();
    let ws = learner.workspace("first-file");
    let stale = [
        ws.join(".README.md.opslab-4194304-0.tmp"),
        ws.join("config/.app.conf.opslab-4194304-1.tmp"),
    ];
    for file in &stale {
        std::fs::write(file, "half written\n").unwrap();
    }
    std::fs::write(ws.join(".README.md.mine"), "the learner's\n").unwrap();
    learner
        .opslab(&pack, &["reset", "first-file", "--yes"])
        .assert()
        .success();
    for file in &stale {
        assert!(!file.exists(), "{} is still there", file.display());
    }
    assert_eq!(git(&ws, &["status", "--porcelain"]), "?? .README.md.mine");
}
