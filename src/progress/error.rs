//! What can go wrong with the progress file, with what to do about it.

use std::io;
use std::path::PathBuf;

use super::record::LAYOUT;

/// Why progress could not be read or recorded; each message names the
/// file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error("cannot find your home folder to keep progress in; set XDG_DATA_HOME to a folder opslab may write to")]
    NoHome,
    #[error("cannot read the progress file {path}: {source}. Check that it belongs to you and is readable.")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write the progress file {path}: {source}. Check that you may write to {}, or set XDG_DATA_HOME to another folder.", folder_of(path))]
    Write { path: PathBuf, source: io::Error },
    /// The lock file beside the progress file cannot be made or locked.
    #[error("cannot lock {path} to update the progress file: {source}. Check that you may write to {}, or set XDG_DATA_HOME to another folder.", folder_of(path))]
    Lock { path: PathBuf, source: io::Error },
    /// Another process held the lock longer than the lock's patience.
    #[error("another opslab has kept the progress file locked ({path}) for over {seconds} s. If an opslab command is stopped in another terminal (Ctrl-Z), resume or end it, then run this again.")]
    Busy { path: PathBuf, seconds: u64 },
    /// The file's `version` (`found`) is above [`LAYOUT`]: it is not
    /// written over, lest it lose what this build does not understand.
    #[error("the progress file {path} was written by a newer opslab (file layout {found}; this opslab knows layouts up to {LAYOUT}), so it is left unchanged; upgrade opslab to record progress again")]
    Newer { path: PathBuf, found: u64 },
    #[error("the progress file {path} is damaged and could not be moved aside to {to}: {source}. Move or delete it yourself, then run opslab again.")]
    MoveAside {
        path: PathBuf,
        to: PathBuf,
        source: io::Error,
    },
    #[error("the progress file {path} is damaged ({why}); the next opslab command that records progress will move it aside and start a new one")]
    Corrupt { path: PathBuf, why: String },
}

fn folder_of(path: &std::path::Path) -> String {
    path.parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}
