//! The lab screen: the brief, where the workspace is and how to start, the
//! checklist with expected-versus-found feedback, and revealed hints.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::app::{App, CheckState, LabScreen, Panel};
use super::markdown::{inline, render as markdown, wrap_pieces, wrap_text, wrap_text_within};
use super::text::rows;
use super::theme::Theme;
use crate::verify::Outcome;

/// Side by side at this width and wider; one panel at a time below it.
const SIDE_BY_SIDE: u16 = 70;

struct Areas {
    workspace: Rect,
    brief: Option<Rect>,
    checks: Option<Rect>,
}

/// Where the panels go. The workspace panel is as tall as its wrapped
/// lines (a long folder path is shown whole), up to half the body.
fn areas(app: &App, s: &LabScreen, body: Rect, focus: Panel) -> Areas {
    let wide = body.width >= SIDE_BY_SIDE;
    let [left, right] = if wide {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(body)
    } else {
        [body, body]
    };
    let inner_width = right.width.saturating_sub(2);
    let lines = rows(workspace_lines(app, s, inner_width).len());
    let height = (lines + 2).min(body.height / 2).max(4);
    let [workspace, rest] =
        Layout::vertical([Constraint::Length(height), Constraint::Fill(1)]).areas(right);
    if wide {
        return Areas {
            workspace,
            brief: Some(left),
            checks: Some(rest),
        };
    }
    Areas {
        workspace,
        brief: (focus == Panel::Brief).then_some(rest),
        checks: (focus == Panel::Checks).then_some(rest),
    }
}

/// Inner size of a bordered panel.
fn inner(r: Rect) -> Rect {
    Block::bordered().inner(r)
}

/// (largest brief scroll, largest checklist scroll, page size) for the
/// app's window size.
pub fn scroll_limits(app: &App) -> (u16, u16, u16) {
    let Some(s) = app.lab_screen() else {
        return (0, 0, 1);
    };
    let body = super::frame::body_area(app);
    // In narrow windows both panels share one place; measure both there.
    let a = areas(app, s, body, Panel::Brief);
    let b = areas(app, s, body, Panel::Checks);
    let brief = a.brief.map(inner).unwrap_or_default();
    let checks = b.checks.map(inner).unwrap_or_default();
    let brief_lines = rows(brief_lines(app, s, brief).len());
    let check_lines = rows(checklist_lines(app, s, checks.width).len());
    let page = brief.height.max(checks.height).saturating_sub(1).max(1);
    (
        brief_lines.saturating_sub(brief.height),
        check_lines.saturating_sub(checks.height),
        page,
    )
}

pub fn render(app: &App, s: &LabScreen, body: Rect, buf: &mut Buffer) {
    let a = areas(app, s, body, s.focus);
    render_workspace(app, s, a.workspace, buf);
    let narrow = body.width < SIDE_BY_SIDE;
    if let Some(r) = a.brief {
        let title = if narrow {
            " Brief · Tab: checklist "
        } else {
            " Brief "
        };
        let lines = brief_lines(app, s, inner(r));
        panel(
            app,
            s.focus == Panel::Brief,
            title,
            lines,
            s.brief_scroll,
            r,
            buf,
        );
    }
    if let Some(r) = a.checks {
        let title = checklist_title(s, narrow);
        let lines = checklist_lines(app, s, inner(r).width);
        panel(
            app,
            s.focus == Panel::Checks,
            &title,
            lines,
            s.checks_scroll,
            r,
            buf,
        );
    }
}

fn panel(
    app: &App,
    focused: bool,
    title: &str,
    lines: Vec<Line<'static>>,
    scroll: u16,
    r: Rect,
    buf: &mut Buffer,
) {
    let theme = app.settings.theme;
    let border = if focused {
        theme.focus_border()
    } else {
        Style::new()
    };
    let block = Block::bordered()
        .title(title.to_string())
        .border_style(border);
    let area = block.inner(r);
    block.render(r, buf);
    let max = rows(lines.len()).saturating_sub(area.height);
    Paragraph::new(lines)
        .scroll((scroll.min(max), 0))
        .render(area, buf);
}

/// The brief panel's lines for its inner `area`: the title (at most as
/// tall as the panel), minutes and checks, then the brief.
fn brief_lines(app: &App, s: &LabScreen, area: Rect) -> Vec<Line<'static>> {
    let lab = &app.pack.labs[s.lab];
    let theme = app.settings.theme;
    let width = area.width;
    let title_rows = usize::from(area.height.max(1));
    let mut lines = wrap_text_within(&lab.title, theme.heading(), "", "", width, title_rows);
    lines.push(Line::from(Span::styled(
        format!(
            "about {} min · {}",
            lab.minutes,
            crate::words::count(lab.checks.len(), "check")
        ),
        theme.dim(),
    )));
    lines.push(Line::default());
    lines.extend(markdown(&lab.brief, width, theme));
    lines
}

fn render_workspace(app: &App, s: &LabScreen, r: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(" Workspace · work in another terminal ");
    let area = block.inner(r);
    block.render(r, buf);
    Paragraph::new(workspace_lines(app, s, area.width)).render(area, buf);
}

/// Where the workspace is and the command that starts or enters it,
/// wrapped to `width`.
fn workspace_lines(app: &App, s: &LabScreen, width: u16) -> Vec<Line<'static>> {
    let theme = app.settings.theme;
    let lab = &app.pack.labs[s.lab];
    let shown = app.workspace_shown(lab);
    let start = match s.workspace_exists {
        Some(true) => format!("cd {shown}"),
        Some(false) if s.creating => "creating…".to_string(),
        Some(false) => format!("{} start {}", app.settings.command, lab.id),
        None => "…".to_string(),
    };
    let width = usize::from(width.max(8));
    let mut lines = wrap_pieces(&[(shown, Style::new())], "Folder ", "       ", width);
    if let Some(first) = lines.first_mut().and_then(|l| l.spans.first_mut()) {
        first.style = theme.dim();
    }
    let mut second = match &s.watch_error {
        Some(why) => wrap_pieces(&[(why.clone(), theme.warn())], "", "", width),
        None => wrap_pieces(&[(start, theme.code())], "Start  ", "       ", width),
    };
    if s.watch_error.is_none() {
        if let Some(first) = second.first_mut().and_then(|l| l.spans.first_mut()) {
            first.style = theme.dim();
        }
    }
    lines.extend(second);
    lines
}

fn checklist_title(s: &LabScreen, narrow: bool) -> String {
    let passed = s
        .checks
        .iter()
        .filter(|c| matches!(&c.state, CheckState::Done(o) if o.is_passed()))
        .count();
    let running = s
        .checks
        .iter()
        .any(|c| matches!(c.state, CheckState::Running(_)));
    let mut title = format!(" Checks {passed}/{} ", s.checks.len());
    if running {
        title.push_str("· checking… ");
    }
    if narrow {
        title.push_str("· Tab: brief ");
    }
    title
}

/// The checklist and the hints shown so far, wrapped to `width`.
pub fn checklist_lines(app: &App, s: &LabScreen, width: u16) -> Vec<Line<'static>> {
    let theme = app.settings.theme;
    let missing = s.workspace_exists == Some(false);
    let mut lines = if missing {
        not_created_lines(app, s, width)
    } else {
        Vec::new()
    };
    for row in &s.checks {
        let (mark, word, style, outcome) = match &row.state {
            CheckState::Waiting if missing => ("·", "not started", theme.dim(), None),
            CheckState::Waiting => ("·", "not run yet", theme.dim(), None),
            CheckState::Running(prev) => ("…", "running", theme.dim(), prev.as_ref()),
            CheckState::Done(o @ Outcome::Passed) => ("✔", "passed", theme.ok(), Some(o)),
            CheckState::Done(o @ Outcome::Failed { .. }) => ("✘", "failed", theme.bad(), Some(o)),
            CheckState::Done(o @ Outcome::Error { .. }) => {
                ("!", "could not run", theme.warn(), Some(o))
            }
            CheckState::Done(o @ Outcome::Waiting { .. }) => ("·", "waiting", theme.dim(), Some(o)),
        };
        let mut pieces = inline(&row.title, style, theme);
        pieces.push((format!(" — {word}"), theme.dim()));
        lines.extend(wrap_pieces(
            &pieces,
            &format!("{mark} "),
            "  ",
            usize::from(width.max(8)),
        ));
        if let Some(outcome) = outcome {
            lines.extend(outcome_lines(outcome, theme, width));
        }
    }
    lines.extend(hint_lines(app, s, width));
    lines
}

/// Under a check: what was expected and found (with its hint), or why it
/// could not run.
fn outcome_lines(outcome: &Outcome, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    match outcome {
        Outcome::Failed {
            expected,
            actual,
            hint,
            also,
        } => {
            lines.extend(wrap_text(
                expected,
                Style::new(),
                "  expected: ",
                "            ",
                width,
            ));
            lines.extend(wrap_text(
                actual,
                theme.bad(),
                "  found:    ",
                "            ",
                width,
            ));
            for (label, text) in [("  hint: ", hint), ("  also: ", also)] {
                if let Some(text) = text {
                    let pieces = inline(text, theme.dim(), theme);
                    lines.extend(wrap_pieces(
                        &pieces,
                        label,
                        "        ",
                        usize::from(width.max(8)),
                    ));
                }
            }
        }
        Outcome::Error { why } => {
            lines.extend(wrap_text(why, theme.warn(), "  why: ", "       ", width));
        }
        Outcome::Waiting { what, .. } => {
            lines.extend(wrap_text(
                what,
                theme.dim(),
                "  waits for: ",
                "             ",
                width,
            ));
        }
        Outcome::Passed => {}
    }
    lines
}

/// Why the checks have not run: there is no workspace to check yet.
fn not_created_lines(app: &App, s: &LabScreen, width: u16) -> Vec<Line<'static>> {
    let theme = app.settings.theme;
    let lab = &app.pack.labs[s.lab];
    let text = if s.creating {
        "Creating the workspace… the checks run as soon as it is there.".to_string()
    } else {
        format!(
            "The workspace is not created yet, so the checks have not run. Press `s` to create it here (or run `{} start {}` in a terminal).",
            app.settings.command, lab.id
        )
    };
    let pieces = inline(&text, theme.warn(), theme);
    let mut lines = wrap_pieces(&pieces, "", "", usize::from(width.max(8)));
    lines.push(Line::default());
    lines
}

fn hint_lines(app: &App, s: &LabScreen, width: u16) -> Vec<Line<'static>> {
    let theme = app.settings.theme;
    let lab = &app.pack.labs[s.lab];
    let used = app
        .progress
        .lab(&lab.id)
        .map_or(0, |p| p.hints_used)
        .min(lab.hints.len());
    let mut lines = vec![Line::default()];
    let header = match (lab.hints.len(), used) {
        (0, _) => "This lab has no hints.".to_string(),
        (total, used) if used == total => format!("Hints: all {total} shown"),
        (total, used) => format!("Hints: {used} of {total} shown · h: show the next"),
    };
    lines.push(Line::from(Span::styled(header, theme.dim())));
    for (i, hint) in lab.hints.iter().take(used).enumerate() {
        let first = format!("{}. ", i + 1);
        let pieces = inline(hint, Style::new(), theme);
        lines.extend(wrap_pieces(
            &pieces,
            &first,
            "   ",
            usize::from(width.max(8)),
        ));
    }
    lines
}
