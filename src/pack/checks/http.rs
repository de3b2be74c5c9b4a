//! HTTP checks (`http.*`) against a published port on this machine. Only
//! loopback hosts are allowed: a lab checks the learner's own machine, never
//! the network.

use std::collections::BTreeMap;
use std::fmt;
use std::net::{IpAddr, Ipv6Addr};

use serde::de::{Deserialize, Deserializer, Error};

use crate::pack::types::Pattern;

#[derive(Clone, Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum HttpCheck {
    /// `GET http://host:port/path` answers with `status` (and a body or
    /// header matching the patterns given).
    #[serde(rename = "http.get")]
    Get {
        #[serde(deserialize_with = "crate::pack::ranges::port")]
        port: u16,
        #[serde(default = "root")]
        path: RequestPath,
        #[serde(default)]
        host: LoopbackHost,
        #[serde(default = "ok", deserialize_with = "crate::pack::ranges::status")]
        status: u16,
        body: Option<Pattern>,
        header: Option<HeaderExpectation>,
    },
    /// The Prometheus metrics page has a series of `metric` with these
    /// labels (and a value of at least `at_least`).
    #[serde(rename = "http.metric")]
    Metric {
        #[serde(deserialize_with = "crate::pack::ranges::port")]
        port: u16,
        #[serde(default = "metrics")]
        path: RequestPath,
        #[serde(default)]
        host: LoopbackHost,
        metric: String,
        labels: Option<BTreeMap<String, String>>,
        #[serde(default, deserialize_with = "crate::pack::ranges::some_finite")]
        at_least: Option<f64>,
    },
}

/// A response header that must be present with a value matching `pattern`.
#[derive(Clone, Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeaderExpectation {
    pub name: String,
    pub pattern: Pattern,
}

fn root() -> RequestPath {
    RequestPath("/".into())
}
fn metrics() -> RequestPath {
    RequestPath("/metrics".into())
}

/// The path (and query) of a request: starts with `/`, no spaces or control
/// characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestPath(String);

impl RequestPath {
    pub fn new(text: &str) -> Result<Self, String> {
        if !text.starts_with('/') {
            return Err(format!(
                "the path {text:?} must start with `/`, such as \"/health\""
            ));
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "the path {text:?} holds spaces or control characters; encode a space as %20"
            ));
        }
        Ok(RequestPath(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RequestPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RequestPath {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        RequestPath::new(&text).map_err(D::Error::custom)
    }
}
fn ok() -> u16 {
    200
}

/// A host name or address that is this machine: `localhost`, `127.x.x.x` or
/// `::1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoopbackHost(String);

impl LoopbackHost {
    pub fn new(text: &str) -> Result<Self, String> {
        let bare = text.trim_start_matches('[').trim_end_matches(']');
        let loopback = bare.eq_ignore_ascii_case("localhost")
            || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
        if loopback {
            Ok(LoopbackHost(bare.to_ascii_lowercase()))
        } else {
            Err(format!(
                "the host {text:?} is not this machine; HTTP checks only reach loopback addresses (127.0.0.1, localhost, ::1)"
            ))
        }
    }

    /// The name to connect to (without brackets).
    pub fn name(&self) -> &str {
        &self.0
    }

    /// `host:port` as written in a URL (IPv6 in brackets).
    pub fn with_port(&self, port: u16) -> String {
        if self.0.parse::<Ipv6Addr>().is_ok() {
            format!("[{}]:{port}", self.0)
        } else {
            format!("{}:{port}", self.0)
        }
    }
}

impl Default for LoopbackHost {
    fn default() -> Self {
        LoopbackHost("127.0.0.1".into())
    }
}

impl fmt::Display for LoopbackHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for LoopbackHost {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        LoopbackHost::new(&text).map_err(D::Error::custom)
    }
}

impl HttpCheck {
    pub fn describe(&self) -> String {
        match self {
            HttpCheck::Get {
                port,
                path,
                host,
                status,
                body,
                header,
            } => {
                let mut text = format!(
                    "GET http://{}{path} answers {status}",
                    host.with_port(*port)
                );
                if let Some(body) = body {
                    text.push_str(&format!(" with a body matching {body}"));
                }
                if let Some(h) = header {
                    text.push_str(&format!(
                        " and a `{}` header matching {}",
                        h.name, h.pattern
                    ));
                }
                text
            }
            HttpCheck::Metric {
                port,
                path,
                host,
                metric,
                labels,
                at_least,
            } => {
                let mut text = format!("http://{}{path} reports `{metric}", host.with_port(*port));
                if let Some(labels) = labels.as_ref().filter(|l| !l.is_empty()) {
                    let pairs: Vec<String> =
                        labels.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
                    text.push_str(&format!("{{{}}}", pairs.join(",")));
                }
                text.push('`');
                if let Some(n) = at_least {
                    text.push_str(&format!(" of at least {n}"));
                }
                text
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LoopbackHost;

    #[test]
    fn only_loopback_hosts_are_allowed() {
        for ok in [
            "127.0.0.1",
            "127.1.2.3",
            "localhost",
            "LocalHost",
            "::1",
            "[::1]",
        ] {
            assert!(LoopbackHost::new(ok).is_ok(), "{ok}");
        }
        for bad in ["10.0.0.1", "example.com", "0.0.0.0", "::", "192.168.1.1"] {
            assert!(
                LoopbackHost::new(bad).unwrap_err().contains("loopback"),
                "{bad}"
            );
        }
        assert_eq!(LoopbackHost::new("::1").unwrap().with_port(80), "[::1]:80");
        assert_eq!(LoopbackHost::default().with_port(80), "127.0.0.1:80");
    }
}

crate::pack::schema_support::string_schema!(RequestPath, r#"the request path, starting with `/`"#);
crate::pack::schema_support::string_schema!(
    LoopbackHost,
    r#"a loopback host: `127.0.0.1`, `localhost` or `::1`"#
);
