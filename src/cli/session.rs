//! What most commands start from: the pack (built in or `--pack DIR`) and
//! the learner's progress, with the warning about a damaged progress file
//! printed once.

use std::path::{Path, PathBuf};

use super::error::CliError;
use crate::pack::{Lab, Pack};
use crate::progress::{MovedAside, Progress, ProgressError, ProgressStore};
use crate::workspace::{workspace_root, Workspace};

pub struct Session {
    pub pack: Pack,
    /// The `--pack` folder, repeated in the commands we suggest.
    pub pack_dir: Option<PathBuf>,
    pub store: ProgressStore,
    /// The progress as it was when the command started.
    pub progress: Progress,
}

/// The folder `--pack` names: the folder itself, or, when there is no such
/// folder, the installed pack of that id (`opslab pack list`).
pub fn pack_folder(given: &Path) -> PathBuf {
    if given.exists() {
        return given.to_path_buf();
    }
    given
        .to_str()
        .and_then(crate::install::find_installed)
        .unwrap_or_else(|| given.to_path_buf())
}

/// Loads a pack from a folder (or an installed pack's id), or the
/// built-in one.
pub fn load_pack(dir: Option<&Path>) -> Result<Pack, CliError> {
    match dir.map(pack_folder) {
        Some(dir) => Pack::from_dir(&dir).map_err(|errors| CliError::Pack {
            pack: dir.display().to_string(),
            errors,
        }),
        None => Pack::built_in().map_err(CliError::BuiltInPack),
    }
}

pub fn warn_moved(moved: Option<MovedAside>) {
    if let Some(moved) = moved {
        eprintln!("warning: {moved}");
    }
}

/// Says, after a command's results, that its progress was not saved.
pub fn warn_unsaved(error: &ProgressError) {
    eprintln!("warning: your progress was not saved: {error}");
}

impl Session {
    pub fn open(pack_dir: Option<&Path>) -> Result<Session, CliError> {
        let pack = load_pack(pack_dir)?;
        let store = ProgressStore::default_location()?;
        let progress = match store.load() {
            Ok(loaded) => {
                warn_moved(loaded.moved_aside);
                loaded.progress
            }
            // A damaged file that cannot be moved aside (a read-only
            // folder): the command still runs and shows its results.
            Err(
                e @ (ProgressError::MoveAside { .. }
                | ProgressError::Lock { .. }
                | ProgressError::Busy { .. }),
            ) => {
                eprintln!("warning: {e}");
                Progress::default()
            }
            Err(e) => return Err(e.into()),
        };
        Ok(Session {
            pack,
            pack_dir: pack_dir.map(|d| {
                let d = pack_folder(d);
                std::path::absolute(&d).unwrap_or(d)
            }),
            store,
            progress,
        })
    }

    /// The lab with this id, or an error listing where to find the ids.
    pub fn lab(&self, id: &str) -> Result<&Lab, CliError> {
        self.pack.find(id).map_err(CliError::UnknownLab)
    }

    /// The lab's workspace: where `opslab start` made it, or the default.
    pub fn workspace(&self, lab: &Lab) -> Result<Workspace, CliError> {
        if let Some(path) = self.progress.workspace_of(&self.pack.id, &lab.id) {
            return Ok(Workspace::new(path));
        }
        Ok(Workspace::default_for(&workspace_root()?, lab))
    }

    /// Records a change to the progress (read, changed and written under
    /// the progress lock, so a concurrent change is not lost) and returns
    /// what `change` returned. On failure the caller shows its results
    /// first, then [`warn_unsaved`].
    pub fn record<T>(&self, change: impl FnOnce(&mut Progress) -> T) -> Result<T, ProgressError> {
        let (out, moved) = self.store.update(change)?;
        warn_moved(moved);
        Ok(out)
    }

    /// [`Session::record`], for commands that have already shown their
    /// results: a failure is a warning, and the command's exit code stands.
    pub fn record_or_warn<T>(&self, change: impl FnOnce(&mut Progress) -> T) -> Option<T> {
        self.record(change).map_err(|e| warn_unsaved(&e)).ok()
    }

    /// An opslab command line as the user should type it, with `--pack`
    /// when one was given.
    /// Whether `dir` is where the installed pack of this pack's id lives,
    /// and no folder of that name in the current folder would be taken
    /// for it instead.
    fn is_installed(&self, dir: &Path) -> bool {
        let same =
            |a: &Path, b: &Path| std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok();
        crate::install::find_installed(&self.pack.id).is_some_and(|installed| same(&installed, dir))
            && !Path::new(&self.pack.id).exists()
    }

    pub fn command(&self, rest: &str) -> String {
        match &self.pack_dir {
            // An installed pack is named by its id, as `pack install` says.
            Some(dir) if self.is_installed(dir) => {
                format!("opslab --pack {} {rest}", self.pack.id)
            }
            Some(dir) => format!("opslab --pack {} {rest}", dir.display()),
            None => format!("opslab {rest}"),
        }
    }
}
