//! Text on screen is measured in columns and never dropped: a lab titled in
//! Japanese keeps its minutes right-aligned on the learning path, and a long
//! regex or key path in the checklist, a popup or the brief is broken at
//! the panel's edge and goes on on the next line. Rendered into a test
//! terminal (`ratatui::TestBackend`), compared cell by cell and as snapshots.

mod tui_support;

use insta::assert_snapshot;
use opslab::tui::{Key, Msg, Popup};
use opslab::verify::Outcome;
use tui_support::*;

/// A pattern as pack authors write them: no space to wrap at.
const REGEX: &str =
    r"/^(feat|fix|docs|chore|refactor|test|ci|build|perf|style)(\([a-z0-9-]+\))?!?:\s.+$/";
const KEY_PATH: &str =
    "services.web.deploy.resources.limits.memory.reservations.devices[0].capabilities";

/// Where `needle` starts in `row`, in columns.
fn column_of(row: &str, needle: &str) -> Option<usize> {
    let at = row.find(needle)?;
    Some(unicode_width::UnicodeWidthStr::width(&row[..at]))
}

/// The text of a panel's rows between `from` and `to` (columns, inner),
/// each with the leading indent removed, joined.
fn panel_text(rows: &[String], from: usize, to: usize) -> String {
    rows.iter()
        .map(|r| {
            let cells: String = r.chars().skip(from).take(to - from).collect();
            cells.trim().to_string()
        })
        .collect()
}

/// Rows as a snapshot shows them: without trailing spaces.
fn shown(rows: &[String]) -> String {
    let rows: Vec<&str> = rows.iter().map(|r| r.trim_end()).collect();
    rows.join("\n")
}

#[test]
fn a_wide_title_keeps_its_minutes_right_aligned() {
    let mut pack = pack();
    pack.labs[0].title = "短いコミット".into();
    let mut app = app_on(pack);
    let rows = draw(&mut app, 80, 24);
    let wide = rows
        .iter()
        .find(|r| r.starts_with("│  ") && r.contains("短いコミット"))
        .expect("the title shows");
    let other = rows
        .iter()
        .find(|r| r.contains("Commit cleanly"))
        .expect("another lab shows");
    // Right-aligned: "min ★" ends where the other row's "min" does.
    assert_eq!(
        column_of(wide, "min ★").map(|c| c + 2),
        column_of(other, "min"),
        "the minutes line up:\n{wide}\n{other}"
    );
    assert!(wide.trim_end().ends_with("5 min ★│"), "{wide}");
    assert_snapshot!("path_screen_wide_title", shown(&rows));
}

#[test]
fn a_wide_title_is_cut_by_width_in_a_narrow_list() {
    let mut pack = pack();
    pack.labs[0].title = "短いコミットを書いて履歴をきれいに保つための練習".into();
    let mut app = app_on(pack);
    let rows = draw(&mut app, 60, 20);
    let wide = rows
        .iter()
        .find(|r| r.starts_with("│  ") && r.contains("短い"))
        .unwrap();
    let other = rows.iter().find(|r| r.contains("Commit cleanly")).unwrap();
    assert_eq!(
        column_of(wide, "min ★").map(|c| c + 2),
        column_of(other, "min"),
        "{wide}\n{other}"
    );
    assert!(wide.contains('…'), "a cut title says so: {wide}");
    let width = unicode_width::UnicodeWidthStr::width(wide.as_str());
    assert_eq!(width, 60, "the row fills the window exactly: {wide}");
}

/// Opens the notes lab with one failed check whose expected and found
/// values are a long regex and a long key path.
fn failed_with_long_words() -> opslab::tui::App {
    let mut app = app();
    let effects = app.open_lab(lab_index(&app, "notes"));
    let effects = app.update(Msg::WorkspaceState {
        watch: watch_of(&effects),
        exists: true,
    });
    let generation = verify_generation(&effects).unwrap();
    let failed = Outcome::failed_with_hint(
        REGEX,
        format!("no value at {KEY_PATH}"),
        format!("Set `{KEY_PATH}` in compose.yaml."),
    );
    app.update(Msg::Verified {
        generation,
        report: report("notes", &[failed]),
    });
    app
}

#[test]
fn a_long_regex_and_key_path_in_the_checklist_are_wrapped_whole() {
    let mut app = failed_with_long_words();
    let rows = draw(&mut app, 80, 30);
    // The checklist is the right half: columns 41..79 inside its border.
    let text = panel_text(&rows, 41, 79);
    assert!(
        text.contains(REGEX),
        "the whole regex shows:\n{}",
        rows.join("\n")
    );
    assert!(
        text.contains(KEY_PATH),
        "the whole key path shows:\n{}",
        rows.join("\n")
    );
    assert_snapshot!("lab_screen_long_words", shown(&rows));

    // One panel at a time in a narrow window: still whole.
    keys(&mut app, &[Key::Tab]);
    let rows = draw(&mut app, 60, 30);
    let text = panel_text(&rows, 1, 59);
    assert!(text.contains(REGEX), "{}", rows.join("\n"));
    assert!(text.contains(KEY_PATH), "{}", rows.join("\n"));
}

#[test]
fn a_long_word_in_a_popup_is_wrapped_whole() {
    let mut app = app();
    app.popups.push(Popup::Message(format!(
        "Could not reset notes: cannot write {KEY_PATH}/{KEY_PATH}"
    )));
    let rows = draw(&mut app, 80, 24);
    // The popup is 64 columns wide, centred: inner columns 9..71.
    let text = panel_text(&rows, 9, 71);
    assert!(
        text.contains(&format!("{KEY_PATH}/{KEY_PATH}")),
        "{}",
        rows.join("\n")
    );
}

#[test]
fn a_long_word_in_the_brief_is_wrapped_whole() {
    let mut pack = pack();
    pack.labs[0].brief =
        format!("Match this:\n\n{KEY_PATH}{KEY_PATH}\n\n```\n{REGEX}{REGEX}\n```\n");
    let mut app = app_on(pack);
    app.open_lab(0);
    let rows = draw(&mut app, 80, 30);
    let text = panel_text(&rows, 1, 39);
    assert!(
        text.contains(&format!("{KEY_PATH}{KEY_PATH}")),
        "{}",
        rows.join("\n")
    );
    assert!(
        text.contains(&format!("{REGEX}{REGEX}")),
        "{}",
        rows.join("\n")
    );
}

#[test]
fn a_long_workspace_folder_is_shown_whole() {
    let mut app = app();
    let folder = "~/courses/2026-autumn/devops-foundations/hands-on/opslab-workspaces";
    app.settings.workspace_display = folder.into();
    let effects = app.open_lab(lab_index(&app, "notes"));
    app.update(Msg::WorkspaceState {
        watch: watch_of(&effects),
        exists: true,
    });
    for (width, from, to) in [(80, 41, 79), (60, 1, 59)] {
        let rows = draw(&mut app, width, 30);
        let text = panel_text(&rows, from, to);
        let whole = format!("{folder}/notes");
        assert!(
            text.contains(&format!("Folder {whole}")) && text.contains(&format!("cd {whole}")),
            "{}",
            rows.join("\n")
        );
    }
}

#[test]
fn a_popup_taller_than_the_window_scrolls_to_its_end() {
    let mut app = app();
    let words: Vec<String> = (1..=120).map(|i| format!("word{i}")).collect();
    app.popups.push(Popup::Message(format!(
        "Could not reset notes: {}",
        words.join(" ")
    )));
    let first = draw(&mut app, 60, 20);
    assert!(
        first.iter().any(|r| r.contains("↓ more")),
        "{}",
        first.join("\n")
    );
    assert!(!first.iter().any(|r| r.contains("word120")));
    // Down scrolls (the message stays open); End shows the last words.
    keys(&mut app, &[Key::Down]);
    assert!(
        !app.popups.is_empty(),
        "an arrow scrolls, it does not close"
    );
    assert!(draw(&mut app, 60, 20).iter().any(|r| r.contains("↑↓ more")));
    keys(&mut app, &[Key::End]);
    let last = draw(&mut app, 60, 20);
    assert!(
        last.iter().any(|r| r.contains("word120")),
        "{}",
        last.join("\n")
    );
    assert!(last.iter().any(|r| r.contains("Press any key")));
    // Every word shows at some position: nothing is out of reach.
    let mut seen = String::new();
    keys(&mut app, &[Key::Home]);
    for _ in 0..40 {
        seen.push_str(&draw(&mut app, 60, 20).join("\n"));
        keys(&mut app, &[Key::Down]);
    }
    let seen: std::collections::BTreeSet<&str> =
        seen.split(|c: char| !c.is_alphanumeric()).collect();
    for word in &words {
        assert!(seen.contains(word.as_str()), "{word} never shows");
    }
    keys(&mut app, &[Key::Char('x')]);
    assert!(app.popups.is_empty(), "any other key still closes it");
}

#[test]
fn a_long_docker_message_keeps_its_fix_whole() {
    let mut app = app();
    let why = "Docker is not answering at unix:///home/learner/.docker/run/docker.sock (No such file or directory (os error 2)). Start it with `sudo systemctl start docker` (or `sudo dockerd &`), or set DOCKER_HOST to where it listens.";
    app.update(Msg::DockerDown(why.into()));
    for width in [60, 80] {
        let rows = draw(&mut app, width, 24);
        let said: Vec<&str> = rows.iter().map(|r| r.trim()).collect();
        assert!(
            said.join(" ").contains(why),
            "the reason and its fix show whole at {width} columns:\n{}",
            rows.join("\n")
        );
    }
}

#[test]
fn the_start_smaller_nudge_never_ends_mid_sentence() {
    let mut pack = pack();
    pack.labs[0].brief = format!(
        "{}.\n",
        "Create the file and write a first line in it ".repeat(6)
    );
    let mut app = app_on(pack);
    for id in ["commit", "run", "notes"] {
        let effects = app.open_lab(lab_index(&app, id));
        app.update(Msg::WorkspaceState {
            watch: watch_of(&effects),
            exists: true,
        });
        let generation = app.generation();
        app.update(Msg::Verified {
            generation,
            report: report(id, &[Outcome::failed_with_hint("a", "b", "c")]),
        });
    }
    app.update(Msg::Key(Key::Esc));
    let rows = draw(&mut app, 80, 24);
    let said: String = rows.iter().map(|r| r.trim()).collect::<Vec<_>>().join(" ");
    assert!(
        said.contains("Finish one small lab first: Keep notes in a file (5 min)."),
        "{}",
        rows.join("\n")
    );
    assert!(
        !said.contains("First step"),
        "a first step that does not fit is left out whole"
    );
}

#[test]
fn a_long_notice_in_the_status_line_is_shown_whole() {
    let mut app = app();
    app.settings.workspace_display = "~/courses/2026-autumn/devops-foundations/hands-on".into();
    let effects = app.open_lab(lab_index(&app, "notes"));
    app.update(Msg::WorkspaceState {
        watch: watch_of(&effects),
        exists: false,
    });
    keys(&mut app, &[Key::Char('s')]);
    app.update(Msg::WorkspaceStarted {
        lab: "notes".into(),
        result: Ok(opslab::workspace::Opened::Created { files: 3 }),
    });
    let notice = app.notice.clone().expect("a notice says where to work");
    assert!(notice.ends_with("cd ~/courses/2026-autumn/devops-foundations/hands-on/notes"));
    for width in [60, 80] {
        let rows = draw(&mut app, width, 24);
        let said: Vec<&str> = rows.iter().map(|r| r.trim()).collect();
        assert!(said.join(" ").contains(&notice), "{}", rows.join("\n"));
    }
}

#[test]
fn counts_of_one_are_singular_on_every_screen() {
    let mut app = app();
    assert_eq!(
        app.pack.labs[0].checks.len(),
        1,
        "the fixture lab has one check"
    );
    let path = draw(&mut app, 100, 30).join("\n");
    assert!(path.contains("about 5 min · 1 check"), "{path}");
    app.open_lab(0);
    let lab = draw(&mut app, 80, 24).join("\n");
    assert!(lab.contains("about 5 min · 1 check"), "{lab}");
    for screen in [&path, &lab] {
        assert!(!screen.contains("1 checks"), "{screen}");
    }
    app.update(Msg::Key(Key::Esc));
    app.update(Msg::Key(Key::Char('p')));
    let progress = draw(&mut app, 80, 24).join("\n");
    assert!(
        progress.contains("Streak 1 day "),
        "the lab opened today counts: {progress}"
    );
    assert!(progress.contains("0 checks run"), "{progress}");
}
