//! The complete example in docs/pack-format.md is a real pack: written out
//! as the page shows it, it validates, its starter fails and its solution
//! passes against the real daemon.

mod common;

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;

/// The fenced blocks of a Markdown page that follow a line naming `file`.
fn block_after(page: &str, marker: &str, fence: &str) -> String {
    let from = page
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker:?} in the page"));
    let rest = &page[from..];
    let start = rest.find(&format!("```{fence}\n")).expect("a fenced block") + fence.len() + 4;
    let end = rest[start..].find("```").expect("the block ends") + start;
    rest[start..end].to_string()
}

#[test]
fn the_documented_example_pack_validates_and_its_solution_passes() {
    let page =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/pack-format.md"))
            .unwrap();
    let example = &page[page
        .find("## A complete example")
        .expect("the example section")..];
    let root = tempfile::tempdir().unwrap();
    let pack = root.path().join("acme");
    let lab = pack.join("01-web");
    std::fs::create_dir_all(lab.join("starter/site")).unwrap();
    std::fs::create_dir_all(lab.join("solution/site")).unwrap();
    std::fs::write(
        pack.join("pack.toml"),
        block_after(example, "`pack.toml`:", "toml"),
    )
    .unwrap();
    std::fs::write(
        lab.join("lab.toml"),
        block_after(example, "`01-web/lab.toml`:", "toml"),
    )
    .unwrap();
    std::fs::write(
        lab.join("solution/solve.sh"),
        block_after(example, "`01-web/solution/solve.sh`", "sh"),
    )
    .unwrap();
    std::fs::write(lab.join("brief.md"), "Serve a page from a container.\n").unwrap();
    std::fs::write(lab.join("starter/site/index.html"), "<h1>TODO</h1>\n").unwrap();
    std::fs::write(
        lab.join("solution/site/index.html"),
        "<h1>Hello from ACME</h1>\n",
    )
    .unwrap();

    let opslab = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_opslab"));
        cmd.env("HOME", root.path())
            .env("XDG_DATA_HOME", root.path().join("data"))
            .env("XDG_CONFIG_HOME", root.path().join("config"))
            .env("OPSLAB_HOME", root.path().join("labs"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("NO_COLOR", "1");
        cmd
    };
    opslab()
        .args(["pack", "validate"])
        .arg(&pack)
        .assert()
        .success()
        .stdout(contains("acme-devops 1.0.0"));
    opslab().arg("setup").assert().success();
    opslab()
        .args(["pack", "test"])
        .arg(&pack)
        .assert()
        .success()
        .stdout(contains("1 of 1 lab passes its test"));
}
