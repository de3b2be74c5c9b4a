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

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use super::docker_queries::{label_scope, StateFilter};
use super::file::{DocFormat, Query};
use super::http::{LoopbackHost, RequestPath};
use crate::pack::types::{Pattern, RelPath};

/// The `compare` family: one kind.
#[derive(Clone, Debug, Deserialize)]
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
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

/// The Docker objects a source reads the inspect data of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DockerObject {
    Container,
    Image,
    Volume,
    Network,
}

impl DockerObject {
    /// "container", "image"...: the word and the `docker` subcommand.
    pub fn word(self) -> &'static str {
        match self {
            DockerObject::Container => "container",
            DockerObject::Image => "image",
            DockerObject::Volume => "volume",
            DockerObject::Network => "network",
        }
    }
}

/// Where one side's value comes from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A query into `docker <object> inspect <name>`.
    Inspect {
        object: DockerObject,
        name: String,
        query: Query,
    },
    /// A query into the inspect data of every container carrying all
    /// `labels` (and in `state`): the values of all of them, as a list.
    Containers {
        labels: BTreeMap<String, String>,
        state: StateFilter,
        query: Query,
    },
    /// A workspace file's text, trimmed; with `capture`, the first group
    /// the pattern captures (or its whole match when it has no group).
    Text {
        path: RelPath,
        capture: Option<Pattern>,
    },
    /// A query into a workspace file read as YAML, JSON, TOML or HCL.
    Document {
        path: RelPath,
        format: DocFormat,
        query: Query,
    },
    /// At revision `rev` of the repository (the workspace's, or the one in
    /// `repo`): the text of `path`, trimmed, or without `path` the full id
    /// of the commit.
    Git {
        repo: Option<RelPath>,
        rev: String,
        path: Option<RelPath>,
    },
    /// The body a GET answers with (a 2xx status), trimmed.
    Http {
        host: LoopbackHost,
        port: u16,
        path: RequestPath,
    },
    /// A value written in the lab.
    Literal(toml::Value),
}

impl Source {
    /// The source in the learner's words: "container `web`'s `Image`",
    /// "`answers.txt`", "`site/index.html` at `HEAD`", "\"abc\"".
    pub fn describe(&self) -> String {
        match self {
            Source::Inspect {
                object,
                name,
                query,
            } => format!("{} `{name}`'s `{query}`", object.word()),
            Source::Containers {
                labels,
                state,
                query,
            } => {
                let noun = match state {
                    StateFilter::Any => "containers".to_string(),
                    s => format!("{s} containers"),
                };
                format!("`{query}` of the {noun}{}", label_scope(labels))
            }
            Source::Text {
                path,
                capture: None,
            } => format!("`{path}`"),
            Source::Text {
                path,
                capture: Some(p),
            } => format!("what {p} captures in `{path}`"),
            Source::Document { path, query, .. } => format!("`{query}` in `{path}`"),
            Source::Git {
                rev, path: None, ..
            } => format!("the commit `{rev}` names"),
            Source::Git {
                rev, path: Some(p), ..
            } => format!("`{p}` at `{rev}`"),
            Source::Http { host, port, path } => {
                format!("the page at http://{}{path}", host.with_port(*port))
            }
            Source::Literal(v) => v.to_string(),
        }
    }

    /// Whether the source reads Docker.
    pub fn reads_docker(&self) -> bool {
        matches!(self, Source::Inspect { .. } | Source::Containers { .. })
    }

    /// Whether the source is a page a server may still be starting to serve.
    pub fn reads_http(&self) -> bool {
        matches!(self, Source::Http { .. })
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

#[derive(Deserialize)]
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

/// One side as written: every key any source takes, sorted out by
/// [`RawSource::into_source`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    container: Option<String>,
    image: Option<String>,
    volume: Option<String>,
    network: Option<String>,
    containers: Option<BTreeMap<String, String>>,
    state: Option<StateFilter>,
    file: Option<RelPath>,
    query: Option<Query>,
    format: Option<DocFormat>,
    capture: Option<Pattern>,
    git: Option<String>,
    path: Option<RelPath>,
    repo: Option<RelPath>,
    http: Option<String>,
    value: Option<toml::Value>,
}

const SOURCES: &str =
    "`container`, `image`, `volume`, `network`, `containers`, `file`, `git`, `http` or `value`";

impl RawSource {
    fn into_source(self) -> Result<Source, String> {
        let head = self.head()?;
        self.only_with(head)?;
        let query = |default: &str| match &self.query {
            Some(q) => Ok(q.clone()),
            None => Query::parse(default),
        };
        let inspect = |object, name: &String, default| -> Result<Source, String> {
            Ok(Source::Inspect {
                object,
                name: name.clone(),
                query: query(default)?,
            })
        };
        match (head, &self) {
            (
                "container",
                RawSource {
                    container: Some(n), ..
                },
            ) => inspect(DockerObject::Container, n, "Id"),
            ("image", RawSource { image: Some(n), .. }) => inspect(DockerObject::Image, n, "Id"),
            (
                "volume",
                RawSource {
                    volume: Some(n), ..
                },
            ) => inspect(DockerObject::Volume, n, "Name"),
            (
                "network",
                RawSource {
                    network: Some(n), ..
                },
            ) => inspect(DockerObject::Network, n, "Id"),
            (
                "containers",
                RawSource {
                    containers: Some(labels),
                    ..
                },
            ) => Ok(Source::Containers {
                labels: labels.clone(),
                state: self.state.unwrap_or_default(),
                query: query("Id")?,
            }),
            (
                "file",
                RawSource {
                    file: Some(path), ..
                },
            ) => self.file_source(path.clone()),
            ("git", RawSource { git: Some(rev), .. }) => {
                git_source(rev, self.path.clone(), self.repo.clone())
            }
            (
                "http",
                RawSource {
                    http: Some(url), ..
                },
            ) => http_source(url),
            (_, RawSource { value: Some(v), .. }) => Ok(Source::Literal(v.clone())),
            _ => Err(format!("name one source: {SOURCES}")),
        }
    }

    /// The one key naming the source.
    fn head(&self) -> Result<&'static str, String> {
        let heads = [
            ("container", self.container.is_some()),
            ("image", self.image.is_some()),
            ("volume", self.volume.is_some()),
            ("network", self.network.is_some()),
            ("containers", self.containers.is_some()),
            ("file", self.file.is_some()),
            ("git", self.git.is_some()),
            ("http", self.http.is_some()),
            ("value", self.value.is_some()),
        ];
        let given: Vec<&str> = heads.iter().filter(|(_, s)| *s).map(|(k, _)| *k).collect();
        match given.as_slice() {
            [one] => Ok(one),
            [] => Err(format!("names no source; give one of {SOURCES}, such as `{{ file = \"answers.txt\" }}`")),
            [a, b, ..] => Err(format!(
                "names more than one source (`{a}` and `{b}`); give exactly one per side, and compare the other on the other side"
            )),
        }
    }

    /// Rejects the keys that do not go with the source `head`.
    fn only_with(&self, head: &str) -> Result<(), String> {
        let extras = [
            (
                "query",
                self.query.is_some(),
                &[
                    "container",
                    "image",
                    "volume",
                    "network",
                    "containers",
                    "file",
                ][..],
            ),
            ("state", self.state.is_some(), &["containers"][..]),
            ("format", self.format.is_some(), &["file"][..]),
            ("capture", self.capture.is_some(), &["file"][..]),
            ("path", self.path.is_some(), &["git"][..]),
            ("repo", self.repo.is_some(), &["git"][..]),
        ];
        for (key, given, heads) in extras {
            if given && !heads.contains(&head) {
                let fix = match (key, head) {
                    ("path", "file") => " (the file is named by `file` itself)".to_string(),
                    _ => String::new(),
                };
                return Err(format!(
                    "`{key}` does not go with `{head}`{fix}; it goes with {}",
                    heads
                        .iter()
                        .map(|h| format!("`{h}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        Ok(())
    }

    fn file_source(&self, path: RelPath) -> Result<Source, String> {
        match (&self.query, &self.capture, self.format) {
            (Some(_), Some(_), _) => Err("give `query` (a value inside a document) or `capture` (a part of the text), not both".into()),
            (None, capture, None) => Ok(Source::Text { path, capture: capture.clone() }),
            (None, _, Some(_)) => Err("`format` says how to read a document for `query`; add a `query`, or remove `format` to compare the file's text".into()),
            (Some(query), None, format) => {
                let format = format.or_else(|| document_format(&path)).ok_or_else(|| format!(
                    "cannot tell the format of `{path}` from its name; add `format = \"json\"` (or \"yaml\", \"toml\", \"hcl\")"
                ))?;
                Ok(Source::Document { path, format, query: query.clone() })
            }
        }
    }
}

/// The format a file name suggests; Terraform state (`*.tfstate`) is JSON.
fn document_format(path: &RelPath) -> Option<DocFormat> {
    let ext = path.as_path().extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "tfstate" | "backup" => Some(DocFormat::Json),
        _ => DocFormat::from_extension(path),
    }
}

fn git_source(rev: &str, path: Option<RelPath>, repo: Option<RelPath>) -> Result<Source, String> {
    if rev.trim().is_empty() || rev.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "`git = {rev:?}` is not a revision; name one such as \"HEAD\", \"main\", \"v1.0\" or \"HEAD~1\""
        ));
    }
    Ok(Source::Git {
        repo,
        rev: rev.to_string(),
        path,
    })
}

/// `http://host[:port][/path]`, on this machine only.
fn http_source(url: &str) -> Result<Source, String> {
    let fix = "write a URL on this machine, such as \"http://127.0.0.1:8080/\"";
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("{url:?} is not an http:// URL; {fix}"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rfind(':') {
        Some(i) if !authority[i..].contains(']') => (&authority[..i], Some(&authority[i + 1..])),
        _ => (authority, None),
    };
    let port = match port {
        None => 80,
        Some(p) => p.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
            format!("{url:?} has the port {p:?}; a port is a whole number from 1 to 65535")
        })?,
    };
    Ok(Source::Http {
        host: LoopbackHost::new(host)?,
        port,
        path: RequestPath::new(path)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn urls_give_host_port_and_path() {
        let Source::Http { host, port, path } = http_source("http://[::1]:9000/a?b=1").unwrap()
        else {
            panic!()
        };
        assert_eq!((host.name(), port, path.as_str()), ("::1", 9000, "/a?b=1"));
        let Source::Http { port, path, .. } = http_source("http://127.0.0.1").unwrap() else {
            panic!()
        };
        assert_eq!((port, path.as_str()), (80, "/"));
        assert!(http_source("http://127.0.0.1:0/").is_err());
        assert!(http_source("https://127.0.0.1/").is_err());
    }
}
