//! Switching packs without leaving the UI: `P` opens the pack picker,
//! which lists the packs found by the runtime ([`Effect::ListPacks`]);
//! Enter on one that loads puts the whole UI on it (the learning path, its
//! own progress, the commands the UI suggests), Esc leaves the pack as it
//! was. A pack that does not load is listed with its problem and cannot be
//! chosen.

use super::{App, Effect, Popup, Screen};
use crate::pack::Pack;
use crate::tui::keys::Key;
use crate::tui::model::{path_view, ProgressOnDisk};

/// One pack the picker lists.
#[derive(Clone, Debug)]
pub struct PackChoice {
    /// Where it comes from: "built in", or its folder as shown
    /// (`~/.local/share/opslab/packs/web`).
    pub origin: String,
    /// The pack id, or the folder's name when the pack does not load.
    pub name: String,
    /// The pack ready to switch to, or why it cannot be used.
    pub pack: Result<Box<PackReady>, String>,
}

/// A pack that loads, with what the UI needs to switch to it.
#[derive(Clone, Debug)]
pub struct PackReady {
    pub pack: Pack,
    /// The learner's progress in it, as last read.
    pub progress: ProgressOnDisk,
    /// How the learner runs opslab on it (`opslab --pack web`).
    pub command: String,
}

impl PackReady {
    /// Labs of the pack the learner has done.
    pub fn done(&self) -> usize {
        let labs = &self.pack.labs;
        labs.iter()
            .filter(|l| self.progress.progress.is_done(&l.id))
            .count()
    }
}

/// The pack picker's state while it is open.
#[derive(Clone, Debug, Default)]
pub struct Picker {
    /// None while the packs are being looked for.
    pub choices: Option<Vec<PackChoice>>,
    pub selected: usize,
    /// Which opening of the picker this is; a list found for an earlier
    /// one is dropped.
    asked: u64,
}

impl App {
    /// `P`: opens the picker and asks for the packs.
    pub(super) fn open_picker(&mut self) -> Vec<Effect> {
        let asked = self.picker.as_ref().map_or(0, |p| p.asked) + 1;
        self.picker = Some(Picker {
            asked,
            ..Picker::default()
        });
        self.popups.push(Popup::Packs);
        vec![Effect::ListPacks {
            asked,
            opened_on: self.opened_on.clone(),
        }]
    }

    /// Whether `ready` is the pack shown now.
    pub fn is_current(&self, ready: &PackReady) -> bool {
        ready.pack.id == self.pack.id && ready.pack.source.root() == self.pack.source.root()
    }

    pub(super) fn on_packs_listed(&mut self, asked: u64, choices: Vec<PackChoice>) -> Vec<Effect> {
        let current = choices
            .iter()
            .position(|c| c.pack.as_ref().is_ok_and(|r| self.is_current(r)));
        match &mut self.picker {
            Some(p) if p.asked == asked && p.choices.is_none() => {
                p.selected = current.unwrap_or(0);
                p.choices = Some(choices);
            }
            _ => {} // the picker was closed, or opened again since
        }
        vec![]
    }

    /// A key while the picker is on top.
    pub(super) fn on_picker_key(&mut self, key: Key) -> Vec<Effect> {
        let Some(picker) = &mut self.picker else {
            return vec![];
        };
        let count = picker.choices.as_ref().map_or(0, Vec::len);
        let last = count.saturating_sub(1);
        match key {
            Key::Char('q') => return self.quit(),
            Key::Esc | Key::Char('P') | Key::Left => return self.close_picker(),
            k if k.is_up() => picker.selected = picker.selected.saturating_sub(1),
            k if k.is_down() => picker.selected = (picker.selected + 1).min(last),
            Key::Home | Key::Char('g') => picker.selected = 0,
            Key::End | Key::Char('G') => picker.selected = last,
            Key::Enter | Key::Right => return self.pick(),
            _ => {}
        }
        vec![]
    }

    fn close_picker(&mut self) -> Vec<Effect> {
        self.popups.retain(|p| *p != Popup::Packs);
        if let Some(p) = &mut self.picker {
            p.choices = None; // the next opening looks again
        }
        vec![]
    }

    /// Enter: switches to the chosen pack, unless it does not load.
    fn pick(&mut self) -> Vec<Effect> {
        let Some(p) = &self.picker else {
            return vec![];
        };
        let Some(choice) = p.choices.as_ref().and_then(|c| c.get(p.selected)) else {
            return vec![]; // still looking
        };
        let ready = match &choice.pack {
            Ok(ready) => ready.clone(),
            Err(_) => {
                let name = choice.name.clone();
                self.notice = Some(format!(
                    "{name} cannot be opened: fix the problem shown, or choose another pack."
                ));
                return vec![];
            }
        };
        self.close_picker();
        if self.is_current(&ready) {
            return vec![];
        }
        self.switch_to(*ready)
    }

    /// Puts the whole UI on `ready`: an open lab stops being watched and
    /// checked, the learning path of the new pack is shown with the
    /// learner's progress in it, and the workers record into it from now on.
    pub fn switch_to(&mut self, ready: PackReady) -> Vec<Effect> {
        let mut effects = Vec::new();
        if matches!(self.screen, Screen::Lab(_)) {
            effects.push(Effect::StopWatching);
        }
        // Results and timers of the old pack's lab are stale from now on.
        self.generation += 1;
        self.idle += 1;
        self.watch += 1;
        self.popups.clear();
        self.pack = ready.pack;
        self.progress = ready.progress.progress;
        self.settings.workspaces = ready.progress.workspaces;
        self.settings.command = ready.command;
        self.path = path_view(&self.pack, &self.progress);
        self.screen = Screen::Path {
            selected: self.path.next.unwrap_or(0),
        };
        self.notice = Some(format!(
            "Now on {} ({} {}): {}",
            self.pack.title,
            self.pack.id,
            self.pack.version,
            self.path.summary()
        ));
        effects.push(Effect::SwitchPack {
            pack: Box::new(self.pack.clone()),
        });
        let mut effects = self.counted(effects);
        // The progress may have changed since the picker read it.
        effects.push(Effect::ReloadProgress {
            writes: self.writes,
        });
        effects
    }
}
