//! Removing what Docker Compose made for a project a lab declares
//! (`[resources] compose_projects`). Both Compose versions label every
//! container, network and volume they create with
//! `com.docker.compose.project=<name>`, while the names they give differ
//! (`shop_web_1` or `shop-web-1`), so objects are found by that label.

use std::collections::HashMap;

use bollard::query_parameters::{
    ListContainersOptionsBuilder, ListNetworksOptionsBuilder, ListVolumesOptionsBuilder,
    RemoveContainerOptionsBuilder, RemoveVolumeOptions,
};

use super::{Removed, ResourceKind};
use crate::verify::docker::probe::{is_not_found, DockerProbe};

/// The label Compose puts on everything it creates for a project.
pub const PROJECT_LABEL: &str = "com.docker.compose.project";

/// One object of a project: its kind, its name (for people) and the id it
/// is removed by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectObject {
    pub kind: ResourceKind,
    pub name: String,
    pub id: String,
}

/// Every container (running or not), network and volume labelled
/// `com.docker.compose.project=<project>`, containers first. The error
/// text names the project and the daemon.
pub async fn project_objects(
    probe: &DockerProbe,
    project: &str,
) -> Result<Vec<ProjectObject>, String> {
    let label = format!("{PROJECT_LABEL}={project}");
    let filters: HashMap<&str, Vec<&str>> = HashMap::from([("label", vec![label.as_str()])]);
    let doing = |what: &str| format!("list the {what} of compose project {project}");
    let client = &probe.client;
    let mut out = Vec::new();
    let options = ListContainersOptionsBuilder::new()
        .all(true)
        .filters(&filters)
        .build();
    let containers = client
        .list_containers(Some(options))
        .await
        .map_err(|e| probe.failure(&doing("containers"), &e))?;
    for c in containers {
        let name = c.names.and_then(|n| n.into_iter().next());
        let id = c.id.unwrap_or_default();
        let name = name.map_or_else(|| id.clone(), |n| n.trim_start_matches('/').to_string());
        out.push(object(ResourceKind::Container, name, id));
    }
    let options = ListNetworksOptionsBuilder::new().filters(&filters).build();
    let networks = client
        .list_networks(Some(options))
        .await
        .map_err(|e| probe.failure(&doing("networks"), &e))?;
    for n in networks {
        let id = n.id.unwrap_or_default();
        out.push(object(
            ResourceKind::Network,
            n.name.unwrap_or(id.clone()),
            id,
        ));
    }
    let options = ListVolumesOptionsBuilder::new().filters(&filters).build();
    let volumes = client
        .list_volumes(Some(options))
        .await
        .map_err(|e| probe.failure(&doing("volumes"), &e))?;
    for v in volumes.volumes.unwrap_or_default() {
        out.push(object(ResourceKind::Volume, v.name.clone(), v.name));
    }
    Ok(out)
}

fn object(kind: ResourceKind, name: String, id: String) -> ProjectObject {
    ProjectObject { kind, name, id }
}

/// Removes every object of each project in `projects`: containers
/// forcibly (killed at once, no stop timeout) with their anonymous volumes,
/// then networks, then volumes. One entry per object found, named
/// `name (compose project P)`; a project that cannot be listed gives one
/// failed entry. Objects already gone count as removed.
pub async fn remove_projects(
    probe: &DockerProbe,
    projects: &[String],
) -> Vec<(ResourceKind, String, Removed)> {
    let mut out = Vec::new();
    for project in projects {
        let objects = match project_objects(probe, project).await {
            Ok(objects) => objects,
            Err(why) => {
                let name = format!("(compose project {project})");
                out.push((ResourceKind::Container, name, Removed::Failed(why)));
                continue;
            }
        };
        for o in objects {
            let removed = match remove_object(probe, &o).await {
                Ok(()) => Removed::Removed,
                Err(e) if is_not_found(&e) || being_removed(&e) => Removed::Removed,
                Err(e) => {
                    Removed::Failed(probe.failure(&format!("remove {} {}", o.kind, o.name), &e))
                }
            };
            out.push((
                o.kind,
                format!("{} (compose project {project})", o.name),
                removed,
            ));
        }
    }
    out
}

/// Docker is already removing it (Compose, ended mid-way, may have asked).
fn being_removed(e: &bollard::errors::Error) -> bool {
    matches!(
        e,
        bollard::errors::Error::DockerResponseServerError { status_code: 409, message }
            if message.contains("already in progress")
    )
}

async fn remove_object(
    probe: &DockerProbe,
    o: &ProjectObject,
) -> Result<(), bollard::errors::Error> {
    let client = &probe.client;
    match o.kind {
        ResourceKind::Container => {
            let options = RemoveContainerOptionsBuilder::new()
                .force(true)
                .v(true)
                .build();
            client.remove_container(&o.id, Some(options)).await
        }
        ResourceKind::Network => client.remove_network(&o.id).await,
        ResourceKind::Volume => {
            client
                .remove_volume(&o.id, None::<RemoveVolumeOptions>)
                .await
        }
        // Compose labels no image with the project; labs list built images
        // under `images`.
        ResourceKind::Image => Ok(()),
    }
}
