//! What the container checks need to know about one container, read with a
//! single inspect and turned into our own types at the probe's edge.

use std::collections::BTreeMap;
use std::sync::Arc;

use bollard::models::{
    ContainerInspectResponse, EndpointSettings, HostConfig, MountPoint, PortMap,
};

use super::probe::{ContainerLookup, DaemonError, DockerProbe};

/// One container as the checks see it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerFacts {
    /// The full container ID; later calls address the container by it, so
    /// they reach the container that was inspected and no other.
    pub id: String,
    /// The name without Docker's leading slash.
    pub name: String,
    /// The image reference the container was created from, as given.
    pub image_ref: String,
    /// The id of that image (`sha256:...`).
    pub image_id: String,
    /// `created`, `running`, `paused`, `restarting`, `removing`, `exited`, `dead`.
    pub status: String,
    pub running: bool,
    pub exit_code: i64,
    /// The healthcheck status, `None` when the container has no healthcheck.
    pub health: Option<String>,
    /// The user processes run as (`""` when none was set: root).
    pub user: String,
    /// Environment variables, in the order Docker lists them.
    pub env: Vec<(String, String)>,
    pub labels: BTreeMap<String, String>,
    /// Published ports, as the running container has them.
    pub ports: Vec<PublishedPort>,
    /// The port bindings it was created with (`-p`), which take effect
    /// whenever it runs.
    pub port_bindings: Vec<PublishedPort>,
    pub mounts: Vec<MountFact>,
    /// Network name to the aliases the container has on it.
    pub networks: BTreeMap<String, Vec<String>>,
    pub restart_policy: String,
    pub restart_max_retries: i64,
    /// Memory limit in bytes; 0 when unlimited.
    pub memory: i64,
    /// CPU limit in CPUs; `None` when unlimited.
    pub cpus: Option<f64>,
    pub read_only_rootfs: bool,
    pub privileged: bool,
    pub log_driver: String,
    pub log_options: BTreeMap<String, String>,
}

/// One host binding of a container port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedPort {
    /// `"80/tcp"`.
    pub container_port: String,
    pub host_ip: String,
    pub host_port: String,
}

/// One mount of a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountFact {
    /// `volume`, `bind`, `tmpfs`...
    pub kind: String,
    /// The volume name, for volumes.
    pub name: Option<String>,
    pub source: String,
    pub destination: String,
    pub read_only: bool,
}

impl DockerProbe {
    /// Inspects the container named exactly `name`: `Ok(None)` when there
    /// is none (a container whose ID merely starts with `name` is not it).
    pub async fn container(&self, name: &str) -> ContainerLookup {
        match self.inspect_container_exact(name).await {
            Ok(info) => Ok(info.map(|i| Arc::new(ContainerFacts::from(i)))),
            Err(e) => Err(self.daemon_error(&format!("inspect container `{name}`"), e)),
        }
    }

    /// The id of the local image `reference` names (a tag, a digest or a
    /// full `sha256:` ID), `None` when there is no such image.
    pub async fn image_id_of(&self, reference: &str) -> Result<Option<String>, DaemonError> {
        match self.inspect_image_exact(reference).await {
            Ok(image) => Ok(image.and_then(|i| i.id)),
            Err(e) => Err(self.daemon_error(&format!("inspect image `{reference}`"), e)),
        }
    }
}

impl From<ContainerInspectResponse> for ContainerFacts {
    fn from(info: ContainerInspectResponse) -> ContainerFacts {
        let state = info.state.unwrap_or_default();
        let config = info.config.unwrap_or_default();
        let host = info.host_config.unwrap_or_default();
        let network = info.network_settings.unwrap_or_default();
        let restart = host.restart_policy.clone().unwrap_or_default();
        let log = host.log_config.clone().unwrap_or_default();
        ContainerFacts {
            id: info.id.unwrap_or_default(),
            name: info.name.unwrap_or_default().trim_start_matches('/').into(),
            image_ref: config.image.unwrap_or_default(),
            image_id: info.image.unwrap_or_default(),
            status: state.status.map(|s| s.to_string()).unwrap_or_default(),
            running: state.running.unwrap_or(false),
            exit_code: state.exit_code.unwrap_or(0),
            health: state.health.and_then(|h| h.status).map(|s| s.to_string()),
            user: config.user.unwrap_or_default(),
            env: config
                .env
                .unwrap_or_default()
                .iter()
                .map(|e| env_pair(e))
                .collect(),
            labels: config.labels.unwrap_or_default().into_iter().collect(),
            ports: published(network.ports.unwrap_or_default()),
            port_bindings: published(host.port_bindings.clone().unwrap_or_default()),
            mounts: mounts(info.mounts.unwrap_or_default(), &host),
            networks: networks(network.networks.unwrap_or_default()),
            restart_policy: restart.name.map(|n| n.to_string()).unwrap_or_default(),
            restart_max_retries: restart.maximum_retry_count.unwrap_or(0),
            memory: host.memory.unwrap_or(0),
            cpus: cpus(&host),
            read_only_rootfs: host.readonly_rootfs.unwrap_or(false),
            privileged: host.privileged.unwrap_or(false),
            log_driver: log.typ.unwrap_or_default(),
            log_options: log.config.unwrap_or_default().into_iter().collect(),
        }
    }
}

fn env_pair(entry: &str) -> (String, String) {
    match entry.split_once('=') {
        Some((k, v)) => (k.to_string(), v.to_string()),
        None => (entry.to_string(), String::new()),
    }
}

fn published(ports: PortMap) -> Vec<PublishedPort> {
    let mut found: Vec<PublishedPort> = ports
        .into_iter()
        .flat_map(|(container_port, bindings)| {
            bindings
                .unwrap_or_default()
                .into_iter()
                .map(move |b| PublishedPort {
                    container_port: container_port.clone(),
                    host_ip: b.host_ip.unwrap_or_default(),
                    host_port: b.host_port.unwrap_or_default(),
                })
        })
        .collect();
    found.sort_by(|a, b| {
        (&a.container_port, &a.host_ip, &a.host_port).cmp(&(
            &b.container_port,
            &b.host_ip,
            &b.host_port,
        ))
    });
    found
}

/// The container's mounts: those Docker lists under `Mounts`, plus the
/// tmpfs mounts of `--tmpfs`, which Docker keeps in `HostConfig.Tmpfs` only.
fn mounts(listed: Vec<MountPoint>, host: &HostConfig) -> Vec<MountFact> {
    let mut found: Vec<MountFact> = listed.into_iter().map(mount).collect();
    let mut tmpfs: Vec<(&String, &String)> = host.tmpfs.iter().flatten().collect();
    tmpfs.sort();
    for (destination, options) in tmpfs {
        if found.iter().any(|m| &m.destination == destination) {
            continue;
        }
        found.push(MountFact {
            kind: "tmpfs".into(),
            name: None,
            source: String::new(),
            destination: destination.clone(),
            read_only: options.split(',').any(|o| o.trim() == "ro"),
        });
    }
    found
}

fn mount(m: MountPoint) -> MountFact {
    MountFact {
        kind: m.typ.unwrap_or_default(),
        name: m.name.filter(|n| !n.is_empty()),
        source: m.source.unwrap_or_default(),
        destination: m.destination.unwrap_or_default(),
        read_only: !m.rw.unwrap_or(true),
    }
}

fn networks(
    map: std::collections::HashMap<String, EndpointSettings>,
) -> BTreeMap<String, Vec<String>> {
    map.into_iter()
        .map(|(name, endpoint)| (name, endpoint.aliases.unwrap_or_default()))
        .collect()
}

/// The CPU limit, whether set with `--cpus` or with a CFS quota.
fn cpus(host: &HostConfig) -> Option<f64> {
    let nano = host.nano_cpus.unwrap_or(0);
    if nano > 0 {
        return Some(nano as f64 / 1e9);
    }
    let quota = host.cpu_quota.unwrap_or(0);
    if quota > 0 {
        let period = host.cpu_period.filter(|p| *p > 0).unwrap_or(100_000);
        return Some(quota as f64 / period as f64);
    }
    None
}
