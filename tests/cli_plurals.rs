//! Counts in what the commands print agree with their nouns: "1 line",
//! "1 problem", "The check passes", never "1 lines" or "All 1 checks".

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

/// A pack with one lab whose only check is `check` (TOML) and whose
/// starter holds one file, `notes.txt`, of one line.
fn one_check_pack(root: &Path, check: &str) {
    std::fs::write(
        root.join("pack.toml"),
        "format = 1\nid = \"plurals\"\ntitle = \"Plurals\"\nversion = \"0.1.0\"\n\n[[stage]]\nid = \"s\"\ntitle = \"S\"\n",
    )
    .unwrap();
    let lab = root.join("lab");
    std::fs::create_dir_all(lab.join("starter")).unwrap();
    std::fs::create_dir_all(lab.join("solution")).unwrap();
    std::fs::write(lab.join("starter/notes.txt"), "one line\n").unwrap();
    std::fs::write(lab.join("solution/notes.txt"), "done\n").unwrap();
    std::fs::write(lab.join("brief.md"), "# Lab\n").unwrap();
    std::fs::write(
        lab.join("lab.toml"),
        format!(
            "id = \"lab\"\ntitle = \"Lab\"\nstage = \"s\"\nsummary = \"x\"\nminutes = 1\nhints = [\"the only hint\"]\n\n[[check]]\n{check}"
        ),
    )
    .unwrap();
}

fn opslab(home: &Path, pack: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_opslab"));
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("OPSLAB_HOME", home.join("labs"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .arg("--pack")
        .arg(pack)
        .args(args)
        .write_stdin("");
    cmd
}

#[test]
fn counts_of_one_are_singular() {
    let home = tempfile::tempdir().unwrap();
    let pack = tempfile::tempdir().unwrap();
    one_check_pack(
        pack.path(),
        "id = \"done\"\nkind = \"file.matches\"\npath = \"notes.txt\"\npattern = \"done\"\n",
    );
    let (home, pack) = (home.path(), pack.path());
    opslab(home, pack, &["start", "lab"])
        .assert()
        .success()
        .stdout(contains("(1 starter file,"));
    opslab(home, pack, &["check", "lab"])
        .assert()
        .code(1)
        .stdout(
            contains("(1 line)")
                .and(contains("The check fails."))
                .and(contains("Fix the ✗ line and")),
        );
    for _ in 0..2 {
        opslab(home, pack, &["hint", "lab"]).assert().success();
    }
    opslab(home, pack, &["hint", "lab"])
        .assert()
        .stdout(contains("The only hint is shown"));
    std::fs::write(home.join("labs/lab/notes.txt"), "done\n").unwrap();
    opslab(home, pack, &["check", "lab"])
        .assert()
        .success()
        .stdout(contains("The check passes."));
    opslab(home, pack, &["reset", "lab", "--yes"])
        .assert()
        .success()
        .stdout(contains("restored 1 starter file\n"));
    opslab(home, pack, &["pack", "test"])
        .arg(pack)
        .assert()
        .success()
        .stdout(contains("1 of 1 lab passes its test"));
}

#[test]
fn one_problem_is_one_problem() {
    let pack = tempfile::tempdir().unwrap();
    one_check_pack(
        pack.path(),
        "id = \"done\"\nkind = \"file.matches\"\npath = \"notes.txt\"\npattern = \"(\"\n",
    );
    Command::new(env!("CARGO_BIN_EXE_opslab"))
        .args(["pack", "validate"])
        .arg(pack.path())
        .env("NO_COLOR", "1")
        .assert()
        .code(2)
        .stdout(contains("✗ 1 problem in"));
}
