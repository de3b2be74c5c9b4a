//! What a `compare` check reads from git: the text of a file at a revision
//! (what the next clone gets, whatever the working tree shows), or the full
//! id of the commit a revision names.

use std::path::Path;

use git2::{ErrorCode, ObjectType, Repository};

use super::repository::{commit_name, fatal, git_path, open};
use super::shell::quote;
use super::{revision, Step};
use crate::pack::types::RelPath;
use crate::verify::{Context, Outcome};

/// At `rev` of the repository in `repo` (or the workspace): the text of
/// `path` (lossy UTF-8), or without `path` the commit's full id.
/// `expected` is the check's sentence, for the failures: no repository,
/// no such revision, no such file at it.
pub(crate) async fn read_at(
    ctx: &Context,
    repo: Option<&RelPath>,
    rev: &str,
    path: Option<&RelPath>,
    expected: &str,
) -> Result<String, Outcome> {
    let folder = match repo {
        Some(repo) => repo.under(&ctx.workspace),
        None => ctx.workspace.clone(),
    };
    let (rev, path, expected) = (rev.to_string(), path.cloned(), expected.to_string());
    let workspace = ctx.workspace.clone();
    crate::verify::evidence::spawn_blocking(move || {
        super::evidence::checking(&folder, &workspace);
        let repo = open(&folder)?;
        read(&repo, &rev, path.as_ref(), &expected)
    })
    .await
    .unwrap_or_else(|e| {
        Err(Outcome::error(format!(
            "reading git stopped unexpectedly: {e}"
        )))
    })
}

fn read(repo: &Repository, rev: &str, path: Option<&RelPath>, expected: &str) -> Step<String> {
    let commit = revision::commit(repo, rev, expected)?;
    let Some(path) = path else {
        return Ok(commit.id().to_string());
    };
    let qpath = quote(path);
    let at = format!("at `{rev}` ({})", commit_name(&commit)?);
    let tree = commit.tree().map_err(fatal)?;
    let field = format!("tree of {rev}: {}", git_path(path));
    let entry = match tree.get_path(Path::new(&git_path(path))) {
        Ok(entry) => entry,
        Err(e) if e.code() == ErrorCode::NotFound => {
            super::evidence::record(repo, field, crate::verify::evidence::ABSENT);
            return Err(Outcome::failed_with_hint(
                expected,
                format!("`{path}` is not {at}"),
                format!("commit it: `git add {qpath}` then `git commit`"),
            ));
        }
        Err(e) => return Err(fatal(e)),
    };
    if entry.kind() != Some(ObjectType::Blob) {
        return Err(Outcome::failed(
            expected,
            format!("`{path}` {at} is a folder or a submodule, not a file"),
        ));
    }
    let blob = repo.find_blob(entry.id()).map_err(fatal)?;
    let text = String::from_utf8_lossy(blob.content()).into_owned();
    super::evidence::record(repo, format!("content of {field}"), &text);
    Ok(text)
}
