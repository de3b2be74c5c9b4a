//! Making a new workspace all at once. It is built in a hidden folder beside
//! its final place (`.opslab-start-NAME-XXXXXX`), filled completely (starter
//! files, repository, first commit) and then renamed into place, so a start
//! that is stopped half-way leaves either a whole workspace or none. The
//! hidden folders of stopped starts are removed by the next start; starts in
//! the same parent folder take turns through a lock on that folder, so one
//! never removes the folder another is still filling.

use std::fs::File;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use rustix::fs::FlockOperation;

use super::confined::Confined;
use super::error::WorkspaceError;
use super::files::starter_files;
use super::restore::write_pack_files;
use super::{Opened, Workspace};
use crate::pack::{Lab, Pack, RepoStart};

/// The name of the hidden folder a start of the workspace `name` builds in.
fn build_prefix(name: &str) -> String {
    format!(".opslab-start-{name}-")
}

/// What is at a workspace's place before a start.
enum Place {
    /// Nothing, or an empty folder: a new workspace may go there.
    Free,
    /// A folder with a git repository: the learner's workspace.
    Workspace,
}

impl Workspace {
    /// Creates the workspace: the starter files, then a git repository
    /// (with the starter files committed unless the lab asks for a bare
    /// `git init`), made beside the final place and renamed in. A folder
    /// with a repository is left alone ([`Opened::Existing`]); a folder with
    /// files but no repository is refused, since opslab did not make it.
    /// A workspace path that is itself a symbolic link is followed.
    pub fn create(&self, pack: &Pack, lab: &Lab) -> Result<Opened, WorkspaceError> {
        let target = resolve_link(&self.path)?;
        let (parent, name) = match (target.parent(), target.file_name()) {
            (Some(p), Some(n)) => (p.to_path_buf(), n.to_string_lossy().into_owned()),
            _ => return Err(WorkspaceError::NotAFolder(target)),
        };
        std::fs::create_dir_all(&parent).map_err(|source| WorkspaceError::Write {
            path: parent.clone(),
            source,
        })?;
        let turn = take_turn(&parent)?;
        if turn.is_some() {
            remove_leftovers(&parent, &name);
        }
        if let Place::Workspace = place_of(&target)? {
            return Ok(Opened::Existing);
        }
        let files = build_in(&parent, &name, &target, pack, lab)?;
        Ok(Opened::Created { files })
    }
}

/// The workspace path with a link at the path itself followed (the learner
/// may link the workspace elsewhere); links below it are never followed.
fn resolve_link(path: &Path) -> Result<PathBuf, WorkspaceError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::canonicalize(path).map_err(|_| WorkspaceError::DanglingLink {
                path: path.to_path_buf(),
                target: std::fs::read_link(path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_else(|_| "somewhere".into()),
            })
        }
        _ => Ok(path.to_path_buf()),
    }
}

/// Waits for other starts in `parent` to finish; the turn ends when the
/// returned handle is dropped (or the process ends, however it ends).
/// `None` on a file system without locks: the start goes ahead, but
/// leftovers are then left alone, as another start might be filling one.
fn take_turn(parent: &Path) -> Result<Option<File>, WorkspaceError> {
    let dir = File::open(parent).map_err(|source| WorkspaceError::Write {
        path: parent.to_path_buf(),
        source,
    })?;
    Ok(rustix::fs::flock(&dir, FlockOperation::LockExclusive)
        .ok()
        .map(|()| dir))
}

/// Removes the hidden build folders that stopped starts of `name` left in
/// `parent`. Call only during this process's turn. Failures are ignored:
/// a leftover is hidden and never mistaken for a workspace.
fn remove_leftovers(parent: &Path, name: &str) {
    let prefix = build_prefix(name);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let is_ours = entry.file_name().to_string_lossy().starts_with(&prefix);
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_ours && is_dir {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a new workspace may go at `target`.
fn place_of(target: &Path) -> Result<Place, WorkspaceError> {
    let meta = match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Place::Free),
        Err(source) => {
            return Err(WorkspaceError::Write {
                path: target.to_path_buf(),
                source,
            })
        }
        Ok(meta) => meta,
    };
    if !meta.is_dir() {
        return Err(WorkspaceError::NotAFolder(target.to_path_buf()));
    }
    if std::fs::symlink_metadata(target.join(".git")).is_ok() {
        return Ok(Place::Workspace);
    }
    let empty = std::fs::read_dir(target).is_ok_and(|mut items| items.next().is_none());
    if empty {
        Ok(Place::Free)
    } else {
        Err(WorkspaceError::NotAWorkspace(target.to_path_buf()))
    }
}

/// Builds the workspace in a hidden folder in `parent` and renames it to
/// `target` (replacing an empty folder there). Returns the number of
/// starter files. On any error the hidden folder is removed.
fn build_in(
    parent: &Path,
    name: &str,
    target: &Path,
    pack: &Pack,
    lab: &Lab,
) -> Result<usize, WorkspaceError> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WorkspaceError::Write { path, source }
    };
    let build = tempfile::Builder::new()
        .prefix(&build_prefix(name))
        .permissions(std::fs::Permissions::from_mode(0o777))
        .tempdir_in(parent)
        .map_err(write_err(parent))?;
    let files = starter_files(pack, lab)?;
    let ws = Confined::open(build.path(), "start")?;
    write_pack_files(&ws, &pack.source, &lab.starter_dir(), &files)?;
    let message = format!("Starter files for {}", lab.title);
    let message = match lab.workspace.git {
        RepoStart::Commit => Some(message.as_str()),
        RepoStart::Init => None,
    };
    crate::verify::git::admin::init_repo(build.path(), message).map_err(WorkspaceError::Git)?;
    std::fs::rename(build.path(), target).map_err(write_err(target))?;
    let _ = build.keep();
    Ok(files.len())
}
