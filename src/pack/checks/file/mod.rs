//! File checks on the learner's workspace (`file.*`, `dockerfile.*`):
//! presence, content, structured queries into YAML/JSON/TOML/HCL, and
//! Dockerfile facts.

mod document;
mod instruction;
mod query;
mod stat;

use serde::Deserialize;

use crate::pack::types::{Pattern, RelPath};

pub use document::{DocFormat, DocumentQuery, Expectation, StageCount};
pub use instruction::{
    split_words, takes_flags, InstructionCheck, InstructionOrder, InstructionSpec, ShellForm,
    StageChoice,
};
pub use query::{Query, Step};
pub use stat::{FileStat, FileType};

#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum FileCheck {
    /// A file or folder exists at `path`; optional fields say its type,
    /// link target, execute bit and emptiness.
    #[serde(rename = "file.exists")]
    Exists(FileStat),
    /// Nothing exists at `path`.
    #[serde(rename = "file.absent")]
    Absent { path: RelPath },
    /// The file's text matches `pattern` somewhere.
    #[serde(rename = "file.matches")]
    Matches { path: RelPath, pattern: Pattern },
    /// The file's text does not match `pattern` anywhere.
    #[serde(rename = "file.not_matches")]
    NotMatches { path: RelPath, pattern: Pattern },
    /// A value inside a YAML, JSON, TOML or HCL document.
    #[serde(rename = "file.query")]
    Query(DocumentQuery),
    /// How many build stages (`FROM` lines) the Dockerfile has.
    #[serde(rename = "dockerfile.stages")]
    Stages(StageCount),
    /// The final stage is built on an image matching `image`.
    #[serde(rename = "dockerfile.base")]
    Base {
        #[serde(default = "dockerfile")]
        path: RelPath,
        image: Pattern,
    },
    /// The final stage runs as a user other than root.
    #[serde(rename = "dockerfile.user")]
    User {
        #[serde(default = "dockerfile")]
        path: RelPath,
    },
    /// The final stage declares a HEALTHCHECK (not `HEALTHCHECK NONE`).
    #[serde(rename = "dockerfile.healthcheck")]
    Healthcheck {
        #[serde(default = "dockerfile")]
        path: RelPath,
    },
    /// Every `FROM` pins a tag or digest other than `latest`.
    #[serde(rename = "dockerfile.no_latest")]
    NoLatest {
        #[serde(default = "dockerfile")]
        path: RelPath,
    },
    /// An instruction is present (or absent) in a stage of the Dockerfile.
    #[serde(rename = "dockerfile.instruction")]
    Instruction(InstructionCheck),
    /// One instruction comes before another in a stage of the Dockerfile.
    #[serde(rename = "dockerfile.order")]
    Order(InstructionOrder),
    /// The .dockerignore file lists every one of `entries`.
    #[serde(rename = "dockerfile.dockerignore")]
    Dockerignore {
        #[serde(default = "dockerignore")]
        path: RelPath,
        entries: Vec<String>,
    },
}

fn dockerfile() -> RelPath {
    RelPath::new("Dockerfile").expect("a plain file name is a valid relative path")
}

fn dockerignore() -> RelPath {
    RelPath::new(".dockerignore").expect("a plain file name is a valid relative path")
}

impl FileCheck {
    pub fn describe(&self) -> String {
        match self {
            FileCheck::Exists(stat) => stat.describe(),
            FileCheck::Absent { path } => format!("`{path}` does not exist"),
            FileCheck::Matches { path, pattern } => format!("`{path}` contains {pattern}"),
            FileCheck::NotMatches { path, pattern } => {
                format!("`{path}` contains nothing matching {pattern}")
            }
            FileCheck::Query(q) => q.describe(),
            FileCheck::Stages(s) => s.describe(),
            FileCheck::Instruction(i) => i.describe(),
            FileCheck::Order(o) => o.describe(),
            FileCheck::Base { path, image } => {
                format!("`{path}` builds its final stage on an image matching {image}")
            }
            FileCheck::User { path } => format!("`{path}` runs its final stage as a non-root user"),
            FileCheck::Healthcheck { path } => {
                format!("`{path}` declares a HEALTHCHECK in its final stage")
            }
            FileCheck::NoLatest { path } => {
                format!("`{path}` pins every base image to a tag other than `latest`")
            }
            FileCheck::Dockerignore { path, entries } => {
                format!("`{path}` lists {}", entries.join(", "))
            }
        }
    }
}
