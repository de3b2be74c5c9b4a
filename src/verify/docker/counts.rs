//! `container.count`, `image.count`, `volume.count` and `network.count`:
//! how many objects within a label scope (and a state, or dangling or not). A failure lists what was found,
//! by name and state, so the learner sees which object is one too many.

use std::collections::{BTreeMap, HashMap};

use bollard::query_parameters::{
    ListContainersOptionsBuilder, ListImagesOptionsBuilder, ListNetworksOptionsBuilder,
    ListVolumesOptionsBuilder,
};

use bollard::models::ContainerSummary;

use super::absence::short_id;
use super::exact::normalized;
use super::DockerProbe;
use crate::pack::checks::{label_scope, Bounds, ContainerCount, ObjectCount};
use crate::verify::evidence::saw;
use crate::verify::Outcome;

/// `label=k=v` filters for the daemon, one per label.
fn label_filters(labels: &BTreeMap<String, String>) -> Vec<String> {
    labels.iter().map(|(k, v)| format!("{k}={v}")).collect()
}

/// `--filter label=k=v ...` for the docker CLI.
fn cli_filters(labels: &BTreeMap<String, String>) -> String {
    let flags: Vec<String> = labels
        .iter()
        .map(|(k, v)| format!(" --filter label={k}={v}"))
        .collect();
    flags.concat()
}

/// `"2 containers"`, `"1 image"`.
fn counted(n: usize, noun: &str) -> String {
    crate::words::count(n, noun)
}

pub(super) async fn containers(docker: &DockerProbe, check: &ContainerCount) -> Outcome {
    let labels = label_filters(&check.labels);
    let mut filters: HashMap<&str, Vec<&str>> = HashMap::new();
    if !labels.is_empty() {
        filters.insert("label", labels.iter().map(String::as_str).collect());
    }
    let options = ListContainersOptionsBuilder::new()
        .all(true)
        .filters(&filters)
        .build();
    let listed = match docker.client.list_containers(Some(options)).await {
        Ok(listed) => listed,
        Err(e) => return docker.could_not_read("the containers", e),
    };
    let image_id = match &check.image {
        Some(image) => match docker.image_id_of(image).await {
            Ok(id) => id,
            Err(e) => return Outcome::error(e.to_string()),
        },
        None => None,
    };
    let from_image = |c: &ContainerSummary| match &check.image {
        None => true,
        Some(want) => {
            c.image.as_deref().map(normalized) == Some(normalized(want))
                || (image_id.is_some() && c.image_id == image_id)
        }
    };
    let mut found: Vec<(String, String)> = listed
        .into_iter()
        .filter(|c| from_image(c))
        .map(|c| {
            let name = c
                .names
                .and_then(|n| n.into_iter().next())
                .unwrap_or_default();
            let state = c.state.map(|s| s.to_string()).unwrap_or_default();
            (name.trim_start_matches('/').to_string(), state)
        })
        .collect();
    found.retain(|(name, _)| check.name.as_ref().is_none_or(|p| p.is_match(name)));
    found.sort();
    let (inside, outside): (Vec<_>, Vec<_>) = found
        .into_iter()
        .partition(|(_, state)| check.state.admits(state));
    let names: Vec<String> = inside.iter().map(|(n, s)| format!("{n} ({s})")).collect();
    saw(
        format!(
            "containers listed by `docker ps -a{}`",
            cli_filters(&check.labels)
        ),
        format!("count {}{}", check.state, check.scope()),
        format!("{}: {}", names.len(), names.join(", ")),
    );
    if check.bounds.allows(inside.len()) {
        return Outcome::Passed;
    }
    let scope = check.scope();
    let noun = check.noun();
    let expected = format!("{}{scope}", check.bounds.of(&noun));
    let listing = |list: &[(String, String)]| -> String {
        let items: Vec<String> = list.iter().map(|(n, s)| format!("`{n}` ({s})")).collect();
        items.join(", ")
    };
    let mut actual = match inside.is_empty() {
        true => format!("no {noun}{scope}"),
        false => format!(
            "{}{scope}: {}",
            counted(inside.len(), &noun),
            listing(&inside)
        ),
    };
    if !outside.is_empty() {
        actual.push_str(&format!(
            "; also in scope but not {}: {}",
            check.state,
            listing(&outside)
        ));
    }
    let ancestor = match &check.image {
        Some(image) => format!(" --filter ancestor={image}"),
        None => String::new(),
    };
    let list = format!(
        "`docker ps -a{}{ancestor}` lists them",
        cli_filters(&check.labels)
    );
    let hint = match too_many(&check.bounds, inside.len()) {
        true => format!(
            "{list}; stop or remove the ones that should not be there (`docker rm -f NAME`)."
        ),
        false => format!(
            "{list}; start the stopped ones (`docker start NAME`) or run more with the label{}.",
            label_flags(&check.labels)
        ),
    };
    Outcome::failed_with_hint(expected, actual, hint)
}

/// The daemon's filters for an object count: its labels, and `dangling`.
fn object_filters<'a>(
    check: &ObjectCount,
    labels: &'a [String],
) -> HashMap<&'static str, Vec<&'a str>> {
    let mut filters: HashMap<&str, Vec<&str>> = HashMap::new();
    if !labels.is_empty() {
        filters.insert("label", labels.iter().map(String::as_str).collect());
    }
    if let Some(dangling) = check.dangling {
        filters.insert("dangling", vec![if dangling { "true" } else { "false" }]);
    }
    filters
}

/// Judges the objects found (already in words) against the count;
/// `hint(too_many)` says what to do.
fn judge_objects(
    check: &ObjectCount,
    object: &str,
    mut found: Vec<String>,
    hint: impl FnOnce(bool) -> String,
) -> Outcome {
    found.sort();
    saw(
        format!("{object}s{}", label_scope(&check.labels)),
        "count",
        format!("{}: {}", found.len(), found.join(", ")),
    );
    if check.bounds.allows(found.len()) {
        return Outcome::Passed;
    }
    let scope = label_scope(&check.labels);
    let noun = check.noun(object);
    let expected = format!("{}{scope}", check.bounds.of(&noun));
    let actual = match found.is_empty() {
        true => format!("no {noun}{scope}"),
        false => format!(
            "{}{scope}: {}",
            counted(found.len(), &noun),
            found.join("; ")
        ),
    };
    Outcome::failed_with_hint(expected, actual, hint(too_many(&check.bounds, found.len())))
}

/// ` --filter dangling=true` for the docker CLI, or nothing.
fn dangling_filter(check: &ObjectCount) -> String {
    match check.dangling {
        Some(d) => format!(" --filter dangling={d}"),
        None => String::new(),
    }
}

pub(super) async fn images(docker: &DockerProbe, check: &ObjectCount) -> Outcome {
    let labels = label_filters(&check.labels);
    let filters = object_filters(check, &labels);
    let options = ListImagesOptionsBuilder::new().filters(&filters).build();
    let listed = match docker.client.list_images(Some(options)).await {
        Ok(listed) => listed,
        Err(e) => return docker.could_not_read("the images", e),
    };
    let found: Vec<String> = listed
        .into_iter()
        .map(|i| {
            let tags: Vec<String> = i
                .repo_tags
                .into_iter()
                .filter(|t| t != "<none>:<none>")
                .collect();
            match tags.is_empty() {
                true => format!("{} (dangling)", short_id(&i.id)),
                false => tags.join(", "),
            }
        })
        .collect();
    let filters = cli_filters(&check.labels);
    let list = format!(
        "`docker images{}{filters}` lists them",
        dangling_filter(check)
    );
    judge_objects(check, "image", found, |too_many| {
        match (too_many, check.dangling) {
        (true, Some(true)) => {
            format!("{list}; `docker image prune{filters}` removes dangling images.")
        }
        (true, _) => format!("{list}; remove the extra ones with `docker rmi`."),
        (false, _) => format!(
            "{list}; build the missing ones with the label (`LABEL` in the Dockerfile, or `docker build --label`)."
        ),
    }
    })
}

pub(super) async fn volumes(docker: &DockerProbe, check: &ObjectCount) -> Outcome {
    let labels = label_filters(&check.labels);
    let filters = object_filters(check, &labels);
    let options = ListVolumesOptionsBuilder::new().filters(&filters).build();
    let listed = match docker.client.list_volumes(Some(options)).await {
        Ok(listed) => listed.volumes.unwrap_or_default(),
        Err(e) => return docker.could_not_read("the volumes", e),
    };
    let found: Vec<String> = listed.into_iter().map(|v| v.name).collect();
    let filters = cli_filters(&check.labels);
    let list = format!(
        "`docker volume ls{}{filters}` lists them",
        dangling_filter(check)
    );
    judge_objects(check, "volume", found, |too_many| {
        match too_many {
        true => format!("{list}; remove the extra ones with `docker volume rm` (`docker volume prune{filters}` removes the unused ones; their data is lost)."),
        false => format!(
            "{list}; create the missing ones with `docker volume create{} NAME`.",
            label_args(&check.labels)
        ),
    }
    })
}

pub(super) async fn networks(docker: &DockerProbe, check: &ObjectCount) -> Outcome {
    let labels = label_filters(&check.labels);
    let filters = object_filters(check, &labels);
    let options = ListNetworksOptionsBuilder::new().filters(&filters).build();
    let listed = match docker.client.list_networks(Some(options)).await {
        Ok(listed) => listed,
        Err(e) => return docker.could_not_read("the networks", e),
    };
    let found: Vec<String> = listed.into_iter().filter_map(|n| n.name).collect();
    let filters = cli_filters(&check.labels);
    let list = format!(
        "`docker network ls{}{filters}` lists them",
        dangling_filter(check)
    );
    judge_objects(check, "network", found, |too_many| {
        match too_many {
        true => format!("{list}; remove the extra ones with `docker network rm` (`docker network prune{filters}` removes the unused ones)."),
        false => format!(
            "{list}; create the missing ones with `docker network create{} NAME`.",
            label_args(&check.labels)
        ),
    }
    })
}

/// Whether `n` fails by being above the bounds (else it is below them).
fn too_many(bounds: &Bounds, n: usize) -> bool {
    bounds.at_most.is_some_and(|h| n as u64 > u64::from(h))
}

/// ` --label app=web` for `docker volume create` and the like.
fn label_args(labels: &BTreeMap<String, String>) -> String {
    let flags: Vec<String> = labels
        .iter()
        .map(|(k, v)| format!(" --label {k}={v}"))
        .collect();
    flags.concat()
}

/// `` (`--label app=web`)`` after "run more with the label".
fn label_flags(labels: &BTreeMap<String, String>) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let flags: Vec<String> = labels
        .iter()
        .map(|(k, v)| format!("--label {k}={v}"))
        .collect();
    format!(" (`{}`)", flags.join(" "))
}
