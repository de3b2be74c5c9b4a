//! Replacing the progress file on disk so that a reader, or the next
//! opslab after a crash, sees the old file or the new one, never half of
//! one, and so that crashes cannot fill the folder with leftovers.
//!
//! The caller holds the progress lock, so one writer at a time uses the
//! single temporary name `.NAME.tmp` beside the file: a writer killed
//! midway leaves at most that one file, and the next write replaces it.
//! Temporary files with random names, left by opslab builds from before
//! the lock, are removed once they are a minute old.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Symlinks followed before giving up, as the kernel does (`ELOOP`).
const MAX_LINKS: usize = 40;

/// How old an old-style temporary file must be before it is removed; a
/// writer takes milliseconds, so older ones belong to no running writer.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// The file a write must replace: `path` itself or, when `path` is a
/// symlink (a dotfiles setup), the file it finally points to, so that the
/// link stays a link. The target need not exist yet.
pub fn write_target(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                // An absolute link replaces the whole path when joined.
                current = match current.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row from {}",
        path.display()
    )))
}

/// The folder holding `file` ("." for a bare file name).
pub fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `NAME` with `prefix` and `suffix` around it, beside `file`.
pub fn sibling(file: &Path, prefix: &str, suffix: &str) -> PathBuf {
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    file.with_file_name(format!("{prefix}{name}{suffix}"))
}

/// Writes `bytes` to `target` atomically: to the temporary file, flushed
/// to disk, renamed over `target`, then the folder flushed so the rename
/// lasts. On failure `target` is untouched and the temporary file removed.
/// The caller must hold the progress lock.
pub fn replace(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = folder_of(target);
    fs::create_dir_all(&dir)?;
    remove_stale_temporaries(&dir);
    let temp = sibling(target, ".", ".tmp");
    let written = write_new(&temp, bytes).and_then(|()| fs::rename(&temp, target));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written?;
    // The rename lasts once the folder is flushed; a folder that cannot
    // be opened for that is no reason to call the write failed.
    match File::open(&dir) {
        Ok(folder) => folder.sync_all(),
        Err(_) => Ok(()),
    }
}

/// Creates `temp` afresh (whatever a killed writer left there is removed
/// first, and a symlink there is never followed) and flushes `bytes` in it.
fn write_new(temp: &Path, bytes: &[u8]) -> io::Result<()> {
    match fs::remove_file(temp) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(temp)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Removes `.progress.*.tmp` files (the random names of builds before the
/// lock) older than [`STALE_AFTER`]. Best effort: a file that cannot be
/// removed is left for the next write.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".progress.") && name.ends_with(".tmp")) {
            continue;
        }
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|at| SystemTime::now().duration_since(at).ok());
        if age.is_some_and(|age| age > STALE_AFTER) {
            let _ = fs::remove_file(entry.path());
        }
    }
}
