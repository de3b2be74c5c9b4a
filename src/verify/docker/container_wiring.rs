//! How a container is wired to the world: published ports, mounts and
//! networks.

use super::container::quoted_list;
use super::container_facts::{ContainerFacts, MountFact, PublishedPort};
use super::container_state::status_text;
use crate::pack::checks::PortSpec;
use crate::verify::Outcome;

pub(super) fn port(
    c: &ContainerFacts,
    port: &PortSpec,
    host_ip: Option<&str>,
    host_port: Option<u16>,
) -> Outcome {
    let key = port.to_string();
    let wanted = |p: &&PublishedPort| {
        p.container_port == key
            && host_ip.is_none_or(|ip| p.host_ip == ip)
            && host_port.is_none_or(|hp| p.host_port == hp.to_string())
    };
    if c.ports.iter().any(|p| wanted(&p)) {
        return Outcome::Passed;
    }
    let expected = port.published_on(host_ip, host_port);
    if !c.running && c.port_bindings.iter().any(|p| wanted(&p)) {
        // The binding is configured; it only takes effect while it runs.
        return Outcome::failed_with_hint(
            expected,
            format!(
                "container `{}` is {}; its port {key} is published only while it runs",
                c.name,
                status_text(c)
            ),
            format!("Start it with `docker start {}`.", c.name),
        );
    }
    Outcome::failed_with_hint(
        expected,
        published_text(c),
        format!(
            "Ports are fixed when a container is created: remove it and run it again, `docker rm -f {0} && docker run -d --name {0} -p {1} ...` (with the image and options you used).",
            c.name,
            publish_flag(port, host_ip, host_port)
        ),
    )
}

/// Every binding found, grouped by container port.
fn published_text(c: &ContainerFacts) -> String {
    if c.ports.is_empty() {
        return match c.running {
            true => "no ports published".into(),
            false => "no ports published (the container is not running)".into(),
        };
    }
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for p in &c.ports {
        let address = match p.host_ip.contains(':') {
            true => format!("[{}]:{}", p.host_ip, p.host_port),
            false => format!("{}:{}", p.host_ip, p.host_port),
        };
        match groups.last_mut() {
            Some((port, list)) if *port == p.container_port => list.push(address),
            _ => groups.push((p.container_port.clone(), vec![address])),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(port, list)| format!("port {port} published on {}", list.join(" and ")))
        .collect();
    parts.join("; ")
}

/// The `-p` value that publishes the port as wanted.
fn publish_flag(port: &PortSpec, host_ip: Option<&str>, host_port: Option<u16>) -> String {
    let target = match port.protocol.as_str() {
        "tcp" => port.number.to_string(),
        _ => port.to_string(),
    };
    let host_port = host_port.map(|p| p.to_string());
    match (host_ip, host_port) {
        (Some(ip), Some(hp)) => format!("{ip}:{hp}:{target}"),
        (Some(ip), None) => format!("{ip}::{target}"),
        (None, Some(hp)) => format!("{hp}:{target}"),
        (None, None) => target,
    }
}

pub(super) fn mount(
    c: &ContainerFacts,
    destination: &str,
    volume: &Option<String>,
    source: &Option<String>,
    read_only: Option<bool>,
) -> Outcome {
    let dest = trim_slash(destination);
    let found = c.mounts.iter().find(|m| trim_slash(&m.destination) == dest);
    let ok = found.is_some_and(|m| {
        volume
            .as_ref()
            .is_none_or(|v| m.kind == "volume" && m.name.as_ref() == Some(v))
            && source
                .as_ref()
                .is_none_or(|s| trim_slash(&m.source) == trim_slash(s))
            && read_only.is_none_or(|ro| m.read_only == ro)
    });
    if ok {
        return Outcome::Passed;
    }
    let what = match (volume, source) {
        (Some(v), _) => format!("volume `{v}`"),
        (None, Some(s)) => s.clone(),
        (None, None) => "something".into(),
    };
    let access = match read_only {
        Some(true) => ", read-only",
        Some(false) => ", writable",
        None => "",
    };
    let actual = match found {
        Some(m) => mount_text(m),
        None => format!("nothing mounted at {destination} ({})", all_mounts(c)),
    };
    Outcome::failed_with_hint(
        format!("{what} mounted at {destination}{access}"),
        actual,
        format!(
            "Mounts are fixed when a container is created: remove it and run it again, `docker rm -f {0} && docker run -d --name {0} -v SOURCE:{destination} ...` (add `:ro` for read-only).",
            c.name
        ),
    )
}

fn trim_slash(path: &str) -> &str {
    match path.trim_end_matches('/') {
        "" => "/",
        trimmed => trimmed,
    }
}

/// `volume `data` mounted at /data, writable`.
fn mount_text(m: &MountFact) -> String {
    let what = match (m.kind.as_str(), &m.name) {
        ("volume", Some(name)) => format!("volume `{name}`"),
        ("bind", _) => m.source.clone(),
        (kind, _) => format!("a {kind} mount"),
    };
    let access = if m.read_only { "read-only" } else { "writable" };
    format!("{what} mounted at {}, {access}", m.destination)
}

fn all_mounts(c: &ContainerFacts) -> String {
    if c.mounts.is_empty() {
        return "the container has no mounts".into();
    }
    let list: Vec<String> = c.mounts.iter().map(mount_text).collect();
    format!("mounts: {}", list.join("; "))
}

pub(super) fn network(c: &ContainerFacts, network: &str, aliases: &[String]) -> Outcome {
    let alias_flags: String = aliases.iter().map(|a| format!("--alias {a} ")).collect();
    let Some(found) = c.networks.get(network) else {
        return Outcome::failed_with_hint(
            format!("on network `{network}`"),
            format!("on networks {}", quoted_list(c.networks.keys())),
            format!(
                "Connect it with `docker network connect {alias_flags}{network} {}`.",
                c.name
            ),
        );
    };
    // On a user-defined network the container's own name always resolves.
    let user_defined = !matches!(network, "bridge" | "host" | "none");
    let missing: Vec<&String> = aliases
        .iter()
        .filter(|a| {
            let own_name = user_defined && **a == c.name;
            !found.contains(a) && !own_name
        })
        .collect();
    if missing.is_empty() {
        return Outcome::Passed;
    }
    Outcome::failed_with_hint(
        format!("on network `{network}` with aliases {}", quoted_list(aliases)),
        format!("on network `{network}` with aliases {}", quoted_list(found)),
        format!(
            "Reconnect it with the aliases: `docker network disconnect {network} {0} && docker network connect {alias_flags}{network} {0}`.",
            c.name
        ),
    )
}
