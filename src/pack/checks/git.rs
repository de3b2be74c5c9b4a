//! Git checks on the learner's workspace repository.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", deny_unknown_fields)]
pub enum GitCheck {
    /// No uncommitted changes, no untracked files.
    #[serde(rename = "git.clean")]
    Clean {},
}

impl GitCheck {
    pub fn describe(&self) -> String {
        match self {
            GitCheck::Clean {} => "The working tree is clean".to_string(),
        }
    }
}
