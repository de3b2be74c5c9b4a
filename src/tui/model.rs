//! The TUI's own view of the learner's progress: small types built from the
//! pack and the progress store, so the screens do not depend on how progress
//! is stored.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::pack::Pack;

/// Where a lab stands: the same four states `opslab list` shows.
pub use crate::progress::LabStatus;

/// One run of a lab's checks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttemptView {
    /// Unix seconds.
    pub at: u64,
    pub passed: usize,
    pub total: usize,
    /// Checks that could not run (Docker down...): neither passed nor failed.
    pub errors: usize,
}

/// When the learner's own work first turned a check green, in unix seconds:
/// the first run in which more checks pass than in an earlier run of the
/// lab where every check ran (so a check that failed there passes now), or
/// in which every check passes. Checks that the starter files already pass,
/// or that pass once Docker answers again, do not count.
pub fn first_own_green(attempts: &[AttemptView]) -> Option<u64> {
    // The fewest checks passed in an earlier run where every check ran.
    let mut fewest: Option<usize> = None;
    for a in attempts {
        let all_green = a.total > 0 && a.passed == a.total;
        if all_green || fewest.is_some_and(|f| a.passed > f) {
            return Some(a.at);
        }
        if a.errors == 0 {
            fewest = Some(fewest.map_or(a.passed, |f| f.min(a.passed)));
        }
    }
    None
}

/// What is recorded about one lab.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabProgress {
    /// Unix seconds of the first time the lab was opened.
    pub opened: Option<u64>,
    /// Its workspace was made (recorded in progress, or seen on disk).
    pub workspace: bool,
    pub attempts: Vec<AttemptView>,
    /// Unix seconds of the first run in which the learner's work turned a
    /// check green (see [`first_own_green`]).
    pub first_green: Option<u64>,
    /// Unix seconds of the run in which every check passed.
    pub done: Option<u64>,
    pub hints_used: usize,
}

impl LabProgress {
    pub fn is_done(&self) -> bool {
        self.done.is_some()
    }

    /// In progress unless done: as `opslab list` says it, the workspace
    /// was made or the checks were run; only opening the lab does not count.
    pub fn is_started(&self) -> bool {
        self.workspace || !self.attempts.is_empty()
    }
}

/// Progress for every lab of a pack, by lab id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgressView {
    pub labs: BTreeMap<String, LabProgress>,
}

impl ProgressView {
    pub fn lab(&self, id: &str) -> Option<&LabProgress> {
        self.labs.get(id)
    }

    pub fn lab_mut(&mut self, id: &str) -> &mut LabProgress {
        self.labs.entry(id.to_string()).or_default()
    }

    pub fn is_done(&self, id: &str) -> bool {
        self.lab(id).is_some_and(LabProgress::is_done)
    }

    /// The lab's status given its prerequisites.
    pub fn status(&self, pack: &Pack, id: &str) -> LabStatus {
        let Some(lab) = pack.lab(id) else {
            return LabStatus::Locked;
        };
        let progress = self.lab(id);
        LabStatus::of(
            progress.is_some_and(LabProgress::is_done),
            progress.is_some_and(LabProgress::is_started),
            lab.prerequisites.iter().all(|p| self.is_done(p)),
        )
    }
}

/// The progress as read again from disk, after another program (an
/// `opslab` command in another terminal) or the UI itself wrote it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgressOnDisk {
    pub progress: ProgressView,
    /// Workspaces made somewhere other than the default, by lab id.
    pub workspaces: BTreeMap<String, PathBuf>,
}

/// One lab as the learning path shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabRow {
    /// Index into `pack.labs`.
    pub index: usize,
    pub id: String,
    pub title: String,
    pub minutes: u32,
    pub status: LabStatus,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageView {
    pub title: String,
    pub labs: Vec<LabRow>,
    pub done: usize,
}

/// The learning path: stages, their labs and the next one to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathView {
    pub stages: Vec<StageView>,
    pub done: usize,
    pub total: usize,
    /// Index into `pack.labs` of the recommended next lab.
    pub next: Option<usize>,
}

impl PathView {
    pub fn percent(&self) -> u16 {
        if self.total == 0 {
            return 0;
        }
        (self.done * 100 / self.total) as u16
    }

    /// "14 / 30 labs done, 47%"
    pub fn summary(&self) -> String {
        format!(
            "{} / {} done, {}%",
            self.done,
            crate::words::count(self.total, "lab"),
            self.percent()
        )
    }

    pub fn row(&self, index: usize) -> Option<&LabRow> {
        self.stages
            .iter()
            .flat_map(|s| s.labs.iter())
            .find(|r| r.index == index)
    }
}

/// Builds the learning path from the pack and the learner's progress. The
/// next lab is the first one in progress, else the first available one.
pub fn path_view(pack: &Pack, progress: &ProgressView) -> PathView {
    let stages: Vec<StageView> = pack
        .stages
        .iter()
        .map(|stage| {
            let labs: Vec<LabRow> = pack
                .labs
                .iter()
                .enumerate()
                .filter(|(_, l)| l.stage == stage.id)
                .map(|(index, l)| LabRow {
                    index,
                    id: l.id.clone(),
                    title: l.title.clone(),
                    minutes: l.minutes,
                    status: progress.status(pack, &l.id),
                })
                .collect();
            let done = labs.iter().filter(|r| r.status == LabStatus::Done).count();
            StageView {
                title: stage.title.clone(),
                labs,
                done,
            }
        })
        .collect();
    let rows = || stages.iter().flat_map(|s| s.labs.iter());
    let next = rows()
        .find(|r| r.status == LabStatus::InProgress)
        .or_else(|| rows().find(|r| r.status == LabStatus::Available))
        .map(|r| r.index);
    PathView {
        done: rows().filter(|r| r.status == LabStatus::Done).count(),
        total: rows().count(),
        next,
        stages,
    }
}
