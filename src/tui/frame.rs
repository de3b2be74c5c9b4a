//! The whole screen as a pure function of `&App`: title bar, Docker banner,
//! the current screen, the status line and any popups on top.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::{App, DockerStatus, Screen};
use super::markdown::wrap_text;
use super::text;

/// The smallest window the screens are laid out for.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(area, buf);
            return;
        }
        let theme = self.settings.theme;
        let banner = banner_lines(self, area.width);
        let status = status_lines(self, area.width);
        let [title, banner_area, body, status_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(banner.len() as u16),
            Constraint::Fill(1),
            Constraint::Length(status.len() as u16),
        ])
        .areas(area);
        title_bar(self, title, buf);
        Paragraph::new(banner)
            .style(theme.banner())
            .render(banner_area, buf);
        match &self.screen {
            Screen::Path { selected } => super::path_screen::render(self, *selected, body, buf),
            Screen::Lab(lab) => super::lab_view::render(self, lab, body, buf),
            Screen::Progress => super::progress_view::render(self, body, buf),
        }
        Paragraph::new(status).render(status_area, buf);
        for popup in &self.popups {
            super::popup::render(self, popup, area, buf);
        }
    }
}

/// The area the current screen gets, for an app of `app.size`.
pub fn body_area(app: &App) -> Rect {
    let (w, h) = app.size;
    let banner = banner_lines(app, w).len() as u16;
    let status = status_lines(app, w).len() as u16;
    Rect::new(0, 1 + banner, w, h.saturating_sub(1 + banner + status))
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let text = format!(
        "Window too small ({}×{}). opslab needs at least {MIN_WIDTH}×{MIN_HEIGHT}: make the terminal bigger, or press q to quit.",
        area.width, area.height
    );
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

fn title_bar(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.settings.theme;
    let screen = match app.screen {
        Screen::Path { .. } => "Learning path",
        Screen::Lab(_) => "Lab",
        Screen::Progress => "Progress",
    };
    let left = Line::from(vec![
        Span::styled(" opslab ", theme.accent()),
        Span::raw(format!(
            "· {} · {screen}",
            text::cut(&app.pack.title, usize::from(area.width))
        )),
    ]);
    Paragraph::new(left).render(area, buf);
    let right = Line::from(Span::styled("?: keys  q: quit ", theme.dim())).right_aligned();
    let width = right.width() as u16;
    if area.width > width + 30 {
        let r = Rect::new(area.right() - width, area.y, width, 1);
        Paragraph::new(right).render(r, buf);
    }
}

/// Lines the Docker banner takes at most with its general note.
const BANNER_LINES: usize = 4;

/// The Docker banner: shown while the daemon does not answer.
fn banner_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let DockerStatus::Down(why) = &app.docker else {
        return vec![];
    };
    let full = format!(
        "Docker is not reachable. {why} File and git checks keep working; Docker checks show \"could not run\" and re-run by themselves when the daemon is back."
    );
    let wrap = |text: &str| wrap_text(text, Style::new(), " ", " ", width.saturating_sub(1));
    let lines = wrap(&full);
    if lines.len() <= BANNER_LINES {
        return lines;
    }
    // Too long: what is wrong and how to fix it is kept whole; the general
    // note goes (the checklist says "could not run" anyway).
    wrap(&format!("Docker is not reachable. {why}"))
}

/// The status line: a notice, wrapped so a long one (a folder to `cd`
/// into) is shown whole; else the main keys of the screen on one line (`?`
/// lists them all).
fn status_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let theme = app.settings.theme;
    match &app.notice {
        Some(notice) => wrap_text(notice, theme.warn(), " ", " ", width.saturating_sub(1)),
        None => {
            let keys = text::cut(&short_keys(app), usize::from(width.saturating_sub(1)));
            vec![Line::from(Span::styled(format!(" {keys}"), theme.dim()))]
        }
    }
}

fn short_keys(app: &App) -> String {
    match &app.screen {
        Screen::Path { .. } => {
            "↑↓ choose · Enter open · n next · p progress · P packs · ? keys · q quit".into()
        }
        Screen::Lab(s) if s.workspace_exists == Some(false) => {
            "s create the workspace · Tab panel · h hint · Esc back · ? keys · q quit".into()
        }
        Screen::Lab(_) => {
            "Tab panel · r run · h hint · R reset · Esc back · ? keys · q quit".into()
        }
        // Enter opens the suggestion, so it is offered only when there is
        // one, and named.
        Screen::Progress => match app.suggestion().and_then(|i| app.pack.labs.get(i)) {
            Some(lab) => format!(
                "Enter open “{}” (suggested) · Esc back · ? keys · q quit",
                text::cut(&lab.title, 60)
            ),
            None => "Esc back · ? keys · q quit".into(),
        },
    }
}

/// A text bar such as `█████░░░░░` for `done` of `total`.
pub fn bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width).checked_div(total).unwrap_or(0).min(width);
    "█".repeat(filled) + &"░".repeat(width - filled)
}
