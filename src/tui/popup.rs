//! Popups drawn over the current screen: the key list, the reset
//! confirmation, the moment of success, the hint nudge, messages and the
//! pack picker.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::app::{App, Popup};
use super::keys::{keys_for, KeyContext};
use super::markdown::wrap_text;
use super::model::LabStatus;
use super::pack_picker;
use super::text;
use crate::pack::Lab;

/// The popup's width for a window `window` columns wide.
fn popup_width(window: u16) -> u16 {
    window.saturating_sub(4).min(64)
}

/// The most lines a popup shows at once in a window `window` rows high.
fn room(window: u16) -> u16 {
    window.saturating_sub(4)
}

/// How many of `popup`'s lines do not fit in the app's window: how far it
/// scrolls (0 when it shows whole).
pub fn overflow(app: &App, popup: &Popup) -> u16 {
    if *popup == Popup::Packs {
        return 0; // it scrolls to keep the chosen pack in view
    }
    let (width, height) = app.size;
    let (_, lines, _) = content(app, popup, popup_width(width).saturating_sub(2));
    text::rows(lines.len()).saturating_sub(room(height))
}

pub fn render(app: &App, popup: &Popup, area: Rect, buf: &mut Buffer) {
    let width = popup_width(area.width);
    let inner_width = width.saturating_sub(2);
    let (title, lines, style) = content(app, popup, inner_width);
    let shown = text::rows(lines.len()).min(room(area.height));
    let height = shown + 2;
    let r = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    Clear.render(r, buf);
    let mut block = Block::bordered().title(title).border_style(style);
    // Taller than the window: the one on top scrolls, and says so.
    let hidden = text::rows(lines.len()).saturating_sub(shown);
    let on_top = app.popups.last() == Some(popup);
    let scroll = if *popup == Popup::Packs {
        let (_, span) = pack_picker::lines(app, inner_width);
        let total = lines.len();
        text::rows(pack_picker::scroll(span, total, usize::from(shown))).min(hidden)
    } else if on_top {
        app.popup_scroll.min(hidden)
    } else {
        0
    };
    if hidden > 0 {
        let more = match (scroll > 0, scroll < hidden) {
            (true, true) => " ↑↓ more ",
            (false, _) => " ↓ more ",
            (true, false) => " ↑ more ",
        };
        block = block.title_bottom(Line::from(more).right_aligned());
    }
    let inner = block.inner(r);
    block.render(r, buf);
    Paragraph::new(lines).scroll((scroll, 0)).render(inner, buf);
}

fn content(app: &App, popup: &Popup, width: u16) -> (String, Vec<Line<'static>>, Style) {
    let theme = app.settings.theme;
    match popup {
        Popup::Help(context) => (
            keys_title(*context),
            help_lines(app, *context, width),
            theme.focus_border(),
        ),
        Popup::ConfirmReset { lab } => (
            " Reset the lab? ".into(),
            reset_lines(app, &app.pack.labs[*lab], width),
            theme.bad(),
        ),
        Popup::Success { lab, next } => (
            " Lab done ".into(),
            success_lines(app, &app.pack.labs[*lab], *next, width),
            theme.ok(),
        ),
        Popup::Nudge { lab } => (
            " Stuck? ".into(),
            nudge_lines(app, &app.pack.labs[*lab], width),
            theme.warn(),
        ),
        Popup::Packs => (
            pack_picker::TITLE.into(),
            pack_picker::lines(app, width).0,
            theme.focus_border(),
        ),
        Popup::Message(text) => {
            let mut lines = wrap_text(text, Style::new(), "", "", width);
            lines.push(Line::from(Span::styled("Press any key", theme.dim())));
            (" Note ".into(), lines, theme.warn())
        }
    }
}

/// What a reset overwrites and removes, and the keys to answer.
fn reset_lines(app: &App, lab: &Lab, width: u16) -> Vec<Line<'static>> {
    let mut text = format!(
        "Reset {}? The starter files are written back over your workspace (files you added and your git history stay).",
        lab.title
    );
    if !lab.resources.is_empty() {
        let r = &lab.resources;
        let names: Vec<&str> = r
            .containers
            .iter()
            .chain(&r.images)
            .chain(&r.volumes)
            .chain(&r.networks)
            .map(String::as_str)
            .collect();
        text.push_str(&format!(" Docker objects removed: {}.", names.join(", ")));
    }
    let mut lines = wrap_text(&text, Style::new(), "", "", width);
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "y: reset    n or Esc: keep everything",
        app.settings.theme.accent(),
    )));
    lines
}

/// The lab is done: where the learner stands, and the next lab if any.
fn success_lines(app: &App, lab: &Lab, next: Option<usize>, width: u16) -> Vec<Line<'static>> {
    let theme = app.settings.theme;
    let mut lines = vec![Line::from(Span::styled(
        "✔ ✔ ✔  Every check passes!",
        theme.ok(),
    ))];
    lines.extend(wrap_text(
        &format!("{} is done.", lab.title),
        Style::new(),
        "",
        "",
        width,
    ));
    lines.push(Line::from(Span::styled(app.path.summary(), theme.gauge())));
    lines.push(Line::default());
    match next.and_then(|n| app.pack.labs.get(n)) {
        Some(next) => {
            lines.extend(wrap_text(
                &format!("Next: {} (about {} min)", next.title, next.minutes),
                theme.accent(),
                "",
                "",
                width,
            ));
            lines.push(Line::from(Span::styled(
                "Enter: open it    Esc: stay here",
                theme.dim(),
            )));
        }
        None => {
            lines.push(Line::from("That was the last lab available. Well done!"));
            lines.push(Line::from(Span::styled("Esc: close", theme.dim())));
        }
    }
    lines
}

/// The offer of the next hint after a quiet while.
fn nudge_lines(app: &App, lab: &Lab, width: u16) -> Vec<Line<'static>> {
    let used = app.progress.lab(&lab.id).map_or(0, |p| p.hints_used);
    let text = format!(
        "Nothing has changed here for a while. Would a hint help? Hint {} of {} is ready.",
        used + 1,
        lab.hints.len()
    );
    let mut lines = wrap_text(&text, Style::new(), "", "", width);
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "h or Enter: show it    Esc: not now",
        app.settings.theme.accent(),
    )));
    lines
}

fn keys_title(context: KeyContext) -> String {
    let name = match context {
        KeyContext::Path => "learning path",
        KeyContext::Lab => "lab",
        KeyContext::Progress => "progress",
    };
    format!(" Keys: {name} · Esc closes ")
}

/// The keys of `context` that do something now. Enter on the progress
/// screen opens the suggested lab, so, as in the status bar, it is listed
/// only when a lab is suggested.
fn keys_now(app: &App, context: KeyContext) -> Vec<(&'static str, &'static str)> {
    let mut keys = keys_for(context);
    if context == KeyContext::Progress && app.suggestion().is_none() {
        keys.retain(|(key, _)| *key != "Enter");
    }
    keys
}

fn help_lines(app: &App, context: KeyContext, width: u16) -> Vec<Line<'static>> {
    let theme = app.settings.theme;
    let keys = keys_now(app, context);
    let key_width = keys.iter().map(|(k, _)| text::width(k)).max().unwrap_or(0) + 2;
    let mut lines = Vec::new();
    for (key, what) in keys {
        let pad = " ".repeat(key_width - text::width(key));
        let rest = " ".repeat(key_width);
        let mut wrapped = wrap_text(what, Style::new(), &format!("{key}{pad}"), &rest, width);
        if let Some(first) = wrapped.first_mut() {
            if let Some(span) = first.spans.first_mut() {
                span.style = theme.accent();
            }
        }
        lines.extend(wrapped);
    }
    if context == KeyContext::Path {
        let legend: Vec<String> = [
            LabStatus::Done,
            LabStatus::InProgress,
            LabStatus::Available,
            LabStatus::Locked,
        ]
        .iter()
        .map(|s| format!("{} {}", s.symbol(), s.label()))
        .chain(["★ next".to_string()])
        .collect();
        lines.extend(wrap_text(&legend.join("  "), theme.dim(), "", "", width));
    }
    lines
}
