//! Checks that an object is gone (`container.absent`, `image.absent`,
//! `volume.absent`, `network.absent`): they pass when no object has the
//! name, and a failure says what is there and how to remove it.

use super::container_state::status_text;
use super::DockerProbe;
use crate::verify::Outcome;

pub(super) async fn container(docker: &DockerProbe, name: &str) -> Outcome {
    let facts = match docker.container(name).await {
        Ok(None) => {
            super::container_evidence::saw_missing(name);
            return Outcome::Passed;
        }
        Ok(Some(facts)) => facts,
        Err(e) => return Outcome::error(e.to_string()),
    };
    let object = super::container_evidence::object(&facts);
    crate::verify::evidence::saw(object, "State.Status", &facts.status);
    Outcome::failed_with_hint(
        format!("no container named `{name}`"),
        format!("container `{name}` exists ({})", status_text(&facts)),
        format!(
            "A stopped container still exists until it is removed: `docker rm -f {name}` removes it, running or not."
        ),
    )
}

pub(super) async fn image(docker: &DockerProbe, image: &str) -> Outcome {
    let facts = match docker.image_facts(image).await {
        Ok(None) => return Outcome::Passed,
        Ok(Some(facts)) => facts,
        Err(o) => return o,
    };
    Outcome::failed_with_hint(
        format!("no image {image}"),
        format!("image {image} exists (ID {})", short_id(&facts.id)),
        format!(
            "Remove the tag with `docker rmi {image}`; if a container was created from it, remove that container first (`docker ps -a --filter ancestor={image}` lists them)."
        ),
    )
}

pub(super) async fn volume(docker: &DockerProbe, volume: &str) -> Outcome {
    match docker.volume_facts(volume).await {
        Ok(None) => return Outcome::Passed,
        Ok(Some(_)) => {}
        Err(o) => return o,
    }
    let users = match docker.volume_users(volume).await {
        Ok(users) => users,
        Err(o) => return o,
    };
    let (used, first) = users_text(&users, "mounted by");
    Outcome::failed_with_hint(
        format!("no volume {volume}"),
        format!("volume {volume} exists{used}"),
        format!("{first}remove it with `docker volume rm {volume}` (this deletes its data)."),
    )
}

pub(super) async fn network(docker: &DockerProbe, network: &str) -> Outcome {
    match docker.network_facts(network).await {
        Ok(None) => return Outcome::Passed,
        Ok(Some(_)) => {}
        Err(o) => return o,
    }
    let members = match docker.network_members(network).await {
        Ok(members) => members,
        Err(o) => return o,
    };
    let (attached, first) = users_text(&members, "attached:");
    Outcome::failed_with_hint(
        format!("no network {network}"),
        format!("network {network} exists{attached}"),
        format!("{first}remove it with `docker network rm {network}`."),
    )
}

/// `" (mounted by a, b)"` and the advice to remove those containers first.
fn users_text(containers: &[String], verb: &str) -> (String, String) {
    if containers.is_empty() {
        return (String::new(), "Nothing uses it: ".into());
    }
    (
        format!(" ({verb} {})", containers.join(", ")),
        format!(
            "Remove the containers using it first (`docker rm -f {}`), then ",
            containers.join(" ")
        ),
    )
}

/// `0123456789ab` for `sha256:0123456789abcdef...`.
pub(super) fn short_id(id: &str) -> String {
    let hex = id.strip_prefix("sha256:").unwrap_or(id);
    hex.chars().take(12).collect()
}
