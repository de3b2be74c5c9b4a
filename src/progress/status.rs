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
    /// The words shown in lists.
    pub fn label(self) -> &'static str {
        match self {
            LabStatus::Locked => "locked",
            LabStatus::Available => "available",
            LabStatus::InProgress => "in progress",
            LabStatus::Done => "done",
        }
    }
}

impl Progress {
    /// The lab's status in `pack`. A lab the learner started anyway (despite
    /// missing prerequisites) shows as in progress.
    pub fn status(&self, pack: &Pack, lab: &Lab) -> LabStatus {
        match self.lab(&pack.id, &lab.id) {
            Some(record) if record.done => LabStatus::Done,
            Some(record) if record.started() => LabStatus::InProgress,
            _ if !self.missing_prerequisites(pack, lab).is_empty() => LabStatus::Locked,
            _ => LabStatus::Available,
        }
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
