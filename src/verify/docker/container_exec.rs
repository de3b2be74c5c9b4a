//! `container.exec`: running a command inside a running container. This is
//! the one side effect a check may have, and only because the lab author
//! wrote the command; nothing else in the verifier changes Docker state.

use bollard::exec::{CreateExecOptions, StartExecResults};
use futures::StreamExt;

use super::container::{not_running, shorten};
use super::container_evidence;
use super::container_facts::ContainerFacts;
use super::probe::{DaemonError, DockerProbe};
use crate::pack::types::Pattern;
use crate::verify::evidence::saw;
use crate::verify::Outcome;

/// What a command run in a container did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecRun {
    pub exit_code: i64,
    /// Its stdout and stderr, interleaved as they came.
    pub output: String,
}

impl DockerProbe {
    /// Runs `command` in the running container `c` (addressed by its ID)
    /// and waits for it.
    pub(super) async fn exec_in_container(
        &self,
        c: &ContainerFacts,
        command: &[String],
    ) -> Result<ExecRun, DaemonError> {
        let doing = format!("run `{}` in container `{}`", shell_words(command), c.name);
        let fail = |e| self.daemon_error(&doing, e);
        let options = CreateExecOptions {
            attach_stdout: Some(true),
            attach_stderr: Some(true),
            cmd: Some(command.to_vec()),
            ..Default::default()
        };
        let exec = self
            .client
            .create_exec(&c.id, options)
            .await
            .map_err(fail)?;
        let mut stream = match self.client.start_exec(&exec.id, None).await.map_err(fail)? {
            StartExecResults::Attached { output, .. } => output,
            StartExecResults::Detached => {
                return Err(DaemonError(format!(
                    "Docker at {} could not {doing}: it started the command detached",
                    self.endpoint()
                )))
            }
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = stream.next().await {
            bytes.extend_from_slice(&chunk.map_err(fail)?.into_bytes());
        }
        let info = self.client.inspect_exec(&exec.id).await.map_err(fail)?;
        let exit_code = info.exit_code.ok_or_else(|| {
            DaemonError(format!(
                "Docker at {} could not {doing}: it gave no exit code",
                self.endpoint()
            ))
        })?;
        Ok(ExecRun {
            exit_code,
            output: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}

pub(super) async fn exec(
    c: &ContainerFacts,
    command: &[String],
    exit_code: i64,
    output: Option<&Pattern>,
    docker: &DockerProbe,
) -> Outcome {
    let shown = shell_words(command);
    if !c.running {
        return not_running(c, &format!("to run `{shown}`"));
    }
    let run = match docker.exec_in_container(c, command).await {
        Ok(run) => run,
        Err(e) => return Outcome::error(e.to_string()),
    };
    let object = format!("exec `{shown}` in {}", container_evidence::object(c));
    saw(&object, "ExitCode", run.exit_code.to_string());
    saw(object, "output", &run.output);
    let hint = format!("Try it yourself: `docker exec {} {shown}`.", c.name);
    if run.exit_code != exit_code {
        return Outcome::failed_with_hint(
            format!("`{shown}` exits with code {exit_code}"),
            format!(
                "`{shown}` exited with code {}{}",
                run.exit_code,
                said(&run.output)
            ),
            hint,
        );
    }
    match output {
        Some(p) if !p.is_match(&run.output) => Outcome::failed_with_hint(
            format!("output of `{shown}` matching {p}"),
            match run.output.trim() {
                "" => format!("`{shown}` printed nothing"),
                text => format!("`{shown}` printed `{}`", shorten(text, 120)),
            },
            hint,
        ),
        _ => Outcome::Passed,
    }
}

/// `": <output>"`, shortened, or nothing when there was no output.
fn said(output: &str) -> String {
    match output.trim() {
        "" => String::new(),
        text => format!(": `{}`", shorten(text, 120)),
    }
}

/// The command as one would type it in a shell.
pub(super) fn shell_words(command: &[String]) -> String {
    let quoted: Vec<String> = command
        .iter()
        .map(|w| {
            let plain = !w.is_empty()
                && w.chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || "-_./=:,@%+".contains(ch));
            match plain {
                true => w.clone(),
                false => format!("'{}'", w.replace('\'', r"'\''")),
            }
        })
        .collect();
    quoted.join(" ")
}

#[cfg(test)]
mod tests {
    use super::shell_words;

    #[test]
    fn commands_are_shown_as_typed() {
        let cmd = ["sh", "-c", "echo it's"].map(String::from);
        assert_eq!(shell_words(&cmd), r"sh -c 'echo it'\''s'");
    }
}
