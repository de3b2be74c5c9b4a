//! The full-screen terminal UI: the learning path, a lab with its brief and
//! a live checklist, and progress. The only module that imports ratatui or
//! crossterm.
//!
//! Shape: [`App`] holds all state and changes only in [`App::update`],
//! which returns [`Effect`]s; `&App` renders itself as a pure function; the
//! runtime owns the terminal and one `tokio::select!` loop that feeds
//! messages from the terminal, workers, Docker and the file watcher.

mod app;
mod frame;
mod keys;
mod lab_view;
mod markdown;
mod model;
mod nudge;
mod pack_picker;
mod packs;
mod path_screen;
mod popup;
mod progress_view;
mod runtime;
mod signals;
mod stats;
mod store;
mod text;
mod theme;
mod trace;
mod workers;
mod writer;

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use app::{
    App, CheckRow, CheckState, DockerStatus, Effect, LabScreen, Msg, PackChoice, PackReady, Panel,
    Picker, Popup, Record, Screen, Settings, IDLE_NUDGE,
};
pub use frame::{MIN_HEIGHT, MIN_WIDTH};
pub use keys::{keys_for, Key, KeyContext};
pub use model::{
    first_own_green, path_view, AttemptView, LabProgress, LabRow, LabStatus, PathView,
    ProgressOnDisk, ProgressView, StageView,
};
pub use packs::command_for;
pub use theme::Theme;
pub use workers::{Inboxes, Workers};

use crate::pack::Pack;

/// How to run the UI.
#[derive(Clone, Debug)]
pub struct TuiOptions {
    /// Colours on or off; by default off when `NO_COLOR` is set.
    pub color: bool,
    /// Where workspaces live; by default where `opslab start` puts them
    /// (`OPSLAB_HOME`, the settings file, else `~/opslab`).
    pub workspace_root: Option<PathBuf>,
    /// How long a lab may sit unchanged before a hint is offered.
    pub idle_nudge: Duration,
}

impl Default for TuiOptions {
    fn default() -> Self {
        TuiOptions {
            color: Theme::from_env().color,
            workspace_root: None,
            idle_nudge: IDLE_NUDGE,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("the terminal could not be used: {0}. Run opslab in an interactive terminal, or use the `opslab` commands (see `opslab --help`).")]
    Terminal(#[source] std::io::Error),
    #[error("cannot listen for signals: {0}")]
    Signal(#[source] std::io::Error),
    #[error("cannot read your progress: {0}")]
    Progress(String),
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    /// A background worker panicked; the UI ended and gave the terminal back.
    #[error("opslab stopped: its {worker} worker failed ({why}). This is a bug in opslab; please report it with this message. Your saved progress is kept: start opslab again to go on.")]
    WorkerFailed { worker: &'static str, why: String },
}

/// Opens the UI on `pack` and returns when the learner quits (or SIGINT,
/// SIGTERM, SIGHUP, SIGQUIT arrive). A panic in a background worker ends
/// it with [`TuiError::WorkerFailed`], after the terminal is given back. Builds its own tokio runtime: call it from a
/// plain `fn main`, not from inside a runtime (use [`run_async`] there).
pub fn run(pack: Pack, options: TuiOptions) -> Result<(), TuiError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(TuiError::Runtime)?;
    let ended = runtime.block_on(run_async(pack, options));
    // A check still running when the learner quit may hold a probe
    // container; the terminal is back, so a failure can be said plainly.
    if let Err(e) = runtime.block_on(crate::verify::docker::leave_no_probes()) {
        eprintln!("opslab: {e}; `docker ps -a --filter label=org.opslab.probe` lists what is left");
    }
    ended
}

/// [`run`] for callers already inside a tokio runtime.
pub async fn run_async(pack: Pack, options: TuiOptions) -> Result<(), TuiError> {
    let progress = store::location().map_err(TuiError::Progress)?;
    let loaded = store::load(&progress, &pack).map_err(TuiError::Progress)?;
    let root = match options.workspace_root.clone() {
        Some(root) => root,
        None => store::workspace_root().map_err(TuiError::Progress)?,
    };
    let command = packs::command_for(&pack);
    let settings = Settings {
        theme: Theme {
            color: options.color,
        },
        workspace_display: store::display(&root),
        workspace_root: root,
        workspaces: loaded.progress.workspaces,
        command,
        clock: unix_now,
        idle_after: options.idle_nudge,
    };
    let mut app = App::new(pack, loaded.progress.progress, settings);
    app.notice = loaded.note;
    runtime::run(app, progress).await
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
