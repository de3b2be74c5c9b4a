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
    #[error("cannot read {path} in your workspace: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {source}. Check that you may write there, or choose another folder with --workspace or OPSLAB_HOME.")]
    Write { path: PathBuf, source: io::Error },
    #[error(
        "{0} exists and is not a folder; move it away or choose another folder with --workspace"
    )]
    NotAFolder(PathBuf),
    #[error("{0} is a folder in your workspace where the pack has a file; move the folder away and try again")]
    FolderInTheWay(PathBuf),
    #[error("{0} is a file in your workspace where the pack has a folder; move the file away and try again")]
    FileInTheWay(PathBuf),
    #[error("{0} is not a regular file (a pipe, socket or device) where the pack has a file; remove it and try again")]
    NotARegularFile(PathBuf),
    /// A symbolic link inside the workspace where opslab would write;
    /// `link` is relative to the workspace, `retry` the command to run again.
    #[error("`{}` in your workspace is a symbolic link (to {target}); opslab never writes through a link, so nothing was changed. Remove the link `{}` (`rm {}`) and run {retry} again.", link.display(), link.display(), path.display())]
    LinkInTheWay {
        link: PathBuf,
        target: String,
        path: PathBuf,
        retry: &'static str,
    },
    #[error("{0} is not inside the workspace; a pack file path must be a plain relative path")]
    OutsideWorkspace(PathBuf),
    /// A folder with files but no git repository at the workspace's place.
    #[error("{0} already holds files but no git repository, so it is not a workspace opslab made (perhaps an older opslab was stopped while making it). Nothing was changed. Move that folder away (or delete it if nothing in it is yours) and run start again, or choose another folder with --workspace.")]
    NotAWorkspace(PathBuf),
    /// The workspace path is a symbolic link to nothing.
    #[error("{path} is a symbolic link to {target}, which does not exist; create that folder or remove the link, then run start again")]
    DanglingLink { path: PathBuf, target: String },
    #[error("{0}")]
    Git(String),
    /// The workspace is made but could not be remembered in the progress.
    #[error(transparent)]
    Progress(#[from] ProgressError),
}
