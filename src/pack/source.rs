//! Where a pack's files come from: a folder on disk, or the built-in pack
//! embedded in the binary.

use std::io;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/labs");

/// One entry of a pack folder.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Path relative to the pack root.
    pub path: PathBuf,
    pub is_dir: bool,
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

    pub fn read(&self, rel: &Path) -> io::Result<Vec<u8>> {
        match self {
            PackSource::Dir(root) => std::fs::read(root.join(rel)),
            PackSource::BuiltIn => BUILT_IN
                .get_file(rel)
                .map(|f| f.contents().to_vec())
                .ok_or_else(|| {
                    io::Error::new(io::ErrorKind::NotFound, "no such file in the built-in pack")
                }),
        }
    }

    pub fn read_string(&self, rel: &Path) -> io::Result<String> {
        String::from_utf8(self.read(rel)?)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the file is not UTF-8 text"))
    }

    pub fn exists(&self, rel: &Path) -> bool {
        match self {
            PackSource::Dir(root) => root.join(rel).exists(),
            PackSource::BuiltIn => rel.as_os_str().is_empty() || BUILT_IN.get_entry(rel).is_some(),
        }
    }

    /// The direct children of a folder, sorted by name.
    pub fn list(&self, rel: &Path) -> io::Result<Vec<Entry>> {
        let mut out = Vec::new();
        match self {
            PackSource::Dir(root) => {
                for item in std::fs::read_dir(root.join(rel))? {
                    let item = item?;
                    let kind = item.file_type()?;
                    let is_dir = kind.is_dir() || (kind.is_symlink() && item.path().is_dir());
                    out.push(Entry {
                        path: rel.join(item.file_name()),
                        is_dir,
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
                    });
                }
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// Every file below `rel`, recursively, as paths relative to the pack.
    pub fn files_below(&self, rel: &Path) -> io::Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        let mut todo = vec![rel.to_path_buf()];
        while let Some(dir) = todo.pop() {
            for entry in self.list(&dir)? {
                if entry.is_dir {
                    todo.push(entry.path);
                } else {
                    out.push(entry.path);
                }
            }
        }
        out.sort();
        Ok(out)
    }
}
