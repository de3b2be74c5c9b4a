//! Probes (read-only views of Docker, git, files and HTTP) and the engine
//! that runs a lab's checks on them.

mod compare;
pub mod docker;
mod engine;
pub mod evidence;
pub mod files;
pub mod git;
pub mod http;
mod outcome;
mod waiting;
pub mod watch;

use std::path::PathBuf;

pub use docker::{DockerProbe, DockerUnavailable};
pub use engine::{run_check, verify, ATTEMPT_LIMIT, DEFAULT_WITHIN};
pub use evidence::Evidence;
pub use outcome::{CheckResult, Outcome, Report};

/// What a run of checks looks at: the learner's workspace and, when the lab
/// has Docker checks, a connection to the daemon.
pub struct Context {
    pub workspace: PathBuf,
    docker: Result<DockerProbe, DockerUnavailable>,
    /// Docker facts read once per run and shared by the checks of that run.
    pub(crate) memo: docker::Memo,
}

impl Context {
    pub fn new(workspace: PathBuf, docker: Result<DockerProbe, DockerUnavailable>) -> Context {
        Context {
            workspace,
            docker,
            memo: docker::Memo::default(),
        }
    }

    /// A context for labs without Docker checks.
    pub fn without_docker(workspace: PathBuf) -> Context {
        Context::new(workspace, Err(DockerUnavailable::NotConnected))
    }

    /// The daemon, or the "could not run" outcome that explains why not.
    pub fn docker(&self) -> Result<&DockerProbe, Outcome> {
        self.docker
            .as_ref()
            .map_err(|e| Outcome::error(e.to_string()))
    }

    /// A fresh context on the same workspace and daemon, with nothing cached.
    pub fn fresh(&self) -> Context {
        Context {
            workspace: self.workspace.clone(),
            docker: self.docker.clone(),
            memo: docker::Memo::default(),
        }
    }
}

/// The plural ending of a count in feedback text (see `words`).
pub(crate) use crate::words::plural;
