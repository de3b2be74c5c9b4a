//! Runs a lab's checks concurrently, each after the checks it needs.
//! Checks that wait for something retry
//! with backoff until their time runs out; every check has an upper bound so
//! a hung daemon becomes "could not run", not a frozen screen.

use std::time::{Duration, Instant};

use futures::future::join_all;

use super::evidence::{self, Evidence};
use super::outcome::{CheckResult, Outcome, Report};
use super::{waiting, Context};
use crate::pack::{Check, CheckSpec, Lab};

/// How long a waiting check keeps retrying when the lab does not say.
pub const DEFAULT_WITHIN: Duration = Duration::from_secs(5);
/// How long one attempt of any check may take.
pub const ATTEMPT_LIMIT: Duration = Duration::from_secs(20);
/// How far past its `within` a check's last attempt may run.
const WITHIN_GRACE: Duration = Duration::from_secs(1);

/// Runs every check of `lab` once (retrying the waiting ones) and reports.
/// Checks run level by level (see [`waiting::levels`]), concurrently within
/// a level, so a check is judged after the checks it needs; one whose needed
/// check did not pass is reported as [`Outcome::Waiting`].
pub async fn verify(lab: &Lab, ctx: &Context) -> Report {
    let checks = &lab.checks;
    let mut done: Vec<Option<CheckResult>> = vec![None; checks.len()];
    for level in waiting::levels(checks) {
        let runs = level.iter().map(|&i| {
            let done = &done;
            async move {
                let check = &checks[i];
                if let Some(outcome) = waiting::before(check, checks, done) {
                    return (i, waiting_result(check, outcome));
                }
                let mut result = run_check(check, ctx).await;
                if let Some(outcome) = waiting::after(check, &result.outcome, checks, done) {
                    result.outcome = outcome;
                }
                (i, result)
            }
        });
        let results = join_all(runs).await;
        for (i, result) in results {
            done[i] = Some(result);
        }
    }
    Report {
        lab: lab.id.clone(),
        results: done.into_iter().flatten().collect(),
    }
}

fn waiting_result(check: &Check, outcome: Outcome) -> CheckResult {
    CheckResult {
        id: check.id.clone(),
        title: check.title.clone(),
        outcome,
        elapsed: Duration::ZERO,
        evidence: Vec::new(),
    }
}

/// Runs one check, retrying while it waits. It does not look at what the
/// check needs: [`verify`] does.
pub async fn run_check(check: &Check, ctx: &Context) -> CheckResult {
    let started = Instant::now();
    let within = check.within.unwrap_or(DEFAULT_WITHIN);
    let deadline = started
        .checked_add(within)
        .unwrap_or(started + ATTEMPT_LIMIT);
    let mut pause = Duration::from_millis(50);
    let (outcome, seen) = loop {
        // A check with `within` never runs much past it, however slow a
        // single look is (a huge log, a stalled daemon).
        let limit = match check.within {
            Some(_) => deadline.saturating_duration_since(Instant::now()) + WITHIN_GRACE,
            None => ATTEMPT_LIMIT,
        };
        let ((outcome, may_change), seen) =
            evidence::collect(attempt(&check.spec, ctx, limit.min(ATTEMPT_LIMIT))).await;
        let waits = check.spec.waits() && may_change;
        let settled = outcome.is_passed() || !waits || Instant::now() + pause > deadline;
        if settled {
            break (outcome, seen);
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(500));
    };
    CheckResult {
        id: check.id.clone(),
        title: check.title.clone(),
        evidence: with_error_evidence(seen, check, &outcome),
        outcome: outcome.with_author_hint(check.hint.as_deref()),
        elapsed: started.elapsed(),
    }
}

/// A check that could not run and recorded nothing still says what it
/// tried to look at (the check's own sentence) and why it could not.
fn with_error_evidence(mut seen: Vec<Evidence>, check: &Check, outcome: &Outcome) -> Vec<Evidence> {
    if let (true, Outcome::Error { why }) = (seen.is_empty(), outcome) {
        seen.push(Evidence {
            object: check.spec.describe(),
            field: String::new(),
            found: evidence::shortened(why),
        });
    }
    seen
}

/// One look at the world: the outcome, and whether it may still change if
/// the check looks again. Only checks that wait can say yes: a container
/// whose health is still starting, a server that is not answering yet.
async fn attempt(spec: &CheckSpec, ctx: &Context, limit: Duration) -> (Outcome, bool) {
    let run = async {
        match spec {
            CheckSpec::Container(c) => super::docker::attempt_container(c, ctx).await,
            CheckSpec::Image(c) => (super::docker::evaluate_image(c, ctx).await, false),
            CheckSpec::Git(c) => (super::git::evaluate(c, ctx).await, false),
            CheckSpec::File(c) => (super::files::evaluate(c, ctx).await, false),
            CheckSpec::Probe(c) => (super::docker::evaluate_probe(c, ctx).await, false),
            CheckSpec::Http(c) => {
                let outcome = super::http::evaluate(c, ctx).await;
                let may_change = outcome.is_failed();
                (outcome, may_change)
            }
            CheckSpec::Compare(c) => {
                let outcome = super::compare::evaluate(c, ctx).await;
                // A page may still be on its way; nothing else changes by waiting.
                let may_change = outcome.is_failed() && c.comparison().reads_http();
                (outcome, may_change)
            }
        }
    };
    let docker_at = match (spec.needs_docker(), ctx.docker()) {
        (true, Ok(d)) => format!(" at {}", d.endpoint()),
        _ => String::new(),
    };
    match tokio::time::timeout(limit, run).await {
        Ok(attempt) => attempt,
        Err(_) => (
            Outcome::error(format!(
                "the check was stopped after {:.1} s, its time limit; is the Docker daemon{docker_at} or the disk very slow, or the log very large?",
                limit.as_secs_f64()
            )),
            false,
        ),
    }
}
