//! Keys as the app understands them, and the key list `?` shows on each
//! screen. The terminal's own key events are converted at the edge
//! (`runtime`), so the app and its tests never see crossterm types.

/// A key press.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    /// Ctrl-C: quits like `q`.
    Interrupt,
}

impl Key {
    pub fn is_up(self) -> bool {
        matches!(self, Key::Up | Key::Char('k'))
    }
    pub fn is_down(self) -> bool {
        matches!(self, Key::Down | Key::Char('j'))
    }
}

/// Which key list to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyContext {
    Path,
    Lab,
    Progress,
}

const EVERYWHERE: &[(&str, &str)] = &[
    ("P", "switch to another pack"),
    ("?", "show or hide this list of keys"),
    ("q  Ctrl-C", "quit"),
];

/// Every key of a screen, with what it does.
pub fn keys_for(context: KeyContext) -> Vec<(&'static str, &'static str)> {
    let own: &[(&str, &str)] = match context {
        KeyContext::Path => &[
            ("↑ ↓  k j", "choose a lab"),
            ("PgUp PgDn", "move by a page"),
            ("Home End  g G", "first or last lab"),
            ("Enter  l  →", "open the lab"),
            ("n", "go to the recommended next lab"),
            ("p  Tab", "progress screen"),
        ],
        KeyContext::Lab => &[
            ("Tab  Shift-Tab", "move between the brief and the checklist"),
            ("↑ ↓  k j", "scroll the focused panel"),
            (
                "PgUp PgDn  Home End",
                "scroll by a page, to the top or the end",
            ),
            ("s", "create the workspace (when there is none yet)"),
            ("r", "run the checks now (they also run by themselves)"),
            ("h", "reveal the next hint"),
            ("R", "reset the lab (asks first)"),
            ("n", "open the next lab"),
            ("p", "progress screen"),
            ("Esc  ←", "back to the learning path"),
        ],
        KeyContext::Progress => &[
            ("Esc  ←  Tab", "back to the learning path"),
            ("Enter", "open the suggested lab"),
        ],
    };
    own.iter().chain(EVERYWHERE.iter()).copied().collect()
}
