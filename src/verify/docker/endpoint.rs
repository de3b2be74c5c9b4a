//! Finding the daemon the way the docker CLI does: `DOCKER_HOST`, else the
//! context named by `DOCKER_CONTEXT`, else the `currentContext` of the docker
//! config (`$DOCKER_CONFIG/config.json`, by default `~/.docker/config.json`),
//! else the local socket. A context's address is in
//! `$DOCKER_CONFIG/contexts/meta/<sha256 of its name>/meta.json`, at
//! `Endpoints.docker.Host`; the context `default` is the local socket.

use std::fmt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Where the docker CLI talks to the daemon when nothing else is set.
pub const DEFAULT_HOST: &str = "unix:///var/run/docker.sock";

/// How the endpoint was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The `DOCKER_HOST` environment variable.
    DockerHost,
    /// A docker context: named by `DOCKER_CONTEXT` (`by_env`) or by the
    /// docker config's `currentContext`.
    Context { name: String, by_env: bool },
    /// Nothing set: the local socket.
    Default,
    /// The docker config could not be read, so, as the docker CLI does
    /// (it warns "Error loading config file" and carries on), the local
    /// socket; `why` says what is wrong with the file.
    DefaultPastBadConfig { why: String },
}

/// The daemon address in use and how it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// As the docker CLI writes it: `unix:///var/run/docker.sock`,
    /// `tcp://127.0.0.1:2375`.
    pub host: String,
    pub origin: Origin,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.origin {
            Origin::DockerHost => write!(f, "{} (from DOCKER_HOST)", self.host),
            Origin::Context { name, by_env: true } => {
                write!(f, "{} (context `{name}`, from DOCKER_CONTEXT)", self.host)
            }
            Origin::Context { name, .. } => write!(f, "{} (context `{name}`)", self.host),
            Origin::Default => write!(f, "{} (the default)", self.host),
            Origin::DefaultPastBadConfig { why } => {
                write!(f, "{} (the default; {why})", self.host)
            }
        }
    }
}

impl Endpoint {
    /// How the address was found, in words: ``context `other` ``,
    /// `DOCKER_HOST`, `the default`.
    pub fn origin_text(&self) -> String {
        match &self.origin {
            Origin::DockerHost => "DOCKER_HOST".into(),
            Origin::Context { name, by_env: true } => {
                format!("context `{name}`, named by DOCKER_CONTEXT")
            }
            Origin::Context { name, .. } => format!("context `{name}`"),
            Origin::Default => "the default".into(),
            Origin::DefaultPastBadConfig { why } => format!("the default; {why}"),
        }
    }

    /// What the user can do when the daemon does not answer here.
    pub fn advice(&self) -> &'static str {
        let local = self.host.starts_with("unix://");
        match self.origin {
            Origin::Default | Origin::DefaultPastBadConfig { .. } => "Start it with `sudo systemctl start docker` (or `sudo dockerd &`), or set DOCKER_HOST to where it listens.",
            Origin::DockerHost if local => "If that is this machine's daemon, start it with `sudo systemctl start docker`; otherwise fix DOCKER_HOST, or unset it to use your docker context or the local socket.",
            Origin::DockerHost => "Check that a daemon listens there, or unset DOCKER_HOST to use your docker context or the local socket.",
            Origin::Context { .. } => "Start the daemon that context points to, or switch with `docker context use default` (`docker context ls` lists your contexts).",
        }
    }
}

/// The docker settings could not be read, so the endpoint is unknown.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    #[error("the docker context `{name}` ({by}) does not exist: there is no {}. `docker context ls` lists your contexts; `docker context use default` selects the local daemon.", meta.display())]
    NoContext {
        name: String,
        by: &'static str,
        meta: PathBuf,
    },
    #[error("cannot read {}: {why}. Fix the file, or set DOCKER_HOST to the daemon's address.", path.display())]
    Unreadable { path: PathBuf, why: String },
}

/// The parts of the environment that choose the endpoint.
#[derive(Clone, Debug, Default)]
pub struct EndpointEnv {
    pub docker_host: Option<String>,
    pub docker_context: Option<String>,
    /// `DOCKER_CONFIG`, else `~/.docker`.
    pub config_dir: Option<PathBuf>,
}

impl EndpointEnv {
    /// Reads this process's environment.
    pub fn from_process() -> EndpointEnv {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
        EndpointEnv {
            docker_host: var("DOCKER_HOST"),
            docker_context: var("DOCKER_CONTEXT"),
            config_dir: var("DOCKER_CONFIG")
                .map(PathBuf::from)
                .or_else(|| dirs::home_dir().map(|h| h.join(".docker"))),
        }
    }
}

/// The endpoint the docker CLI would use in this process's environment.
pub fn resolve_endpoint() -> Result<Endpoint, EndpointError> {
    resolve_in(&EndpointEnv::from_process())
}

/// The endpoint the docker CLI would use in `env`.
pub fn resolve_in(env: &EndpointEnv) -> Result<Endpoint, EndpointError> {
    if let Some(host) = &env.docker_host {
        return Ok(Endpoint {
            host: host.clone(),
            origin: Origin::DockerHost,
        });
    }
    let default = Endpoint {
        host: DEFAULT_HOST.into(),
        origin: Origin::Default,
    };
    let Some(dir) = &env.config_dir else {
        return Ok(default);
    };
    let (name, by_env) = match &env.docker_context {
        Some(name) => (name.clone(), true),
        None => match current_context(&dir.join("config.json")) {
            Ok(Some(name)) => (name, false),
            Ok(None) => return Ok(default),
            Err(e) => {
                return Ok(Endpoint {
                    host: DEFAULT_HOST.into(),
                    origin: Origin::DefaultPastBadConfig {
                        why: format!(
                            "the docker config was ignored, as the docker CLI ignores it: {e}"
                        ),
                    },
                })
            }
        },
    };
    if name == "default" {
        return Ok(default);
    }
    let host = context_host(dir, &name, by_env)?;
    Ok(Endpoint {
        host,
        origin: Origin::Context { name, by_env },
    })
}

/// `currentContext` of the docker config, `None` when the file or the key
/// is absent.
fn current_context(config: &Path) -> Result<Option<String>, EndpointError> {
    let Some(value) = read_json(config)? else {
        return Ok(None);
    };
    Ok(value
        .get("currentContext")
        .and_then(|c| c.as_str())
        .filter(|c| !c.is_empty())
        .map(String::from))
}

/// The docker endpoint of the context `name`.
fn context_host(dir: &Path, name: &str, by_env: bool) -> Result<String, EndpointError> {
    let hash = Sha256::digest(name.as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    let meta = dir.join("contexts/meta").join(hex).join("meta.json");
    let by = if by_env {
        "named by DOCKER_CONTEXT"
    } else {
        "the current context in the docker config"
    };
    let Some(value) = read_json(&meta)? else {
        return Err(EndpointError::NoContext {
            name: name.into(),
            by,
            meta,
        });
    };
    value
        .pointer("/Endpoints/docker/Host")
        .and_then(|h| h.as_str())
        .filter(|h| !h.is_empty())
        .map(String::from)
        .ok_or_else(|| EndpointError::Unreadable {
            path: meta.clone(),
            why: "it has no `Endpoints.docker.Host`".into(),
        })
}

/// A small JSON file, `None` when it does not exist.
fn read_json(path: &Path) -> Result<Option<serde_json::Value>, EndpointError> {
    let unreadable = |why: String| EndpointError::Unreadable {
        path: path.to_path_buf(),
        why,
    };
    let text = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(unreadable(e.to_string())),
        Ok(m) if !m.is_file() => return Err(unreadable("it is not a regular file".into())),
        Ok(m) if m.len() > 1 << 20 => return Err(unreadable("it is larger than 1 MiB".into())),
        Ok(_) => std::fs::read_to_string(path).map_err(|e| unreadable(e.to_string()))?,
    };
    // The docker CLI reads an empty config as no config, and so does a
    // config saved with a byte-order mark by some editors.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str(text)
        .map(Some)
        .map_err(|e| unreadable(format!("it is not valid JSON ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(dir: &Path) -> EndpointEnv {
        EndpointEnv {
            config_dir: Some(dir.to_path_buf()),
            ..EndpointEnv::default()
        }
    }

    fn write_context(dir: &Path, name: &str, host: &str) {
        let hex: String = Sha256::digest(name.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let meta = dir.join("contexts/meta").join(hex);
        std::fs::create_dir_all(&meta).unwrap();
        let text = format!(
            r#"{{"Name":"{name}","Metadata":{{}},"Endpoints":{{"docker":{{"Host":"{host}","SkipTLSVerify":false}}}}}}"#
        );
        std::fs::write(meta.join("meta.json"), text).unwrap();
    }

    #[test]
    fn docker_host_wins_over_contexts() {
        let dir = tempfile::tempdir().unwrap();
        let mut e = env(dir.path());
        e.docker_host = Some("tcp://127.0.0.1:1".into());
        e.docker_context = Some("other".into());
        let found = resolve_in(&e).unwrap();
        assert_eq!(found.host, "tcp://127.0.0.1:1");
        assert_eq!(found.to_string(), "tcp://127.0.0.1:1 (from DOCKER_HOST)");
    }

    #[test]
    fn the_current_context_of_the_config_is_used() {
        let dir = tempfile::tempdir().unwrap();
        write_context(dir.path(), "other", "unix:///run/other.sock");
        std::fs::write(
            dir.path().join("config.json"),
            r#"{"currentContext":"other"}"#,
        )
        .unwrap();
        let found = resolve_in(&env(dir.path())).unwrap();
        assert_eq!(found.host, "unix:///run/other.sock");
        assert_eq!(
            found.to_string(),
            "unix:///run/other.sock (context `other`)"
        );
    }

    #[test]
    fn docker_context_wins_over_the_config_and_default_is_the_socket() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.json"),
            r#"{"currentContext":"gone"}"#,
        )
        .unwrap();
        let mut e = env(dir.path());
        e.docker_context = Some("default".into());
        assert_eq!(resolve_in(&e).unwrap().host, DEFAULT_HOST);
        e.docker_context = None;
        let err = resolve_in(&e).unwrap_err().to_string();
        assert!(err.contains("context `gone`"), "{err}");
        assert!(err.contains("docker context ls"), "{err}");
    }

    #[test]
    fn a_config_the_docker_cli_reads_past_is_read_past_too() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.json");
        for (text, note) in [
            ("", false),
            ("  \n", false),
            ("\u{feff}{}", false),
            ("{\"currentContext\": ", true),
            ("not json", true),
        ] {
            std::fs::write(&config, text).unwrap();
            let endpoint = resolve_in(&env(dir.path())).unwrap();
            assert_eq!(endpoint.host, DEFAULT_HOST, "{text:?}");
            let said = endpoint.to_string();
            assert_eq!(said.contains("ignored"), note, "{text:?}: {said}");
            if note {
                assert!(said.contains("config.json"), "{said}");
            }
        }
    }

    #[test]
    fn no_config_means_the_default_socket() {
        let dir = tempfile::tempdir().unwrap();
        let found = resolve_in(&env(dir.path())).unwrap();
        assert_eq!(found.origin, Origin::Default);
    }
}
