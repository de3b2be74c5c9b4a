//! Connecting to the daemon and reading facts from it. Read-only.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use bollard::errors::Error as BollardError;
use bollard::Docker;
use tokio::sync::{Mutex, OnceCell};

use super::container_facts::ContainerFacts;
use super::negotiate::{ping, Ping};

/// bollard's default limit for one request, in seconds.
const REQUEST_LIMIT_SECS: u64 = 120;

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
    /// on an API version with the daemon: through one `/_ping` on a Unix
    /// socket, through bollard's negotiation elsewhere.
    pub async fn connect() -> Result<DockerProbe, DockerUnavailable> {
        let endpoint = endpoint();
        let not_answering = |cause: String| DockerUnavailable::NotAnswering {
            endpoint: endpoint.clone(),
            cause,
        };
        if let Some(path) = endpoint.strip_prefix("unix://") {
            if let Ping::Agreed(version) = ping(path).await.map_err(&not_answering)? {
                let client = Docker::connect_with_unix(&endpoint, REQUEST_LIMIT_SECS, &version)
                    .map_err(|e| not_answering(e.to_string()))?;
                return Ok(DockerProbe { client, endpoint });
            }
        }
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

/// The daemon could not answer a question; the text says what went wrong,
/// in the daemon's own words where it gave some.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DaemonError(pub String);

impl DaemonError {
    /// `doing` is what was asked, e.g. "inspect container `web`".
    pub(crate) fn from_bollard(doing: &str, e: BollardError) -> DaemonError {
        let cause = match e {
            BollardError::DockerResponseServerError {
                status_code,
                message,
            } => format!("the daemon answered {status_code}: {message}"),
            other => other.to_string(),
        };
        DaemonError(format!("Docker could not {doing}: {cause}"))
    }
}

/// Whether the daemon said the object asked about does not exist.
pub(crate) fn is_not_found(e: &BollardError) -> bool {
    matches!(
        e,
        BollardError::DockerResponseServerError {
            status_code: 404,
            ..
        }
    )
}

/// What looking a container up found: its facts, or `None` when there is
/// no container of that name.
pub type ContainerLookup = Result<Option<Arc<ContainerFacts>>, DaemonError>;

/// Docker facts read once per run and shared by its checks: several checks
/// on one container inspect it once, even when they run at the same time.
#[derive(Default)]
pub struct Memo {
    containers: Mutex<HashMap<String, Arc<OnceCell<ContainerLookup>>>>,
}

impl Memo {
    /// The container named `name`, inspected through `probe` on first use.
    pub async fn container(&self, probe: &DockerProbe, name: &str) -> ContainerLookup {
        self.container_with(name, || probe.container(name)).await
    }

    /// The memo's core, with the lookup given so it can be tested without a
    /// daemon.
    pub(crate) async fn container_with<F, Fut>(&self, name: &str, look: F) -> ContainerLookup
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = ContainerLookup>,
    {
        let cell = {
            let mut map = self.containers.lock().await;
            map.entry(name.to_string()).or_default().clone()
        };
        cell.get_or_init(look).await.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn memo_looks_each_container_up_once() {
        let memo = Memo::default();
        let calls = AtomicUsize::new(0);
        let look = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            tokio::task::yield_now().await;
            Ok(None)
        };
        let runs = (0..5).map(|_| memo.container_with("web", look));
        let found = futures::future::join_all(runs).await;
        assert!(found.iter().all(|f| f == &Ok(None)));
        memo.container_with("db", look).await.ok();
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
