//! Where a pack's files come from: a folder on disk, or the built-in pack
//! embedded in the binary.

use std::io;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use super::disk::{self, Disk, FILE_LIMIT, TEXT_LIMIT};
use super::error::{PackFileError, PackProblem};

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/labs");

/// One entry of a pack folder.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Path relative to the pack root.
    pub path: PathBuf,
    /// A folder, or a link to a folder inside the pack.
    pub is_dir: bool,
    /// Why the entry cannot be used (a link leaving the pack or looping).
    pub problem: Option<PackProblem>,
}

#[derive(Clone, Debug)]
pub enum PackSource {
    Dir(PathBuf),
    BuiltIn,
}

impl PackSource {
    /// How files of this pack are named in messages.
    pub fn display(&self, rel: &Path) -> String {
        match self {
            PackSource::Dir(root) => root.join(rel).display().to_string(),
            PackSource::BuiltIn => format!("<built-in pack>/{}", rel.display()),
        }
    }

    pub fn root(&self) -> Option<&Path> {
        match self {
            PackSource::Dir(root) => Some(root),
            PackSource::BuiltIn => None,
        }
    }

    /// The bytes of a pack file (at most `FILE_LIMIT`). Errors carry a
    /// [`PackFileError`] naming the file and the fix.
    pub fn read(&self, rel: &Path) -> io::Result<Vec<u8>> {
        Ok(self.read_file(rel, FILE_LIMIT, "a lab file")?)
    }

    /// The bytes of a pack file of at most `limit` bytes; `what` names the
    /// kind of file in the message when it is larger.
    pub fn read_file(
        &self,
        rel: &Path,
        limit: u64,
        what: &'static str,
    ) -> Result<Vec<u8>, PackFileError> {
        match self {
            PackSource::Dir(root) => Disk::new(root).read(rel, limit, what),
            PackSource::BuiltIn => BUILT_IN
                .get_file(rel)
                .map(|f| f.contents().to_vec())
                .ok_or_else(|| PackFileError::Missing {
                    path: self.display(rel),
                }),
        }
    }

    /// A text file of the pack (`pack.toml`, `lab.toml`, `brief.md`): at
    /// most `TEXT_LIMIT` bytes of UTF-8.
    pub fn read_text(&self, rel: &Path) -> Result<String, PackFileError> {
        let bytes = self.read_file(rel, TEXT_LIMIT, "pack.toml, lab.toml and brief.md")?;
        disk::utf8(self.display(rel), bytes)
    }

    /// [`PackSource::read_text`] as an `io::Result`, for callers that
    /// handle pack files as any other I/O.
    pub fn read_string(&self, rel: &Path) -> io::Result<String> {
        Ok(self.read_text(rel)?)
    }

    /// Whether anything is at `rel`: a file, a folder, or a link (even a
    /// broken one, so that loading reports it rather than skipping it).
    pub fn exists(&self, rel: &Path) -> bool {
        match self {
            PackSource::Dir(root) => Disk::new(root).present(rel),
            PackSource::BuiltIn => rel.as_os_str().is_empty() || BUILT_IN.get_entry(rel).is_some(),
        }
    }

    /// Whether `rel` is a folder (in a folder pack: resolves to one inside
    /// the pack).
    pub fn is_dir(&self, rel: &Path) -> bool {
        match self {
            PackSource::Dir(root) => Disk::new(root).resolve(rel).is_ok_and(|real| real.is_dir()),
            PackSource::BuiltIn => rel.as_os_str().is_empty() || BUILT_IN.get_dir(rel).is_some(),
        }
    }

    /// The direct children of a folder, sorted by name. In a folder pack a
    /// link counts as a folder when it resolves to one inside the pack; a
    /// link that leaves the pack, loops or points nowhere is listed with
    /// its problem, and nothing behind it is looked at.
    pub fn list(&self, rel: &Path) -> io::Result<Vec<Entry>> {
        let mut out = Vec::new();
        match self {
            PackSource::Dir(root) => {
                let disk = Disk::new(root);
                for item in std::fs::read_dir(disk.resolve(rel)?)? {
                    let path = rel.join(item?.file_name());
                    let (is_dir, problem) = match disk.resolve(&path) {
                        Ok(real) => (real.is_dir(), None),
                        Err(e) => (false, Some(e.to_problem())),
                    };
                    out.push(Entry {
                        path,
                        is_dir,
                        problem,
                    });
                }
            }
            PackSource::BuiltIn => {
                let dir = if rel.as_os_str().is_empty() {
                    &BUILT_IN
                } else {
                    BUILT_IN.get_dir(rel).ok_or_else(|| {
                        io::Error::new(
                            io::ErrorKind::NotFound,
                            "no such folder in the built-in pack",
                        )
                    })?
                };
                for entry in dir.entries() {
                    out.push(Entry {
                        path: entry.path().to_path_buf(),
                        is_dir: entry.as_dir().is_some(),
                        problem: None,
                    });
                }
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// Every file below `rel`, recursively, as paths relative to the pack,
    /// and every problem that keeps a file from being used (see
    /// [`PackSource::files_below`]). `pack validate` and `start` both walk
    /// with this, so they accept and refuse the same folders.
    pub fn walk(&self, rel: &Path) -> (Vec<PathBuf>, Vec<PackFileError>) {
        match self {
            PackSource::Dir(root) => Disk::new(root).walk(rel),
            PackSource::BuiltIn => (built_in_files(rel), Vec::new()),
        }
    }

    /// [`PackSource::walk`], with the sum of the sizes of the files kept
    /// (as they claim to be: a sparse file counts in full).
    pub fn walk_sized(&self, rel: &Path) -> (Vec<PathBuf>, Vec<PackFileError>, u64) {
        match self {
            PackSource::Dir(root) => Disk::new(root).walk_sized(rel),
            PackSource::BuiltIn => {
                let files = built_in_files(rel);
                let bytes = files
                    .iter()
                    .filter_map(|f| BUILT_IN.get_file(f))
                    .map(|f| f.contents().len() as u64)
                    .sum();
                (files, Vec::new(), bytes)
            }
        }
    }

    /// The real path of `rel` in a folder pack, links followed, when it
    /// stays inside the pack.
    pub(crate) fn real_path(&self, rel: &Path) -> Option<PathBuf> {
        match self {
            PackSource::Dir(root) => Disk::new(root).resolve(rel).ok(),
            PackSource::BuiltIn => None,
        }
    }

    /// Every file below `rel`, recursively, as paths relative to the pack.
    /// Fails on the first problem of [`PackSource::walk`]: a link leaving
    /// the pack or looping, a FIFO or device, a file over `FILE_LIMIT`.
    pub fn files_below(&self, rel: &Path) -> io::Result<Vec<PathBuf>> {
        let (files, problems) = self.walk(rel);
        match problems.into_iter().next() {
            Some(problem) => Err(problem.into()),
            None => Ok(files),
        }
    }
}

/// Every file of the built-in pack below `rel`, sorted.
fn built_in_files(rel: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![rel.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Some(found) = BUILT_IN.get_dir(&dir) else {
            continue;
        };
        for entry in found.entries() {
            match entry.as_dir() {
                Some(d) => todo.push(d.path().to_path_buf()),
                None => out.push(entry.path().to_path_buf()),
            }
        }
    }
    out.sort();
    out
}
