//! The pack picker's text (`P`): each pack with its id, version, title,
//! number of labs and how many of them the learner has done; a pack that
//! does not load, with its problem.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::app::{App, PackChoice};
use super::markdown::{wrap_text, wrap_text_within};
use crate::words::count;

/// Lines a pack's problem takes at most in the list.
const PROBLEM_LINES: usize = 3;

/// The picker's title.
pub const TITLE: &str = " Switch pack · Esc keeps this one ";

/// The picker's lines for a popup `width` columns wide inside, and the rows
/// (first, end) the selected pack takes, to keep it in view.
pub fn lines(app: &App, width: u16) -> (Vec<Line<'static>>, (usize, usize)) {
    let theme = app.settings.theme;
    let picker = app.picker.as_ref();
    let Some(choices) = picker.and_then(|p| p.choices.as_ref()) else {
        return (vec![Line::from("Looking for packs…")], (0, 1));
    };
    let selected = picker.map_or(0, |p| p.selected);
    let mut lines = Vec::new();
    let mut span = (0, 1);
    for (i, choice) in choices.iter().enumerate() {
        let start = lines.len();
        lines.extend(entry(app, choice, i == selected, width));
        if i == selected {
            span = (start, lines.len());
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "↑↓ choose · Enter switch to it · Esc keep this pack",
        theme.dim(),
    )));
    (lines, span)
}

/// One pack: a line with its title, then what it holds (or its problem).
fn entry(app: &App, choice: &PackChoice, selected: bool, width: u16) -> Vec<Line<'static>> {
    let theme = app.settings.theme;
    let marker = if selected { "▶ " } else { "  " };
    let title_style = if selected {
        theme.selected()
    } else {
        Style::new()
    };
    match &choice.pack {
        Ok(ready) => {
            let mut title = ready.pack.title.clone();
            if app.is_current(ready) {
                title.push_str(" (open now)");
            }
            let mut lines = wrap_text(&title, title_style, marker, "  ", width);
            let mut about = format!(
                "{} {} · {} · {} done",
                ready.pack.id,
                ready.pack.version,
                count(ready.pack.labs.len(), "lab"),
                ready.done(),
            );
            if ready.pack.source.root().is_none() {
                about.push_str(&format!(" · {}", choice.origin));
            }
            lines.extend(wrap_text(&about, theme.dim(), "    ", "    ", width));
            lines.extend(origin(app, choice, width));
            lines
        }
        Err(problem) => {
            let title = format!("✗ {} (cannot be opened)", choice.name);
            let mut lines = wrap_text(&title, theme.bad(), marker, "  ", width);
            lines.extend(origin(app, choice, width));
            let problem = problem.replace('\n', "; ");
            lines.extend(wrap_text_within(
                &problem,
                theme.dim(),
                "    ",
                "    ",
                width,
                PROBLEM_LINES,
            ));
            lines
        }
    }
}

/// "in FOLDER" for a pack in a folder; nothing for the built-in pack.
fn origin(app: &App, choice: &PackChoice, width: u16) -> Vec<Line<'static>> {
    let built_in = choice
        .pack
        .as_ref()
        .is_ok_and(|r| r.pack.source.root().is_none());
    if built_in {
        return vec![];
    }
    let text = format!("in {}", choice.origin);
    wrap_text(&text, app.settings.theme.dim(), "    ", "    ", width)
}

/// How far to scroll `lines` so the selected rows show in `room` rows.
pub fn scroll(span: (usize, usize), total: usize, room: usize) -> usize {
    let (_, end) = span;
    // The footer shows too when the last pack is chosen.
    let end = if end + 2 >= total { total } else { end };
    end.saturating_sub(room)
}
