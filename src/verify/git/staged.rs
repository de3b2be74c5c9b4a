//! `git.staged`: a path whose content in the index differs from HEAD,
//! optionally holding one change and not another (partial staging). Read
//! from the index as it is on disk; nothing is refreshed or written.

use std::path::Path;

use git2::{ErrorCode, Index, IndexEntry, IndexEntryExtendedFlag, Repository, Status};

use super::at_rev::{at_head, worktree_blob};
use super::evidence::record;
use super::repository::{fatal, git_path};
use super::shell::quote;
use super::worktree::workdir;
use super::Step;
use crate::pack::checks::StagedCheck;
use crate::pack::types::Pattern;
use crate::verify::evidence::or_absent;
use crate::verify::Outcome;

pub(super) fn staged(repo: &Repository, check: &StagedCheck) -> Step<Outcome> {
    workdir(repo)?;
    let path = &check.path;
    let qpath = quote(path);
    let name = git_path(path);
    let expected = format!("`{path}` staged (the index differs from the last commit)");
    let index = repo.index().map_err(fatal)?;
    let entry = entry(&index, &name);
    let committed = at_head(repo, &name)?;
    let entry_text = |id: git2::Oid, mode: u32| format!("blob {id}, mode {mode:o}");
    record(
        repo,
        format!("index: {name}"),
        or_absent(entry.as_ref().map(|e| entry_text(e.id, e.mode))),
    );
    record(
        repo,
        format!("tree of HEAD: {name}"),
        or_absent(committed.map(|(id, mode)| entry_text(id, mode))),
    );
    if entry.is_none() && committed.is_none_or(|(_, mode)| mode == 0o040000) {
        if let Some(outcome) = folder(repo, &index, check, &expected)? {
            return Ok(outcome);
        }
    }
    let Some(entry) = entry else {
        return not_in_index(repo, &index, check, committed.is_some(), expected);
    };
    if intent_to_add(&entry) {
        return Ok(Outcome::failed_with_hint(
            expected,
            format!("`{path}` is only marked with `git add -N` (intent to add): its content is not staged"),
            format!("stage it: `git add {qpath}`"),
        ));
    }
    if committed == Some((entry.id, entry.mode)) {
        let changed = worktree_changed(repo, &name)?;
        let (actual, hint) = match changed {
            true => (
                format!("`{path}` is modified in the working tree but not staged"),
                format!("stage it: `git add {qpath}`"),
            ),
            false => (
                format!("`{path}` has no change since the last commit"),
                format!("change it, then `git add {qpath}`"),
            ),
        };
        return Ok(Outcome::failed_with_hint(expected, actual, hint));
    }
    let blob = repo.find_blob(entry.id).map_err(fatal)?;
    let text = String::from_utf8_lossy(blob.content());
    record(repo, format!("staged content of {name}"), &text);
    Ok(staged_content(check, &text, expected))
}

/// A folder is staged when a file under it is; `None` when the index
/// holds nothing under `check.path` (it is not a folder there).
fn folder(
    repo: &Repository,
    index: &Index,
    check: &StagedCheck,
    expected: &str,
) -> Step<Option<Outcome>> {
    let path = &check.path;
    let qpath = quote(path);
    let prefix = format!("{}/", git_path(path));
    let mut under = index
        .iter()
        .filter(|e| e.path.starts_with(prefix.as_bytes()) && stage(e) == 0)
        .peekable();
    if under.peek().is_none() {
        return Ok(None);
    }
    for e in under.filter(|e| !intent_to_add(e)) {
        let name = String::from_utf8_lossy(&e.path).into_owned();
        if at_head(repo, &name)? != Some((e.id, e.mode)) {
            return Ok(Some(match check.contains.is_some() || check.not_contains.is_some() {
                true => Outcome::error(format!("`{path}` is a folder: `contains` and `not_contains` read one file; name the file in `path`")),
                false => Outcome::Passed,
            }));
        }
    }
    Ok(Some(Outcome::failed_with_hint(
        expected,
        format!("nothing under `{path}` is staged"),
        format!("stage it: `git add {qpath}`"),
    )))
}

/// Judges the staged content against `contains` and `not_contains`.
fn staged_content(check: &StagedCheck, text: &str, expected: String) -> Outcome {
    let path = &check.path;
    let qpath = quote(path);
    if let Some(want) = &check.contains {
        if !want.is_match(text) {
            return Outcome::failed_with_hint(
                expected,
                format!("the staged `{path}` does not contain {want}"),
                format!("stage that change: `git add -p {qpath}` and answer `y` for its hunk"),
            );
        }
    }
    if let Some(unwanted) = &check.not_contains {
        if let Some(line) = line_of(unwanted, text) {
            return Outcome::failed_with_hint(
                expected,
                format!("the staged `{path}` also contains {unwanted} (line {line})"),
                format!("unstage that change: `git restore --staged -p {qpath}` and answer `y` for its hunk"),
            );
        }
    }
    Outcome::Passed
}

/// The failure for a path the index does not hold at stage 0: in a
/// conflict, staged for deletion, staged under another case, untracked, or
/// nowhere.
fn not_in_index(
    repo: &Repository,
    index: &Index,
    check: &StagedCheck,
    committed: bool,
    expected: String,
) -> Step<Outcome> {
    let path = &check.path;
    let qpath = quote(path);
    let name = git_path(path);
    if index
        .iter()
        .any(|e| e.path == name.as_bytes() && stage(&e) != 0)
    {
        return Ok(Outcome::failed_with_hint(
            expected,
            format!("`{path}` has a merge conflict"),
            format!("fix the conflict markers in `{path}`, then `git add {qpath}`"),
        ));
    }
    if committed {
        return Ok(Outcome::failed_with_hint(
            expected,
            format!("`{path}` is staged for deletion"),
            format!(
                "put it back in the index: `git restore --staged {qpath}`, then `git add {qpath}`"
            ),
        ));
    }
    if let Some(twin) = case_twin(index, &name) {
        let qtwin = quote(&twin);
        return Ok(Outcome::failed_with_hint(
            expected,
            format!("`{twin}` is staged instead: the name differs in case"),
            format!("rename it: `git mv {qtwin} {qpath}`"),
        ));
    }
    let on_disk = worktree_blob(repo, &name)?.is_some();
    let (actual, hint) = match on_disk {
        true if repo.is_path_ignored(&name).map_err(fatal)? => (
            format!("`{path}` is untracked, and .gitignore ignores it"),
            format!("stage it anyway: `git add -f {qpath}`"),
        ),
        true => (
            format!("`{path}` is untracked"),
            format!("stage it: `git add {qpath}`"),
        ),
        false => (
            format!("`{path}` is not present"),
            format!("create `{path}`, then `git add {qpath}`"),
        ),
    };
    Ok(Outcome::failed_with_hint(expected, actual, hint))
}

/// Whether git status sees the working-tree file differ from the index
/// (filters such as `core.autocrlf` and symbolic links handled as git does).
fn worktree_changed(repo: &Repository, name: &str) -> Step<bool> {
    match repo.status_file(Path::new(name)) {
        Ok(status) => Ok(status.intersects(Status::WT_MODIFIED | Status::WT_TYPECHANGE)),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(false),
        Err(e) => Err(fatal(e)),
    }
}

/// The index entry (stage 0) whose path is exactly `name`, case included.
pub(super) fn entry(index: &Index, name: &str) -> Option<IndexEntry> {
    index
        .iter()
        .find(|e| e.path == name.as_bytes() && stage(e) == 0)
}

/// An index path equal to `name` but for case (`notes.MD` for `notes.md`).
fn case_twin(index: &Index, name: &str) -> Option<String> {
    index.iter().find_map(|e| {
        let path = String::from_utf8_lossy(&e.path).into_owned();
        (path != name && path.eq_ignore_ascii_case(name)).then_some(path)
    })
}

/// Whether the entry was only marked with `git add -N`: the path is known
/// to the index but none of its content is staged.
fn intent_to_add(entry: &IndexEntry) -> bool {
    IndexEntryExtendedFlag::from_bits_truncate(entry.flags_extended).is_intent_to_add()
}

/// The merge stage of an entry: 0 outside a conflict.
fn stage(entry: &IndexEntry) -> u16 {
    (entry.flags >> 12) & 0x3
}

/// The 1-based line where `pattern` first matches.
pub(super) fn line_of(pattern: &Pattern, text: &str) -> Option<usize> {
    let at = pattern.0.find(text)?.start();
    Some(text[..at].matches('\n').count() + 1)
}
