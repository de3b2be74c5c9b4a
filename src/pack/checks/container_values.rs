//! The value types of container checks: a port and protocol, a restart
//! policy, a healthcheck status and the fields of `container.limits`, with
//! how they are read from a lab and written in feedback.

use std::fmt;

use serde::de::{Deserialize, Deserializer, Error};

use crate::pack::types::Bytes;

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
        let number = crate::pack::ranges::port_number(number)
            .ok_or_else(|| format!("{text:?} is not a port (1 to 65535); {fix}"))?;
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
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

/// The largest `cpus_at_most` a lab may ask for.
pub const MAX_CPUS: f64 = 1024.0;

/// The fields of `container.limits`; at least one limit must be given.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(try_from = "LimitsFields")]
pub struct Limits {
    pub container: String,
    pub memory_at_most: Option<Bytes>,
    pub cpus_at_most: Option<f64>,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
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
            if !(cpus.is_finite() && cpus > 0.0 && cpus <= MAX_CPUS) {
                return Err(format!(
                    "`cpus_at_most` {cpus} is out of range; use a number above 0 and at most {MAX_CPUS}, such as 0.5"
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

/// A number in a lab, or the same number written as a string.
#[derive(serde::Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(super) enum NumberOrText {
    Number(i64),
    Text(String),
}

/// What `container.restart_policy` wants: one policy (`policy`) or any of
/// several (`one_of`), with at most `max_retries` for `on-failure`.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(try_from = "RestartFields")]
pub struct RestartWant {
    pub container: String,
    /// The policies that pass; never empty.
    pub policies: Vec<Restart>,
    pub max_retries: Option<u32>,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RestartFields {
    container: String,
    #[serde(default)]
    policy: Option<Restart>,
    #[serde(default)]
    one_of: Vec<Restart>,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count")]
    max_retries: Option<u32>,
}

impl TryFrom<RestartFields> for RestartWant {
    type Error = String;

    fn try_from(f: RestartFields) -> Result<RestartWant, String> {
        let policies = match (f.policy, f.one_of.is_empty()) {
            (Some(p), true) => vec![p],
            (None, false) => f.one_of,
            (Some(_), false) => {
                return Err("give either `policy` or `one_of`, not both".into());
            }
            (None, true) => {
                return Err(
                    "say which policy: `policy = \"always\"` or `one_of = [\"always\", \"unless-stopped\"]`"
                        .into(),
                )
            }
        };
        Ok(RestartWant {
            container: f.container,
            policies,
            max_retries: f.max_retries,
        })
    }
}

impl RestartWant {
    /// `` `always` `` or `` `always` or `unless-stopped` ``.
    pub fn policies_text(&self) -> String {
        let quoted: Vec<String> = self.policies.iter().map(|p| format!("`{p}`")).collect();
        quoted.join(" or ")
    }
}

/// `container.env` and `container.label`: a setting of the container that
/// must hold a value (exact, one of several, matching a pattern), be set to
/// anything, or not be set at all (`set = false`).
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(try_from = "SettingFields")]
pub struct Setting {
    pub container: String,
    pub name: String,
    pub value: Option<String>,
    pub one_of: Vec<String>,
    pub pattern: Option<crate::pack::types::Pattern>,
    /// `false`: the setting must be absent.
    pub set: bool,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct SettingFields {
    container: String,
    name: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    one_of: Vec<String>,
    #[serde(default)]
    pattern: Option<crate::pack::types::Pattern>,
    #[serde(default)]
    set: Option<bool>,
}

impl TryFrom<SettingFields> for Setting {
    type Error = String;

    fn try_from(f: SettingFields) -> Result<Setting, String> {
        let set = f.set.unwrap_or(true);
        if !set && (f.value.is_some() || !f.one_of.is_empty() || f.pattern.is_some()) {
            return Err(
                "`set = false` says it must not be set at all; drop `value`, `one_of` and `pattern`"
                    .into(),
            );
        }
        Ok(Setting {
            container: f.container,
            name: f.name,
            value: f.value,
            one_of: f.one_of,
            pattern: f.pattern,
            set,
        })
    }
}

impl Setting {
    /// `"has label `tier` set to `web`"`, `"has no environment variable `DEBUG`"`;
    /// `thing` is "label" or "environment variable".
    pub fn wants(&self, thing: &str) -> String {
        let name = &self.name;
        if !self.set {
            return format!("has no {thing} `{name}`");
        }
        format!(
            "has {thing} `{name}`{}",
            super::container::wanted(&self.value, &self.one_of, &self.pattern)
        )
    }
}

crate::pack::schema_support::schema_from!(Limits, LimitsFields);
crate::pack::schema_support::schema_from!(RestartWant, RestartFields);
crate::pack::schema_support::schema_from!(Setting, SettingFields);

crate::pack::schema_support::number_or_string_schema!(
    PortSpec,
    r#"a container port: a number or "8080/tcp""#
);
