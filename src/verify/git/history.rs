//! Checks on the commit history: `git.commits`, `git.commit_message` and
//! `git.merged`.

use git2::{Commit, Oid, Repository};

use super::evidence::record;
use super::refs::{checked_out_elsewhere, main_line, no_branch, tip};
use super::repository::{commit_name, fatal, head_or_fail, is_starter, require_history};
use super::Step;
use crate::pack::types::Pattern;
use crate::verify::Outcome;

pub(super) fn commits(repo: &Repository, at_least: u32, branch: Option<&str>) -> Step<Outcome> {
    let noun = |n: u32| if n == 1 { "commit" } else { "commits" };
    let on = branch.map(|b| format!(" on `{b}`")).unwrap_or_default();
    let expected = format!("at least {at_least} {}{on}", noun(at_least));
    let start = match branch {
        None => head_or_fail(repo, &expected)?,
        Some(name) => match require_history(repo, &expected).and_then(|()| tip(repo, name))? {
            Some(commit) => commit,
            None => return no_branch(repo, name, &expected),
        },
    };
    let found = count_commits(repo, start.id(), None, at_least)?;
    let from = branch.unwrap_or("HEAD");
    record(
        repo,
        format!("commits reachable from {from} (counted up to {at_least})"),
        found.to_string(),
    );
    Ok(Outcome::expect(
        found >= at_least,
        expected,
        format!("{found} {}{on}", noun(found)),
    ))
}

pub(super) fn last_message(repo: &Repository, pattern: &Pattern) -> Step<Outcome> {
    let expected = format!("the last commit message matches {pattern}");
    let head = head_or_fail(repo, &expected)?;
    let message = String::from_utf8_lossy(head.message_bytes()).into_owned();
    record(repo, "commit message of HEAD", message.trim_end());
    if is_starter(&head) {
        return Ok(Outcome::failed_with_hint(
            expected,
            "the last commit is opslab's starter commit; there is no commit of yours yet",
            "commit your work: `git add <files>` then `git commit -m \"...\"`",
        ));
    }
    if matches(pattern, &head) {
        return Ok(Outcome::Passed);
    }
    Ok(Outcome::failed_with_hint(
        expected,
        format!("the last commit is {}", commit_name(&head)?),
        "reword it: `git commit --amend -m \"...\"`",
    ))
}

/// Every commit reachable from HEAD, except opslab's starter commit and
/// merge commits (whose message git writes), must match.
pub(super) fn every_message(repo: &Repository, pattern: &Pattern) -> Step<Outcome> {
    let expected = format!("every commit message matches {pattern}");
    let head = head_or_fail(repo, &expected)?;
    let mut walk = repo.revwalk().map_err(fatal)?;
    walk.push(head.id()).map_err(fatal)?;
    let (mut judged, mut offending) = (0usize, Vec::new());
    for oid in walk {
        let commit = repo.find_commit(oid.map_err(fatal)?).map_err(fatal)?;
        if is_starter(&commit) || commit.parent_count() > 1 {
            continue;
        }
        judged += 1;
        if !matches(pattern, &commit) {
            offending.push(commit);
        }
    }
    let mut names = Vec::new();
    for commit in &offending {
        names.push(commit_name(commit)?);
    }
    record(
        repo,
        format!(
            "messages of the {judged} commits from HEAD (starter and merges left out) not matching"
        ),
        match names.is_empty() {
            true => "(none)".to_string(),
            false => names.join("; "),
        },
    );
    let Some(newest) = offending.first() else {
        if judged == 0 {
            return Ok(Outcome::failed_with_hint(
                expected,
                "no commit of yours yet (only opslab's starter commit)",
                "commit your work: `git add <files>` then `git commit -m \"...\"`",
            ));
        }
        return Ok(Outcome::Passed);
    };
    let hint = reword_hint(repo, &head, &offending)?;
    Ok(Outcome::failed_with_hint(
        expected,
        format!(
            "commit {} does not match ({} of {judged} commits do not)",
            commit_name(newest)?,
            offending.len()
        ),
        hint,
    ))
}

/// How to reword `offending` (newest first): amend when only HEAD is
/// wrong, else an interactive rebase that starts just before the oldest
/// one, which is `--root` when that commit has no parent.
pub(super) fn reword_hint(
    repo: &Repository,
    head: &Commit<'_>,
    offending: &[Commit<'_>],
) -> Step<String> {
    let Some(oldest) = offending.last() else {
        return Ok(String::new());
    };
    if offending.len() == 1 && oldest.id() == head.id() {
        return Ok("reword it: `git commit --amend -m \"...\"`".into());
    }
    Ok(format!(
        "reword them with `{}` (mark each of them `reword`)",
        rebase_from(repo, oldest)?
    ))
}

/// The `git rebase -i` command whose todo list starts at `commit`:
/// `--root` for a root commit, else the commit's first parent; with
/// `--rebase-merges` when a merge commit lies between it and HEAD (a plain
/// `rebase -i` would flatten the merge away).
pub(super) fn rebase_from(repo: &Repository, commit: &Commit<'_>) -> Step<String> {
    let merges = if merges_since(repo, commit).unwrap_or(false) {
        " --rebase-merges"
    } else {
        ""
    };
    let Some(parent) = commit.parent_ids().next() else {
        return Ok(format!("git rebase -i{merges} --root"));
    };
    let parent = repo.find_object(parent, None).map_err(fatal)?;
    let id = parent.short_id().map_err(fatal)?;
    Ok(format!(
        "git rebase -i{merges} {}",
        String::from_utf8_lossy(&id)
    ))
}

/// Whether a commit with two or more parents is reachable from HEAD but not
/// from `commit`'s parents (the commits a rebase from `commit` replays).
fn merges_since(repo: &Repository, commit: &Commit<'_>) -> Result<bool, git2::Error> {
    let mut walk = repo.revwalk()?;
    walk.push_head()?;
    for parent in commit.parent_ids() {
        walk.hide(parent)?;
    }
    for id in walk {
        if repo.find_commit(id?)?.parent_count() > 1 {
            return Ok(true);
        }
    }
    Ok(false)
}

pub(super) fn merged(repo: &Repository, branch: &str, into: Option<&str>) -> Step<Outcome> {
    let (into, expected) = match into {
        Some(into) => (into.to_string(), format!("`{branch}` merged into `{into}`")),
        None => {
            let expected = format!("`{branch}` merged into the main branch");
            require_history(repo, &expected)?;
            match main_line(repo)? {
                Some(line) => (
                    line.name.clone(),
                    format!("`{branch}` merged into `{}` ({})", line.name, line.why),
                ),
                None => {
                    return Ok(Outcome::failed_with_hint(
                        expected,
                        "no `main` or `master` branch, and HEAD is not on a branch",
                        "switch to the branch to merge into (`git switch main`), or create it (`git switch -c main`)",
                    ))
                }
            }
        }
    };
    let into = into.as_str();
    require_history(repo, &expected)?;
    if into == branch {
        // A branch always contains itself: with HEAD on `branch` and no
        // `main` or `master`, the main line falls back to `branch` itself.
        return Ok(Outcome::failed_with_hint(
            expected,
            format!("`{branch}` is the branch it would be merged into (HEAD is on `{branch}` and there is no `main` or `master`)"),
            format!("switch to the branch that should receive the work and merge there: `git switch BRANCH` then `git merge {branch}`"),
        ));
    }
    let Some(from) = tip(repo, branch)? else {
        return no_branch(repo, branch, &expected);
    };
    let Some(target) = tip(repo, into)? else {
        return no_branch(repo, into, &expected);
    };
    if from.id() == target.id()
        || repo
            .graph_descendant_of(target.id(), from.id())
            .map_err(fatal)?
    {
        record(repo, format!("commits of {branch} not in {into}"), "0");
        return Ok(Outcome::Passed);
    }
    let missing = count_commits(repo, from.id(), Some(target.id()), u32::MAX)?;
    record(
        repo,
        format!("commits of {branch} not in {into}"),
        missing.to_string(),
    );
    let noun = if missing == 1 { "commit" } else { "commits" };
    Ok(Outcome::failed_with_hint(
        expected,
        format!("`{branch}` has {missing} {noun} that `{into}` does not have"),
        merge_hint(repo, branch, into),
    ))
}

/// How to merge `branch` into `into` from here: git refuses to switch to a
/// branch that another worktree has checked out, so the merge is then
/// done there.
fn merge_hint(repo: &Repository, branch: &str, into: &str) -> String {
    let on_into = repo
        .head()
        .ok()
        .is_some_and(|h| h.is_branch() && h.shorthand().ok() == Some(into));
    if on_into {
        return format!("merge it: `git merge {branch}`");
    }
    match checked_out_elsewhere(repo, into) {
        Some(folder) => format!(
            "merge it where `{into}` is checked out: `cd {}` then `git merge {branch}`",
            folder.display()
        ),
        None => format!("merge it: `git switch {into}` then `git merge {branch}`"),
    }
}

/// Whether the whole message, without its trailing newlines, matches; a
/// message written with `\r\n` line ends (by a tool on Windows) reads as
/// its `\n` twin.
pub(super) fn matches(pattern: &Pattern, commit: &Commit<'_>) -> bool {
    let message = String::from_utf8_lossy(commit.message_bytes()).replace("\r\n", "\n");
    pattern.is_match(message.trim_end())
}

/// How many commits are reachable from `start` and not from `hide`,
/// counting no further than `limit`.
fn count_commits(repo: &Repository, start: Oid, hide: Option<Oid>, limit: u32) -> Step<u32> {
    let mut walk = repo.revwalk().map_err(fatal)?;
    walk.push(start).map_err(fatal)?;
    if let Some(hide) = hide {
        walk.hide(hide).map_err(fatal)?;
    }
    let mut found = 0;
    for oid in walk {
        oid.map_err(fatal)?;
        found += 1;
        if found >= limit {
            break;
        }
    }
    Ok(found)
}
