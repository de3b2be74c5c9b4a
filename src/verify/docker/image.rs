//! Evaluating image, volume and network checks: read what the check names,
//! then judge it (`image_rules`, `volume`, `network`).

use super::image_facts::ImageFacts;
use super::image_rules as rules;
use super::inspect::{self, Family};
use super::{absence, counts, network, volume, DockerProbe};
use crate::pack::checks::ImageCheck;
use crate::verify::{Context, Outcome};

pub async fn evaluate_image(check: &ImageCheck, ctx: &Context) -> Outcome {
    let docker = match ctx.docker() {
        Ok(d) => d,
        Err(o) => return o,
    };
    use ImageCheck::*;
    match check {
        VolumeExists { volume, driver } => volume::exists(docker, volume, driver.as_deref()).await,
        VolumeUsedBy { volume, containers } => volume::used_by(docker, volume, containers).await,
        NetworkExists { network, driver } => {
            network::exists(docker, network, driver.as_deref()).await
        }
        NetworkConnected {
            network,
            containers,
        } => network::connected(docker, network, containers).await,
        Same { image, other } => same(docker, image, other).await,
        ContainerAbsent { container } => absence::container(docker, container).await,
        Absent { image } => absence::image(docker, image).await,
        VolumeAbsent { volume } => absence::volume(docker, volume).await,
        NetworkAbsent { network } => absence::network(docker, network).await,
        ContainerCount(c) => counts::containers(docker, c).await,
        ImageCount(c) => counts::images(docker, c).await,
        VolumeCount(c) => counts::volumes(docker, c).await,
        NetworkCount(c) => counts::networks(docker, c).await,
        ContainerInspect(i) => inspect::evaluate(docker, Family::Container, i).await,
        ImageInspect(i) => inspect::evaluate(docker, Family::Image, i).await,
        VolumeInspect(i) => inspect::evaluate(docker, Family::Volume, i).await,
        NetworkInspect(i) => inspect::evaluate(docker, Family::Network, i).await,
        _ => match image_of(check) {
            Some(image) => match found(docker, image).await {
                Ok(facts) => judge(check, image, &facts),
                Err(o) => o,
            },
            None => Outcome::error("this image check names no image (a bug in opslab)"),
        },
    }
}

/// The image a single-image check looks at.
fn image_of(check: &ImageCheck) -> Option<&str> {
    use ImageCheck::*;
    match check {
        Exists { image }
        | Size { image, .. }
        | Layers { image, .. }
        | User { image, .. }
        | Healthcheck { image }
        | Exposes { image, .. }
        | Entrypoint { image, .. }
        | Cmd { image, .. } => Some(image),
        Env(e) => Some(&e.image),
        Label(l) => Some(&l.image),
        _ => None,
    }
}

/// Judges a single-image check on the facts read for `image`.
fn judge(check: &ImageCheck, image: &str, facts: &ImageFacts) -> Outcome {
    use ImageCheck::*;
    super::image_evidence::record(check, image, facts);
    match check {
        Exists { .. } => Outcome::Passed,
        Size { at_most, .. } => rules::size(image, facts, *at_most),
        Layers { at_most, .. } => rules::layers(image, facts, *at_most),
        User { user, one_of, .. } => {
            let users: Vec<String> = user.iter().chain(one_of).cloned().collect();
            rules::user(image, facts, &users)
        }
        Healthcheck { .. } => rules::healthcheck(image, facts),
        Exposes { port, .. } => rules::exposes(image, facts, port),
        Label(l) if !l.set => rules::no_label(image, facts, &l.name),
        Label(l) => rules::label(image, facts, &l.name, l.value.as_deref()),
        Env(e) => rules::env(e, facts),
        Entrypoint { value, .. } => rules::command("ENTRYPOINT", image, &facts.entrypoint, value),
        Cmd { value, .. } => rules::command("CMD", image, &facts.cmd, value),
        _ => Outcome::error("not a single-image check (a bug in opslab)"),
    }
}

/// Reads the image, or the outcome that ends the check.
async fn found(docker: &DockerProbe, image: &str) -> Result<ImageFacts, Outcome> {
    match docker.image_facts(image).await? {
        Some(facts) => Ok(facts),
        None => Err(rules::missing_image(
            image,
            &docker.other_tags(image).await?,
        )),
    }
}

async fn same(docker: &DockerProbe, image: &str, other: &str) -> Outcome {
    let first = match found(docker, image).await {
        Ok(f) => f,
        Err(o) => return o,
    };
    let second = match docker.image_facts(other).await {
        Ok(Some(f)) => f,
        Ok(None) => {
            return Outcome::failed_with_hint(
                format!("an image {other} (the same as {image})"),
                format!("no image {other} on this machine"),
                format!("tag it with `docker tag {image} {other}`"),
            )
        }
        Err(o) => return o,
    };
    rules::same(image, &first, other, &second)
}
