//! One side of a `compare` check as the lab writes it: an inline table of
//! keys, of which exactly one names the source and the others must belong
//! to that source.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::source::{DockerObject, Source};
use crate::pack::checks::docker_queries::StateFilter;
use crate::pack::checks::file::{DocFormat, Query};
use crate::pack::checks::http::{LoopbackHost, RequestPath};
use crate::pack::types::{Pattern, RelPath};

/// One side as written: every key any source takes, sorted out by
/// [`RawSource::into_source`].
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSource {
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
    #[schemars(with = "Option<serde_json::Value>")]
    value: Option<toml::Value>,
}

const SOURCES: &str =
    "`container`, `image`, `volume`, `network`, `containers`, `file`, `git`, `http` or `value`";

impl RawSource {
    pub(super) fn into_source(self) -> Result<Source, String> {
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
