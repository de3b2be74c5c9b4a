//! Connecting to the daemon and reading facts from it. Read-only.

use bollard::Docker;

/// Why Docker checks cannot run. The message says how to fix it.
#[derive(Clone, Debug, thiserror::Error)]
pub enum DockerUnavailable {
    #[error("this run was started without a Docker connection")]
    NotConnected,
    #[error("Docker is not answering at {endpoint} ({cause}). Start it with `sudo systemctl start docker` (or `sudo dockerd &`), or set DOCKER_HOST to where it listens.")]
    NotAnswering { endpoint: String, cause: String },
}

/// A connection to the Docker daemon, with the API version agreed with it.
#[derive(Clone, Debug)]
pub struct DockerProbe {
    pub(crate) client: Docker,
    endpoint: String,
}

impl DockerProbe {
    /// Connects with the local defaults (respecting `DOCKER_HOST`) and agrees
    /// on an API version with the daemon.
    pub async fn connect() -> Result<DockerProbe, DockerUnavailable> {
        let endpoint = endpoint();
        let not_answering = |cause: String| DockerUnavailable::NotAnswering {
            endpoint: endpoint.clone(),
            cause,
        };
        let client = Docker::connect_with_defaults().map_err(|e| not_answering(e.to_string()))?;
        let client = client
            .negotiate_version()
            .await
            .map_err(|e| not_answering(e.to_string()))?;
        Ok(DockerProbe { client, endpoint })
    }

    /// Where the daemon is reached, as the user would write it.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }
}

/// The daemon address in use: `DOCKER_HOST` or the default socket.
pub fn endpoint() -> String {
    std::env::var("DOCKER_HOST")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unix:///var/run/docker.sock".to_string())
}

/// Docker facts read once per run and shared by its checks.
#[derive(Default)]
pub struct Memo {}
