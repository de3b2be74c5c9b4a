//! Where the progress file lives and how it is read. Every change goes
//! through [`ProgressStore::lock`] (see `locked.rs`): a damaged file is
//! moved aside, never silently replaced, and a file from a newer opslab is
//! never written over.

use std::io;
use std::path::{Path, PathBuf};

use super::aside::MovedAside;
use super::atomic_write::{sibling, write_target};
use super::error::ProgressError;
use super::lock;
use super::locked::Locked;
use super::record::{Progress, LAYOUT};

pub const FILE_NAME: &str = "progress.json";

/// opslab's data folder: `$XDG_DATA_HOME/opslab`, by default
/// `~/.local/share/opslab`.
pub fn data_dir() -> Result<PathBuf, ProgressError> {
    let base = match std::env::var_os("XDG_DATA_HOME").map(PathBuf::from) {
        Some(dir) if dir.is_absolute() => dir,
        _ => dirs::home_dir()
            .ok_or(ProgressError::NoHome)?
            .join(".local/share"),
    };
    Ok(base.join("opslab"))
}

/// What [`ProgressStore::load`] found.
#[derive(Debug)]
pub struct Loaded {
    pub progress: Progress,
    /// Set when the file was damaged and moved aside; the caller tells the user.
    pub moved_aside: Option<MovedAside>,
}

/// What is in the file at a path.
pub(super) enum Found {
    Missing,
    Good(Progress),
    /// Present but not valid progress: why.
    Damaged(String),
}

/// The progress file at one place on disk.
#[derive(Clone, Debug)]
pub struct ProgressStore {
    path: PathBuf,
}

impl ProgressStore {
    pub fn at(path: impl Into<PathBuf>) -> ProgressStore {
        ProgressStore { path: path.into() }
    }

    /// The store in the user's data folder.
    pub fn default_location() -> Result<ProgressStore, ProgressError> {
        Ok(ProgressStore::at(data_dir()?.join(FILE_NAME)))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Takes the progress lock, waiting (up to 30 s) while another opslab
    /// process updates the file. The lock file is `NAME.lock` beside the
    /// file, or beside its target when the file is a symlink.
    pub fn lock(&self) -> Result<Locked, ProgressError> {
        let target = write_target(&self.path).map_err(|source| ProgressError::Write {
            path: self.path.clone(),
            source,
        })?;
        let held = lock::acquire(&sibling(&target, "", ".lock"))?;
        Ok(Locked::new(target, held))
    }

    /// Reads the progress; a missing file is empty progress, a damaged one
    /// is moved aside (and reported in the result). A file from a newer
    /// opslab is returned as read when it parses (its `version` says so),
    /// else refused with [`ProgressError::Newer`].
    pub fn load(&self) -> Result<Loaded, ProgressError> {
        match read(&self.path)? {
            Found::Missing => Ok(Loaded {
                progress: Progress::default(),
                moved_aside: None,
            }),
            Found::Good(progress) => Ok(Loaded {
                progress,
                moved_aside: None,
            }),
            // Looked at again under the lock: another process may have
            // moved it aside and written a good one meanwhile.
            Found::Damaged(_) => self.lock()?.load(),
        }
    }

    /// Reads without changing anything: `Ok(None)` when there is no file
    /// yet, an error when it cannot be read or is damaged.
    pub fn inspect(&self) -> Result<Option<Progress>, ProgressError> {
        match read(&self.path)? {
            Found::Missing => Ok(None),
            Found::Good(progress) => Ok(Some(progress)),
            Found::Damaged(why) => Err(ProgressError::Corrupt {
                path: self.path.clone(),
                why,
            }),
        }
    }

    /// Writes `progress` over the file, under the lock, unless the file
    /// on disk (or `progress` itself) comes from a newer opslab.
    pub fn save(&self, progress: &Progress) -> Result<(), ProgressError> {
        let locked = self.lock()?;
        // Only a newer file stops it; an unreadable one is the write's problem.
        if let Ok(Found::Good(on_disk)) = read(locked.target()) {
            refuse_newer(locked.target(), &on_disk)?;
        }
        locked.save(progress)
    }

    /// Loads, applies `change`, saves, all under the lock, so no update
    /// made meanwhile by another opslab process is lost. Returns what
    /// `change` returned and any damaged file moved aside on the way.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut Progress) -> T,
    ) -> Result<(T, Option<MovedAside>), ProgressError> {
        let locked = self.lock()?;
        let Loaded {
            mut progress,
            moved_aside,
        } = locked.load()?;
        refuse_newer(locked.target(), &progress)?;
        let out = change(&mut progress);
        locked.save(&progress)?;
        Ok((out, moved_aside))
    }
}

/// [`ProgressError::Newer`] when `progress` has a layout above [`LAYOUT`].
pub(super) fn refuse_newer(path: &Path, progress: &Progress) -> Result<(), ProgressError> {
    if progress.version > LAYOUT {
        return Err(ProgressError::Newer {
            path: path.to_path_buf(),
            found: progress.version.into(),
        });
    }
    Ok(())
}

/// Reads and parses the file at `path`. A file that does not parse but
/// says it has a layout above [`LAYOUT`] is a newer opslab's, not damaged.
pub(super) fn read(path: &Path) -> Result<Found, ProgressError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(source) => {
            return Err(ProgressError::Read {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let error = match serde_json::from_slice::<Progress>(&bytes) {
        Ok(progress) => return Ok(Found::Good(progress)),
        Err(error) => error,
    };
    let version = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v.get("version").and_then(serde_json::Value::as_u64));
    match version {
        Some(found) if found > u64::from(LAYOUT) => Err(ProgressError::Newer {
            path: path.to_path_buf(),
            found,
        }),
        _ => Ok(Found::Damaged(format!("not valid progress JSON: {error}"))),
    }
}
