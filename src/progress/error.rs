//! What can go wrong with the progress file, with what to do about it.

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error("cannot find your home folder to keep progress in; set XDG_DATA_HOME to a folder opslab may write to")]
    NoHome,
    #[error("cannot read the progress file {path}: {source}. Check that it belongs to you and is readable.")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write the progress file {path}: {source}. Check that you may write to {}, or set XDG_DATA_HOME to another folder.", path.parent().map(|p| p.display().to_string()).unwrap_or_default())]
    Write { path: PathBuf, source: io::Error },
    #[error("the progress file {path} is damaged and could not be moved aside to {to}: {source}. Move or delete it yourself, then run opslab again.")]
    MoveAside {
        path: PathBuf,
        to: PathBuf,
        source: io::Error,
    },
    #[error("the progress file {path} is damaged ({why}); the next opslab command that records progress will move it aside and start a new one")]
    Corrupt { path: PathBuf, why: String },
}
