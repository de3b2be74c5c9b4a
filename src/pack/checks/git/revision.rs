//! Git kinds that read one file in the index or at a revision:
//! `git.staged` and `git.file`.

use std::fmt;

use serde::de::{Deserializer, Error};
use serde::Deserialize;

use crate::pack::types::{Pattern, RelPath};

/// `git.staged`: the path's content in the index differs from HEAD (a new
/// or changed file, staged for the next commit). The path is compared
/// exactly, case included.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StagedCheck {
    #[serde(default)]
    pub repo: Option<RelPath>,
    pub path: RelPath,
    /// The staged content must match this (partial staging: the part that
    /// should be staged).
    #[serde(default)]
    pub contains: Option<Pattern>,
    /// The staged content must not match this (the part that should stay
    /// unstaged).
    #[serde(default)]
    pub not_contains: Option<Pattern>,
}

impl StagedCheck {
    pub fn describe(&self) -> String {
        let mut text = format!("`{}` is staged", self.path);
        if let Some(p) = &self.contains {
            text += &format!(", with {p}");
        }
        if let Some(p) = &self.not_contains {
            text += &format!(", without {p}");
        }
        text
    }
}

/// `git.file`: a file as a revision (or the index) holds it, not as the
/// working tree does.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileAtRev {
    #[serde(default)]
    pub repo: Option<RelPath>,
    pub path: RelPath,
    /// A revision as git reads it (`HEAD`, `main`, `v1.0`, `HEAD~1`), or
    /// `index` for the staged content. Default `HEAD`.
    #[serde(default = "head")]
    pub rev: String,
    /// `false`: the file must not be at that revision.
    #[serde(default = "yes")]
    pub exists: bool,
    #[serde(default)]
    pub matches: Option<Pattern>,
    #[serde(default)]
    pub not_matches: Option<Pattern>,
    #[serde(default)]
    pub mode: Option<FileMode>,
}

impl FileAtRev {
    /// Whether `rev` names the index rather than a commit.
    pub fn in_index(&self) -> bool {
        self.rev == "index"
    }

    pub fn describe(&self) -> String {
        let at = match self.in_index() {
            true => "in the index".to_string(),
            false => format!("at `{}`", self.rev),
        };
        if !self.exists {
            return format!("`{}` is not {at}", self.path);
        }
        let mut parts = Vec::new();
        if let Some(p) = &self.matches {
            parts.push(format!("matches {p}"));
        }
        if let Some(p) = &self.not_matches {
            parts.push(format!("does not match {p}"));
        }
        if let Some(m) = self.mode {
            parts.push(format!("is {m}"));
        }
        match parts.is_empty() {
            true => format!("`{}` exists {at}", self.path),
            false => format!("`{}` {at} {}", self.path, parts.join(" and ")),
        }
    }
}

/// A file mode as git records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileMode {
    /// `100644`
    Regular,
    /// `100755`
    Executable,
    /// `120000`
    Symlink,
}

impl FileMode {
    /// The mode's number as git prints it (`100755`).
    pub fn octal(self) -> u32 {
        match self {
            FileMode::Regular => 0o100644,
            FileMode::Executable => 0o100755,
            FileMode::Symlink => 0o120000,
        }
    }
}

impl fmt::Display for FileMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileMode::Regular => write!(f, "a regular file (100644)"),
            FileMode::Executable => write!(f, "executable (100755)"),
            FileMode::Symlink => write!(f, "a symlink (120000)"),
        }
    }
}

impl<'de> Deserialize<'de> for FileMode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        match text.as_str() {
            "100644" | "regular" => Ok(FileMode::Regular),
            "100755" | "executable" => Ok(FileMode::Executable),
            "120000" | "symlink" => Ok(FileMode::Symlink),
            _ => Err(D::Error::custom(format!(
                "unknown mode {text:?}; write \"100755\" (or \"executable\"), \"100644\" (\"regular\") or \"120000\" (\"symlink\")"
            ))),
        }
    }
}

fn head() -> String {
    "HEAD".into()
}

pub(super) fn yes() -> bool {
    true
}

crate::pack::schema_support::string_schema!(
    FileMode,
    r#"a git file mode: "100644" ("regular"), "100755" ("executable") or "120000" ("symlink")"#
);
