//! Read-only facts about the daemon for `opslab doctor` and `opslab setup`:
//! versions, and whether an image is present with which labels.

use std::collections::HashMap;

use super::probe::DockerProbe;

pub use super::probe::DaemonError;

/// What the daemon says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DaemonInfo {
    /// The address, e.g. `unix:///var/run/docker.sock`.
    pub endpoint: String,
    /// How the address was found, e.g. ``context `other` ``.
    pub found_by: String,
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
            .map_err(|e| self.daemon_error("read its version", e))?;
        let unknown = || "unknown".to_string();
        let client = self.client.client_version();
        Ok(DaemonInfo {
            endpoint: self.endpoint().host.clone(),
            found_by: self.endpoint().origin_text(),
            engine_version: version.version.unwrap_or_else(unknown),
            api_version: version.api_version.unwrap_or_else(unknown),
            client_api_version: format!("{}.{}", client.major_version, client.minor_version),
            os: version.os.unwrap_or_else(unknown),
            arch: version.arch.unwrap_or_else(unknown),
        })
    }

    /// The labels of the local image `reference` names exactly, or None
    /// when there is no such image.
    pub async fn image_labels(
        &self,
        reference: &str,
    ) -> Result<Option<HashMap<String, String>>, DaemonError> {
        match self.inspect_image_exact(reference).await {
            Ok(image) => Ok(image.map(|i| i.config.and_then(|c| c.labels).unwrap_or_default())),
            Err(e) => Err(self.daemon_error(&format!("inspect image {reference}"), e)),
        }
    }
}
