//! Putting pack files (the starter or the solution) into a workspace that
//! exists, and saying beforehand what that will change. Every write goes
//! through [`Confined`], so nothing outside the workspace is touched.

use std::path::{Path, PathBuf};

use super::confined::{Confined, Found};
use super::error::WorkspaceError;
use super::files::{pack_file, solution_files, starter_files};
use super::Workspace;
use crate::pack::{Lab, Pack, PackSource};

/// One starter file and what restoring it would do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedFile {
    /// Relative to the workspace.
    pub path: PathBuf,
    /// What is there today.
    pub found: Found,
}

impl Workspace {
    /// What [`Workspace::restore_starter`] would do to each starter file,
    /// without changing anything. A link, folder or special file in the way
    /// is an error naming it and what to do.
    pub fn starter_plan(&self, pack: &Pack, lab: &Lab) -> Result<Vec<PlannedFile>, WorkspaceError> {
        let ws = Confined::open(&self.path, "reset")?;
        let base = lab.starter_dir();
        starter_files(pack, lab)?
            .into_iter()
            .map(|rel| {
                let (bytes, _) = pack_file(&pack.source, &base.join(&rel))?;
                let found = ws.compare(&rel, &bytes)?;
                Ok(PlannedFile { path: rel, found })
            })
            .collect()
    }

    /// Writes every starter file over what is in the workspace; files the
    /// learner added and the git history are left alone. Everything in the
    /// way is checked first, so a link in the way leaves every file as it
    /// was. Returns the workspace-relative paths written.
    pub fn restore_starter(&self, pack: &Pack, lab: &Lab) -> Result<Vec<PathBuf>, WorkspaceError> {
        self.starter_plan(pack, lab)?;
        let ws = Confined::open(&self.path, "reset")?;
        let files = starter_files(pack, lab)?;
        write_pack_files(&ws, &pack.source, &lab.starter_dir(), &files)?;
        Ok(files)
    }

    /// Copies the solution files (all but `solve.sh`) into the workspace.
    pub fn apply_solution(&self, pack: &Pack, lab: &Lab) -> Result<Vec<PathBuf>, WorkspaceError> {
        let ws = Confined::open(&self.path, "pack test")?;
        let files = solution_files(pack, lab)?;
        write_pack_files(&ws, &pack.source, &lab.solution_dir(), &files)?;
        Ok(files)
    }
}

/// Copies `files` (relative to `base` in the pack) into the workspace.
pub(super) fn write_pack_files(
    ws: &Confined,
    source: &PackSource,
    base: &Path,
    files: &[PathBuf],
) -> Result<(), WorkspaceError> {
    for rel in files {
        let (bytes, mode) = pack_file(source, &base.join(rel))?;
        ws.write(rel, &bytes, mode)?;
    }
    Ok(())
}
