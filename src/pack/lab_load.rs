//! Loading one lab folder: its `lab.toml` (with every problem placed at the
//! line of the field at fault), its brief, and a walk of everything below
//! it, the same walk `start` uses to copy the starter.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use toml::de::DeValue;

use super::error::{PackFileError, PackProblem};
use super::lab::{Lab, LabFile};
use super::source::PackSource;
use super::validate::{nth_offset, place};

/// Most checks one lab may hold.
pub const MAX_CHECKS: usize = 200;

/// Reads and checks one lab folder, reporting every problem in it: those
/// of `lab.toml`, of the brief, and of the files below.
/// `bytes` grows by the sizes of the lab's files.
pub(crate) fn load_lab(
    source: &PackSource,
    dir: &Path,
    bytes: &mut u64,
) -> Result<Lab, Vec<PackProblem>> {
    let lab_path = dir.join("lab.toml");
    let name = source.display(&lab_path);
    let mut problems = Vec::new();
    let file = match source.read_text(&lab_path) {
        Ok(text) => {
            // Parsed once with spans for the rules that place their
            // problems; a syntax error is reported by `parse_lab`.
            let doc = toml::de::DeTable::parse(&text).ok();
            let doc = doc.as_ref().map(|d| d.get_ref());
            let plain = doc.map_or_else(Vec::new, |d| {
                super::plain_text::toml_problems_in(&name, &text, d)
            });
            if plain.is_empty() {
                if let Some(d) = doc {
                    problems.extend(super::resource_names::problems(&name, &text, d));
                }
                let file = parse_lab(&name, &text, &mut problems);
                if let Some(f) = &file {
                    let at = super::lab_extras_rules::At {
                        source,
                        dir,
                        name: &name,
                        text: &text,
                    };
                    problems.extend(super::lab_extras_rules::problems(&at, f));
                }
                file
            } else {
                // Control characters or overlong lists first: the typed
                // reading would only quote them back or spend time on them.
                problems.extend(plain);
                None
            }
        }
        Err(e) => {
            problems.push(e.to_problem());
            None
        }
    };
    let brief = read_brief(source, dir, &mut problems);
    walk_problems(source, dir, bytes, &mut problems);
    match file {
        Some(file) if problems.is_empty() => Ok(Lab::from_file(file, brief, dir.to_path_buf())),
        _ => Err(problems),
    }
}

/// The typed `lab.toml`, or its first TOML error in `problems`.
fn parse_lab(name: &str, text: &str, problems: &mut Vec<PackProblem>) -> Option<LabFile> {
    match toml::from_str::<LabFile>(text) {
        Ok(mut file) => {
            check_ids(&file, name, text, problems);
            problems.extend(super::lab_rules::vacuous_checks(name, text, &file.checks));
            problems.extend(super::lab_rules::docker_names(name, text, &file.checks));
            if problems.is_empty() {
                problems.extend(super::needs::resolve(&mut file.checks, name, text));
            }
            Some(file)
        }
        Err(e) => {
            let (ranges, mut each) = super::check_tables::problems(name, text, toml_problem);
            // The first error is in a check: every bad check is in `each`.
            let in_a_check = e
                .span()
                .is_some_and(|s| ranges.iter().any(|r| r.contains(&s.start)));
            if each.is_empty() || !in_a_check {
                problems.push(toml_problem(name, text, &e));
            }
            problems.append(&mut each);
            None
        }
    }
}

/// The brief's text; a missing or unreadable brief is a problem.
fn read_brief(source: &PackSource, dir: &Path, problems: &mut Vec<PackProblem>) -> String {
    match source.read_text(&dir.join("brief.md")) {
        Ok(brief) => {
            let name = source.display(&dir.join("brief.md"));
            problems.extend(super::plain_text::brief_problems(&name, &brief));
            brief
        }
        Err(PackFileError::Missing { path }) => {
            problems.push(PackProblem::new(
                path,
                "missing: every lab needs a brief.md describing the task",
            ));
            String::new()
        }
        Err(e) => {
            problems.push(e.to_problem());
            String::new()
        }
    }
}

/// The walk that `start` makes (links leaving the pack or looping, FIFOs
/// and devices, files over the limit, anywhere in the lab folder), then
/// `starter/` and `solution/` being folders, and no starter file leading
/// into `solution/`. A file already reported is not reported again.
fn walk_problems(
    source: &PackSource,
    dir: &Path,
    bytes: &mut u64,
    problems: &mut Vec<PackProblem>,
) {
    let (files, walked, size) = source.walk_sized(dir);
    *bytes = bytes.saturating_add(size);
    let mut found: Vec<PackProblem> = walked.iter().map(PackFileError::to_problem).collect();
    found.extend(starter_into_solution(source, dir, &files));
    for sub in ["starter", "solution"] {
        let p = dir.join(sub);
        let message = if !source.exists(&p) {
            format!("missing: every lab needs a {sub}/ folder (it may hold just a README)")
        } else if !source.is_dir(&p) {
            format!("is not a folder; {sub}/ must be a folder of files (it may hold just a README)")
        } else {
            continue;
        };
        let path = source.display(&p);
        // A FIFO or device there: the fix is a folder, not a plain file.
        found.retain(|f| f.file != path || !f.message.contains("must be regular files"));
        found.push(PackProblem::new(path, message));
    }
    for problem in found {
        if !problems.iter().any(|p| p.file == problem.file) {
            problems.push(problem);
        }
    }
}

/// Starter files that are links into `solution/`: `start` would hand the
/// learner the solution.
fn starter_into_solution(source: &PackSource, dir: &Path, files: &[PathBuf]) -> Vec<PackProblem> {
    let Some(solution) = source.real_path(&dir.join("solution")) else {
        return Vec::new();
    };
    let starter = dir.join("starter");
    files
        .iter()
        .filter(|f| f.starts_with(&starter))
        .filter(|f| {
            source
                .real_path(f)
                .is_some_and(|real| real.starts_with(&solution))
        })
        .map(|f| {
            PackProblem::new(
                source.display(f),
                "leads into solution/ through a symbolic link, so `start` would give the learner the solution; put a starter version of the file in starter/ instead",
            )
        })
        .collect()
}

/// Unique check ids, at least one check, a usable lab id.
fn check_ids(file: &LabFile, name: &str, text: &str, problems: &mut Vec<PackProblem>) {
    let mut seen = HashSet::new();
    for check in &file.checks {
        if !seen.insert(check.id.as_str()) {
            let at = nth_offset(text, &format!("\"{}\"", check.id), 2);
            problems.push(place(
                PackProblem::new(
                    name,
                    format!(
                        "two checks have the id `{}`; give each check its own id",
                        check.id
                    ),
                ),
                text,
                at,
            ));
        }
    }
    if file.checks.len() > MAX_CHECKS {
        problems.push(place(PackProblem::new(
            name,
            format!(
                "this lab has {} checks, more than the limit of {MAX_CHECKS}; split it into several labs",
                file.checks.len()
            ),
        ), text, text.match_indices("[[check]]").nth(MAX_CHECKS).map(|(i, _)| i)));
    }
    if file.checks.is_empty() {
        problems.push(PackProblem::new(
            name,
            "this lab has no checks; add at least one [[check]] table so the learner's work can be verified",
        ));
    }
    if !valid_id(&file.id) {
        problems.push(place(
            PackProblem::new(
                name,
                format!(
                    "the lab id `{}` is not usable as a folder name; use 1 to 64 lower-case letters, digits, `-` and `_`, not starting with `-`",
                    file.id
                ),
            ),
            text,
            super::validate::key_offset(text, "id"),
        ));
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

/// A TOML error in a `lab.toml`, at the line of the field at fault. Errors
/// inside a `[[check]]` arrive placed at the table; they are moved to the
/// field the message names.
pub(crate) fn toml_problem(name: &str, text: &str, err: &toml::de::Error) -> PackProblem {
    let problem = PackProblem::from_toml(name, text, err);
    let offset = check_error_offset(text, &problem.message).or_else(|| {
        // A check whose id is unusable: the line of the key the message
        // names, after the place the error was given.
        let from = err.span()?.start;
        if problem.message.contains("has no `id`") {
            return check_without_id(text);
        }
        let key = problem.message.split('`').nth(1)?;
        let not_text = problem.message.contains("must be a string");
        not_text.then(|| key_line_after(text, from, key))?
    });
    match offset {
        Some(offset) => PackProblem {
            at: None,
            ..problem
        }
        .at_offset(text, offset),
        None => problem,
    }
}

/// Offset of the first `[[check]]` table with no `id` line.
fn check_without_id(text: &str) -> Option<usize> {
    let id_line = regex::Regex::new(r"(?m)^[ \t]*id[ \t]*=").ok()?;
    let starts: Vec<usize> = text.match_indices("[[check]]").map(|(i, _)| i).collect();
    starts.iter().enumerate().find_map(|(n, &start)| {
        let end = starts.get(n + 1).copied().unwrap_or(text.len());
        (!id_line.is_match(&text[start..end])).then_some(start)
    })
}

/// Offset of the first `key =` line after `from` whose value is not a
/// quoted string.
fn key_line_after(text: &str, from: usize, key: &str) -> Option<usize> {
    let from = from.min(text.len());
    let key_line = regex::Regex::new(&format!(
        r"(?m)^[ \t]*{}[ \t]*=[ \t]*(.)",
        regex::escape(key)
    ))
    .ok()?;
    let start = key_line
        .captures_iter(&text[from..])
        .find(|c| !matches!(&c[1], "\"" | "'"))
        .and_then(|c| c.get(0))
        .map(|m| from + m.start())?;
    let line = &text[start..];
    Some(start + (line.len() - line.trim_start().len()))
}

/// Labs of the pack that failed to load. They are still labs of the pack:
/// a prerequisite naming one is not reported as unknown.
#[derive(Debug, Default)]
pub(crate) struct BrokenLabs {
    ids: HashSet<String>,
    /// A broken lab whose id could not be read: any prerequisite may name
    /// it, so none is reported as unknown until that lab loads.
    unknown: bool,
}

impl BrokenLabs {
    /// Remembers the lab in `dir` by its folder name and by the `id` its
    /// `lab.toml` gives, read as leniently as the TOML parser allows.
    pub fn add(&mut self, source: &PackSource, dir: &Path) {
        if let Some(folder) = dir.file_name() {
            self.ids.insert(folder.to_string_lossy().into_owned());
        }
        let id = source
            .read_text(&dir.join("lab.toml"))
            .ok()
            .and_then(|text| written_id(&text));
        match id {
            Some(id) => {
                self.ids.insert(id);
            }
            None => self.unknown = true,
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.unknown || self.ids.contains(id)
    }
}

/// The top-level `id` of a `lab.toml`, even one with errors elsewhere.
fn written_id(text: &str) -> Option<String> {
    let (doc, _) = toml::de::DeTable::parse_recoverable(text);
    match doc.get_ref().get("id").map(|v| v.get_ref()) {
        Some(toml::de::DeValue::String(id)) => Some(id.to_string()),
        _ => None,
    }
}

/// TOML reports errors inside a `[[check]]` table at the table's start;
/// this finds the check by its id, and the offending key within it when
/// named, with the parser's own spans.
fn check_error_offset(text: &str, message: &str) -> Option<usize> {
    let id = message.strip_prefix("check `")?.split('`').next()?;
    let doc = toml::de::DeTable::parse(text).ok()?;
    let DeValue::Array(checks) = doc.get_ref().get("check")?.get_ref() else {
        return None;
    };
    let (header, table) = checks.iter().find_map(|item| match item.get_ref() {
        DeValue::Table(t) if matches!(t.get("id").map(|v| v.get_ref()), Some(DeValue::String(s)) if s == id) => {
            Some((item.span().start, t))
        }
        _ => None,
    })?;
    let key_at = |word: &str| {
        let word = word.split('.').next().unwrap_or(word);
        table.get_key_value(word).map(|(k, _)| k.span().start)
    };
    let named = if let Some(rest) = message.split("unknown field `").nth(1) {
        rest.split('`').next().and_then(key_at)
    } else if let Some(at) = message.split('`').skip(3).step_by(2).find_map(key_at) {
        // Other errors name the field in backticks after the check id.
        Some(at)
    } else if message.contains("unknown variant") || message.contains("unknown kind") {
        key_at("kind")
    } else {
        None
    };
    // Else a value quoted in the message (a bad pattern, size or path)
    // marks its key.
    let quoted = || {
        let q = message.split('"').nth(1).filter(|q| !q.is_empty())?;
        table.iter().find_map(|(k, v)| {
            matches!(v.get_ref(), DeValue::String(s) if s == q).then(|| k.span().start)
        })
    };
    Some(
        named
            .or_else(quoted)
            .or_else(|| key_at("id"))
            .unwrap_or(header),
    )
}
