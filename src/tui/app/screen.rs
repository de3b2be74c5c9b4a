//! What the app shows: the screen in front (the learning path, an open lab
//! with its checklist, progress) and the popups stacked over it.

use std::path::PathBuf;

use crate::pack::Lab;
use crate::verify::Outcome;

use crate::tui::keys::KeyContext;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Brief,
    Checks,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckState {
    /// Not run yet in this session.
    Waiting,
    /// Running now; the previous outcome, if any, is still shown.
    Running(Option<Outcome>),
    Done(Outcome),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckRow {
    pub title: String,
    pub state: CheckState,
}

/// An open lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabScreen {
    /// Index into `pack.labs`.
    pub lab: usize,
    pub focus: Panel,
    pub brief_scroll: u16,
    pub checks_scroll: u16,
    pub checks: Vec<CheckRow>,
    pub workspace: PathBuf,
    /// None until the watcher has looked. Checks run only once it is
    /// known to exist.
    pub workspace_exists: Option<bool>,
    /// `s` was pressed and the workspace is being created.
    pub creating: bool,
    pub watch_error: Option<String>,
}

impl LabScreen {
    /// Lab `index` just opened: the brief in focus, no check run yet, the
    /// workspace not looked at yet.
    pub(super) fn new(index: usize, lab: &Lab, workspace: PathBuf) -> LabScreen {
        LabScreen {
            lab: index,
            focus: Panel::Brief,
            brief_scroll: 0,
            checks_scroll: 0,
            checks: lab
                .checks
                .iter()
                .map(|c| CheckRow {
                    title: c.title.clone(),
                    state: CheckState::Waiting,
                })
                .collect(),
            workspace,
            workspace_exists: None,
            creating: false,
            watch_error: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Path { selected: usize },
    Lab(LabScreen),
    Progress,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Popup {
    Help(KeyContext),
    ConfirmReset {
        lab: usize,
    },
    /// Every check of `lab` passed.
    Success {
        lab: usize,
        next: Option<usize>,
    },
    /// Nothing changed in the open lab for a while: offer a hint.
    Nudge {
        lab: usize,
    },
    Message(String),
    /// The pack picker; its state is [`App::picker`](super::App::picker).
    Packs,
}
