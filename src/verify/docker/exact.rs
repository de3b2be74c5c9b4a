//! Addressing Docker objects by their exact name. The daemon resolves a
//! name it does not know as an ID prefix (`db` finds a container whose ID
//! starts with `db`), so every lookup here confirms that the object found
//! carries the name asked for, and treats anything else as "no such object".
//! Checks read through these lookups; reset removes the object found, by ID.

use bollard::errors::Error as BollardError;
use bollard::models::{ContainerInspectResponse, ImageInspect, NetworkInspect, Volume};
use bollard::query_parameters::InspectNetworkOptions;

use super::probe::{is_not_found, DockerProbe};

/// A lookup by exact name: `Ok(None)` when no object has that name.
pub(super) type Exact<T> = Result<Option<T>, BollardError>;

impl DockerProbe {
    /// The container named exactly `name`.
    pub(super) async fn inspect_container_exact(
        &self,
        name: &str,
    ) -> Exact<ContainerInspectResponse> {
        let found = absent_on_404(self.client.inspect_container(name, None).await)?;
        Ok(found.filter(|c| container_named(c.name.as_deref(), name)))
    }

    /// The image `reference` names: one of its tags (or digests), or its full
    /// `sha256:` ID. An ID prefix or short ID finds nothing.
    pub(super) async fn inspect_image_exact(&self, reference: &str) -> Exact<ImageInspect> {
        let found = absent_on_404(self.client.inspect_image(reference).await)?;
        Ok(found.filter(|i| image_reference_in(i, reference).is_some()))
    }

    /// The network named exactly `name`.
    pub(super) async fn inspect_network_exact(&self, name: &str) -> Exact<NetworkInspect> {
        let answer = self
            .client
            .inspect_network(name, None::<InspectNetworkOptions>)
            .await;
        Ok(absent_on_404(answer)?.filter(|n| n.name.as_deref() == Some(name)))
    }

    /// The volume named exactly `name`.
    pub(super) async fn inspect_volume_exact(&self, name: &str) -> Exact<Volume> {
        Ok(absent_on_404(self.client.inspect_volume(name).await)?.filter(|v| v.name == name))
    }
}

fn absent_on_404<T>(answer: Result<T, BollardError>) -> Exact<T> {
    match answer {
        Ok(found) => Ok(Some(found)),
        Err(e) if is_not_found(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Docker names containers with a leading slash: `/db`.
fn container_named(found: Option<&str>, asked: &str) -> bool {
    let asked = asked.strip_prefix('/').unwrap_or(asked);
    found.and_then(|f| f.strip_prefix('/')) == Some(asked)
}

/// How the image answers to `reference`, as Docker lists it (a `RepoTags`
/// or `RepoDigests` entry, or its ID); `None` when it does not.
pub(super) fn image_reference_in(image: &ImageInspect, reference: &str) -> Option<String> {
    if is_full_id(reference) {
        return (image.id.as_deref() == Some(reference)).then(|| reference.to_string());
    }
    let want = normalized(reference);
    let listed = match reference.contains('@') {
        true => image.repo_digests.as_ref(),
        false => image.repo_tags.as_ref(),
    };
    listed?.iter().find(|r| normalized(r) == want).cloned()
}

/// `sha256:` and 64 hex digits.
pub(super) fn is_full_id(reference: &str) -> bool {
    reference
        .strip_prefix("sha256:")
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// An image reference in the short form Docker shows: without the default
/// registry and `library/`, with `:latest` when no tag or digest is given.
pub(super) fn normalized(reference: &str) -> String {
    let short = reference.strip_prefix("docker.io/").unwrap_or(reference);
    let short = short.strip_prefix("library/").unwrap_or(short);
    let last = short.rsplit('/').next().unwrap_or(short);
    if last.contains(':') || last.contains('@') {
        short.to_string()
    } else {
        format!("{short}:latest")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(id: &str, tags: &[&str]) -> ImageInspect {
        ImageInspect {
            id: Some(id.into()),
            repo_tags: Some(tags.iter().map(|t| t.to_string()).collect()),
            ..Default::default()
        }
    }

    #[test]
    fn references_compare_in_short_form() {
        assert_eq!(normalized("nginx"), "nginx:latest");
        assert_eq!(normalized("docker.io/library/nginx"), "nginx:latest");
        assert_eq!(
            normalized("localhost:5000/app"),
            "localhost:5000/app:latest"
        );
        assert_eq!(normalized("app@sha256:ab"), "app@sha256:ab");
        assert_eq!(normalized("me/app:1"), "me/app:1");
    }

    #[test]
    fn an_id_prefix_is_not_a_name() {
        let id = format!("sha256:db{}", "0".repeat(62));
        let img = image(&id, &["web:1", "nginx:latest"]);
        assert_eq!(image_reference_in(&img, "db"), None);
        assert_eq!(image_reference_in(&img, "db000000"), None);
        assert_eq!(image_reference_in(&img, &id[7..]), None);
        assert_eq!(image_reference_in(&img, &id).as_deref(), Some(id.as_str()));
        assert_eq!(image_reference_in(&img, "web:1").as_deref(), Some("web:1"));
        assert_eq!(
            image_reference_in(&img, "docker.io/library/nginx").as_deref(),
            Some("nginx:latest")
        );
        assert_eq!(image_reference_in(&img, "web"), None);
    }

    #[test]
    fn container_names_carry_a_slash() {
        assert!(container_named(Some("/db"), "db"));
        assert!(container_named(Some("/db"), "/db"));
        assert!(!container_named(Some("/unrelated"), "db"));
        assert!(!container_named(None, "db"));
    }
}
