//! `git.file`: a file as a commit or the index holds it (content, mode,
//! presence), which is what the next clone gets, whatever the working
//! tree shows.

use std::path::Path;

use git2::{ErrorCode, ObjectType, Oid, Repository};

use super::evidence::record;
use super::repository::{commit_name, fatal, git_path, head};
use super::shell::quote;
use super::staged::{entry, line_of};
use super::{revision, Step};
use crate::pack::checks::{FileAtRev, FileMode};
use crate::verify::evidence::or_absent;
use crate::verify::Outcome;

/// What a revision holds at a path: the blob (or tree) id and its mode.
type Found = Option<(Oid, u32)>;

pub(super) fn file(repo: &Repository, check: &FileAtRev) -> Step<Outcome> {
    let path = &check.path;
    let qpath = quote(path);
    let name = git_path(path);
    let expected = expected(check);
    let (found, at) = lookup(repo, check, &name, &expected)?;
    let place = match check.in_index() {
        true => format!("index: {name}"),
        false => format!("tree of {}: {name}", check.rev),
    };
    let entry = found.map(|(id, mode)| format!("blob {id}, mode {mode:o}"));
    record(repo, &place, or_absent(entry));
    let Some((id, mode)) = found else {
        return Ok(match check.exists {
            false => Outcome::Passed,
            true => absent(repo, check, &name, &at, expected)?,
        });
    };
    if !check.exists {
        let hint = match check.in_index() {
            true => format!("take it out of the index: `git rm --cached {qpath}`"),
            false => format!("remove it: `git rm {qpath}` then `git commit`"),
        };
        let actual = format!("`{path}` is {at}");
        return Ok(Outcome::failed_with_hint(expected, actual, hint));
    }
    if let Some(what) = not_a_file(mode) {
        let actual = format!("`{path}` is {what} {at}, not a file");
        return Ok(Outcome::failed(expected, actual));
    }
    if let Some(want) = check.mode {
        if mode != want.octal() {
            let actual = format!("`{path}` {at} has mode {mode:o}");
            return Ok(Outcome::failed_with_hint(
                expected,
                actual,
                mode_hint(repo, check, want, mode, &name)?,
            ));
        }
    }
    let blob = repo.find_blob(id).map_err(fatal)?;
    let text = String::from_utf8_lossy(blob.content());
    record(repo, format!("content of {place}"), &text);
    content(repo, check, &text, &at, expected)
}

/// What the index or the revision holds at `name`, and how to say where
/// that is ("in the index", "at `v1` (3f2a9c1 \"tag me\")").
fn lookup(
    repo: &Repository,
    check: &FileAtRev,
    name: &str,
    expected: &str,
) -> Step<(Found, String)> {
    if check.in_index() {
        let index = repo.index().map_err(fatal)?;
        let found = entry(&index, name).map(|e| (e.id, e.mode));
        return Ok((found, "in the index".into()));
    }
    let commit = revision::commit(repo, &check.rev, expected)?;
    let at = format!("at `{}` ({})", check.rev, commit_name(&commit)?);
    Ok((in_tree(&commit.tree().map_err(fatal)?, name)?, at))
}

/// What a git mode that holds no file content is: a folder or a submodule.
fn not_a_file(mode: u32) -> Option<&'static str> {
    match mode {
        0o040000 => Some("a folder"),
        0o160000 => Some("a submodule"),
        _ => None,
    }
}

/// The expectation in the learner's words.
fn expected(check: &FileAtRev) -> String {
    let text = check.describe();
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

/// Judges the content against `matches` and `not_matches`.
fn content(
    repo: &Repository,
    check: &FileAtRev,
    text: &str,
    at: &str,
    expected: String,
) -> Step<Outcome> {
    let path = &check.path;
    let qpath = quote(path);
    let wrong = match (&check.matches, &check.not_matches) {
        (Some(want), _) if !want.is_match(text) => format!("`{path}` {at} does not match {want}"),
        (_, Some(unwanted)) if unwanted.is_match(text) => format!(
            "`{path}` {at} matches {unwanted} (line {})",
            line_of(unwanted, text).unwrap_or(1)
        ),
        _ => return Ok(Outcome::Passed),
    };
    let on_disk = match reads_worktree(repo, check)? {
        true => worktree_text(repo, &git_path(path)),
        false => None,
    };
    let disk_ok = on_disk.as_deref().is_some_and(|t| {
        check.matches.as_ref().is_none_or(|p| p.is_match(t))
            && check.not_matches.as_ref().is_none_or(|p| !p.is_match(t))
    });
    let stage = match check.in_index() {
        true => format!("`git add {qpath}`"),
        false => format!("`git add {qpath}` then `git commit`"),
    };
    Ok(match disk_ok {
        true => Outcome::failed_with_hint(
            expected,
            format!(
                "{wrong}; the working-tree copy does, but it is not {}",
                saved_word(check)
            ),
            format!("save it in git: {stage}"),
        ),
        false => {
            Outcome::failed_with_hint(expected, wrong, format!("change `{path}`, then {stage}"))
        }
    })
}

/// "staged" for the index, "committed" for a revision.
fn saved_word(check: &FileAtRev) -> &'static str {
    match check.in_index() {
        true => "staged",
        false => "committed",
    }
}

/// Whether the working tree is where this revision's next version comes
/// from: the index, HEAD, or the branch HEAD is on.
fn reads_worktree(repo: &Repository, check: &FileAtRev) -> Step<bool> {
    if check.in_index() || check.rev == "HEAD" {
        return Ok(true);
    }
    let on = repo.head().ok().filter(|h| h.is_branch());
    Ok(on
        .and_then(|h| h.shorthand().map(str::to_string).ok())
        .as_deref()
        == Some(&check.rev))
}

/// How to get the wanted mode into the index or a commit.
fn mode_hint(
    repo: &Repository,
    check: &FileAtRev,
    want: FileMode,
    found: u32,
    name: &str,
) -> Step<String> {
    let path = &check.path;
    let qpath = quote(path);
    if want == FileMode::Symlink || found == FileMode::Symlink.octal() {
        return Ok(replace_hint(check, want));
    }
    let flag = match want {
        FileMode::Executable => "+x",
        _ => "-x",
    };
    // With core.fileMode on (the default), `chmod` then `git add` sets the
    // mode on disk and in the index alike, so the tree is clean after the
    // commit; `update-index --chmod` alone would leave the file on disk
    // showing as modified. Where git ignores the disk's mode bits, only
    // update-index records one.
    let file_mode = repo
        .config()
        .and_then(|c| c.get_bool("core.fileMode"))
        .unwrap_or(true);
    let set = match file_mode {
        true => format!("`chmod {flag} {qpath}` then `git add {qpath}`"),
        false => format!("`git update-index --chmod={flag} {qpath}`"),
    };
    if check.in_index() {
        return Ok(set);
    }
    let index = repo.index().map_err(fatal)?;
    if entry(&index, name).is_some_and(|e| e.mode == want.octal()) {
        return Ok("the index already has the new mode: commit it with `git commit`".into());
    }
    Ok(format!("{set}, then `git commit`"))
}

/// How to turn a file into a symbolic link or back: a mode bit cannot, the
/// entry must be replaced.
fn replace_hint(check: &FileAtRev, want: FileMode) -> String {
    let path = &check.path;
    let qpath = quote(path);
    let then = match check.in_index() {
        true => "",
        false => " then `git commit`",
    };
    match want {
        FileMode::Symlink => format!("replace it with a symbolic link: `rm {qpath}; ln -s TARGET {qpath}; git add {qpath}`{then}"),
        FileMode::Executable => format!("replace the link with a file: `rm {qpath}`, write the file there, `chmod +x {qpath}; git add {qpath}`{then}"),
        FileMode::Regular => format!("replace the link with a file: `rm {qpath}`, write the file there, `git add {qpath}`{then}"),
    }
}

/// The failure for a file the revision does not hold.
fn absent(
    repo: &Repository,
    check: &FileAtRev,
    name: &str,
    at: &str,
    expected: String,
) -> Step<Outcome> {
    let path = &check.path;
    let qpath = quote(path);
    let on_disk = worktree_blob(repo, name)?.is_some();
    let hint = match (on_disk && reads_worktree(repo, check)?, check.in_index()) {
        (true, true) => format!("stage it: `git add {qpath}`"),
        (true, false) => format!("`git add {qpath}` then `git commit`"),
        (false, _) => format!("create `{path}`, `git add {qpath}` and commit it"),
    };
    let actual = match on_disk {
        true => format!("`{path}` is not {at}; it is only in the working tree"),
        false => format!("`{path}` is not {at}"),
    };
    Ok(Outcome::failed_with_hint(expected, actual, hint))
}

/// The id and mode a tree holds at `name`.
fn in_tree(tree: &git2::Tree<'_>, name: &str) -> Step<Found> {
    match tree.get_path(Path::new(name)) {
        Ok(e) => Ok(Some((e.id(), e.filemode() as u32))),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e) => Err(fatal(e)),
    }
}

/// The id and mode HEAD holds at `name`; `None` before the first commit.
pub(super) fn at_head(repo: &Repository, name: &str) -> Step<Found> {
    match head(repo)? {
        Some(commit) => in_tree(&commit.tree().map_err(fatal)?, name),
        None => Ok(None),
    }
}

/// The blob id of the working-tree file at `name` (no filters applied),
/// or `None` when there is no file there.
pub(super) fn worktree_blob(repo: &Repository, name: &str) -> Step<Option<Oid>> {
    let Some(dir) = repo.workdir() else {
        return Ok(None);
    };
    let full = dir.join(name);
    if !full.is_file() {
        return Ok(None);
    }
    match Oid::hash_file(ObjectType::Blob, &full) {
        Ok(id) => Ok(Some(id)),
        Err(_) => Ok(None),
    }
}

/// The working-tree file's text, when it can be read.
fn worktree_text(repo: &Repository, name: &str) -> Option<String> {
    let bytes = std::fs::read(repo.workdir()?.join(name)).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}
