//! Replacing a file by writing a new one beside it and renaming it over
//! the old name: the rename never follows a link at that name and cuts a
//! hard link instead of writing through it. The new file's name is hidden
//! and says opslab made it, so one left by a stopped write can be found
//! and removed.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::Write;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustix::fs::{AtFlags, Mode};
use rustix::io::Errno;

/// The start of the names of new files written beside `name`.
fn temp_prefix(name: &OsStr) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".opslab-");
    prefix
}

/// A name for the new file beside `name`, unique within this process.
pub(super) fn temp_name(name: &OsStr) -> OsString {
    static N: AtomicUsize = AtomicUsize::new(0);
    let mut temp = temp_prefix(name);
    temp.push(format!(
        "{}-{}.tmp",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    temp
}

/// Removes new files beside `name` that an earlier, stopped write left, so
/// they never show up as the learner's untracked files. Safe while this
/// process holds the workspace lock: no other write is under way.
pub(super) fn remove_stale_temps(dir: &OwnedFd, name: &OsStr) {
    let prefix = temp_prefix(name);
    let prefix = prefix.as_bytes();
    let Ok(entries) = rustix::fs::Dir::read_from(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let found = entry.file_name().to_bytes();
        if found.starts_with(prefix) && found.ends_with(b".tmp") {
            let _ = rustix::fs::unlinkat(dir, entry.file_name(), AtFlags::empty());
        }
    }
}

/// Gives the new file `fd` its mode and content.
pub(super) fn fill(fd: OwnedFd, bytes: &[u8], mode: u32) -> Result<(), Errno> {
    rustix::fs::fchmod(fd.as_fd(), Mode::from_raw_mode(mode & 0o7777))?;
    let mut file = File::from(fd);
    file.write_all(bytes)
        .map_err(|e| Errno::from_io_error(&e).unwrap_or(Errno::IO))
}
