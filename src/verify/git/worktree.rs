//! Checks on the working tree and the index: `git.committed`, `git.clean`
//! and `git.ignored`. Nothing here writes: the index is read, never
//! refreshed or saved, and status runs without updating it.

use std::collections::HashSet;
use std::path::Path;

use git2::{
    ErrorCode, Index, IndexEntryExtendedFlag, IndexEntryFlag, Repository, Status, StatusOptions,
};

use super::evidence::record;
use super::repository::{fatal, git_path, head, short_list};
use super::shell::quote;
use super::{submodule, Step};
use crate::pack::types::RelPath;
use crate::verify::evidence::ABSENT;
use crate::verify::Outcome;

pub(super) fn committed(repo: &Repository, path: &RelPath) -> Step<Outcome> {
    let qpath = quote(path);
    let workdir = workdir(repo)?;
    let name = git_path(path);
    let expected = format!("`{path}` in the last commit");
    if at_head(repo, &name)? {
        return Ok(Outcome::Passed);
    }
    if let Some(at) = submodule::containing(repo, &name)? {
        return submodule::committed(repo, &at, &expected);
    }
    let index = repo.index().map_err(fatal)?;
    record(repo, format!("index: {name}"), tracked(&index, &name));
    let (actual, hint) = if in_index(&index, &name) {
        (
            format!("`{path}` is staged but not committed"),
            "commit it: `git commit -m \"...\"`".to_string(),
        )
    } else if path.under(workdir).symlink_metadata().is_ok() {
        if repo.is_path_ignored(&name).map_err(fatal)? {
            (
                format!("`{path}` is only in the working tree, and .gitignore ignores it"),
                format!("take it out of .gitignore, or add it anyway with `git add -f {qpath}`"),
            )
        } else {
            (
                format!(
                    "`{path}` is only in the working tree (untracked or modified but not staged)"
                ),
                format!("`git add {qpath}` then `git commit -m \"...\"`"),
            )
        }
    } else {
        (
            format!("`{path}` is not present"),
            format!("create `{path}`, then `git add {qpath}` and `git commit`"),
        )
    };
    Ok(Outcome::failed_with_hint(expected, actual, hint))
}

pub(super) fn clean(repo: &Repository) -> Step<Outcome> {
    workdir(repo)?;
    let mut options = StatusOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(false)
        .include_ignored(false)
        .update_index(false);
    let statuses = repo.statuses(Some(&mut options)).map_err(fatal)?;
    let unwatched = unwatched(&repo.index().map_err(fatal)?);
    let mut inside_submodules = Vec::new();
    let changes: Vec<String> = statuses
        .iter()
        .filter_map(|entry| {
            let mut status = entry.status();
            if unwatched.contains(entry.path_bytes()) {
                status.remove(IN_WORKTREE);
            }
            let path = String::from_utf8_lossy(entry.path_bytes()).into_owned();
            if status.is_empty() {
                return None;
            }
            let what = match submodule_change(repo, &path) {
                Some(what) => {
                    inside_submodules.push(path.clone());
                    what
                }
                None => describe(status),
            };
            Some(format!("{path} ({what})"))
        })
        .collect();
    let listed = match changes.is_empty() {
        true => "(nothing to commit)".to_string(),
        false => changes.join(", "),
    };
    record(repo, "status (git status)", listed);
    if changes.is_empty() {
        return Ok(Outcome::Passed);
    }
    let noun = if changes.len() == 1 {
        "change"
    } else {
        "changes"
    };
    let mut hint = String::from(
        "commit what belongs in the repository (`git add` then `git commit`) and list generated files in .gitignore",
    );
    if let Some(first) = inside_submodules.first() {
        // `git add` in the outer repository cannot take files inside a
        // submodule: they are committed (or ignored) in the submodule.
        hint = format!(
            "{} is a submodule: `cd {first}`, commit its files there (or list them in its own .gitignore), then in the outer repository `git add {first}` and `git commit` to record its new commit",
            if inside_submodules.len() == 1 { format!("`{first}`") } else { format!("`{first}` (like the others marked submodule)") }
        );
        if changes.len() > inside_submodules.len() {
            hint.push_str("; for the other paths, `git add` then `git commit`");
        }
    }
    Ok(Outcome::failed_with_hint(
        "a clean working tree (nothing to commit)",
        format!("{} {noun}: {}", changes.len(), short_list(&changes, 5)),
        hint,
    ))
}

/// What is changed in the submodule at `path`, as `git status` words it;
/// `None` when `path` is not a submodule.
fn submodule_change(repo: &Repository, path: &str) -> Option<&'static str> {
    let status = repo
        .submodule_status(path, git2::SubmoduleIgnore::None)
        .ok()?;
    if !status.contains(git2::SubmoduleStatus::IN_CONFIG)
        && !status.contains(git2::SubmoduleStatus::IN_HEAD)
        && !status.contains(git2::SubmoduleStatus::IN_INDEX)
    {
        return None;
    }
    Some(if status.contains(git2::SubmoduleStatus::WD_MODIFIED) {
        "submodule: new commits not recorded"
    } else if status.intersects(
        git2::SubmoduleStatus::WD_WD_MODIFIED | git2::SubmoduleStatus::WD_INDEX_MODIFIED,
    ) {
        "submodule: modified content inside"
    } else if status.contains(git2::SubmoduleStatus::WD_UNTRACKED) {
        "submodule: untracked content inside"
    } else {
        "submodule: changed"
    })
}

pub(super) fn ignored(repo: &Repository, path: &RelPath) -> Step<Outcome> {
    let qpath = quote(path);
    workdir(repo)?;
    let name = git_path(path);
    let expected = format!("`{path}` ignored by git and not tracked");
    // The outer repository's rules do not reach into a submodule: its own
    // .gitignore and index decide.
    if let Some(at) = submodule::containing(repo, &name)? {
        let sub = submodule::open(repo, &at.folder, &expected)?;
        let slash = if path.as_path().as_os_str().to_string_lossy().ends_with('/') {
            "/"
        } else {
            ""
        };
        let inner = RelPath::new(&format!("{}{slash}", at.inner)).map_err(Outcome::error)?;
        let outcome = ignored(&sub, &inner)?;
        return Ok(submodule::said_from_outside(outcome, &at.folder));
    }
    // A trailing slash says "a folder", which folder-only rules (`target/`)
    // need when the folder does not exist yet.
    let query = match path.as_path().as_os_str().to_string_lossy().ends_with('/') {
        true => format!("{name}/"),
        false => name.clone(),
    };
    let is_ignored = repo.is_path_ignored(&query).map_err(fatal)?;
    record(repo, format!("ignored: {query}"), is_ignored.to_string());
    if !is_ignored {
        return Ok(Outcome::failed_with_hint(
            expected,
            format!("`{path}` is not ignored"),
            format!("add a line `{path}` to .gitignore"),
        ));
    }
    let index = repo.index().map_err(fatal)?;
    record(repo, format!("index: {name}"), tracked(&index, &name));
    if in_index(&index, &name) {
        return Ok(Outcome::failed_with_hint(
            expected,
            format!("`{path}` is ignored but still tracked (it was added before the rule)"),
            format!("stop tracking it: `git rm -r --cached {qpath}`, then commit"),
        ));
    }
    if at_head(repo, &name)? {
        return Ok(Outcome::failed_with_hint(
            expected,
            format!("`{path}` is ignored but still in the last commit"),
            "commit its removal: `git commit -m \"...\"`",
        ));
    }
    Ok(Outcome::Passed)
}

/// `git.ignored` with `ignored = false`: `git add` takes the path without
/// `-f`. A tracked path counts as not ignored, as `git check-ignore` says.
pub(super) fn not_ignored(repo: &Repository, path: &RelPath) -> Step<Outcome> {
    let qpath = quote(path);
    workdir(repo)?;
    let name = git_path(path);
    let index = repo.index().map_err(fatal)?;
    let query = match path.as_path().as_os_str().to_string_lossy().ends_with('/') {
        true => format!("{name}/"),
        false => name.clone(),
    };
    let is_ignored = repo.is_path_ignored(&query).map_err(fatal)?;
    record(repo, format!("index: {name}"), tracked(&index, &name));
    record(repo, format!("ignored: {query}"), is_ignored.to_string());
    if in_index(&index, &name) || !is_ignored {
        return Ok(Outcome::Passed);
    }
    let hint = match ignored_folder(repo, &name)? {
        Some(folder) => format!("`{folder}/` is ignored as a whole, and git does not look inside an ignored folder, so a line `!{path}` cannot bring it back: change the folder's rule to `{folder}/*`, then add `!{path}` after it (`git check-ignore -v {folder}/` names the file and line)"),
        None => format!("remove the .gitignore rule that matches it (`git check-ignore -v {qpath}` names the file and line), or add a line `!{path}` after it"),
    };
    Ok(Outcome::failed_with_hint(
        format!("`{path}` not ignored by git"),
        format!("`{path}` is ignored"),
        hint,
    ))
}

/// The outermost folder above `name` that a rule ignores as a whole.
fn ignored_folder(repo: &Repository, name: &str) -> Step<Option<String>> {
    let parts: Vec<&str> = name.split('/').collect();
    for end in 1..parts.len() {
        let folder = parts[..end].join("/");
        if repo.is_path_ignored(format!("{folder}/")).map_err(fatal)? {
            return Ok(Some(folder));
        }
    }
    Ok(None)
}

/// The working tree's folder; a bare repository has none to check.
pub(super) fn workdir(repo: &Repository) -> Step<&Path> {
    repo.workdir().ok_or_else(|| {
        Outcome::failed(
            "a repository with a working tree",
            "a bare repository (no working tree)",
        )
    })
}

/// Whether the last commit holds `name` (a file or a folder).
fn at_head(repo: &Repository, name: &str) -> Step<bool> {
    let Some(commit) = head(repo)? else {
        return Ok(false);
    };
    let tree = commit.tree().map_err(fatal)?;
    let field = format!("tree of HEAD: {name}");
    match tree.get_path(Path::new(name)) {
        Ok(entry) => {
            let kind = entry.kind().map_or("entry".into(), |k| k.to_string());
            record(repo, field, format!("{kind} {}", entry.id()));
            Ok(true)
        }
        Err(e) if e.code() == ErrorCode::NotFound => {
            record(repo, field, ABSENT);
            Ok(false)
        }
        Err(e) => Err(fatal(e)),
    }
}

/// `tracked` or `(absent)`, for the evidence.
fn tracked(index: &Index, name: &str) -> &'static str {
    match in_index(index, name) {
        true => "tracked",
        false => ABSENT,
    }
}

/// Whether the index holds `name`, or any file under it when it is a folder.
fn in_index(index: &Index, name: &str) -> bool {
    let folder = format!("{name}/");
    index
        .iter()
        .any(|entry| entry.path == name.as_bytes() || entry.path.starts_with(folder.as_bytes()))
}

/// The working-tree side of a status entry.
const IN_WORKTREE: Status = Status::WT_MODIFIED
    .union(Status::WT_DELETED)
    .union(Status::WT_TYPECHANGE)
    .union(Status::WT_RENAMED);

/// The index entries whose working-tree file git does not look at, as
/// `git status` honours them: skip-worktree (sparse checkout, `git
/// update-index --skip-worktree`) and assume-unchanged. libgit2's status
/// reports them as changed; `git.clean` must not.
fn unwatched(index: &Index) -> HashSet<Vec<u8>> {
    index
        .iter()
        .filter(|entry| {
            IndexEntryExtendedFlag::from_bits_truncate(entry.flags_extended).is_skip_worktree()
                || IndexEntryFlag::from_bits_truncate(entry.flags).is_valid()
        })
        .map(|entry| entry.path)
        .collect()
}

/// One status entry in a few words, as `git status` would group it.
fn describe(status: Status) -> &'static str {
    let staged = Status::INDEX_NEW
        | Status::INDEX_MODIFIED
        | Status::INDEX_DELETED
        | Status::INDEX_RENAMED
        | Status::INDEX_TYPECHANGE;
    let changed = Status::WT_MODIFIED | Status::WT_RENAMED | Status::WT_TYPECHANGE;
    if status.contains(Status::CONFLICTED) {
        "conflicted"
    } else if status.contains(Status::WT_NEW) {
        "untracked"
    } else if status.intersects(staged) && status.intersects(changed | Status::WT_DELETED) {
        "staged, then changed again"
    } else if status.intersects(staged) {
        "staged"
    } else if status.contains(Status::WT_DELETED) {
        "deleted"
    } else {
        "modified"
    }
}
