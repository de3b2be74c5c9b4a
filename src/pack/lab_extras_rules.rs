//! Load rules for `[[wrong_answer]]` and `[setup]`: scripts and build
//! contexts exist inside the lab's folder, named checks exist, setup
//! objects have names Docker accepts and are listed in `[resources]` (so
//! `reset` and `pack test` remove them), and options parse as `docker run`
//! would read them.

use std::collections::HashSet;
use std::path::{Component, Path};

use super::error::PackProblem;
use super::lab::LabFile;
use super::lab_extras::{parse_port, parse_volume, SetupContainer};
use super::resource_names::check_name_refusal;
use super::source::PackSource;
use super::validate::{nth_offset, place};

/// Where a problem is: the file, its text, the lab's folder in the pack.
pub(crate) struct At<'a> {
    pub source: &'a PackSource,
    pub dir: &'a Path,
    pub name: &'a str,
    pub text: &'a str,
}

impl At<'_> {
    /// A problem placed at the first quoted `value` in the file.
    fn problem(&self, value: &str, message: String) -> PackProblem {
        let offset = nth_offset(self.text, &format!("\"{value}\""), 1)
            .or_else(|| nth_offset(self.text, value, 1));
        place(PackProblem::new(self.name, message), self.text, offset)
    }

    /// Why `rel` cannot be a path inside the lab's folder, if it cannot.
    fn inside(&self, rel: &Path, what: &str) -> Option<String> {
        let escapes = rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        escapes.then(|| {
            format!(
                "{what} `{}` must be a relative path inside the lab's folder, without `..`",
                rel.display()
            )
        })
    }
}

/// Every problem of the lab's wrong answers and setup state.
pub(crate) fn problems(at: &At<'_>, file: &LabFile) -> Vec<PackProblem> {
    let mut out = wrong_answer_problems(at, file);
    out.extend(setup_problems(at, file));
    out
}

fn wrong_answer_problems(at: &At<'_>, file: &LabFile) -> Vec<PackProblem> {
    let mut out = Vec::new();
    let checks: HashSet<&str> = file.checks.iter().map(|c| c.id.as_str()).collect();
    let mut seen = HashSet::new();
    for wrong in &file.wrong_answers {
        let id = wrong.id.as_str();
        let valid_id = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !valid_id {
            out.push(at.problem(id, format!("the wrong answer id \"{}\" may hold only lower-case letters, digits, `-` and `_`", id.escape_debug())));
        } else if !seen.insert(id) {
            out.push(at.problem(
                id,
                format!("two wrong answers have the id `{id}`; give each its own id"),
            ));
        }
        if wrong.title.trim().is_empty() {
            out.push(at.problem(id, format!("wrong answer `{id}` has an empty title; say the mistake in the learner's words")));
        }
        let script = wrong.script.to_string_lossy();
        if let Some(why) = at.inside(&wrong.script, "the script") {
            out.push(at.problem(&script, why));
        } else if wrong.script.starts_with("starter") || wrong.script.starts_with("solution") {
            out.push(at.problem(&script, format!("the script `{script}` is inside starter/ or solution/, which are copied into the workspace; keep wrong answers in their own folder, e.g. `wrong/{id}.sh`")));
        } else {
            let rel = at.dir.join(&wrong.script);
            if !at.source.exists(&rel) || at.source.is_dir(&rel) {
                out.push(at.problem(&script, format!("the script {} does not exist; write it (it runs with `sh` in the solved workspace) or fix the path", at.source.display(&rel))));
            }
        }
        if wrong.fails.is_empty() {
            out.push(at.problem(id, format!("wrong answer `{id}` names no check in `fails`; list the ids of the checks this mistake must fail")));
        }
        for check in &wrong.fails {
            if !checks.contains(check.as_str()) {
                let ids: Vec<&str> = file.checks.iter().map(|c| c.id.as_str()).collect();
                out.push(at.problem(check, format!("wrong answer `{id}` says it fails the check `{check}`, but the lab has no such check; its checks are: {}", ids.join(", "))));
            }
        }
    }
    out
}

fn setup_problems(at: &At<'_>, file: &LabFile) -> Vec<PackProblem> {
    let setup = &file.setup;
    let res = &file.resources;
    let mut out = Vec::new();
    let listed = |kind: &str, name: &str, list: &[String]| {
        if let Some(why) = check_name_refusal(kind, name) {
            return Some(why);
        }
        let named = |n: &String| match n.strip_suffix(":*") {
            Some(repo) if kind == "image" => name
                .strip_prefix(repo)
                .is_some_and(|rest| rest.starts_with(':') && !rest[1..].contains('/')),
            _ => n == name,
        };
        (!list.iter().any(named)).then(|| format!("the setup {kind} `{name}` is not listed in [resources] `{kind}s`; add it there so `opslab reset` and `pack test` remove it"))
    };
    for image in &setup.images {
        if let Some(why) = listed("image", &image.tag, &res.images) {
            out.push(at.problem(&image.tag, why));
        }
        let context = image.context.to_string_lossy();
        if let Some(why) = at.inside(&image.context, "the build context") {
            out.push(at.problem(&context, why));
            continue;
        }
        let dockerfile = at.dir.join(&image.context).join("Dockerfile");
        if !at.source.exists(&dockerfile) {
            out.push(at.problem(
                &context,
                format!(
                    "the build context of `{}` has no Dockerfile: {} is missing",
                    image.tag,
                    at.source.display(&dockerfile)
                ),
            ));
        }
    }
    for volume in &setup.volumes {
        if let Some(why) = listed("volume", &volume.name, &res.volumes) {
            out.push(at.problem(&volume.name, why));
        }
    }
    for network in &setup.networks {
        if let Some(why) = listed("network", &network.name, &res.networks) {
            out.push(at.problem(&network.name, why));
        }
    }
    for container in &setup.containers {
        if let Some(why) = listed("container", &container.name, &res.containers) {
            out.push(at.problem(&container.name, why));
        }
        out.extend(container_problems(at, file, container));
    }
    out
}

/// The `docker run` options of one setup container.
fn container_problems(at: &At<'_>, file: &LabFile, c: &SetupContainer) -> Vec<PackProblem> {
    let mut out = Vec::new();
    let name = &c.name;
    if let Some(why) = check_name_refusal("image", &c.image) {
        out.push(at.problem(&c.image, why));
    }
    for port in &c.ports {
        if let Err(why) = parse_port(port) {
            out.push(at.problem(
                port,
                format!(
                    "container `{name}`: port \"{}\": {why}",
                    port.escape_debug()
                ),
            ));
        }
    }
    for spec in &c.volumes {
        match parse_volume(spec) {
            Err(why) => out.push(at.problem(spec, format!("container `{name}`: volume \"{}\": {why}", spec.escape_debug()))),
            Ok(v) if !file.setup.volumes.iter().any(|s| s.name == v.volume) => out.push(at.problem(spec, format!("container `{name}` mounts the volume `{}`, which [[setup.volume]] does not declare; declare it so it exists before the container", v.volume))),
            Ok(_) => {}
        }
    }
    for entry in &c.env {
        if !entry.contains('=') || entry.starts_with('=') {
            out.push(at.problem(
                entry,
                format!(
                    "container `{name}`: env entry \"{}\" must be `KEY=value`",
                    entry.escape_debug()
                ),
            ));
        }
    }
    match c.network.as_deref() {
        None | Some("bridge") if !c.aliases.is_empty() => out.push(at.problem(name, format!("container `{name}` has `aliases` but no user-defined `network`; aliases work only on a network of [[setup.network]]"))),
        Some(net) if net != "bridge" && !file.setup.networks.iter().any(|n| n.name == net) => out.push(at.problem(net, format!("container `{name}` joins the network `{net}`, which [[setup.network]] does not declare; declare it (or use `bridge`)"))),
        _ => {}
    }
    out
}
