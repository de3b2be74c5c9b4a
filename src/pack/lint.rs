//! Warnings about a pack that loads: things that make a lab hard for the
//! learner although nothing is invalid. The most common complaint about
//! hosted labs is a checker that looks for a different name than the task
//! text gives, so every name a check looks for must appear in the brief.
//! `pack validate` prints these; with `--strict` they fail validation.

use std::collections::BTreeSet;

use super::check::CheckSpec;
use super::checks::{FileCheck, GitCheck};
use super::error::PackProblem;
use super::objects::{compared_objects, object, Object};
use super::validate::nth_offset;
use super::{Lab, Pack};

/// Every warning for `pack`, lab by lab, each naming the file (and the line
/// of the name in `lab.toml`, when it can be found) and the fix.
pub fn warnings(pack: &Pack) -> Vec<PackProblem> {
    let mut out = pack_warnings(pack);
    out.extend(pack.labs.iter().flat_map(|lab| lab_warnings(pack, lab)));
    out
}

/// A version that `pack export` refuses (the id is checked when the pack
/// loads).
fn pack_warnings(pack: &Pack) -> Vec<PackProblem> {
    let manifest = std::path::Path::new("pack.toml");
    let file = pack.source.display(manifest);
    let text = pack.source.read_text(manifest).unwrap_or_default();
    let mut out = Vec::new();
    let mut warn = |key: &str, message: String| {
        let problem = PackProblem::new(file.clone(), message);
        out.push(match nth_offset(&text, &format!("{key} ="), 1) {
            Some(at) => problem.at_offset(&text, at),
            None => problem,
        });
    };
    if !crate::install::version_name(&pack.version) {
        warn("version", format!("the version `{}` cannot be part of the file `pack export` writes; use letters, digits, `.`, `+`, `-` and `_`, such as `1.2.0`", pack.version.escape_debug()));
    }
    out
}

fn lab_warnings(pack: &Pack, lab: &Lab) -> Vec<PackProblem> {
    let toml_path = lab.dir.join("lab.toml");
    let file = pack.source.display(&toml_path);
    let text = pack.source.read_text(&toml_path).unwrap_or_default();
    let brief = pack.source.display(&lab.dir.join("brief.md"));
    let mut out = Vec::new();
    for (what, name) in named_things(lab) {
        if mentioned(&lab.brief, &what, &name) {
            continue;
        }
        let message = format!(
            "a check looks for the {what} `{name}`, but {brief} never mentions it; name it in the brief (in backticks) so the learner builds what the check looks for"
        );
        let problem = PackProblem::new(file.clone(), message);
        let at = nth_offset(&text, &format!("\"{name}\""), 1)
            .or_else(|| nth_offset(&text, &format!("= {name}"), 1).map(|o| o + 2));
        out.push(match at {
            Some(at) => problem.at_offset(&text, at),
            None => problem,
        });
    }
    let any_hint = !lab.hints.is_empty() || lab.checks.iter().any(|c| c.hint.is_some());
    if !any_hint {
        out.push(PackProblem::new(
            file.clone(),
            "the lab has no hint; add `hints = [...]`, from a nudge to nearly the answer, so a stuck learner can go on",
        ));
    }
    if lab.wrong_answers.is_empty() && builds_or_runs_containers(lab) {
        out.push(PackProblem::new(
            file,
            "a container or Dockerfile lab lists no wrong answer; add a [[wrong_answer]] for a common mistake (running as root, a port on 0.0.0.0, a healthcheck on the wrong port) so `pack test` proves the checks reject it",
        ));
    }
    out
}

/// Whether the brief names the thing: its text, or for a file its last
/// path part, or for an image its repository without the tag.
fn mentioned(brief: &str, what: &str, name: &str) -> bool {
    if brief.contains(name) {
        return true;
    }
    match what {
        "file" => name
            .rsplit('/')
            .next()
            .is_some_and(|base| !base.is_empty() && brief.contains(base)),
        "image" => name
            .rsplit_once(':')
            .is_some_and(|(repo, tag)| brief.contains(repo) && brief.contains(tag)),
        _ => false,
    }
}

/// The names the lab's checks look for: (`container`, `web`), (`port`,
/// `8080`), (`branch`, `feature/x`)..., each once.
fn named_things(lab: &Lab) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for check in &lab.checks {
        let objects = object(&check.spec)
            .into_iter()
            .chain(compared_objects(&check.spec));
        for o in objects {
            let named = match o {
                Object::Container(n) => ("container", n),
                Object::Image(n) => ("image", n),
                Object::Volume(n) => ("volume", n),
                Object::Network(n) => ("network", n),
                Object::File(n) => ("file", n),
                Object::Port(p) => ("port", p.to_string()),
                Object::Repository => continue,
            };
            out.insert((named.0.to_string(), named.1));
        }
        if let CheckSpec::Git(GitCheck::Branch { name, .. }) = &check.spec {
            out.insert(("branch".to_string(), name.clone()));
        }
    }
    out
}

/// A lab whose checks look at containers, images or Dockerfiles.
fn builds_or_runs_containers(lab: &Lab) -> bool {
    lab.checks.iter().any(|c| match &c.spec {
        CheckSpec::Container(_) | CheckSpec::Image(_) | CheckSpec::Probe(_) => true,
        CheckSpec::File(f) => matches!(
            f,
            FileCheck::Stages(_)
                | FileCheck::Base { .. }
                | FileCheck::User { .. }
                | FileCheck::Healthcheck { .. }
                | FileCheck::NoLatest { .. }
                | FileCheck::Instruction(_)
                | FileCheck::Order(_)
                | FileCheck::Dockerignore { .. }
        ),
        _ => false,
    })
}
