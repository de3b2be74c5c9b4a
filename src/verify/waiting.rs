//! The order in which a lab's checks run, given what each needs, and the
//! `Waiting` outcome of a check whose needed checks did not pass.

use std::collections::HashMap;

use super::outcome::{CheckResult, Outcome};
use crate::pack::{Check, Wait};

/// The checks' indexes in levels: every check comes after the checks it
/// needs, and the checks of one level can run at the same time. The pack
/// refuses cycles at load; should one reach here anyway, its checks run in
/// the last level instead of never.
pub(crate) fn levels(checks: &[Check]) -> Vec<Vec<usize>> {
    let index = index(checks);
    let mut level: Vec<Option<usize>> = vec![None; checks.len()];
    for _ in 0..checks.len() {
        for i in 0..checks.len() {
            let needed: Option<Vec<usize>> = checks[i]
                .needs
                .iter()
                .filter_map(|n| index.get(n.check.as_str()))
                .map(|&j| level[j])
                .collect();
            if let Some(needed) = needed {
                level[i] = Some(needed.into_iter().max().map_or(0, |l| l + 1));
            }
        }
    }
    let last = checks.len();
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, l) in level.into_iter().enumerate() {
        let l = l.unwrap_or(last);
        if out.len() <= l {
            out.resize(l + 1, Vec::new());
        }
        out[l].push(i);
    }
    out.retain(|l| !l.is_empty());
    out
}

/// Before running `check`: `Waiting` when a check it strictly needs did not
/// pass.
pub(crate) fn before(
    check: &Check,
    checks: &[Check],
    done: &[Option<CheckResult>],
) -> Option<Outcome> {
    blocked_by(check, checks, done, |_| true, Wait::UnlessPassed)
}

/// After running `check` to `outcome`: `Waiting` when a check it softly
/// needs did not pass and found the same thing.
pub(crate) fn after(
    check: &Check,
    outcome: &Outcome,
    checks: &[Check],
    done: &[Option<CheckResult>],
) -> Option<Outcome> {
    let same = |needed: &Outcome| same_finding(outcome, needed);
    blocked_by(check, checks, done, same, Wait::IfSameFinding)
}

fn blocked_by(
    check: &Check,
    checks: &[Check],
    done: &[Option<CheckResult>],
    counts: impl Fn(&Outcome) -> bool,
    when: Wait,
) -> Option<Outcome> {
    let index = index(checks);
    let mut roots: Vec<(usize, &str)> = Vec::new();
    for need in check.needs.iter().filter(|n| n.when == when) {
        let Some(&j) = index.get(need.check.as_str()) else {
            continue;
        };
        let Some(result) = &done[j] else { continue };
        if result.outcome.is_passed() || !counts(&result.outcome) {
            continue;
        }
        match &result.outcome {
            Outcome::Waiting { needs, .. } => {
                for id in needs {
                    if let Some(&k) = index.get(id.as_str()) {
                        roots.push((k, checks[k].title.as_str()));
                    }
                }
            }
            _ => roots.push((j, checks[j].title.as_str())),
        }
    }
    if roots.is_empty() {
        return None;
    }
    roots.sort_by_key(|(i, _)| *i);
    roots.dedup_by_key(|(i, _)| *i);
    Some(Outcome::Waiting {
        needs: roots.iter().map(|(i, _)| checks[*i].id.clone()).collect(),
        what: roots
            .iter()
            .map(|(_, title)| *title)
            .collect::<Vec<_>>()
            .join(" and "),
    })
}

/// Two outcomes that tell the learner the same thing.
fn same_finding(a: &Outcome, b: &Outcome) -> bool {
    match (a, b) {
        (Outcome::Failed { actual: x, .. }, Outcome::Failed { actual: y, .. }) => x == y,
        (Outcome::Error { why: x }, Outcome::Error { why: y }) => x == y,
        _ => false,
    }
}

fn index(checks: &[Check]) -> HashMap<&str, usize> {
    checks
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect()
}
