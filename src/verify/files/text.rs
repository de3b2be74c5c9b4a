//! Presence and plain-text content of a file: `file.exists`, `file.absent`,
//! `file.matches`, `file.not_matches`.

use std::io::ErrorKind;

use regex_automata::meta::Regex;

use super::open::{cannot_read, open_regular};
use super::stream::{self, Search};
use crate::pack::types::{Pattern, RelPath};
use crate::verify::evidence::{saw, ABSENT};
use crate::verify::{Context, Outcome};

/// Whether something is at `path`: `Ok(Some(is_dir))`, `Ok(None)` when
/// nothing is, or the error outcome when the folder cannot be read.
async fn presence(ctx: &Context, path: &RelPath) -> Result<Option<bool>, Outcome> {
    let full = path.under(&ctx.workspace);
    let object = format!("file {path}");
    match tokio::fs::symlink_metadata(&full).await {
        Ok(meta) => {
            let kind = meta.file_type();
            let what = match () {
                _ if kind.is_dir() => "folder".to_string(),
                _ if kind.is_symlink() => "symbolic link".to_string(),
                _ if kind.is_file() => format!("regular file, {} bytes", meta.len()),
                _ => "neither a file nor a folder".to_string(),
            };
            saw(object, "type", what);
            Ok(Some(meta.is_dir()))
        }
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            saw(object, "type", ABSENT);
            Ok(None)
        }
        Err(e) => Err(Outcome::error(format!(
            "could not look at `{}`: {e}",
            full.display()
        ))),
    }
}

pub async fn exists(ctx: &Context, path: &RelPath) -> Outcome {
    match presence(ctx, path).await {
        Ok(Some(_)) => Outcome::Passed,
        Ok(None) => Outcome::failed(
            format!("`{path}` exists"),
            format!("no file or folder at `{path}`"),
        ),
        Err(outcome) => outcome,
    }
}

pub async fn absent(ctx: &Context, path: &RelPath) -> Outcome {
    match presence(ctx, path).await {
        Ok(None) => Outcome::Passed,
        Ok(Some(is_dir)) => Outcome::failed(
            format!("nothing at `{path}`"),
            format!(
                "`{path}` exists (a {})",
                if is_dir { "folder" } else { "file" }
            ),
        ),
        Err(outcome) => outcome,
    }
}

pub async fn matches(ctx: &Context, path: &RelPath, pattern: &Pattern) -> Outcome {
    let search = match search_file(ctx, path, pattern).await {
        Ok(search) => search,
        Err(outcome) => return outcome,
    };
    record(path, pattern, &search);
    Outcome::expect(
        search.found.is_some(),
        format!("`{path}` contains a match for {pattern}"),
        format!(
            "nothing in `{path}` ({}) matches {pattern}",
            crate::words::count(search.lines, "line")
        ),
    )
}

pub async fn not_matches(ctx: &Context, path: &RelPath, pattern: &Pattern) -> Outcome {
    let search = match search_file(ctx, path, pattern).await {
        Ok(search) => search,
        Err(outcome) => return outcome,
    };
    record(path, pattern, &search);
    match search.found {
        None => Outcome::Passed,
        Some((number, line)) => Outcome::failed(
            format!("nothing in `{path}` matching {pattern}"),
            format!("line {number} matches: {line}"),
        ),
    }
}

/// The first line matching `pattern`, or that none of the lines read does.
fn record(path: &RelPath, pattern: &Pattern, search: &Search) {
    let found = match &search.found {
        Some((number, line)) => format!("line {number}: {line}"),
        None => format!("no match in {}", crate::words::count(search.lines, "line")),
    };
    saw(
        format!("file {path}"),
        format!("first line matching {pattern}"),
        found,
    );
}

/// Streams the regular file at `path` through `pattern` on the blocking
/// pool (see [`stream`](super::stream) for the bounds).
async fn search_file(ctx: &Context, path: &RelPath, pattern: &Pattern) -> Result<Search, Outcome> {
    let (workspace, path, pattern) = (ctx.workspace.clone(), path.clone(), pattern.clone());
    crate::verify::evidence::spawn_blocking(move || {
        // The same syntax as the lab's `regex::Regex`, built for searching
        // a window of the file while seeing its neighbours.
        let regex = Regex::new(pattern.as_str()).map_err(|e| {
            Outcome::error(format!("the pattern {pattern} could not be compiled: {e}"))
        })?;
        let file = open_regular(&workspace, &path)?;
        stream::search(file, &regex).map_err(|e| cannot_read(&path.under(&workspace), &e))
    })
    .await
    .unwrap_or_else(|e| Err(Outcome::error(format!("reading the file stopped: {e}"))))
}
