//! When a probe container cannot start because of the image itself: no
//! command at all, or a command whose executable is missing or not
//! executable. Said as the learner's fault when the command is the image's
//! own (its CMD or ENTRYPOINT), not as a daemon problem.

use std::fmt;

use bollard::errors::Error as BollardError;

use super::probe::DaemonError;

/// Why a probe did not run.
#[derive(Debug)]
pub enum RunFailed {
    /// The daemon did not do what was asked (or could not be reached).
    Daemon(DaemonError),
    /// The image cannot start its command.
    Refused(Refusal),
}

/// What is wrong with the command a probe tried to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No CMD and no ENTRYPOINT, and none given.
    NoCommand,
    /// The executable (as the daemon names it) is not in the image.
    Missing(String),
    /// The executable is there but may not be run.
    NotExecutable(String),
}

impl fmt::Display for RunFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunFailed::Daemon(e) => write!(f, "{e}"),
            RunFailed::Refused(Refusal::NoCommand) => {
                f.write_str("the image has no command to run")
            }
            RunFailed::Refused(Refusal::Missing(x)) => {
                write!(f, "the executable `{x}` is not in the image")
            }
            RunFailed::Refused(Refusal::NotExecutable(x)) => {
                write!(f, "`{x}` in the image is not executable")
            }
        }
    }
}

/// The refusal `e` reports, when the daemon refused because of the image's
/// command rather than failing on its own.
pub fn refusal(e: &BollardError) -> Option<Refusal> {
    let BollardError::DockerResponseServerError { message, .. } = e else {
        return None;
    };
    if message.contains("No command specified") {
        return Some(Refusal::NoCommand);
    }
    let name = executable(message);
    if message.contains("executable file not found")
        || (message.contains("no such file or directory") && name.is_some())
    {
        return Some(Refusal::Missing(name.unwrap_or_default()));
    }
    if message.contains("permission denied") && name.is_some() {
        return Some(Refusal::NotExecutable(name.unwrap_or_default()));
    }
    None
}

/// `/hello.sh` from `... exec: "/hello.sh": stat /hello.sh: no such file`.
fn executable(message: &str) -> Option<String> {
    let start = message.find("exec: \"")? + "exec: \"".len();
    let rest = &message[start..];
    Some(rest[..rest.find('"')?].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(message: &str) -> Option<Refusal> {
        refusal(&BollardError::DockerResponseServerError {
            status_code: 400,
            message: message.into(),
        })
    }

    #[test]
    fn the_daemons_words_for_a_broken_command_are_read() {
        assert_eq!(said("No command specified"), Some(Refusal::NoCommand));
        let missing = "OCI runtime create failed: container_linux.go:380: starting container process caused: exec: \"/hello.sh\": stat /hello.sh: no such file or directory: unknown";
        assert_eq!(said(missing), Some(Refusal::Missing("/hello.sh".into())));
        let not_exec = "OCI runtime create failed: exec: \"/run.sh\": permission denied: unknown";
        assert_eq!(
            said(not_exec),
            Some(Refusal::NotExecutable("/run.sh".into()))
        );
        assert_eq!(said("conflict: name in use"), None);
    }
}
