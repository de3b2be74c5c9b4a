//! Paths that lie inside a submodule. The outer repository records only
//! which commit of the submodule it uses, so `git add sub/file` in the outer
//! repository is refused ("pathspec is in submodule"): the file is
//! committed inside the submodule, and the submodule's new commit is then
//! recorded in the outer repository with `git add sub`.

use std::path::Path;

use git2::{ErrorCode, Oid, Repository};

use super::repository::{fatal, head};
use super::Step;
use crate::verify::Outcome;

/// A git path split at the submodule that holds it.
pub(super) struct InSubmodule {
    /// The submodule's path in the outer repository (`libs/common`).
    pub folder: String,
    /// The path inside the submodule (`README.md`).
    pub inner: String,
}

/// The submodule holding `name`, if one does.
pub(super) fn containing(repo: &Repository, name: &str) -> Step<Option<InSubmodule>> {
    for sub in repo.submodules().map_err(fatal)? {
        let folder = sub.path().to_string_lossy().replace('\\', "/");
        if let Some(inner) = name.strip_prefix(&format!("{folder}/")) {
            return Ok(Some(InSubmodule {
                inner: inner.to_string(),
                folder,
            }));
        }
    }
    Ok(None)
}

/// `git.committed` for a path inside a submodule: passed when the commit
/// the outer repository's last commit records for the submodule holds it.
pub(super) fn committed(repo: &Repository, at: &InSubmodule, expected: &str) -> Step<Outcome> {
    let InSubmodule { folder, inner } = at;
    let sub_repo = open(repo, folder, expected)?;
    if let Some(recorded) = recorded_commit(repo, folder)? {
        if holds(&sub_repo, recorded, inner)? {
            return Ok(Outcome::Passed);
        }
    }
    let record =
        format!("then, in the outer repository, `git add {folder}` and `git commit -m \"...\"`");
    let committed_inside = match head(&sub_repo)? {
        Some(commit) => holds(&sub_repo, commit.id(), inner)?,
        None => false,
    };
    let (actual, hint) = match committed_inside {
        true => (
            format!("`{inner}` is committed inside the submodule `{folder}`, but the last commit here records an older commit of `{folder}`"),
            format!("record the submodule's new commit: `git add {folder}` then `git commit -m \"...\"`"),
        ),
        false => (
            format!("`{inner}` is not in the last commit of the submodule `{folder}`"),
            format!("commit it inside the submodule: `cd {folder}`, `git add {inner}`, `git commit -m \"...\"`; {record}"),
        ),
    };
    Ok(Outcome::failed_with_hint(expected, actual, hint))
}

/// The submodule's own repository; a submodule that is not checked out
/// fails the check.
pub(super) fn open(repo: &Repository, folder: &str, expected: &str) -> Step<Repository> {
    repo.find_submodule(folder)
        .and_then(|s| s.open())
        .map_err(|_| {
            Outcome::failed_with_hint(
                expected,
                format!("the submodule `{folder}` is not checked out"),
                format!("check it out: `git submodule update --init {folder}`"),
            )
        })
}

/// A failure found inside the submodule at `folder`, said from the outer
/// repository: which submodule, and that its commands run there.
pub(super) fn said_from_outside(outcome: Outcome, folder: &str) -> Outcome {
    match outcome {
        Outcome::Failed {
            expected,
            actual,
            hint,
            also,
        } => Outcome::Failed {
            expected,
            actual: format!("{actual} (in the submodule `{folder}`)"),
            hint: hint.map(|h| format!("inside the submodule (`cd {folder}`): {h}")),
            also: also.map(|h| format!("inside the submodule (`cd {folder}`): {h}")),
        },
        other => other,
    }
}

/// The submodule commit that the outer HEAD's tree records at `folder`.
fn recorded_commit(repo: &Repository, folder: &str) -> Step<Option<Oid>> {
    let Some(commit) = head(repo)? else {
        return Ok(None);
    };
    let tree = commit.tree().map_err(fatal)?;
    match tree.get_path(Path::new(folder)) {
        Ok(entry) => Ok(Some(entry.id())),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e) => Err(fatal(e)),
    }
}

/// Whether commit `id` of `repo` (when `repo` has it) holds `inner`.
fn holds(repo: &Repository, id: Oid, inner: &str) -> Step<bool> {
    let Ok(commit) = repo.find_commit(id) else {
        return Ok(false);
    };
    let tree = commit.tree().map_err(fatal)?;
    match tree.get_path(Path::new(inner)) {
        Ok(_) => Ok(true),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(false),
        Err(e) => Err(fatal(e)),
    }
}
