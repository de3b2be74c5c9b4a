//! Judging a lab's check report at each step of `pack test`: the starter
//! must fail something, the solution must pass everything, and a wrong
//! answer must fail the checks it names. Each problem is one sentence that
//! names the step and the check.

use crate::verify::{Outcome, Report};

/// Problems with the starter state: checks that could not run, or no check
/// failing at all.
pub fn starter_problems(report: &Report) -> Vec<String> {
    let mut problems = Vec::new();
    for r in &report.results {
        if let Outcome::Error { why } = &r.outcome {
            problems.push(format!("starter: check `{}` could not run: {why}", r.id));
        }
    }
    if report.failed() == 0 && report.errors() == 0 {
        problems.push(
            "starter: every check already passes, so the lab asks nothing of the learner; make at least one check fail on the starter files".into(),
        );
    }
    problems
}

/// Problems with the solved state: every check that does not pass, with
/// what it expected and found. `step` names the step, e.g. `solution`.
pub fn solution_problems(step: &str, report: &Report) -> Vec<String> {
    let mut problems = Vec::new();
    for r in &report.results {
        match &r.outcome {
            Outcome::Passed => {}
            Outcome::Failed {
                expected, actual, ..
            } => problems.push(format!(
                "{step}: check `{}` fails: expected {expected}, found {actual}",
                r.id
            )),
            Outcome::Error { why } => {
                problems.push(format!("{step}: check `{}` could not run: {why}", r.id))
            }
            Outcome::Waiting { what, .. } => {
                problems.push(format!("{step}: check `{}` waits for: {what}", r.id))
            }
        }
    }
    problems
}

/// Problems with one wrong answer (`id`, applied to the solved state): each
/// check it names in `fails` must end failed (not passed, not waiting on
/// another check, not unable to run), so the lab is not done.
pub fn wrong_answer_problems(id: &str, fails: &[String], report: &Report) -> Vec<String> {
    let step = format!("wrong answer `{id}`");
    let mut problems = Vec::new();
    for name in fails {
        let Some(r) = report.results.iter().find(|r| &r.id == name) else {
            problems.push(format!(
                "{step}: names check `{name}`, which the lab does not have; name one of its [[check]] ids"
            ));
            continue;
        };
        let why = match &r.outcome {
            Outcome::Failed { .. } => continue,
            Outcome::Passed => "passes, so the lab does not catch this mistake; make the check stricter or the script closer to the mistake".to_string(),
            Outcome::Waiting { what, .. } => format!(
                "does not fail by itself: it waits for {what}; name the check that fails first, or make `{name}` fail on its own"
            ),
            Outcome::Error { why } => format!("could not run: {why}"),
        };
        problems.push(format!("{step}: check `{name}` {why}"));
    }
    if report.all_passed() && problems.is_empty() {
        problems.push(format!(
            "{step}: every check passes, so the lab counts as done"
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::CheckResult;
    use std::time::Duration;

    fn report(outcomes: &[(&str, Outcome)]) -> Report {
        Report {
            lab: "lab".into(),
            results: outcomes
                .iter()
                .map(|(id, outcome)| CheckResult {
                    id: id.to_string(),
                    title: id.to_string(),
                    outcome: outcome.clone(),
                    evidence: Vec::new(),
                    elapsed: Duration::ZERO,
                })
                .collect(),
        }
    }

    #[test]
    fn a_wrong_answer_must_fail_each_named_check_itself() {
        let waiting = Outcome::Waiting {
            what: "`built` to pass".into(),
            needs: vec!["built".into()],
        };
        let r = report(&[
            ("built", Outcome::failed("an image", "none")),
            ("runs", waiting),
            ("user", Outcome::Passed),
        ]);
        assert!(wrong_answer_problems("w", &["built".into()], &r).is_empty());
        let problems =
            wrong_answer_problems("w", &["runs".into(), "user".into(), "nope".into()], &r);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("check `runs` does not fail by itself"));
        assert!(problems[1].contains("check `user` passes"));
        assert!(problems[2].contains("which the lab does not have"));
    }
}
