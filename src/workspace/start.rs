//! Starting a lab: its workspace created from the starter files in a new
//! git repository, and remembered in the learner's progress so later
//! commands find it. `opslab start` and the terminal UI's `s` both come
//! here, so a workspace is made one way only.

use super::{Opened, Workspace, WorkspaceError};
use crate::pack::{Lab, Pack};
use crate::progress::{MovedAside, ProgressStore};

/// What [`start_lab`] did.
#[derive(Debug)]
pub struct Started {
    pub opened: Opened,
    /// A damaged progress file moved aside on the way, to tell the learner.
    pub moved_aside: Option<MovedAside>,
}

/// Creates `workspace` for `lab` (or leaves an existing one alone) and
/// records in `store` that the lab was opened there at `at` (Unix seconds).
/// Blocking: files are copied and git runs; call it off any UI thread.
pub fn start_lab(
    store: &ProgressStore,
    pack: &Pack,
    lab: &Lab,
    workspace: &Workspace,
    at: u64,
) -> Result<Started, WorkspaceError> {
    let opened = workspace.create(pack, lab)?;
    let ((), moved_aside) =
        store.update(|p| p.record_open(&pack.id, &lab.id, &workspace.path, at))?;
    Ok(Started {
        opened,
        moved_aside,
    })
}
