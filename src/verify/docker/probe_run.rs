//! `probe.run`: run a local image once in a probe container and judge its
//! exit code, stdout and stderr separately. Also the running and reading
//! that `network.reach` shares, and the dispatch of the probe family.

use std::time::Duration;

use bollard::container::LogOutput;
use bollard::errors::Error as BollardError;
use bollard::query_parameters::{LogsOptionsBuilder, StartContainerOptions};
use futures::StreamExt;

use super::container::shorten;
use super::container_exec::shell_words;
use super::image_facts::Lookup;
use super::probe::DockerProbe;
use super::probe_container::{Probe, ProbeSpec};
use super::probe_refused::{refusal, Refusal, RunFailed};
use crate::pack::checks::{ProbeCheck, RunCheck};
use crate::pack::types::Pattern;
use crate::verify::evidence::saw;
use crate::verify::{Context, Outcome};

/// How much of each stream a probe keeps: 64 KiB.
const OUTPUT_LIMIT: usize = 64 * 1024;

/// What a probe's command did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeRun {
    /// `None` when it did not end within its timeout (it was killed).
    pub exit_code: Option<i64>,
    pub stdout: String,
    pub stderr: String,
}

/// Evaluates a check of the probe family.
pub async fn evaluate_probe(check: &ProbeCheck, ctx: &Context) -> Outcome {
    let docker = match ctx.docker() {
        Ok(d) => d,
        Err(o) => return o,
    };
    match check {
        ProbeCheck::Run(r) => run_check(docker, r).await,
        ProbeCheck::ImageFile(f) => super::probe_file::image_file(docker, f).await,
        ProbeCheck::VolumeFile(f) => super::probe_file::volume_file(docker, f).await,
        ProbeCheck::Reach(r) => super::probe_reach::reach(docker, r).await,
    }
}

impl DockerProbe {
    /// Creates a probe from `spec`, runs it to its end or its timeout,
    /// reads its output and removes it, whatever happened.
    /// A command the image cannot start (none, or a missing executable)
    /// is [`RunFailed::Refused`]; anything else the daemon says is
    /// [`RunFailed::Daemon`].
    pub(super) async fn run_probe(&self, spec: ProbeSpec<'_>) -> Result<ProbeRun, RunFailed> {
        let doing = format!("run a probe container from {}", spec.image);
        let object = probe_object(&spec);
        let timeout = spec.timeout;
        let failed = |e: BollardError| match refusal(&e) {
            Some(r) => RunFailed::Refused(r),
            None => RunFailed::Daemon(self.daemon_error(&doing, e)),
        };
        let probe = self.create_probe(spec).await.map_err(failed)?;
        let ran = run_and_read(&probe, timeout).await;
        let removed = probe.remove().await;
        let run = match ran.map_err(failed) {
            Ok(run) => run,
            Err(refused @ RunFailed::Refused(_)) => {
                saw(object, "start", refused.to_string());
                return Err(refused);
            }
            Err(e) => return Err(e),
        };
        removed.map_err(RunFailed::Daemon)?;
        let code = run
            .exit_code
            .map_or("(none: stopped at its time limit)".into(), |c| {
                c.to_string()
            });
        saw(&object, "State.ExitCode", code);
        saw(&object, "stdout", &run.stdout);
        saw(object, "stderr", &run.stderr);
        Ok(run)
    }

    /// The image `reference` names exactly, or the outcome that ends the
    /// check (a learner's image that is missing fails the check).
    pub(super) async fn learner_image(&self, reference: &str) -> Result<(), Outcome> {
        let found: Lookup<_> = self.image_facts(reference).await;
        match found? {
            Some(_) => Ok(()),
            None => Err(super::image_rules::missing_image(
                reference,
                &self.other_tags(reference).await?,
            )),
        }
    }
}

async fn run_and_read(probe: &Probe, timeout: Duration) -> Result<ProbeRun, BollardError> {
    let client = probe.client();
    client
        .start_container(&probe.id, None::<StartContainerOptions>)
        .await?;
    // The time limit is the command's: a daemon slow to start the container
    // does not make the learner's command look slow.
    let mut waiting = client.wait_container(&probe.id, None);
    let exit_code = match tokio::time::timeout(timeout, waiting.next()).await {
        Err(_) => None,
        Ok(Some(Ok(done))) => Some(done.status_code),
        Ok(Some(Err(BollardError::DockerContainerWaitError { code, .. }))) => Some(code),
        Ok(Some(Err(e))) => return Err(e),
        Ok(None) => None,
    };
    let (stdout, stderr) = output(probe).await?;
    Ok(ProbeRun {
        exit_code,
        stdout,
        stderr,
    })
}

/// stdout and stderr, each cut at [`OUTPUT_LIMIT`].
async fn output(probe: &Probe) -> Result<(String, String), BollardError> {
    let options = LogsOptionsBuilder::new().stdout(true).stderr(true).build();
    let mut logs = probe.client().logs(&probe.id, Some(options));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    while let Some(chunk) = logs.next().await {
        let (into, bytes) = match chunk? {
            LogOutput::StdOut { message } => (&mut out, message),
            LogOutput::StdErr { message } => (&mut err, message),
            _ => continue,
        };
        let room = OUTPUT_LIMIT.saturating_sub(into.len());
        into.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    Ok((text(out), text(err)))
}

/// `probe container from opslab/base:1 on network web`: what a probe's
/// evidence is about.
pub(super) fn probe_object(spec: &ProbeSpec<'_>) -> String {
    let mut object = format!("probe container from {}", spec.image);
    if let Some(user) = spec.user {
        object.push_str(&format!(" as user {user}"));
    }
    if let Some(network) = spec.network {
        object.push_str(&format!(" on network {network}"));
    }
    if let Some(volume) = spec.volume {
        object.push_str(&format!(" with volume {volume}"));
    }
    object
}

async fn run_check(docker: &DockerProbe, check: &RunCheck) -> Outcome {
    if let Err(o) = docker.learner_image(&check.image).await {
        return o;
    }
    let spec = ProbeSpec {
        image: &check.image,
        command: check.command.clone(),
        user: check.user.as_deref(),
        timeout: check.timeout.0,
        ..Default::default()
    };
    match docker.run_probe(spec).await {
        Ok(run) => judge_run(check, &run),
        Err(RunFailed::Refused(why)) if check.command.is_none() => refused(check, &why),
        Err(e) => Outcome::error(e.to_string()),
    }
}

/// The image's own command (its CMD or ENTRYPOINT) cannot start: the
/// learner's image is at fault, and the failure names what is missing.
fn refused(check: &RunCheck, why: &Refusal) -> Outcome {
    let image = &check.image;
    let expected = format!("image {image} starts its own command (CMD or ENTRYPOINT)");
    let (actual, hint) = match why {
        Refusal::NoCommand => (
            "the image has no CMD and no ENTRYPOINT, so there is nothing to run".to_string(),
            "give the image a command, such as `CMD [\"/app\"]`, in its Dockerfile and rebuild it".to_string(),
        ),
        Refusal::Missing(exe) => (
            format!("its command `{exe}` is not in the image"),
            format!("COPY `{exe}` into the image at that path, or fix the path in CMD or ENTRYPOINT, then rebuild it"),
        ),
        Refusal::NotExecutable(exe) => (
            format!("its command `{exe}` is in the image but not executable"),
            format!("make it executable (`RUN chmod +x {exe}` or `COPY --chmod=755`), then rebuild the image"),
        ),
    };
    Outcome::failed_with_hint(expected, actual, format!("{hint}. {}", try_it(check)))
}

/// What `docker run` a learner types to see for themselves.
fn try_it(check: &RunCheck) -> String {
    let user = check
        .user
        .as_deref()
        .map(|u| format!(" --user {u}"))
        .unwrap_or_default();
    let command = check
        .command
        .as_deref()
        .map(|c| format!(" {}", shell_words(c)))
        .unwrap_or_default();
    format!(
        "Try it yourself: `docker run --rm --network none{user} {}{command}`.",
        check.image
    )
}

/// Judges what the run did: the exit code first, then each stream.
pub(super) fn judge_run(check: &RunCheck, run: &ProbeRun) -> Outcome {
    let image = &check.image;
    let hint = try_it(check);
    let Some(code) = run.exit_code else {
        return Outcome::failed_with_hint(
            format!("running image {image} ends within {:?}", check.timeout.0),
            format!(
                "it was still running after {:?}{}",
                check.timeout.0,
                said(run)
            ),
            format!("the command should end on its own (is it a server?). {hint}"),
        );
    };
    if code != check.exit_code {
        return Outcome::failed_with_hint(
            format!("running image {image} exits with code {}", check.exit_code),
            format!("it exited with code {code}{}", said(run)),
            hint,
        );
    }
    match streams_fail(check, run) {
        Some((expected, actual)) => {
            Outcome::failed_with_hint(format!("running image {image} {expected}"), actual, hint)
        }
        None => Outcome::Passed,
    }
}

/// `(expected, actual)` for the first stream that is not what the check
/// wants.
fn streams_fail(check: &RunCheck, run: &ProbeRun) -> Option<(String, String)> {
    let (out, err) = (&run.stdout, &run.stderr);
    judge_stream(
        "stdout",
        out,
        err,
        &check.stdout,
        &check.stdout_matches,
        &check.stdout_not_matches,
    )
    .or_else(|| {
        judge_stream(
            "stderr",
            err,
            out,
            &check.stderr,
            &check.stderr_matches,
            &check.stderr_not_matches,
        )
    })
}

/// `(expected, actual)` when `text`, one stream's output, is not what the
/// check wants; `other` is the other stream, named when the text went there.
fn judge_stream(
    name: &str,
    text: &str,
    other: &str,
    equals: &Option<String>,
    matches: &Option<Pattern>,
    not_matches: &Option<Pattern>,
) -> Option<(String, String)> {
    let found = || match (text.trim(), other.trim()) {
        ("", "") => format!("it printed nothing on {name} (nor on the other stream)"),
        ("", o) => format!(
            "it printed nothing on {name}; the other stream had `{}`",
            shorten(o, 120)
        ),
        _ => format!("{name} was {}", visible(text)),
    };
    // `echo` ends its line: one trailing newline is not part of the text.
    let text = text.strip_suffix('\n').unwrap_or(text);
    if let Some(want) = equals {
        if text != want.strip_suffix('\n').unwrap_or(want) {
            return Some((format!("prints exactly {want:?} on {name}"), found()));
        }
    }
    if let Some(p) = matches.as_ref().filter(|p| !p.is_match(text)) {
        return Some((format!("prints text matching {p} on {name}"), found()));
    }
    if let Some(p) = not_matches.as_ref().filter(|p| p.is_match(text)) {
        return Some((
            format!("prints nothing matching {p} on {name}"),
            format!("{name} was `{}`", shorten(text.trim(), 120)),
        ));
    }
    None
}

/// The text in backticks, or quoted with escapes (`"Hello\n\n"`) when
/// blank space around it or a control character would otherwise not show.
fn visible(text: &str) -> String {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let hidden = body != body.trim() || body.chars().any(|c| c.is_control() && c != '\n');
    if hidden {
        let cut: String = text.chars().take(120).collect();
        let more = if cut.len() < text.len() { "…" } else { "" };
        format!("{cut:?}{more}")
    } else {
        format!("`{}`", shorten(body, 120))
    }
}

/// `": stdout `…`, stderr `…``, or nothing when it printed nothing.
fn said(run: &ProbeRun) -> String {
    let parts: Vec<String> = [("stdout", &run.stdout), ("stderr", &run.stderr)]
        .into_iter()
        .filter(|(_, t)| !t.trim().is_empty())
        .map(|(n, t)| format!("{n} `{}`", shorten(t.trim(), 120)))
        .collect();
    match parts.is_empty() {
        true => String::new(),
        false => format!(": {}", parts.join(", ")),
    }
}
