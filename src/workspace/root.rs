//! Where workspaces live: `OPSLAB_HOME`, else `workspace_root` in the
//! settings file, else `~/opslab`.

use std::path::{Path, PathBuf};

use super::config::Config;
use super::error::WorkspaceError;

/// The folder that holds one workspace per lab.
pub fn workspace_root() -> Result<PathBuf, WorkspaceError> {
    if let Some(dir) = std::env::var_os("OPSLAB_HOME").filter(|d| !d.is_empty()) {
        return expand_home(Path::new(&dir));
    }
    if let Some(dir) = Config::load()?.workspace_root {
        return expand_home(&dir);
    }
    Ok(dirs::home_dir()
        .ok_or(WorkspaceError::NoHome)?
        .join("opslab"))
}

/// `~` and `~/x` become paths in the home folder; relative paths are taken
/// from the home folder too, so the result never depends on the current
/// directory.
pub fn expand_home(path: &Path) -> Result<PathBuf, WorkspaceError> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    let home = dirs::home_dir().ok_or(WorkspaceError::NoHome)?;
    Ok(match path.strip_prefix("~") {
        Ok(rest) => home.join(rest),
        Err(_) => home.join(path),
    })
}
