//! Copying a lab's starter and solution files out of the pack (a folder or
//! the pack built into the binary) into a workspace.

use std::os::unix::fs::PermissionsExt;
use std::path::{Component, Path, PathBuf};

use super::error::WorkspaceError;
use crate::pack::{Lab, Pack, PackSource};

/// The script in `solution/` that `opslab pack test` runs instead of copying.
pub const SOLVE_SCRIPT: &str = "solve.sh";

/// The lab's starter files, relative to its `starter/` folder.
pub fn starter_files(pack: &Pack, lab: &Lab) -> Result<Vec<PathBuf>, WorkspaceError> {
    files_in(&pack.source, &lab.starter_dir())
}

/// The lab's solution files except `solve.sh`, relative to `solution/`.
pub fn solution_files(pack: &Pack, lab: &Lab) -> Result<Vec<PathBuf>, WorkspaceError> {
    let mut files = files_in(&pack.source, &lab.solution_dir())?;
    files.retain(|f| f != Path::new(SOLVE_SCRIPT));
    Ok(files)
}

/// Files below `dir` in the pack, relative to it. A missing folder has none.
/// Anything inside a `.git` folder is skipped: the workspace has its own.
fn files_in(source: &PackSource, dir: &Path) -> Result<Vec<PathBuf>, WorkspaceError> {
    if !source.exists(dir) {
        return Ok(Vec::new());
    }
    let all = source
        .files_below(dir)
        .map_err(|e| WorkspaceError::ReadPack {
            path: source.display(dir),
            source: e,
        })?;
    Ok(all
        .into_iter()
        .filter_map(|f| f.strip_prefix(dir).ok().map(Path::to_path_buf))
        .filter(|f| {
            !f.components()
                .any(|c| c == Component::Normal(".git".as_ref()))
        })
        .collect())
}

/// One pack file's bytes and the permission bits it gets in a workspace.
pub fn pack_file(source: &PackSource, rel: &Path) -> Result<(Vec<u8>, u32), WorkspaceError> {
    let bytes = source.read(rel).map_err(|e| WorkspaceError::ReadPack {
        path: source.display(rel),
        source: e,
    })?;
    let mode = mode_of(source, rel, &bytes);
    Ok((bytes, mode))
}

/// The file's mode in a pack folder; in the built-in pack (which keeps no
/// modes) scripts starting with `#!` are executable.
fn mode_of(source: &PackSource, rel: &Path, bytes: &[u8]) -> u32 {
    let on_disk = source
        .root()
        .and_then(|root| std::fs::metadata(root.join(rel)).ok())
        .map(|m| m.permissions().mode() & 0o777);
    match on_disk {
        Some(mode) => mode | 0o600,
        None if bytes.starts_with(b"#!") => 0o755,
        None => 0o644,
    }
}
