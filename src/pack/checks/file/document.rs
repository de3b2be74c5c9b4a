//! The fields of `file.query` and `dockerfile.stages`, checked as a whole
//! when the lab is loaded: one expectation per query, a format that is known
//! or can be told from the file name, stage bounds that make sense.

use std::fmt;

use serde::Deserialize;

use super::query::Query;
use crate::pack::types::{Pattern, RelPath};

/// The structured formats `file.query` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DocFormat {
    Yaml,
    Json,
    Toml,
    Hcl,
}

impl DocFormat {
    /// The format a file name suggests, if any. Terraform state
    /// (`*.tfstate`, `*.tfstate.backup`) is JSON.
    pub fn from_extension(path: &RelPath) -> Option<DocFormat> {
        let name = path.as_path().file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".tfstate") || name.ends_with(".tfstate.backup") {
            return Some(DocFormat::Json);
        }
        let ext = path.as_path().extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" | "template" => Some(DocFormat::Yaml),
            "json" => Some(DocFormat::Json),
            "toml" => Some(DocFormat::Toml),
            "tf" | "hcl" | "tfvars" => Some(DocFormat::Hcl),
            _ => None,
        }
    }
}

impl fmt::Display for DocFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DocFormat::Yaml => "YAML",
            DocFormat::Json => "JSON",
            DocFormat::Toml => "TOML",
            DocFormat::Hcl => "HCL",
        })
    }
}

/// What the value (or values) found by a query must be like.
#[derive(Clone, Debug)]
pub enum Expectation {
    /// Some value found equals this one (numbers compare by value).
    Equals(toml::Value),
    /// Some value found, as text, matches the pattern.
    Matches(Pattern),
    /// The query finds something (`true`) or nothing (`false`).
    Exists(bool),
    /// The query finds at least this many values (or the one list or table it
    /// finds has at least this many entries).
    CountAtLeast(usize),
    /// The query finds exactly this many values (or the one list or table it
    /// finds has exactly this many entries).
    Count(usize),
    /// The values found (or the items of the one list found), as a set
    /// (order and repeats do not matter), are exactly these.
    SameSet(Vec<toml::Value>),
}

/// `file.query`, validated.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawQuery")]
pub struct DocumentQuery {
    pub path: RelPath,
    pub format: DocFormat,
    pub query: Query,
    pub expect: Expectation,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawQuery {
    path: RelPath,
    format: Option<DocFormat>,
    query: Query,
    #[schemars(with = "Option<serde_json::Value>")]
    equals: Option<toml::Value>,
    matches: Option<Pattern>,
    exists: Option<bool>,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count_usize")]
    count_at_least: Option<usize>,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count_usize")]
    count: Option<usize>,
    #[schemars(with = "Option<Vec<serde_json::Value>>")]
    same_set: Option<Vec<toml::Value>>,
}

impl TryFrom<RawQuery> for DocumentQuery {
    type Error = String;

    fn try_from(raw: RawQuery) -> Result<Self, String> {
        let folder = is_folder(&raw.path);
        let guessed = if folder {
            Some(DocFormat::Hcl)
        } else {
            DocFormat::from_extension(&raw.path)
        };
        let format = match raw.format.or(guessed) {
            Some(f) => f,
            None => return Err(format!(
                "cannot tell the format of `{}` from its name; add `format = ` with one of \"json\", \"yaml\", \"toml\", \"hcl\"",
                raw.path
            )),
        };
        if folder && format != DocFormat::Hcl {
            return Err(format!(
                "`{}` ends with `/`, a folder, which is read only as a Terraform module (`format = \"hcl\"`); name one {format} file instead",
                raw.path
            ));
        }
        let mut given = Vec::new();
        given.extend(raw.equals.map(Expectation::Equals));
        given.extend(raw.matches.map(Expectation::Matches));
        given.extend(raw.exists.map(Expectation::Exists));
        given.extend(raw.count_at_least.map(Expectation::CountAtLeast));
        given.extend(raw.count.map(Expectation::Count));
        given.extend(raw.same_set.map(Expectation::SameSet));
        if given.len() > 1 {
            return Err("give only one of `equals`, `matches`, `exists`, `count_at_least`, `count`, `same_set`; split the others into checks of their own".into());
        }
        Ok(DocumentQuery {
            path: raw.path,
            format,
            query: raw.query,
            expect: given.pop().unwrap_or(Expectation::Exists(true)),
        })
    }
}

/// Whether a path names a folder (`infra/`): read as one Terraform module.
pub fn is_folder(path: &RelPath) -> bool {
    path.to_string().ends_with('/')
}

impl DocumentQuery {
    pub fn describe(&self) -> String {
        let DocumentQuery { path, query, .. } = self;
        match &self.expect {
            Expectation::Equals(v) => format!("`{query}` in `{path}` is {v}"),
            Expectation::Matches(p) => format!("`{query}` in `{path}` matches {p}"),
            Expectation::Exists(true) => format!("`{path}` has `{query}`"),
            Expectation::Exists(false) => format!("`{path}` has no `{query}`"),
            Expectation::CountAtLeast(n) => {
                format!("`{path}` has at least {n} of `{query}`")
            }
            Expectation::Count(n) => format!("`{path}` has exactly {n} of `{query}`"),
            Expectation::SameSet(items) => format!(
                "the set of `{query}` in `{path}` is {}",
                toml::Value::Array(items.clone())
            ),
        }
    }
}

/// `dockerfile.stages`, validated: at least one bound, in order.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawStages")]
pub struct StageCount {
    pub path: RelPath,
    pub at_least: Option<usize>,
    pub at_most: Option<usize>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawStages {
    #[serde(default = "super::dockerfile")]
    path: RelPath,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count_usize")]
    at_least: Option<usize>,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count_usize")]
    at_most: Option<usize>,
}

impl TryFrom<RawStages> for StageCount {
    type Error = String;

    fn try_from(raw: RawStages) -> Result<Self, String> {
        match (raw.at_least, raw.at_most) {
            (None, None) => Err(
                "give `at_least`, `at_most` or both (for a multi-stage build: `at_least = 2`)"
                    .into(),
            ),
            (Some(low), Some(high)) if low > high => Err(format!(
                "`at_least` ({low}) is more than `at_most` ({high}); no Dockerfile can pass"
            )),
            _ => Ok(StageCount {
                path: raw.path,
                at_least: raw.at_least,
                at_most: raw.at_most,
            }),
        }
    }
}

impl StageCount {
    /// Whether `n` stages are within the bounds.
    pub fn allows(&self, n: usize) -> bool {
        self.at_least.is_none_or(|low| n >= low) && self.at_most.is_none_or(|high| n <= high)
    }

    /// The bounds in words: "at least 2", "2 to 3", "at most 1", "exactly 1".
    pub fn bounds(&self) -> String {
        match (self.at_least, self.at_most) {
            (Some(low), Some(high)) if low == high => format!("exactly {low}"),
            (Some(low), Some(high)) => format!("{low} to {high}"),
            (Some(low), None) => format!("at least {low}"),
            (None, Some(high)) => format!("at most {high}"),
            (None, None) => "any number of".into(),
        }
    }

    pub fn describe(&self) -> String {
        format!("`{}` has {} build stages", self.path, self.bounds())
    }
}

crate::pack::schema_support::schema_from!(DocumentQuery, RawQuery);
crate::pack::schema_support::schema_from!(StageCount, RawStages);
