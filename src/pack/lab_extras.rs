//! The parts of `lab.toml` that prove and prepare a lab rather than check
//! it: the tools it requires beyond Docker and git (`requires`), the
//! common mistakes it must reject (`[[wrong_answer]]`), and the Docker
//! objects that exist before the learner starts (`[setup]`).

use std::path::PathBuf;

use serde::Deserialize;

/// A tool a lab needs beyond Docker and git, named in `requires`.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Requirement {
    /// Docker Compose: the `docker compose` v2 plugin or the classic
    /// `docker-compose` 1.29 (both set the `com.docker.compose.*` labels).
    Compose,
}

impl Requirement {
    /// The word used in `lab.toml` and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Requirement::Compose => "compose",
        }
    }
}

/// One common mistake a lab must reject, as written in `[[wrong_answer]]`:
/// `pack test` applies `script` (with `sh`, in the workspace) to the solved
/// state and expects every check in `fails` to end failed.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WrongAnswer {
    /// Unique within the lab: lower-case letters, digits, `-` and `_`.
    pub id: String,
    /// The mistake, in the learner's words.
    pub title: String,
    /// The script, relative to the lab's folder (e.g. `wrong/root-user.sh`).
    pub script: PathBuf,
    /// Ids of the lab's checks that must end failed after the script.
    pub fails: Vec<String>,
}

/// Docker objects a lab creates before the learner starts: images built
/// from the lab's own folders, then volumes, networks and containers.
/// `opslab start` creates them; `opslab reset` removes and re-creates them.
/// Each must also be listed in `[resources]`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetupState {
    #[serde(default, rename = "image")]
    pub images: Vec<SetupImage>,
    #[serde(default, rename = "volume")]
    pub volumes: Vec<SetupVolume>,
    #[serde(default, rename = "network")]
    pub networks: Vec<SetupNetwork>,
    #[serde(default, rename = "container")]
    pub containers: Vec<SetupContainer>,
}

impl SetupState {
    pub fn is_empty(&self) -> bool {
        self.images.is_empty()
            && self.volumes.is_empty()
            && self.networks.is_empty()
            && self.containers.is_empty()
    }
}

/// `[[setup.image]]`: an image built from a folder of the lab.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetupImage {
    /// The reference the image gets, e.g. `opslab/drift-web:1`.
    pub tag: String,
    /// The build context, relative to the lab's folder; holds a `Dockerfile`.
    pub context: PathBuf,
}

/// `[[setup.volume]]`: a named volume.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetupVolume {
    pub name: String,
}

/// `[[setup.network]]`: a user-defined bridge network.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetupNetwork {
    pub name: String,
}

/// Docker's restart policies, as `docker run --restart` names them.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RestartPolicy {
    #[default]
    No,
    Always,
    UnlessStopped,
    OnFailure,
}

impl RestartPolicy {
    /// The name the Engine API uses (`HostConfig.RestartPolicy.Name`).
    pub fn api_name(self) -> &'static str {
        match self {
            RestartPolicy::No => "no",
            RestartPolicy::Always => "always",
            RestartPolicy::UnlessStopped => "unless-stopped",
            RestartPolicy::OnFailure => "on-failure",
        }
    }
}

/// `[[setup.container]]`: a container created and started from an image,
/// with the options of `docker run` that labs need.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetupContainer {
    pub name: String,
    /// An image reference: one of `[[setup.image]]` or one already present
    /// (such as `opslab/base:1`).
    pub image: String,
    /// Replaces the image's `CMD`, exec form.
    #[serde(default)]
    pub command: Option<Vec<String>>,
    /// `KEY=value` entries.
    #[serde(default)]
    pub env: Vec<String>,
    /// `docker run -p` forms: `[ip:]host_port:container_port[/tcp|/udp]`.
    #[serde(default)]
    pub ports: Vec<String>,
    /// A network of `[[setup.network]]`, or `bridge`.
    #[serde(default)]
    pub network: Option<String>,
    /// DNS aliases on `network`.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Named volumes: `volume:/path` or `volume:/path:ro`.
    #[serde(default)]
    pub volumes: Vec<String>,
    #[serde(default)]
    pub labels: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub restart: RestartPolicy,
    #[serde(default)]
    pub user: Option<String>,
}

/// A published port of a setup container, parsed from its `-p` form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortMapping {
    /// The host address; `None` is every address (`0.0.0.0`).
    pub host_ip: Option<String>,
    pub host_port: u16,
    /// The container side with its protocol, e.g. `8080/tcp`.
    pub container_port: String,
}

/// Parses `[ip:]host:container[/proto]` as `docker run -p` reads it.
///
/// Errors: a text saying what is wrong with `spec`, for the load error.
pub fn parse_port(spec: &str) -> Result<PortMapping, String> {
    let (ports, proto) = match spec.rsplit_once('/') {
        Some((p, proto @ ("tcp" | "udp" | "sctp"))) => (p, proto),
        Some((_, other)) => return Err(format!("unknown protocol `{other}`; use tcp or udp")),
        None => (spec, "tcp"),
    };
    let parts: Vec<&str> = ports.split(':').collect();
    let (ip, host, container) = match parts.as_slice() {
        [h, c] => (None, *h, *c),
        [ip, h, c] => (Some(ip.to_string()), *h, *c),
        _ => return Err("expected `[ip:]host_port:container_port[/tcp|/udp]`".into()),
    };
    let port = |p: &str, side: &str| -> Result<u16, String> {
        p.parse::<u16>().ok().filter(|n| *n > 0).ok_or(format!(
            "the {side} port `{p}` is not a number from 1 to 65535"
        ))
    };
    if let Some(ip) = &ip {
        if ip.parse::<std::net::IpAddr>().is_err() {
            return Err(format!("`{ip}` is not an IP address"));
        }
    }
    Ok(PortMapping {
        host_ip: ip,
        host_port: port(host, "host")?,
        container_port: format!("{}/{proto}", port(container, "container")?),
    })
}

/// A named-volume mount of a setup container, parsed from `name:/path[:ro]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeMount {
    pub volume: String,
    pub target: String,
    pub read_only: bool,
}

/// Parses `volume:/path` or `volume:/path:ro|rw`. Bind mounts (a source
/// starting with `/` or `.`) are refused: setup state never reaches into
/// the host's folders.
pub fn parse_volume(spec: &str) -> Result<VolumeMount, String> {
    let parts: Vec<&str> = spec.split(':').collect();
    let (volume, target, read_only) = match parts.as_slice() {
        [v, t] => (*v, *t, false),
        [v, t, "ro"] => (*v, *t, true),
        [v, t, "rw"] => (*v, *t, false),
        _ => return Err("expected `volume:/path` or `volume:/path:ro`".into()),
    };
    if volume.starts_with('/') || volume.starts_with('.') || volume.starts_with('~') {
        return Err(format!(
            "`{volume}` is a host path; setup containers mount named volumes only (declare one in [[setup.volume]])"
        ));
    }
    if !target.starts_with('/') {
        return Err(format!(
            "the mount point `{target}` must be an absolute path inside the container"
        ));
    }
    Ok(VolumeMount {
        volume: volume.to_string(),
        target: target.to_string(),
        read_only,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_are_read_as_docker_run_reads_them() {
        let p = parse_port("127.0.0.1:18401:8080").unwrap();
        assert_eq!(p.host_ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(
            (p.host_port, p.container_port.as_str()),
            (18401, "8080/tcp")
        );
        assert_eq!(parse_port("53:53/udp").unwrap().container_port, "53/udp");
        for bad in [
            "8080",
            "0:80",
            "a:80",
            "1.2.3:80:80",
            "80:80/xyz",
            "70000:80",
        ] {
            assert!(parse_port(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_named_volumes_mount() {
        let v = parse_volume("data:/data:ro").unwrap();
        assert_eq!(
            (v.volume.as_str(), v.target.as_str(), v.read_only),
            ("data", "/data", true)
        );
        for bad in ["/etc:/x", "./x:/x", "data", "data:rel", "data:/x:rx"] {
            assert!(parse_volume(bad).is_err(), "{bad}");
        }
    }
}
