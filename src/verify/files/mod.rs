//! File checks on the learner's workspace: presence and text of files,
//! values inside structured documents, and facts about Dockerfiles.

mod dockerfile;
mod dockerfile_checks;
mod documents;
mod equivalent;
mod instructions;
mod module;
mod module_merge;
mod open;
mod query;
mod select;
mod sniff;
mod stat;
mod stream;
mod text;
mod yaml;

use crate::pack::checks::FileCheck;
use crate::pack::types::RelPath;
use crate::verify::{Context, Outcome};

// The document query engine, shared with the Docker inspect checks.
pub(crate) use documents::toml_to_json;
pub(crate) use query::{listing, read_document, same, short};
pub(crate) use select::{select, why_nothing, Found};

pub use open::DOCUMENT_LIMIT;
pub(crate) use stream::search as stream_search;
pub use stream::REACH as MATCH_REACH;

pub async fn evaluate(check: &FileCheck, ctx: &Context) -> Outcome {
    match check {
        FileCheck::Exists(stat) if stat.is_plain() => text::exists(ctx, &stat.path).await,
        FileCheck::Exists(stat) => stat::evaluate(stat, ctx).await,
        FileCheck::Absent { path } => text::absent(ctx, path).await,
        FileCheck::Matches { path, pattern } => text::matches(ctx, path, pattern).await,
        FileCheck::NotMatches { path, pattern } => text::not_matches(ctx, path, pattern).await,
        FileCheck::Query(q) => query::evaluate(q, ctx).await,
        other => dockerfile_checks::evaluate(other, ctx).await,
    }
}

/// The text of a workspace document (a structured document or a
/// Dockerfile), read whole up to [`DOCUMENT_LIMIT`], `\r\n` read as `\n`.
/// What is missing, not a regular file, or too large is the learner's to
/// fix; a file that cannot be read is an error.
pub(crate) async fn read_text(ctx: &Context, path: &RelPath) -> Result<String, Outcome> {
    let (workspace, path) = (ctx.workspace.clone(), path.clone());
    crate::verify::evidence::spawn_blocking(move || open::read_document(&workspace, &path))
        .await
        .unwrap_or_else(|e| Err(Outcome::error(format!("reading the file stopped: {e}"))))
}
