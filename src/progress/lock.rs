//! The progress lock: an exclusive advisory lock (`flock`) on a lock file
//! beside the progress file, held by every opslab process (commands and
//! the terminal UI alike) for the whole of a read-modify-write, so that
//! concurrent updates queue instead of overwriting each other.
//!
//! The lock goes with the process: one that is killed releases it at once,
//! so no stale lock ever has to be cleaned up. The lock file itself stays
//! (deleting it would let two writers lock two different files).
//!
//! `fs4` provides the lock: opslab's minimum Rust (1.85) predates
//! `File::lock` in std, and fs4 mirrors that API.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::thread::sleep;
use std::time::{Duration, Instant};

use fs4::FileExt;
use fs4::TryLockError;

use super::error::ProgressError;

/// How long to wait for another process to finish its update. An update
/// takes milliseconds; only a stopped process holds the lock this long.
const PATIENCE: Duration = Duration::from_secs(30);

/// The first and the longest pause between tries.
const FIRST_PAUSE: Duration = Duration::from_millis(1);
const LONGEST_PAUSE: Duration = Duration::from_millis(50);

/// An exclusive hold on the lock file; released when dropped.
#[derive(Debug)]
pub struct Held {
    // Closing the file releases the lock.
    _file: File,
}

/// Takes the lock on `lock_path` (created if missing), waiting up to
/// [`PATIENCE`] for another holder.
pub fn acquire(lock_path: &Path) -> Result<Held, ProgressError> {
    let failed = |source| ProgressError::Lock {
        path: lock_path.to_path_buf(),
        source,
    };
    if let Some(dir) = lock_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock_path)
        .map_err(failed)?;
    let started = Instant::now();
    let mut pause = FIRST_PAUSE;
    loop {
        match FileExt::try_lock(&file) {
            Ok(()) => return Ok(Held { _file: file }),
            Err(TryLockError::Error(source)) => return Err(failed(source)),
            Err(TryLockError::WouldBlock) if started.elapsed() >= PATIENCE => {
                return Err(busy(lock_path))
            }
            Err(TryLockError::WouldBlock) => {
                sleep(pause);
                pause = (pause * 2).min(LONGEST_PAUSE);
            }
        }
    }
}

fn busy(lock_path: &Path) -> ProgressError {
    ProgressError::Busy {
        path: PathBuf::from(lock_path),
        seconds: PATIENCE.as_secs(),
    }
}
