//! Why a command could not run, worded so the user knows what to do. Every
//! one of these ends the process with exit code 2.

use std::path::PathBuf;

use crate::pack::PackErrors;
use crate::progress::ProgressError;
use crate::verify::docker::info::DaemonError;
use crate::verify::DockerUnavailable;
use crate::workspace::WorkspaceError;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("no command given; run `opslab --help` to see the commands")]
    NoCommand,
    #[error(
        "{pack} has problems:\n{errors}\nFix them and check with `opslab pack validate {pack}`."
    )]
    Pack { pack: String, errors: PackErrors },
    #[error("the lab pack built into opslab has problems (please report this):\n{0}")]
    BuiltInPack(PackErrors),
    #[error("{0}")]
    UnknownLab(String),
    #[error("lab `{lab}` has no workspace yet (looked in {}). Run `{start}` first.", path.display())]
    NoWorkspace {
        lab: String,
        path: PathBuf,
        start: String,
    },
    #[error(transparent)]
    Progress(#[from] ProgressError),
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error(transparent)]
    DockerDown(#[from] DockerUnavailable),
    #[error(transparent)]
    Daemon(#[from] DaemonError),
    #[error("`opslab reset` overwrites files and removes Docker resources, and there is no terminal to ask you first. Run it in a terminal, or add --yes if you are sure.")]
    NeedsConfirmation,
    #[error("{0}")]
    NoBusybox(String),
    /// A command's argument is out of range; the text says the range.
    #[error("{0}")]
    Usage(String),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    #[error("cannot {what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
}
