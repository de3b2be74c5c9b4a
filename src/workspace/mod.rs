//! Learner workspaces: one git repository per lab, created from the starter
//! files, and the settings that say where they live.

mod config;
mod error;
mod files;
mod root;
mod start;

use std::path::{Path, PathBuf};

pub use config::{config_dir, Config, CONFIG_FILE};
pub use error::WorkspaceError;
pub use files::{solution_files, starter_files, SOLVE_SCRIPT};
pub use root::{expand_home, workspace_root};
pub use start::{start_lab, Started};

use crate::pack::{Lab, Pack, RepoStart};

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
    /// The folder already had files; nothing was changed.
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

    /// The folder exists and holds something.
    pub fn is_present(&self) -> bool {
        std::fs::read_dir(&self.path).is_ok_and(|mut items| items.next().is_some())
    }

    /// Creates the workspace: the starter files, then a git repository
    /// (with the starter files committed unless the lab asks for a bare
    /// `git init`). A folder that already holds files is left alone.
    pub fn create(&self, pack: &Pack, lab: &Lab) -> Result<Opened, WorkspaceError> {
        if self.is_present() {
            return Ok(Opened::Existing);
        }
        if self.path.exists() && !self.path.is_dir() {
            return Err(WorkspaceError::NotAFolder(self.path.clone()));
        }
        std::fs::create_dir_all(&self.path).map_err(|source| WorkspaceError::Write {
            path: self.path.clone(),
            source,
        })?;
        let files = self.restore_starter(pack, lab)?.len();
        let message = format!("Starter files for {}", lab.title);
        let message = match lab.workspace.git {
            RepoStart::Commit => Some(message.as_str()),
            RepoStart::Init => None,
        };
        crate::verify::git::admin::init_repo(&self.path, message).map_err(WorkspaceError::Git)?;
        Ok(Opened::Created { files })
    }

    /// Writes every starter file over what is in the workspace; files the
    /// learner added and the git history are left alone. Returns the
    /// workspace-relative paths written.
    pub fn restore_starter(&self, pack: &Pack, lab: &Lab) -> Result<Vec<PathBuf>, WorkspaceError> {
        let base = lab.starter_dir();
        let files = starter_files(pack, lab)?;
        for rel in &files {
            files::copy_from_pack(&pack.source, &base.join(rel), &self.path.join(rel))?;
        }
        Ok(files)
    }

    /// Copies the solution files (all but `solve.sh`) into the workspace.
    pub fn apply_solution(&self, pack: &Pack, lab: &Lab) -> Result<Vec<PathBuf>, WorkspaceError> {
        let base = lab.solution_dir();
        let files = solution_files(pack, lab)?;
        for rel in &files {
            files::copy_from_pack(&pack.source, &base.join(rel), &self.path.join(rel))?;
        }
        Ok(files)
    }
}
