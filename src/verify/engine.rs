//! Runs a lab's checks concurrently. Checks that wait for something retry
//! with backoff until their time runs out; every check has an upper bound so
//! a hung daemon becomes "could not run", not a frozen screen.

use std::time::{Duration, Instant};

use futures::future::join_all;

use super::outcome::{CheckResult, Outcome, Report};
use super::Context;
use crate::pack::{Check, CheckSpec, Lab};

/// How long a waiting check keeps retrying when the lab does not say.
pub const DEFAULT_WITHIN: Duration = Duration::from_secs(5);
/// How long one attempt of any check may take.
pub const ATTEMPT_LIMIT: Duration = Duration::from_secs(20);

/// Runs every check of `lab` once (retrying the waiting ones) and reports.
pub async fn verify(lab: &Lab, ctx: &Context) -> Report {
    let results = join_all(lab.checks.iter().map(|check| run_check(check, ctx))).await;
    Report {
        lab: lab.id.clone(),
        results,
    }
}

/// Runs one check, retrying while it waits.
pub async fn run_check(check: &Check, ctx: &Context) -> CheckResult {
    let started = Instant::now();
    let within = check.within.unwrap_or(DEFAULT_WITHIN);
    let deadline = started
        .checked_add(within)
        .unwrap_or(started + ATTEMPT_LIMIT);
    let mut pause = Duration::from_millis(50);
    let outcome = loop {
        let (outcome, may_change) = attempt(&check.spec, ctx).await;
        let waits = check.spec.waits() && may_change;
        let settled = outcome.is_passed() || !waits || Instant::now() + pause > deadline;
        if settled {
            break outcome;
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(500));
    };
    let outcome = match outcome {
        Outcome::Failed {
            expected,
            actual,
            hint: None,
        } => Outcome::Failed {
            expected,
            actual,
            hint: check.hint.clone(),
        },
        other => other,
    };
    CheckResult {
        id: check.id.clone(),
        title: check.title.clone(),
        outcome,
        elapsed: started.elapsed(),
    }
}

/// One look at the world: the outcome, and whether it may still change if
/// the check looks again. Only checks that wait can say yes: a container
/// whose health is still starting, a server that is not answering yet.
async fn attempt(spec: &CheckSpec, ctx: &Context) -> (Outcome, bool) {
    let run = async {
        match spec {
            CheckSpec::Container(c) => super::docker::attempt_container(c, ctx).await,
            CheckSpec::Image(c) => (super::docker::evaluate_image(c, ctx).await, false),
            CheckSpec::Git(c) => (super::git::evaluate(c, ctx).await, false),
            CheckSpec::File(c) => (super::files::evaluate(c, ctx).await, false),
            CheckSpec::Http(c) => {
                let outcome = super::http::evaluate(c, ctx).await;
                let may_change = outcome.is_failed();
                (outcome, may_change)
            }
        }
    };
    match tokio::time::timeout(ATTEMPT_LIMIT, run).await {
        Ok(attempt) => attempt,
        Err(_) => (
            Outcome::error(format!(
                "the check took longer than {} s and was stopped; is the Docker daemon or the disk very slow?",
                ATTEMPT_LIMIT.as_secs()
            )),
            false,
        ),
    }
}
