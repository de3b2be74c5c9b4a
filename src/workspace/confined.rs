//! Reading and writing files inside a workspace without ever leaving it.
//!
//! Every path is walked one folder at a time from an open handle on the
//! workspace folder, with `O_NOFOLLOW`, so a symbolic link the learner (or
//! anything else) put in the workspace is reported, never followed, even if
//! it appears between a look and a write. Files are replaced by writing a
//! new file beside them and renaming it over the old name, so a hard link to
//! a file elsewhere is cut, not written through. The workspace folder itself
//! is opened normally: a workspace that is a link the learner made is
//! followed once, at the top.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::Read;
use std::os::fd::OwnedFd;
use std::path::{Component, Path, PathBuf};

use rustix::fs::{AtFlags, FileType, FlockOperation, Mode, OFlags};
use rustix::io::Errno;

use super::error::WorkspaceError;
use super::replacement::{fill, remove_stale_temps, temp_name};

/// What is at a workspace-relative path today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// Nothing; the file would be created.
    Nothing,
    /// A regular file with exactly these bytes.
    Same,
    /// A regular file with other bytes.
    Different,
}

/// An open workspace folder; every path given to it is relative to it.
/// While it is open this process holds an exclusive lock on the folder
/// (where the file system has locks), so two opslab processes never write
/// one workspace at once.
pub struct Confined {
    root: PathBuf,
    dir: OwnedFd,
    /// Whether this process holds the lock on the folder.
    locked: bool,
    /// Said in a symlink error: the command to run again once it is fixed.
    retry: &'static str,
}

impl Confined {
    /// Opens the workspace folder at `root` (following a link at `root`
    /// itself, nowhere below it). `retry` names the command to run again
    /// after the learner removes a link in the way, e.g. `"reset"`.
    pub fn open(root: &Path, retry: &'static str) -> Result<Confined, WorkspaceError> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let fail = |e: Errno| WorkspaceError::Write {
            path: root.to_path_buf(),
            source: e.into(),
        };
        let dir = rustix::fs::open(root, flags, Mode::empty()).map_err(fail)?;
        // Best effort: on a file system without locks, writes go ahead but
        // leave earlier writes' new files alone.
        let locked = rustix::fs::flock(&dir, FlockOperation::LockExclusive).is_ok();
        Ok(Confined {
            root: root.to_path_buf(),
            dir,
            locked,
            retry,
        })
    }

    /// What is at `rel`, compared with `bytes`. Reads only a regular file
    /// reached without links, and at most `bytes.len() + 1` bytes of it.
    pub fn compare(&self, rel: &Path, bytes: &[u8]) -> Result<Found, WorkspaceError> {
        let names = names_of(rel, &self.root)?;
        let (last, folders) = names.split_last().expect("names_of never returns none");
        let mut dir = self.reopen_root()?;
        for (i, name) in folders.iter().enumerate() {
            match self.open_folder(&dir, &folders[..=i], name)? {
                Some(next) => dir = next,
                None => return Ok(Found::Nothing),
            }
        }
        if !self.file_is_there(&dir, &names)? {
            return Ok(Found::Nothing);
        }
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(&dir, last.as_os_str(), flags, Mode::empty())
            .map_err(|e| self.fail(&names, e))?;
        let st = rustix::fs::fstat(&fd).map_err(|e| self.fail(&names, e))?;
        if FileType::from_raw_mode(st.st_mode) != FileType::RegularFile {
            return Err(WorkspaceError::NotARegularFile(self.root.join(rel)));
        }
        let mut content = Vec::with_capacity(bytes.len() + 1);
        File::from(fd)
            .take(bytes.len() as u64 + 1)
            .read_to_end(&mut content)
            .map_err(|source| WorkspaceError::Read {
                path: self.root.join(rel),
                source,
            })?;
        Ok(if content == bytes {
            Found::Same
        } else {
            Found::Different
        })
    }

    /// Writes `bytes` with permission bits `mode` at `rel`, creating the
    /// folders on the way and replacing a regular file there. A link, a
    /// folder or a special file in the way is an error and nothing is
    /// written.
    pub fn write(&self, rel: &Path, bytes: &[u8], mode: u32) -> Result<(), WorkspaceError> {
        let names = names_of(rel, &self.root)?;
        let dir = self.make_folders(&names[..names.len() - 1])?;
        self.file_is_there(&dir, &names)?;
        self.replace(&dir, &names, bytes, mode)
    }

    /// Opens (making what is missing) the folders `folders`, one below the
    /// other, from the workspace folder.
    fn make_folders(&self, folders: &[OsString]) -> Result<OwnedFd, WorkspaceError> {
        let mut dir = self.reopen_root()?;
        for (i, name) in folders.iter().enumerate() {
            let so_far = &folders[..=i];
            if let Some(next) = self.open_folder(&dir, so_far, name)? {
                dir = next;
                continue;
            }
            match rustix::fs::mkdirat(&dir, name.as_os_str(), Mode::from_raw_mode(0o777)) {
                Ok(()) | Err(Errno::EXIST) => {}
                Err(e) => return Err(self.fail(so_far, e)),
            }
            dir = self
                .open_folder(&dir, so_far, name)?
                .ok_or_else(|| self.fail(so_far, Errno::NOENT))?;
        }
        Ok(dir)
    }

    /// Writes a new file beside the last of `names` in `dir` and renames it
    /// over that name (which replaces whatever is there, never following
    /// it). On failure the new file is removed.
    fn replace(
        &self,
        dir: &OwnedFd,
        names: &[OsString],
        bytes: &[u8],
        mode: u32,
    ) -> Result<(), WorkspaceError> {
        let last = names.last().expect("names_of never returns none");
        if self.locked {
            remove_stale_temps(dir, last);
        }
        let temp = temp_name(last);
        let flags =
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(dir, temp.as_os_str(), flags, Mode::from_raw_mode(0o600))
            .map_err(|e| self.fail(names, e))?;
        let written = fill(fd, bytes, mode)
            .and_then(|()| rustix::fs::renameat(dir, temp.as_os_str(), dir, last.as_os_str()));
        if let Err(e) = written {
            let _ = rustix::fs::unlinkat(dir, temp.as_os_str(), AtFlags::empty());
            return Err(self.fail(names, e));
        }
        Ok(())
    }

    fn reopen_root(&self) -> Result<OwnedFd, WorkspaceError> {
        rustix::io::dup(&self.dir).map_err(|e| WorkspaceError::Write {
            path: self.root.clone(),
            source: e.into(),
        })
    }

    /// Opens the folder `name` in `dir` without following a link; `None`
    /// when there is nothing by that name.
    fn open_folder(
        &self,
        dir: &OwnedFd,
        so_far: &[OsString],
        name: &OsStr,
    ) -> Result<Option<OwnedFd>, WorkspaceError> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        match rustix::fs::openat(dir, name, flags, Mode::empty()) {
            Ok(fd) => Ok(Some(fd)),
            Err(Errno::NOENT) => Ok(None),
            Err(Errno::LOOP | Errno::NOTDIR) => Err(self.in_the_way(dir, so_far, name, true)),
            Err(e) => Err(self.fail(so_far, e)),
        }
    }

    /// Whether the last name of `names` is a regular file in `dir` (false
    /// when absent); anything else there is an error.
    fn file_is_there(&self, dir: &OwnedFd, names: &[OsString]) -> Result<bool, WorkspaceError> {
        let last = names.last().expect("names_of never returns none");
        match rustix::fs::statat(dir, last.as_os_str(), AtFlags::SYMLINK_NOFOLLOW) {
            Err(Errno::NOENT) => Ok(false),
            Err(e) => Err(self.fail(names, e)),
            Ok(st) => match FileType::from_raw_mode(st.st_mode) {
                FileType::RegularFile => Ok(true),
                _ => Err(self.in_the_way(dir, names, last, false)),
            },
        }
    }

    /// The error for something other than the expected kind at `names`.
    fn in_the_way(
        &self,
        dir: &OwnedFd,
        names: &[OsString],
        name: &OsStr,
        want_folder: bool,
    ) -> WorkspaceError {
        let link: PathBuf = names.iter().collect();
        let path = self.root.join(&link);
        let kind = rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)
            .map(|st| FileType::from_raw_mode(st.st_mode));
        match kind {
            Ok(FileType::Symlink) => WorkspaceError::LinkInTheWay {
                link,
                target: rustix::fs::readlinkat(dir, name, Vec::new())
                    .map(|t| t.to_string_lossy().into_owned())
                    .unwrap_or_else(|_| "somewhere".into()),
                path,
                retry: self.retry,
            },
            Ok(FileType::Directory) => WorkspaceError::FolderInTheWay(path),
            Ok(FileType::RegularFile) if want_folder => WorkspaceError::FileInTheWay(path),
            Ok(_) => WorkspaceError::NotARegularFile(path),
            Err(e) => self.fail(names, e),
        }
    }

    fn fail(&self, names: &[OsString], e: Errno) -> WorkspaceError {
        WorkspaceError::Write {
            path: self.root.join(names.iter().collect::<PathBuf>()),
            source: e.into(),
        }
    }
}

/// The plain names of `rel`; anything but plain names (`..`, `/`) is
/// refused, so a path can never climb out.
fn names_of(rel: &Path, root: &Path) -> Result<Vec<OsString>, WorkspaceError> {
    let mut names = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(n) => names.push(n.to_os_string()),
            Component::CurDir => {}
            _ => return Err(WorkspaceError::OutsideWorkspace(root.join(rel))),
        }
    }
    if names.is_empty() {
        return Err(WorkspaceError::OutsideWorkspace(root.join(rel)));
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_that_climbs_out_is_refused_and_nothing_is_written() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("ws");
        std::fs::create_dir(&root).unwrap();
        let ws = Confined::open(&root, "reset").unwrap();
        for rel in [
            "../escaped.txt",
            "a/../../escaped.txt",
            "/tmp/escaped.txt",
            "",
        ] {
            let err = ws.write(Path::new(rel), b"x", 0o644).unwrap_err();
            assert!(
                matches!(err, WorkspaceError::OutsideWorkspace(_)),
                "{rel}: {err}"
            );
        }
        assert!(!outer.path().join("escaped.txt").exists());
        assert!(std::fs::read_dir(&root).unwrap().next().is_none());
    }

    #[test]
    fn a_new_file_gets_its_folders_and_mode_and_replaces_the_old_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ws = Confined::open(dir.path(), "reset").unwrap();
        let rel = Path::new("a/b/run.sh");
        assert_eq!(ws.compare(rel, b"new").unwrap(), Found::Nothing);
        ws.write(rel, b"old", 0o644).unwrap();
        assert_eq!(ws.compare(rel, b"new").unwrap(), Found::Different);
        ws.write(rel, b"new", 0o755).unwrap();
        assert_eq!(ws.compare(rel, b"new").unwrap(), Found::Same);
        let meta = std::fs::metadata(dir.path().join(rel)).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o755);
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a/b"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["run.sh"], "a new file was left beside it");
    }
}
