//! Loading one lab folder, and the checks that span the whole pack: unique
//! ids, known stages, prerequisites that exist and form no cycle, required
//! files present, no path leaving the pack.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::error::PackProblem;
use super::lab::{Lab, LabFile};
use super::source::PackSource;
use super::Pack;

/// Reads and checks one lab folder.
pub(crate) fn load_lab(source: &PackSource, dir: &Path) -> Result<Lab, Vec<PackProblem>> {
    let lab_path = dir.join("lab.toml");
    let name = source.display(&lab_path);
    let text = source
        .read_string(&lab_path)
        .map_err(|e| vec![PackProblem::new(&name, format!("cannot read: {e}"))])?;
    let mut file: LabFile = toml::from_str(&text).map_err(|e| {
        let problem = PackProblem::from_toml(&name, &text, &e);
        vec![match check_error_offset(&text, &problem.message) {
            Some(offset) => PackProblem {
                at: None,
                ..problem
            }
            .at_offset(&text, offset),
            None => problem,
        }]
    })?;
    let mut problems = Vec::new();

    let mut seen = HashSet::new();
    for check in &file.checks {
        if !seen.insert(check.id.as_str()) {
            let at = nth_offset(&text, &format!("\"{}\"", check.id), 2);
            problems.push(place(
                PackProblem::new(
                    &name,
                    format!(
                        "two checks have the id `{}`; give each check its own id",
                        check.id
                    ),
                ),
                &text,
                at,
            ));
        }
    }
    if problems.is_empty() {
        problems.extend(super::needs::resolve(&mut file.checks, &name, &text));
    }
    if file.checks.is_empty() {
        problems.push(PackProblem::new(
            &name,
            "this lab has no checks; add at least one [[check]] table so the learner's work can be verified",
        ));
    }
    if !valid_id(&file.id) {
        problems.push(place(
            PackProblem::new(
                &name,
                format!(
                    "the lab id `{}` is not usable as a folder name; use lower-case letters, digits and dashes",
                    file.id
                ),
            ),
            &text,
            text.find("id"),
        ));
    }

    let brief_path = dir.join("brief.md");
    let brief = match source.read_string(&brief_path) {
        Ok(b) => b,
        Err(_) => {
            problems.push(PackProblem::new(
                source.display(&brief_path),
                "missing: every lab needs a brief.md describing the task",
            ));
            String::new()
        }
    };
    for sub in ["starter", "solution"] {
        let p = dir.join(sub);
        if !source.exists(&p) {
            problems.push(PackProblem::new(
                source.display(&p),
                format!("missing: every lab needs a {sub}/ folder (it may hold just a README)"),
            ));
        }
    }
    if let Some(root) = source.root() {
        links_leaving(root, dir, &mut problems);
    }
    if problems.is_empty() {
        Ok(Lab::from_file(file, brief, dir.to_path_buf()))
    } else {
        Err(problems)
    }
}

/// Ids become folder names and command arguments.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !id.starts_with('-')
}

/// Symbolic links in a lab folder that point outside the pack.
fn links_leaving(root: &Path, dir: &Path, problems: &mut Vec<PackProblem>) {
    // Entry types come with the directory listing, so only links cost a stat.
    let mut todo = vec![root.join(dir)];
    while let Some(folder) = todo.pop() {
        let Ok(items) = std::fs::read_dir(&folder) else {
            continue;
        };
        for item in items.flatten() {
            let Ok(kind) = item.file_type() else {
                continue;
            };
            if kind.is_dir() {
                todo.push(item.path());
            } else if kind.is_symlink() && !link_stays_inside(root, &item.path()) {
                let path = item.path();
                let target = std::fs::read_link(&path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_default();
                problems.push(PackProblem::new(
                    path.display().to_string(),
                    format!(
                        "symbolic link to {target:?} leaves the pack (or points nowhere); copy the file into the pack instead"
                    ),
                ));
            }
        }
    }
}

fn link_stays_inside(root: &Path, link: &Path) -> bool {
    match (root.canonicalize(), link.canonicalize()) {
        (Ok(root), Ok(target)) => target.starts_with(root),
        _ => false,
    }
}

/// Pack-wide rules, reported against the file where the fix belongs.
pub(crate) fn check_pack(pack: &Pack, manifest_text: &str, problems: &mut Vec<PackProblem>) {
    let manifest = pack.source.display(Path::new("pack.toml"));
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
            let message = format!(
                "stage `{}` is not declared in pack.toml; use one of: {}",
                lab.stage,
                known.join(", ")
            );
            problems.push(lab_problem(pack, lab, message, |t| key_offset(t, "stage")));
        }
    }
    for lab in &pack.labs {
        for pre in lab
            .prerequisites
            .iter()
            .filter(|p| !lab_dirs.contains_key(p.as_str()))
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
    let text = pack.source.read_string(&path).unwrap_or_default();
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

fn place(problem: PackProblem, text: &str, offset: Option<usize>) -> PackProblem {
    match offset {
        Some(o) => problem.at_offset(text, o),
        None => problem,
    }
}

/// Offset of the n-th (1-based) occurrence of `needle`.
fn nth_offset(text: &str, needle: &str, n: usize) -> Option<usize> {
    text.match_indices(needle).nth(n - 1).map(|(i, _)| i)
}

/// Offset of a top-level `key =` at the start of a line.
fn key_offset(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return Some(offset + (line.len() - trimmed.len()));
            }
        }
        offset += line.len();
    }
    None
}

/// TOML reports errors inside a `[[check]]` table at the table's start; this
/// finds the check by its id, and the offending key within it when named.
fn check_error_offset(text: &str, message: &str) -> Option<usize> {
    let id = message.strip_prefix("check `")?.split('`').next()?;
    let id_line = regex::Regex::new(&format!(
        r#"(?m)^[ \t]*id[ \t]*=[ \t]*"{}""#,
        regex::escape(id)
    ))
    .ok()?;
    let start = id_line.find(text)?.start();
    let table_start = text[..start].rfind("[[check]]").unwrap_or(0);
    let table_end = text[start..]
        .find("[[check]]")
        .map(|i| start + i)
        .unwrap_or(text.len());
    let key = if let Some(rest) = message.split("unknown field `").nth(1) {
        rest.split('`').next()
    } else if message.contains("unknown variant") {
        Some("kind")
    } else {
        // Other errors name the field in backticks after the check id.
        message.split('`').skip(3).step_by(2).find(|word| {
            regex::Regex::new(&format!(r"(?m)^[ \t]*{}[ \t]*=", regex::escape(word)))
                .is_ok_and(|r| r.is_match(text))
        })
    };
    // A value quoted in the message (a bad pattern, size or path) marks its line.
    let quoted = message.split('"').nth(1).filter(|q| !q.is_empty());
    if let Some(at) = quoted.and_then(|q| text[table_start..table_end].find(&format!("\"{q}\""))) {
        let line_start = text[..table_start + at]
            .rfind('\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        let indent = text[line_start..].len() - text[line_start..].trim_start().len();
        return Some(line_start + indent);
    }
    if let Some(key) = key {
        let key_line =
            regex::Regex::new(&format!(r"(?m)^[ \t]*{}[ \t]*=", regex::escape(key))).ok()?;
        if let Some(m) = key_line.find(&text[table_start..table_end]) {
            let line_start = table_start + m.start();
            return Some(
                line_start + (text[line_start..].len() - text[line_start..].trim_start().len()),
            );
        }
    }
    Some(start)
}
