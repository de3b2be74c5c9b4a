//! Where one side of a `compare` check reads its value, as the lab wrote
//! it once validated, and how the learner reads its name.

use std::collections::BTreeMap;

use crate::pack::checks::docker_queries::{label_scope, StateFilter};
use crate::pack::checks::file::{DocFormat, Query};
use crate::pack::checks::http::{LoopbackHost, RequestPath};
use crate::pack::types::{Pattern, RelPath};

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
