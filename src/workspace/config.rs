//! The user's settings file, `$XDG_CONFIG_HOME/opslab/config.toml`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::error::WorkspaceError;
use crate::pack::line_column;

pub const CONFIG_FILE: &str = "config.toml";

/// Settings; every field is optional.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where `opslab start` creates workspaces (`~` allowed).
    pub workspace_root: Option<PathBuf>,
}

/// opslab's settings folder: `$XDG_CONFIG_HOME/opslab`, by default
/// `~/.config/opslab`.
pub fn config_dir() -> Result<PathBuf, WorkspaceError> {
    let base = match std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from) {
        Some(dir) if dir.is_absolute() => dir,
        _ => dirs::home_dir()
            .ok_or(WorkspaceError::NoHome)?
            .join(".config"),
    };
    Ok(base.join("opslab"))
}

impl Config {
    /// The user's settings; defaults when there is no file.
    pub fn load() -> Result<Config, WorkspaceError> {
        Config::load_from(&config_dir()?.join(CONFIG_FILE))
    }

    pub fn load_from(path: &Path) -> Result<Config, WorkspaceError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(WorkspaceError::Config {
                    file: path.display().to_string(),
                    message: format!("cannot read: {e}"),
                })
            }
        };
        toml::from_str(&text).map_err(|e| {
            let place = e
                .span()
                .map(|s| {
                    let (line, col) = line_column(&text, s.start);
                    format!(":{line}:{col}")
                })
                .unwrap_or_default();
            WorkspaceError::Config {
                file: format!("{}{place}", path.display()),
                message: format!(
                    "{}; the settings file knows only `workspace_root = \"~/opslab\"`",
                    e.message().trim_end()
                ),
            }
        })
    }
}
