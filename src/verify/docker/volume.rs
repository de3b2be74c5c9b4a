//! Volume checks: a volume exists (with a driver), and containers mount it.

use bollard::models::{ContainerSummary, Volume};

use super::image_facts::Lookup;
use super::image_members::Members;
use super::DockerProbe;
use crate::verify::evidence::{saw, ABSENT};
use crate::verify::Outcome;

/// A volume as the checks see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeFacts {
    pub name: String,
    pub driver: String,
}

impl DockerProbe {
    /// The volume named exactly `name`.
    pub async fn volume_facts(&self, name: &str) -> Lookup<VolumeFacts> {
        let answer = self.inspect_volume_exact(name).await;
        let facts = self.lookup(&format!("volume `{name}`"), answer, |v: Volume| {
            VolumeFacts {
                name: v.name,
                driver: v.driver,
            }
        });
        match &facts {
            Ok(Some(v)) => saw(format!("volume {name}"), "Driver", &v.driver),
            Ok(None) => saw(format!("volume {name}"), "Name", ABSENT),
            Err(_) => {}
        }
        facts
    }

    /// Names of the containers, running or stopped, that mount the volume.
    pub async fn volume_users(&self, volume: &str) -> Result<Vec<String>, Outcome> {
        let mounts_it = |c: &ContainerSummary| {
            c.mounts
                .iter()
                .flatten()
                .any(|m| m.name.as_deref() == Some(volume))
        };
        self.containers_with("volume", volume, mounts_it).await
    }
}

pub(super) fn missing(volume: &str) -> Outcome {
    Outcome::failed_with_hint(
        format!("a volume {volume}"),
        format!("no volume {volume} on this machine"),
        format!("create it with `docker volume create {volume}`"),
    )
}

/// Reads the volume, or the outcome that ends the check (missing, or the
/// daemon could not answer).
async fn found(docker: &DockerProbe, volume: &str) -> Result<VolumeFacts, Outcome> {
    docker
        .volume_facts(volume)
        .await?
        .ok_or_else(|| missing(volume))
}

pub async fn exists(docker: &DockerProbe, volume: &str, driver: Option<&str>) -> Outcome {
    let facts = match found(docker, volume).await {
        Ok(f) => f,
        Err(o) => return o,
    };
    match driver {
        Some(want) if want != facts.driver => Outcome::failed_with_hint(
            format!("volume {volume} with driver {want}"),
            format!("driver {}", facts.driver),
            format!(
                "a volume's driver is fixed when it is created: `docker volume rm {volume} && docker volume create --driver {want} {volume}` (this deletes its data; remove the containers using it first)"
            ),
        ),
        _ => Outcome::Passed,
    }
}

pub async fn used_by(docker: &DockerProbe, volume: &str, containers: &[String]) -> Outcome {
    let facts = match found(docker, volume).await {
        Ok(f) => f,
        Err(o) => return o,
    };
    let present = match docker.volume_users(&facts.name).await {
        Ok(p) => p,
        Err(o) => return o,
    };
    let members = Members {
        verb: "mounted by",
        expected: format!("volume {volume} mounted by {}", containers.join(", ")),
        present,
        wanted: containers,
    };
    members.judge(|c| {
        format!("a container's mounts are fixed when it is created: `docker rm -f {c}`, then run it again with `-v {volume}:/path/inside` added")
    })
}
