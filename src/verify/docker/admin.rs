//! The only Docker writes opslab makes: building the offline base image
//! (`opslab setup`) and removing the resources a lab declares (`opslab reset`,
//! `opslab pack test`), compose projects included ([`compose`]), and
//! looking for what is left of them ([`leftovers`]). Checks never call this
//! module.

mod compose;
mod leftovers;

pub use compose::{project_objects, remove_projects, ProjectObject, PROJECT_LABEL};
pub use leftovers::leftovers;

use std::collections::HashMap;
use std::fmt;

use bollard::query_parameters::{
    BuildImageOptionsBuilder, CreateImageOptionsBuilder, RemoveContainerOptionsBuilder,
    RemoveImageOptions, RemoveVolumeOptions, TagImageOptionsBuilder,
};
use futures::StreamExt;

use super::exact::image_reference_in;
use super::probe::{is_not_found, unreachable, DaemonError, DockerProbe};
use crate::pack::Resources;

/// The image labs build on, made by `opslab setup`.
pub const BASE_IMAGE: &str = "opslab/base:1";
pub const BASE_REPOSITORY: &str = "opslab/base";
/// How long a build or pull may go without a word from the daemon.
const STREAM_IDLE_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);
/// The label holding the sha256 of the busybox the base image was built from.
pub const BUSYBOX_LABEL: &str = "org.opslab.busybox.sha256";

/// Builds [`BASE_IMAGE`] FROM scratch around a static busybox, labelled with
/// `digest` (the busybox's sha256), and tags it `latest` too. `progress`
/// receives one line per build step.
pub async fn build_base_image(
    probe: &DockerProbe,
    busybox: &[u8],
    digest: &str,
    progress: &mut dyn FnMut(&str),
) -> Result<(), DaemonError> {
    let context = base_context(busybox, digest)
        .map_err(|e| DaemonError(format!("could not pack the build context: {e}")))?;
    let doing = format!("build {BASE_IMAGE}");
    build_image(
        probe,
        context,
        BASE_IMAGE,
        &HashMap::new(),
        &doing,
        progress,
    )
    .await?;
    tag(probe, BASE_IMAGE, BASE_REPOSITORY, "latest").await
}

/// Builds the gzip-less tar `context` (holding a `Dockerfile`) as `tag`,
/// with `labels` added to the image; `doing` names the build in messages,
/// `progress` receives each `Step` line. A daemon that sends nothing for
/// [`STREAM_IDLE_LIMIT`] is an error.
pub async fn build_image(
    probe: &DockerProbe,
    context: Vec<u8>,
    tag: &str,
    labels: &HashMap<&str, &str>,
    doing: &str,
    progress: &mut dyn FnMut(&str),
) -> Result<(), DaemonError> {
    let options = BuildImageOptionsBuilder::new()
        .dockerfile("Dockerfile")
        .t(tag)
        .labels(labels)
        .rm(true)
        .forcerm(true)
        .build();
    let mut stream =
        probe
            .client
            .build_image(options, None, Some(bollard::body_full(context.into())));
    while let Some(item) = next_within(probe, &mut stream, doing).await? {
        let info = item.map_err(|e| probe.daemon_error(doing, e))?;
        if let Some(detail) = info.error_detail {
            let why = detail.message.unwrap_or_else(|| "the build failed".into());
            return Err(DaemonError(format!("Docker could not {doing}: {why}")));
        }
        for line in info.stream.as_deref().unwrap_or("").lines() {
            if line.starts_with("Step ") {
                progress(line.trim());
            }
        }
    }
    Ok(())
}

/// Gives `source` the name `repo:tag` as well.
pub async fn tag(
    probe: &DockerProbe,
    source: &str,
    repo: &str,
    tag: &str,
) -> Result<(), DaemonError> {
    let options = TagImageOptionsBuilder::new().repo(repo).tag(tag).build();
    probe
        .client
        .tag_image(source, Some(options))
        .await
        .map_err(|e| probe.daemon_error(&format!("tag {source} as {repo}:{tag}"), e))
}

/// Pulls `image:tag` from its registry (only `opslab setup --online`).
pub async fn pull(
    probe: &DockerProbe,
    image: &str,
    tag: &str,
    progress: &mut dyn FnMut(&str),
) -> Result<(), DaemonError> {
    let options = CreateImageOptionsBuilder::new()
        .from_image(image)
        .tag(tag)
        .build();
    let mut stream = probe.client.create_image(Some(options), None, None);
    let doing = format!("pull {image}:{tag}");
    while let Some(item) = next_within(probe, &mut stream, &doing).await? {
        let info = item.map_err(|e| probe.daemon_error(&doing, e))?;
        if let Some(detail) = info.error_detail {
            let why = detail.message.unwrap_or_else(|| "the pull failed".into());
            return Err(DaemonError(format!(
                "Docker could not pull {image}:{tag}: {why}"
            )));
        }
        if let (Some(status), None) = (info.status.as_deref(), info.progress_detail) {
            progress(status);
        }
    }
    Ok(())
}

/// The next item of a build or pull stream; an error when the daemon sends
/// nothing for [`STREAM_IDLE_LIMIT`] (it reports progress far more often).
async fn next_within<S: futures::Stream + Unpin>(
    probe: &DockerProbe,
    stream: &mut S,
    doing: &str,
) -> Result<Option<S::Item>, DaemonError> {
    tokio::time::timeout(STREAM_IDLE_LIMIT, stream.next())
        .await
        .map_err(|_| {
            DaemonError(format!(
                "could not reach the Docker daemon at {}: it sent nothing for {} s while asked to {doing}",
                probe.endpoint(),
                STREAM_IDLE_LIMIT.as_secs()
            ))
        })
}

/// The build context: a Dockerfile, the busybox, and /etc/passwd and
/// /etc/group with root, nobody and `app` (uid 1000) so `USER app` works.
pub fn base_context(busybox: &[u8], digest: &str) -> std::io::Result<Vec<u8>> {
    let dockerfile = format!(
        "FROM scratch\n\
         COPY busybox /bin/busybox\n\
         COPY passwd group /etc/\n\
         RUN [\"/bin/busybox\", \"sh\", \"-c\", \"/bin/busybox --install -s /bin && mkdir -p /tmp /root /home/app && chmod 1777 /tmp && chown 1000:1000 /home/app\"]\n\
         ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n\
         LABEL {BUSYBOX_LABEL}=\"{digest}\"\n\
         CMD [\"sh\"]\n"
    );
    let passwd = "root:x:0:0:root:/root:/bin/sh\n\
                  nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n\
                  app:x:1000:1000:app:/home/app:/bin/sh\n";
    let group = "root:x:0:\nnobody:x:65534:\napp:x:1000:\n";
    let mut tar = tar::Builder::new(Vec::new());
    for (name, bytes, mode) in [
        ("Dockerfile", dockerfile.as_bytes(), 0o644),
        ("busybox", busybox, 0o755),
        ("passwd", passwd.as_bytes(), 0o644),
        ("group", group.as_bytes(), 0o644),
    ] {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(mode);
        header.set_mtime(0);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes)?;
    }
    tar.into_inner()
}

/// The kinds of Docker object a lab can declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceKind {
    Container,
    Network,
    Volume,
    Image,
}

impl fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ResourceKind::Container => "container",
            ResourceKind::Network => "network",
            ResourceKind::Volume => "volume",
            ResourceKind::Image => "image",
        })
    }
}

/// What happened to one declared resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Removed {
    Removed,
    /// It was not there; nothing to do.
    Missing,
    Failed(String),
}

/// The declared resources in the order they are removed: containers (so
/// nothing holds the rest), then networks, volumes and images.
pub fn removal_order(resources: &Resources) -> Vec<(ResourceKind, &str)> {
    let mut out = Vec::new();
    for (kind, names) in [
        (ResourceKind::Container, &resources.containers),
        (ResourceKind::Network, &resources.networks),
        (ResourceKind::Volume, &resources.volumes),
        (ResourceKind::Image, &resources.images),
    ] {
        out.extend(names.iter().map(|n| (kind, n.as_str())));
    }
    out
}

/// Removes exactly the declared resources: each is looked up by its exact
/// name and removed by the ID found, so an object whose ID merely starts
/// with a declared name is never touched. Containers go forcibly with their
/// anonymous volumes; missing ones are fine. Once the daemon stops
/// answering, the rest are not tried (each would wait in vain).
pub async fn remove_resources(
    probe: &DockerProbe,
    resources: &Resources,
) -> Vec<(ResourceKind, String, Removed)> {
    let mut out = Vec::new();
    let mut gone: Option<String> = None;
    for (kind, name) in removal_order(resources) {
        let removed = match &gone {
            Some(why) => Removed::Failed(format!("{kind} {name} not removed: {why}")),
            None => match remove_one(probe, kind, name).await {
                Ok(true) => Removed::Removed,
                Ok(false) => Removed::Missing,
                Err(e) => {
                    let text = probe.failure(&format!("remove {kind} {name}"), &e);
                    if unreachable(&e) {
                        gone = Some(format!(
                            "the Docker daemon at {} did not answer",
                            probe.endpoint()
                        ));
                    }
                    Removed::Failed(text)
                }
            },
        };
        out.push((kind, name.to_string(), removed));
    }
    out
}

/// Removes the object named exactly `name`; `Ok(false)` when there is none.
async fn remove_one(
    probe: &DockerProbe,
    kind: ResourceKind,
    name: &str,
) -> Result<bool, bollard::errors::Error> {
    let client = &probe.client;
    let gone = |answer: Result<(), bollard::errors::Error>| match answer {
        Ok(()) => Ok(true),
        Err(e) if is_not_found(&e) => Ok(false),
        Err(e) => Err(e),
    };
    match kind {
        ResourceKind::Container => {
            let Some(id) = probe
                .inspect_container_exact(name)
                .await?
                .and_then(|c| c.id)
            else {
                return Ok(false);
            };
            let options = RemoveContainerOptionsBuilder::new()
                .force(true)
                .v(true)
                .build();
            gone(client.remove_container(&id, Some(options)).await)
        }
        ResourceKind::Network => {
            let Some(id) = probe.inspect_network_exact(name).await?.and_then(|n| n.id) else {
                return Ok(false);
            };
            gone(client.remove_network(&id).await)
        }
        ResourceKind::Volume => {
            if probe.inspect_volume_exact(name).await?.is_none() {
                return Ok(false);
            }
            gone(
                client
                    .remove_volume(name, None::<RemoveVolumeOptions>)
                    .await,
            )
        }
        ResourceKind::Image if name.ends_with(":*") => {
            // Every tag of the repository, each untagged by its own name.
            let mut any = false;
            for tag in repository_tags(probe, name).await? {
                let answer = client
                    .remove_image(&tag, None::<RemoveImageOptions>, None)
                    .await;
                any |= gone(answer.map(|_| ()))?;
            }
            Ok(any)
        }
        ResourceKind::Image => {
            // Removed by the tag (or digest, or full ID) that matched, as
            // Docker lists it: that untags exactly this name.
            let found = probe.inspect_image_exact(name).await?;
            let Some(listed) = found.and_then(|i| image_reference_in(&i, name)) else {
                return Ok(false);
            };
            let answer = client
                .remove_image(&listed, None::<RemoveImageOptions>, None)
                .await;
            gone(answer.map(|_| ()))
        }
    }
}

/// The tags of the repository of `pattern` (`REPO:*`) that the daemon
/// has now, as `REPO:TAG`; only tags of exactly that repository.
pub async fn repository_tags(
    probe: &DockerProbe,
    pattern: &str,
) -> Result<Vec<String>, bollard::errors::Error> {
    let repo = pattern.trim_end_matches(":*");
    let filters = HashMap::from([("reference", vec![format!("{repo}:*")])]);
    let options = bollard::query_parameters::ListImagesOptionsBuilder::new()
        .filters(&filters)
        .build();
    let images = probe.client.list_images(Some(options)).await?;
    let prefix = format!("{repo}:");
    Ok(images
        .into_iter()
        .flat_map(|i| i.repo_tags)
        .filter(|t| {
            t.strip_prefix(&prefix)
                .is_some_and(|tag| !tag.contains('/'))
        })
        .collect())
}

/// Labels as a map, for callers comparing them.
pub fn labels_match(labels: &HashMap<String, String>, digest: &str) -> bool {
    labels.get(BUSYBOX_LABEL).map(String::as_str) == Some(digest)
}
