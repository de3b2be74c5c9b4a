//! What running one check found.

use std::time::Duration;

use serde::Serialize;

/// The verdict on one check. A check that could not run is an `Error`, never
/// a `Failed`: the learner is not blamed for a daemon that is down.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Outcome {
    Passed,
    Failed {
        expected: String,
        actual: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        hint: Option<String>,
    },
    Error {
        why: String,
    },
}

impl Outcome {
    pub fn failed(expected: impl Into<String>, actual: impl Into<String>) -> Outcome {
        Outcome::Failed {
            expected: expected.into(),
            actual: actual.into(),
            hint: None,
        }
    }

    pub fn failed_with_hint(
        expected: impl Into<String>,
        actual: impl Into<String>,
        hint: impl Into<String>,
    ) -> Outcome {
        Outcome::Failed {
            expected: expected.into(),
            actual: actual.into(),
            hint: Some(hint.into()),
        }
    }

    pub fn error(why: impl Into<String>) -> Outcome {
        Outcome::Error { why: why.into() }
    }

    /// Passed when `ok`, otherwise failed with the given texts.
    pub fn expect(ok: bool, expected: impl Into<String>, actual: impl Into<String>) -> Outcome {
        if ok {
            Outcome::Passed
        } else {
            Outcome::failed(expected, actual)
        }
    }

    pub fn is_passed(&self) -> bool {
        matches!(self, Outcome::Passed)
    }

    pub fn is_failed(&self) -> bool {
        matches!(self, Outcome::Failed { .. })
    }

    pub fn is_error(&self) -> bool {
        matches!(self, Outcome::Error { .. })
    }
}

/// One check's result, as shown to the learner.
#[derive(Clone, Debug, Serialize)]
pub struct CheckResult {
    pub id: String,
    pub title: String,
    #[serde(flatten)]
    pub outcome: Outcome,
    #[serde(serialize_with = "millis")]
    pub elapsed: Duration,
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1000.0 * 100.0).round() / 100.0)
}

/// All results of one run of a lab's checks, in the lab's order.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub lab: String,
    pub results: Vec<CheckResult>,
}

impl Report {
    pub fn passed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.outcome.is_passed())
            .count()
    }
    pub fn failed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.outcome.is_failed())
            .count()
    }
    pub fn errors(&self) -> usize {
        self.results.iter().filter(|r| r.outcome.is_error()).count()
    }
    pub fn all_passed(&self) -> bool {
        self.results.iter().all(|r| r.outcome.is_passed())
    }
}
