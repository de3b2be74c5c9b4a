//! The evidence of a container check: the inspect fields of the container
//! that the check judged, under Docker's own names (`State.Running`,
//! `Config.Env`, `HostConfig.PortBindings["80/tcp"]`...), with the values
//! the one inspect read.

use super::container_facts::{ContainerFacts, MountFact, PublishedPort};
use crate::pack::checks::ContainerCheck;
use crate::verify::evidence::{or_absent, saw, short_id, ABSENT};

/// `container web (id 3f2a1b9c0d12)`.
pub(super) fn object(c: &ContainerFacts) -> String {
    format!("container {} (id {})", c.name, short_id(&c.id))
}

/// There is no container of that name.
pub(super) fn saw_missing(name: &str) {
    saw(format!("container {name}"), "Name", ABSENT);
}

/// Records the fields of `c` that `check` judges.
pub(super) fn record(check: &ContainerCheck, c: &ContainerFacts) {
    use ContainerCheck::*;
    let field = |field: &str, found: String| saw(object(c), field, found);
    match check {
        Exists { .. } | Logs { .. } | LogsJson { .. } | Exec { .. } => {
            field("State.Status", c.status.clone())
        }
        Running { .. } => {
            field("State.Running", c.running.to_string());
            field("State.Status", c.status.clone());
        }
        ExitCode { .. } => {
            field("State.Status", c.status.clone());
            field("State.ExitCode", c.exit_code.to_string());
        }
        Image { .. } => {
            field("Config.Image", c.image_ref.clone());
            field("Image", c.image_id.clone());
        }
        Health { .. } => field("State.Health.Status", or_absent(c.health.as_ref())),
        Port { port, .. } => {
            let key = port.to_string();
            let bindings = |all: &[PublishedPort]| {
                listed(all.iter().filter(|p| p.container_port == key).map(binding))
            };
            field(
                &format!("NetworkSettings.Ports[\"{key}\"]"),
                bindings(&c.ports),
            );
            field(
                &format!("HostConfig.PortBindings[\"{key}\"]"),
                bindings(&c.port_bindings),
            );
        }
        Mount(m) => field(
            &format!("Mounts[Destination={}]", m.mount.destination),
            listed(
                c.mounts
                    .iter()
                    .filter(|x| x.destination == m.mount.destination)
                    .map(mount),
            ),
        ),
        Mounts { .. } => field("Mounts", listed(c.mounts.iter().map(mount))),
        Network { network, .. } => field(
            &format!("NetworkSettings.Networks[\"{network}\"].Aliases"),
            or_absent(c.networks.get(network).map(|a| listed(a.iter().cloned()))),
        ),
        Env(s) => field(
            &format!("Config.Env[{}]", s.name),
            or_absent(c.env.iter().find(|(k, _)| k == &s.name).map(|(_, v)| v)),
        ),
        Label(s) => field(
            &format!("Config.Labels[\"{}\"]", s.name),
            or_absent(c.labels.get(&s.name)),
        ),
        RestartPolicy(_) => {
            field("HostConfig.RestartPolicy.Name", c.restart_policy.clone());
            field(
                "HostConfig.RestartPolicy.MaximumRetryCount",
                c.restart_max_retries.to_string(),
            );
        }
        Limits(_) => {
            field("HostConfig.Memory", c.memory.to_string());
            field(
                "HostConfig.NanoCpus",
                c.cpus.map_or("0".into(), |n| format!("{:.0}", n * 1e9)),
            );
        }
        User { .. } => field("Config.User", c.user.clone()),
        ReadOnly { .. } => field("HostConfig.ReadonlyRootfs", c.read_only_rootfs.to_string()),
        NotPrivileged { .. } => field("HostConfig.Privileged", c.privileged.to_string()),
        LogDriver { .. } => {
            field("HostConfig.LogConfig.Type", c.log_driver.clone());
            let options = c.log_options.iter().map(|(k, v)| format!("{k}={v}"));
            field("HostConfig.LogConfig.Config", listed(options));
        }
    }
}

/// `127.0.0.1:8080`, `:8080` for every address.
fn binding(p: &PublishedPort) -> String {
    format!("{}:{}", p.host_ip, p.host_port)
}

/// `volume data -> /data (ro)`, `bind /home/me/site -> /srv`.
fn mount(m: &MountFact) -> String {
    let from = m.name.as_deref().unwrap_or(&m.source);
    let ro = if m.read_only { " (ro)" } else { "" };
    format!("{} {from} -> {}{ro}", m.kind, m.destination)
}

/// The items joined with `, `, or `(none)`.
pub(super) fn listed(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.is_empty() {
        true => "(none)".into(),
        false => items.join(", "),
    }
}
