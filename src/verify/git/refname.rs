//! `git.ref` (any ref by full or short name, present or absent, at the
//! same commit as another, maybe in another repository of the workspace)
//! and `git.config` (a key of the repository's own config).

use std::path::Path;

use git2::{ConfigLevel, ErrorCode, Reference, Repository};

use super::evidence::record;
use super::repository::{self, commit_name, fatal, short_list};
use super::{revision, Step};
use crate::pack::checks::{ConfigCheck, RefCheck};
use crate::verify::evidence::ABSENT;
use crate::verify::Outcome;

pub(super) fn reference(repo: &Repository, check: &RefCheck, workspace: &Path) -> Step<Outcome> {
    let name = &check.name;
    let expected = super::commit::lowercase_first(&check.describe());
    let found = find(repo, name)?;
    let Some(found) = found else {
        return Ok(match check.exists {
            false => Outcome::Passed,
            true => missing(repo, name, &expected)?,
        });
    };
    let full = String::from_utf8_lossy(found.name_bytes()).into_owned();
    let commit = match found.peel_to_commit() {
        Ok(commit) => commit,
        Err(e) if revision::is_unknown(&e) || e.code() == ErrorCode::UnbornBranch => {
            return Ok(match check.exists {
                false => Outcome::Passed,
                true => no_commit(name, &expected),
            });
        }
        Err(e) => return Err(fatal(e)),
    };
    if !check.exists {
        let actual = format!("`{name}` exists ({full} at {})", commit_name(&commit)?);
        return Ok(Outcome::failed_with_hint(
            expected,
            actual,
            delete_hint(&full),
        ));
    }
    let Some(other) = &check.same_as else {
        return Ok(Outcome::Passed);
    };
    let other_repo = match &check.same_as_repo {
        Some(folder) => repository::open(&folder.under(workspace))?,
        None => Repository::open(repo.path()).map_err(fatal)?,
    };
    let Some(target) = revision::find(&other_repo, other)? else {
        return revision::no_revision(&other_repo, other, &expected);
    };
    if target.id() == commit.id() {
        return Ok(Outcome::Passed);
    }
    let there = match &check.same_as_repo {
        Some(folder) => format!(" in `{folder}`"),
        None => String::new(),
    };
    let actual = format!(
        "`{name}` is at {}; `{other}`{there} is at {}",
        commit_name(&commit)?,
        commit_name(&target)?
    );
    let annotated = repo
        .find_reference(&full)
        .ok()
        .and_then(|r| r.target())
        .is_some_and(|id| repo.find_tag(id).is_ok());
    let mut hint = move_hint(&full, name, other, check.same_as_repo.is_some());
    if annotated {
        // `git tag -f` alone would turn an annotated tag into a lightweight one.
        hint = format!("move the annotated tag: `git tag -f -a {name} {other} -m \"...\"` (it is better to tag the right commit the first time)");
    }
    Ok(Outcome::failed_with_hint(expected, actual, hint))
}

/// The failure for a ref that names no commit yet (HEAD before the first
/// commit, or a symbolic ref to a branch that does not exist).
fn no_commit(name: &str, expected: &str) -> Outcome {
    Outcome::failed_with_hint(
        expected,
        format!("`{name}` has no commit yet"),
        "commit your work: `git add <files>` then `git commit -m \"...\"`",
    )
}

/// The ref a full (`refs/...`) or short (`main`, `origin/main`, `v1`) name
/// names, as git resolves short names, except that a short name whose first
/// part is a configured remote (`origin/feature`) names that remote's
/// tracking ref only, never a local branch spelled the same way; `None`
/// when there is none.
fn find<'r>(repo: &'r Repository, name: &str) -> Step<Option<Reference<'r>>> {
    let tracking = name
        .split_once('/')
        .is_some_and(|(remote, _)| repo.find_remote(remote).is_ok());
    let found = match name.starts_with("refs/") || name == "HEAD" {
        true => repo.find_reference(name),
        false if tracking => repo.find_reference(&format!("refs/remotes/{name}")),
        false => repo.resolve_reference_from_short_name(name),
    };
    let field = format!("ref {name}");
    match found {
        Ok(r) => {
            let full = String::from_utf8_lossy(r.name_bytes()).into_owned();
            let target = r.resolve().ok().and_then(|r| r.target());
            let at = target.map_or("no commit yet".into(), |t| t.to_string());
            record(repo, field, format!("{full} at {at}"));
            Ok(Some(r))
        }
        Err(e) if revision::is_unknown(&e) || e.code() == ErrorCode::UnbornBranch => {
            record(repo, field, ABSENT);
            Ok(None)
        }
        Err(e) => Err(fatal(e)),
    }
}

/// The failure for a ref that does not exist, listing those that do.
fn missing(repo: &Repository, name: &str, expected: &str) -> Step<Outcome> {
    let mut names = Vec::new();
    for r in repo.references().map_err(fatal)? {
        let r = r.map_err(fatal)?;
        names.push(String::from_utf8_lossy(r.shorthand_bytes()).into_owned());
    }
    let actual = match names.is_empty() {
        true => format!("no ref `{name}`; the repository has no refs"),
        false => format!("no ref `{name}`; refs: {}", short_list(&names, 6)),
    };
    let short = name.strip_prefix("refs/remotes/").unwrap_or(name);
    let remote = short
        .split_once('/')
        .map(|(r, _)| r)
        .filter(|r| repo.find_remote(r).is_ok());
    let hint = match (remote, name.strip_prefix("refs/tags/")) {
        (Some(remote), _) => format!("fetch it: `git fetch {remote}`"),
        (None, Some(tag)) => format!("create the tag: `git tag {tag}`"),
        (None, None) => {
            let branch = name.strip_prefix("refs/heads/").unwrap_or(name);
            format!("create it: `git branch {branch}` (a tag: `git tag {branch}`)")
        }
    };
    Ok(Outcome::failed_with_hint(expected, actual, hint))
}

/// How to delete the ref whose full name is `full`.
fn delete_hint(full: &str) -> String {
    if let Some(branch) = full.strip_prefix("refs/heads/") {
        return format!("delete it: `git branch -d {branch}` (`-D` if it was never merged; switch to another branch first if you are on it)");
    }
    if let Some(tag) = full.strip_prefix("refs/tags/") {
        return format!("delete it: `git tag -d {tag}`");
    }
    if let Some(tracking) = full.strip_prefix("refs/remotes/") {
        return format!("delete it: `git branch -dr {tracking}`");
    }
    format!("delete it: `git update-ref -d {full}`")
}

/// How to bring `name` (full name `full`) to the commit of `other`.
fn move_hint(full: &str, name: &str, other: &str, across: bool) -> String {
    if across {
        return format!("bring both repositories to the same commit: push or pull `{name}` (`git push`, `git pull`)");
    }
    if let Some(tag) = full.strip_prefix("refs/tags/") {
        return format!("move the tag: `git tag -f {tag} {other}` (it is better to tag the right commit the first time)");
    }
    if let Some(tracking) = full.strip_prefix("refs/remotes/") {
        if let Some((remote, branch)) = tracking.split_once('/') {
            return format!("push it: `git push {remote} {branch}` (or fetch, if the remote is ahead: `git fetch {remote}`)");
        }
    }
    format!("make them point at the same commit (merge, or `git branch -f {name} {other}`)")
}

pub(super) fn config(repo: &Repository, check: &ConfigCheck) -> Step<Outcome> {
    let key = &check.key;
    let expected = super::commit::lowercase_first(&check.describe());
    let all = repo.config().map_err(fatal)?;
    let local = all.open_level(ConfigLevel::Local).map_err(fatal)?;
    let set =
        |value: &str| format!("set it here: `git config {key} \"{value}\"` in the repository");
    let wanted = check.equals.clone().unwrap_or_else(|| "...".into());
    let field = format!("config {key} (the repository's own)");
    let value = match local.get_string(key.as_str()) {
        Ok(v) => {
            record(repo, field, &v);
            v
        }
        Err(e) if e.code() == ErrorCode::NotFound => {
            record(repo, field, ABSENT);
            let actual = match all.get_string(key.as_str()) {
                Ok(v) => format!("`{key}` is not set in the repository's own config (only outside it: `{v}`, which does not count)"),
                Err(_) => format!("`{key}` is not set in the repository's own config"),
            };
            return Ok(Outcome::failed_with_hint(expected, actual, set(&wanted)));
        }
        Err(e) if e.code() == ErrorCode::InvalidSpec => {
            return Err(Outcome::error(format!(
                "`{key}` is not a git config key; the lab should name one such as `user.email`"
            )));
        }
        Err(e) => return Err(fatal(e)),
    };
    let equal = check.equals.as_ref().is_none_or(|v| *v == value);
    let matching = check.matches.as_ref().is_none_or(|p| p.is_match(&value));
    match equal && matching {
        true => Ok(Outcome::Passed),
        false => Ok(Outcome::failed_with_hint(
            expected,
            format!("`{key}` is `{value}`"),
            set(&wanted),
        )),
    }
}
