//! Network checks: a network exists (with a driver), and containers are
//! attached to it.

use bollard::models::{ContainerSummary, NetworkInspect};

use super::image_facts::Lookup;
use super::image_members::Members;
use super::DockerProbe;
use crate::verify::evidence::{saw, ABSENT};
use crate::verify::Outcome;

/// A network as the checks see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkFacts {
    pub name: String,
    pub driver: String,
}

impl DockerProbe {
    /// The network named exactly `name` (an ID prefix names nothing).
    pub async fn network_facts(&self, name: &str) -> Lookup<NetworkFacts> {
        let answer = self.inspect_network_exact(name).await;
        let facts = self.lookup(&format!("network `{name}`"), answer, |n: NetworkInspect| {
            NetworkFacts {
                name: n.name.unwrap_or_else(|| name.to_string()),
                driver: n.driver.unwrap_or_default(),
            }
        });
        match &facts {
            Ok(Some(n)) => saw(format!("network {name}"), "Driver", &n.driver),
            Ok(None) => saw(format!("network {name}"), "Name", ABSENT),
            Err(_) => {}
        }
        facts
    }

    /// Names of the containers, running or stopped, attached to the network
    /// (its canonical name, as [`NetworkFacts::name`] gives it).
    pub async fn network_members(&self, network: &str) -> Result<Vec<String>, Outcome> {
        let on_it = |c: &ContainerSummary| {
            c.network_settings
                .as_ref()
                .and_then(|s| s.networks.as_ref())
                .is_some_and(|n| n.contains_key(network))
        };
        self.containers_with("network", network, on_it).await
    }
}

pub(super) fn missing(network: &str) -> Outcome {
    Outcome::failed_with_hint(
        format!("a network {network}"),
        format!("no network {network} on this machine"),
        format!("create it with `docker network create {network}`"),
    )
}

async fn found(docker: &DockerProbe, network: &str) -> Result<NetworkFacts, Outcome> {
    docker
        .network_facts(network)
        .await?
        .ok_or_else(|| missing(network))
}

pub async fn exists(docker: &DockerProbe, network: &str, driver: Option<&str>) -> Outcome {
    let facts = match found(docker, network).await {
        Ok(f) => f,
        Err(o) => return o,
    };
    match driver {
        Some(want) if want != facts.driver => Outcome::failed_with_hint(
            format!("network {network} with driver {want}"),
            format!("driver {}", facts.driver),
            format!(
                "a network's driver is fixed when it is created: `docker network rm {network} && docker network create --driver {want} {network}` (disconnect its containers first)"
            ),
        ),
        _ => Outcome::Passed,
    }
}

pub async fn connected(docker: &DockerProbe, network: &str, containers: &[String]) -> Outcome {
    let facts = match found(docker, network).await {
        Ok(f) => f,
        Err(o) => return o,
    };
    let present = match docker.network_members(&facts.name).await {
        Ok(p) => p,
        Err(o) => return o,
    };
    let members = Members {
        verb: "attached:",
        expected: format!("{} attached to network {network}", containers.join(", ")),
        present,
        wanted: containers,
    };
    members.judge(|c| format!("connect it with `docker network connect {network} {c}`"))
}
