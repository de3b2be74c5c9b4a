//! Opening the learner's repository and the small readings every git check
//! shares: HEAD, commit names, repository paths and short lists.

use std::path::Path;

use git2::{BranchType, Commit, ErrorCode, Repository};

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
        Err(e) if e.code() == ErrorCode::NotFound => Err({
            crate::verify::evidence::saw(
                super::evidence::folder(),
                ".git",
                crate::verify::evidence::ABSENT,
            );
            Outcome::failed_with_hint(
                format!("a git repository in {}", folder.display()),
                format!("no git repository in {}", folder.display()),
                format!("create one: `cd {}` then `git init`", folder.display()),
            )
        }),
        Err(e) if e.code() == ErrorCode::Owner => Err(not_owned(folder)),
        Err(e) => Err(fatal(e)),
    }
}

/// The "could not run" for a repository that belongs to another user: git
/// (and libgit2) refuse to read it until the learner says it is safe.
fn not_owned(folder: &Path) -> Outcome {
    let path = folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    let text = path.display().to_string();
    let quoted = match text.contains(|c: char| c.is_whitespace() || "'\"$`\\".contains(c)) {
        true => format!("'{}'", text.replace('\'', "'\\''")),
        false => text.clone(),
    };
    Outcome::error(format!(
        "git refuses to read the repository in {text}: it belongs to another user. If you trust it, mark it safe with `git config --global --add safe.directory {quoted}` (or take it over: `sudo chown -R $(id -u):$(id -g) {quoted}`)"
    ))
}

/// The commit HEAD points at, or `None` while the repository has no commit.
pub(super) fn head(repo: &Repository) -> Step<Option<Commit<'_>>> {
    match repo.head() {
        Ok(reference) => reference.peel_to_commit().map(Some).map_err(fatal),
        Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => Ok(None),
        Err(e) => Err(fatal(e)),
    }
}

/// The commit HEAD points at; a repository without commits fails the check,
/// and so does HEAD on a branch without commits (an orphan branch) beside
/// branches that have some.
pub(super) fn head_or_fail<'r>(repo: &'r Repository, expected: &str) -> Step<Commit<'r>> {
    match head(repo)? {
        Some(commit) => Ok(commit),
        None => Err(no_commits(repo, expected)?),
    }
}

/// Passes when the repository has a commit anywhere: HEAD, or any local
/// branch (HEAD may be on an orphan branch). Checks on branches and tags
/// need no more.
pub(super) fn require_history(repo: &Repository, expected: &str) -> Step<()> {
    if head(repo)?.is_some() || !branches_with_commits(repo)?.is_empty() {
        return Ok(());
    }
    Err(no_commits(repo, expected)?)
}

/// The failure for HEAD without a commit: an empty repository, or an
/// orphan branch beside branches that have commits.
fn no_commits(repo: &Repository, expected: &str) -> Step<Outcome> {
    let others = branches_with_commits(repo)?;
    if others.is_empty() {
        return Ok(Outcome::failed_with_hint(
            expected,
            "no commits yet",
            "make a first commit: `git add <files>` then `git commit -m \"...\"`",
        ));
    }
    let on = unborn_branch(repo).unwrap_or_else(|| "a new branch".into());
    Ok(Outcome::failed_with_hint(
        expected,
        format!(
            "HEAD is on `{on}`, which has no commits yet; the other branches: {}",
            short_list(&others, 5)
        ),
        format!(
            "commit on `{on}`, or go back to a branch with history: `git switch {}`",
            others[0]
        ),
    ))
}

/// The local branches that point at a commit.
pub(super) fn branches_with_commits(repo: &Repository) -> Step<Vec<String>> {
    let mut names = Vec::new();
    for item in repo.branches(Some(BranchType::Local)).map_err(fatal)? {
        let (branch, _) = item.map_err(fatal)?;
        if branch.get().peel_to_commit().is_ok() {
            let name = branch.name_bytes().map_err(fatal)?;
            names.push(String::from_utf8_lossy(name).into_owned());
        }
    }
    Ok(names)
}

/// The branch HEAD names when that branch has no commit yet.
fn unborn_branch(repo: &Repository) -> Option<String> {
    let head = repo.find_reference("HEAD").ok()?;
    let target = head.symbolic_target_bytes()?;
    let name = String::from_utf8_lossy(target);
    Some(
        name.strip_prefix("refs/heads/")
            .unwrap_or(&name)
            .to_string(),
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
