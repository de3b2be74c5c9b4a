//! File checks on the learner's workspace: presence and text of files,
//! values inside structured documents, and facts about Dockerfiles.

mod dockerfile;
mod dockerfile_checks;
mod documents;
mod query;
mod select;
mod text;
mod yaml;

use std::io::ErrorKind;

use crate::pack::checks::FileCheck;
use crate::pack::types::RelPath;
use crate::verify::{Context, Outcome};

pub async fn evaluate(check: &FileCheck, ctx: &Context) -> Outcome {
    match check {
        FileCheck::Exists { path } => text::exists(ctx, path).await,
        FileCheck::Absent { path } => text::absent(ctx, path).await,
        FileCheck::Matches { path, pattern } => text::matches(ctx, path, pattern).await,
        FileCheck::NotMatches { path, pattern } => text::not_matches(ctx, path, pattern).await,
        FileCheck::Query(q) => query::evaluate(q, ctx).await,
        other => dockerfile_checks::evaluate(other, ctx).await,
    }
}

/// The text of a workspace file. A missing file (or a folder in its place)
/// is the learner's to fix; a file that cannot be read is an error.
pub(crate) async fn read_text(ctx: &Context, path: &RelPath) -> Result<String, Outcome> {
    let full = path.under(&ctx.workspace);
    match tokio::fs::read(&full).await {
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        Err(e) if e.kind() == ErrorKind::NotFound => Err(Outcome::failed(
            format!("a file at `{path}`"),
            format!("no file at `{path}`"),
        )),
        Err(_) if full.is_dir() => Err(Outcome::failed(
            format!("a file at `{path}`"),
            format!("`{path}` is a folder, not a file"),
        )),
        Err(e) => Err(Outcome::error(format!(
            "could not read `{}`: {e}",
            full.display()
        ))),
    }
}
