//! `compare`: a value read from one source held against a value from
//! another source (or a literal): equal, different, less, greater, or the
//! same set. Each side is an inline table naming exactly one source:
//!
//! ```toml
//! left = { container = "web", query = "Image" }
//! right = { image = "app:1", query = "Id" }
//! op = "equal"
//! ```
//!
//! Sources: Docker inspect data (`container`, `image`, `volume`,
//! `network`, or every container with some labels: `containers`), a file
//! (its trimmed text, a regex `capture` of it, or a `query` into it as a
//! document), git (`git` names a revision: a file's content at it with
//! `path`, else its commit id), an HTTP page (`http`), or a literal
//! (`value`). See docs/checks/compare.md.

mod source;
mod written;

use std::fmt;

use serde::Deserialize;

pub use source::{DockerObject, Source};
use written::RawSource;

/// The `compare` family: one kind.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum CompareCheck {
    /// `left` and `right` hold `op` between them.
    #[serde(rename = "compare")]
    Compare(Comparison),
}

impl CompareCheck {
    /// The comparison the check makes.
    pub fn comparison(&self) -> &Comparison {
        match self {
            CompareCheck::Compare(c) => c,
        }
    }

    pub fn describe(&self) -> String {
        self.comparison().describe()
    }
}

/// How the two values must relate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CompareOp {
    /// The same value (numbers by value, text trimmed, IDs by prefix).
    #[default]
    Equal,
    /// Not the same value.
    Different,
    /// `left` is a smaller number (or size) than `right`.
    Less,
    /// `left` is a larger number (or size) than `right`.
    Greater,
    /// The values of each side, as sets (order and repeats ignored), are
    /// the same.
    SameSet,
}

impl fmt::Display for CompareOp {
    /// The words between the two sides: "equal to", "less than"...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CompareOp::Equal => "equal to",
            CompareOp::Different => "different from",
            CompareOp::Less => "less than",
            CompareOp::Greater => "greater than",
            CompareOp::SameSet => "the same set as",
        })
    }
}

/// `compare`, validated: two sources and how their values relate.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawComparison")]
pub struct Comparison {
    pub left: Source,
    pub right: Source,
    pub op: CompareOp,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawComparison {
    left: Option<RawSource>,
    right: Option<RawSource>,
    #[serde(default)]
    op: CompareOp,
}

impl TryFrom<RawComparison> for Comparison {
    type Error = String;

    fn try_from(raw: RawComparison) -> Result<Self, String> {
        let side = |raw: Option<RawSource>, name: &str| -> Result<Source, String> {
            let raw = raw.ok_or_else(|| {
                format!("`{name}` is missing; name where its value comes from, such as `{name} = {{ file = \"answers.txt\" }}`")
            })?;
            raw.into_source().map_err(|e| format!("`{name}`: {e}"))
        };
        let left = side(raw.left, "left")?;
        let right = side(raw.right, "right")?;
        if matches!((&left, &right), (Source::Literal(_), Source::Literal(_))) {
            return Err("both sides are literal `value`s, so the check can never change; read at least one side from a container, image, file, git or a page".into());
        }
        Ok(Comparison {
            left,
            right,
            op: raw.op,
        })
    }
}

impl Comparison {
    /// "`answers.txt` equal to container `web`'s `Id`".
    pub fn describe(&self) -> String {
        format!(
            "{} {} {}",
            self.left.describe(),
            self.op,
            self.right.describe()
        )
    }

    /// Whether either side reads Docker.
    pub fn needs_docker(&self) -> bool {
        self.left.reads_docker() || self.right.reads_docker()
    }

    /// Whether either side reads a page (the check then retries while it
    /// fails, as `http.get` does).
    pub fn reads_http(&self) -> bool {
        self.left.reads_http() || self.right.reads_http()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::checks::DocFormat;

    fn parse(text: &str) -> Result<Comparison, String> {
        let raw: RawComparison = toml::from_str(text).map_err(|e| e.to_string())?;
        Comparison::try_from(raw)
    }

    #[test]
    fn sources_read_as_their_names() {
        let c = parse(
            "left = { container = \"web\", query = \"Image\" }\nright = { image = \"app:1\" }",
        )
        .unwrap();
        assert_eq!(
            c.describe(),
            "container `web`'s `Image` equal to image `app:1`'s `Id`"
        );
        let c = parse("left = { http = \"http://localhost:8080/x\" }\nright = { git = \"HEAD\", path = \"site/index.html\" }\nop = \"equal\"").unwrap();
        assert_eq!(
            c.describe(),
            "the page at http://localhost:8080/x equal to `site/index.html` at `HEAD`"
        );
        let c = parse("left = { file = \"s.tfstate\", query = \"resources[*].instances[*].attributes.id\" }\nright = { containers = { stack = \"demo\" }, state = \"running\" }\nop = \"same_set\"").unwrap();
        assert!(matches!(
            c.left,
            Source::Document {
                format: DocFormat::Json,
                ..
            }
        ));
        assert_eq!(
            c.right.describe(),
            "`Id` of the running containers with label `stack=demo`"
        );
    }

    #[test]
    fn each_side_names_exactly_one_source() {
        let err = |text: &str| parse(text).unwrap_err();
        assert!(err("right = { value = 1 }").contains("`left` is missing"));
        assert!(
            err("left = { file = \"a\", git = \"HEAD\" }\nright = { value = 1 }")
                .contains("`left`: names more than one source (`file` and `git`)")
        );
        assert!(err("left = { file = \"a\" }\nright = { }").contains("`right`: names no source"));
        assert!(
            err("left = { file = \"a\", path = \"b\" }\nright = { value = 1 }")
                .contains("`path` does not go with `file`")
        );
        assert!(
            err("left = { file = \"a\" }\nright = { value = 1 }\nop = \"bigger\"")
                .contains("unknown variant `bigger`")
        );
        assert!(err("left = { value = 1 }\nright = { value = 1 }").contains("never change"));
        assert!(
            err("left = { http = \"http://example.com/\" }\nright = { value = 1 }")
                .contains("not this machine")
        );
        assert!(
            err("left = { file = \"a.txt\", query = \"x\" }\nright = { value = 1 }")
                .contains("cannot tell the format")
        );
    }
}

crate::pack::schema_support::schema_from!(Comparison, RawComparison);
