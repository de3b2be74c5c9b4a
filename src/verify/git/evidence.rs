//! The evidence of git checks: every value is read from one repository,
//! named by its folder in the workspace and the commit HEAD is at, so a
//! learner or grader can tell which state of the repository was judged.

use std::cell::RefCell;
use std::path::Path;

use git2::{ErrorCode, Repository};

use crate::verify::evidence::{saw, short_id};

thread_local! {
    /// The folder of the repository being checked, relative to the
    /// workspace (`.` for the workspace itself). Git checks run whole on
    /// one blocking-pool thread, so the check sets it once.
    static FOLDER: RefCell<String> = RefCell::new(".".into());
}

/// Names the repository the running check reads: `folder` inside
/// `workspace`.
pub(super) fn checking(folder: &Path, workspace: &Path) {
    let name = match folder.strip_prefix(workspace) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".to_string(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => folder.display().to_string(),
    };
    FOLDER.with(|f| *f.borrow_mut() = name);
}

/// `repository .`, as the running check names it.
pub(super) fn folder() -> String {
    format!("repository {}", FOLDER.with(|f| f.borrow().clone()))
}

/// Records `field` = `found` of the repository, named with the commit HEAD
/// is at: `repository . at HEAD (commit 1a2b3c4)`.
pub(super) fn record(repo: &Repository, field: impl Into<String>, found: impl AsRef<str>) {
    let object = match repo.head().ok().and_then(|h| h.target()) {
        Some(id) => format!(
            "{} at HEAD (commit {})",
            folder(),
            &short_id(&id.to_string())[..7]
        ),
        None => format!("{} (no commit yet)", folder()),
    };
    saw(object, field, found);
}

/// What HEAD is: `refs/heads/main`, `detached at 1a2b3c4`, or the branch
/// that has no commit yet.
pub(super) fn head(repo: &Repository) -> String {
    match repo.head() {
        Ok(h) if repo.head_detached().unwrap_or(false) => {
            let id = h.target().map(|id| id.to_string()).unwrap_or_default();
            format!("detached at {}", id.get(..7).unwrap_or(&id))
        }
        Ok(h) => String::from_utf8_lossy(h.name_bytes()).into_owned(),
        Err(e) if e.code() == ErrorCode::UnbornBranch => {
            let name = repo
                .find_reference("HEAD")
                .ok()
                .and_then(|r| {
                    r.symbolic_target_bytes()
                        .map(|b| String::from_utf8_lossy(b).into_owned())
                })
                .unwrap_or_default();
            format!("{name} (no commit yet)")
        }
        Err(e) => format!("unreadable: {}", e.message()),
    }
}
