//! One check's result as a report row: its status, what was expected and
//! found, when it ran, and the evidence behind it (what the check
//! recorded, plus what a grader adds).

use std::time::Duration;

use serde::Serialize;

use crate::pack::Check;
use crate::verify::{CheckResult, Outcome};

pub use crate::verify::Evidence;

/// The grader's own evidence (the commit graded, a file's hash, the
/// time), in the shape the checks record theirs.
impl Evidence {
    pub fn new(
        object: impl Into<String>,
        field: impl Into<String>,
        found: impl Into<String>,
    ) -> Self {
        Evidence {
            object: object.into(),
            field: field.into(),
            found: found.into(),
        }
    }

    /// `object · field: found`, on one line.
    pub fn line(&self) -> String {
        format!("{} · {}: {}", self.object, self.field, self.found)
    }
}

/// A check's verdict in a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Passed,
    Failed,
    /// The check could not run (not the learner's fault).
    Error,
    /// Not judged: a check it needs did not pass.
    Waiting,
    /// Not run here (a Docker or HTTP check when grading repositories).
    Skipped,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Error => "error",
            Status::Waiting => "waiting",
            Status::Skipped => "skipped",
        }
    }
}

/// One check in a report.
#[derive(Clone, Debug, Serialize)]
pub struct CheckRow {
    /// The check's id in the lab.
    pub check: String,
    pub title: String,
    pub status: Status,
    /// What the check wanted (empty when it passed or did not run).
    pub expected: String,
    /// What it found; for an error, why it could not run; for a waiting
    /// or skipped check, why it was not judged.
    pub found: String,
    /// The author's hint, for a failed check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// When the check ran, RFC 3339 in UTC.
    pub time: String,
    /// How long it took.
    #[serde(serialize_with = "millis", rename = "elapsed_ms")]
    pub elapsed: Duration,
    pub evidence: Vec<Evidence>,
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1000.0 * 100.0).round() / 100.0)
}

impl CheckRow {
    /// The row of a check that ran at `time`.
    pub fn from_result(result: &CheckResult, time: &str) -> CheckRow {
        let (status, expected, found, hint) = match &result.outcome {
            Outcome::Passed => (Status::Passed, String::new(), String::new(), None),
            Outcome::Failed {
                expected,
                actual,
                hint,
                ..
            } => (
                Status::Failed,
                expected.clone(),
                actual.clone(),
                hint.clone(),
            ),
            Outcome::Error { why } => (Status::Error, String::new(), why.clone(), None),
            Outcome::Waiting { what, .. } => (
                Status::Waiting,
                String::new(),
                format!("waits for: {what}"),
                None,
            ),
        };
        CheckRow {
            check: result.id.clone(),
            title: result.title.clone(),
            status,
            expected,
            found,
            hint,
            time: time.to_string(),
            elapsed: result.elapsed,
            evidence: result.evidence.clone(),
        }
    }

    /// The row of a check that was not run, saying `why`.
    pub fn skipped(check: &Check, why: &str, time: &str) -> CheckRow {
        CheckRow {
            check: check.id.clone(),
            title: check.title.clone(),
            status: Status::Skipped,
            expected: String::new(),
            found: why.to_string(),
            hint: None,
            time: time.to_string(),
            elapsed: Duration::ZERO,
            evidence: Vec::new(),
        }
    }

    /// The evidence on one line per item.
    pub fn evidence_text(&self) -> String {
        self.evidence
            .iter()
            .map(Evidence::line)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The current time, RFC 3339 in UTC to the second: `2026-11-29T16:40:00Z`.
pub fn utc_time() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
