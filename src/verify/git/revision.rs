//! Reading a revision the lab names (`HEAD`, `main`, `origin/main`,
//! `v1.0`, `HEAD~1`) as a commit, and the failure when the repository has
//! no such revision.

use git2::{BranchType, Commit, ErrorCode, Repository};

use super::evidence::record;
use super::repository::{fatal, head_or_fail, require_history, short_list};
use super::Step;
use crate::verify::evidence::ABSENT;
use crate::verify::Outcome;

/// The commit `rev` names; a revision the repository does not have fails
/// the check, listing the branches and tags it does have.
pub(super) fn commit<'r>(repo: &'r Repository, rev: &str, expected: &str) -> Step<Commit<'r>> {
    let found = resolve(repo, rev, expected);
    match &found {
        Ok(commit) => record(repo, format!("commit of {rev}"), commit.id().to_string()),
        Err(Outcome::Failed { .. }) => record(repo, format!("commit of {rev}"), ABSENT),
        Err(_) => {}
    }
    found
}

fn resolve<'r>(repo: &'r Repository, rev: &str, expected: &str) -> Step<Commit<'r>> {
    if rev == "HEAD" {
        return head_or_fail(repo, expected);
    }
    require_history(repo, expected)?;
    match repo.revparse_single(rev).and_then(|o| o.peel_to_commit()) {
        Ok(commit) => Ok(commit),
        Err(e) if is_unknown(&e) => Err(no_revision(repo, rev, expected)?),
        Err(e) => Err(fatal(e)),
    }
}

/// The commit `rev` names, or `None` when the repository has no such
/// revision (or no commit at all).
pub(super) fn find<'r>(repo: &'r Repository, rev: &str) -> Step<Option<Commit<'r>>> {
    match repo.revparse_single(rev).and_then(|o| o.peel_to_commit()) {
        Ok(commit) => {
            record(repo, format!("commit of {rev}"), commit.id().to_string());
            Ok(Some(commit))
        }
        Err(e) if is_unknown(&e) || e.code() == ErrorCode::UnbornBranch => {
            record(repo, format!("commit of {rev}"), ABSENT);
            Ok(None)
        }
        Err(e) => Err(fatal(e)),
    }
}

/// Whether git could not find the revision (as opposed to failing to read).
pub(super) fn is_unknown(e: &git2::Error) -> bool {
    matches!(
        e.code(),
        ErrorCode::NotFound | ErrorCode::InvalidSpec | ErrorCode::Ambiguous | ErrorCode::Peel
    )
}

/// The failure for a revision that names nothing in the repository.
pub(super) fn no_revision(repo: &Repository, rev: &str, expected: &str) -> Step<Outcome> {
    let mut names = Vec::new();
    for item in repo.branches(Some(BranchType::Local)).map_err(fatal)? {
        let (branch, _) = item.map_err(fatal)?;
        names.push(String::from_utf8_lossy(branch.name_bytes().map_err(fatal)?).into_owned());
    }
    let tags = repo.tag_names(None).map_err(fatal)?;
    names.extend(
        tags.iter_bytes()
            .map(|t| String::from_utf8_lossy(t).into_owned()),
    );
    let actual = match names.is_empty() {
        true => format!("no branch, tag or commit `{rev}` in the repository"),
        false => format!(
            "no branch, tag or commit `{rev}`; branches and tags: {}",
            short_list(&names, 6)
        ),
    };
    Ok(Outcome::failed_with_hint(
        expected,
        actual,
        format!("create `{rev}` (a branch: `git branch {rev}`; a tag: `git tag {rev}`), or check its spelling"),
    ))
}
