//! What goes into [`App::update`](super::App::update) and what comes out:
//! the messages that can happen to the app and the effects it asks the
//! runtime to carry out.

use std::path::PathBuf;
use std::time::Duration;

use crate::pack::{Lab, Pack};
use crate::verify::docker::DockerEvent;
use crate::verify::watch::WorkspaceChange;
use crate::verify::Report;
use crate::workspace::Opened;

use crate::tui::keys::Key;
use crate::tui::model::ProgressOnDisk;

use super::PackChoice;

/// Everything that can happen to the app.
#[derive(Clone, Debug)]
pub enum Msg {
    Key(Key),
    Resize(u16, u16),
    Verified {
        generation: u64,
        report: Report,
    },
    DockerUp,
    DockerDown(String),
    Docker(DockerEvent),
    WorkspaceState {
        watch: u64,
        exists: bool,
    },
    Workspace {
        watch: u64,
        change: WorkspaceChange,
    },
    WatchFailed {
        watch: u64,
        why: String,
    },
    Idle {
        generation: u64,
    },
    ResetDone {
        lab: String,
        result: Result<(), String>,
    },
    /// The workspace `s` asked for is made (or was already there).
    WorkspaceStarted {
        lab: String,
        result: Result<Opened, String>,
    },
    /// The progress file changed on disk (an `opslab` command in another
    /// terminal, or the UI's own write).
    ProgressChanged,
    /// The progress file as read again after [`Effect::ReloadProgress`];
    /// `writes` is the one the effect carried. `Err` says why it could not
    /// be read (damaged, unreadable); the view shown is kept.
    ProgressReloaded {
        writes: u64,
        result: Result<ProgressOnDisk, String>,
    },
    /// The packs found after [`Effect::ListPacks`]; `asked` is the one
    /// the effect carried.
    PacksListed {
        asked: u64,
        choices: Vec<PackChoice>,
    },
    /// Something went wrong in the background that the learner should know.
    Problem(String),
    /// A background worker panicked: the app ends, and says so once the
    /// terminal is given back. `worker` names it ("checks", "Docker
    /// events"...), `why` is the panic's message.
    WorkerFailed {
        worker: &'static str,
        why: String,
    },
    /// SIGINT, SIGTERM, SIGHUP, SIGQUIT or the terminal going away.
    Quit,
}

/// A change to the learner's recorded progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Opened {
        lab: String,
        at: u64,
        workspace: PathBuf,
    },
    Attempt {
        lab: String,
        at: u64,
        passed: usize,
        failed: usize,
        errors: usize,
    },
    Hint {
        lab: String,
        at: u64,
        shown: usize,
    },
    Done {
        lab: String,
        at: u64,
    },
}

/// Work for the runtime to do.
#[derive(Clone, Debug)]
pub enum Effect {
    Verify {
        generation: u64,
        lab: Box<Lab>,
        workspace: PathBuf,
    },
    Watch {
        watch: u64,
        workspace: PathBuf,
    },
    StopWatching,
    ArmIdle {
        generation: u64,
        after: Duration,
    },
    Record(Record),
    Reset {
        lab: Box<Lab>,
        workspace: PathBuf,
    },
    /// Create the lab's workspace as `opslab start` does and remember it.
    StartWorkspace {
        lab: Box<Lab>,
        workspace: PathBuf,
    },
    /// Read the progress file again, after every progress write asked for
    /// so far (`writes` of them), and answer with [`Msg::ProgressReloaded`].
    ReloadProgress {
        writes: u64,
    },
    /// Look for the packs the learner can switch to (the built-in pack,
    /// the installed ones, and `opened_on`, the folder of the pack the UI
    /// was opened on, when it is not installed), and answer with
    /// [`Msg::PacksListed`].
    ListPacks {
        asked: u64,
        opened_on: Option<PathBuf>,
    },
    /// From now on, record progress into `pack` and reset its labs; queued
    /// behind the progress writes asked for before it.
    SwitchPack {
        pack: Box<Pack>,
    },
    /// Write a trace line once the next frame is drawn.
    TraceAfterDraw(&'static str),
    Quit,
}

impl Effect {
    /// Whether carrying out the effect writes the progress file.
    pub fn writes_progress(&self) -> bool {
        // Switching packs counts as one: a reload read before it is of
        // the old pack.
        matches!(
            self,
            Effect::Record(_) | Effect::StartWorkspace { .. } | Effect::SwitchPack { .. }
        )
    }
}
