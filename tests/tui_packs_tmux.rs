//! The real binary in a real terminal (tmux) with two packs installed by
//! `opslab pack install` into a temporary data folder, and a broken one
//! copied beside them: `P` lists them with each one's own progress, Enter
//! switches the UI to the other pack (its labs, its progress, its
//! commands), Esc keeps the pack open, and the broken pack cannot be chosen.

mod common;
mod tui_tmux;

use std::path::Path;

use tui_tmux::{fixture_pack, left_the_ui, Tmux};

/// The fixture pack under `id` and `title`, ready to install.
fn variant(id: &str, title: &str) -> tempfile::TempDir {
    let dir = fixture_pack(&common::unique("tui-packs"));
    let manifest = dir.path().join("pack.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let text = text
        .replace("id = \"tui-fixture\"", &format!("id = \"{id}\""))
        .replace(
            "title = \"TUI fixture pack\"",
            &format!("title = \"{title}\""),
        );
    std::fs::write(&manifest, text).unwrap();
    dir
}

fn opslab_ok(tmux: &Tmux, pack: &str, args: &[&str]) -> String {
    let out = tmux.opslab_elsewhere(Path::new(pack), args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "opslab {args:?}:\n{text}");
    text
}

#[test]
fn p_switches_to_another_installed_pack_with_its_own_progress() {
    let tmux = Tmux::start("packs-switch");
    let first = variant("tui-first", "First pack");
    let second = variant("tui-second", "Second pack");
    for pack in [&first, &second] {
        let dir = pack.path().to_str().unwrap();
        opslab_ok(&tmux, "unused", &["pack", "install", "--trust", dir]);
    }
    let broken = tmux.data_home().join("opslab/packs/broken-pack");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("pack.toml"), "format = 1\nid = \"broken\"\n").unwrap();

    // The learner did `notes` in the second pack only, from the CLI.
    opslab_ok(&tmux, "tui-second", &["start", "notes"]);
    std::fs::write(tmux.workspaces().join("notes/NOTES.md"), "hello\n").unwrap();
    opslab_ok(&tmux, "tui-second", &["check", "notes"]);

    // Opened on the first pack by its id.
    tmux.run_opslab(Path::new("tui-first"));
    tmux.wait_for("the first pack, nothing done", |s| {
        s.contains("First pack") && s.contains("0 / 3 labs done")
    });
    tmux.wait_for("the key in the status bar", |s| s.contains("P packs"));

    tmux.send(&["P"]);
    let listed = tmux.wait_for("the installed packs", |s| {
        s.contains("Second pack") && s.contains("broken-pack")
    });
    assert!(listed.contains("First pack (open now)"), "{listed}");
    assert!(
        listed.contains("tui-first 0.1.0 · 3 labs · 0 done"),
        "{listed}"
    );
    assert!(
        listed.contains("tui-second 0.1.0 · 3 labs · 1 done"),
        "{listed}"
    );
    assert!(listed.contains("done · built in"), "{listed}");
    assert!(
        listed.contains("✗ broken-pack (cannot be opened)"),
        "{listed}"
    );

    // Esc leaves the current pack as it was.
    tmux.send(&["Escape"]);
    tmux.wait_for("the picker closed", |s| !s.contains("Switch pack"));
    let screen = tmux.screen();
    assert!(
        screen.contains("First pack") && screen.contains("0 / 3 labs done"),
        "{screen}"
    );

    // The broken pack (after the built-in one) cannot be chosen.
    tmux.send(&["P"]);
    tmux.wait_for("the picker", |s| s.contains("broken-pack"));
    tmux.send(&["Home", "Down", "Enter"]);
    tmux.wait_for("the refusal", |s| s.contains("cannot be opened: fix"));
    assert!(
        tmux.screen().contains("Switch pack"),
        "the picker stays open"
    );

    // The second pack is the last one: End, Enter.
    tmux.send(&["End", "Enter"]);
    let switched = tmux.wait_for("the second pack with its progress", |s| {
        s.contains("Second pack") && s.contains("1 / 3 labs done") && !s.contains("Switch pack")
    });
    assert!(switched.contains("✔ Keep notes in a file"), "{switched}");

    // Its commands name it: `commit` (second) has no workspace yet.
    tmux.send(&["Home", "Down", "Enter"]);
    tmux.wait_for("the commit lab", |s| {
        s.contains("Commit cleanly") && s.contains("--pack tui-second start commit")
    });

    // The workers follow: `s` records the workspace in the second pack
    // (where the clean new repository passes the lab's one check).
    tmux.send(&["s"]);
    tmux.wait_for("the lab done", |s| s.contains("Lab done"));
    let commit = |pack: &str| {
        let list = opslab_ok(&tmux, pack, &["list"]);
        let line = list.lines().find(|l| l.contains("commit"));
        line.unwrap_or_default().to_string()
    };
    // Saved by the UI's progress writer right after it showed "Lab done".
    let start = std::time::Instant::now();
    while !commit("tui-second").contains("✔ done") && start.elapsed() < tui_tmux::WAIT {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(commit("tui-second").contains("✔ done"));
    assert!(commit("tui-first").contains("locked"));
    tmux.send(&["q"]);
    tmux.wait_for("the shell back", left_the_ui);
}

#[test]
fn a_folder_pack_stays_in_the_list_so_the_learner_can_come_back() {
    let tmux = Tmux::start("packs-folder");
    let installed = variant("tui-installed", "Installed pack");
    let dir = installed.path().to_str().unwrap();
    opslab_ok(&tmux, "unused", &["pack", "install", "--trust", dir]);
    let folder = variant("tui-folder", "Folder pack");

    tmux.run_opslab(folder.path());
    tmux.send(&["P"]);
    let listed = tmux.wait_for("the folder and the installed pack", |s| {
        s.contains("Folder pack (open now)") && s.contains("Installed pack")
    });
    // Built in, the installed pack, then the folder the UI was opened on.
    let at = |text: &str| listed.find(text).unwrap();
    assert!(at("built in") < at("Installed pack"), "{listed}");
    assert!(
        at("Installed pack") < at("Folder pack (open now)"),
        "{listed}"
    );

    tmux.send(&["Up", "Enter"]);
    tmux.wait_for("the installed pack", |s| {
        s.contains("· Installed pack ·") && !s.contains("Switch pack")
    });
    tmux.send(&["P"]);
    tmux.wait_for("the folder still listed", |s| {
        s.contains("Installed pack (open now)") && s.contains("Folder pack")
    });
    tmux.send(&["End", "Enter"]);
    tmux.wait_for("the folder pack again", |s| {
        s.contains("· Folder pack ·") && !s.contains("Switch pack")
    });
    // Its commands name the folder, as when it was opened.
    tmux.send(&["Enter"]);
    let folder_shown = std::path::absolute(folder.path()).unwrap();
    let command = format!("--pack {} start notes", folder_shown.display());
    tmux.wait_for("the folder's start command", |s| {
        s.replace('\n', "").contains(&command) || s.contains("start notes")
    });
    let text = tmux.text();
    assert!(text.contains(&command), "{text}");
    tmux.send(&["q"]);
    tmux.wait_for("the shell back", left_the_ui);
}
