//! The open lab: its keys, scrolling, running its checks, revealing hints,
//! and the results coming back.

use crate::verify::Report;

use super::{App, CheckState, Effect, Panel, Popup, Record, Screen};
use crate::tui::keys::Key;
use crate::tui::lab_view::scroll_limits;
use crate::tui::model::{first_own_green, path_view, AttemptView};

/// Said when the checks cannot run because the workspace is missing.
pub const NO_WORKSPACE_YET: &str =
    "The workspace is not created yet: press s to create it, then the checks run.";

impl App {
    pub(super) fn on_lab_key(&mut self, key: Key) -> Vec<Effect> {
        let Screen::Lab(s) = &mut self.screen else {
            return vec![];
        };
        let lab = s.lab;
        match key {
            Key::Tab | Key::BackTab => {
                s.focus = match s.focus {
                    Panel::Brief => Panel::Checks,
                    Panel::Checks => Panel::Brief,
                };
            }
            Key::Esc | Key::Left | Key::Char('b') => return self.back_to_path(Some(lab)),
            Key::Char('r') => {
                if s.workspace_exists == Some(false) {
                    self.notice = Some(NO_WORKSPACE_YET.into());
                }
                return self.rerun();
            }
            Key::Char('s') => return self.start_workspace(),
            Key::Char('h') => return self.reveal_hint(),
            Key::Char('R') => self.popups.push(Popup::ConfirmReset { lab }),
            Key::Char('n') => {
                return match self.lab_after(lab) {
                    Some(n) => self.open_lab(n),
                    None => vec![],
                };
            }
            Key::Char('p') => {
                let effects = self.back_to_path(Some(lab));
                self.screen = Screen::Progress;
                return effects;
            }
            other => self.scroll(other),
        }
        vec![]
    }

    /// The lab `n` opens from `lab`: the next one on the path, else the
    /// one after it in the pack.
    fn lab_after(&self, lab: usize) -> Option<usize> {
        self.path
            .next
            .filter(|n| *n != lab)
            .or_else(|| (lab + 1 < self.pack.labs.len()).then_some(lab + 1))
    }

    fn scroll(&mut self, key: Key) {
        let (brief_max, checks_max, page) = scroll_limits(self);
        let Screen::Lab(s) = &mut self.screen else {
            return;
        };
        let (pos, max) = match s.focus {
            Panel::Brief => (&mut s.brief_scroll, brief_max),
            Panel::Checks => (&mut s.checks_scroll, checks_max),
        };
        *pos = match key {
            k if k.is_up() => pos.saturating_sub(1),
            k if k.is_down() => pos.saturating_add(1),
            Key::PageUp => pos.saturating_sub(page),
            Key::PageDown | Key::Char(' ') => pos.saturating_add(page),
            Key::Home | Key::Char('g') => 0,
            Key::End | Key::Char('G') => max,
            _ => *pos,
        }
        .min(max);
    }

    pub(super) fn clamp_scroll(&mut self) {
        if matches!(self.screen, Screen::Lab(_)) {
            let (brief_max, checks_max, _) = scroll_limits(self);
            if let Screen::Lab(s) = &mut self.screen {
                s.brief_scroll = s.brief_scroll.min(brief_max);
                s.checks_scroll = s.checks_scroll.min(checks_max);
            }
        }
    }

    /// Starts a new run of the open lab's checks; older runs are superseded.
    /// Nothing runs until the workspace is known to exist: without it every
    /// check would only say the workspace is missing.
    pub(super) fn rerun(&mut self) -> Vec<Effect> {
        let Screen::Lab(s) = &mut self.screen else {
            return vec![];
        };
        if s.workspace_exists != Some(true) {
            return vec![];
        }
        self.generation += 1;
        for row in &mut s.checks {
            row.state = match std::mem::replace(&mut row.state, CheckState::Waiting) {
                CheckState::Done(o) => CheckState::Running(Some(o)),
                CheckState::Running(o) => CheckState::Running(o),
                CheckState::Waiting => CheckState::Running(None),
            };
        }
        let lab = self.pack.labs[s.lab].clone();
        vec![Effect::Verify {
            generation: self.generation,
            lab: Box::new(lab),
            workspace: s.workspace.clone(),
        }]
    }

    pub(super) fn reveal_hint(&mut self) -> Vec<Effect> {
        let Screen::Lab(s) = &self.screen else {
            return vec![];
        };
        let lab = &self.pack.labs[s.lab];
        let id = lab.id.clone();
        let total = lab.hints.len();
        let entry = self.progress.lab_mut(&id);
        if entry.hints_used >= total {
            self.notice = Some(if total == 0 {
                "This lab has no hints.".into()
            } else {
                "Every hint is shown; the checklist says what is still missing.".into()
            });
            return vec![];
        }
        entry.hints_used += 1;
        let shown = entry.hints_used;
        if let Screen::Lab(s) = &mut self.screen {
            s.focus = Panel::Checks;
            s.checks_scroll = u16::MAX;
        }
        self.clamp_scroll();
        self.counted(vec![Effect::Record(Record::Hint {
            lab: id,
            at: self.now,
            shown,
        })])
    }

    pub(super) fn on_verified(&mut self, generation: u64, report: Report) -> Vec<Effect> {
        let Screen::Lab(s) = &mut self.screen else {
            return vec![];
        };
        if generation != self.generation || report.lab != self.pack.labs[s.lab].id {
            return vec![]; // stale: a newer run was asked for, or the lab changed
        }
        for (row, result) in s.checks.iter_mut().zip(&report.results) {
            row.state = CheckState::Done(result.outcome.clone());
        }
        let index = s.lab;
        let mut effects = vec![
            self.record_attempt(index, &report),
            Effect::TraceAfterDraw("checks-drawn"),
        ];
        if report.all_passed() {
            effects.extend(self.finish_lab(index));
        }
        self.clamp_scroll();
        self.counted(effects)
    }

    /// Notes a run of lab `index`'s checks in the progress shown.
    fn record_attempt(&mut self, index: usize, report: &Report) -> Effect {
        let id = self.pack.labs[index].id.clone();
        let (passed, total) = (report.passed(), report.results.len());
        let now = self.now;
        let entry = self.progress.lab_mut(&id);
        entry.attempts.push(AttemptView {
            at: now,
            passed,
            total,
            errors: report.errors(),
        });
        if entry.first_green.is_none() {
            entry.first_green = first_own_green(&entry.attempts);
        }
        self.path = path_view(&self.pack, &self.progress);
        Effect::Record(Record::Attempt {
            lab: id,
            at: now,
            passed,
            failed: report.failed(),
            errors: report.errors(),
        })
    }

    /// Every check of lab `index` passed: the first time, mark it done and
    /// celebrate.
    fn finish_lab(&mut self, index: usize) -> Vec<Effect> {
        let id = self.pack.labs[index].id.clone();
        let now = self.now;
        let entry = self.progress.lab_mut(&id);
        if entry.is_done() {
            return vec![];
        }
        entry.done = Some(now);
        self.path = path_view(&self.pack, &self.progress);
        let next = self.path.next;
        self.popups.retain(|p| !matches!(p, Popup::Nudge { .. }));
        self.popups.push(Popup::Success { lab: index, next });
        vec![
            Effect::Record(Record::Done { lab: id, at: now }),
            Effect::TraceAfterDraw("lab-done"),
        ]
    }
}
