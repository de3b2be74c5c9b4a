//! `git.no_secret`: no file in any commit that a ref reaches (branches,
//! tags, remote-tracking branches, the stash, HEAD) holds text matching the
//! pattern. Deleting a file in a later commit leaves it in history, so the
//! whole history is read; each tree and each blob is read once.

use std::collections::HashSet;

use git2::{ErrorCode, ObjectType, Oid, Repository, Sort};

use super::evidence::record;
use super::history::rebase_from;
use super::repository::{commit_name, fatal, head};
use super::Step;
use crate::pack::checks::GitCheck;
use crate::pack::types::Pattern;
use crate::verify::files::stream_search;
use crate::verify::Outcome;

/// Where the pattern was found: the file's path and the matched text,
/// already masked.
struct Hit {
    path: String,
    masked: String,
}

pub(super) fn no_secret(repo: &Repository, pattern: &Pattern) -> Step<Outcome> {
    let expected = match pattern.as_str() == GitCheck::AWS_ACCESS_KEY_ID {
        true => "no AWS access key in any commit".to_string(),
        false => format!("no text matching {pattern} in any commit"),
    };
    // CRLF mode: `(?m)$` also ends a line before `\r\n` in files saved on
    // Windows.
    let regex = regex::bytes::RegexBuilder::new(pattern.as_str())
        .crlf(true)
        .build()
        .map_err(|e| Outcome::error(format!("the pattern {pattern} cannot be used: {e}")))?;
    let mut scan = Scan {
        repo,
        regex,
        seen: HashSet::new(),
    };
    let mut walk = repo.revwalk().map_err(fatal)?;
    // Oldest first, so the commit named is the one that brought the secret in.
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
        .map_err(fatal)?;
    for tip in tips(repo)? {
        walk.push(tip).map_err(fatal)?;
    }
    let mut scanned = 0usize;
    for oid in walk {
        let commit = repo.find_commit(oid.map_err(fatal)?).map_err(fatal)?;
        scanned += 1;
        if let Some(hit) = scan.tree(commit.tree_id())? {
            let field = format!("files of every commit of every branch and tag matching {pattern}");
            let found = format!(
                "commit {}: {} containing {}",
                commit_name(&commit)?,
                hit.path,
                hit.masked
            );
            record(repo, field, found);
            let rewrite = rewrite_hint(repo, &commit)?;
            return Ok(Outcome::failed_with_hint(
                expected,
                format!(
                    "commit {} has `{}` containing {}",
                    commit_name(&commit)?,
                    hit.path,
                    hit.masked
                ),
                format!("deleting the file in a new commit is not enough: rewrite history so that no branch or tag reaches that commit ({rewrite}), and treat the secret as leaked"),
            ));
        }
    }
    let field = format!("files of every commit of every branch and tag matching {pattern}");
    record(repo, field, format!("none in {scanned} commits"));
    Ok(Outcome::Passed)
}

/// How to rewrite history from `commit` on: amend when it is HEAD, else an
/// interactive rebase from just before it.
pub(super) fn rewrite_hint(repo: &Repository, commit: &git2::Commit<'_>) -> Step<String> {
    let is_head = matches!(head(repo)?, Some(h) if h.id() == commit.id());
    match is_head {
        true => Ok("`git commit --amend` to change the last commit".into()),
        false => Ok(format!(
            "`{}`, marking that commit `edit`",
            rebase_from(repo, commit)?
        )),
    }
}

/// The commits that HEAD and every ref point at, tags peeled. Refs that
/// point at no commit (a tag on a blob, a dangling symbolic ref) are left
/// out.
pub(super) fn tips(repo: &Repository) -> Step<Vec<Oid>> {
    let mut tips = Vec::new();
    let mut add = |peeled: Result<git2::Object<'_>, git2::Error>| match peeled {
        Ok(object) if object.kind() == Some(ObjectType::Commit) => {
            tips.push(object.id());
            Ok(())
        }
        Ok(_) => Ok(()),
        Err(e) if matches!(e.code(), ErrorCode::NotFound | ErrorCode::UnbornBranch) => Ok(()),
        Err(e) => Err(fatal(e)),
    };
    add(repo.head().and_then(|h| h.peel(ObjectType::Any)))?;
    for reference in repo.references().map_err(fatal)? {
        add(reference.and_then(|r| r.peel(ObjectType::Any)))?;
    }
    Ok(tips)
}

/// Blobs up to this size (16 MiB) are searched in memory; larger ones are
/// streamed.
pub const WHOLE_BLOB_LIMIT: usize = 16 << 20;

/// A walk over trees and blobs that remembers what it has read.
struct Scan<'r> {
    repo: &'r Repository,
    regex: regex::bytes::Regex,
    seen: HashSet<Oid>,
}

impl Scan<'_> {
    /// The first blob under `root` not read before whose content matches.
    fn tree(&mut self, root: Oid) -> Step<Option<Hit>> {
        if !self.seen.insert(root) {
            return Ok(None);
        }
        let mut pending = vec![(root, String::new())];
        while let Some((oid, prefix)) = pending.pop() {
            let tree = self.repo.find_tree(oid).map_err(fatal)?;
            for entry in tree.iter() {
                let path = format!("{prefix}{}", String::from_utf8_lossy(entry.name_bytes()));
                let fresh = self.seen.insert(entry.id());
                match entry.kind() {
                    Some(ObjectType::Tree) if fresh => pending.push((entry.id(), path + "/")),
                    Some(ObjectType::Blob) if fresh => {
                        if let Some(masked) = self.blob(entry.id(), &path)? {
                            return Ok(Some(Hit { path, masked }));
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(None)
    }

    /// The masked match in the blob `oid` (at `path`), if any. Blobs up to
    /// [`WHOLE_BLOB_LIMIT`] are read whole; larger ones as a stream, so a
    /// committed disk image does not cost its size in memory.
    fn blob(&self, oid: Oid, path: &str) -> Step<Option<String>> {
        let odb = self.repo.odb().map_err(fatal)?;
        let (size, _) = odb.read_header(oid).map_err(fatal)?;
        if size <= WHOLE_BLOB_LIMIT {
            let blob = self.repo.find_blob(oid).map_err(fatal)?;
            return Ok(self.regex.find(blob.content()).map(|m| mask(m.as_bytes())));
        }
        let mib = size >> 20;
        // libgit2 streams loose objects only; a packed one would be
        // inflated whole.
        let (reader, _, _) = odb.reader(oid).map_err(|_| {
            Outcome::error(format!(
                "`{path}` ({mib} MiB) is stored in a pack and is larger than the {} MiB opslab reads whole from history, so it was not searched; remove it from history (it does not belong in a repository) or check it by hand",
                WHOLE_BLOB_LIMIT >> 20
            ))
        })?;
        let regex = regex_automata::meta::Regex::new(self.regex.as_str())
            .map_err(|e| Outcome::error(format!("the pattern cannot be used: {e}")))?;
        let found = stream_search(reader, &regex)
            .map_err(|e| Outcome::error(format!("could not read `{path}` from history: {e}")))?
            .found;
        Ok(
            found.map(|(_, line)| match self.regex.find(line.as_bytes()) {
                Some(m) => mask(m.as_bytes()),
                None => mask(line.as_bytes()),
            }),
        )
    }
}

/// The matched text with all but its first characters (at most 4, at most
/// half of it) hidden, so the secret itself is never shown again. A long
/// match is cut short so the feedback stays one line.
pub(super) fn mask(text: &[u8]) -> String {
    const MAX_HIDDEN: usize = 16;
    let text = String::from_utf8_lossy(text);
    let count = text.chars().count();
    let keep = 4.min(count / 2);
    let shown: String = text.chars().take(keep).collect();
    let hidden = count - keep;
    match hidden > MAX_HIDDEN {
        true => format!("{shown}{}...", "*".repeat(MAX_HIDDEN)),
        false => format!("{shown}{}", "*".repeat(hidden)),
    }
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_all_but_the_first_four_characters() {
        assert_eq!(mask(b"AKIAABCDEFGHIJKLMNOP"), "AKIA****************");
        assert_eq!(mask(b"abc"), "a**");
        assert_eq!(mask(b""), "");
        assert_eq!(mask(&[b'x'; 100]), format!("xxxx{}...", "*".repeat(16)));
    }
}
