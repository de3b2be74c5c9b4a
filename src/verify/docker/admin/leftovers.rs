//! What is still there of a lab's Docker resources after they were
//! removed: `opslab pack test` proves cleanup leaves nothing behind.

use super::compose::project_objects;
use super::{removal_order, ResourceKind};
use crate::pack::Resources;
use crate::verify::docker::probe::DockerProbe;

/// Every declared object that still exists (looked up by its exact name),
/// then every object still labelled with a declared compose project, each
/// as `kind name` (e.g. `container shop_web_1 (compose project shop)`).
/// The error says which lookup the daemon did not answer.
pub async fn leftovers(
    probe: &DockerProbe,
    resources: &Resources,
    projects: &[String],
) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for (kind, name) in removal_order(resources) {
        let doing = format!("inspect {kind} {name}");
        if kind == ResourceKind::Image && name.ends_with(":*") {
            let tags = super::repository_tags(probe, name)
                .await
                .map_err(|e| probe.failure(&doing, &e))?;
            out.extend(tags.into_iter().map(|t| format!("image {t}")));
            continue;
        }
        let there = match kind {
            ResourceKind::Container => probe
                .inspect_container_exact(name)
                .await
                .map(|f| f.is_some()),
            ResourceKind::Network => probe.inspect_network_exact(name).await.map(|f| f.is_some()),
            ResourceKind::Volume => probe.inspect_volume_exact(name).await.map(|f| f.is_some()),
            ResourceKind::Image => probe.inspect_image_exact(name).await.map(|f| f.is_some()),
        }
        .map_err(|e| probe.failure(&doing, &e))?;
        if there {
            out.push(format!("{kind} {name}"));
        }
    }
    for project in projects {
        for o in project_objects(probe, project).await? {
            out.push(format!("{} {} (compose project {project})", o.kind, o.name));
        }
    }
    Ok(out)
}
