//! Starting a lab: its workspace created from the starter files in a new
//! git repository, and remembered in the learner's progress so later
//! commands find it. `opslab start` and the terminal UI's `s` both come
//! here, so a workspace is made one way only.

use super::{Opened, Workspace, WorkspaceError};
use crate::pack::{Lab, Pack};
use crate::progress::{MovedAside, ProgressError, ProgressStore};

/// What [`start_lab`] did.
#[derive(Debug)]
pub struct Started {
    pub opened: Opened,
    /// A damaged progress file moved aside on the way, to tell the learner.
    pub moved_aside: Option<MovedAside>,
    /// Why the workspace, made all the same, could not be recorded in
    /// the progress; to tell the learner after what was made.
    pub not_recorded: Option<ProgressError>,
}

/// Creates `workspace` for `lab` (or leaves an existing one alone) and
/// records in `store` that the lab was opened there at `at` (Unix seconds).
/// A workspace that is made but cannot be recorded is still returned, with
/// the reason in [`Started::not_recorded`].
/// Blocking: files are copied and git runs; call it off any UI thread.
pub fn start_lab(
    store: &ProgressStore,
    pack: &Pack,
    lab: &Lab,
    workspace: &Workspace,
    at: u64,
) -> Result<Started, WorkspaceError> {
    let opened = workspace.create(pack, lab)?;
    let (moved_aside, not_recorded) =
        match store.update(|p| p.record_open(&pack.id, &lab.id, &workspace.path, at)) {
            Ok(((), moved)) => (moved, None),
            Err(e) => (None, Some(e)),
        };
    Ok(Started {
        opened,
        moved_aside,
        not_recorded,
    })
}
