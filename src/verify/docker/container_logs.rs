//! Container logs: reading stdout and stderr as lines, and the checks on
//! them (`container.logs`, `container.logs_json`).

use std::collections::HashMap;

use bollard::container::LogOutput;
use bollard::query_parameters::LogsOptions;
use futures::StreamExt;

use super::container::shorten;
use super::container_facts::ContainerFacts;
use super::probe::{DaemonError, DockerProbe};
use crate::pack::checks::ContainerCheck;
use crate::pack::types::Pattern;
use crate::verify::{plural, Outcome};

impl DockerProbe {
    /// Everything the container wrote to stdout and stderr, as lines.
    pub async fn container_log_lines(&self, name: &str) -> Result<Vec<String>, DaemonError> {
        let options = LogsOptions {
            stdout: true,
            stderr: true,
            tail: "all".into(),
            ..Default::default()
        };
        let mut stream = self.client.logs(name, Some(options));
        let mut lines = Lines::default();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| {
                DaemonError::from_bollard(&format!("read the logs of container `{name}`"), e)
            })?;
            lines.push(chunk);
        }
        Ok(lines.finish())
    }
}

/// Splits interleaved stdout and stderr chunks into whole lines, keeping
/// each stream's partial line apart until its newline arrives.
#[derive(Default)]
struct Lines {
    partial: HashMap<u8, Vec<u8>>,
    done: Vec<String>,
}

impl Lines {
    fn push(&mut self, chunk: LogOutput) {
        let (stream, bytes) = match chunk {
            LogOutput::StdOut { message } => (1, message),
            LogOutput::StdErr { message } => (2, message),
            LogOutput::Console { message } => (3, message),
            LogOutput::StdIn { message } => (0, message),
        };
        let buffer = self.partial.entry(stream).or_default();
        buffer.extend_from_slice(&bytes);
        while let Some(end) = buffer.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = buffer.drain(..=end).collect();
            self.done.push(text(&line));
        }
    }

    fn finish(mut self) -> Vec<String> {
        let mut rest: Vec<_> = self
            .partial
            .into_iter()
            .filter(|(_, b)| !b.is_empty())
            .collect();
        rest.sort_by_key(|(stream, _)| *stream);
        self.done.extend(rest.into_iter().map(|(_, b)| text(&b)));
        self.done
    }
}

fn text(line: &[u8]) -> String {
    let line = String::from_utf8_lossy(line);
    line.trim_end_matches(['\n', '\r']).to_string()
}

/// The `none` log driver keeps nothing to read: that is the container's
/// configuration, something the learner can change, not a daemon failure.
fn no_logs_kept(c: &ContainerFacts) -> Option<Outcome> {
    (c.log_driver == "none").then(|| {
        Outcome::failed_with_hint(
            format!("logs of container `{}` that `docker logs` can read", c.name),
            format!("container `{}` uses the log driver `none`, which keeps no logs", c.name),
            format!(
                "Recreate `{}` without `--log-driver none` (the default `json-file`, or `local`, keep logs).",
                c.name
            ),
        )
    })
}

/// The container's log lines, or the outcome that says why there are none
/// to read.
async fn read_logs(c: &ContainerFacts, docker: &DockerProbe) -> Result<Vec<String>, Outcome> {
    if let Some(outcome) = no_logs_kept(c) {
        return Err(outcome);
    }
    docker
        .container_log_lines(&c.name)
        .await
        .map_err(|e| Outcome::error(e.to_string()))
}

pub(super) async fn logs(
    c: &ContainerFacts,
    pattern: &Pattern,
    at_least: u32,
    docker: &DockerProbe,
) -> Outcome {
    let lines = match read_logs(c, docker).await {
        Ok(lines) => lines,
        Err(outcome) => return outcome,
    };
    let matching = lines.iter().filter(|l| pattern.is_match(l)).count();
    if matching >= at_least as usize {
        return Outcome::Passed;
    }
    let actual = match lines.len() {
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
    let lines = match read_logs(c, docker).await {
        Ok(lines) => lines,
        Err(outcome) => return outcome,
    };
    let expected = format!(
        "every log line a JSON object with fields {}",
        fields.join(", ")
    );
    let hint = format!("`docker logs {}` shows what it logged.", c.name);
    let written: Vec<(usize, &String)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    for (index, line) in &written {
        if let Some(problem) = json_problem(line, fields) {
            let actual = format!("line {} {problem}: `{}`", index + 1, shorten(line, 80));
            return Outcome::failed_with_hint(expected, actual, hint);
        }
    }
    if written.len() >= at_least_lines as usize {
        return Outcome::Passed;
    }
    let actual = match written.len() {
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

    #[test]
    fn lines_keep_streams_apart() {
        let mut lines = Lines::default();
        lines.push(LogOutput::StdOut {
            message: "hel".into(),
        });
        lines.push(LogOutput::StdErr {
            message: "oops\r\n".into(),
        });
        lines.push(LogOutput::StdOut {
            message: "lo\nworld".into(),
        });
        assert_eq!(lines.finish(), ["oops", "hello", "world"]);
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
