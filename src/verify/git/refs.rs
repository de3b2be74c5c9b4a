//! Branches and tags: `git.branch`, `git.tag`, and finding a branch's tip
//! for the history checks.

use git2::{BranchType, Commit, ErrorCode, ObjectType, Repository};

use super::repository::{fatal, head_or_fail, short_list};
use super::Step;
use crate::verify::Outcome;

pub(super) fn branch(repo: &Repository, name: &str) -> Step<Outcome> {
    let expected = format!("a branch named `{name}`");
    head_or_fail(repo, &expected)?;
    match tip(repo, name)? {
        Some(_) => Ok(Outcome::Passed),
        None => no_branch(repo, name, &expected),
    }
}

pub(super) fn tag(repo: &Repository, name: &str, annotated: bool) -> Step<Outcome> {
    let expected = match annotated {
        true => format!("an annotated tag named `{name}`"),
        false => format!("a tag named `{name}`"),
    };
    head_or_fail(repo, &expected)?;
    let create = match annotated {
        true => format!("`git tag -a {name} -m \"...\"`"),
        false => format!("`git tag {name}`"),
    };
    let reference = match repo.find_reference(&format!("refs/tags/{name}")) {
        Ok(r) => r.resolve().map_err(fatal)?,
        Err(e) if is_missing(&e) => {
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
    match repo.find_branch(name, BranchType::Local) {
        Ok(branch) => branch.get().peel_to_commit().map(Some).map_err(fatal),
        Err(e) if is_missing(&e) => Ok(None),
        Err(e) => Err(fatal(e)),
    }
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
