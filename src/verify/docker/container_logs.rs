//! Container logs: reading stdout and stderr as a stream of lines, and the
//! checks on them (`container.logs`, `container.logs_json`). Lines are
//! judged one at a time as they arrive and then dropped, so memory stays
//! flat whatever the size of the log; a line longer than [`MAX_LINE`] is
//! judged on its first [`MAX_LINE`] bytes.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::time::Duration;

use bollard::container::LogOutput;
use bollard::query_parameters::LogsOptions;
use futures::StreamExt;

use super::container::shorten;
use super::container_evidence;
use super::container_facts::ContainerFacts;
use super::probe::{DaemonError, DockerProbe, REQUEST_LIMIT_SECS};
use crate::pack::checks::ContainerCheck;
use crate::pack::types::Pattern;
use crate::verify::evidence::saw;
use crate::verify::{plural, Outcome};

/// The most of one log line kept for matching, in bytes (1 MiB).
pub const MAX_LINE: usize = 1 << 20;

/// One log line as the checks see it.
pub(super) struct LogLine<'a> {
    /// The line without its line end, cut to [`MAX_LINE`] bytes.
    pub text: &'a str,
    /// Whether the line was longer than [`MAX_LINE`] and was cut.
    pub cut: bool,
}

impl DockerProbe {
    /// Feeds every line container `c` wrote to stdout and stderr to `each`,
    /// in order, until the log ends or `each` breaks. A stream that stays
    /// silent for [`REQUEST_LIMIT_SECS`] counts as a daemon that stopped
    /// answering.
    pub(super) async fn each_log_line(
        &self,
        c: &ContainerFacts,
        mut each: impl FnMut(LogLine<'_>) -> ControlFlow<()>,
    ) -> Result<(), DaemonError> {
        let options = LogsOptions {
            stdout: true,
            stderr: true,
            tail: "all".into(),
            ..Default::default()
        };
        let doing = format!("read the logs of container `{}`", c.name);
        let mut stream = self.client.logs(&c.id, Some(options));
        let mut lines = Lines::default();
        let idle = Duration::from_secs(REQUEST_LIMIT_SECS);
        loop {
            let chunk = match tokio::time::timeout(idle, stream.next()).await {
                Ok(Some(chunk)) => chunk.map_err(|e| self.daemon_error(&doing, e))?,
                Ok(None) => break,
                Err(_) => {
                    return Err(DaemonError(format!(
                        "could not reach the Docker daemon at {}: it sent nothing for {REQUEST_LIMIT_SECS} s while asked to {doing}",
                        self.endpoint()
                    )))
                }
            };
            if lines.push(chunk, &mut each).is_break() {
                return Ok(());
            }
        }
        let _ = lines.finish(&mut each);
        Ok(())
    }
}

/// Splits interleaved stdout and stderr chunks into whole lines, keeping
/// each stream's partial line apart until its newline arrives. Holds at
/// most [`MAX_LINE`] bytes per stream.
#[derive(Default)]
struct Lines {
    partial: HashMap<u8, Partial>,
}

#[derive(Default)]
struct Partial {
    bytes: Vec<u8>,
    cut: bool,
}

impl Partial {
    fn take(&mut self, more: &[u8]) {
        let room = MAX_LINE.saturating_sub(self.bytes.len());
        self.bytes.extend_from_slice(&more[..more.len().min(room)]);
        self.cut |= more.len() > room;
    }

    fn emit(&mut self, each: &mut impl FnMut(LogLine<'_>) -> ControlFlow<()>) -> ControlFlow<()> {
        let text = String::from_utf8_lossy(&self.bytes);
        let flow = each(LogLine {
            text: text.trim_end_matches(['\n', '\r']),
            cut: self.cut,
        });
        self.bytes.clear();
        self.cut = false;
        flow
    }
}

impl Lines {
    fn push(
        &mut self,
        chunk: LogOutput,
        each: &mut impl FnMut(LogLine<'_>) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let (stream, bytes) = match chunk {
            LogOutput::StdOut { message } => (1, message),
            LogOutput::StdErr { message } => (2, message),
            LogOutput::Console { message } => (3, message),
            LogOutput::StdIn { message } => (0, message),
        };
        let partial = self.partial.entry(stream).or_default();
        let mut rest: &[u8] = &bytes;
        while let Some(end) = rest.iter().position(|b| *b == b'\n') {
            partial.take(&rest[..end]);
            partial.emit(each)?;
            rest = &rest[end + 1..];
        }
        partial.take(rest);
        ControlFlow::Continue(())
    }

    /// Hands on the last lines that had no newline, stdout before stderr.
    fn finish(mut self, each: &mut impl FnMut(LogLine<'_>) -> ControlFlow<()>) -> ControlFlow<()> {
        let mut streams: Vec<u8> = self.partial.keys().copied().collect();
        streams.sort();
        for stream in streams {
            let partial = self.partial.get_mut(&stream).expect("a listed stream");
            if !partial.bytes.is_empty() || partial.cut {
                partial.emit(each)?;
            }
        }
        ControlFlow::Continue(())
    }
}

/// The `none` log driver keeps nothing to read: that is the container's
/// configuration, something the learner can change, not a daemon failure.
fn no_logs_kept(c: &ContainerFacts) -> Option<Outcome> {
    (c.log_driver == "none").then(|| {
        Outcome::failed_with_hint(
            format!("logs of container `{}` that `docker logs` can read", c.name),
            format!("container `{}` uses the log driver `none`, which keeps no logs", c.name),
            format!(
                "The log driver is fixed when a container is created: remove it and run it again without `--log-driver none` (`docker rm -f {}`, then your `docker run ...`; the default `json-file`, or `local`, keep logs).",
                c.name
            ),
        )
    })
}

pub(super) async fn logs(
    c: &ContainerFacts,
    pattern: &Pattern,
    at_least: u32,
    docker: &DockerProbe,
) -> Outcome {
    if let Some(outcome) = no_logs_kept(c) {
        return outcome;
    }
    let (mut lines, mut matching) = (0usize, 0usize);
    let read = docker
        .each_log_line(c, |line| {
            lines += 1;
            if pattern.is_match(line.text) {
                matching += 1;
            }
            match matching >= at_least as usize {
                true => ControlFlow::Break(()),
                false => ControlFlow::Continue(()),
            }
        })
        .await;
    if let Err(e) = read {
        return Outcome::error(e.to_string());
    }
    let object = container_evidence::object(c);
    saw(&object, "logs: lines read", lines.to_string());
    saw(
        object,
        format!("logs: lines matching {pattern}"),
        matching.to_string(),
    );
    if matching >= at_least as usize {
        return Outcome::Passed;
    }
    let actual = match lines {
        0 => format!("container `{}` has logged nothing", c.name),
        n => format!(
            "container `{}` logged {n} line{}, {matching} matching {pattern}",
            c.name,
            plural(n)
        ),
    };
    Outcome::failed_with_hint(
        format!(
            "container `{}` logged {}",
            c.name,
            ContainerCheck::lines_matching(at_least, pattern)
        ),
        actual,
        format!("`docker logs {}` shows what it logged.", c.name),
    )
}

pub(super) async fn logs_json(
    c: &ContainerFacts,
    fields: &[String],
    at_least_lines: u32,
    docker: &DockerProbe,
) -> Outcome {
    if let Some(outcome) = no_logs_kept(c) {
        return outcome;
    }
    let (mut number, mut written) = (0usize, 0usize);
    let mut first_problem = None;
    let read = docker
        .each_log_line(c, |line| {
            number += 1;
            if line.text.trim().is_empty() {
                return ControlFlow::Continue(());
            }
            written += 1;
            let problem = match line.cut {
                true => Some(format!("is longer than {} MiB", MAX_LINE >> 20)),
                false => json_problem(line.text, fields),
            };
            match problem {
                Some(p) => {
                    let shown = shorten(line.text.get(..400).unwrap_or(line.text), 80);
                    first_problem = Some(format!("line {number} {p}: `{shown}`"));
                    ControlFlow::Break(())
                }
                None => ControlFlow::Continue(()),
            }
        })
        .await;
    if let Err(e) = read {
        return Outcome::error(e.to_string());
    }
    let object = container_evidence::object(c);
    saw(&object, "logs: non-blank lines read", written.to_string());
    if let Some(problem) = &first_problem {
        saw(
            object,
            "logs: first line that is not JSON with the fields",
            problem,
        );
    }
    let hint = format!("`docker logs {}` shows what it logged.", c.name);
    if let Some(actual) = first_problem {
        let expected = format!(
            "every log line a JSON object with fields {}",
            fields.join(", ")
        );
        return Outcome::failed_with_hint(expected, actual, hint);
    }
    if written >= at_least_lines as usize {
        return Outcome::Passed;
    }
    let actual = match written {
        0 => format!("container `{}` has logged nothing", c.name),
        n => format!("container `{}` logged only {n} line{}", c.name, plural(n)),
    };
    Outcome::failed_with_hint(
        format!(
            "at least {at_least_lines} JSON log line{}",
            plural(at_least_lines as usize)
        ),
        actual,
        hint,
    )
}

/// What is wrong with `line` as a structured log line, if anything.
fn json_problem(line: &str, fields: &[String]) -> Option<String> {
    match serde_json::from_str::<serde_json::Value>(line) {
        Err(_) => Some("is not JSON".into()),
        Ok(serde_json::Value::Object(map)) => fields
            .iter()
            .find(|f| !map.contains_key(f.as_str()))
            .map(|f| format!("has no field `{f}`")),
        Ok(_) => Some("is JSON but not an object".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(chunks: Vec<LogOutput>) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        let mut each = |l: LogLine<'_>| {
            out.push((l.text.to_string(), l.cut));
            ControlFlow::Continue(())
        };
        let mut lines = Lines::default();
        for chunk in chunks {
            let _ = lines.push(chunk, &mut each);
        }
        let _ = lines.finish(&mut each);
        out
    }

    #[test]
    fn lines_keep_streams_apart() {
        let found = split(vec![
            LogOutput::StdOut {
                message: "hel".into(),
            },
            LogOutput::StdErr {
                message: "oops\r\n".into(),
            },
            LogOutput::StdOut {
                message: "lo\nworld".into(),
            },
        ]);
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["oops", "hello", "world"]);
    }

    #[test]
    fn a_line_longer_than_the_limit_is_cut_and_marked() {
        let long = "x".repeat(MAX_LINE + 10);
        let found = split(vec![
            LogOutput::StdOut {
                message: long.clone().into(),
            },
            LogOutput::StdOut {
                message: "y\nnext\n".into(),
            },
        ]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0.len(), MAX_LINE);
        assert!(found[0].1);
        assert_eq!(found[1], ("next".to_string(), false));
    }

    #[test]
    fn json_lines_need_every_field() {
        let fields = ["level".to_string(), "message".to_string()];
        assert_eq!(
            json_problem(r#"{"level":"info","message":"hi"}"#, &fields),
            None
        );
        assert_eq!(
            json_problem(r#"{"level":"info"}"#, &fields).as_deref(),
            Some("has no field `message`")
        );
        assert_eq!(
            json_problem("starting", &fields).as_deref(),
            Some("is not JSON")
        );
        assert!(json_problem("[1]", &fields).is_some());
    }
}
