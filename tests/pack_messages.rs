//! What `pack validate` and `start` say about packs that are fine or nearly
//! fine: counts in the right number, links that stay inside the pack.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn basic_pack(root: &Path) -> std::path::PathBuf {
    let pack = root.join("pack");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pack-basic"),
        &pack,
    );
    pack
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        } else {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn opslab(root: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_opslab"));
    cmd.current_dir(root)
        .env("HOME", root.join("home"))
        .env("XDG_DATA_HOME", root.join("data"))
        .env("XDG_CONFIG_HOME", root.join("config"))
        .env("OPSLAB_HOME", root.join("labs"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .write_stdin("");
    cmd
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).unwrap();
    assert!(text.contains(from));
    fs::write(file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn validate_counts_one_problem_and_two_problems_in_the_right_number() {
    let root = tempfile::tempdir().unwrap();
    let pack = basic_pack(root.path());
    let lab = pack.join("first-file/lab.toml");
    edit(&lab, "minutes = 5", "minutes = 0");
    opslab(root.path())
        .args(["pack", "validate"])
        .arg(&pack)
        .assert()
        .code(2)
        .stdout(contains("✗ 1 problem in").and(contains("1 problems").not()));
    edit(&lab, "path = \"notes.txt\"", "path = 42");
    edit(
        &pack.join("second/lab.toml"),
        "minutes = 10",
        "minutes = 601",
    );
    opslab(root.path())
        .args(["pack", "validate"])
        .arg(&pack)
        .assert()
        .code(2)
        .stdout(contains("✗ 2 problems in"));
}

#[test]
fn links_that_stay_inside_the_pack_are_accepted_and_start_copies_their_content() {
    let root = tempfile::tempdir().unwrap();
    let pack = basic_pack(root.path());
    fs::create_dir(pack.join("shared")).unwrap();
    fs::write(pack.join("shared/common.txt"), "shared by two labs\n").unwrap();
    symlink(
        "../../shared/common.txt",
        pack.join("first-file/starter/common.txt"),
    )
    .unwrap();
    symlink("../../shared", pack.join("first-file/starter/assets")).unwrap();
    opslab(root.path())
        .args(["pack", "validate"])
        .arg(&pack)
        .assert()
        .success();
    opslab(root.path())
        .arg("--pack")
        .arg(&pack)
        .args(["start", "first-file"])
        .assert()
        .success();
    let workspace = root.path().join("labs/first-file");
    for copied in ["common.txt", "assets/common.txt"] {
        let path = workspace.join(copied);
        assert!(
            !fs::symlink_metadata(&path)
                .unwrap()
                .file_type()
                .is_symlink(),
            "{copied} is copied as a file, not as a link into the pack"
        );
        assert_eq!(fs::read_to_string(path).unwrap(), "shared by two labs\n");
    }
}

#[test]
fn a_lab_with_a_bad_lab_toml_still_has_its_files_checked_in_the_same_run() {
    let root = tempfile::tempdir().unwrap();
    let pack = basic_pack(root.path());
    edit(
        &pack.join("first-file/lab.toml"),
        "minutes = 5",
        "minutes = = 5",
    );
    symlink(".", pack.join("first-file/starter/again")).unwrap();
    opslab(root.path())
        .args(["pack", "validate"])
        .arg(&pack)
        .assert()
        .code(2)
        .stdout(
            contains("first-file/lab.toml:5:")
                .and(contains("first-file/starter/again: symbolic links loop"))
                .and(contains("✗ 2 problems in")),
        );
}

#[test]
fn docker_names_a_check_could_never_find_are_refused_at_their_line() {
    for (check, field) in [
        (
            "kind = \"container.exists\"\ncontainer = \"/web\"",
            "container",
        ),
        (
            "kind = \"container.running\"\ncontainer = \"a b\"",
            "container",
        ),
        (
            "kind = \"network.exists\"\nnetwork = \"x/../net\"",
            "network",
        ),
        ("kind = \"volume.exists\"\nvolume = \"data#\"", "volume"),
        ("kind = \"image.exists\"\nimage = \"UPPER/Case:1\"", "image"),
    ] {
        let root = tempfile::tempdir().unwrap();
        let pack = basic_pack(root.path());
        let lab = pack.join("first-file/lab.toml");
        let mut text = fs::read_to_string(&lab).unwrap();
        text.push_str(&format!("\n[[check]]\nid = \"named\"\n{check}\n"));
        fs::write(&lab, &text).unwrap();
        // The named field is the last line written.
        let line = text.lines().count();
        opslab(root.path())
            .args(["pack", "validate"])
            .arg(&pack)
            .assert()
            .code(2)
            .stdout(
                contains(format!("lab.toml:{line}:"))
                    .and(contains(format!("not a {field} name Docker accepts"))),
            );
    }
    // Docker's own networks and images named by digest are names a check
    // may look at.
    let root = tempfile::tempdir().unwrap();
    let pack = basic_pack(root.path());
    let lab = pack.join("first-file/lab.toml");
    let digest = "a".repeat(64);
    let mut text = fs::read_to_string(&lab).unwrap();
    text.push_str(&format!(
        "\n[[check]]\nid = \"bridge\"\nkind = \"network.exists\"\nnetwork = \"bridge\"\n\n[[check]]\nid = \"pinned\"\nkind = \"image.exists\"\nimage = \"opslab/base@sha256:{digest}\"\n"
    ));
    fs::write(&lab, &text).unwrap();
    opslab(root.path())
        .args(["pack", "validate"])
        .arg(&pack)
        .assert()
        .success();
}
