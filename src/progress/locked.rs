//! The progress file while this process holds its lock: the one way to
//! change it, so that a read-modify-write is never interleaved with
//! another's.

use std::path::{Path, PathBuf};

use super::aside::move_aside;
use super::atomic_write::replace;
use super::error::ProgressError;
use super::lock::Held;
use super::record::Progress;
use super::store::{read, refuse_newer, Found, Loaded};

/// The progress file, locked against other opslab processes until this is
/// dropped. Get one from [`ProgressStore::lock`](super::ProgressStore::lock).
#[derive(Debug)]
pub struct Locked {
    /// The file written: the progress file, or its symlink's target.
    target: PathBuf,
    _held: Held,
}

impl Locked {
    pub(super) fn new(target: PathBuf, held: Held) -> Locked {
        Locked {
            target,
            _held: held,
        }
    }

    /// The file that is read and replaced (a symlink's target, not the
    /// link).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Reads the progress; missing is empty, damaged is moved aside (and
    /// reported), a newer opslab's file is returned as read when it
    /// parses and refused with [`ProgressError::Newer`] otherwise.
    pub fn load(&self) -> Result<Loaded, ProgressError> {
        let (progress, moved_aside) = match read(&self.target)? {
            Found::Missing => (Progress::default(), None),
            Found::Good(progress) => (progress, None),
            Found::Damaged(why) => (Progress::default(), Some(move_aside(&self.target, why)?)),
        };
        Ok(Loaded {
            progress,
            moved_aside,
        })
    }

    /// Replaces the file with `progress`, atomically. Refuses progress
    /// with a layout newer than this build's, which it would write in an
    /// older shape.
    pub fn save(&self, progress: &Progress) -> Result<(), ProgressError> {
        refuse_newer(&self.target, progress)?;
        let failed = |source: std::io::Error| ProgressError::Write {
            path: self.target.clone(),
            source,
        };
        let mut text = serde_json::to_vec_pretty(progress).map_err(|e| failed(e.into()))?;
        text.push(b'\n');
        replace(&self.target, &text).map_err(failed)
    }
}
