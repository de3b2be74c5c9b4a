//! Container checks (`container.*`): state, configuration and logs of one
//! container, and commands run inside it.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, Error};

use crate::pack::types::{Bytes, Pattern};

#[derive(Clone, Debug, serde::Deserialize)]
#[serde(tag = "kind", deny_unknown_fields)]
pub enum ContainerCheck {
    /// A container with this name exists, in any state.
    #[serde(rename = "container.exists")]
    Exists { container: String },
    /// The container exists and is running.
    #[serde(rename = "container.running")]
    Running { container: String },
    /// The container ran and exited with this code.
    #[serde(rename = "container.exit_code")]
    ExitCode { container: String, code: i64 },
    /// The container was created from this image.
    #[serde(rename = "container.image")]
    Image { container: String, image: String },
    /// A container port is published on the host.
    #[serde(rename = "container.port")]
    Port {
        container: String,
        port: PortSpec,
        #[serde(default)]
        host_ip: Option<String>,
        #[serde(default, deserialize_with = "host_port")]
        host_port: Option<u16>,
    },
    /// An environment variable is set (to a value, or matching a pattern).
    #[serde(rename = "container.env")]
    Env {
        container: String,
        name: String,
        #[serde(default)]
        value: Option<String>,
        #[serde(default)]
        pattern: Option<Pattern>,
    },
    /// A label is set (to a value).
    #[serde(rename = "container.label")]
    Label {
        container: String,
        name: String,
        #[serde(default)]
        value: Option<String>,
    },
    /// Something is mounted at `destination`.
    #[serde(rename = "container.mount")]
    Mount {
        container: String,
        destination: String,
        #[serde(default)]
        volume: Option<String>,
        #[serde(default)]
        source: Option<String>,
        #[serde(default)]
        read_only: Option<bool>,
    },
    /// The container is attached to a network (with these aliases).
    #[serde(rename = "container.network")]
    Network {
        container: String,
        network: String,
        #[serde(default)]
        aliases: Vec<String>,
    },
    /// The container has this restart policy.
    #[serde(rename = "container.restart_policy")]
    RestartPolicy {
        container: String,
        policy: Restart,
        #[serde(default)]
        max_retries: Option<u32>,
    },
    /// The container's healthcheck reports this status.
    #[serde(rename = "container.health")]
    Health {
        container: String,
        #[serde(default)]
        status: HealthStatus,
    },
    /// Memory and CPU limits are set and not above the given values.
    #[serde(rename = "container.limits")]
    Limits(Limits),
    /// The container runs as a non-root user, or as exactly `user`.
    #[serde(rename = "container.user")]
    User {
        container: String,
        #[serde(default)]
        user: Option<String>,
    },
    /// The container's root filesystem is read-only.
    #[serde(rename = "container.read_only")]
    ReadOnly { container: String },
    /// The container does not run with `--privileged`.
    #[serde(rename = "container.not_privileged")]
    NotPrivileged { container: String },
    /// The container logs through this driver (with these options).
    #[serde(rename = "container.log_driver")]
    LogDriver {
        container: String,
        driver: String,
        #[serde(default)]
        options: BTreeMap<String, String>,
    },
    /// At least `at_least` log lines match `pattern`.
    #[serde(rename = "container.logs")]
    Logs {
        container: String,
        pattern: Pattern,
        #[serde(default = "one")]
        at_least: u32,
    },
    /// Every log line is a JSON object with these fields.
    #[serde(rename = "container.logs_json")]
    LogsJson {
        container: String,
        #[serde(default = "json_fields")]
        fields: Vec<String>,
        #[serde(default = "one")]
        at_least_lines: u32,
    },
    /// A command run inside the running container exits with `exit_code`
    /// (and its output matches `output`).
    #[serde(rename = "container.exec")]
    Exec {
        container: String,
        #[serde(deserialize_with = "command")]
        command: Vec<String>,
        #[serde(default)]
        exit_code: i64,
        #[serde(default)]
        output: Option<Pattern>,
    },
}

impl ContainerCheck {
    /// The container the check looks at.
    pub fn container(&self) -> &str {
        use ContainerCheck::*;
        match self {
            Exists { container }
            | Running { container }
            | ExitCode { container, .. }
            | Image { container, .. }
            | Port { container, .. }
            | Env { container, .. }
            | Label { container, .. }
            | Mount { container, .. }
            | Network { container, .. }
            | RestartPolicy { container, .. }
            | Health { container, .. }
            | User { container, .. }
            | ReadOnly { container }
            | NotPrivileged { container }
            | LogDriver { container, .. }
            | Logs { container, .. }
            | LogsJson { container, .. }
            | Exec { container, .. } => container,
            Limits(l) => &l.container,
        }
    }

    pub fn describe(&self) -> String {
        let c = self.container();
        format!("Container `{c}` {}", self.wants())
    }

    /// What the check wants of the container, as the end of a sentence.
    fn wants(&self) -> String {
        use ContainerCheck::*;
        match self {
            Exists { .. } => "exists".into(),
            Running { .. } => "is running".into(),
            ExitCode { code, .. } => format!("exited with code {code}"),
            Image { image, .. } => format!("was created from image `{image}`"),
            Port {
                port,
                host_ip,
                host_port,
                ..
            } => format!(
                "publishes port {port}{}",
                PortSpec::host_address(host_ip.as_deref(), *host_port)
            ),
            Env {
                name,
                value,
                pattern,
                ..
            } => format!(
                "has environment variable `{name}`{}",
                wanted(value, pattern)
            ),
            Label { name, value, .. } => format!("has label `{name}`{}", wanted(value, &None)),
            Mount {
                destination,
                volume,
                source,
                read_only,
                ..
            } => format!(
                "has {} mounted at {destination}{}",
                mount_source(volume, source),
                access(*read_only)
            ),
            Network {
                network, aliases, ..
            } => format!("is on network `{network}`{}", alias_list(aliases)),
            RestartPolicy {
                policy,
                max_retries,
                ..
            } => format!("has restart policy `{policy}`{}", retries(*max_retries)),
            Health { status, .. } => format!("is {status}"),
            Limits(l) => format!("has {}", l.describe_limits()),
            User { user: None, .. } => "runs as a non-root user".into(),
            User { user: Some(u), .. } => format!("runs as user `{u}`"),
            ReadOnly { .. } => "has a read-only root filesystem".into(),
            NotPrivileged { .. } => "is not privileged".into(),
            LogDriver {
                driver, options, ..
            } => format!("logs with the `{driver}` driver{}", option_list(options)),
            Logs {
                pattern, at_least, ..
            } => format!("logged {}", Self::lines_matching(*at_least, pattern)),
            LogsJson { fields, .. } => {
                format!("logs JSON lines with fields {}", fields.join(", "))
            }
            Exec {
                command, exit_code, ..
            } => format!("runs `{}` with exit code {exit_code}", command.join(" ")),
        }
    }

    /// `"a line matching /x/"` or `"at least 3 lines matching /x/"`.
    pub fn lines_matching(at_least: u32, pattern: &Pattern) -> String {
        if at_least <= 1 {
            format!("a line matching {pattern}")
        } else {
            format!("at least {at_least} lines matching {pattern}")
        }
    }

    /// Whether the check waits for something to settle: a healthcheck that
    /// is still starting, log lines that are still to come.
    pub fn waits(&self) -> bool {
        matches!(
            self,
            ContainerCheck::Health { .. }
                | ContainerCheck::Logs { .. }
                | ContainerCheck::LogsJson { .. }
        )
    }
}

fn wanted(value: &Option<String>, pattern: &Option<Pattern>) -> String {
    match (value, pattern) {
        (Some(v), Some(p)) => format!(" set to `{v}` and matching {p}"),
        (Some(v), None) => format!(" set to `{v}`"),
        (None, Some(p)) => format!(" matching {p}"),
        (None, None) => String::new(),
    }
}

fn mount_source(volume: &Option<String>, source: &Option<String>) -> String {
    match (volume, source) {
        (Some(v), _) => format!("volume `{v}`"),
        (None, Some(s)) => s.clone(),
        (None, None) => "something".into(),
    }
}

fn access(read_only: Option<bool>) -> &'static str {
    match read_only {
        Some(true) => ", read-only",
        Some(false) => ", writable",
        None => "",
    }
}

fn alias_list(aliases: &[String]) -> String {
    if aliases.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = aliases.iter().map(|a| format!("`{a}`")).collect();
    format!(" with alias {}", quoted.join(", "))
}

fn retries(max: Option<u32>) -> String {
    max.map(|n| format!(" (at most {n} retries)"))
        .unwrap_or_default()
}

fn option_list(options: &BTreeMap<String, String>) -> String {
    if options.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = options.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!(" ({})", pairs.join(", "))
}

fn one() -> u32 {
    1
}

fn json_fields() -> Vec<String> {
    ["level", "message", "timestamp"].map(String::from).to_vec()
}

fn command<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let words = Vec::<String>::deserialize(d)?;
    if words.is_empty() {
        return Err(D::Error::custom(
            "`command` is empty; give the program and its arguments, e.g. [\"nginx\", \"-t\"]",
        ));
    }
    Ok(words)
}

/// A host port written as a number or as a string of digits.
fn host_port<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
    match NumberOrText::deserialize(d)? {
        NumberOrText::Number(n) => u16::try_from(n).map(Some).map_err(|_| {
            D::Error::custom(format!("`host_port` {n} is not a port; use 1 to 65535"))
        }),
        NumberOrText::Text(t) => t.trim().parse::<u16>().map(Some).map_err(|_| {
            D::Error::custom(format!("`host_port` {t:?} is not a port; use 1 to 65535"))
        }),
    }
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum NumberOrText {
    Number(i64),
    Text(String),
}

/// A container port and protocol: `"80/tcp"`, `"53/udp"`, or `80` (tcp).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortSpec {
    pub number: u16,
    pub protocol: String,
}

impl PortSpec {
    pub fn parse(text: &str) -> Result<PortSpec, String> {
        let (number, protocol) = text.trim().split_once('/').unwrap_or((text.trim(), "tcp"));
        let fix = "write a port such as 80, \"80/tcp\" or \"53/udp\"";
        let number: u16 = number
            .parse()
            .map_err(|_| format!("{text:?} is not a port; {fix}"))?;
        let protocol = protocol.to_ascii_lowercase();
        if !matches!(protocol.as_str(), "tcp" | "udp" | "sctp") {
            return Err(format!("{text:?} has an unknown protocol; {fix}"));
        }
        Ok(PortSpec { number, protocol })
    }
}

impl PortSpec {
    /// `"port 80/tcp published on 127.0.0.1:8080"`, `"... on host port 8080"`,
    /// `"... on 127.0.0.1"` or `"port 80/tcp published"`.
    pub fn published_on(&self, ip: Option<&str>, port: Option<u16>) -> String {
        format!("port {self} published{}", Self::host_address(ip, port))
    }

    /// `" on 127.0.0.1:8080"`, `" on host port 8080"`, `" on 127.0.0.1"` or `""`.
    pub fn host_address(ip: Option<&str>, port: Option<u16>) -> String {
        match (ip, port) {
            (Some(ip), Some(port)) => format!(" on {ip}:{port}"),
            (None, Some(port)) => format!(" on host port {port}"),
            (Some(ip), None) => format!(" on {ip}"),
            (None, None) => String::new(),
        }
    }
}

impl fmt::Display for PortSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.number, self.protocol)
    }
}

impl<'de> Deserialize<'de> for PortSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = match NumberOrText::deserialize(d)? {
            NumberOrText::Number(n) => n.to_string(),
            NumberOrText::Text(t) => t,
        };
        PortSpec::parse(&text).map_err(D::Error::custom)
    }
}

/// A restart policy as `docker run --restart` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Restart {
    No,
    Always,
    UnlessStopped,
    OnFailure,
}

impl fmt::Display for Restart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Restart::No => "no",
            Restart::Always => "always",
            Restart::UnlessStopped => "unless-stopped",
            Restart::OnFailure => "on-failure",
        })
    }
}

/// A healthcheck status a lab can ask for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    #[default]
    Healthy,
    Unhealthy,
}

impl fmt::Display for HealthStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HealthStatus::Healthy => "healthy",
            HealthStatus::Unhealthy => "unhealthy",
        })
    }
}

/// The fields of `container.limits`; at least one limit must be given.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(try_from = "LimitsFields")]
pub struct Limits {
    pub container: String,
    pub memory_at_most: Option<Bytes>,
    pub cpus_at_most: Option<f64>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitsFields {
    container: String,
    #[serde(default)]
    memory_at_most: Option<Bytes>,
    #[serde(default)]
    cpus_at_most: Option<f64>,
}

impl TryFrom<LimitsFields> for Limits {
    type Error = String;

    fn try_from(f: LimitsFields) -> Result<Limits, String> {
        if f.memory_at_most.is_none() && f.cpus_at_most.is_none() {
            return Err(
                "give at least one limit: `memory_at_most` (e.g. \"64m\") or `cpus_at_most` (e.g. 0.5)"
                    .into(),
            );
        }
        if let Some(cpus) = f.cpus_at_most {
            if !(cpus.is_finite() && cpus > 0.0) {
                return Err(format!(
                    "`cpus_at_most` {cpus} is not a CPU count; use a positive number such as 0.5"
                ));
            }
        }
        Ok(Limits {
            container: f.container,
            memory_at_most: f.memory_at_most,
            cpus_at_most: f.cpus_at_most,
        })
    }
}

impl Limits {
    /// `"a memory limit of at most 64.0 MiB and a CPU limit of at most 0.5 CPUs"`.
    pub fn describe_limits(&self) -> String {
        let mut parts = Vec::new();
        if let Some(m) = self.memory_at_most {
            parts.push(format!("a memory limit of at most {m}"));
        }
        if let Some(c) = self.cpus_at_most {
            parts.push(format!("a CPU limit of at most {}", Self::cpus_text(c)));
        }
        parts.join(" and ")
    }

    /// `"1 CPU"`, `"0.5 CPUs"`.
    pub fn cpus_text(cpus: f64) -> String {
        if cpus == 1.0 {
            "1 CPU".into()
        } else {
            format!("{cpus} CPUs")
        }
    }
}
