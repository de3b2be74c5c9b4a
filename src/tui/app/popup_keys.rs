//! Keys while a popup is open: it takes every key until it is closed,
//! except the hint offer ("Stuck?"), which came unasked and passes on the
//! keys it does not answer. A popup taller than the window scrolls with
//! the arrows, PgUp PgDn and Home End.

use super::{App, Effect, Popup};
use crate::tui::keys::Key;

impl App {
    pub(super) fn on_popup_key(&mut self, popup: Popup, key: Key) -> Vec<Effect> {
        if popup == Popup::Packs {
            return self.on_picker_key(key);
        }
        if self.scroll_popup(&popup, key) {
            return vec![];
        }
        match (popup, key) {
            (_, Key::Char('q')) => self.quit(),
            (Popup::ConfirmReset { lab }, Key::Char('y' | 'Y')) => {
                self.popups.pop();
                self.reset(lab)
            }
            (Popup::Success { next, .. }, Key::Enter | Key::Char('n')) => {
                self.popups.pop();
                match next {
                    Some(next) => self.open_lab(next),
                    None => vec![],
                }
            }
            (Popup::Nudge { .. }, Key::Enter | Key::Char('h')) => {
                self.popups.pop();
                self.reveal_hint()
            }
            // The offer came unasked: Esc turns it down; any other key
            // turns it down and still does its own job.
            (Popup::Nudge { .. }, key) if key != Key::Esc => {
                self.popups.pop();
                self.on_key(key)
            }
            (popup, key) if closes(&popup, key) => {
                self.popups.pop();
                vec![]
            }
            _ => vec![],
        }
    }

    /// Scrolls a popup taller than the window; says whether `key` did.
    fn scroll_popup(&mut self, popup: &Popup, key: Key) -> bool {
        let max = crate::tui::popup::overflow(self, popup);
        if max == 0 {
            return false;
        }
        let page = self.size.1.saturating_sub(6).max(1);
        let pos = self.popup_scroll.min(max);
        self.popup_scroll = match key {
            k if k.is_up() => pos.saturating_sub(1),
            k if k.is_down() => pos.saturating_add(1),
            Key::PageUp => pos.saturating_sub(page),
            Key::PageDown | Key::Char(' ') => pos.saturating_add(page),
            Key::Home => 0,
            Key::End => max,
            _ => return false,
        }
        .min(max);
        true
    }

    /// `y` on the reset question: writes the starter files back.
    fn reset(&mut self, lab: usize) -> Vec<Effect> {
        let lab = self.pack.labs[lab].clone();
        let workspace = self.workspace_of(&lab);
        self.notice = Some(format!("Resetting {}…", lab.id));
        vec![Effect::Reset {
            lab: Box::new(lab),
            workspace,
        }]
    }
}

/// Whether `key` closes `popup` and does nothing else.
fn closes(popup: &Popup, key: Key) -> bool {
    match popup {
        Popup::Help(_) => matches!(key, Key::Esc | Key::Enter | Key::Char('?')),
        Popup::ConfirmReset { .. } => {
            matches!(key, Key::Char('n' | 'N') | Key::Esc | Key::Enter)
        }
        Popup::Success { .. } | Popup::Nudge { .. } => key == Key::Esc,
        Popup::Message(_) => true,
        Popup::Packs => key == Key::Esc,
    }
}
