//! What can go wrong preparing a workspace, with what to do about it.

use std::io;
use std::path::PathBuf;

use crate::progress::ProgressError;

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("cannot find your home folder; set OPSLAB_HOME to the folder where lab workspaces should go")]
    NoHome,
    #[error("{file}: {message}")]
    Config { file: String, message: String },
    #[error("cannot read {path} from the pack: {source}")]
    ReadPack { path: String, source: io::Error },
    #[error("cannot write {path}: {source}. Check that you may write there, or choose another folder with --workspace or OPSLAB_HOME.")]
    Write { path: PathBuf, source: io::Error },
    #[error(
        "{0} exists and is not a folder; move it away or choose another folder with --workspace"
    )]
    NotAFolder(PathBuf),
    #[error("{0} is a folder in your workspace where the pack has a file; move the folder away and try again")]
    FolderInTheWay(PathBuf),
    #[error("{0}")]
    Git(String),
    /// The workspace is made but could not be remembered in the progress.
    #[error(transparent)]
    Progress(#[from] ProgressError),
}
