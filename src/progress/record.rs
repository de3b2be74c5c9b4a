//! The progress data: per pack, per lab, what the learner has done.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::verify::Report;

/// How many attempts are kept per lab; older ones are dropped.
pub const ATTEMPTS_KEPT: usize = 200;

/// The newest file layout (the file's `version`) this build reads and
/// writes. A file with a higher one comes from a newer opslab: it may be
/// read when it parses, but it is never written over.
pub const LAYOUT: u32 = 1;

fn layout() -> u32 {
    LAYOUT
}

/// Fields this build does not know (added by a newer opslab), kept as they
/// were so that rewriting the file does not drop them.
pub type Unknown = Map<String, Value>;

/// Everything opslab remembers about the learner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The file layout; see [`LAYOUT`].
    #[serde(default = "layout")]
    pub version: u32,
    /// By pack id.
    #[serde(default)]
    pub packs: BTreeMap<String, PackProgress>,
    /// Fields this build does not know, kept as read.
    #[serde(flatten)]
    pub unknown: Unknown,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: LAYOUT,
            packs: BTreeMap::new(),
            unknown: Unknown::new(),
        }
    }
}

/// One pack's labs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackProgress {
    /// By lab id.
    #[serde(default)]
    pub labs: BTreeMap<String, LabProgress>,
    /// Fields this build does not know, kept as read.
    #[serde(flatten)]
    pub unknown: Unknown,
}

/// One lab's history. Times are unix seconds (UTC).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabProgress {
    #[serde(default)]
    pub first_opened: Option<u64>,
    #[serde(default)]
    pub workspace: Option<PathBuf>,
    /// Oldest first; at most [`ATTEMPTS_KEPT`].
    #[serde(default)]
    pub attempts: Vec<Attempt>,
    #[serde(default)]
    pub first_pass: Option<u64>,
    #[serde(default)]
    pub hints_used: usize,
    #[serde(default)]
    pub done: bool,
    /// Fields this build does not know, kept as read.
    #[serde(flatten)]
    pub unknown: Unknown,
}

impl LabProgress {
    /// Its workspace was made or its checks were run: what makes a lab
    /// in progress (see `LabStatus::of`). Only reading it does not.
    pub fn started(&self) -> bool {
        self.workspace.is_some() || !self.attempts.is_empty()
    }
}

/// One run of a lab's checks: when (unix seconds) and how many checks
/// passed, failed and could not run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub at: u64,
    pub passed: usize,
    pub failed: usize,
    pub errors: usize,
    /// Fields this build does not know, kept as read.
    #[serde(flatten)]
    pub unknown: Unknown,
}

impl Attempt {
    /// An attempt at `at` (unix seconds) with these counts of checks.
    pub fn new(at: u64, passed: usize, failed: usize, errors: usize) -> Attempt {
        Attempt {
            at,
            passed,
            failed,
            errors,
            unknown: Unknown::new(),
        }
    }

    pub fn from_report(report: &Report, at: u64) -> Attempt {
        Attempt::new(at, report.passed(), report.failed(), report.errors())
    }

    /// Every check passed (and there was at least one).
    pub fn all_passed(&self) -> bool {
        self.passed > 0 && self.failed == 0 && self.errors == 0
    }
}

/// The current time as unix seconds.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Progress {
    pub fn lab(&self, pack: &str, lab: &str) -> Option<&LabProgress> {
        self.packs.get(pack)?.labs.get(lab)
    }

    /// The lab's record, created empty when there is none.
    pub fn lab_mut(&mut self, pack: &str, lab: &str) -> &mut LabProgress {
        self.packs
            .entry(pack.to_string())
            .or_default()
            .labs
            .entry(lab.to_string())
            .or_default()
    }

    /// Where the lab's workspace was created, if it was.
    pub fn workspace_of(&self, pack: &str, lab: &str) -> Option<&Path> {
        self.lab(pack, lab)?.workspace.as_deref()
    }

    /// Notes that the lab was opened in `workspace` (the first time only
    /// sets `first_opened`).
    pub fn record_open(&mut self, pack: &str, lab: &str, workspace: &Path, at: u64) {
        let record = self.lab_mut(pack, lab);
        record.first_opened.get_or_insert(at);
        record.workspace = Some(workspace.to_path_buf());
    }

    /// Adds an attempt, keeping the last [`ATTEMPTS_KEPT`]; a passing attempt
    /// marks the lab done and sets the first pass time once.
    pub fn record_attempt(&mut self, pack: &str, lab: &str, attempt: Attempt) {
        let record = self.lab_mut(pack, lab);
        if attempt.all_passed() {
            record.first_pass.get_or_insert(attempt.at);
            record.done = true;
        }
        record.attempts.push(attempt);
        let extra = record.attempts.len().saturating_sub(ATTEMPTS_KEPT);
        record.attempts.drain(..extra);
    }

    /// Reveals the next of `available` hints and returns its 1-based number;
    /// once all are shown it stays at the last. 0 when there are none.
    pub fn record_hint(&mut self, pack: &str, lab: &str, available: usize) -> usize {
        if available == 0 {
            return 0;
        }
        let record = self.lab_mut(pack, lab);
        record.hints_used = (record.hints_used + 1).min(available);
        record.hints_used
    }
}
