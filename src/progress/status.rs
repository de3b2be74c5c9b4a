//! A lab's status for the learner, from its progress and its prerequisites.

use serde::Serialize;

use super::record::Progress;
use crate::pack::{Lab, Pack};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LabStatus {
    /// Some prerequisite is not done yet.
    Locked,
    /// Ready to start.
    Available,
    /// Started, not passed yet.
    InProgress,
    /// Every check passed once.
    Done,
}

impl LabStatus {
    /// The one rule for a lab's status, used by `opslab list` and the
    /// terminal UI alike: done once every check passed; in progress once
    /// it is `started` (its workspace was made, or a run of its checks is
    /// recorded; reading a lab does not start it), even with prerequisites
    /// missing; else locked while a prerequisite is not done; else
    /// available.
    pub fn of(done: bool, started: bool, prerequisites_done: bool) -> LabStatus {
        if done {
            LabStatus::Done
        } else if started {
            LabStatus::InProgress
        } else if !prerequisites_done {
            LabStatus::Locked
        } else {
            LabStatus::Available
        }
    }

    /// The words shown in lists.
    pub fn label(self) -> &'static str {
        match self {
            LabStatus::Locked => "locked",
            LabStatus::Available => "available",
            LabStatus::InProgress => "in progress",
            LabStatus::Done => "done",
        }
    }

    /// The mark shown before [`LabStatus::label`], one column wide, the
    /// same in `opslab list` and the terminal UI.
    pub fn symbol(self) -> &'static str {
        match self {
            LabStatus::Done => "✔",
            LabStatus::InProgress => "▶",
            LabStatus::Available => "○",
            LabStatus::Locked => "·",
        }
    }
}

impl Progress {
    /// The lab's status in `pack`, by [`LabStatus::of`].
    pub fn status(&self, pack: &Pack, lab: &Lab) -> LabStatus {
        let record = self.lab(&pack.id, &lab.id);
        LabStatus::of(
            record.is_some_and(|r| r.done),
            record.is_some_and(|r| r.started()),
            self.missing_prerequisites(pack, lab).is_empty(),
        )
    }

    /// The lab's prerequisites that are not done, in the lab's order.
    pub fn missing_prerequisites<'a>(&self, pack: &Pack, lab: &'a Lab) -> Vec<&'a str> {
        lab.prerequisites
            .iter()
            .filter(|pre| !self.lab(&pack.id, pre).is_some_and(|r| r.done))
            .map(String::as_str)
            .collect()
    }

    /// What to do next: the first lab in progress, else the first available
    /// one, in the pack's order. None when every lab is done (or locked).
    pub fn next_lab<'a>(&self, pack: &'a Pack) -> Option<&'a Lab> {
        let with_status = |wanted: LabStatus| {
            pack.labs
                .iter()
                .find(|lab| self.status(pack, lab) == wanted)
        };
        with_status(LabStatus::InProgress).or_else(|| with_status(LabStatus::Available))
    }
}
