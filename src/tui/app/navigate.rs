//! Keys and moving between screens: the learning path, the progress
//! screen, opening a lab and leaving it.

use crate::pack::Lab;

use super::{App, Effect, LabScreen, Popup, Record, Screen};
use crate::tui::keys::Key;
use crate::tui::model::{path_view, LabStatus};

impl App {
    /// A key: first to the popup on top, else to the screen in front.
    pub(super) fn on_key(&mut self, key: Key) -> Vec<Effect> {
        self.notice = None;
        if matches!(key, Key::Interrupt) {
            return self.quit();
        }
        // The screen only says "Window too small": no key may act on what
        // the learner cannot see.
        if self.too_small() {
            return match key {
                Key::Char('q') => self.quit(),
                _ => vec![],
            };
        }
        if let Some(popup) = self.popups.last().cloned() {
            return self.on_popup_key(popup, key);
        }
        match key {
            Key::Char('q') => return self.quit(),
            Key::Char('?') => {
                self.popups.push(Popup::Help(self.key_context()));
                return vec![];
            }
            Key::Char('P') => return self.open_picker(),
            _ => {}
        }
        let mut effects = match &self.screen {
            Screen::Path { selected } => self.on_path_key(*selected, key),
            Screen::Lab(_) => self.on_lab_key(key),
            Screen::Progress => self.on_progress_key(key),
        };
        if matches!(self.screen, Screen::Lab(_)) {
            effects.push(self.rearm_idle());
        }
        effects
    }

    fn on_path_key(&mut self, selected: usize, key: Key) -> Vec<Effect> {
        let last = self.pack.labs.len().saturating_sub(1);
        let page = usize::from(self.size.1.saturating_sub(8).max(1));
        let moved = match key {
            k if k.is_up() => selected.saturating_sub(1),
            k if k.is_down() => (selected + 1).min(last),
            Key::PageUp => selected.saturating_sub(page),
            Key::PageDown => (selected + page).min(last),
            Key::Home | Key::Char('g') => 0,
            Key::End | Key::Char('G') => last,
            Key::Char('n') => self.path.next.unwrap_or(selected),
            Key::Enter | Key::Char('l') | Key::Right if !self.pack.labs.is_empty() => {
                return self.open_lab(selected)
            }
            Key::Char('p') | Key::Tab | Key::BackTab => {
                self.screen = Screen::Progress;
                return vec![];
            }
            _ => selected,
        };
        self.screen = Screen::Path { selected: moved };
        vec![]
    }

    fn on_progress_key(&mut self, key: Key) -> Vec<Effect> {
        match key {
            Key::Esc | Key::Left | Key::Tab | Key::BackTab | Key::Char('p' | 'h') => {
                self.back_to_path(None)
            }
            Key::Enter => match self.suggestion() {
                Some(lab) => self.open_lab(lab),
                None => vec![],
            },
            _ => vec![],
        }
    }

    /// The lab the learner is best off doing now: the smallest available one
    /// when several were started and none got a check turned green, else
    /// the next.
    pub fn suggestion(&self) -> Option<usize> {
        crate::tui::nudge::smallest_when_stuck(&self.pack, &self.progress).or(self.path.next)
    }

    /// Shows the learning path with `lab` (else the next lab) selected; an
    /// open lab stops being watched and checked.
    pub(super) fn back_to_path(&mut self, lab: Option<usize>) -> Vec<Effect> {
        let selected = lab.or(self.path.next).unwrap_or(0);
        let was_lab = matches!(self.screen, Screen::Lab(_));
        self.screen = Screen::Path { selected };
        if was_lab {
            self.generation += 1;
            self.idle += 1;
            return vec![Effect::StopWatching];
        }
        vec![]
    }

    /// Opens a lab: shows its brief, watches its workspace and runs its checks.
    pub fn open_lab(&mut self, index: usize) -> Vec<Effect> {
        let Some(lab) = self.pack.labs.get(index).cloned() else {
            return vec![];
        };
        let workspace = self.workspace_of(&lab);
        self.watch += 1;
        self.popups.clear();
        if let Some(note) = self.locked_note(&lab) {
            self.notice = Some(note);
        }
        self.screen = Screen::Lab(LabScreen::new(index, &lab, workspace.clone()));
        let mut effects = vec![Effect::Watch {
            watch: self.watch,
            workspace,
        }];
        effects.extend(self.record_opened(&lab));
        effects.extend(self.rerun());
        effects.push(self.rearm_idle());
        self.counted(effects)
    }

    /// "Locked: finish … first" when `lab` still waits for prerequisites.
    fn locked_note(&self, lab: &Lab) -> Option<String> {
        if self.progress.status(&self.pack, &lab.id) != LabStatus::Locked {
            return None;
        }
        let missing: Vec<&str> = lab
            .prerequisites
            .iter()
            .filter(|p| !self.progress.is_done(p))
            .map(String::as_str)
            .collect();
        Some(format!("Locked: finish {} first", missing.join(", ")))
    }

    /// Notes the first time `lab` is opened.
    fn record_opened(&mut self, lab: &Lab) -> Option<Effect> {
        let entry = self.progress.lab_mut(&lab.id);
        if entry.opened.is_some() {
            return None;
        }
        entry.opened = Some(self.now);
        self.path = path_view(&self.pack, &self.progress);
        Some(Effect::Record(Record::Opened {
            lab: lab.id.clone(),
            at: self.now,
            workspace: self.workspace_of(lab),
        }))
    }
}
