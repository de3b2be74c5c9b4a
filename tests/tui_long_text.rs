//! Text far longer than the screen, with no space to wrap at (a megabyte
//! lab title, a one-word brief of a mebibyte), is drawn like any other:
//! broken at the panel's edge, a title cut with `…` where its panel ends,
//! the brief scrollable to its last line. Rendered into a test terminal.
//! (How long such a frame takes is measured in `benches/tui.rs`.)

mod tui_support;

use opslab::tui::Key;
use tui_support::*;

const MB: usize = 1_000_000;

/// The panel rows between columns `from` and `to`, trimmed.
fn inside(rows: &[String], from: usize, to: usize) -> Vec<String> {
    rows.iter()
        .map(|r| r.chars().skip(from).take(to - from).collect::<String>())
        .map(|r| r.trim().to_string())
        .collect()
}

#[test]
fn a_megabyte_title_fills_the_lab_panel_and_ends_in_an_ellipsis() {
    let mut pack = pack();
    pack.labs[0].title = "t".repeat(MB);
    let mut app = app_on(pack);
    let rows = draw(&mut app, 100, 30);
    // The lab panel is on the right, below the title bar and gauges.
    let panel = inside(&rows, 56, 99);
    let title_rows: Vec<&String> = panel.iter().filter(|r| r.starts_with("ttt")).collect();
    assert!(title_rows.len() >= 3, "{}", rows.join("\n"));
    assert!(
        title_rows.last().unwrap().ends_with("t…"),
        "the panel's last title row says the title goes on:\n{}",
        rows.join("\n")
    );
    // The learning path and the next-lab line cut it to one row each.
    let listed = rows
        .iter()
        .find(|r| r.starts_with("│  ") && r.contains("ttt"));
    assert!(
        listed.is_some_and(|r| r.contains("t… 5 min")),
        "{}",
        rows.join("\n")
    );
    let next = rows.iter().find(|r| r.starts_with("★ Next: ")).unwrap();
    assert!(next.contains("t… (about 5 min) — press n"), "{next}");
}

#[test]
fn a_megabyte_title_on_the_lab_screen_leaves_the_panel_usable() {
    let mut pack = pack();
    pack.labs[0].title = "t".repeat(MB);
    let mut app = app_on(pack);
    app.open_lab(0);
    let rows = draw(&mut app, 80, 24);
    let brief = inside(&rows, 1, 39);
    let shown: Vec<&String> = brief.iter().filter(|r| r.starts_with("ttt")).collect();
    assert!(!shown.is_empty(), "{}", rows.join("\n"));
    assert!(
        shown.iter().all(|r| r.chars().count() <= 38),
        "{}",
        rows.join("\n")
    );
    // Scrolled to the end: past the title (no taller than the panel), the
    // minutes and the brief show.
    keys(&mut app, &[Key::End]);
    let rows = draw(&mut app, 80, 24);
    let said = inside(&rows, 1, 39).join(" ");
    assert!(
        said.contains("about 5 min · 1 check"),
        "{}",
        rows.join("\n")
    );
}

#[test]
fn a_mebibyte_one_word_brief_is_broken_at_the_edge_and_scrolls_to_its_end() {
    let mut pack = pack();
    let word = "b".repeat(1 << 20);
    pack.labs[0].brief = format!("{word}.\n\nThe end.\n");
    let mut app = app_on(pack);
    app.open_lab(0);
    let rows = draw(&mut app, 80, 24);
    let brief = inside(&rows, 1, 39);
    assert!(
        brief.iter().any(|r| *r == "b".repeat(38)),
        "a full row of the word:\n{}",
        rows.join("\n")
    );
    keys(&mut app, &[Key::End]);
    let rows = draw(&mut app, 80, 24);
    assert!(
        inside(&rows, 1, 39).iter().any(|r| r == "The end."),
        "the brief's last line is in reach:\n{}",
        rows.join("\n")
    );
}
