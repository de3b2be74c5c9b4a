//! A lab as written in `lab.toml`, and the validated `Lab`.

use std::path::PathBuf;

use serde::Deserialize;

use super::check::Check;
use super::lab_extras::{Requirement, SetupState, WrongAnswer};

/// How `opslab start` prepares the workspace repository.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RepoStart {
    /// A repository whose first commit holds the starter files.
    #[default]
    Commit,
    /// A repository with the starter files present but nothing committed.
    Init,
}

#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceSpec {
    #[serde(default)]
    pub git: RepoStart,
}

/// Docker resources a lab owns: `opslab reset` removes these and nothing else.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    #[serde(default)]
    pub containers: Vec<String>,
    #[serde(default)]
    pub images: Vec<String>,
    #[serde(default)]
    pub volumes: Vec<String>,
    #[serde(default)]
    pub networks: Vec<String>,
    /// Compose projects: every container, network and volume labelled
    /// `com.docker.compose.project=NAME` belongs to the lab.
    #[serde(default)]
    pub compose_projects: Vec<String>,
}

impl Resources {
    pub fn is_empty(&self) -> bool {
        self.containers.is_empty()
            && self.images.is_empty()
            && self.volumes.is_empty()
            && self.networks.is_empty()
            && self.compose_projects.is_empty()
    }
}

/// `lab.toml` as written.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LabFile {
    pub id: String,
    pub title: String,
    pub stage: String,
    pub summary: String,
    #[serde(deserialize_with = "super::ranges::minutes")]
    pub minutes: u32,
    #[serde(default)]
    pub prerequisites: Vec<String>,
    #[serde(default = "yes")]
    pub offline: bool,
    #[serde(default)]
    pub hints: Vec<String>,
    #[serde(default)]
    pub workspace: WorkspaceSpec,
    #[serde(default)]
    pub resources: Resources,
    #[serde(default, rename = "check")]
    pub checks: Vec<Check>,
    #[serde(default)]
    pub requires: Vec<Requirement>,
    #[serde(default, rename = "wrong_answer")]
    pub wrong_answers: Vec<WrongAnswer>,
    #[serde(default)]
    pub setup: SetupState,
}

fn yes() -> bool {
    true
}

/// A lab, validated.
#[derive(Clone, Debug)]
pub struct Lab {
    pub id: String,
    pub title: String,
    pub stage: String,
    pub summary: String,
    pub minutes: u32,
    pub prerequisites: Vec<String>,
    pub offline: bool,
    pub hints: Vec<String>,
    pub workspace: WorkspaceSpec,
    pub resources: Resources,
    pub checks: Vec<Check>,
    /// Tools the lab needs beyond Docker and git.
    pub requires: Vec<Requirement>,
    /// Mistakes `pack test` proves the checks reject.
    pub wrong_answers: Vec<WrongAnswer>,
    /// Docker objects created before the learner starts.
    pub setup: SetupState,
    /// The task, in Markdown.
    pub brief: String,
    /// The lab's folder, relative to the pack root.
    pub dir: PathBuf,
}

impl Lab {
    pub(crate) fn from_file(file: LabFile, brief: String, dir: PathBuf) -> Self {
        Lab {
            id: file.id,
            title: file.title,
            stage: file.stage,
            summary: file.summary,
            minutes: file.minutes,
            prerequisites: file.prerequisites,
            offline: file.offline,
            hints: file.hints,
            workspace: file.workspace,
            resources: file.resources,
            checks: file.checks,
            requires: file.requires,
            wrong_answers: file.wrong_answers,
            setup: file.setup,
            brief,
            dir,
        }
    }

    pub fn starter_dir(&self) -> PathBuf {
        self.dir.join("starter")
    }

    pub fn solution_dir(&self) -> PathBuf {
        self.dir.join("solution")
    }

    pub fn needs_docker(&self) -> bool {
        self.checks.iter().any(|c| c.spec.needs_docker())
    }
}
