//! The only git writes opslab makes: creating a lab workspace's repository
//! for `opslab start`. Checks never write.

use std::path::Path;

/// Who the starter commit is by, so it is never mistaken for the learner's.
const STARTER_NAME: &str = "opslab";
pub(crate) const STARTER_EMAIL: &str = "opslab@localhost";

/// Makes `dir` a git repository whose first branch is `main`, unless it is
/// one already. With `commit_message`, commits every file in it as the first
/// commit (only when the repository has no commit yet).
pub fn init_repo(dir: &Path, commit_message: Option<&str>) -> Result<(), String> {
    let repo = match git2::Repository::open(dir) {
        Ok(repo) => repo,
        Err(_) => {
            let mut opts = git2::RepositoryInitOptions::new();
            opts.initial_head("main");
            git2::Repository::init_opts(dir, &opts).map_err(|e| {
                format!(
                    "cannot create a git repository in {}: {}",
                    dir.display(),
                    e.message()
                )
            })?
        }
    };
    let Some(message) = commit_message else {
        return Ok(());
    };
    if repo.head().is_ok() {
        return Ok(());
    }
    let fail = |e: git2::Error| {
        format!(
            "cannot commit the starter files in {}: {}",
            dir.display(),
            e.message()
        )
    };
    let mut index = repo.index().map_err(fail)?;
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .map_err(fail)?;
    index.write().map_err(fail)?;
    let tree_id = index.write_tree().map_err(fail)?;
    let tree = repo.find_tree(tree_id).map_err(fail)?;
    let sig = git2::Signature::now(STARTER_NAME, STARTER_EMAIL).map_err(fail)?;
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &[])
        .map_err(fail)?;
    Ok(())
}
