//! The git probe: the only module that imports git2. git2 blocks, so every
//! check runs on the blocking pool and no handle crosses an await.
//!
//! Checks only read: the repository, its index and its working tree are
//! never written (see `worktree` for how status is kept from saving the
//! index).

pub mod admin;
mod at_rev;
mod commit;
mod evidence;
mod head;
mod history;
mod range;
mod refname;
mod refs;
mod repository;
mod revision;
mod secrets;
mod shell;
mod staged;
mod submodule;
mod value;
mod worktree;

use std::path::Path;

use crate::pack::checks::GitCheck;

use crate::verify::{Context, Outcome};
pub(crate) use value::read_at;

/// A step of a check: `Err` ends the check early with that outcome (the
/// repository is not what the lab wants, or git could not be read).
type Step<T> = Result<T, Outcome>;

pub async fn evaluate(check: &GitCheck, ctx: &Context) -> Outcome {
    let check = check.clone();
    let folder = match check.repo() {
        Some(repo) => repo.under(&ctx.workspace),
        None => ctx.workspace.clone(),
    };
    let workspace = ctx.workspace.clone();
    crate::verify::evidence::spawn_blocking(move || match run(&check, &folder, &workspace) {
        Ok(outcome) | Err(outcome) => outcome,
    })
    .await
    .unwrap_or_else(|e| Outcome::error(format!("the git check stopped unexpectedly: {e}")))
}

/// Runs one check on the repository in `folder`; `workspace` is where
/// other repositories the check names are found.
fn run(check: &GitCheck, folder: &Path, workspace: &Path) -> Step<Outcome> {
    evidence::checking(folder, workspace);
    let repo = repository::open(folder)?;
    evidence::record(&repo, "HEAD", evidence::head(&repo));
    match check {
        GitCheck::Commits {
            at_least, branch, ..
        } => history::commits(&repo, *at_least, branch.as_deref()),
        GitCheck::CommitMessage { pattern, scope, .. } => match scope.is_all() {
            true => history::every_message(&repo, pattern),
            false => history::last_message(&repo, pattern),
        },
        GitCheck::Branch { name, exists, .. } => match exists {
            true => refs::branch(&repo, name),
            false => refs::no_such_branch(&repo, name),
        },
        GitCheck::Tag {
            name, annotated, ..
        } => refs::tag(&repo, name, *annotated),
        GitCheck::Committed { path, .. } => worktree::committed(&repo, path),
        GitCheck::Clean { .. } => worktree::clean(&repo),
        GitCheck::Ignored { path, ignored, .. } => match ignored {
            true => worktree::ignored(&repo, path),
            false => worktree::not_ignored(&repo, path),
        },
        GitCheck::NoSecret { pattern, .. } => secrets::no_secret(&repo, pattern),
        GitCheck::Merged { branch, into, .. } => history::merged(&repo, branch, into.as_deref()),
        GitCheck::Staged(c) => staged::staged(&repo, c),
        GitCheck::File(c) => at_rev::file(&repo, c),
        GitCheck::Head(c) => head::head_state(&repo, c),
        GitCheck::Commit(c) => commit::commit(&repo, c),
        GitCheck::History(c) => range::history(&repo, c),
        GitCheck::Ref(c) => refname::reference(&repo, c, workspace),
        GitCheck::Config(c) => refname::config(&repo, c),
    }
}
