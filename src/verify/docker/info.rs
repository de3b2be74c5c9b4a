//! Read-only facts about the daemon for `opslab doctor` and `opslab setup`:
//! versions, and whether an image is present with which labels.

use std::collections::HashMap;

use super::probe::DockerProbe;

/// The daemon refused or failed a request.
#[derive(Clone, Debug, thiserror::Error)]
#[error("Docker could not {action}: {message}")]
pub struct DaemonError {
    /// What was asked, e.g. "read its version".
    pub action: String,
    pub message: String,
}

impl DaemonError {
    pub(crate) fn new(action: impl Into<String>, err: &bollard::errors::Error) -> DaemonError {
        let message = match err {
            bollard::errors::Error::DockerResponseServerError { message, .. } => message.clone(),
            other => other.to_string(),
        };
        DaemonError {
            action: action.into(),
            message,
        }
    }
}

/// The daemon said "no such object".
pub(crate) fn is_missing(err: &bollard::errors::Error) -> bool {
    matches!(
        err,
        bollard::errors::Error::DockerResponseServerError {
            status_code: 404,
            ..
        }
    )
}

/// What the daemon says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DaemonInfo {
    pub endpoint: String,
    pub engine_version: String,
    /// The daemon's API version.
    pub api_version: String,
    /// The API version opslab agreed to speak with it.
    pub client_api_version: String,
    pub os: String,
    pub arch: String,
}

impl DockerProbe {
    /// The daemon's versions and platform.
    pub async fn daemon_info(&self) -> Result<DaemonInfo, DaemonError> {
        let version = self
            .client
            .version()
            .await
            .map_err(|e| DaemonError::new("read its version", &e))?;
        let unknown = || "unknown".to_string();
        let client = self.client.client_version();
        Ok(DaemonInfo {
            endpoint: self.endpoint().to_string(),
            engine_version: version.version.unwrap_or_else(unknown),
            api_version: version.api_version.unwrap_or_else(unknown),
            client_api_version: format!("{}.{}", client.major_version, client.minor_version),
            os: version.os.unwrap_or_else(unknown),
            arch: version.arch.unwrap_or_else(unknown),
        })
    }

    /// The labels of a local image, or None when there is no such image.
    pub async fn image_labels(
        &self,
        reference: &str,
    ) -> Result<Option<HashMap<String, String>>, DaemonError> {
        match self.client.inspect_image(reference).await {
            Ok(image) => Ok(Some(
                image.config.and_then(|c| c.labels).unwrap_or_default(),
            )),
            Err(e) if is_missing(&e) => Ok(None),
            Err(e) => Err(DaemonError::new(format!("inspect image {reference}"), &e)),
        }
    }
}
