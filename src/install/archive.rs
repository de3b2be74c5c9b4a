//! Pack archives (`.tar.gz`): writing one from a pack folder, and reading
//! one into a folder safely. Reading refuses, naming the entry, anything
//! that would land outside the target (absolute paths, `..`, links that
//! point out), hard links, devices and FIFOs, and more content than a pack
//! may hold; it counts the bytes it writes rather than trusting headers.
//! The `tar` and `flate2` crates do the format; this module decides what
//! is allowed.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use tar::EntryType;

use crate::pack::{FILE_LIMIT, MAX_FILES, PACK_BYTES};

/// Why an archive cannot be written or read.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error(
        "{archive}: the entry `{entry}` {why}; the archive is refused and nothing was installed"
    )]
    Refused {
        archive: String,
        entry: String,
        why: String,
    },
    #[error("{archive}: {why}; the archive is refused and nothing was installed")]
    TooLarge { archive: String, why: String },
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> ArchiveError {
    let what = what.into();
    move |source| ArchiveError::Io { what, source }
}

/// The gzip-compressed tar of the pack folder `dir`, every path under the
/// top folder `top/`. `.git` folders are left out; links are stored as
/// links (loading already refused links leaving the pack).
pub fn write_pack(dir: &Path, top: &str) -> Result<Vec<u8>, ArchiveError> {
    let mut tar = tar::Builder::new(GzEncoder::new(Vec::new(), flate2::Compression::default()));
    tar.follow_symlinks(false);
    let mut todo = vec![PathBuf::new()];
    while let Some(rel) = todo.pop() {
        let here = dir.join(&rel);
        let mut entries: Vec<_> = std::fs::read_dir(&here)
            .map_err(io(format!("read {}", here.display())))?
            .collect::<Result<_, _>>()
            .map_err(io(format!("read {}", here.display())))?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            if entry.file_name() == ".git" {
                continue;
            }
            let child = rel.join(entry.file_name());
            let kind = entry
                .file_type()
                .map_err(io(format!("read {}", child.display())))?;
            let name = Path::new(top).join(&child);
            if kind.is_dir() {
                tar.append_dir(&name, entry.path())
                    .map_err(io(format!("add {}", child.display())))?;
                todo.push(child);
            } else {
                tar.append_path_with_name(entry.path(), &name)
                    .map_err(io(format!("add {}", child.display())))?;
            }
        }
    }
    let gz = tar.into_inner().map_err(io("finish the archive"))?;
    gz.finish().map_err(io("compress the archive"))
}

/// Unpacks the gzip-compressed tar `bytes` into the empty folder `target`.
/// `shown` names the archive in messages. On an error, what was written
/// stays in `target` for the caller to remove (it is a staging folder).
pub fn unpack(bytes: &[u8], shown: &str, target: &Path) -> Result<(), ArchiveError> {
    prescan(bytes, shown)?;
    let mut archive = tar::Archive::new(GzDecoder::new(bytes));
    let mut total: u64 = 0;
    let mut count = 0usize;
    let entries = archive.entries().map_err(io(format!("read {shown}")))?;
    for entry in entries {
        let mut entry = entry.map_err(io(format!("read {shown} (is it a .tar.gz?)")))?;
        let path = entry
            .path()
            .map_err(io(format!("read {shown}")))?
            .into_owned();
        let refuse = |why: &str| ArchiveError::Refused {
            archive: shown.to_string(),
            entry: path.display().to_string().escape_debug().to_string(),
            why: why.to_string(),
        };
        count += 1;
        if count > MAX_FILES {
            return Err(ArchiveError::TooLarge {
                archive: shown.into(),
                why: format!("it holds more than {MAX_FILES} entries, the most a pack may have"),
            });
        }
        check_path(&path).map_err(&refuse)?;
        through_no_link(target, &path).map_err(&refuse)?;
        let kind = entry.header().entry_type();
        let size = entry.header().size().map_err(io(format!("read {shown}")))?;
        if size > 0 && !matches!(kind, EntryType::Regular | EntryType::Continuous) {
            return Err(refuse(&format!(
                "is not a file yet carries {size} bytes of content; packs hold none such"
            )));
        }
        not_twice(target, &path, kind == EntryType::Directory).map_err(&refuse)?;
        match kind {
            EntryType::Directory => {
                std::fs::create_dir_all(target.join(&path))
                    .map_err(io(format!("create {}", path.display())))?;
                continue;
            }
            EntryType::Regular | EntryType::Continuous => {}
            EntryType::Symlink => {
                let link = entry.link_name().map_err(io(format!("read {shown}")))?;
                let link = link.ok_or_else(|| refuse("is a link with no target"))?;
                check_link(&path, &link).map_err(|why| refuse(&why))?;
                if plain_text(link.as_os_str()).is_err() {
                    return Err(refuse(
                        "is a link whose target holds a control character (a newline, tab or escape)",
                    ));
                }
                let at = target.join(&path);
                make_parent(&at)?;
                std::os::unix::fs::symlink(&link, &at)
                    .map_err(io(format!("create {}", path.display())))?;
                continue;
            }
            EntryType::Link => {
                return Err(refuse(
                    "is a hard link; packs hold files, folders and links inside the pack only",
                ))
            }
            EntryType::Char | EntryType::Block => {
                return Err(refuse(
                    "is a device file; packs hold files, folders and links only",
                ))
            }
            EntryType::Fifo => {
                return Err(refuse(
                    "is a FIFO (named pipe); packs hold files, folders and links only",
                ))
            }
            other => {
                return Err(refuse(&format!(
                    "has an entry type ({other:?}) packs never hold"
                )))
            }
        }
        if size > FILE_LIMIT {
            return Err(refuse(&format!(
                "is {size} bytes, over the {FILE_LIMIT}-byte limit for one pack file"
            )));
        }
        let mode = entry.header().mode().unwrap_or(0o644) & 0o755;
        let at = target.join(&path);
        make_parent(&at)?;
        let mut file =
            std::fs::File::create(&at).map_err(io(format!("create {}", path.display())))?;
        let written = std::io::copy(&mut (&mut entry).take(FILE_LIMIT + 1), &mut file)
            .map_err(io(format!("unpack {}", path.display())))?;
        if written > FILE_LIMIT {
            return Err(refuse("is larger than one pack file may be"));
        }
        total += written;
        if total > PACK_BYTES {
            return Err(ArchiveError::TooLarge {
                archive: shown.into(),
                why: format!(
                    "it unpacks to more than {PACK_BYTES} bytes, the most a pack may hold"
                ),
            });
        }
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&at, std::fs::Permissions::from_mode(mode | 0o600))
            .map_err(io(format!("set the mode of {}", path.display())))?;
    }
    Ok(())
}

/// Every link under the unpacked pack folder `root` stays inside `root`
/// itself (not just inside the archive): a link to `../top/file` resolves
/// while staged but would point at another installed pack once `root` is
/// renamed into place. `top` is `root` as named in the archive (empty when
/// the pack was at the archive's top).
pub fn links_inside(root: &Path, top: &Path, shown: &str) -> Result<(), ArchiveError> {
    let mut todo = vec![PathBuf::new()];
    while let Some(rel) = todo.pop() {
        let here = root.join(&rel);
        let entries = std::fs::read_dir(&here).map_err(io(format!("read {}", here.display())))?;
        for entry in entries {
            let entry = entry.map_err(io(format!("read {}", here.display())))?;
            let child = rel.join(entry.file_name());
            let kind = entry
                .file_type()
                .map_err(io(format!("read {}", child.display())))?;
            if kind.is_dir() {
                todo.push(child);
            } else if kind.is_symlink() {
                let link = std::fs::read_link(entry.path())
                    .map_err(io(format!("read {}", child.display())))?;
                check_link(&child, &link).map_err(|why| ArchiveError::Refused {
                    archive: shown.to_string(),
                    entry: top.join(&child).display().to_string(),
                    why: format!("{why} (links may not leave the pack's own folder)"),
                })?;
            }
        }
    }
    Ok(())
}

/// The most a long-name or extended-header record may hold: the `tar`
/// crate reads such records whole into memory.
const META_LIMIT: u64 = 64 << 10;

/// A first pass over the raw records, reading no content into memory:
/// refuses long-name and extended-header records over [`META_LIMIT`]
/// (a memory bomb), and archives whose records claim more than a pack may
/// hold in all (a decompression bomb), before anything is unpacked.
fn prescan(bytes: &[u8], shown: &str) -> Result<(), ArchiveError> {
    let mut archive = tar::Archive::new(GzDecoder::new(bytes));
    let entries = archive.entries().map_err(io(format!("read {shown}")))?;
    let mut claimed: u64 = 0;
    let mut files = 0usize;
    for entry in entries.raw(true) {
        let entry = entry.map_err(io(format!("read {shown} (is it a .tar.gz?)")))?;
        let header = entry.header();
        let size = header.entry_size().map_err(io(format!("read {shown}")))?;
        let meta = matches!(
            header.entry_type(),
            EntryType::GNULongName
                | EntryType::GNULongLink
                | EntryType::XHeader
                | EntryType::XGlobalHeader
        );
        if meta && size > META_LIMIT {
            return Err(ArchiveError::Refused {
                archive: shown.into(),
                entry: String::from_utf8_lossy(&header.path_bytes())
                    .escape_debug()
                    .to_string(),
                why: format!(
                    "is a long-name or extended header of {size} bytes, over the {META_LIMIT} such a record may hold"
                ),
            });
        }
        files += usize::from(!meta);
        claimed = claimed.saturating_add(size);
        if claimed > PACK_BYTES || files > MAX_FILES {
            return Err(ArchiveError::TooLarge {
                archive: shown.into(),
                why: format!(
                    "its entries claim more than {PACK_BYTES} bytes or {MAX_FILES} files, the most a pack may hold"
                ),
            });
        }
    }
    Ok(())
}

fn make_parent(at: &Path) -> Result<(), ArchiveError> {
    match at.parent() {
        Some(parent) => {
            std::fs::create_dir_all(parent).map_err(io(format!("create {}", parent.display())))
        }
        None => Ok(()),
    }
}

/// Something already unpacked at `path` (an entry given twice, or a file
/// where a folder was made) is refused rather than replaced; only a
/// folder may be named again as a folder.
fn not_twice(target: &Path, path: &Path, is_dir: bool) -> Result<(), &'static str> {
    match std::fs::symlink_metadata(target.join(path)) {
        Err(_) => Ok(()),
        Ok(m) if is_dir && m.is_dir() => Ok(()),
        Ok(_) => Err("appears twice in the archive (or clashes with a folder of that name); each path may appear once"),
    }
}

/// A name with a control character (newline, tab, escape...) is refused:
/// it would garble every message and listing that shows it.
fn plain_text(name: &std::ffi::OsStr) -> Result<(), &'static str> {
    use std::os::unix::ffi::OsStrExt;
    if name.as_bytes().iter().any(|b| *b < 0x20 || *b == 0x7f) {
        return Err("has a control character (a newline, tab or escape) in its name; rename it");
    }
    Ok(())
}

/// An entry's path must be relative, made of plain names only, and must
/// not pass through a link made earlier in the archive.
fn check_path(path: &Path) -> Result<(), &'static str> {
    if path.as_os_str().is_empty() {
        return Err("has an empty name");
    }
    plain_text(path.as_os_str())?;
    for c in path.components() {
        match c {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return Err("climbs out with `..`; it would land outside the pack folder")
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err("is an absolute path; it would land outside the pack folder")
            }
        }
    }
    Ok(())
}

/// A link must be relative, of the form `../../name/name` (climbing first,
/// then only names), and stay inside the archive's folder read from its
/// own folder. With [`through_no_link`], every step of resolving it starts
/// from a real folder, so chains of links stay inside too.
fn check_link(path: &Path, link: &Path) -> Result<(), String> {
    if link.is_absolute() {
        return Err(format!(
            "is a link to the absolute path {}; it would point outside the pack",
            link.display()
        ));
    }
    let mut depth: i64 = path.components().count() as i64 - 1;
    let mut named = false;
    for c in link.components() {
        match c {
            Component::ParentDir if named => {
                return Err(format!("is a link to {}, which climbs with `..` after a name; write the target as `../name`", link.display()))
            }
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => {
                named = true;
                depth += 1
            }
            _ => {}
        }
        if depth < 0 {
            return Err(format!("is a link to {}, outside the pack", link.display()));
        }
    }
    Ok(())
}

/// Nothing is written through a link: no folder on the way to `path`
/// (inside `target`), nor `path` itself, may be a link made earlier.
fn through_no_link(target: &Path, path: &Path) -> Result<(), &'static str> {
    let mut at = target.to_path_buf();
    for c in path.components() {
        at.push(c);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err("would be written through a link made earlier in the archive");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_may_point_within_the_pack_only() {
        assert!(check_link(Path::new("p/lab/starter/a"), Path::new("../solution/b")).is_ok());
        assert!(check_link(Path::new("p/lab/a"), Path::new("sub/../..")).is_err());
        assert!(check_link(Path::new("p/a"), Path::new("../../etc/passwd")).is_err());
        assert!(check_link(Path::new("p/a"), Path::new("/etc/passwd")).is_err());
        assert!(check_path(Path::new("../x")).is_err());
        assert!(check_path(Path::new("/x")).is_err());
        assert!(check_path(Path::new("p/./x")).is_ok());
    }
}
