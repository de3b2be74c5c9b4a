//! The checks that span the whole pack: unique ids, known stages,
//! prerequisites that exist and form no cycle.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::error::PackProblem;
use super::lab::Lab;
use super::lab_load::BrokenLabs;
use super::Pack;

/// Pack-wide rules, reported against the file where the fix belongs.
pub(crate) fn check_pack(
    pack: &Pack,
    manifest_text: &str,
    broken: &BrokenLabs,
    problems: &mut Vec<PackProblem>,
) {
    let manifest = pack.source.display(Path::new("pack.toml"));
    // The id names the pack's folder once installed and its progress:
    // a path (`../x`, `/tmp/x`) or a hidden name must never be one.
    let id_fits = (1..=64).contains(&pack.id.len())
        && pack
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !pack.id.starts_with(['-', '_']);
    if !id_fits {
        let at = nth_offset(manifest_text, &format!("\"{}\"", pack.id), 1);
        problems.push(place(
            PackProblem::new(
                &manifest,
                format!(
                    "the pack id \"{}\" is not usable: it names the pack's folder when installed, so it must be 1 to 64 letters, digits, `-` or `_`, not starting with `-` (such as `devops-101`)",
                    pack.id.escape_debug()
                ),
            ),
            manifest_text,
            at,
        ));
    }
    let mut stage_ids = HashSet::new();
    for stage in &pack.stages {
        if !stage_ids.insert(stage.id.as_str()) {
            let at = nth_offset(manifest_text, &format!("\"{}\"", stage.id), 2);
            problems.push(place(
                PackProblem::new(
                    &manifest,
                    format!(
                        "two stages have the id `{}`; stage ids must be unique",
                        stage.id
                    ),
                ),
                manifest_text,
                at,
            ));
        }
    }
    let mut lab_dirs: HashMap<&str, &Path> = HashMap::new();
    for lab in &pack.labs {
        if let Some(first) = lab_dirs.insert(lab.id.as_str(), lab.dir.as_path()) {
            let message = format!(
                "the lab id `{}` is also used by {}; lab ids must be unique in a pack",
                lab.id,
                pack.source.display(&first.join("lab.toml"))
            );
            problems.push(lab_problem(pack, lab, message, |t| key_offset(t, "id")));
        }
        if !stage_ids.contains(lab.stage.as_str()) {
            let known: Vec<&str> = pack.stages.iter().map(|s| s.id.as_str()).collect();
            let message = if known.is_empty() {
                format!(
                    "stage `{}` is not declared in pack.toml, which declares no stages; add a [[stage]] table with `id = \"{}\"` there",
                    lab.stage, lab.stage
                )
            } else {
                format!(
                    "stage `{}` is not declared in pack.toml; use one of: {}",
                    lab.stage,
                    known.join(", ")
                )
            };
            problems.push(lab_problem(pack, lab, message, |t| key_offset(t, "stage")));
        }
    }
    for lab in &pack.labs {
        for pre in lab
            .prerequisites
            .iter()
            .filter(|p| !lab_dirs.contains_key(p.as_str()) && !broken.contains(p))
        {
            let message =
                format!("prerequisite `{pre}` is not a lab of this pack; fix the id or remove it");
            problems.push(lab_problem(pack, lab, message, |t| {
                t.find(&format!("\"{pre}\""))
            }));
        }
    }
    if let Some(cycle) = find_cycle(pack) {
        if let Some(lab) = pack.lab(&cycle[0]) {
            let message = format!(
                "prerequisites form a cycle: {}; remove one of these prerequisites",
                cycle.join(" -> ")
            );
            problems.push(lab_problem(pack, lab, message, |t| {
                key_offset(t, "prerequisites")
            }));
        }
    }
}

/// A problem in a lab's `lab.toml`, placed by `locate` in its text. The file
/// is read again only here, when there is something to report.
fn lab_problem(
    pack: &Pack,
    lab: &Lab,
    message: String,
    locate: impl Fn(&str) -> Option<usize>,
) -> PackProblem {
    let path = lab.dir.join("lab.toml");
    let text = pack.source.read_text(&path).unwrap_or_default();
    place(
        PackProblem::new(pack.source.display(&path), message),
        &text,
        locate(&text),
    )
}

/// A prerequisite cycle as lab ids, first id repeated at the end.
fn find_cycle(pack: &Pack) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let index: HashMap<&str, usize> = pack
        .labs
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.as_str(), i))
        .collect();
    let mut marks = vec![Mark::New; pack.labs.len()];
    for start in 0..pack.labs.len() {
        if marks[start] != Mark::New {
            continue;
        }
        // Iterative depth-first search keeping the current path.
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        marks[start] = Mark::Open;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let pres = &pack.labs[node].prerequisites;
            if *next < pres.len() {
                let pre = &pres[*next];
                *next += 1;
                let Some(&child) = index.get(pre.as_str()) else {
                    continue;
                };
                match marks[child] {
                    Mark::Open => {
                        let from = path.iter().position(|(n, _)| *n == child).unwrap_or(0);
                        let mut ids: Vec<String> = path[from..]
                            .iter()
                            .map(|(n, _)| pack.labs[*n].id.clone())
                            .collect();
                        ids.push(pack.labs[child].id.clone());
                        return Some(ids);
                    }
                    Mark::New => {
                        marks[child] = Mark::Open;
                        path.push((child, 0));
                    }
                    Mark::Done => {}
                }
            } else {
                marks[node] = Mark::Done;
                path.pop();
            }
        }
    }
    None
}

pub(crate) fn place(problem: PackProblem, text: &str, offset: Option<usize>) -> PackProblem {
    match offset {
        Some(o) => problem.at_offset(text, o),
        None => problem,
    }
}

/// Offset of the n-th (1-based) occurrence of `needle`.
pub(crate) fn nth_offset(text: &str, needle: &str, n: usize) -> Option<usize> {
    text.match_indices(needle).nth(n - 1).map(|(i, _)| i)
}

/// Offset of a top-level `key =` at the start of a line.
/// Byte offset of the top-level `key` of a TOML `text`, from the parser's
/// spans.
pub(crate) fn key_offset(text: &str, key: &str) -> Option<usize> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    let (found, _) = doc.get_ref().get_key_value(key)?;
    Some(found.span().start)
}
