//! `git.history`: the commits of a range (`main..feature`, a revision, or
//! every ref): how many, whether any is a merge, what their messages say,
//! and whether any still holds a file whose content the lab forbids.

use std::collections::HashSet;
use std::path::Path;

use git2::{Commit, Oid, Repository, Sort};

use super::commit::lowercase_first;
use super::evidence::record;
use super::history::{matches, reword_hint};
use super::repository::{commit_name, fatal, git_path, head, is_starter};
use super::secrets::{mask, rewrite_hint, tips};
use super::{revision, Step};
use crate::pack::checks::{HistoryCheck, NoContent, RevRange};
use crate::verify::Outcome;

pub(super) fn history(repo: &Repository, check: &HistoryCheck) -> Step<Outcome> {
    let range = check.effective_range();
    let expected = lowercase_first(&check.describe());
    let ids = walk(repo, &range, &expected)?;
    let commits: Vec<Commit<'_>> = ids
        .iter()
        .map(|id| repo.find_commit(*id).map_err(fatal))
        .collect::<Step<_>>()?;
    let stash = match range {
        RevRange::All => stash_only(repo)?,
        _ => HashSet::new(),
    };
    let own: Vec<Commit<'_>> = commits
        .iter()
        .filter(|c| !stash.contains(&c.id()))
        .cloned()
        .collect();
    let ids: Vec<String> = own
        .iter()
        .map(|c| c.id().to_string()[..7].to_string())
        .collect();
    record(
        repo,
        format!("commits in {} (stash commits left out)", range.describe()),
        format!("{}: {}", ids.len(), ids.join(" ")),
    );
    let steps = [
        counts(check, &range, own.len(), &expected),
        linear(check, &range, &own, &expected)?,
        messages(repo, check, &range, &own, &expected)?,
    ];
    if let Some(Some(outcome)) = steps.into_iter().find(Option::is_some) {
        return Ok(outcome);
    }
    match &check.no_content {
        Some(rule) => no_content(repo, rule, &commits, &stash, expected),
        None => Ok(Outcome::Passed),
    }
}

/// The commits of the range, newest first.
fn walk(repo: &Repository, range: &RevRange, expected: &str) -> Step<Vec<Oid>> {
    let mut walk = repo.revwalk().map_err(fatal)?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
        .map_err(fatal)?;
    match range {
        RevRange::All => {
            for tip in tips(repo)? {
                walk.push(tip).map_err(fatal)?;
            }
        }
        RevRange::Rev(rev) => walk
            .push(revision::commit(repo, rev, expected)?.id())
            .map_err(fatal)?,
        RevRange::Between(base, tip) => {
            let hide = revision::commit(repo, base, expected)?.id();
            walk.push(revision::commit(repo, tip, expected)?.id())
                .map_err(fatal)?;
            walk.hide(hide).map_err(fatal)?;
        }
    }
    walk.map(|id| id.map_err(fatal)).collect()
}

/// The commits only `refs/stash` reaches (the stash entry and the index
/// and untracked-files commits under it): git writes them and their
/// messages, so counts, merges and messages over every ref skip them.
fn stash_only(repo: &Repository) -> Step<HashSet<Oid>> {
    let Ok(stash) = repo.refname_to_id("refs/stash") else {
        return Ok(HashSet::new());
    };
    let mut walk = repo.revwalk().map_err(fatal)?;
    walk.push(stash).map_err(fatal)?;
    if let Ok(at) = repo.head().and_then(|h| h.peel_to_commit()) {
        walk.hide(at.id()).map_err(fatal)?;
    }
    for reference in repo.references().map_err(fatal)? {
        let Ok(reference) = reference else { continue };
        if reference.name_bytes() == b"refs/stash" {
            continue;
        }
        if let Ok(at) = reference.peel_to_commit() {
            walk.hide(at.id()).map_err(fatal)?;
        }
    }
    walk.map(|id| id.map_err(fatal)).collect()
}

fn counts(check: &HistoryCheck, range: &RevRange, found: usize, expected: &str) -> Option<Outcome> {
    let found = found as u64;
    let wrong = check.count.is_some_and(|n| found != n as u64)
        || check.at_least.is_some_and(|n| found < n as u64)
        || check.at_most.is_some_and(|n| found > n as u64);
    let noun = if found == 1 { "commit" } else { "commits" };
    wrong.then(|| Outcome::failed(expected, format!("{} has {found} {noun}", range.describe())))
}

fn linear(
    check: &HistoryCheck,
    range: &RevRange,
    commits: &[Commit<'_>],
    expected: &str,
) -> Step<Option<Outcome>> {
    let merges: Vec<&Commit<'_>> = commits.iter().filter(|c| c.parent_count() > 1).collect();
    Ok(match (check.linear, merges.first()) {
        (Some(true), Some(merge)) => {
            let hint = match range {
                RevRange::Between(base, tip) => format!("replay `{tip}` on `{base}` instead of merging: `git switch {tip}` then `git rebase {base}`"),
                _ => "replay the branch on its base instead of merging it: `git rebase <base>`".into(),
            };
            let actual = format!(
                "{} holds {} merge commit{}, such as {}",
                range.describe(),
                merges.len(),
                if merges.len() == 1 { "" } else { "s" },
                commit_name(merge)?
            );
            Some(Outcome::failed_with_hint(expected, actual, hint))
        }
        (Some(false), None) => Some(Outcome::failed_with_hint(
            expected,
            format!("{} holds no merge commit", range.describe()),
            "merge with a merge commit: `git merge --no-ff <branch>`",
        )),
        _ => None,
    })
}

/// `some`, `every` and `none` over the commits git did not write itself
/// (merge commits) and opslab's starter commit.
fn messages(
    repo: &Repository,
    check: &HistoryCheck,
    range: &RevRange,
    commits: &[Commit<'_>],
    expected: &str,
) -> Step<Option<Outcome>> {
    let judged: Vec<&Commit<'_>> = commits
        .iter()
        .filter(|c| c.parent_count() < 2 && !is_starter(c))
        .collect();
    let what = range.describe();
    let reword = "reword it: `git commit --amend -m \"...\"` for the last commit, `git rebase -i` (mark it `reword`) for an older one";
    if judged.is_empty() && (check.some.is_some() || check.every.is_some()) {
        let hint = "commit your work: `git add <files>` then `git commit -m \"...\"`";
        return Ok(Some(Outcome::failed_with_hint(
            expected,
            format!("{what} has no commit of yours"),
            hint,
        )));
    }
    if let Some(p) = &check.some {
        if !judged.iter().any(|c| matches(p, c)) {
            let names: Vec<String> = judged
                .iter()
                .take(3)
                .map(|c| commit_name(c))
                .collect::<Step<_>>()?;
            let actual = format!(
                "no commit message in {what} matches {p} (newest: {})",
                names.join(", ")
            );
            return Ok(Some(Outcome::failed_with_hint(expected, actual, reword)));
        }
    }
    if let Some(p) = &check.every {
        let offending: Vec<Commit<'_>> = judged
            .iter()
            .filter(|c| !matches(p, c))
            .map(|c| (*c).clone())
            .collect();
        if let Some(newest) = offending.first() {
            let actual = format!(
                "commit {} does not match {p} ({} of {} commits do not)",
                commit_name(newest)?,
                offending.len(),
                judged.len()
            );
            let hint = match head(repo)? {
                Some(head) => reword_hint(repo, &head, &offending)?,
                None => String::new(),
            };
            let hint = match elsewhere(repo, range) {
                Some(tip) => format!("on `{tip}` (`git switch {tip}`), {hint}"),
                None => hint,
            };
            return Ok(Some(Outcome::failed_with_hint(expected, actual, hint)));
        }
    }
    if let Some(p) = &check.none {
        if let Some(hit) = judged.iter().find(|c| matches(p, c)) {
            let actual = format!("commit {} matches {p}", commit_name(hit)?);
            return Ok(Some(Outcome::failed_with_hint(expected, actual, reword)));
        }
    }
    Ok(None)
}

/// The branch a range ends on when HEAD is not on it: rewording happens
/// there.
fn elsewhere<'a>(repo: &Repository, range: &'a RevRange) -> Option<&'a str> {
    let tip = match range {
        RevRange::Rev(tip) | RevRange::Between(_, tip) => tip.as_str(),
        RevRange::All => return None,
    };
    let on = repo.head().ok().filter(|h| h.is_branch());
    let on = on.as_ref().and_then(|h| h.shorthand().ok());
    (tip != "HEAD" && on != Some(tip) && repo.find_branch(tip, git2::BranchType::Local).is_ok())
        .then_some(tip)
}

/// No commit of the range holds `rule.path` with content matching
/// `rule.pattern`; the oldest such commit is named, since that is where a
/// rewrite starts.
fn no_content(
    repo: &Repository,
    rule: &NoContent,
    commits: &[Commit<'_>],
    stash: &HashSet<Oid>,
    expected: String,
) -> Step<Outcome> {
    let name = git_path(&rule.path);
    let mut seen = HashSet::new();
    for commit in commits.iter().rev() {
        let tree = commit.tree().map_err(fatal)?;
        let Ok(entry) = tree.get_path(Path::new(&name)) else {
            continue;
        };
        if !seen.insert(entry.id()) {
            continue;
        }
        let Ok(blob) = repo.find_blob(entry.id()) else {
            continue;
        };
        let text = String::from_utf8_lossy(blob.content());
        if let Some(found) = rule.pattern.0.find(&text) {
            let actual = format!(
                "commit {} has `{}` containing {}",
                commit_name(commit)?,
                rule.path,
                mask(found.as_str().as_bytes())
            );
            let hint = match stash.contains(&commit.id()) {
                true => "it is only in the stash: drop that entry (`git stash list` to find it, then `git stash drop stash@{N}`; `git stash clear` drops every entry)".to_string(),
                false => format!("a new commit that removes it is not enough: rewrite history so that no branch or tag reaches that commit ({}); the reflog does not count", rewrite_hint(repo, commit)?),
            };
            return Ok(Outcome::failed_with_hint(expected, actual, hint));
        }
    }
    Ok(Outcome::Passed)
}
