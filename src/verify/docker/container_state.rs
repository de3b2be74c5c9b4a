//! Container state: running, exit code, health, and the image it came from.

use super::container::not_running;
use super::container_facts::ContainerFacts;
use super::exact::normalized;
use super::DockerProbe;
use crate::pack::checks::HealthStatus;
use crate::verify::evidence::{or_absent, saw};
use crate::verify::Outcome;

/// The state in words: `running`, `exited (code 1)`, `created (never started)`.
pub(super) fn status_text(c: &ContainerFacts) -> String {
    match c.status.as_str() {
        "exited" => format!("exited (code {})", c.exit_code),
        "created" => "created (never started)".into(),
        "" => "in an unknown state".into(),
        other => other.to_string(),
    }
}

pub(super) fn running(c: &ContainerFacts) -> Outcome {
    if c.running {
        return Outcome::Passed;
    }
    Outcome::failed_with_hint(
        format!("container `{}` running", c.name),
        format!("container `{}` is {}", c.name, status_text(c)),
        format!(
            "Start it with `docker start {0}`; if it stops again, `docker logs {0}` shows why.",
            c.name
        ),
    )
}

pub(super) fn exit_code(c: &ContainerFacts, code: i64) -> Outcome {
    let expected = format!("container `{}` exited with code {code}", c.name);
    match c.status.as_str() {
        "exited" | "dead" if c.exit_code == code => Outcome::Passed,
        "exited" | "dead" => Outcome::failed_with_hint(
            expected,
            format!("container `{}` exited with code {}", c.name, c.exit_code),
            format!(
                "`docker logs {}` shows what it printed before it stopped.",
                c.name
            ),
        ),
        "created" => Outcome::failed(
            expected,
            format!("container `{}` has not run yet (created)", c.name),
        ),
        _ if c.running => Outcome::failed_with_hint(
            expected,
            format!("container `{}` is still running", c.name),
            format!(
                "Wait for it to finish (`docker wait {}`), or check the command it runs.",
                c.name
            ),
        ),
        _ => Outcome::failed(
            expected,
            format!("container `{}` is {}", c.name, status_text(c)),
        ),
    }
}

pub(super) async fn image(c: &ContainerFacts, image: &str, docker: &DockerProbe) -> Outcome {
    if normalized(&c.image_ref) == normalized(image) {
        return Outcome::Passed;
    }
    let found = docker.image_id_of(image).await;
    if let Ok(id) = &found {
        saw(format!("image {image}"), "Id", or_absent(id.as_ref()));
    }
    match found {
        Ok(Some(id)) if id == c.image_id => Outcome::Passed,
        Ok(_) => Outcome::failed_with_hint(
            format!("container `{}` created from image `{image}`", c.name),
            format!("container `{}` created from image `{}`", c.name, c.image_ref),
            format!(
                "The image is fixed when a container is created: remove it (`docker rm -f {0}`) and run it again from `{image}`.",
                c.name
            ),
        ),
        Err(e) => Outcome::error(e.to_string()),
    }
}

pub(super) fn health(c: &ContainerFacts, wanted: HealthStatus) -> Outcome {
    if !c.running {
        return not_running(c, &wanted.to_string());
    }
    let expected = format!("container `{}` {wanted}", c.name);
    let Some(status) = c.health.as_deref() else {
        return Outcome::failed_with_hint(
            expected,
            format!("container `{}` has no healthcheck", c.name),
            format!(
                "Add a HEALTHCHECK to the image's Dockerfile and rebuild, or remove the container and run it again with one: `docker rm -f {0} && docker run -d --name {0} --health-cmd '...' --health-interval 5s ...`.",
                c.name
            ),
        );
    };
    if status == wanted.to_string() {
        return Outcome::Passed;
    }
    let actual = match status {
        "starting" => format!(
            "container `{}` health is `starting` (the healthcheck has not passed yet)",
            c.name
        ),
        other => format!("container `{}` health is `{other}`", c.name),
    };
    Outcome::failed_with_hint(
        expected,
        actual,
        format!(
            "`docker inspect --format '{{{{json .State.Health}}}}' {}` shows the healthcheck's last results.",
            c.name
        ),
    )
}
