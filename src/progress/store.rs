//! Reading and writing the progress file. Writes are atomic (a temporary
//! file in the same folder, flushed to disk, then renamed over the old one),
//! and a damaged file is moved aside, never silently replaced.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::error::ProgressError;
use super::record::{now, Progress};

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

/// A damaged progress file that was moved out of the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovedAside {
    pub from: PathBuf,
    pub to: PathBuf,
    /// What was wrong with it.
    pub why: String,
}

impl fmt::Display for MovedAside {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the progress file {} was damaged ({}); it was moved to {} and a new one started. Your workspaces are untouched; look at the old file if you want to recover anything from it.",
            self.from.display(),
            self.why,
            self.to.display()
        )
    }
}

/// What [`ProgressStore::load`] found.
#[derive(Debug)]
pub struct Loaded {
    pub progress: Progress,
    /// Set when the file was damaged and moved aside; the caller tells the user.
    pub moved_aside: Option<MovedAside>,
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

    /// Reads the progress; a missing file is empty progress, a damaged one
    /// is moved aside (and reported in the result).
    pub fn load(&self) -> Result<Loaded, ProgressError> {
        match self.read()? {
            None => Ok(Loaded {
                progress: Progress::default(),
                moved_aside: None,
            }),
            Some(Ok(progress)) => Ok(Loaded {
                progress,
                moved_aside: None,
            }),
            Some(Err(why)) => Ok(Loaded {
                progress: Progress::default(),
                moved_aside: Some(self.move_aside(why)?),
            }),
        }
    }

    /// Reads without changing anything: `Ok(None)` when there is no file
    /// yet, an error when it cannot be read or is damaged.
    pub fn inspect(&self) -> Result<Option<Progress>, ProgressError> {
        match self.read()? {
            None => Ok(None),
            Some(Ok(progress)) => Ok(Some(progress)),
            Some(Err(why)) => Err(ProgressError::Corrupt {
                path: self.path.clone(),
                why,
            }),
        }
    }

    /// None when missing; Some(Err(why)) when present but not valid.
    fn read(&self) -> Result<Option<Result<Progress, String>>, ProgressError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(ProgressError::Read {
                    path: self.path.clone(),
                    source,
                })
            }
        };
        Ok(Some(
            serde_json::from_slice(&bytes).map_err(|e| format!("not valid progress JSON: {e}")),
        ))
    }

    fn move_aside(&self, why: String) -> Result<MovedAside, ProgressError> {
        let stamp = now();
        let mut to = self.sibling(&format!("{FILE_NAME}.corrupt-{stamp}"));
        let mut n = 1;
        while to.exists() {
            to = self.sibling(&format!("{FILE_NAME}.corrupt-{stamp}-{n}"));
            n += 1;
        }
        std::fs::rename(&self.path, &to).map_err(|source| ProgressError::MoveAside {
            path: self.path.clone(),
            to: to.clone(),
            source,
        })?;
        Ok(MovedAside {
            from: self.path.clone(),
            to,
            why,
        })
    }

    fn sibling(&self, name: &str) -> PathBuf {
        self.path.with_file_name(name)
    }

    /// Writes atomically: readers see the old file or the new one, never a
    /// half-written one, even if opslab is stopped midway.
    pub fn save(&self, progress: &Progress) -> Result<(), ProgressError> {
        let failed = |source: io::Error| ProgressError::Write {
            path: self.path.clone(),
            source,
        };
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir).map_err(failed)?;
        let mut text = serde_json::to_vec_pretty(progress).map_err(|e| failed(e.into()))?;
        text.push(b'\n');
        let mut temp = tempfile::Builder::new()
            .prefix(".progress.")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(failed)?;
        temp.write_all(&text).map_err(failed)?;
        temp.as_file().sync_all().map_err(failed)?;
        temp.persist(&self.path).map_err(|e| failed(e.error))?;
        // The rename itself is durable once the folder is flushed.
        if let Ok(folder) = std::fs::File::open(&dir) {
            folder.sync_all().map_err(failed)?;
        }
        Ok(())
    }

    /// Loads, applies `change`, saves; returns what `change` returned and any
    /// damaged file that was moved aside on the way.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut Progress) -> T,
    ) -> Result<(T, Option<MovedAside>), ProgressError> {
        let Loaded {
            mut progress,
            moved_aside,
        } = self.load()?;
        let out = change(&mut progress);
        self.save(&progress)?;
        Ok((out, moved_aside))
    }
}
