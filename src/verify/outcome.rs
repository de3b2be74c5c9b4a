//! What running one check found.

use std::time::Duration;

use serde::Serialize;

use super::evidence::Evidence;

/// The verdict on one check. A check that could not run is an `Error`, never
/// a `Failed`: the learner is not blamed for a daemon that is down. A check
/// whose needed checks did not pass is `Waiting`: it is neither the
/// learner's failure (the needed check already says what is wrong) nor a
/// check that could not run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Outcome {
    Passed,
    Failed {
        expected: String,
        actual: String,
        /// The lab author's hint for this check when there is one, else the
        /// probe's own advice.
        #[serde(skip_serializing_if = "Option::is_none")]
        hint: Option<String>,
        /// The probe's advice, when the author's hint took the `hint` place:
        /// shown after it, never instead of it.
        #[serde(skip_serializing_if = "Option::is_none")]
        also: Option<String>,
    },
    Error {
        why: String,
    },
    /// Not judged, because the checks it needs did not pass.
    Waiting {
        /// The ids of the needed checks that did not pass (the first cause,
        /// when those were waiting themselves), in the lab's order.
        needs: Vec<String>,
        /// Their titles, joined with " and ", for "waits for: …".
        what: String,
    },
}

impl Outcome {
    pub fn failed(expected: impl Into<String>, actual: impl Into<String>) -> Outcome {
        Outcome::Failed {
            expected: expected.into(),
            actual: actual.into(),
            hint: None,
            also: None,
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
            also: None,
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

    /// Puts the lab author's hint first: it becomes `hint`, and the probe's
    /// advice (if any, and if it says something else) moves to `also`.
    pub fn with_author_hint(self, author: Option<&str>) -> Outcome {
        match (self, author) {
            (
                Outcome::Failed {
                    expected,
                    actual,
                    hint: probe,
                    also,
                },
                Some(author),
            ) => Outcome::Failed {
                expected,
                actual,
                also: probe.filter(|p| !says_the_same(author, p)).or(also),
                hint: Some(author.to_string()),
            },
            (other, _) => other,
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

    pub fn is_waiting(&self) -> bool {
        matches!(self, Outcome::Waiting { .. })
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
    /// What the check looked at, in the order it looked (the last attempt
    /// of a check that retried); empty only while it waits for a needed
    /// check.
    pub evidence: Vec<Evidence>,
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
        self.count(Outcome::is_passed)
    }
    pub fn failed(&self) -> usize {
        self.count(Outcome::is_failed)
    }
    pub fn errors(&self) -> usize {
        self.count(Outcome::is_error)
    }
    /// Checks not judged because a check they need did not pass.
    pub fn waiting(&self) -> usize {
        self.count(Outcome::is_waiting)
    }
    pub fn all_passed(&self) -> bool {
        self.results.iter().all(|r| r.outcome.is_passed())
    }

    fn count(&self, which: impl Fn(&Outcome) -> bool) -> usize {
        self.results.iter().filter(|r| which(&r.outcome)).count()
    }
}

/// Whether the probe's advice `probe` adds nothing to the author's hint:
/// the same text, or every command it gives (in backticks) is already in
/// the hint, so showing it as `also:` would only repeat the hint.
fn says_the_same(author: &str, probe: &str) -> bool {
    if author == probe {
        return true;
    }
    let commands: Vec<&str> = probe.split('`').skip(1).step_by(2).collect();
    !commands.is_empty() && commands.iter().all(|c| author.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authors_hint_comes_first_and_the_probes_advice_follows() {
        let probe = Outcome::failed_with_hint("x", "y", "docker ps -a");
        match probe.with_author_hint(Some("use port 8080")) {
            Outcome::Failed { hint, also, .. } => {
                assert_eq!(hint.as_deref(), Some("use port 8080"));
                assert_eq!(also.as_deref(), Some("docker ps -a"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn without_an_authors_hint_the_probes_advice_is_the_hint() {
        let probe = Outcome::failed_with_hint("x", "y", "docker ps -a");
        assert_eq!(probe.clone().with_author_hint(None), probe);
    }

    #[test]
    fn advice_whose_commands_the_hint_already_gives_is_not_repeated() {
        let probe = Outcome::failed_with_hint(
            "x",
            "y",
            "Change it with `docker update --restart unless-stopped web`.",
        );
        let author =
            "Set it with `docker update --restart unless-stopped web` (or on `docker run`).";
        match probe.clone().with_author_hint(Some(author)) {
            Outcome::Failed { also, .. } => assert_eq!(also, None),
            other => panic!("{other:?}"),
        }
        match probe.with_author_hint(Some("Restart it another way.")) {
            Outcome::Failed { also, .. } => assert!(also.is_some()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_same_text_twice_is_shown_once() {
        let probe = Outcome::failed_with_hint("x", "y", "same");
        match probe.with_author_hint(Some("same")) {
            Outcome::Failed { hint, also, .. } => {
                assert_eq!(hint.as_deref(), Some("same"));
                assert_eq!(also, None);
            }
            other => panic!("{other:?}"),
        }
    }
}
