//! Git kinds about HEAD, one commit and a range of commits: `git.head`,
//! `git.commit` and `git.history`.

use serde::de::{Deserializer, Error};
use serde::Deserialize;

use crate::pack::types::{Pattern, RelPath};

/// `git.head`: where HEAD is, and whether an operation (merge, rebase,
/// cherry-pick, revert, bisect, `git am`) is under way.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeadCheck {
    #[serde(default)]
    pub repo: Option<RelPath>,
    /// HEAD is on this local branch (not detached at its commit).
    #[serde(default)]
    pub branch: Option<String>,
    /// `true`: HEAD is detached; `false`: HEAD is on a branch.
    #[serde(default)]
    pub detached: Option<bool>,
    /// `false`: no operation is in progress; `true`: one is.
    #[serde(default)]
    pub in_progress: Option<bool>,
}

impl HeadCheck {
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(b) = &self.branch {
            parts.push(format!("HEAD is on branch `{b}`"));
        }
        match self.detached {
            Some(true) => parts.push("HEAD is detached".into()),
            Some(false) if self.branch.is_none() => parts.push("HEAD is on a branch".into()),
            _ => {}
        }
        match self.in_progress {
            Some(false) => parts.push("no merge, rebase or cherry-pick is in progress".into()),
            Some(true) => parts.push("an operation is in progress".into()),
            None => {}
        }
        match parts.is_empty() {
            true => "HEAD points at a commit".into(),
            false => capitalized(&parts.join("; ")),
        }
    }
}

/// `git.commit`: the shape of one commit.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitCheck {
    #[serde(default)]
    pub repo: Option<RelPath>,
    /// The commit, as git reads a revision. Default `HEAD`.
    #[serde(default = "head")]
    pub rev: String,
    /// How many parents it has (2 for a merge commit).
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count")]
    pub parents: Option<u32>,
    /// Its second parent is the commit this revision names (the branch
    /// that was merged).
    #[serde(default)]
    pub parent2: Option<String>,
    /// Every path it changes (against its first parent) is under this
    /// folder.
    #[serde(default)]
    pub changed_only_under: Option<RelPath>,
    /// It changes each of these paths (a folder: something under it).
    #[serde(default)]
    pub changes: Vec<RelPath>,
    /// Its message matches.
    #[serde(default)]
    pub message: Option<Pattern>,
}

impl CommitCheck {
    pub fn describe(&self) -> String {
        let rev = &self.rev;
        let mut parts = Vec::new();
        if let Some(p) = &self.parent2 {
            parts.push(format!("is a merge of `{p}`"));
        } else if let Some(n) = self.parents {
            parts.push(format!("has {n} parent{}", plural(n)));
        }
        if let Some(dir) = &self.changed_only_under {
            parts.push(format!("changes only files under `{dir}`"));
        }
        for path in &self.changes {
            parts.push(format!("changes `{path}`"));
        }
        if let Some(m) = &self.message {
            parts.push(format!("has a message matching {m}"));
        }
        match parts.is_empty() {
            true => format!("Commit `{rev}` exists"),
            false => format!("Commit `{rev}` {}", parts.join(" and ")),
        }
    }
}

/// `git.history`: the commits of a range, their messages and shape.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryCheck {
    #[serde(default)]
    pub repo: Option<RelPath>,
    /// Which commits: default HEAD and its ancestors (every ref's for
    /// `no_content` alone).
    #[serde(default)]
    pub range: Option<RevRange>,
    /// Some commit's message matches.
    #[serde(default)]
    pub some: Option<Pattern>,
    /// Every commit's message matches (merge commits and opslab's starter
    /// commit are not judged).
    #[serde(default)]
    pub every: Option<Pattern>,
    /// No commit's message matches (same commits as `every`).
    #[serde(default)]
    pub none: Option<Pattern>,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count")]
    pub count: Option<u32>,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count")]
    pub at_least: Option<u32>,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count")]
    pub at_most: Option<u32>,
    /// `true`: no merge commit in the range; `false`: at least one.
    #[serde(default)]
    pub linear: Option<bool>,
    /// No commit of the range holds `path` with content matching `pattern`.
    #[serde(default)]
    pub no_content: Option<NoContent>,
}

/// A file no commit may hold with matching content.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoContent {
    pub path: RelPath,
    pub pattern: Pattern,
}

impl HistoryCheck {
    /// The range the check reads: the given one, else every ref for a
    /// check that only asks `no_content`, else HEAD.
    pub fn effective_range(&self) -> RevRange {
        if let Some(range) = &self.range {
            return range.clone();
        }
        let only_content = self.some.is_none()
            && self.every.is_none()
            && self.none.is_none()
            && self.count.is_none()
            && self.at_least.is_none()
            && self.at_most.is_none()
            && self.linear.is_none();
        match self.no_content.is_some() && only_content {
            true => RevRange::All,
            false => RevRange::Rev("HEAD".into()),
        }
    }

    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = self.count {
            parts.push(format!("has exactly {n} commit{}", plural(n)));
        }
        if let Some(n) = self.at_least {
            parts.push(format!("has at least {n} commit{}", plural(n)));
        }
        if let Some(n) = self.at_most {
            parts.push(format!("has at most {n} commit{}", plural(n)));
        }
        if let Some(p) = &self.some {
            parts.push(format!("has a commit message matching {p}"));
        }
        if let Some(p) = &self.every {
            parts.push(format!("has every commit message matching {p}"));
        }
        if let Some(p) = &self.none {
            parts.push(format!("has no commit message matching {p}"));
        }
        match self.linear {
            Some(true) => parts.push("is linear (no merge commits)".into()),
            Some(false) => parts.push("has a merge commit".into()),
            None => {}
        }
        if let Some(c) = &self.no_content {
            parts.push(format!("has no `{}` matching {}", c.path, c.pattern));
        }
        let what = self.effective_range().describe();
        match parts.is_empty() {
            true => capitalized(&format!("{what} can be read")),
            false => capitalized(&format!("{what} {}", parts.join(" and "))),
        }
    }
}

/// Which commits a history check reads, as `git log` takes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RevRange {
    /// `--all`: every commit any ref (or HEAD) reaches.
    All,
    /// `main`: the revision and its ancestors.
    Rev(String),
    /// `main..feature`: reachable from the second, not from the first.
    Between(String, String),
}

impl RevRange {
    pub fn describe(&self) -> String {
        match self {
            RevRange::All => "the history of every ref".into(),
            RevRange::Rev(r) if r == "HEAD" => "the history of HEAD".into(),
            RevRange::Rev(r) => format!("the history of `{r}`"),
            RevRange::Between(a, b) => format!("`{a}..{b}` (commits on `{b}` not on `{a}`)"),
        }
    }
}

impl<'de> Deserialize<'de> for RevRange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let fix = "write a revision (`main`), a range (`main..feature`) or `--all`";
        let text = text.trim();
        if text == "--all" {
            return Ok(RevRange::All);
        }
        if text.contains("...") {
            return Err(D::Error::custom(format!(
                "{text:?} is a symmetric range, which history checks do not read; {fix}"
            )));
        }
        match text.split_once("..") {
            None if !text.is_empty() => Ok(RevRange::Rev(text.into())),
            Some((a, b)) if !a.is_empty() && !b.is_empty() => {
                Ok(RevRange::Between(a.into(), b.into()))
            }
            _ => Err(D::Error::custom(format!(
                "{text:?} is not a range; {fix} (both sides named)"
            ))),
        }
    }
}

fn head() -> String {
    "HEAD".into()
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

crate::pack::schema_support::string_schema!(
    RevRange,
    r#"a revision range as git writes it, e.g. `main..feature` or `HEAD~3..HEAD`"#
);
