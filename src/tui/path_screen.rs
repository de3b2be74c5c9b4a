//! The learning path: stages and their labs with status, a gauge per stage
//! and overall, and the recommended next lab.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Widget};

use super::app::App;
use super::frame::bar;
use super::markdown::{wrap_text, wrap_text_within};
use super::model::LabStatus;
use super::nudge::{first_step, smallest_when_stuck};
use super::text;
use super::theme::Theme;

pub fn render(app: &App, selected: usize, area: Rect, buf: &mut Buffer) {
    let theme = app.settings.theme;
    let nudge = stuck_lines(app, area.width);
    let [gauge, next, nudge_area, main] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(nudge.len() as u16),
        Constraint::Fill(1),
    ])
    .areas(area);
    Gauge::default()
        .ratio(f64::from(app.path.percent()) / 100.0)
        .label(app.path.summary())
        .gauge_style(theme.gauge())
        .render(gauge, buf);
    Paragraph::new(next_line(app, next.width)).render(next, buf);
    Paragraph::new(nudge).render(nudge_area, buf);
    let wide = area.width >= 90;
    let (list, detail) = if wide {
        let [l, d] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(main);
        (l, d)
    } else {
        let [l, d] = Layout::vertical([Constraint::Fill(1), Constraint::Length(6)]).areas(main);
        (l, d)
    };
    render_list(app, selected, list, buf);
    render_detail(app, selected, detail, buf);
}

/// The recommended next lab on one line of `width` columns; a title too
/// long for it is cut.
fn next_line(app: &App, width: u16) -> Line<'static> {
    let theme = app.settings.theme;
    match app.path.next.and_then(|i| app.pack.labs.get(i)) {
        Some(lab) => {
            let tail = format!(" (about {} min) — press n", lab.minutes);
            let room = usize::from(width).saturating_sub(8 + text::width(&tail));
            Line::from(vec![
                Span::styled("★ Next: ", theme.accent()),
                Span::styled(text::cut(&lab.title, room.max(8)), theme.accent()),
                Span::raw(tail),
            ])
        }
        None if app.path.total > 0 && app.path.done == app.path.total => {
            Line::from(Span::styled("Every lab is done. Well done!", theme.ok()))
        }
        None => Line::from("No lab is available yet."),
    }
}

/// The "start smaller" nudge, when several labs were started and none got
/// a check turned green. With the lab's first step at most three lines:
/// when the step does not fit, it is left to the lab's brief rather than
/// cut. Without it at most five (a longer lab title is cut with `…`).
pub fn stuck_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let Some(index) = smallest_when_stuck(&app.pack, &app.progress) else {
        return vec![];
    };
    let lab = &app.pack.labs[index];
    let nudge = format!(
        "You started several labs and your work has not turned a check green in any yet. Finish one small lab first: {} ({} min).",
        lab.title, lab.minutes,
    );
    let wrap = |text: &str, rows| {
        wrap_text_within(text, app.settings.theme.warn(), "» ", "  ", width, rows)
    };
    let lines = wrap(&format!("{nudge} First step: {}", first_step(lab)), 4);
    if lines.len() <= 3 {
        return lines;
    }
    wrap(&nudge, 5)
}

fn status_style(theme: Theme, status: LabStatus) -> Style {
    match status {
        LabStatus::Done => theme.ok(),
        LabStatus::InProgress => theme.warn(),
        LabStatus::Available => Style::new(),
        LabStatus::Locked => theme.dim(),
    }
}

fn render_list(app: &App, selected: usize, area: Rect, buf: &mut Buffer) {
    let theme = app.settings.theme;
    let block = Block::bordered().title(" Learning path ");
    let inner = block.inner(area);
    block.render(area, buf);
    let width = usize::from(inner.width);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut selected_line = 0;
    for stage in &app.path.stages {
        let count = format!(
            " {} {}/{}",
            bar(stage.done, stage.labs.len(), 6),
            stage.done,
            stage.labs.len()
        );
        let room = width.saturating_sub(text::width(&count) + 1);
        lines.push(Line::from(vec![
            Span::styled(text::fit(&stage.title, room), theme.heading()),
            Span::raw(" "),
            Span::styled(count, theme.gauge()),
        ]));
        if stage.labs.is_empty() {
            lines.push(Line::from(Span::styled("  (no labs yet)", theme.dim())));
        }
        for row in &stage.labs {
            let next = app.path.next == Some(row.index);
            let tail = if next {
                format!(" {} min ★", row.minutes)
            } else {
                format!(" {} min", row.minutes)
            };
            let room = width.saturating_sub(4 + text::width(&tail));
            let mut style = status_style(theme, row.status);
            if next {
                style = style.patch(theme.accent());
            }
            let mut line = Line::from(vec![
                Span::raw(format!("  {} ", row.status.symbol())),
                Span::raw(text::fit(&row.title, room)),
                Span::styled(tail, theme.dim()),
            ])
            .style(style);
            if row.index == selected {
                selected_line = lines.len();
                line = line.style(style.patch(theme.selected()));
            }
            lines.push(line);
        }
    }
    let height = usize::from(inner.height);
    let offset = selected_line
        .saturating_sub(height / 2)
        .min(lines.len().saturating_sub(height));
    Paragraph::new(lines)
        .scroll((offset as u16, 0))
        .render(inner, buf);
}

fn render_detail(app: &App, selected: usize, area: Rect, buf: &mut Buffer) {
    let theme = app.settings.theme;
    let block = Block::bordered().title(" Lab ");
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(lab) = app.pack.labs.get(selected) else {
        Paragraph::new("This pack has no labs yet.").render(inner, buf);
        return;
    };
    let status = app.progress.status(&app.pack, &lab.id);
    // The title takes at most the panel: text below it would not show.
    let title_rows = usize::from(inner.height.max(1));
    let mut lines = wrap_text_within(&lab.title, theme.heading(), "", "", inner.width, title_rows);
    lines.push(Line::from(vec![
        Span::styled(
            format!("{} {}", status.symbol(), status.label()),
            status_style(theme, status),
        ),
        Span::raw(format!(
            " · about {} min · {}",
            lab.minutes,
            crate::words::count(lab.checks.len(), "check")
        )),
    ]));
    if status == LabStatus::Locked {
        let missing: Vec<&str> = lab
            .prerequisites
            .iter()
            .filter(|p| !app.progress.is_done(p))
            .map(String::as_str)
            .collect();
        lines.extend(wrap_text(
            &format!("Finish first: {}", missing.join(", ")),
            theme.dim(),
            "",
            "",
            inner.width,
        ));
    }
    lines.extend(wrap_text(&lab.summary, Style::new(), "", "", inner.width));
    lines.push(Line::from(Span::styled(
        "Enter: open this lab",
        theme.dim(),
    )));
    Paragraph::new(lines).render(inner, buf);
}
