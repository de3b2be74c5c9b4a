//! Colours, or none: with `NO_COLOR` set (https://no-color.org) every style
//! falls back to bold, underline and reverse so meaning survives.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    pub fn plain() -> Theme {
        Theme { color: false }
    }

    fn pick(self, color: Style, plain: Style) -> Style {
        if self.color {
            color
        } else {
            plain
        }
    }

    pub fn ok(self) -> Style {
        self.pick(Style::new().fg(Color::Green), Style::new())
    }
    pub fn bad(self) -> Style {
        self.pick(
            Style::new().fg(Color::Red),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn warn(self) -> Style {
        self.pick(Style::new().fg(Color::Yellow), Style::new())
    }
    pub fn dim(self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }
    pub fn accent(self) -> Style {
        self.pick(Style::new().fg(Color::Cyan), Style::new())
            .add_modifier(Modifier::BOLD)
    }
    pub fn heading(self) -> Style {
        self.pick(Style::new().fg(Color::Magenta), Style::new())
            .add_modifier(Modifier::BOLD)
    }
    pub fn code(self) -> Style {
        self.pick(Style::new().fg(Color::Yellow), Style::new())
    }
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn focus_border(self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn banner(self) -> Style {
        self.pick(
            Style::new().fg(Color::White).bg(Color::Red),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }
    pub fn gauge(self) -> Style {
        self.pick(Style::new().fg(Color::Green), Style::new())
    }
}
