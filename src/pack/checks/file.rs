//! File checks on the learner's workspace: presence, content, structured
//! queries into YAML/JSON/TOML/HCL, and Dockerfile facts.

use serde::Deserialize;

use crate::pack::types::RelPath;

#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", deny_unknown_fields)]
pub enum FileCheck {
    #[serde(rename = "file.exists")]
    Exists { path: RelPath },
}

impl FileCheck {
    pub fn describe(&self) -> String {
        match self {
            FileCheck::Exists { path } => format!("`{path}` exists"),
        }
    }
}
