//! `container.count` and `image.count`: how many objects within a label
//! scope (and a state, or dangling or not). A failure lists what was found,
//! by name and state, so the learner sees which object is one too many.

use std::collections::{BTreeMap, HashMap};

use bollard::query_parameters::{ListContainersOptionsBuilder, ListImagesOptionsBuilder};

use super::absence::short_id;
use super::DockerProbe;
use crate::pack::checks::{label_scope, Bounds, ContainerCount, ImageCount};
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
    let mut found: Vec<(String, String)> = listed
        .into_iter()
        .map(|c| {
            let name = c
                .names
                .and_then(|n| n.into_iter().next())
                .unwrap_or_default();
            let state = c.state.map(|s| s.to_string()).unwrap_or_default();
            (name.trim_start_matches('/').to_string(), state)
        })
        .collect();
    found.sort();
    let (inside, outside): (Vec<_>, Vec<_>) = found
        .into_iter()
        .partition(|(_, state)| check.state.admits(state));
    if check.bounds.allows(inside.len()) {
        return Outcome::Passed;
    }
    let scope = label_scope(&check.labels);
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
    let list = format!("`docker ps -a{}` lists them", cli_filters(&check.labels));
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

pub(super) async fn images(docker: &DockerProbe, check: &ImageCount) -> Outcome {
    let labels = label_filters(&check.labels);
    let mut filters: HashMap<&str, Vec<&str>> = HashMap::new();
    if !labels.is_empty() {
        filters.insert("label", labels.iter().map(String::as_str).collect());
    }
    if let Some(dangling) = check.dangling {
        filters.insert("dangling", vec![if dangling { "true" } else { "false" }]);
    }
    let options = ListImagesOptionsBuilder::new().filters(&filters).build();
    let listed = match docker.client.list_images(Some(options)).await {
        Ok(listed) => listed,
        Err(e) => return docker.could_not_read("the images", e),
    };
    let mut found: Vec<String> = listed
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
    found.sort();
    if check.bounds.allows(found.len()) {
        return Outcome::Passed;
    }
    let scope = label_scope(&check.labels);
    let noun = check.noun();
    let expected = format!("{}{scope}", check.bounds.of(&noun));
    let actual = match found.is_empty() {
        true => format!("no {noun}{scope}"),
        false => format!(
            "{}{scope}: {}",
            counted(found.len(), &noun),
            found.join("; ")
        ),
    };
    let filters = cli_filters(&check.labels);
    let hint = match (too_many(&check.bounds, found.len()), check.dangling) {
        (true, Some(true)) => format!(
            "`docker images --filter dangling=true{filters}` lists them; `docker image prune{filters}` removes dangling images."
        ),
        (true, _) => format!(
            "`docker images{filters}` lists them; remove the extra ones with `docker rmi`."
        ),
        (false, _) => format!(
            "`docker images{filters}` lists them; build the missing ones with the label (`LABEL` in the Dockerfile, or `docker build --label`)."
        ),
    };
    Outcome::failed_with_hint(expected, actual, hint)
}

/// Whether `n` fails by being above the bounds (else it is below them).
fn too_many(bounds: &Bounds, n: usize) -> bool {
    bounds.at_most.is_some_and(|h| n as u64 > u64::from(h))
}

/// ` (`--label app=web`)` for `docker run`.
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
