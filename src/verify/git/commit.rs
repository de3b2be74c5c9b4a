//! `git.commit`: the shape of one commit: its parents (a merge of a given
//! branch), the paths it changes and its message.

use git2::{Commit, Repository};

use super::evidence::record;
use super::repository::{commit_name, fatal, short_list};
use super::shell::quote;
use super::{revision, Step};
use crate::pack::checks::CommitCheck;
use crate::pack::types::RelPath;
use crate::verify::Outcome;

pub(super) fn commit(repo: &Repository, check: &CommitCheck) -> Step<Outcome> {
    let expected = lowercase_first(&check.describe());
    let commit = revision::commit(repo, &check.rev, &expected)?;
    if let Some(other) = &check.parent2 {
        if let Some(outcome) = merge_of(repo, &commit, &check.rev, other, &expected)? {
            return Ok(outcome);
        }
    }
    let rev = &check.rev;
    let name = commit_name(&commit)?;
    let parent_ids: Vec<String> = commit.parent_ids().map(|p| p.to_string()).collect();
    record(repo, format!("parents of {rev}"), parent_ids.join(", "));
    if check.changed_only_under.is_some() || !check.changes.is_empty() {
        record(
            repo,
            format!("paths changed by {rev}"),
            changed_paths(repo, &commit)?.join(", "),
        );
    }
    let text = String::from_utf8_lossy(commit.message_bytes()).into_owned();
    record(repo, format!("commit message of {rev}"), text.trim_end());
    let steps = [
        parents(check, &commit, &name),
        paths(repo, check, &commit, &name)?,
        message(check, &commit, &name),
    ];
    match steps.into_iter().flatten().next() {
        Some((actual, hint)) => Ok(Outcome::failed_with_hint(
            expected,
            format!("`{rev}` {actual}"),
            hint,
        )),
        None => Ok(Outcome::Passed),
    }
}

/// What is wrong (after the revision's name) and the hint; `None` when
/// the step passes.
type Wrong = Option<(String, String)>;

fn parents(check: &CommitCheck, commit: &Commit<'_>, name: &str) -> Wrong {
    let n = check.parents?;
    let found = commit.parent_count();
    if found == n as usize {
        return None;
    }
    let hint = match (n, found) {
        (2, _) => "make a merge commit: `git merge --no-ff <branch>`".to_string(),
        (1, 2) => "replay the branch instead of merging it: `git rebase <branch>`".into(),
        _ => format!("the commit must have {n} parents"),
    };
    Some((
        format!("is {name}, with {found} parent{}", plural(found)),
        hint,
    ))
}

/// `changed_only_under` and `changes`.
fn paths(repo: &Repository, check: &CommitCheck, commit: &Commit<'_>, name: &str) -> Step<Wrong> {
    if check.changed_only_under.is_none() && check.changes.is_empty() {
        return Ok(None);
    }
    let changed = changed_paths(repo, commit)?;
    if let Some(dir) = &check.changed_only_under {
        let outside: Vec<String> = changed.iter().filter(|p| !under(p, dir)).cloned().collect();
        if !outside.is_empty() {
            let actual = format!("({name}) also changes {}", short_list(&outside, 5));
            let hint = format!("commit only the files under `{dir}`: `git restore --staged <file>` for the others before `git commit` (to redo the last commit: `git reset --soft HEAD~1`)");
            return Ok(Some((actual, hint)));
        }
    }
    let missing = check
        .changes
        .iter()
        .find(|path| !changed.iter().any(|p| under(p, path)));
    Ok(missing.map(|path| {
        let qpath = quote(path);
        let actual = match changed.is_empty() {
            true => format!("({name}) does not change `{path}`; it changes nothing"),
            false => format!("({name}) does not change `{path}`; it changes {}", short_list(&changed, 5)),
        };
        let hint = format!("change `{path}` in that commit (`git add {qpath}` then `git commit --amend` for the last one)");
        (actual, hint)
    }))
}

fn message(check: &CommitCheck, commit: &Commit<'_>, name: &str) -> Wrong {
    let pattern = check.message.as_ref()?;
    let text = String::from_utf8_lossy(commit.message_bytes()).replace("\r\n", "\n");
    if pattern.is_match(text.trim_end()) {
        return None;
    }
    let hint = "reword it (the last commit: `git commit --amend -m \"...\"`)";
    Some((format!("is {name}"), hint.into()))
}

/// The failure (if any) for "the second parent is the tip of `other`".
fn merge_of(
    repo: &Repository,
    commit: &Commit<'_>,
    rev: &str,
    other: &str,
    expected: &str,
) -> Step<Option<Outcome>> {
    let tip = revision::commit(repo, other, expected)?;
    if commit.parent_id(1).ok() == Some(tip.id()) {
        return Ok(None);
    }
    let name = commit_name(commit)?;
    let is_tag = repo.find_reference(&format!("refs/tags/{rev}")).is_ok();
    let hint = if is_tag {
        // `git reset` moves a branch, never a tag.
        format!("merge it with a merge commit on your branch (`git merge --no-ff {other}`), then move the tag to that merge commit: `git tag -f -a {rev} -m \"...\"` (without `-a` for a lightweight tag)")
    } else {
        format!("merge it with a merge commit: `git merge --no-ff {other}` (if `{rev}` was fast-forwarded, move it back first: `git reset --hard <previous commit>`, see `git reflog`)")
    };
    let actual = match commit.parent_count() {
        _ if commit.id() == tip.id() => format!(
            "`{rev}` is {name}, the tip of `{other}` itself: it was fast-forwarded, there is no merge commit"
        ),
        0 | 1 => format!("`{rev}` is {name}, with one parent: not a merge"),
        _ => format!(
            "`{rev}` is a merge ({name}), but its second parent is not the tip of `{other}` ({})",
            commit_name(&tip)?
        ),
    };
    Ok(Some(Outcome::failed_with_hint(expected, actual, hint)))
}

/// The paths a commit changes against its first parent (every path, for
/// a root commit).
fn changed_paths(repo: &Repository, commit: &Commit<'_>) -> Step<Vec<String>> {
    let tree = commit.tree().map_err(fatal)?;
    let parent = match commit.parent(0) {
        Ok(p) => Some(p.tree().map_err(fatal)?),
        Err(_) => None,
    };
    let diff = repo
        .diff_tree_to_tree(parent.as_ref(), Some(&tree), None)
        .map_err(fatal)?;
    Ok(diff
        .deltas()
        .flat_map(|d| [d.old_file().path(), d.new_file().path()])
        .flatten()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .fold(Vec::new(), |mut all, p| {
            if !all.contains(&p) {
                all.push(p);
            }
            all
        }))
}

/// Whether git path `path` is `dir` or lies under it.
fn under(path: &str, dir: &RelPath) -> bool {
    let dir = super::repository::git_path(dir);
    dir.is_empty() || path == dir || path.starts_with(&format!("{dir}/"))
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

pub(super) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
