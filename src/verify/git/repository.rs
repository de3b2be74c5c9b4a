//! Opening the learner's repository and the small readings every git check
//! shares: HEAD, commit names, repository paths and short lists.

use std::path::Path;

use git2::{Commit, ErrorCode, Repository};

use super::admin::STARTER_EMAIL;
use super::Step;
use crate::pack::types::RelPath;
use crate::verify::Outcome;

/// The outcome for a libgit2 failure the learner did not cause.
pub(super) fn fatal(e: git2::Error) -> Outcome {
    Outcome::error(format!(
        "git could not read the repository: {}",
        e.message()
    ))
}

/// Opens the repository whose folder is `folder`, without looking in the
/// folders above it: the lab wants the repository exactly there.
pub(super) fn open(folder: &Path) -> Step<Repository> {
    match Repository::open(folder) {
        Ok(repo) => Ok(repo),
        Err(e) if e.code() == ErrorCode::NotFound => Err(Outcome::failed_with_hint(
            format!("a git repository in {}", folder.display()),
            format!("no git repository in {}", folder.display()),
            format!("create one: `cd {}` then `git init`", folder.display()),
        )),
        Err(e) => Err(fatal(e)),
    }
}

/// The commit HEAD points at, or `None` while the repository has no commit.
pub(super) fn head(repo: &Repository) -> Step<Option<Commit<'_>>> {
    match repo.head() {
        Ok(reference) => reference.peel_to_commit().map(Some).map_err(fatal),
        Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => Ok(None),
        Err(e) => Err(fatal(e)),
    }
}

/// The commit HEAD points at; a repository without commits fails the check.
pub(super) fn head_or_fail<'r>(repo: &'r Repository, expected: &str) -> Step<Commit<'r>> {
    head(repo)?.ok_or_else(|| no_commits(expected))
}

/// The failure for a repository that has no commit yet.
pub(super) fn no_commits(expected: &str) -> Outcome {
    Outcome::failed_with_hint(
        expected,
        "no commits yet",
        "make a first commit: `git add <files>` then `git commit -m \"...\"`",
    )
}

/// Whether opslab made this commit when it set the workspace up.
pub(super) fn is_starter(commit: &Commit<'_>) -> bool {
    commit.author().email_bytes() == STARTER_EMAIL.as_bytes()
}

/// How git names a commit to a person: short id and subject line.
pub(super) fn commit_name(commit: &Commit<'_>) -> Step<String> {
    let id = commit.as_object().short_id().map_err(fatal)?;
    let id = String::from_utf8_lossy(&id).into_owned();
    Ok(format!("{id} \"{}\"", subject(commit)))
}

/// The first line of a commit message.
pub(super) fn subject(commit: &Commit<'_>) -> String {
    let message = String::from_utf8_lossy(commit.message_bytes());
    message.lines().next().unwrap_or("").trim().to_string()
}

/// A workspace-relative path as git spells it inside the repository:
/// forward slashes, no `./`, no trailing slash.
pub(super) fn git_path(path: &RelPath) -> String {
    let parts: Vec<String> = path
        .as_path()
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// Up to `max` names separated by commas, then how many were left out.
pub(super) fn short_list(names: &[String], max: usize) -> String {
    let shown = names
        .iter()
        .take(max)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    match names.len().saturating_sub(max) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}
