//! `file.exists` with `type`, `target`, `executable` and `empty`, against
//! real files, folders and links in temporary workspaces.

mod common;

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;

use common::{assert_failed, assert_passed, outcome_in, parse_error};

fn check(fields: &str) -> String {
    format!("id = \"c\"\nkind = \"file.exists\"\n{fields}\n")
}

fn write_mode(dir: &Path, name: &str, text: &str, mode: u32) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn an_empty_folder_passes_and_a_folder_with_files_names_them() {
    let ws = tempfile::tempdir().unwrap();
    let toml = check("path = \"site/\"\ntype = \"dir\"\nempty = true");
    fs::create_dir(ws.path().join("site")).unwrap();
    assert_passed(&outcome_in(&toml, ws.path()));

    fs::write(ws.path().join("site/index.html"), "<h1>hi</h1>").unwrap();
    let (expected, actual) = assert_failed(&outcome_in(&toml, ws.path()));
    assert_eq!(expected, "`site/` is an empty folder");
    assert_eq!(actual, "`site/` holds 1 entry (index.html)");
}

#[test]
fn a_file_where_an_empty_folder_belongs_fails_on_its_type() {
    let ws = tempfile::tempdir().unwrap();
    fs::write(ws.path().join("site"), "").unwrap();
    let toml = check("path = \"site\"\ntype = \"dir\"\nempty = true");
    let (_, actual) = assert_failed(&outcome_in(&toml, ws.path()));
    assert_eq!(actual, "`site` is a regular file");
    fs::remove_file(ws.path().join("site")).unwrap();
    let (_, actual) = assert_failed(&outcome_in(&toml, ws.path()));
    assert_eq!(actual, "no file or folder at `site`");
}

#[test]
fn an_executable_regular_file_passes_and_mode_644_fails_with_chmod_advice() {
    let ws = tempfile::tempdir().unwrap();
    let toml = check("path = \"bin/server\"\ntype = \"file\"\nexecutable = true");
    write_mode(ws.path(), "bin/server", "#!/bin/sh\n", 0o755);
    assert_passed(&outcome_in(&toml, ws.path()));

    fs::set_permissions(
        ws.path().join("bin/server"),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let outcome = outcome_in(&toml, ws.path());
    let (expected, actual) = assert_failed(&outcome);
    assert_eq!(expected, "`bin/server` is an executable file");
    assert_eq!(
        actual,
        "`bin/server` has mode 644 (rw-r--r--), with no execute bit"
    );
    assert!(format!("{outcome:?}").contains("chmod +x bin/server"));
}

#[test]
fn a_link_to_an_executable_is_not_a_regular_file() {
    let ws = tempfile::tempdir().unwrap();
    write_mode(ws.path(), "real/server", "#!/bin/sh\n", 0o755);
    fs::create_dir(ws.path().join("bin")).unwrap();
    symlink("../real/server", ws.path().join("bin/server")).unwrap();
    let typed = check("path = \"bin/server\"\ntype = \"file\"\nexecutable = true");
    let (_, actual) = assert_failed(&outcome_in(&typed, ws.path()));
    assert_eq!(
        actual,
        "`bin/server` is a symbolic link to `../real/server`"
    );
    // Without `type`, the execute bit is the one of what the link leads to.
    let untyped = check("path = \"bin/server\"\nexecutable = true");
    assert_passed(&outcome_in(&untyped, ws.path()));
}

#[test]
fn a_symlink_to_the_named_release_passes_and_one_to_another_release_fails() {
    let ws = tempfile::tempdir().unwrap();
    fs::create_dir_all(ws.path().join("releases/v1")).unwrap();
    fs::create_dir_all(ws.path().join("releases/v2")).unwrap();
    let toml = check("path = \"current\"\ntarget = \"releases/v2\"");
    symlink("releases/v2", ws.path().join("current")).unwrap();
    assert_passed(&outcome_in(&toml, ws.path()));

    // Written differently, the same place.
    fs::remove_file(ws.path().join("current")).unwrap();
    symlink("./releases/v2/", ws.path().join("current")).unwrap();
    assert_passed(&outcome_in(&toml, ws.path()));
    fs::remove_file(ws.path().join("current")).unwrap();
    symlink(ws.path().join("releases/v2"), ws.path().join("current")).unwrap();
    assert_passed(&outcome_in(&toml, ws.path()));

    // A trailing `/` in the check's path still names the link itself.
    let slashed = check("path = \"current/\"\ntype = \"symlink\"");
    assert_passed(&outcome_in(&slashed, ws.path()));

    fs::remove_file(ws.path().join("current")).unwrap();
    symlink("releases/v1", ws.path().join("current")).unwrap();
    let (expected, actual) = assert_failed(&outcome_in(&toml, ws.path()));
    assert_eq!(expected, "`current` is a symbolic link to `releases/v2`");
    assert_eq!(actual, "`current` points to `releases/v1`");
}

#[test]
fn a_copied_folder_where_a_link_belongs_fails_on_its_type() {
    let ws = tempfile::tempdir().unwrap();
    fs::create_dir_all(ws.path().join("current")).unwrap();
    let toml = check("path = \"current\"\ntarget = \"releases/v2\"");
    let (_, actual) = assert_failed(&outcome_in(&toml, ws.path()));
    assert_eq!(actual, "`current` is a folder");
}

#[test]
fn a_file_with_bytes_is_not_empty_and_an_empty_one_fails_not_empty() {
    let ws = tempfile::tempdir().unwrap();
    let toml = check("path = \"notes.txt\"\nempty = false");
    fs::write(ws.path().join("notes.txt"), "x").unwrap();
    assert_passed(&outcome_in(&toml, ws.path()));
    fs::write(ws.path().join("notes.txt"), "").unwrap();
    let (expected, actual) = assert_failed(&outcome_in(&toml, ws.path()));
    assert_eq!(
        expected,
        "`notes.txt` is a file or folder that is not empty"
    );
    assert_eq!(actual, "`notes.txt` is a file of 0 bytes");
}

#[test]
fn contradictory_fields_are_refused_when_the_lab_loads() {
    let err = parse_error(&check("path = \"a\"\ntype = \"dir\"\ntarget = \"b\""));
    assert!(
        err.contains("`target` is where a symbolic link points"),
        "{err}"
    );
    let err = parse_error(&check("path = \"a\"\ntarget = \"b\"\nempty = true"));
    assert!(err.contains("not a link"), "{err}");
    let err = parse_error(&check("path = \"a\"\ntype = \"pipe\""));
    assert!(err.contains("type"), "{err}");
}

#[test]
fn a_link_out_of_the_workspace_is_not_followed_to_judge_emptiness() {
    let ws = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    symlink(outside.path(), ws.path().join("site")).unwrap();
    let (_, actual) = assert_failed(&outcome_in(
        &check("path = \"site\"\nempty = true"),
        ws.path(),
    ));
    assert!(
        actual.starts_with("`site` leads outside the workspace"),
        "{actual}"
    );
}
