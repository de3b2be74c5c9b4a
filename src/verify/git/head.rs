//! `git.head`: the branch HEAD is on (or that it is detached), and whether
//! a merge, rebase, cherry-pick, revert, bisect or `git am` is under way,
//! with the commands that finish or abort it.

use git2::{Repository, RepositoryState};

use super::evidence::record;
use super::repository::{commit_name, head};
use super::{refs, Step};
use crate::pack::checks::HeadCheck;
use crate::verify::Outcome;

pub(super) fn head_state(repo: &Repository, check: &HeadCheck) -> Step<Outcome> {
    if let Some(want) = check.in_progress {
        if let Some(outcome) = in_progress(repo, want)? {
            return Ok(outcome);
        }
    }
    let on = on_branch(repo);
    if let Some(branch) = &check.branch {
        if on.as_deref() != Some(branch.as_str()) {
            return not_on(repo, branch, on.as_deref());
        }
    }
    match (check.detached, &on) {
        (Some(true), Some(name)) => Ok(Outcome::failed_with_hint(
            "HEAD detached (not on a branch)",
            format!("HEAD is on branch `{name}`"),
            "detach it at the commit you want: `git switch --detach <commit>`",
        )),
        (Some(false), None) => Ok(Outcome::failed_with_hint(
            "HEAD on a branch",
            format!("HEAD is detached at {}", here(repo)?),
            "go back to a branch: `git switch <branch>` (or keep this commit on a new one: `git switch -c <name>`)",
        )),
        _ => Ok(Outcome::Passed),
    }
}

/// The local branch HEAD is on, born or not; `None` when detached.
fn on_branch(repo: &Repository) -> Option<String> {
    let reference = repo.find_reference("HEAD").ok()?;
    let target = reference.symbolic_target().ok()??;
    target.strip_prefix("refs/heads/").map(str::to_string)
}

/// The failure for HEAD elsewhere than on `branch`.
fn not_on(repo: &Repository, branch: &str, on: Option<&str>) -> Step<Outcome> {
    let expected = format!("HEAD on branch `{branch}`");
    let tip = refs::tip(repo, branch)?;
    let Some(tip) = tip else {
        return refs::no_branch(repo, branch, &expected);
    };
    let actual = match on {
        Some(other) => format!("HEAD is on branch `{other}`"),
        None => match head(repo)? {
            Some(at) if at.id() == tip.id() => format!(
                "HEAD is detached at {}, the tip of `{branch}`, but not on the branch: new commits would not move `{branch}`",
                commit_name(&at)?
            ),
            _ => format!("HEAD is detached at {}", here(repo)?),
        },
    };
    let hint = match sequence(repo, repo.state()) {
        RepositoryState::Clean => format!("switch to it: `git switch {branch}`"),
        busy => {
            let (what, finish) = operation(busy);
            format!("{what} is in progress, and git will not switch branches until it ends: {finish}; then `git switch {branch}`")
        }
    };
    Ok(Outcome::failed_with_hint(expected, actual, hint))
}

/// How to name the commit HEAD is at.
fn here(repo: &Repository) -> Step<String> {
    match head(repo)? {
        Some(commit) => commit_name(&commit),
        None => Ok("no commit".into()),
    }
}

/// The failure (if any) for `in_progress = want`.
fn in_progress(repo: &Repository, want: bool) -> Step<Option<Outcome>> {
    let state = sequence(repo, repo.state());
    record(
        repo,
        "operation in progress (repository state)",
        format!("{state:?}"),
    );
    let busy = state != RepositoryState::Clean;
    if busy == want {
        return Ok(None);
    }
    if want {
        return Ok(Some(Outcome::failed(
            "an operation in progress (merge, rebase, cherry-pick, ...)",
            "nothing is in progress",
        )));
    }
    let (what, finish) = operation(state);
    Ok(Some(Outcome::failed_with_hint(
        "no merge, rebase, cherry-pick, revert or bisect in progress",
        format!("{what} is in progress"),
        finish,
    )))
}

/// The state, counting a multi-commit cherry-pick or revert that git still
/// holds in `.git/sequencer/` after one of its commits was finished with
/// `git commit` (libgit2 reports such a repository as clean; git does not).
fn sequence(repo: &Repository, state: RepositoryState) -> RepositoryState {
    if state != RepositoryState::Clean {
        return state;
    }
    let todo = repo.path().join("sequencer").join("todo");
    let Ok(text) = std::fs::read_to_string(todo) else {
        return state;
    };
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .and_then(|l| l.split_whitespace().next());
    match first {
        Some("pick" | "p") => RepositoryState::CherryPickSequence,
        Some("revert") => RepositoryState::RevertSequence,
        _ => state,
    }
}

/// The operation under way, and how to finish or abort it.
fn operation(state: RepositoryState) -> (&'static str, &'static str) {
    use RepositoryState::*;
    match state {
        Merge => ("a merge", "finish it: fix the conflicts, `git add` the files, then `git commit`; or abort it: `git merge --abort`"),
        Revert | RevertSequence => ("a revert", "finish it: fix the conflicts, `git add` the files, then `git revert --continue`; or abort it: `git revert --abort`"),
        CherryPick | CherryPickSequence => ("a cherry-pick", "finish it: fix the conflicts, `git add` the files, then `git cherry-pick --continue`; or abort it: `git cherry-pick --abort`"),
        Bisect => ("a bisect", "end it: `git bisect reset`"),
        Rebase | RebaseInteractive | RebaseMerge => ("a rebase", "finish it: fix the conflicts, `git add` the files, then `git rebase --continue`; or abort it: `git rebase --abort`"),
        ApplyMailbox | ApplyMailboxOrRebase => ("`git am`", "finish it: `git am --continue`; or abort it: `git am --abort`"),
        Clean => ("nothing", ""),
    }
}
