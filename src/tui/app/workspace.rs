//! The open lab's workspace: what the watcher says about it, creating it
//! with `s`, and resetting it to its starter files.

use crate::workspace::Opened;

use super::{App, Effect, LabScreen, Popup, Screen};
use crate::tui::model::path_view;

impl App {
    /// The open lab, if `watch` is the watcher of its workspace.
    fn lab_watched(&mut self, watch: u64) -> Option<&mut LabScreen> {
        match &mut self.screen {
            Screen::Lab(s) if watch == self.watch => Some(s),
            _ => None,
        }
    }

    pub(super) fn on_watch_failed(&mut self, watch: u64, why: String) -> Vec<Effect> {
        if let Some(s) = self.lab_watched(watch) {
            s.watch_error = Some(why);
        }
        vec![]
    }

    pub(super) fn on_workspace_state(&mut self, watch: u64, exists: bool) -> Vec<Effect> {
        let Some(s) = self.lab_watched(watch) else {
            return vec![];
        };
        if s.workspace_exists == Some(true) {
            return vec![]; // a change inside it already said so
        }
        s.workspace_exists = Some(exists);
        if exists {
            self.note_workspace();
        }
        self.rerun()
    }

    pub(super) fn on_workspace(&mut self, watch: u64) -> Vec<Effect> {
        let Some(s) = self.lab_watched(watch) else {
            return vec![];
        };
        // Any change inside the workspace means it is there now.
        s.workspace_exists = Some(true);
        self.note_workspace();
        let mut effects = self.rerun();
        effects.push(self.rearm_idle());
        effects
    }

    /// The open lab's workspace exists: the lab is in progress from now
    /// on (as `opslab list` says once the workspace is recorded).
    fn note_workspace(&mut self) {
        let Some(index) = self.lab_screen().map(|s| s.lab) else {
            return;
        };
        let id = self.pack.labs[index].id.clone();
        let entry = self.progress.lab_mut(&id);
        if !entry.workspace {
            entry.workspace = true;
            self.path = path_view(&self.pack, &self.progress);
        }
    }

    /// `s`: creates the open lab's workspace, as `opslab start` does.
    pub(super) fn start_workspace(&mut self) -> Vec<Effect> {
        let Some(index) = self.lab_screen().map(|s| s.lab) else {
            return vec![];
        };
        let lab = self.pack.labs[index].clone();
        let shown = self.workspace_shown(&lab);
        let Screen::Lab(s) = &mut self.screen else {
            return vec![];
        };
        match (s.workspace_exists, s.creating) {
            (Some(false), false) => {
                s.creating = true;
                self.notice = Some(format!("Creating the workspace at {shown}…"));
                let start = Effect::StartWorkspace {
                    workspace: s.workspace.clone(),
                    lab: Box::new(lab),
                };
                self.counted(vec![start])
            }
            (Some(true), _) => {
                self.notice = Some(format!("The workspace already exists: cd {shown}"));
                vec![]
            }
            _ => vec![],
        }
    }

    pub(super) fn on_workspace_started(
        &mut self,
        lab: &str,
        result: Result<Opened, String>,
    ) -> Vec<Effect> {
        let open = self
            .lab_screen()
            .is_some_and(|s| self.pack.labs[s.lab].id == lab);
        let shown = match self.pack.lab(lab) {
            Some(l) => self.workspace_shown(l),
            None => lab.to_string(),
        };
        if let Screen::Lab(s) = &mut self.screen {
            if open {
                s.creating = false;
            }
        }
        match result {
            Err(why) => {
                self.notice = None;
                self.popups.push(Popup::Message(format!(
                    "Could not create the workspace for {lab}: {why}"
                )));
                vec![]
            }
            Ok(opened) => {
                self.notice = Some(started_notice(&shown, opened));
                if !open {
                    return vec![];
                }
                if let Screen::Lab(s) = &mut self.screen {
                    s.workspace_exists = Some(true);
                }
                self.note_workspace();
                let mut effects = self.rerun();
                effects.push(self.rearm_idle());
                effects
            }
        }
    }

    pub(super) fn on_reset_done(&mut self, lab: &str, result: Result<(), String>) -> Vec<Effect> {
        match result {
            Err(why) => {
                self.notice = None;
                self.popups
                    .push(Popup::Message(format!("Could not reset {lab}: {why}")));
                vec![]
            }
            Ok(()) => {
                self.notice = Some(format!("{lab} is reset to its starter files."));
                match self.lab_screen() {
                    Some(s) if self.pack.labs[s.lab].id == lab => self.open_lab(s.lab),
                    _ => vec![],
                }
            }
        }
    }
}

/// What the status bar says once the workspace shown as `shown` is made.
fn started_notice(shown: &str, opened: Opened) -> String {
    match opened {
        Opened::Created { files } => format!(
            "Created {shown} with {} in a new git repository. Work there: cd {shown}",
            crate::words::count(files, "starter file")
        ),
        Opened::Existing => format!("{shown} already had files; nothing was overwritten."),
    }
}
