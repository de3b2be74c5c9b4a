//! The progress screen: labs done per stage, activity day by day, the
//! streak, time to first green check, and a nudge when one helps.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::app::App;
use super::frame::bar;
use super::markdown::wrap_text;
use super::path_screen::stuck_lines;
use super::stats::{activity, day_of_month, duration_words, streak, time_to_green, DayActivity};
use super::text;
use crate::words::count;

/// What the time-to-green numbers measure, said on the screen.
pub const TIME_TO_GREEN: &str = "From opening a lab to the first check your work turned green:";

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let nudge = stuck_lines(app, area.width);
    let [nudge_area, main] =
        Layout::vertical([Constraint::Length(nudge.len() as u16), Constraint::Fill(1)]).areas(area);
    Paragraph::new(nudge).render(nudge_area, buf);
    let [top, chart] = Layout::vertical([Constraint::Fill(1), Constraint::Length(9)]).areas(main);
    let [stages, numbers] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(top);
    render_stages(app, stages, buf);
    render_numbers(app, numbers, buf);
    render_chart(app, chart, buf);
}

fn render_stages(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.settings.theme;
    let block = Block::bordered().title(" Labs done ");
    let inner = block.inner(area);
    block.render(area, buf);
    let width = usize::from(inner.width);
    let mut lines = vec![Line::from(Span::styled(app.path.summary(), theme.accent()))];
    lines.extend(app.path.stages.iter().map(|s| {
        let count = format!(
            " {} {}/{}",
            bar(s.done, s.labs.len(), 5),
            s.done,
            s.labs.len()
        );
        let room = width.saturating_sub(text::width(&count));
        Line::from(vec![
            Span::raw(text::fit(&s.title, room)),
            Span::styled(count, theme.gauge()),
        ])
    }));
    Paragraph::new(lines).render(inner, buf);
}

fn render_numbers(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.settings.theme;
    let block = Block::bordered().title(" You ");
    let inner = block.inner(area);
    block.render(area, buf);
    let days = streak(&app.progress, app.now);
    let today = activity(&app.progress, app.now, 1)[0];
    let mut lines = vec![Line::from(vec![
        Span::styled("Streak ", theme.dim()),
        Span::styled(count(days, "day"), theme.accent()),
    ])];
    let today = format!(
        "Today: {} run, {} done",
        count(today.checks_run, "check"),
        count(today.labs_done, "lab")
    );
    lines.extend(wrap_text(&today, Style::new(), "", "  ", inner.width));
    lines.extend(wrap_text(TIME_TO_GREEN, theme.dim(), "", "", inner.width));
    let greens = time_to_green(&app.progress);
    if greens.is_empty() {
        lines.push(Line::from("  none yet"));
    }
    let room = usize::from(inner.width).saturating_sub(12);
    for (id, secs) in greens
        .iter()
        .take(usize::from(inner.height).saturating_sub(lines.len()))
    {
        lines.push(Line::from(format!(
            "  {} {:>8}",
            text::fit(id, room),
            duration_words(*secs)
        )));
    }
    Paragraph::new(lines).render(inner, buf);
}

fn render_chart(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.settings.theme;
    let inner_width = area.width.saturating_sub(2 + 7);
    let days = usize::from(inner_width / 3).clamp(1, 14);
    let data = activity(&app.progress, app.now, days);
    let block = Block::bordered().title(format!(
        " Last {}: check runs (bars) and labs done ",
        count(days, "day")
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    let height = usize::from(inner.height.saturating_sub(2)).max(1);
    let max = data.iter().map(|d| d.checks_run).max().unwrap_or(0).max(1);
    let mut lines: Vec<Line<'static>> = (0..height)
        .map(|row| {
            let level = height - row; // 1-based from the bottom
            let label = if row == 0 {
                format!("{max:>5}  ")
            } else {
                " ".repeat(7)
            };
            let mut spans = vec![Span::styled(label, theme.dim())];
            for d in &data {
                let filled = (d.checks_run * height).div_ceil(max) >= level && d.checks_run > 0;
                spans.push(Span::styled(
                    if filled { "██ " } else { "   " },
                    theme.gauge(),
                ));
            }
            Line::from(spans)
        })
        .collect();
    lines.push(day_row(
        "labs   ",
        &data,
        |d| match d.labs_done {
            0 => "·".to_string(),
            n => n.to_string(),
        },
        theme.ok(),
    ));
    lines.push(day_row(
        "day    ",
        &data,
        |d| format!("{:02}", day_of_month(d.day)),
        theme.dim(),
    ));
    Paragraph::new(lines).render(inner, buf);
}

fn day_row(
    label: &str,
    data: &[DayActivity],
    cell: impl Fn(&DayActivity) -> String,
    style: Style,
) -> Line<'static> {
    let mut spans = vec![Span::styled(label.to_string(), Style::new())];
    for d in data {
        spans.push(Span::styled(format!("{:<3}", cell(d)), style));
    }
    Line::from(spans)
}
