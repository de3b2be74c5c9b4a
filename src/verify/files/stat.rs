//! `file.exists` with the optional fields of [`FileStat`]: the type of the
//! thing at a path (as `lstat` sees it), where a symbolic link points,
//! whether a file is executable, whether a file or folder is empty.
//! Nothing is opened for reading except a folder's listing.

use std::fs::Metadata;
use std::io::ErrorKind;
use std::os::unix::fs::PermissionsExt;
use std::path::{Component, Path, PathBuf};

use crate::pack::checks::{FileStat, FileType};
use crate::verify::evidence::{saw, ABSENT};
use crate::verify::{Context, Outcome};

pub async fn evaluate(check: &FileStat, ctx: &Context) -> Outcome {
    let (check, workspace) = (check.clone(), ctx.workspace.clone());
    crate::verify::evidence::spawn_blocking(move || judge(&check, &workspace))
        .await
        .unwrap_or_else(|e| Outcome::error(format!("looking at the file stopped: {e}")))
}

fn judge(check: &FileStat, workspace: &Path) -> Outcome {
    let path = &check.path;
    // Without its trailing `/`, so that `current/` looks at the link
    // itself, not the folder it points to.
    let full: PathBuf = path.under(workspace).components().collect();
    let expected = check.describe();
    let link = match full.symlink_metadata() {
        Ok(meta) => meta,
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            saw(format!("file {path}"), "type", ABSENT);
            return Outcome::failed(expected, format!("no file or folder at `{path}`"));
        }
        Err(e) => return look_error(&full, &e),
    };
    saw(format!("file {path}"), "type", what_is(&full, &link));
    let found = type_of(&link);
    if let Some(want) = check.kind {
        if found != Some(want) {
            return Outcome::failed_with_hint(
                expected,
                format!("`{path}` is {}", what_is(&full, &link)),
                type_hint(want, path),
            );
        }
    }
    if let Some(target) = &check.target {
        return link_target(check, workspace, &full, target);
    }
    // `executable` and `empty` are about what a link leads to, while it
    // stays in the workspace.
    let meta = if link.file_type().is_symlink() {
        if let Some(outcome) = leaves_workspace(check, workspace, &full) {
            return outcome;
        }
        match full.metadata() {
            Ok(meta) => meta,
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Outcome::failed(
                    expected,
                    format!(
                        "`{path}` is a link to `{}`, which does not exist",
                        read_link(&full)
                    ),
                )
            }
            Err(e) => return look_error(&full, &e),
        }
    } else {
        link
    };
    if let Some(want) = check.executable {
        if let Some(outcome) = executable(check, &full, &meta, want) {
            return outcome;
        }
    }
    if let Some(want) = check.empty {
        if let Some(outcome) = empty(check, &full, &meta, want) {
            return outcome;
        }
    }
    Outcome::Passed
}

/// The failure for a link whose target lies outside the workspace, which
/// opslab does not look into.
fn leaves_workspace(check: &FileStat, workspace: &Path, full: &Path) -> Option<Outcome> {
    let (Ok(real), Ok(root)) = (full.canonicalize(), workspace.canonicalize()) else {
        return None;
    };
    (!real.starts_with(&root)).then(|| {
        Outcome::failed_with_hint(
            check.describe(),
            format!(
                "`{}` leads outside the workspace (to {}) through a symbolic link",
                check.path,
                real.display()
            ),
            "opslab looks only at files inside the workspace: put the file or folder itself there",
        )
    })
}

fn type_of(meta: &Metadata) -> Option<FileType> {
    let t = meta.file_type();
    if t.is_symlink() {
        Some(FileType::Symlink)
    } else if t.is_dir() {
        Some(FileType::Dir)
    } else if t.is_file() {
        Some(FileType::File)
    } else {
        None
    }
}

/// "a folder", "a regular file", "a symbolic link to `x`", "a FIFO"...
fn what_is(full: &Path, meta: &Metadata) -> String {
    match type_of(meta) {
        Some(FileType::Symlink) => format!("a symbolic link to `{}`", read_link(full)),
        Some(kind) => kind.to_string(),
        None => "neither a file, a folder nor a link (a device, FIFO or socket)".into(),
    }
}

fn type_hint(want: FileType, path: &impl std::fmt::Display) -> String {
    match want {
        FileType::File => format!("put a regular file at `{path}` (not a link or a folder)"),
        FileType::Dir => format!("make `{path}` a folder: `mkdir -p {path}`"),
        FileType::Symlink => format!("make `{path}` a symbolic link: `ln -sfn TARGET {path}`"),
    }
}

fn read_link(full: &Path) -> String {
    std::fs::read_link(full)
        .map(|t| t.display().to_string())
        .unwrap_or_else(|_| "?".into())
}

/// Compares a link's target with `target`: as written (relative to the
/// link's folder), or, for a link written with an absolute path, by the
/// place both name.
fn link_target(check: &FileStat, workspace: &Path, full: &Path, target: &str) -> Outcome {
    let path = &check.path;
    let written = match std::fs::read_link(full) {
        Ok(t) => t,
        Err(e) => return look_error(full, &e),
    };
    saw(
        format!("file {path}"),
        "link target",
        written.display().to_string(),
    );
    let folder = full.parent().unwrap_or(workspace);
    let same = normal(&folder.join(&written)) == normal(&folder.join(target));
    if same {
        return Outcome::Passed;
    }
    Outcome::failed_with_hint(
        check.describe(),
        format!("`{path}` points to `{}`", written.display()),
        format!("point the link at `{target}`: `ln -sfn {target} {path}` (`-n` replaces the old link rather than writing inside the folder it points to)"),
    )
}

/// A path with `.` and `..` worked out by its words alone (links are not
/// followed: the link's own text is what is compared).
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn executable(check: &FileStat, full: &Path, meta: &Metadata, want: bool) -> Option<Outcome> {
    let path = &check.path;
    if !meta.is_file() {
        return Some(Outcome::failed(
            check.describe(),
            format!("`{path}` is {}, not a file", what_is(full, meta)),
        ));
    }
    let mode = meta.permissions().mode() & 0o777;
    saw(
        format!("file {path}"),
        "mode",
        format!("{mode:o} ({})", rwx(mode)),
    );
    let is = mode & 0o111 != 0;
    if is == want {
        return None;
    }
    let (found, hint) = if want {
        (
            "with no execute bit",
            format!("make it executable: `chmod +x {path}`"),
        )
    } else {
        (
            "executable",
            format!("take the execute bits away: `chmod -x {path}`"),
        )
    };
    Some(Outcome::failed_with_hint(
        check.describe(),
        format!("`{path}` has mode {mode:o} ({}), {found}", rwx(mode)),
        hint,
    ))
}

/// `rwxr-xr-x` for 0o755.
fn rwx(mode: u32) -> String {
    (0..9)
        .map(|i| {
            let bit = 1 << (8 - i);
            match (mode & bit != 0, i % 3) {
                (false, _) => '-',
                (true, 0) => 'r',
                (true, 1) => 'w',
                (true, _) => 'x',
            }
        })
        .collect()
}

fn empty(check: &FileStat, full: &Path, meta: &Metadata, want: bool) -> Option<Outcome> {
    let path = &check.path;
    let (is, found, hint) = if meta.is_dir() {
        let entries = match entries(full) {
            Ok(names) => names,
            Err(e) => return Some(look_error(full, &e)),
        };
        let found = if entries.is_empty() {
            format!("`{path}` is an empty folder")
        } else {
            format!(
                "`{path}` holds {} ({}{})",
                crate::words::count_as(entries.len(), "entry", "entries"),
                entries
                    .iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
                if entries.len() > 5 { ", ..." } else { "" }
            )
        };
        let hint = if want {
            format!("empty the folder but keep it: `find {path} -mindepth 1 -delete`")
        } else {
            format!("put the files the lab asks for into `{path}`")
        };
        (entries.is_empty(), found, hint)
    } else if meta.is_file() {
        let size = meta.len();
        let found = format!(
            "`{path}` is a file of {}",
            crate::words::count(size as usize, "byte")
        );
        let hint = if want {
            format!("empty the file: `: > {path}`")
        } else {
            format!("write the content the lab asks for into `{path}`")
        };
        (size == 0, found, hint)
    } else {
        return Some(Outcome::failed(
            check.describe(),
            format!("`{path}` is {}", what_is(full, meta)),
        ));
    };
    saw(format!("file {path}"), "contents", &found);
    (is != want).then(|| Outcome::failed_with_hint(check.describe(), found, hint))
}

/// The names in a folder, sorted.
fn entries(full: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(full)? {
        names.push(entry?.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

fn look_error(full: &Path, e: &std::io::Error) -> Outcome {
    Outcome::error(format!("could not look at `{}`: {e}", full.display()))
}
