//! Which checks of a lab need which others, so a missing container is
//! reported once and the checks that look inside it wait for it.
//!
//! A check may declare `needs = ["check-id", ...]`. Besides, opslab infers
//! needs from the object a check names (a container, image, volume,
//! network, file, published port or the repository):
//!
//! - the lab's existence check for that object (`container.exists`, else
//!   `container.running`; `image.exists`, `volume.exists`,
//!   `network.exists`, `file.exists`) is needed by every other check naming
//!   the object: they wait while it does not pass;
//! - an `http.*` check on a host port that a `container.port` check
//!   publishes needs that container's existence check;
//! - a `compare` check needs the existence checks of the objects on both
//!   of its sides (and of the container publishing the port of a page it
//!   reads), but no check waits for it in turn;
//! - without an existence check, the first check naming the object is needed
//!   softly: the others still run, and only when one finds exactly what the
//!   first found (the same missing file, the same "no git repository") is it
//!   shown as waiting instead of repeating it.
//!
//! Declared needs are validated (unknown ids, cycles); an inferred need that
//! would close a cycle is left out.

use std::collections::HashMap;

use super::check::{Check, CheckSpec};
use super::checks::ContainerCheck;
use super::error::PackProblem;
use super::objects::{compared_objects, existence_rank, object, Object};

/// One check another check needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Need {
    /// The id of the needed check, in the same lab.
    pub check: String,
    pub when: Wait,
}

/// When a check waits for a check it needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// Whenever the needed check did not pass: the check is not run.
    UnlessPassed,
    /// The check runs, and is shown as waiting only if it finds the same as
    /// the needed check (same failure, or same reason it could not run).
    IfSameFinding,
}

/// Checks `needs` declared in `checks` (problems are placed in `text`, the
/// lab file named `file`), then adds the inferred needs.
pub(crate) fn resolve(checks: &mut [Check], file: &str, text: &str) -> Vec<PackProblem> {
    let problems = declared_problems(checks, file, text);
    if problems.is_empty() {
        infer(checks);
    }
    problems
}

fn declared_problems(checks: &[Check], file: &str, text: &str) -> Vec<PackProblem> {
    let index: HashMap<&str, usize> = checks
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut problems = Vec::new();
    for check in checks {
        for need in &check.needs {
            if !index.contains_key(need.check.as_str()) {
                let known: Vec<&str> = checks.iter().map(|c| c.id.as_str()).collect();
                let message = format!(
                    "check `{}` needs `{}`, which is not a check of this lab; use one of: {}",
                    check.id,
                    need.check,
                    known.join(", ")
                );
                problems.push(placed(file, text, &check.id, Some(&need.check), message));
            }
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    if let Some(cycle) = find_cycle(checks, &index) {
        let first = &checks[cycle[0]].id;
        let names: Vec<&str> = cycle.iter().map(|&i| checks[i].id.as_str()).collect();
        let message = format!(
            "`needs` form a cycle: {} -> {first}; no check could ever run, so remove one of these needs",
            names.join(" -> ")
        );
        let next = &checks[cycle[1 % cycle.len()]].id;
        problems.push(placed(file, text, first, Some(next), message));
    }
    problems
}

/// The first cycle among declared needs, as check indexes in need order.
fn find_cycle(checks: &[Check], index: &HashMap<&str, usize>) -> Option<Vec<usize>> {
    let edges = |i: usize| -> Vec<usize> {
        checks[i]
            .needs
            .iter()
            .filter_map(|n| index.get(n.check.as_str()).copied())
            .collect()
    };
    // 0 new, 1 on the current path, 2 done.
    let mut mark = vec![0u8; checks.len()];
    for start in 0..checks.len() {
        let mut path = vec![(start, edges(start))];
        if mark[start] != 0 {
            continue;
        }
        mark[start] = 1;
        while let Some((node, todo)) = path.last_mut() {
            let node = *node;
            match todo.pop() {
                Some(next) if mark[next] == 1 => {
                    let from = path.iter().position(|(n, _)| *n == next).unwrap_or(0);
                    return Some(path[from..].iter().map(|(n, _)| *n).collect());
                }
                Some(next) if mark[next] == 0 => {
                    mark[next] = 1;
                    path.push((next, edges(next)));
                }
                Some(_) => {}
                None => {
                    mark[node] = 2;
                    path.pop();
                }
            }
        }
    }
    None
}

/// A problem at the check's `needs` line (at `id` in it when given), or at
/// the check's `id` line when `needs` cannot be found.
fn placed(file: &str, text: &str, check: &str, id: Option<&str>, message: String) -> PackProblem {
    let problem = PackProblem::new(file, message);
    let id_line = format!("\"{check}\"");
    let Some(start) = text
        .match_indices(&id_line)
        .map(|(i, _)| i)
        .find(|&i| text[..i].trim_end().ends_with('=') && line_key(text, i) == "id")
    else {
        return problem;
    };
    let end = text[start..]
        .find("[[check]]")
        .map(|i| start + i)
        .unwrap_or(text.len());
    let table_start = text[..start].rfind("[[check]]").unwrap_or(0);
    let table = &text[table_start..end];
    let needs_at = table
        .match_indices("needs")
        .map(|(i, _)| i)
        .find(|&i| line_key(table, i) == "needs");
    let offset = match (needs_at, id) {
        (Some(n), Some(id)) => table[n..]
            .find(&format!("\"{id}\""))
            .map(|i| table_start + n + i)
            .unwrap_or(table_start + n),
        (Some(n), None) => table_start + n,
        (None, _) => text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0),
    };
    problem.at_offset(text, offset)
}

/// The key of the TOML line holding byte `at`.
fn line_key(text: &str, at: usize) -> &str {
    let line_start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = &text[line_start..];
    line.split('=').next().unwrap_or("").trim()
}

/// Adds the needs that follow from the objects the checks name.
fn infer(checks: &mut [Check]) {
    let objects: Vec<Option<Object>> = checks.iter().map(|c| object(&c.spec)).collect();
    let anchors = existence_checks(checks, &objects);
    let mut first: HashMap<&Object, usize> = HashMap::new();
    let mut inferred: Vec<Vec<Need>> = vec![Vec::new(); checks.len()];
    for (i, object) in objects.iter().enumerate() {
        for named in compared_objects(&checks[i].spec) {
            let named = match named {
                Object::Port(port) => published_by(checks, port).unwrap_or(named),
                other => other,
            };
            if let Some(&a) = anchors.get(&named).filter(|&&a| a != i) {
                inferred[i].push(need_of(checks, a, Wait::UnlessPassed));
            }
        }
        let Some(object) = object else { continue };
        let first_naming = *first.entry(object).or_insert(i);
        let need = match anchors.get(object) {
            Some(&a) => Some((a, Wait::UnlessPassed)),
            None if first_naming != i => Some((first_naming, Wait::IfSameFinding)),
            None => None,
        };
        if let Some((a, when)) = need.filter(|(a, _)| *a != i) {
            inferred[i].push(need_of(checks, a, when));
        }
        if let Object::Port(port) = object {
            if let Some(&a) = published_by(checks, *port).and_then(|c| anchors.get(&c)) {
                inferred[i].push(need_of(checks, a, Wait::UnlessPassed));
            }
        }
    }
    for (i, needs) in inferred.into_iter().enumerate() {
        for need in needs {
            let target = checks.iter().position(|c| c.id == need.check);
            let closes_cycle = target.is_some_and(|t| reaches(checks, t, i));
            let known = checks[i].needs.iter().any(|n| n.check == need.check);
            if !closes_cycle && !known {
                checks[i].needs.push(need);
            }
        }
    }
}

fn need_of(checks: &[Check], at: usize, when: Wait) -> Need {
    Need {
        check: checks[at].id.clone(),
        when,
    }
}

/// Whether check `from` needs check `to`, directly or through others.
fn reaches(checks: &[Check], from: usize, to: usize) -> bool {
    let mut todo = vec![from];
    let mut seen = vec![false; checks.len()];
    while let Some(i) = todo.pop() {
        if i == to {
            return true;
        }
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        for need in &checks[i].needs {
            todo.extend(checks.iter().position(|c| c.id == need.check));
        }
    }
    false
}

/// For each object, the check saying it exists (for containers: exists,
/// else running).
fn existence_checks(checks: &[Check], objects: &[Option<Object>]) -> HashMap<Object, usize> {
    let mut anchors: HashMap<Object, (u8, usize)> = HashMap::new();
    for (i, (check, object)) in checks.iter().zip(objects).enumerate() {
        let (Some(rank), Some(object)) = (existence_rank(&check.spec), object) else {
            continue;
        };
        let best = anchors.entry(object.clone()).or_insert((rank, i));
        if rank < best.0 {
            *best = (rank, i);
        }
    }
    anchors.into_iter().map(|(o, (_, i))| (o, i)).collect()
}

/// The container a `container.port` check publishes on `port` of the host.
fn published_by(checks: &[Check], port: u16) -> Option<Object> {
    checks.iter().find_map(|c| match &c.spec {
        CheckSpec::Container(ContainerCheck::Port {
            container,
            host_port: Some(p),
            ..
        }) if *p == port => Some(Object::Container(container.clone())),
        _ => None,
    })
}
