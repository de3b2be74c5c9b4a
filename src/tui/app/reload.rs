//! Progress written by someone else: `opslab check`, `hint`, `start` or
//! `reset` in another terminal. When the file changes on disk it is read
//! again (after the UI's own pending writes) and the view follows it; a
//! damaged or unreadable file leaves the view as it was, with a notice.

use super::{App, Effect, Panel, Popup, Screen};
use crate::tui::model::{path_view, ProgressOnDisk};

/// Ends the notice shown while the file on disk cannot be used.
const KEPT: &str = "showing your progress as last read.";

impl App {
    pub(super) fn on_progress_reloaded(
        &mut self,
        writes: u64,
        result: Result<ProgressOnDisk, String>,
    ) -> Vec<Effect> {
        if writes != self.writes {
            // Read before the UI's newest write was saved: showing it would
            // undo that change for a moment. Read again after it.
            return vec![Effect::ReloadProgress {
                writes: self.writes,
            }];
        }
        match result {
            Ok(disk) => self.show_reloaded(disk),
            Err(why) => self.keep_view(&why),
        }
    }

    fn keep_view(&mut self, why: &str) -> Vec<Effect> {
        let mut why = why.to_string();
        if let Some(first) = why.get(..1) {
            why.replace_range(..1, &first.to_uppercase());
        }
        let notice = format!("{why}; {KEPT}");
        if self.notice.as_ref() == Some(&notice) {
            return vec![];
        }
        self.notice = Some(notice);
        vec![Effect::TraceAfterDraw("progress-reloaded")]
    }

    fn show_reloaded(&mut self, disk: ProgressOnDisk) -> Vec<Effect> {
        let cleared = self.notice.as_deref().is_some_and(|n| n.ends_with(KEPT));
        if cleared {
            self.notice = None;
        }
        if disk.progress == self.progress && disk.workspaces == self.settings.workspaces {
            return match cleared {
                true => vec![Effect::TraceAfterDraw("progress-reloaded")],
                false => vec![], // the UI's own write coming back: nothing new
            };
        }
        let hints_before = self.open_lab_hints();
        self.progress = disk.progress;
        self.settings.workspaces = disk.workspaces;
        self.path = path_view(&self.pack, &self.progress);
        let hints_now = self.open_lab_hints();
        if hints_now > hints_before {
            // A hint revealed elsewhere (`opslab hint`): bring it into view
            // as `h` does.
            if let Screen::Lab(s) = &mut self.screen {
                s.focus = Panel::Checks;
                s.checks_scroll = u16::MAX;
            }
        }
        if let Some(s) = self.lab_screen() {
            let lab = &self.pack.labs[s.lab];
            if hints_now >= lab.hints.len() || self.progress.is_done(&lab.id) {
                self.popups.retain(|p| !matches!(p, Popup::Nudge { .. }));
            }
        }
        self.clamp_scroll();
        vec![Effect::TraceAfterDraw("progress-reloaded")]
    }

    /// Hints shown for the open lab (0 when no lab is open).
    fn open_lab_hints(&self) -> usize {
        self.lab_screen()
            .and_then(|s| self.progress.lab(&self.pack.labs[s.lab].id))
            .map_or(0, |p| p.hints_used)
    }
}
