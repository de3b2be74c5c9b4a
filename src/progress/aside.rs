//! A damaged progress file is moved aside, never silently replaced, so the
//! learner can still look at it.

use std::fmt;
use std::path::{Path, PathBuf};

use super::error::ProgressError;
use super::record::now;
use super::store::FILE_NAME;

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

/// Renames the damaged file at `path` to `progress.json.corrupt-UNIXTIME`
/// (with `-N` added when that name is taken) in the same folder. The
/// caller holds the progress lock.
pub fn move_aside(path: &Path, why: String) -> Result<MovedAside, ProgressError> {
    let stamp = now();
    let mut to = path.with_file_name(format!("{FILE_NAME}.corrupt-{stamp}"));
    let mut n = 1;
    while to.exists() {
        to = path.with_file_name(format!("{FILE_NAME}.corrupt-{stamp}-{n}"));
        n += 1;
    }
    std::fs::rename(path, &to).map_err(|source| ProgressError::MoveAside {
        path: path.to_path_buf(),
        to: to.clone(),
        source,
    })?;
    Ok(MovedAside {
        from: path.to_path_buf(),
        to,
        why,
    })
}
