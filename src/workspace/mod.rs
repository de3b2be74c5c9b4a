//! Learner workspaces: one git repository per lab, created from the starter
//! files, and the settings that say where they live. opslab writes only
//! inside a workspace and never through a symbolic link below it (see
//! `confined`); a new workspace appears whole or not at all (see `build`).

mod build;
mod config;
mod confined;
mod error;
mod files;
mod replacement;
mod restore;
mod root;
mod start;

use std::path::{Path, PathBuf};

pub use config::{config_dir, Config, CONFIG_FILE};
pub use confined::Found;
pub use error::WorkspaceError;
pub use files::{pack_file, solution_files, starter_files, SOLVE_SCRIPT};
pub use restore::PlannedFile;
pub use root::{expand_home, workspace_root};
pub use start::{start_lab, Started};

use crate::pack::Lab;

/// The folder a learner works in for one lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workspace {
    pub path: PathBuf,
}

/// What [`Workspace::create`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opened {
    /// A new workspace with this many starter files.
    Created { files: usize },
    /// The folder already held a workspace (a git repository); nothing was
    /// changed.
    Existing,
}

impl Workspace {
    pub fn new(path: impl Into<PathBuf>) -> Workspace {
        Workspace { path: path.into() }
    }

    /// The default place for `lab` under the workspace root.
    pub fn default_for(root: &Path, lab: &Lab) -> Workspace {
        Workspace::new(root.join(&lab.id))
    }
}
