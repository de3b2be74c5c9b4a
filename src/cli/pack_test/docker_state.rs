//! The Docker side of one `pack test` step: remove what the lab declares
//! (its objects by name, its compose projects by label), create its setup
//! state, and at the end look for anything left behind.

use crate::pack::{Lab, Pack};
use crate::verify::docker::admin::{self, Removed};
use crate::verify::{DockerProbe, DockerUnavailable};

/// The lab's compose projects (`[resources] compose_projects`).
pub fn compose_projects(lab: &Lab) -> &[String] {
    &lab.resources.compose_projects
}

/// Whether the lab touches Docker at all: checks, resources or setup.
pub fn lab_uses_docker(lab: &Lab) -> bool {
    lab.needs_docker() || !lab.resources.is_empty() || !lab.setup.is_empty()
}

/// Removes the lab's declared objects and compose projects; one problem
/// per object that could not be removed, prefixed with `step`.
pub async fn remove(
    docker: &Result<DockerProbe, DockerUnavailable>,
    lab: &Lab,
    step: &str,
) -> Vec<String> {
    let projects = compose_projects(lab);
    if lab.resources.is_empty() {
        return Vec::new();
    }
    let probe = match docker {
        Ok(probe) => probe,
        Err(e) => {
            return vec![format!(
                "{step}: cannot remove the lab's Docker resources: {e}"
            )]
        }
    };
    let mut results = admin::remove_projects(probe, projects).await;
    results.extend(admin::remove_resources(probe, &lab.resources).await);
    results
        .into_iter()
        .filter_map(|(kind, name, removed)| match removed {
            Removed::Failed(why) => Some(format!("{step}: removing {kind} {name}: {why}")),
            _ => None,
        })
        .collect()
}

/// Creates the lab's setup state (its `[setup]` images, volumes, networks
/// and containers), after [`remove`], as a fresh `opslab start` makes them.
pub async fn create_setup(
    docker: &Result<DockerProbe, DockerUnavailable>,
    pack: &Pack,
    lab: &Lab,
) -> Result<(), String> {
    if lab.setup.is_empty() {
        return Ok(());
    }
    let probe = docker.as_ref().map_err(|e| e.to_string())?;
    crate::verify::docker::setup_state::create(probe, pack, lab)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// After the last removal: every declared object or compose-project object
/// still there is a problem.
pub async fn leftover_problems(
    docker: &Result<DockerProbe, DockerUnavailable>,
    lab: &Lab,
) -> Vec<String> {
    let projects = compose_projects(lab);
    let Ok(probe) = docker else {
        return Vec::new(); // `remove` already said Docker is not there
    };
    if lab.resources.is_empty() {
        return Vec::new();
    }
    match admin::leftovers(probe, &lab.resources, projects).await {
        Ok(left) => left
            .into_iter()
            .map(|what| format!("cleanup: {what} is still there after cleanup; something the lab does not declare holds or recreates it (a container from its image, a restart policy): list that in [resources] too, so cleanup leaves nothing behind"))
            .collect(),
        Err(why) => vec![format!("cleanup: cannot tell what is left: {why}")],
    }
}
