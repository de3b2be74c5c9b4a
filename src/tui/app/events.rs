//! Messages from outside the keyboard about the open lab: Docker coming and
//! going, Docker objects changing, and the idle timer that offers a hint.

use crate::verify::docker::DockerEvent;

use super::{App, DockerStatus, Effect, Popup};

impl App {
    fn open_lab_needs_docker(&self) -> bool {
        self.lab_screen()
            .is_some_and(|s| self.pack.labs[s.lab].needs_docker())
    }

    pub(super) fn on_docker(&mut self, status: DockerStatus) -> Vec<Effect> {
        if self.docker == status {
            return vec![];
        }
        self.docker = status;
        if self.open_lab_needs_docker() {
            return self.rerun();
        }
        vec![]
    }

    pub(super) fn on_docker_event(&mut self, event: &DockerEvent) -> Vec<Effect> {
        if !event.changes_state() || !self.open_lab_needs_docker() {
            return vec![];
        }
        let mut effects = self.rerun();
        effects.push(self.rearm_idle());
        effects
    }

    /// Starts the idle timer again: something just happened in the lab.
    pub(super) fn rearm_idle(&mut self) -> Effect {
        self.idle += 1;
        Effect::ArmIdle {
            generation: self.idle,
            after: self.settings.idle_after,
        }
    }

    /// The idle timer ran out: offer the next hint, unless the workspace
    /// is not there yet (nothing was tried, so nothing is stuck), the lab
    /// is done, every hint is shown, or a popup is already open.
    pub(super) fn on_idle(&mut self, generation: u64) -> Vec<Effect> {
        let Some(s) = self.lab_screen() else {
            return vec![];
        };
        if s.workspace_exists != Some(true) {
            return vec![];
        }
        let lab = &self.pack.labs[s.lab];
        let used = self.progress.lab(&lab.id).map_or(0, |p| p.hints_used);
        let done = self.progress.is_done(&lab.id);
        if generation != self.idle || done || used >= lab.hints.len() || !self.popups.is_empty() {
            return vec![];
        }
        self.popups.push(Popup::Nudge { lab: s.lab });
        vec![]
    }
}
