//! What the image checks read about one image, turned from the Engine API's
//! inspect answer into opslab's own small type at the probe's edge.

use std::collections::{BTreeMap, HashMap};

use bollard::errors::Error as BollardError;
use bollard::models::{HealthConfig, ImageInspect};
use bollard::query_parameters::ListImagesOptionsBuilder;

use super::exact::normalized;
use super::DockerProbe;
use crate::verify::evidence::{or_absent, saw};
use crate::verify::Outcome;

/// A read of one named object: `Ok(None)` when it does not exist (the
/// learner's business), `Err` holding the "could not run" outcome when the
/// daemon could not answer.
pub(super) type Lookup<T> = Result<Option<T>, Outcome>;

impl DockerProbe {
    /// Turns an exact lookup into a [`Lookup`]; `what` names the object.
    pub(super) fn lookup<T, U>(
        &self,
        what: &str,
        answer: Result<Option<T>, BollardError>,
        convert: impl FnOnce(T) -> U,
    ) -> Lookup<U> {
        answer
            .map(|found| found.map(convert))
            .map_err(|e| self.could_not_read(what, e))
    }

    /// The "could not run" outcome for a daemon call that failed.
    pub(super) fn could_not_read(&self, what: &str, e: BollardError) -> Outcome {
        Outcome::error(self.failure(&format!("read {what}"), &e))
    }
}

/// An image as the image checks see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageFacts {
    /// The content-addressed id (`sha256:...`).
    pub id: String,
    /// Size on disk in bytes, when the daemon reports it.
    pub size: Option<u64>,
    pub layers: usize,
    /// The configured `USER`, empty when none is set.
    pub user: String,
    pub health: Health,
    /// Exposed ports as Docker writes them: `8080/tcp`.
    pub exposed: Vec<String>,
    pub labels: BTreeMap<String, String>,
    /// Environment variables in the order the image sets them.
    pub env: Vec<(String, String)>,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
}

/// Whether the image defines a health check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Health {
    NotSet,
    /// `HEALTHCHECK NONE`: switched off, including any inherited one.
    Disabled,
    /// The test, as the Engine stores it (`["CMD-SHELL", "wget ..."]`).
    Defined(Vec<String>),
}

impl DockerProbe {
    /// The image a reference (`opslab/web:1`, a full `sha256:` ID) names,
    /// if there is one. An ID prefix names nothing.
    pub async fn image_facts(&self, reference: &str) -> Lookup<ImageFacts> {
        let answer = self.inspect_image_exact(reference).await;
        let facts = self.lookup(&format!("image `{reference}`"), answer, ImageFacts::from);
        if let Ok(found) = &facts {
            let id = found.as_ref().map(|f| f.id.as_str());
            saw(format!("image {reference}"), "Id", or_absent(id));
        }
        facts
    }

    /// The tags of the repository of `reference` that exist locally
    /// (`web:2` when `web:1` is asked), sorted.
    pub async fn other_tags(&self, reference: &str) -> Result<Vec<String>, Outcome> {
        let want = normalized(reference);
        let repository = match want.rsplit_once(':') {
            Some((repo, tag)) if !tag.contains('/') && !want.contains('@') => repo.to_string(),
            _ => return Ok(Vec::new()),
        };
        let filters = HashMap::from([("reference", vec![repository.as_str()])]);
        let options = ListImagesOptionsBuilder::new().filters(&filters).build();
        let listed = self
            .client
            .list_images(Some(options))
            .await
            .map_err(|e| self.could_not_read(&format!("the tags of {repository}"), e))?;
        let mut tags: Vec<String> = listed
            .into_iter()
            .flat_map(|i| i.repo_tags)
            .filter(|t| normalized(t).rsplit_once(':').map(|(r, _)| r) == Some(repository.as_str()))
            .collect();
        tags.sort();
        tags.dedup();
        Ok(tags)
    }
}

impl From<ImageInspect> for ImageFacts {
    fn from(inspect: ImageInspect) -> ImageFacts {
        let config = inspect.config.unwrap_or_default();
        ImageFacts {
            id: inspect.id.unwrap_or_default(),
            size: inspect.size.and_then(|s| u64::try_from(s).ok()),
            layers: inspect
                .root_fs
                .and_then(|r| r.layers)
                .map_or(0, |l| l.len()),
            user: config.user.unwrap_or_default(),
            health: Health::from(config.healthcheck),
            exposed: config.exposed_ports.unwrap_or_default(),
            labels: config.labels.unwrap_or_default().into_iter().collect(),
            env: config
                .env
                .unwrap_or_default()
                .iter()
                .filter_map(|pair| pair.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            entrypoint: config.entrypoint.unwrap_or_default(),
            cmd: config.cmd.unwrap_or_default(),
        }
    }
}

impl From<Option<HealthConfig>> for Health {
    fn from(config: Option<HealthConfig>) -> Health {
        let test = config.and_then(|c| c.test).unwrap_or_default();
        match test.first().map(String::as_str) {
            None | Some("") => Health::NotSet,
            Some("NONE") => Health::Disabled,
            Some(_) => Health::Defined(test),
        }
    }
}

impl ImageFacts {
    /// The short id `docker images` shows.
    pub fn short_id(&self) -> &str {
        let hex = self.id.strip_prefix("sha256:").unwrap_or(&self.id);
        hex.get(..12).unwrap_or(hex)
    }

    pub fn env_var(&self, name: &str) -> Option<&str> {
        // A later ENV of the same name wins, as it does in the container.
        self.env
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}
