//! Git checks (`git.*`) on a repository inside the learner's workspace: its
//! history, branches, tags, working tree, ignore rules and secrets.
//!
//! Every kind takes an optional `repo`, the repository's folder inside the
//! workspace (the workspace itself when left out). Paths are relative to
//! that repository folder.

mod refs;
mod revision;
mod shape;

use serde::Deserialize;

pub use refs::{ConfigCheck, ConfigKey, RefCheck};
pub use revision::{FileAtRev, FileMode, StagedCheck};
pub use shape::{CommitCheck, HeadCheck, HistoryCheck, NoContent, RevRange};

use crate::pack::types::{Pattern, RelPath};
use revision::yes;

#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum GitCheck {
    /// At least `at_least` commits are reachable from `branch` (or HEAD).
    #[serde(rename = "git.commits")]
    Commits {
        #[serde(default)]
        repo: Option<RelPath>,
        #[serde(deserialize_with = "crate::pack::ranges::at_least")]
        at_least: u32,
        #[serde(default)]
        branch: Option<String>,
    },
    /// Commit messages match `pattern`: the last commit, or every commit.
    #[serde(rename = "git.commit_message")]
    CommitMessage {
        #[serde(default)]
        repo: Option<RelPath>,
        pattern: Pattern,
        #[serde(default)]
        scope: MessageScope,
    },
    /// A local branch with this name exists (`exists = false`: it does
    /// not).
    #[serde(rename = "git.branch")]
    Branch {
        #[serde(default)]
        repo: Option<RelPath>,
        name: String,
        #[serde(default = "yes")]
        exists: bool,
    },
    /// A tag with this name exists (annotated, when asked).
    #[serde(rename = "git.tag")]
    Tag {
        #[serde(default)]
        repo: Option<RelPath>,
        name: String,
        #[serde(default)]
        annotated: bool,
    },
    /// The file is in the last commit.
    #[serde(rename = "git.committed")]
    Committed {
        #[serde(default)]
        repo: Option<RelPath>,
        path: RelPath,
    },
    /// No staged, unstaged or untracked (non-ignored) changes.
    #[serde(rename = "git.clean")]
    Clean {
        #[serde(default)]
        repo: Option<RelPath>,
    },
    /// The path is ignored by the ignore rules and not tracked
    /// (`ignored = false`: no rule ignores it).
    #[serde(rename = "git.ignored")]
    Ignored {
        #[serde(default)]
        repo: Option<RelPath>,
        path: RelPath,
        #[serde(default = "yes")]
        ignored: bool,
    },
    /// No file in any commit reachable from any ref matches `pattern`.
    #[serde(rename = "git.no_secret")]
    NoSecret {
        #[serde(default)]
        repo: Option<RelPath>,
        #[serde(default = "aws_access_key_id")]
        pattern: Pattern,
    },
    /// The tip of `branch` is contained in `into` (by default the
    /// repository's main branch, found when the check runs).
    #[serde(rename = "git.merged")]
    Merged {
        #[serde(default)]
        repo: Option<RelPath>,
        branch: String,
        #[serde(default)]
        into: Option<String>,
    },
    #[serde(rename = "git.staged")]
    Staged(StagedCheck),
    #[serde(rename = "git.file")]
    File(FileAtRev),
    #[serde(rename = "git.head")]
    Head(HeadCheck),
    #[serde(rename = "git.commit")]
    Commit(CommitCheck),
    #[serde(rename = "git.history")]
    History(HistoryCheck),
    #[serde(rename = "git.ref")]
    Ref(RefCheck),
    #[serde(rename = "git.config")]
    Config(ConfigCheck),
}

/// Which commits `git.commit_message` reads.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MessageScope {
    /// The commit HEAD points at.
    #[default]
    Head,
    /// Every commit reachable from HEAD.
    All,
}

impl MessageScope {
    pub fn is_all(self) -> bool {
        self == MessageScope::All
    }
}

fn aws_access_key_id() -> Pattern {
    Pattern(
        regex::Regex::new(GitCheck::AWS_ACCESS_KEY_ID)
            .expect("the built-in pattern is a valid regex"),
    )
}

impl GitCheck {
    /// What `git.no_secret` looks for when the lab gives no pattern: an AWS
    /// access key id.
    pub const AWS_ACCESS_KEY_ID: &'static str = "AKIA[0-9A-Z]{16}";

    /// The repository folder inside the workspace; `None` is the workspace.
    pub fn repo(&self) -> Option<&RelPath> {
        match self {
            GitCheck::Commits { repo, .. }
            | GitCheck::CommitMessage { repo, .. }
            | GitCheck::Branch { repo, .. }
            | GitCheck::Tag { repo, .. }
            | GitCheck::Committed { repo, .. }
            | GitCheck::Clean { repo }
            | GitCheck::Ignored { repo, .. }
            | GitCheck::NoSecret { repo, .. }
            | GitCheck::Merged { repo, .. } => repo.as_ref(),
            GitCheck::Staged(c) => c.repo.as_ref(),
            GitCheck::File(c) => c.repo.as_ref(),
            GitCheck::Head(c) => c.repo.as_ref(),
            GitCheck::Commit(c) => c.repo.as_ref(),
            GitCheck::History(c) => c.repo.as_ref(),
            GitCheck::Ref(c) => c.repo.as_ref(),
            GitCheck::Config(c) => c.repo.as_ref(),
        }
    }

    pub fn describe(&self) -> String {
        let what = self.describe_kind();
        match self.repo() {
            Some(repo) => format!("{what} (repository `{repo}`)"),
            None => what,
        }
    }

    fn describe_kind(&self) -> String {
        match self {
            GitCheck::Commits {
                at_least, branch, ..
            } => {
                let noun = if *at_least == 1 { "commit" } else { "commits" };
                match branch {
                    Some(b) => format!("At least {at_least} {noun} on branch `{b}`"),
                    None => format!("At least {at_least} {noun}"),
                }
            }
            GitCheck::CommitMessage { pattern, scope, .. } => match scope {
                MessageScope::Head => format!("The last commit message matches {pattern}"),
                MessageScope::All => format!("Every commit message matches {pattern}"),
            },
            GitCheck::Branch { name, exists, .. } => match exists {
                true => format!("Branch `{name}` exists"),
                false => format!("Branch `{name}` does not exist"),
            },
            GitCheck::Tag {
                name, annotated, ..
            } => match annotated {
                true => format!("Annotated tag `{name}` exists"),
                false => format!("Tag `{name}` exists"),
            },
            GitCheck::Committed { path, .. } => format!("`{path}` is committed"),
            GitCheck::Clean { .. } => "The working tree is clean".to_string(),
            GitCheck::Ignored { path, ignored, .. } => match ignored {
                true => format!("`{path}` is ignored by git"),
                false => format!("`{path}` is not ignored by git"),
            },
            GitCheck::NoSecret { pattern, .. } => {
                if pattern.as_str() == GitCheck::AWS_ACCESS_KEY_ID {
                    "No commit holds an AWS access key".to_string()
                } else {
                    format!("No commit holds text matching {pattern}")
                }
            }
            GitCheck::Merged { branch, into, .. } => match into {
                Some(into) => format!("Branch `{branch}` is merged into `{into}`"),
                None => format!("Branch `{branch}` is merged into the main branch"),
            },
            GitCheck::Staged(c) => c.describe(),
            GitCheck::File(c) => c.describe(),
            GitCheck::Head(c) => c.describe(),
            GitCheck::Commit(c) => c.describe(),
            GitCheck::History(c) => c.describe(),
            GitCheck::Ref(c) => c.describe(),
            GitCheck::Config(c) => c.describe(),
        }
    }
}
