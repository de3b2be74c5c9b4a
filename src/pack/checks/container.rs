//! Container checks (`container.*`): state, configuration and logs of one
//! container, and commands run inside it.

use std::collections::BTreeMap;

use serde::de::{Deserialize, Deserializer, Error};

use super::container_mounts::{MountCheck, MountSpec};
use super::container_values::{HealthStatus, Limits, NumberOrText, PortSpec, RestartWant, Setting};
use crate::pack::types::Pattern;

#[derive(Clone, Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum ContainerCheck {
    /// A container with this name exists, in any state.
    #[serde(rename = "container.exists")]
    Exists { container: String },
    /// The container exists and is running.
    #[serde(rename = "container.running")]
    Running { container: String },
    /// The container ran and exited with this code.
    #[serde(rename = "container.exit_code")]
    ExitCode {
        container: String,
        #[serde(deserialize_with = "crate::pack::ranges::exit_code")]
        code: i64,
    },
    /// The container was created from this image.
    #[serde(rename = "container.image")]
    Image { container: String, image: String },
    /// A container port is published on the host.
    #[serde(rename = "container.port")]
    Port {
        container: String,
        port: PortSpec,
        #[serde(default, deserialize_with = "host_ip")]
        host_ip: Option<String>,
        #[serde(default, deserialize_with = "host_port")]
        host_port: Option<u16>,
    },
    /// An environment variable is set (to a value, one of some values, or
    /// matching a pattern), or is not set at all (`set = false`).
    #[serde(rename = "container.env")]
    Env(Setting),
    /// A label is set (to a value, one of some values, or matching a
    /// pattern), or is not set at all (`set = false`).
    #[serde(rename = "container.label")]
    Label(Setting),
    /// Something is mounted at `destination` (of a type, from a volume or
    /// a host path, read-only or not).
    #[serde(rename = "container.mount")]
    Mount(MountCheck),
    /// The container's mounts are exactly these, no more, no fewer.
    #[serde(rename = "container.mounts")]
    Mounts {
        container: String,
        exactly: Vec<MountSpec>,
    },
    /// The container is attached to a network (with these aliases).
    #[serde(rename = "container.network")]
    Network {
        container: String,
        network: String,
        #[serde(default)]
        aliases: Vec<String>,
    },
    /// The container has this restart policy (or one of these).
    #[serde(rename = "container.restart_policy")]
    RestartPolicy(RestartWant),
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
    /// The container runs as a non-root user, or as `user` (or one of
    /// `one_of`); a wanted user without `:group` passes with any group.
    #[serde(rename = "container.user")]
    User {
        container: String,
        #[serde(default)]
        user: Option<String>,
        #[serde(default)]
        one_of: Vec<String>,
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
        #[serde(default = "one", deserialize_with = "crate::pack::ranges::at_least")]
        at_least: u32,
    },
    /// Every log line is a JSON object with these fields.
    #[serde(rename = "container.logs_json")]
    LogsJson {
        container: String,
        #[serde(default = "json_fields")]
        fields: Vec<String>,
        #[serde(default = "one", deserialize_with = "crate::pack::ranges::count")]
        at_least_lines: u32,
    },
    /// A command run inside the running container exits with `exit_code`
    /// (and its output matches `output`).
    #[serde(rename = "container.exec")]
    Exec {
        container: String,
        #[serde(deserialize_with = "command")]
        command: Vec<String>,
        #[serde(default, deserialize_with = "crate::pack::ranges::exit_code")]
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
            | Mounts { container, .. }
            | Network { container, .. }
            | Health { container, .. }
            | User { container, .. }
            | ReadOnly { container }
            | NotPrivileged { container }
            | LogDriver { container, .. }
            | Logs { container, .. }
            | LogsJson { container, .. }
            | Exec { container, .. } => container,
            Limits(l) => &l.container,
            RestartPolicy(r) => &r.container,
            Env(s) | Label(s) => &s.container,
            Mount(m) => &m.container,
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
            Env(s) => s.wants("environment variable"),
            Label(s) => s.wants("label"),
            Mount(m) => format!("has {}", m.mount),
            Mounts { exactly, .. } if exactly.is_empty() => "has no mounts".into(),
            Mounts { exactly, .. } => {
                let list: Vec<String> = exactly.iter().map(|m| m.to_string()).collect();
                format!("has exactly these mounts: {}", list.join("; "))
            }
            Network {
                network, aliases, ..
            } => format!("is on network `{network}`{}", alias_list(aliases)),
            RestartPolicy(r) => format!(
                "has restart policy {}{}",
                r.policies_text(),
                retries(r.max_retries)
            ),
            Health { status, .. } => format!("is {status}"),
            Limits(l) => format!("has {}", l.describe_limits()),
            User { .. } => match self.wanted_users() {
                users if users.is_empty() => "runs as a non-root user".into(),
                users => format!("runs as user {}", or_list(&users)),
            },
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

    /// The users a `container.user` check accepts (`user` and `one_of`);
    /// empty for any non-root user, or for other kinds.
    pub fn wanted_users(&self) -> Vec<String> {
        match self {
            ContainerCheck::User { user, one_of, .. } => {
                user.iter().chain(one_of).cloned().collect()
            }
            _ => Vec::new(),
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

/// `" set to `a` and matching /x/"`, `" set to `a` or `b`"`, `""`.
pub fn wanted(value: &Option<String>, one_of: &[String], pattern: &Option<Pattern>) -> String {
    let mut values: Vec<String> = value.iter().cloned().collect();
    values.extend(one_of.iter().cloned());
    let mut parts = Vec::new();
    if !values.is_empty() {
        parts.push(format!("set to {}", or_list(&values)));
    }
    if let Some(p) = pattern {
        parts.push(format!("matching {p}"));
    }
    match parts.is_empty() {
        true => String::new(),
        false => format!(" {}", parts.join(" and ")),
    }
}

/// `` `a` `` or `` `a` or `b` ``.
pub fn or_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    quoted.join(" or ")
}

fn alias_list(aliases: &[String]) -> String {
    if aliases.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = aliases.iter().map(|a| format!("`{a}`")).collect();
    format!(" with alias {}", quoted.join(", "))
}

fn retries(max: Option<u32>) -> String {
    max.map(|n| {
        format!(
            " (at most {})",
            crate::words::count_as(n as usize, "retry", "retries")
        )
    })
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

/// A host address: an IP address as Docker reports it (`127.0.0.1`,
/// `0.0.0.0`, `::`), never a name or an address with a port.
fn host_ip<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let ip = String::deserialize(d)?;
    match ip.parse::<std::net::IpAddr>() {
        Ok(_) => Ok(Some(ip)),
        Err(_) => Err(D::Error::custom(format!(
            "{ip:?} is not an IP address; Docker reports published ports on addresses such as \"127.0.0.1\" or \"0.0.0.0\" (put a port in `host_port`)"
        ))),
    }
}

/// A host port written as a number or as a string of digits.
fn host_port<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
    match NumberOrText::deserialize(d)? {
        NumberOrText::Number(n) => u16::try_from(n)
            .ok()
            .filter(|p| *p >= 1)
            .map(Some)
            .ok_or_else(|| {
                D::Error::custom(format!(
                    "{n} is out of range; a port is a whole number from 1 to 65535"
                ))
            }),
        NumberOrText::Text(t) => crate::pack::ranges::port_number(&t)
            .map(Some)
            .ok_or_else(|| {
                D::Error::custom(format!(
                    "{t:?} is not a port; a port is a whole number from 1 to 65535"
                ))
            }),
    }
}
