//! `dockerfile.instruction` and `dockerfile.order`: instructions of one
//! stage (or every stage) of the learner's Dockerfile, matched against the
//! instruction an author wrote. Comments and parser directives are never
//! instructions (see [`dockerfile`](super::dockerfile)).

use super::dockerfile::{Dockerfile, Instruction, Stage};
use super::equivalent::same_operands;
use crate::pack::checks::{
    split_words, takes_flags, InstructionCheck, InstructionOrder, InstructionSpec, ShellForm,
    StageChoice,
};
use crate::pack::types::RelPath;
use crate::verify::Outcome;

/// Keywords of which only the last in a stage takes effect.
const LAST_WINS: &[&str] = &["CMD", "ENTRYPOINT", "HEALTHCHECK", "STOPSIGNAL", "SHELL"];

/// The stages a check looks in, or the failure that the named one is missing.
fn chosen<'a>(
    file: &'a Dockerfile,
    path: &RelPath,
    choice: &StageChoice,
) -> Result<Vec<&'a Stage>, Outcome> {
    match choice {
        StageChoice::Every => Ok(file.stages.iter().collect()),
        StageChoice::Final => Ok(file.stages.last().into_iter().collect()),
        StageChoice::Named(name) => match file.stage_named(name, file.stages.len()) {
            Some(i) => Ok(vec![&file.stages[i]]),
            None => {
                let names: Vec<String> = file
                    .stages
                    .iter()
                    .map(|s| match &s.from.name {
                        Some(n) => format!("`{n}` (line {})", s.from.line),
                        None => format!("an unnamed stage (line {})", s.from.line),
                    })
                    .collect();
                Err(Outcome::failed_with_hint(
                    format!("a build stage named `{name}` in `{path}`"),
                    format!(
                        "no stage is named `{name}`; the stages are {}",
                        names.join(", ")
                    ),
                    format!("name the stage in its FROM line: `FROM IMAGE AS {name}`"),
                ))
            }
        },
    }
}

/// Whether `inst` is the instruction `spec` names: same keyword, every flag
/// the spec writes, and the same operands when the spec gives any.
pub fn fits(inst: &Instruction, spec: &InstructionSpec) -> bool {
    if inst.keyword != spec.keyword {
        return false;
    }
    let (flags, operands) = split_words(&inst.keyword, &inst.args);
    let has_flags = spec
        .flags
        .iter()
        .all(|f| flags.iter().any(|g| g.eq_ignore_ascii_case(f)));
    has_flags
        && (spec.operands.is_empty() || same_operands(&spec.keyword, &operands, &spec.operands))
}

fn form_of(inst: &Instruction) -> ShellForm {
    let (_, rest) = split_flags(&inst.keyword, &inst.args);
    match serde_json::from_str::<Vec<String>>(rest) {
        Ok(_) if rest.starts_with('[') => ShellForm::Exec,
        _ => ShellForm::Shell,
    }
}

fn split_flags<'a>(keyword: &str, args: &'a str) -> (&'a str, &'a str) {
    let mut rest = args.trim_start();
    while takes_flags(keyword) && rest.starts_with("--") {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        rest = rest[end..].trim_start();
    }
    (&args[..args.len() - rest.len()], rest)
}

/// The stage a `COPY --from=` names, by name or by index.
fn copies_from(inst: &Instruction, file: &Dockerfile, want: &str) -> bool {
    let (flags, _) = split_words(&inst.keyword, &inst.args);
    flags.iter().any(|f| {
        let Some(value) = f.strip_prefix("--from=") else {
            return false;
        };
        let named = value
            .parse::<usize>()
            .ok()
            .and_then(|i| file.stages.get(i))
            .and_then(|s| s.from.name.as_deref())
            .unwrap_or(value);
        named.eq_ignore_ascii_case(want) || value.eq_ignore_ascii_case(want)
    })
}

fn whole_fit(check: &InstructionCheck, file: &Dockerfile, inst: &Instruction) -> bool {
    fits(inst, &check.instruction)
        && check.form.is_none_or(|f| form_of(inst) == f)
        && check
            .from
            .as_deref()
            .is_none_or(|f| copies_from(inst, file, f))
        && check.matches.as_ref().is_none_or(|p| {
            let (_, operands) = split_flags(&inst.keyword, &inst.args);
            p.is_match(operands)
        })
}

/// The instructions of `keyword` that count: all of them, or only the last
/// of a stage for keywords where the last one wins.
fn candidates<'a>(stages: &[&'a Stage], keyword: &str) -> Vec<&'a Instruction> {
    let mut out = Vec::new();
    for stage in stages {
        let of: Vec<&Instruction> = stage
            .instructions
            .iter()
            .filter(|i| i.keyword == keyword)
            .collect();
        if LAST_WINS.contains(&keyword) {
            out.extend(of.last());
        } else {
            out.extend(of);
        }
    }
    out
}

/// `line 9: CMD python app.py (shell form)`, shortened.
pub fn shown(inst: &Instruction) -> String {
    let mut text = format!("{} {}", inst.keyword, inst.args);
    if text.chars().count() > 90 {
        text = format!("{}...", text.chars().take(87).collect::<String>());
    }
    let form = if matches!(inst.keyword.as_str(), "CMD" | "ENTRYPOINT" | "RUN") {
        format!(" ({})", form_of(inst))
    } else {
        String::new()
    };
    format!("line {}: {text}{form}", inst.line)
}

fn listing(found: &[&Instruction]) -> String {
    let mut parts: Vec<String> = found.iter().take(4).map(|i| shown(i)).collect();
    if found.len() > 4 {
        parts.push(format!("and {} more", found.len() - 4));
    }
    parts.join("; ")
}

fn stage_words(choice: &StageChoice, stages: &[&Stage]) -> String {
    match (choice, stages) {
        (StageChoice::Every, _) => "no stage".into(),
        (_, [stage]) => format!(
            "{choice} (FROM {}, line {})",
            stage.from.image, stage.from.line
        ),
        _ => choice.to_string(),
    }
}

pub fn instruction(check: &InstructionCheck, file: &Dockerfile) -> Outcome {
    let stages = match chosen(file, &check.path, &check.stage) {
        Ok(s) => s,
        Err(outcome) => return outcome,
    };
    let keyword = check.instruction.keyword.as_str();
    let all = candidates(&stages, keyword);
    let hits: Vec<&Instruction> = all
        .iter()
        .copied()
        .filter(|i| whole_fit(check, file, i))
        .collect();
    let expected = check.describe();
    if check.every {
        let misfits: Vec<&Instruction> = all
            .iter()
            .copied()
            .filter(|i| !whole_fit(check, file, i))
            .collect();
        if misfits.is_empty() {
            return Outcome::Passed;
        }
        let hint = if keyword == "ADD" {
            "use COPY for plain files and folders; keep ADD for what COPY cannot do (unpacking a local archive)".to_string()
        } else {
            format!(
                "rewrite line {} of `{}` to fit, or use another instruction",
                misfits[0].line, check.path
            )
        };
        return Outcome::failed_with_hint(
            expected,
            format!("{} does not fit", listing(&misfits)),
            hint,
        );
    }
    if !check.present {
        if hits.is_empty() {
            return Outcome::Passed;
        }
        return Outcome::failed_with_hint(
            expected,
            format!("found {}", listing(&hits)),
            format!(
                "rewrite or remove line {} of `{}`",
                hits[0].line, check.path
            ),
        );
    }
    if !hits.is_empty() {
        return Outcome::Passed;
    }
    let actual = if all.is_empty() {
        format!("{} has no {keyword}", stage_words(&check.stage, &stages))
    } else if LAST_WINS.contains(&keyword) {
        format!("the {keyword} that takes effect is {}", listing(&all))
    } else {
        format!("its {keyword} instructions: {}", listing(&all))
    };
    Outcome::failed_with_hint(expected, actual, present_hint(check, &all))
}

/// How to make a missing instruction fit. When instructions of the keyword
/// are there already (`existing`), the one to change is named rather than
/// asking for another one beside it.
fn present_hint(check: &InstructionCheck, existing: &[&Instruction]) -> String {
    let keyword = &check.instruction.keyword;
    if let (Some(pattern), Some(first)) = (&check.matches, existing.first()) {
        return format!(
            "change line {} of `{}` (`{keyword} {}`) so its arguments match {pattern}, or add a {keyword} whose arguments do",
            first.line, check.path, first.args
        );
    }
    if let (true, Some(last)) = (LAST_WINS.contains(&keyword.as_str()), existing.last()) {
        if check.form.is_none() && check.from.is_none() {
            return format!(
                "change line {} of `{}` to `{}`: only the last {keyword} of a stage takes effect",
                last.line, check.path, check.instruction
            );
        }
    }
    if check.form == Some(ShellForm::Exec) {
        return format!("write {keyword} as a JSON list of words, such as `{keyword} [\"python\", \"app.py\"]`, so the program runs without a shell and receives signals");
    }
    if check.form == Some(ShellForm::Shell) {
        return format!("write {keyword} as plain words, such as `{keyword} echo $HOME`, so a shell expands them");
    }
    if let Some(from) = &check.from {
        return format!("copy what the `{from}` stage built: `COPY --from={from} SOURCE DEST`");
    }
    format!("add `{}` to {}", check.instruction, check.stage)
}

pub fn order(check: &InstructionOrder, file: &Dockerfile) -> Outcome {
    let stages = match chosen(file, &check.path, &check.stage) {
        Ok(s) => s,
        Err(outcome) => return outcome,
    };
    let Some(stage) = stages.first() else {
        return Outcome::error(
            "a Dockerfile with stages has no final stage; this is a bug in opslab",
        );
    };
    let expected = check.describe();
    let find = |spec: &InstructionSpec| stage.instructions.iter().find(|i| fits(i, spec));
    let missing = |spec: &InstructionSpec| {
        let same: Vec<&Instruction> = stage
            .instructions
            .iter()
            .filter(|i| i.keyword == spec.keyword)
            .collect();
        let seen = if same.is_empty() {
            format!("it has no {}", spec.keyword)
        } else {
            format!("its {} instructions: {}", spec.keyword, listing(&same))
        };
        Outcome::failed_with_hint(
            expected.clone(),
            format!(
                "no `{spec}` in {}; {seen}",
                stage_words(&check.stage, &stages)
            ),
            format!(
                "add `{}` and then `{}` to {}",
                check.first, check.then, check.stage
            ),
        )
    };
    match (find(&check.first), find(&check.then)) {
        (None, _) => missing(&check.first),
        (_, None) => missing(&check.then),
        (Some(a), Some(b)) if a.line < b.line => Outcome::Passed,
        (Some(a), Some(b)) => Outcome::failed_with_hint(
            expected,
            format!(
                "`{}` ({}) comes after `{}` ({})",
                check.first,
                shown(a),
                check.then,
                shown(b)
            ),
            format!("move `{}` above line {}", check.first, b.line),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst(text: &str) -> Instruction {
        Dockerfile::parse(&format!("FROM x\n{text}\n")).stages[0].instructions[0].clone()
    }

    #[test]
    fn copy_paths_compare_by_what_they_name() {
        let spec = InstructionSpec::parse("COPY requirements.txt .").unwrap();
        assert!(fits(&inst("COPY ./requirements.txt ./"), &spec));
        assert!(fits(&inst("copy --chown=app requirements.txt ."), &spec));
        assert!(!fits(&inst("COPY . ."), &spec));
        let with_flag = InstructionSpec::parse("COPY --chown=app . .").unwrap();
        assert!(!fits(&inst("COPY . ."), &with_flag));
        assert!(fits(&inst("COPY --chown=app ./ ."), &with_flag));
    }

    #[test]
    fn forms_are_told_apart() {
        assert_eq!(form_of(&inst(r#"CMD ["a", "b"]"#)), ShellForm::Exec);
        assert_eq!(form_of(&inst("CMD a b")), ShellForm::Shell);
        assert_eq!(form_of(&inst("CMD [not json")), ShellForm::Shell);
        assert_eq!(
            form_of(&inst(r#"RUN --mount=type=cache,target=/c ["a"]"#)),
            ShellForm::Exec
        );
    }
}
