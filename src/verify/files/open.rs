//! Opening a workspace file for a check, safely: only regular files inside
//! the workspace are read.
//!
//! The type is checked before the file is opened, and the open itself does
//! not block (`O_NONBLOCK`) or follow a link swapped in meanwhile
//! (`O_NOFOLLOW`), so a FIFO, a device or a socket at a checked path is
//! refused with a message instead of hanging the check. A symbolic link (the
//! file itself, or a folder on its way) is followed only while it stays in
//! the workspace.

use std::fs::{File, Metadata};
use std::io::{ErrorKind, Read};
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use rustix::fs::{Mode, OFlags};

use crate::pack::types::RelPath;
use crate::verify::evidence::{saw, ABSENT};
use crate::verify::Outcome;

/// The largest structured document (YAML, JSON, TOML, HCL) or Dockerfile a
/// check parses: 16 MiB. Plain-text checks stream and have no limit.
pub const DOCUMENT_LIMIT: u64 = 16 * 1024 * 1024;

/// Opens the regular file at `path` in `workspace` for reading, or the
/// outcome that says why it is not one: nothing there and folders fail the
/// check (the learner's to fix), as do FIFOs, devices, sockets and links
/// that lead out of the workspace; a file that cannot be opened is an error.
pub fn open_regular(workspace: &Path, path: &RelPath) -> Result<File, Outcome> {
    let opened = open_checked(workspace, path);
    match &opened {
        Ok(file) => {
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            saw(
                format!("file {path}"),
                "type",
                format!("regular file, {size} bytes"),
            );
        }
        Err(Outcome::Failed { actual, .. }) => {
            let there = path.under(workspace).symlink_metadata().is_ok();
            saw(
                format!("file {path}"),
                "type",
                if there { actual } else { ABSENT },
            );
        }
        Err(_) => {}
    }
    opened
}

fn open_checked(workspace: &Path, path: &RelPath) -> Result<File, Outcome> {
    let full = path.under(workspace);
    let real = resolve(workspace, &full, path)?;
    let meta = std::fs::metadata(&real).map_err(|e| cannot_read(&full, &e))?;
    refuse_special(path, &meta)?;
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let fd = rustix::fs::open(&real, flags, Mode::empty())
        .map_err(|e| cannot_read(&full, &std::io::Error::from(e)))?;
    let file = File::from(fd);
    // The path may have been replaced between the look and the open.
    let meta = file.metadata().map_err(|e| cannot_read(&full, &e))?;
    refuse_special(path, &meta)?;
    Ok(file)
}

/// Reads the whole regular file at `path`, up to [`DOCUMENT_LIMIT`], as text
/// with `\r\n` line ends turned into `\n` (invalid UTF-8 becomes U+FFFD).
pub fn read_document(workspace: &Path, path: &RelPath) -> Result<String, Outcome> {
    let file = open_regular(workspace, path)?;
    let full = path.under(workspace);
    let size = file.metadata().map_err(|e| cannot_read(&full, &e))?.len();
    if size > DOCUMENT_LIMIT {
        return Err(too_large(path, size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(DOCUMENT_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(&full, &e))?;
    if bytes.len() as u64 > DOCUMENT_LIMIT {
        return Err(too_large(path, bytes.len() as u64));
    }
    Ok(String::from_utf8_lossy(&bytes).replace("\r\n", "\n"))
}

/// The real path of `full`, refusing what is missing and links that lead
/// out of the workspace.
fn resolve(workspace: &Path, full: &Path, path: &RelPath) -> Result<PathBuf, Outcome> {
    let missing = || {
        Outcome::failed(
            format!("a file at `{path}`"),
            format!("no file at `{path}`"),
        )
    };
    match full.symlink_metadata() {
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return Err(missing())
        }
        Err(e) => return Err(cannot_read(full, &e)),
        Ok(_) => {}
    }
    let real = match full.canonicalize() {
        Ok(real) => real,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(Outcome::failed_with_hint(
                format!("a file at `{path}`"),
                format!("`{path}` is a link to a file that does not exist"),
                format!("replace the link `{path}` with the file itself"),
            ))
        }
        Err(e) => return Err(cannot_read(full, &e)),
    };
    let root = workspace
        .canonicalize()
        .map_err(|e| cannot_read(workspace, &e))?;
    if !real.starts_with(&root) {
        return Err(Outcome::failed_with_hint(
            format!("a file at `{path}` inside the workspace"),
            format!(
                "`{path}` leads outside the workspace (to {}) through a symbolic link",
                real.display()
            ),
            format!(
                "opslab reads only files inside the workspace: replace the link with a copy of the file (`cp --remove-destination \"$(readlink -f {path})\" {path}`)"
            ),
        ));
    }
    Ok(real)
}

/// Refuses anything but a regular file, naming what is there instead.
fn refuse_special(path: &RelPath, meta: &Metadata) -> Result<(), Outcome> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    if kind.is_dir() {
        return Err(Outcome::failed(
            format!("a file at `{path}`"),
            format!("`{path}` is a folder, not a file"),
        ));
    }
    let what = if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "not a file"
    };
    Err(Outcome::failed_with_hint(
        format!("a file at `{path}`"),
        format!("`{path}` is {what}, not a regular file"),
        format!("opslab reads only regular files: remove `{path}` and write the file in its place"),
    ))
}

fn too_large(path: &RelPath, size: u64) -> Outcome {
    Outcome::failed_with_hint(
        format!("`{path}` of at most 16 MiB"),
        format!(
            "`{path}` is {:.1} MiB; documents and Dockerfiles are read up to 16 MiB",
            size as f64 / (1024.0 * 1024.0)
        ),
        format!("check that `{path}` is the file the lab asks for; a hand-written document is far smaller"),
    )
}

/// The outcome for a file that is there but cannot be read: not the
/// learner's doing as far as opslab can tell.
pub fn cannot_read(full: &Path, e: &std::io::Error) -> Outcome {
    Outcome::error(format!("could not read `{}`: {e}", full.display()))
}
