//! The git probe: the only module that imports git2. git2 blocks, so every
//! check runs on the blocking pool and no handle crosses an await.

pub mod admin;

use crate::pack::checks::GitCheck;
use crate::verify::{Context, Outcome};

pub async fn evaluate(check: &GitCheck, ctx: &Context) -> Outcome {
    let check = check.clone();
    let workspace = ctx.workspace.clone();
    tokio::task::spawn_blocking(move || {
        let repo = match git2::Repository::open(&workspace) {
            Ok(r) => r,
            Err(e) => return Outcome::failed("a git repository", e.message().to_string()),
        };
        match check {
            GitCheck::Clean {} => {
                let statuses = repo.statuses(None).map(|s| s.len()).unwrap_or(0);
                Outcome::expect(
                    statuses == 0,
                    "a clean working tree",
                    format!("{statuses} changed paths"),
                )
            }
        }
    })
    .await
    .unwrap_or_else(|e| Outcome::error(format!("the git check stopped unexpectedly: {e}")))
}
