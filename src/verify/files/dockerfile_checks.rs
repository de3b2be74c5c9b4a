//! The `dockerfile.*` checks: facts about the learner's Dockerfile (stages,
//! base image, user, health check, pinned tags) and .dockerignore.

use super::dockerfile::{Dockerfile, Instruction, Stage};
use super::instructions;
use crate::pack::checks::{FileCheck, StageCount};
use crate::pack::types::{Pattern, RelPath};
use crate::verify::evidence::{saw, ABSENT};
use crate::verify::{plural, Context, Outcome};

/// The instructions whose lines the evidence of `check` lists, beside FROM.
fn keywords(check: &FileCheck) -> Vec<&str> {
    match check {
        FileCheck::User { .. } => vec!["USER"],
        FileCheck::Healthcheck { .. } => vec!["HEALTHCHECK"],
        FileCheck::Instruction(i) => vec![&i.instruction.keyword],
        FileCheck::Order(o) => vec![&o.first.keyword, &o.then.keyword],
        _ => Vec::new(),
    }
}

pub async fn evaluate(check: &FileCheck, ctx: &Context) -> Outcome {
    match check {
        FileCheck::Stages(count) => {
            with_stages(ctx, &count.path, check, |f| stages(&count.path, count, f)).await
        }
        FileCheck::Base { path, image } => {
            with_stages(ctx, path, check, |f| base(path, image, f)).await
        }
        FileCheck::User { path } => with_stages(ctx, path, check, |f| user(path, f)).await,
        FileCheck::Healthcheck { path } => {
            with_stages(ctx, path, check, |f| healthcheck(path, f)).await
        }
        FileCheck::NoLatest { path } => with_stages(ctx, path, check, |f| no_latest(path, f)).await,
        FileCheck::Instruction(i) => {
            with_stages(ctx, &i.path, check, |f| instructions::instruction(i, f)).await
        }
        FileCheck::Order(o) => {
            with_stages(ctx, &o.path, check, |f| instructions::order(o, f)).await
        }
        FileCheck::Dockerignore { path, entries } => dockerignore(ctx, path, entries).await,
        FileCheck::Exists(_)
        | FileCheck::Absent { .. }
        | FileCheck::Matches { .. }
        | FileCheck::NotMatches { .. }
        | FileCheck::Query(_) => Outcome::error(
            "a file check was sent to the Dockerfile checks; this is a bug in opslab",
        ),
    }
}

/// Reads and parses the Dockerfile, then judges it; a file without any
/// `FROM` fails before the judge sees it.
async fn with_stages(
    ctx: &Context,
    path: &RelPath,
    check: &FileCheck,
    judge: impl FnOnce(&Dockerfile) -> Outcome,
) -> Outcome {
    let text = match super::read_text(ctx, path).await {
        Ok(text) => text,
        Err(outcome) => return outcome,
    };
    let file = Dockerfile::parse(&text);
    record(path, &file, &keywords(check));
    if file.stages.is_empty() {
        return Outcome::failed_with_hint(
            format!("`{path}` starts a build stage with FROM"),
            format!("`{path}` has no FROM line"),
            "begin the Dockerfile with a base image, such as `FROM alpine:3.20`",
        );
    }
    judge(&file)
}

/// The FROM line of every stage, and the lines of the instructions the
/// check is about, each with its stage.
fn record(path: &RelPath, file: &Dockerfile, keywords: &[&str]) {
    let object = format!("file {path}");
    let froms: Vec<String> = file
        .stages
        .iter()
        .map(|s| format!("line {}: {}", s.from.line, s.from.image))
        .collect();
    saw(&object, "FROM (each stage)", froms.join("; "));
    for keyword in keywords {
        let lines: Vec<String> = file
            .stages
            .iter()
            .enumerate()
            .flat_map(|(n, s)| {
                s.instructions
                    .iter()
                    .filter(|i| i.keyword.eq_ignore_ascii_case(keyword))
                    .map(move |i| format!("stage {} line {}: {keyword} {}", n + 1, i.line, i.args))
            })
            .collect();
        let found = match lines.is_empty() {
            true => ABSENT.to_string(),
            false => lines.join("; "),
        };
        saw(
            &object,
            format!("{} instructions", keyword.to_ascii_uppercase()),
            found,
        );
    }
}

fn stages(path: &RelPath, count: &StageCount, file: &Dockerfile) -> Outcome {
    let n = file.stages.len();
    let lines: Vec<String> = file
        .stages
        .iter()
        .map(|s| s.from.line.to_string())
        .collect();
    Outcome::expect(
        count.allows(n),
        format!("{} build stages in `{path}`", count.bounds()),
        format!(
            "{n} stage{} (FROM on line{} {})",
            plural(n),
            plural(n),
            lines.join(", ")
        ),
    )
}

fn base(path: &RelPath, image: &Pattern, file: &Dockerfile) -> Outcome {
    let chain = file.final_chain();
    let (Some(last), Some(root)) = (chain.first(), chain.last()) else {
        return Outcome::error(
            "a Dockerfile with stages has no final stage; this is a bug in opslab",
        );
    };
    let via = if chain.len() > 1 {
        format!(" (through stage `{}`)", last.from.image)
    } else {
        String::new()
    };
    Outcome::expect(
        image.is_match(&root.from.image),
        format!("the final stage of `{path}` built on an image matching {image}"),
        format!(
            "the final stage (line {}) is built on `{}`{via}",
            last.from.line, root.from.image
        ),
    )
}

/// The last instruction named `keyword` in the final stage, or in the
/// stages it is built on (which pass it on).
fn last_in_chain<'a>(chain: &[&'a Stage], keyword: &str) -> Option<&'a Instruction> {
    chain.iter().find_map(|stage| {
        stage
            .instructions
            .iter()
            .rev()
            .find(|i| i.keyword == keyword)
    })
}

fn user(path: &RelPath, file: &Dockerfile) -> Outcome {
    let expected = format!("the final stage of `{path}` runs as a non-root USER");
    // No user name or id here: the right one is the one the image defines
    // (and the brief names), which this check cannot know.
    let hint = "add a `USER` instruction naming a non-root user of the image (by name or numeric id) to the final stage, after the steps that need root";
    match last_in_chain(&file.final_chain(), "USER") {
        None => Outcome::failed_with_hint(
            expected,
            "no USER in the final stage, so it runs as root",
            hint,
        ),
        Some(inst) => {
            let name = inst.args.split(':').next().unwrap_or("").trim();
            if name.eq_ignore_ascii_case("root") || name == "0" {
                Outcome::failed_with_hint(
                    expected,
                    format!("line {}: USER {} is root", inst.line, inst.args),
                    hint,
                )
            } else {
                Outcome::Passed
            }
        }
    }
}

fn healthcheck(path: &RelPath, file: &Dockerfile) -> Outcome {
    let expected = format!("a HEALTHCHECK in the final stage of `{path}`");
    let chain = file.final_chain();
    let hint = healthcheck_hint(&chain);
    let hint = hint.as_str();
    match last_in_chain(&chain, "HEALTHCHECK") {
        None => Outcome::failed_with_hint(expected, "no HEALTHCHECK in the final stage", hint),
        Some(inst)
            if inst
                .words()
                .first()
                .is_some_and(|w| w.eq_ignore_ascii_case("NONE")) =>
        {
            Outcome::failed_with_hint(
                expected,
                format!(
                    "line {}: HEALTHCHECK NONE turns the health check off",
                    inst.line
                ),
                hint,
            )
        }
        Some(_) => Outcome::Passed,
    }
}

/// A HEALTHCHECK example that probes the port the image says it serves
/// (its one EXPOSEd TCP port); with none or several, the example names no
/// port and says to use the server's own, rather than guess port 80.
fn healthcheck_hint(chain: &[&Stage]) -> String {
    let ports: Vec<&str> = chain
        .iter()
        .flat_map(|stage| stage.instructions.iter())
        .filter(|i| i.keyword == "EXPOSE")
        .flat_map(|i| i.args.split_whitespace())
        .filter(|p| !p.ends_with("/udp"))
        .map(|p| p.trim_end_matches("/tcp"))
        .collect();
    match ports.as_slice() {
        [port] => format!(
            "add, for example, `HEALTHCHECK CMD wget -qO- http://localhost:{port}/ || exit 1` (port {port} is the one the image EXPOSEs)"
        ),
        _ => "add a HEALTHCHECK that asks the server on the port it listens on, for example `HEALTHCHECK CMD wget -qO- http://localhost:PORT/ || exit 1` with PORT the server's port".to_string(),
    }
}

fn no_latest(path: &RelPath, file: &Dockerfile) -> Outcome {
    let mut problems = Vec::new();
    for (i, stage) in file.stages.iter().enumerate() {
        let image = &stage.from.image;
        if image.eq_ignore_ascii_case("scratch") || file.stage_named(image, i).is_some() {
            continue;
        }
        match tag_of(image) {
            Tag::Pinned => {}
            Tag::Latest => problems.push(format!("line {}: FROM {image}", stage.from.line)),
            Tag::Missing => problems.push(format!(
                "line {}: FROM {image} has no tag, so it means {image}:latest",
                stage.from.line
            )),
        }
    }
    if problems.is_empty() {
        return Outcome::Passed;
    }
    Outcome::failed_with_hint(
        format!("every FROM in `{path}` pins a tag other than `latest`"),
        problems.join("; "),
        "name a version, such as `FROM alpine:3.20` or `FROM nginx:1.27-alpine`, so rebuilds use the same base",
    )
}

enum Tag {
    Pinned,
    Latest,
    Missing,
}

/// What tag an image reference names. The tag follows the last `:` after the
/// last `/` (a `:` before that is a registry port); a digest pins too.
fn tag_of(image: &str) -> Tag {
    if image.contains('@') {
        return Tag::Pinned;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, tag)) if tag.eq_ignore_ascii_case("latest") => Tag::Latest,
        Some((_, tag)) if !tag.is_empty() => Tag::Pinned,
        _ => Tag::Missing,
    }
}

async fn dockerignore(ctx: &Context, path: &RelPath, entries: &[String]) -> Outcome {
    let text = match super::read_text(ctx, path).await {
        Ok(text) => text,
        Err(outcome) => return outcome,
    };
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    saw(format!("file {path}"), "entries", lines.join(", "));
    let listed = |entry: &str| lines.iter().any(|l| normal(l) == normal(entry));
    let missing: Vec<&str> = entries
        .iter()
        .map(String::as_str)
        .filter(|e| !listed(e))
        .collect();
    let has = if lines.is_empty() {
        "the file lists nothing".to_string()
    } else {
        format!(
            "the file lists: {}",
            lines
                .iter()
                .take(10)
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Outcome::expect(
        missing.is_empty(),
        format!("`{path}` lists {}", entries.join(", ")),
        format!("missing {} ({has})", missing.join(", ")),
    )
}

/// A .dockerignore pattern without the leading `/` or `./` and trailing `/`
/// that do not change what it matches.
fn normal(entry: &str) -> &str {
    let e = entry.trim();
    let e = e
        .strip_prefix("./")
        .or_else(|| e.strip_prefix('/'))
        .unwrap_or(e);
    e.strip_suffix('/').unwrap_or(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_registry_ports_and_digests() {
        assert!(matches!(tag_of("nginx"), Tag::Missing));
        assert!(matches!(tag_of("nginx:latest"), Tag::Latest));
        assert!(matches!(tag_of("nginx:1.27"), Tag::Pinned));
        assert!(matches!(tag_of("localhost:5000/app"), Tag::Missing));
        assert!(matches!(tag_of("localhost:5000/app:2"), Tag::Pinned));
        assert!(matches!(tag_of("alpine@sha256:abc"), Tag::Pinned));
    }

    #[test]
    fn dockerignore_entries_compare_loosely() {
        assert_eq!(normal("/node_modules/"), "node_modules");
        assert_eq!(normal("./.git"), ".git");
        assert_eq!(normal("*.log"), "*.log");
    }
}
