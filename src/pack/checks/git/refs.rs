//! Git kinds about refs and the repository's own settings: `git.ref` and
//! `git.config`.

use serde::Deserialize;

use super::revision::yes;
use crate::pack::types::{Pattern, RelPath};

/// `git.ref`: any ref by its full or short name (`refs/heads/main`,
/// `main`, `origin/feature`, `v1.0`), present or absent, and where it
/// points compared with another ref.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefCheck {
    #[serde(default)]
    pub repo: Option<RelPath>,
    pub name: String,
    /// `false`: no such ref.
    #[serde(default = "yes")]
    pub exists: bool,
    /// The ref points at the same commit as this revision.
    #[serde(default)]
    pub same_as: Option<String>,
    /// The repository `same_as` is read in (a folder of the workspace);
    /// default the check's own repository.
    #[serde(default)]
    pub same_as_repo: Option<RelPath>,
}

impl RefCheck {
    pub fn describe(&self) -> String {
        let name = &self.name;
        if !self.exists {
            return format!("`{name}` does not exist");
        }
        match (&self.same_as, &self.same_as_repo) {
            (Some(other), Some(repo)) => {
                format!("`{name}` points at the same commit as `{other}` in `{repo}`")
            }
            (Some(other), None) => format!("`{name}` points at the same commit as `{other}`"),
            _ => format!("`{name}` exists"),
        }
    }
}

/// `git.config`: a key in the repository's own config (`.git/config`),
/// not the user's global one.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigCheck {
    #[serde(default)]
    pub repo: Option<RelPath>,
    /// A config key such as `user.email`.
    pub key: String,
    #[serde(default)]
    pub equals: Option<String>,
    #[serde(default)]
    pub matches: Option<Pattern>,
}

impl ConfigCheck {
    pub fn describe(&self) -> String {
        let key = &self.key;
        match (&self.equals, &self.matches) {
            (Some(v), _) => format!("`{key}` is `{v}` in the repository's config"),
            (None, Some(p)) => format!("`{key}` matches {p} in the repository's config"),
            (None, None) => format!("`{key}` is set in the repository's config"),
        }
    }
}
