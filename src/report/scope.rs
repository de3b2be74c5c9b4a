//! Which of a lab's checks can judge a repository on its own: git, file,
//! Dockerfile and comparisons between files and git. The others need the
//! student's Docker state or a running server, which a grader's machine
//! does not have.

use serde::Serialize;

use crate::pack::{CheckSpec, Lab};

/// A check left out of a repository-only run, and why.
#[derive(Clone, Debug, Serialize)]
pub struct Skipped {
    pub check: String,
    pub title: String,
    pub why: &'static str,
}

/// The lab with only its repository and file checks, and the checks left
/// out. A kept check that needs a left-out one simply runs (the need is
/// not there to wait for).
pub fn repository_checks(lab: &Lab) -> (Lab, Vec<Skipped>) {
    let mut kept = lab.clone();
    let mut skipped = Vec::new();
    kept.checks.retain(|check| match why_skipped(&check.spec) {
        None => true,
        Some(why) => {
            skipped.push(Skipped {
                check: check.id.clone(),
                title: check.title.clone(),
                why,
            });
            false
        }
    });
    (kept, skipped)
}

/// Why a check cannot run on a repository alone, or `None` when it can.
fn why_skipped(spec: &CheckSpec) -> Option<&'static str> {
    match spec {
        CheckSpec::Git(_) | CheckSpec::File(_) => None,
        CheckSpec::Compare(c) if c.comparison().needs_docker() => {
            Some("compares with Docker state, which grading does not look at")
        }
        CheckSpec::Compare(c) if c.comparison().reads_http() => {
            Some("compares with a page from a running server, which grading does not start")
        }
        CheckSpec::Compare(_) => None,
        CheckSpec::Container(_) | CheckSpec::Image(_) | CheckSpec::Probe(_) => {
            Some("needs Docker state, which grading does not look at")
        }
        CheckSpec::Http(_) => Some("needs a running server, which grading does not start"),
    }
}
