//! Reading a pack folder without ever leaving it or waiting on it: every
//! path is resolved (symbolic links included) and must stay below the pack
//! root; only regular files are opened, without blocking, and never read
//! past their size limit. FIFOs, devices and sockets are refused by their
//! type before anything opens them.

use std::fs::Metadata;
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::error::PackFileError;
use super::types::Bytes;

/// Largest `pack.toml`, `lab.toml` or `brief.md`: 1 MiB.
pub const TEXT_LIMIT: u64 = 1 << 20;
/// Largest file anywhere else in a lab folder (starter, solution): 64 MiB.
pub const FILE_LIMIT: u64 = 64 << 20;
/// Most files below one lab folder.
pub const MAX_FILES: usize = 10_000;
/// Deepest folder nesting below one lab folder.
pub const MAX_DEPTH: usize = 32;
/// Most folders walked below one lab folder, a folder counted once for
/// every path (through links) that leads to it.
pub const MAX_FOLDERS: usize = 2_000;
/// Largest sum of the sizes of every file below one lab folder: 256 MiB.
/// Sizes are the ones files claim (a sparse file counts in full), since
/// that is what copying them writes.
pub const LAB_BYTES: u64 = 256 << 20;

/// A pack folder on disk: its root as given and as resolved.
pub(crate) struct Disk<'a> {
    root: &'a Path,
    real: Option<PathBuf>,
}

impl<'a> Disk<'a> {
    pub fn new(root: &'a Path) -> Self {
        Disk {
            root,
            real: root.canonicalize().ok(),
        }
    }

    pub fn display(&self, rel: &Path) -> String {
        self.root.join(rel).display().to_string()
    }

    fn real_root(&self, rel: &Path) -> Result<&Path, PackFileError> {
        match &self.real {
            Some(real) => Ok(real),
            None => Err(PackFileError::Io {
                path: self.display(rel),
                source: self.root.canonicalize().err().unwrap_or_else(|| {
                    io::Error::new(io::ErrorKind::NotFound, "the pack folder moved")
                }),
            }),
        }
    }

    /// The real path of `rel`, every link followed, checked to stay inside
    /// the pack.
    pub fn resolve(&self, rel: &Path) -> Result<PathBuf, PackFileError> {
        if let Some(real) = self.without_links(rel) {
            return Ok(real);
        }
        let path = self.display(rel);
        let full = self.root.join(rel);
        if let Err(e) = std::fs::symlink_metadata(&full) {
            return Err(match e.kind() {
                io::ErrorKind::NotFound => PackFileError::Missing { path },
                _ => link_error(path, e),
            });
        }
        let real = full
            .canonicalize()
            .map_err(|e| link_error(path.clone(), e))?;
        if !real.starts_with(self.real_root(rel)?) {
            return Err(PackFileError::LeavesPack {
                path,
                target: real.display().to_string(),
            });
        }
        Ok(real)
    }

    /// The real path of `rel` when no part of it below the real root is a
    /// link (the usual case): one `lstat` per part of `rel` instead of
    /// resolving the whole absolute path. `None` when a part is a link, is
    /// missing, or is not a plain name; [`Disk::resolve`] then follows the
    /// links and says what is wrong.
    fn without_links(&self, rel: &Path) -> Option<PathBuf> {
        let mut real = self.real.clone()?;
        for part in rel.components() {
            let std::path::Component::Normal(name) = part else {
                return None;
            };
            real.push(name);
            if std::fs::symlink_metadata(&real)
                .ok()?
                .file_type()
                .is_symlink()
            {
                return None;
            }
        }
        Some(real)
    }

    /// Whether anything (a file, folder, link, even a broken one) is there.
    pub fn present(&self, rel: &Path) -> bool {
        std::fs::symlink_metadata(self.root.join(rel)).is_ok()
    }

    /// The bytes of a regular file of at most `limit` bytes.
    pub fn read(
        &self,
        rel: &Path,
        limit: u64,
        what: &'static str,
    ) -> Result<Vec<u8>, PackFileError> {
        let path = self.display(rel);
        let real = self.resolve(rel)?;
        let io_err = |e| PackFileError::Io {
            path: path.clone(),
            source: e,
        };
        let meta = std::fs::metadata(&real).map_err(io_err)?;
        plain_file(&path, rel, &meta)?;
        within_limit(&path, meta.len(), limit, what)?;
        // O_NONBLOCK: should a FIFO be swapped in after the check above, the
        // open returns at once instead of waiting for a writer.
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
            .open(&real)
            .map_err(io_err)?;
        plain_file(&path, rel, &file.metadata().map_err(io_err)?)?;
        let mut bytes = Vec::new();
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(io_err)?;
        within_limit(&path, bytes.len() as u64, limit, what)?;
        Ok(bytes)
    }

    /// Every regular file below the folder `rel` (relative to the pack), and
    /// every problem met on the way: links that leave the pack, loop or
    /// point nowhere, files that are not regular or too large, too many
    /// files, too deep a nesting. The walk never leaves the pack.
    pub fn walk(&self, rel: &Path) -> (Vec<PathBuf>, Vec<PackFileError>) {
        let (files, problems, _) = self.walk_sized(rel);
        (files, problems)
    }

    /// [`Disk::walk`], with the sum of the sizes of the files kept.
    pub fn walk_sized(&self, rel: &Path) -> (Vec<PathBuf>, Vec<PackFileError>, u64) {
        let mut walk = Walk::default();
        match self.resolve(rel) {
            Ok(real) => self.walk_folder(rel, &real, &mut vec![real.clone()], &mut walk),
            Err(e) => walk.problems.push(e),
        }
        walk.files.sort();
        (walk.files, walk.problems, walk.bytes.min(LAB_BYTES))
    }

    fn walk_folder(&self, rel: &Path, real: &Path, above: &mut Vec<PathBuf>, walk: &mut Walk) {
        let items = match std::fs::read_dir(real).and_then(|it| it.collect::<io::Result<Vec<_>>>())
        {
            Ok(items) => items,
            Err(e) => {
                return walk.problems.push(PackFileError::Io {
                    path: self.display(rel),
                    source: e,
                })
            }
        };
        let mut names: Vec<_> = items.into_iter().map(|i| i.file_name()).collect();
        names.sort();
        for name in names {
            let child = rel.join(&name);
            if walk.files.len() >= MAX_FILES && !walk.full {
                walk.full = true;
                walk.problems.push(PackFileError::TooManyFiles {
                    path: self.display(rel),
                    limit: MAX_FILES,
                });
            }
            if walk.full {
                return;
            }
            match self.entry(&child) {
                Ok((real_child, meta)) if meta.is_dir() => {
                    self.enter(&child, real_child, above, walk)
                }
                Ok((_, meta)) => {
                    let path = self.display(&child);
                    match plain_file(&path, &child, &meta)
                        .and_then(|()| within_limit(&path, meta.len(), FILE_LIMIT, "a lab file"))
                        .and_then(|()| walk.count_bytes(&path, meta.len()))
                    {
                        Ok(()) => walk.files.push(child),
                        Err(e) => walk.problems.push(e),
                    }
                }
                Err(e) => walk.problems.push(e),
            }
        }
    }

    /// Walks into the folder `rel` (real path `real`) unless that would
    /// loop, go too deep, or walk a folder a second time: links that
    /// branch to the same folders would otherwise multiply the walk (and
    /// the copy) exponentially.
    fn enter(&self, rel: &Path, real: PathBuf, above: &mut Vec<PathBuf>, walk: &mut Walk) {
        let path = self.display(rel);
        if above.iter().any(|a| a.starts_with(&real)) {
            // A link to this folder or one above it would make the walk
            // endless.
            walk.problems.push(PackFileError::Loop { path });
        } else if above.len() > MAX_DEPTH {
            walk.problems.push(PackFileError::TooDeep {
                path,
                limit: MAX_DEPTH,
            });
        } else if walk.folders >= MAX_FOLDERS {
            walk.full = true;
            walk.problems.push(PackFileError::TooManyFolders {
                path,
                limit: MAX_FOLDERS,
            });
        } else {
            walk.folders += 1;
            above.push(real.clone());
            self.walk_folder(rel, &real, above, walk);
            above.pop();
        }
    }

    /// The real path and metadata of one folder entry, links resolved.
    fn entry(&self, rel: &Path) -> Result<(PathBuf, Metadata), PackFileError> {
        let real = self.resolve(rel)?;
        let meta = std::fs::metadata(&real).map_err(|e| PackFileError::Io {
            path: self.display(rel),
            source: e,
        })?;
        Ok((real, meta))
    }
}

#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    problems: Vec<PackFileError>,
    /// `MAX_FILES`, `MAX_FOLDERS` or `LAB_BYTES` reached: the walk stops,
    /// reported once.
    full: bool,
    /// Folders walked so far, a folder counted once per path leading to it.
    folders: usize,
    /// Sum of the sizes of the files kept so far.
    bytes: u64,
}

impl Walk {
    /// Adds a file's size to the lab's total, refusing it past `LAB_BYTES`.
    fn count_bytes(&mut self, path: &str, size: u64) -> Result<(), PackFileError> {
        self.bytes = self.bytes.saturating_add(size);
        if self.bytes <= LAB_BYTES {
            return Ok(());
        }
        self.full = true;
        Err(PackFileError::TooMuch {
            path: path.to_string(),
            limit: Bytes(LAB_BYTES).to_string(),
            what: "the files of one lab",
        })
    }
}

/// A link error from resolving a path: a loop, a dangling link, or another
/// failure.
fn link_error(path: String, e: io::Error) -> PackFileError {
    if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
        PackFileError::Loop { path }
    } else if e.kind() == io::ErrorKind::NotFound {
        PackFileError::Dangling { path }
    } else {
        PackFileError::Io { path, source: e }
    }
}

/// Refuses anything but a regular file, by its type alone.
fn plain_file(path: &str, rel: &Path, meta: &Metadata) -> Result<(), PackFileError> {
    let kind = meta.file_type();
    let what = if kind.is_file() {
        return Ok(());
    } else if kind.is_dir() {
        return Err(PackFileError::IsFolder {
            path: path.to_string(),
            name: rel
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        });
    } else if kind.is_fifo() {
        "named pipe (FIFO)"
    } else if kind.is_socket() {
        "socket"
    } else if kind.is_char_device() {
        "character device"
    } else if kind.is_block_device() {
        "block device"
    } else {
        "special file"
    };
    Err(PackFileError::NotAFile {
        path: path.to_string(),
        kind: what,
    })
}

fn within_limit(
    path: &str,
    size: u64,
    limit: u64,
    what: &'static str,
) -> Result<(), PackFileError> {
    if size <= limit {
        return Ok(());
    }
    Err(PackFileError::TooLarge {
        path: path.to_string(),
        limit: Bytes(limit).to_string(),
        what,
    })
}

/// The text of a file read as bytes, or where it stops being UTF-8.
pub(crate) fn utf8(path: String, bytes: Vec<u8>) -> Result<String, PackFileError> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let (line, column) = super::error::line_column(before, before.len());
        PackFileError::NotUtf8 { path, line, column }
    })
}
