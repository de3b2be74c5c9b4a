//! Connecting to the daemon and reading facts from it. Read-only.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use bollard::errors::Error as BollardError;
use bollard::{Docker, API_DEFAULT_VERSION};
use tokio::sync::{Mutex, OnceCell};

use super::container_facts::ContainerFacts;
use super::endpoint::{resolve_endpoint, Endpoint, EndpointError};
use super::negotiate::{ping, Ping};

/// How long the daemon may take to start answering one request, in
/// seconds. bollard's default is 120 s; a local daemon answers in
/// milliseconds, so this only ends waits on a daemon that is stuck. Streams
/// (logs, builds) are bounded separately by their readers.
pub const REQUEST_LIMIT_SECS: u64 = 10;

/// Why Docker checks cannot run. The message says where opslab looked and
/// how to fix it.
#[derive(Clone, Debug, thiserror::Error)]
pub enum DockerUnavailable {
    #[error("this run was started without a Docker connection")]
    NotConnected,
    #[error("could not find the Docker daemon: {0}")]
    NoEndpoint(#[from] EndpointError),
    #[error("could not reach the Docker daemon at {endpoint} ({cause}). {}", endpoint.advice())]
    NotAnswering { endpoint: Endpoint, cause: String },
}

/// A connection to the Docker daemon, with the API version agreed with it.
#[derive(Clone, Debug)]
pub struct DockerProbe {
    pub(crate) client: Docker,
    endpoint: Arc<Endpoint>,
}

impl DockerProbe {
    /// Connects to the daemon the docker CLI would use (see
    /// [`resolve_endpoint`]) and agrees on an API version with one `/_ping`.
    /// Gives up after a few seconds when nothing answers.
    pub async fn connect() -> Result<DockerProbe, DockerUnavailable> {
        DockerProbe::connect_to(resolve_endpoint()?).await
    }

    /// Connects to `endpoint` (`unix://` or `tcp://`).
    pub async fn connect_to(endpoint: Endpoint) -> Result<DockerProbe, DockerUnavailable> {
        let not_answering = |cause: String| DockerUnavailable::NotAnswering {
            endpoint: endpoint.clone(),
            cause,
        };
        let host = endpoint.host.as_str();
        let version = match ping(host).await.map_err(&not_answering)? {
            Ping::Agreed(version) => version,
            Ping::Silent => *API_DEFAULT_VERSION,
        };
        let client = if host.starts_with("unix://") {
            Docker::connect_with_unix(host, REQUEST_LIMIT_SECS, &version)
        } else if host.starts_with("tcp://") || host.starts_with("http://") {
            Docker::connect_with_http(host, REQUEST_LIMIT_SECS, &version)
        } else {
            return Err(not_answering(
                "opslab reaches Docker through unix:// and tcp:// addresses only".into(),
            ));
        };
        let client = client.map_err(|e| not_answering(e.to_string()))?;
        Ok(DockerProbe {
            client,
            endpoint: Arc::new(endpoint),
        })
    }

    /// Where the daemon is reached and how that address was found.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The words for a daemon call that failed; `doing` is what was asked,
    /// e.g. "inspect container `web`". Every message names the endpoint.
    pub(crate) fn failure(&self, doing: &str, e: &BollardError) -> String {
        let at = &self.endpoint;
        match e {
            BollardError::RequestTimeoutError => format!(
                "could not reach the Docker daemon at {at}: no answer within {REQUEST_LIMIT_SECS} s when asked to {doing}. `docker info` shows whether it answers."
            ),
            BollardError::DockerResponseServerError {
                status_code,
                message,
            } => format!(
                "Docker at {at} could not {doing}: the daemon answered {status_code}: {message}"
            ),
            other if unreachable(other) => {
                format!("could not reach the Docker daemon at {at} to {doing}: {other}")
            }
            other => format!("Docker at {at} could not {doing}: {other}"),
        }
    }

    /// [`DockerProbe::failure`] as a [`DaemonError`].
    pub(crate) fn daemon_error(&self, doing: &str, e: BollardError) -> DaemonError {
        DaemonError(self.failure(doing, &e))
    }
}

/// Whether the error means the daemon did not answer at all (as opposed to
/// answering "no").
pub(crate) fn unreachable(e: &BollardError) -> bool {
    matches!(
        e,
        BollardError::RequestTimeoutError
            | BollardError::HyperResponseError { .. }
            | BollardError::HyperLegacyError { .. }
            | BollardError::IOError { .. }
            | BollardError::SocketNotFoundError(_)
    )
}

/// The daemon could not answer a question; the text says what went wrong,
/// where, and in the daemon's own words where it gave some.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DaemonError(pub String);

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
