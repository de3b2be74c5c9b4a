//! Git kinds about refs and the repository's own settings: `git.ref` and
//! `git.config`.

use std::fmt;

use serde::de::{Deserializer, Error};
use serde::Deserialize;

use super::revision::yes;
use crate::pack::types::{Pattern, RelPath};

/// `git.ref`: any ref by its full or short name (`refs/heads/main`,
/// `main`, `origin/feature`, `v1.0`), present or absent, and where it
/// points compared with another ref.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
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
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfigCheck {
    #[serde(default)]
    pub repo: Option<RelPath>,
    /// A config key such as `user.email`.
    pub key: ConfigKey,
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

/// A git config key, `section.name` or `section.subsection.name`, checked
/// when the lab is loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigKey(String);

impl ConfigKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `text` is a key git accepts: a section of letters, digits
    /// and `-`, an optional subsection, and a name that starts with a
    /// letter.
    fn valid(text: &str) -> bool {
        let (Some((section, _)), Some((_, name))) = (text.split_once('.'), text.rsplit_once('.'))
        else {
            return false;
        };
        let word = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        !section.is_empty()
            && word(section)
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && word(name)
            && !text.contains('\n')
    }
}

impl fmt::Display for ConfigKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ConfigKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        match ConfigKey::valid(&text) {
            true => Ok(ConfigKey(text)),
            false => Err(D::Error::custom(format!(
                "{text:?} is not a git config key; write `section.name`, such as \"user.email\" or \"core.autocrlf\""
            ))),
        }
    }
}

crate::pack::schema_support::string_schema!(
    ConfigKey,
    r#"a git config key such as `user.email` (section.name)"#
);
