//! How a container is wired to the world: published ports, mounts and
//! networks.

use std::path::{Component, Path, PathBuf};

use super::container::quoted_list;
use super::container_facts::{ContainerFacts, MountFact, PublishedPort};
use super::container_state::status_text;
use crate::pack::checks::{MountKind, MountSpec, PortSpec};
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

/// Where a wanted bind source may be on the host: the path itself when
/// absolute; otherwise joined to the workspace, as given and with the
/// workspace's symlinks resolved (`docker run -v ./site:...` records the
/// absolute path the shell stood in).
pub(super) async fn source_candidates(source: &str, workspace: &Path) -> Vec<PathBuf> {
    let path = Path::new(source);
    if path.is_absolute() {
        return vec![lexical(path)];
    }
    let mut found = vec![lexical(&workspace.join(path))];
    if let Ok(real) = tokio::fs::canonicalize(workspace).await {
        found.push(lexical(&real.join(path)));
    }
    found
}

/// `path` with `.` and `..` worked out by text alone, no trailing slash.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// A wanted mount with its source resolved on the host.
pub(super) struct WantedMount<'a> {
    pub spec: &'a MountSpec,
    pub sources: Vec<PathBuf>,
}

impl WantedMount<'_> {
    pub async fn resolve<'a>(spec: &'a MountSpec, workspace: &Path) -> WantedMount<'a> {
        let sources = match &spec.source {
            Some(s) => source_candidates(s, workspace).await,
            None => Vec::new(),
        };
        WantedMount { spec, sources }
    }

    fn at(&self, m: &MountFact) -> bool {
        trim_slash(&m.destination) == trim_slash(&self.spec.destination)
    }

    fn fits(&self, m: &MountFact) -> bool {
        let want = self.spec;
        self.at(m)
            && want.kind.is_none_or(|k| m.kind == k.to_string())
            && want
                .volume
                .as_ref()
                .is_none_or(|v| m.kind == "volume" && m.name.as_ref() == Some(v))
            && (want.source.is_none()
                || self
                    .sources
                    .iter()
                    .any(|s| Path::new(trim_slash(&m.source)) == s))
            && want.read_only.is_none_or(|ro| m.read_only == ro)
    }

    /// The mount in the learner's words, with a relative source shown with
    /// the host path it stands for.
    fn text(&self) -> String {
        let relative = self
            .spec
            .source
            .as_ref()
            .filter(|s| !Path::new(s).is_absolute());
        match (relative, self.sources.first()) {
            (Some(s), Some(host)) => format!(
                "{} (`{s}` in the workspace is {})",
                self.spec,
                host.display()
            ),
            _ => self.spec.to_string(),
        }
    }
}

pub(super) fn mount(c: &ContainerFacts, want: &WantedMount) -> Outcome {
    let found = c.mounts.iter().find(|m| want.at(m));
    if found.is_some_and(|m| want.fits(m)) {
        return Outcome::Passed;
    }
    let destination = &want.spec.destination;
    let actual = match found {
        Some(m) => mount_text(m),
        None => format!("nothing mounted at {destination} ({})", all_mounts(c)),
    };
    Outcome::failed_with_hint(
        want.text(),
        actual,
        format!(
            "Mounts are fixed when a container is created: remove it and run it again, `docker rm -f {0} && docker run -d --name {0} {1} ...`.",
            c.name,
            mount_flag(want.spec),
        ),
    )
}

/// `container.mounts`: every wanted mount is there, and nothing else.
pub(super) fn mounts_exactly(c: &ContainerFacts, wanted: &[WantedMount]) -> Outcome {
    let missing: Vec<&WantedMount> = wanted
        .iter()
        .filter(|w| !c.mounts.iter().any(|m| w.fits(m)))
        .collect();
    let extra: Vec<&MountFact> = c
        .mounts
        .iter()
        .filter(|m| !wanted.iter().any(|w| w.fits(m)))
        .collect();
    if missing.is_empty() && extra.is_empty() {
        return Outcome::Passed;
    }
    let expected = match wanted.is_empty() {
        true => "no mounts".to_string(),
        false => {
            let list: Vec<String> = wanted.iter().map(WantedMount::text).collect();
            format!("exactly these mounts: {}", list.join("; "))
        }
    };
    let mut actual = vec![all_mounts(c)];
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|w| w.spec.to_string()).collect();
        actual.push(format!("missing: {}", list.join("; ")));
    }
    if !extra.is_empty() {
        let list: Vec<String> = extra.iter().map(|m| mount_text(m)).collect();
        actual.push(format!("not asked for: {}", list.join("; ")));
    }
    Outcome::failed_with_hint(
        expected,
        actual.join("; "),
        format!(
            "Mounts are fixed when a container is created: remove it (`docker rm -f {0}`) and run it again with exactly these `-v`/`--mount`/`--tmpfs` options{1}.",
            c.name,
            match wanted.is_empty() {
                true => String::new(),
                false => {
                    let flags: Vec<String> = wanted.iter().map(|w| mount_flag(w.spec)).collect();
                    format!(": `{}`", flags.join(" "))
                }
            }
        ),
    )
}

/// The `docker run` option that makes the wanted mount.
fn mount_flag(want: &MountSpec) -> String {
    let ro = if want.read_only == Some(true) {
        ":ro"
    } else {
        ""
    };
    let d = &want.destination;
    match (want.kind, &want.volume, &want.source) {
        (Some(MountKind::Tmpfs), _, _) => format!("--tmpfs {d}{ro}"),
        (_, Some(v), _) => format!("-v {v}:{d}{ro}"),
        (_, None, Some(s)) if Path::new(s).is_absolute() => format!("-v {s}:{d}{ro}"),
        (_, None, Some(s)) => format!(
            "-v \"$PWD/{}\":{d}{ro} (from the workspace)",
            s.trim_start_matches("./")
        ),
        (_, None, None) => format!("-v SOURCE:{d}{ro}"),
    }
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
        (kind, _) => format!("a {kind}"),
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
