//! Installed packs: sharing a pack as a `.tar.gz` (`pack export`),
//! installing one into the learner's packs folder (`pack install`), listing
//! them (`pack list`), and which of them the user trusts to run scripts.
//!
//! Installed packs live in `$XDG_DATA_HOME/opslab/packs/ID/` (by default
//! `~/.local/share/opslab/packs/ID/`). Progress is kept by pack id, so
//! installing a newer version keeps the progress of every lab that still
//! exists.

pub mod archive;
pub mod trust;

use std::path::{Path, PathBuf};

use crate::pack::{Pack, PACK_BYTES};
use crate::progress::data_dir;
use archive::ArchiveError;

/// The folder holding installed packs, one folder per pack id.
///
/// Errors: no home folder and no `XDG_DATA_HOME`.
pub fn packs_root() -> Result<PathBuf, InstallError> {
    Ok(data_dir()
        .map_err(|e| InstallError::NoDataDir(e.to_string()))?
        .join("packs"))
}

/// One installed pack.
#[derive(Debug)]
pub struct Installed {
    pub dir: PathBuf,
    pub pack: Pack,
}

/// Why a pack could not be installed (nothing was installed then).
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("{0}")]
    NoDataDir(String),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error("{from} holds no pack: there is no pack.toml at its top or in its one top folder; nothing was installed")]
    NoPack { from: String },
    #[error("the pack in {from} has problems, so it was not installed:\n{errors}")]
    Invalid { from: String, errors: String },
    #[error("{from} is {size} bytes, more than the {PACK_BYTES} bytes a pack may hold; nothing was installed")]
    TooBig { from: String, size: u64 },
    #[error("{what}: {error}")]
    Io {
        what: String,
        #[source]
        error: std::io::Error,
    },
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> InstallError {
    let what = what.into();
    move |error| InstallError::Io { what, error }
}

/// A pack unpacked and validated in a staging folder next to the packs,
/// not yet in place: [`Staged::commit`] puts it there; dropping it leaves
/// nothing behind.
#[derive(Debug)]
pub struct Staged {
    _staging: tempfile::TempDir,
    root: PathBuf,
    pub pack: Pack,
    /// What the pack replaces: the version installed now, if any.
    pub replaces: Option<String>,
}

/// Unpacks `source` (a `.tar.gz`, or a pack folder, which goes through the
/// same archive checks) into a staging folder in `packs` and validates it.
pub fn stage(source: &Path, packs: &Path) -> Result<Staged, InstallError> {
    let shown = source.display().to_string();
    let bytes = if source.is_dir() {
        archive::write_pack(source, "pack")?
    } else {
        read_archive(source, &shown)?
    };
    std::fs::create_dir_all(packs).map_err(io(format!("create {}", packs.display())))?;
    let staging = tempfile::Builder::new()
        .prefix(".installing-")
        .tempdir_in(packs)
        .map_err(io(format!("create a folder in {}", packs.display())))?;
    archive::unpack(&bytes, &shown, staging.path())?;
    let root = pack_root(staging.path()).ok_or(InstallError::NoPack {
        from: shown.clone(),
    })?;
    let top = root.strip_prefix(staging.path()).unwrap_or(Path::new(""));
    archive::links_inside(&root, top, &shown)?;
    let pack = Pack::from_dir(&root).map_err(|errors| InstallError::Invalid {
        from: shown.clone(),
        // Named as in the archive: the staging folder is gone by then.
        errors: errors
            .to_string()
            .replace(&format!("{}/", staging.path().display()), ""),
    })?;
    let replaces = Pack::from_dir(&packs.join(&pack.id))
        .ok()
        .map(|p| p.version);
    Ok(Staged {
        _staging: staging,
        root,
        pack,
        replaces,
    })
}

/// The archive's bytes, refused unread when the file alone is larger than
/// a pack may be (it could only unpack to more).
fn read_archive(source: &Path, shown: &str) -> Result<Vec<u8>, InstallError> {
    use std::io::Read;
    let file = std::fs::File::open(source).map_err(io(format!("read {shown}")))?;
    let mut bytes = Vec::new();
    file.take(PACK_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io(format!("read {shown}")))?;
    if bytes.len() as u64 > PACK_BYTES {
        let size = std::fs::metadata(source).map_or(PACK_BYTES + 1, |m| m.len());
        return Err(InstallError::TooBig {
            from: shown.into(),
            size,
        });
    }
    Ok(bytes)
}

/// Whether a pack version can be part of a file name (`ID-VERSION.tar.gz`):
/// 1 to 64 ASCII letters, digits, `.`, `+`, `-` and `_`, not starting with
/// `.` or `-`.
pub fn version_name(version: &str) -> bool {
    !version.is_empty()
        && version.len() <= 64
        && !version.starts_with(['.', '-'])
        && version
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_'))
}

/// `dir` itself when it holds pack.toml, else its one sub-folder that does.
fn pack_root(dir: &Path) -> Option<PathBuf> {
    if dir.join("pack.toml").is_file() {
        return Some(dir.to_path_buf());
    }
    let subs: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    match subs.as_slice() {
        [one] if one.join("pack.toml").is_file() => Some(one.clone()),
        _ => None,
    }
}

impl Staged {
    /// Moves the pack into `packs/ID`, replacing an installed version in
    /// two renames (the old one is moved aside first, then removed), so
    /// there is always one whole version in place.
    pub fn commit(self, packs: &Path) -> Result<Installed, InstallError> {
        let dest = packs.join(&self.pack.id);
        let aside = packs.join(format!(".replaced-{}-{}", self.pack.id, std::process::id()));
        let had = dest.exists();
        if had {
            std::fs::rename(&dest, &aside).map_err(io(format!("move {} aside", dest.display())))?;
        }
        if let Err(error) = std::fs::rename(&self.root, &dest) {
            if had {
                let _ = std::fs::rename(&aside, &dest);
            }
            return Err(InstallError::Io {
                what: format!("move the pack to {}", dest.display()),
                error,
            });
        }
        let pack = match Pack::from_dir(&dest) {
            Ok(pack) => pack,
            Err(errors) => {
                // Put the old version back: nothing is half-installed.
                let _ = std::fs::remove_dir_all(&dest);
                if had {
                    let _ = std::fs::rename(&aside, &dest);
                }
                return Err(InstallError::Invalid {
                    from: dest.display().to_string(),
                    errors: errors.to_string(),
                });
            }
        };
        if had {
            let _ = std::fs::remove_dir_all(&aside);
        }
        Ok(Installed { dir: dest, pack })
    }
}

/// Every installed pack that loads, by id; folders that do not load are
/// listed with their problem.
pub fn installed(packs: &Path) -> Vec<Result<Installed, (PathBuf, String)>> {
    let Ok(entries) = std::fs::read_dir(packs) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_dir()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| match Pack::from_dir(&dir) {
            Ok(pack) => Ok(Installed { dir, pack }),
            Err(e) => Err((dir, e.to_string())),
        })
        .collect()
}

/// The folder of the installed pack `id`, if there is one.
pub fn find_installed(id: &str) -> Option<PathBuf> {
    let dir = packs_root().ok()?.join(id);
    (crate::pack::pack_id_fits(id) && dir.join("pack.toml").is_file()).then_some(dir)
}
