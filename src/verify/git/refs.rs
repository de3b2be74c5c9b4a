//! Branches and tags: `git.branch`, `git.tag`, and finding a branch's tip
//! for the history checks.

use std::path::PathBuf;

use git2::{BranchType, Commit, ErrorCode, ObjectType, Repository};

use super::evidence::record;
use super::repository::{
    branches_with_commits, commit_name, fatal, head, require_history, short_list,
};
use super::Step;
use crate::verify::evidence::{or_absent, ABSENT};
use crate::verify::Outcome;

pub(super) fn branch(repo: &Repository, name: &str) -> Step<Outcome> {
    let expected = format!("a branch named `{name}`");
    require_history(repo, &expected)?;
    match tip(repo, name)? {
        Some(_) => Ok(Outcome::Passed),
        None => no_branch(repo, name, &expected),
    }
}

/// `git.branch` with `exists = false`: no local branch has this name.
pub(super) fn no_such_branch(repo: &Repository, name: &str) -> Step<Outcome> {
    let Some(commit) = tip(repo, name)? else {
        return Ok(Outcome::Passed);
    };
    let on_it = repo
        .head()
        .ok()
        .is_some_and(|h| h.is_branch() && h.shorthand().ok() == Some(name));
    let first = match on_it {
        true => "switch to another branch (`git switch main`), then ",
        false => "",
    };
    Ok(Outcome::failed_with_hint(
        format!("no branch named `{name}`"),
        format!("branch `{name}` exists, at {}", commit_name(&commit)?),
        format!("{first}delete it: `git branch -d {name}` (`-D` if it was never merged)"),
    ))
}

pub(super) fn tag(repo: &Repository, name: &str, annotated: bool) -> Step<Outcome> {
    let expected = match annotated {
        true => format!("an annotated tag named `{name}`"),
        false => format!("a tag named `{name}`"),
    };
    require_history(repo, &expected)?;
    // `git tag NAME` tags HEAD; on a branch without commits it must name
    // a commit to tag.
    let on = match head(repo)? {
        Some(_) => String::new(),
        None => branches_with_commits(repo)?
            .first()
            .map(|b| format!(" {b}"))
            .unwrap_or_default(),
    };
    let create = match annotated {
        true => format!("`git tag -a {name}{on} -m \"...\"`"),
        false => format!("`git tag {name}{on}`"),
    };
    let field = format!("refs/tags/{name}");
    let reference = match repo.find_reference(&field) {
        Ok(r) => r.resolve().map_err(fatal)?,
        Err(e) if is_missing(&e) => {
            record(repo, field, ABSENT);
            let names = tag_names(repo)?;
            let actual = match names.is_empty() {
                true => format!("no tag `{name}`; the repository has no tags"),
                false => format!("no tag `{name}`; tags: {}", short_list(&names, 5)),
            };
            return Ok(Outcome::failed_with_hint(
                expected,
                actual,
                format!("tag the commit: {create}"),
            ));
        }
        Err(e) => return Err(fatal(e)),
    };
    let Some(target) = reference.target() else {
        return Err(Outcome::error(format!("the tag `{name}` points nowhere")));
    };
    let object = repo.find_object(target, None).map_err(fatal)?;
    let kind = object.kind().map_or("object".into(), |k| k.to_string());
    record(repo, field, format!("{kind} {target}"));
    if annotated && object.kind() != Some(ObjectType::Tag) {
        return Ok(Outcome::failed_with_hint(
            expected,
            format!("`{name}` is a lightweight tag (no message, no tagger)"),
            format!("replace it with an annotated tag: `git tag -d {name}` then {create}"),
        ));
    }
    Ok(Outcome::Passed)
}

/// The commit a local branch points at, or `None` when there is no such
/// branch.
pub(super) fn tip<'r>(repo: &'r Repository, name: &str) -> Step<Option<Commit<'r>>> {
    let found = match repo.find_branch(name, BranchType::Local) {
        Ok(branch) => branch.get().peel_to_commit().map(Some).map_err(fatal),
        Err(e) if is_missing(&e) => Ok(None),
        Err(e) => Err(fatal(e)),
    };
    if let Ok(commit) = &found {
        let id = commit.as_ref().map(|c| c.id().to_string());
        record(repo, format!("refs/heads/{name}"), or_absent(id));
    }
    found
}

/// The branch a repository treats as its main line, and why it was taken.
pub(super) struct MainLine {
    pub name: String,
    /// Why this branch: shown to the learner beside the name.
    pub why: &'static str,
}

/// The repository's own main branch, as a learner's tools would pick it:
/// the local branch `origin/HEAD` points to, else `main`, else `master`,
/// else the branch HEAD is on. `None` when none of these exists (HEAD
/// detached, no `main` or `master`).
pub(super) fn main_line(repo: &Repository) -> Step<Option<MainLine>> {
    let found = |name: &str, why| MainLine {
        name: name.to_string(),
        why,
    };
    if let Some(name) = origin_head(repo) {
        if tip(repo, &name)?.is_some() {
            return Ok(Some(found(&name, "the branch `origin/HEAD` points to")));
        }
    }
    if tip(repo, "main")?.is_some() {
        return Ok(Some(found("main", "the repository's main branch")));
    }
    if tip(repo, "master")?.is_some() {
        return Ok(Some(found("master", "the main branch: there is no `main`")));
    }
    let on_branch = repo.head().ok().filter(|h| h.is_branch());
    match on_branch.as_ref().and_then(|h| h.shorthand().ok()) {
        Some(name) => Ok(Some(found(
            name,
            "the branch HEAD is on: there is no `main` or `master`",
        ))),
        None => Ok(None),
    }
}

/// The working folder of another worktree of this repository (the main
/// one or a linked one) whose HEAD is on `branch`.
pub(super) fn checked_out_elsewhere(repo: &Repository, branch: &str) -> Option<PathBuf> {
    let here = repo.workdir().and_then(|w| w.canonicalize().ok());
    let mut others: Vec<Repository> = Vec::new();
    if let Ok(main) = Repository::open(repo.commondir()) {
        others.push(main);
    }
    if let Ok(names) = repo.worktrees() {
        for name in names.iter().flatten().flatten() {
            if let Ok(linked) = repo
                .find_worktree(name)
                .and_then(|w| Repository::open_from_worktree(&w))
            {
                others.push(linked);
            }
        }
    }
    others.into_iter().find_map(|other| {
        let folder = other.workdir()?.canonicalize().ok()?;
        let head = other.head().ok()?;
        let on = head.is_branch() && head.shorthand().ok() == Some(branch);
        (on && Some(&folder) != here.as_ref()).then_some(folder)
    })
}

/// The branch name `refs/remotes/origin/HEAD` points to, if it is set.
fn origin_head(repo: &Repository) -> Option<String> {
    let reference = repo.find_reference("refs/remotes/origin/HEAD").ok()?;
    let target = reference.symbolic_target().ok()??;
    target
        .strip_prefix("refs/remotes/origin/")
        .map(str::to_string)
}

/// The failure for a branch the lab names that does not exist, listing the
/// branches that do.
pub(super) fn no_branch(repo: &Repository, name: &str, expected: &str) -> Step<Outcome> {
    let names = branch_names(repo)?;
    let actual = match names.is_empty() {
        true => format!("no branch `{name}`; the repository has no branches"),
        false => format!("no branch `{name}`; branches: {}", short_list(&names, 5)),
    };
    Ok(Outcome::failed_with_hint(
        expected,
        actual,
        format!("create it with `git switch -c {name}` (or `git branch {name}`)"),
    ))
}

fn branch_names(repo: &Repository) -> Step<Vec<String>> {
    let mut names = Vec::new();
    for item in repo.branches(Some(BranchType::Local)).map_err(fatal)? {
        let (branch, _) = item.map_err(fatal)?;
        let name = branch.name_bytes().map_err(fatal)?;
        names.push(String::from_utf8_lossy(name).into_owned());
    }
    Ok(names)
}

fn tag_names(repo: &Repository) -> Step<Vec<String>> {
    let names = repo.tag_names(None).map_err(fatal)?;
    Ok(names
        .iter_bytes()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect())
}

/// Whether a lookup failed because the name does not exist (or cannot be a
/// ref name at all), as opposed to git failing to read.
fn is_missing(e: &git2::Error) -> bool {
    matches!(e.code(), ErrorCode::NotFound | ErrorCode::InvalidSpec)
}
