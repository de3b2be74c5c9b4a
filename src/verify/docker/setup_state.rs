//! Creating a lab's setup state (`[setup]` in `lab.toml`): the Docker
//! objects that exist before the learner starts, for labs about drift,
//! troubleshooting and deployments. Called by `opslab start`, `opslab
//! reset` (after removing the lab's resources) and `opslab pack test`;
//! checks never call it. Everything it creates is listed in the lab's
//! `[resources]` (the loader makes sure), so `reset` removes it again.

use std::collections::HashMap;
use std::path::Path;

use bollard::models::{
    ContainerCreateBody, EndpointSettings, HostConfig, Mount, MountType, NetworkCreateRequest,
    NetworkingConfig, PortBinding, RestartPolicy as ApiRestart, RestartPolicyNameEnum,
    VolumeCreateRequest,
};
use bollard::query_parameters::CreateContainerOptionsBuilder;

use super::probe::{DaemonError, DockerProbe};
use crate::pack::{parse_port, parse_volume, Lab, Pack, RestartPolicy, SetupContainer, SetupImage};

/// What one created object was, for `start` and `reset` to report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    /// `image`, `volume`, `network` or `container`.
    pub kind: &'static str,
    pub name: String,
    /// The object was there already and was left as it was.
    pub existed: bool,
}

/// Whether Docker refused because an object of that name exists (409).
fn conflict(e: &bollard::errors::Error) -> bool {
    matches!(
        e,
        bollard::errors::Error::DockerResponseServerError {
            status_code: 409,
            ..
        }
    )
}

/// Creates the lab's setup state in order: images, volumes, networks, then
/// containers (created and started). The caller removes any previous
/// objects of the same names first (`start` finds none on a fresh machine;
/// `reset` and `pack test` remove the lab's resources).
///
/// Errors: the first object that could not be made, naming the lab file,
/// the object and Docker's reason; objects made before it stay and are
/// listed in `[resources]`, so `opslab reset` removes them.
pub async fn create(
    probe: &DockerProbe,
    pack: &Pack,
    lab: &Lab,
) -> Result<Vec<Created>, DaemonError> {
    let mut made = Vec::new();
    let setup = &lab.setup;
    for image in &setup.images {
        build(probe, pack, lab, image).await?;
        made.push(created("image", &image.tag, false));
    }
    for volume in &setup.volumes {
        let body = VolumeCreateRequest {
            name: Some(volume.name.clone()),
            ..Default::default()
        };
        let existed = match probe.client.create_volume(body).await {
            Ok(_) => false,
            Err(e) if conflict(&e) => true,
            Err(e) => return Err(probe.daemon_error(&format!("create volume {}", volume.name), e)),
        };
        made.push(created("volume", &volume.name, existed));
    }
    for network in &setup.networks {
        let body = NetworkCreateRequest {
            name: network.name.clone(),
            driver: Some("bridge".into()),
            ..Default::default()
        };
        // Docker allows two networks of one name; one is enough here.
        let existed = probe
            .inspect_network_exact(&network.name)
            .await
            .map_err(|e| probe.daemon_error(&format!("look up network {}", network.name), e))?
            .is_some();
        if !existed {
            probe
                .client
                .create_network(body)
                .await
                .map_err(|e| probe.daemon_error(&format!("create network {}", network.name), e))?;
        }
        made.push(created("network", &network.name, existed));
    }
    for container in &setup.containers {
        let existed = run(probe, container).await?;
        made.push(created("container", &container.name, existed));
    }
    Ok(made)
}

fn created(kind: &'static str, name: &str, existed: bool) -> Created {
    Created {
        kind,
        name: name.to_string(),
        existed,
    }
}

/// Builds `image.tag` from the lab folder `image.context`.
async fn build(
    probe: &DockerProbe,
    pack: &Pack,
    lab: &Lab,
    image: &SetupImage,
) -> Result<(), DaemonError> {
    let rel = lab.dir.join(&image.context);
    let context = context_tar(pack, &rel).map_err(|e| {
        DaemonError(format!(
            "could not read the build context {} of {}: {e}",
            pack.source.display(&rel),
            image.tag
        ))
    })?;
    let doing = format!("build {} from {}", image.tag, pack.source.display(&rel));
    // The label makes each lab's image its own, even when two labs build
    // the same files: an identical build would otherwise give two labs one
    // image, and one lab's cleanup could delete it while the other's build
    // is tagging it.
    let labels = HashMap::from([(SETUP_LABEL, lab.id.as_str())]);
    super::admin::build_image(probe, context, &image.tag, &labels, &doing, &mut |_| {}).await
}

/// The label on every image built for a lab's setup state: the lab's id.
pub const SETUP_LABEL: &str = "org.opslab.lab";

/// The files below `rel` as a tar archive, paths relative to `rel`, with
/// the modes `start` gives starter files.
fn context_tar(pack: &Pack, rel: &Path) -> std::io::Result<Vec<u8>> {
    let mut tar = tar::Builder::new(Vec::new());
    for file in pack.source.files_below(rel)? {
        let (bytes, mode) = crate::workspace::pack_file(&pack.source, &file)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let name = file.strip_prefix(rel).unwrap_or(&file);
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(mode);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes.as_slice())?;
    }
    tar.into_inner()
}

/// Creates and starts one container with its `docker run` options; `true`
/// when a container of that name was there already (it is left alone).
async fn run(probe: &DockerProbe, c: &SetupContainer) -> Result<bool, DaemonError> {
    let doing = format!("create container {} from {}", c.name, c.image);
    let options = CreateContainerOptionsBuilder::new().name(&c.name).build();
    match probe
        .client
        .create_container(Some(options), container_body(c))
        .await
    {
        Ok(_) => {}
        Err(e) if conflict(&e) => return Ok(true),
        Err(e) => return Err(probe.daemon_error(&doing, e)),
    }
    probe
        .client
        .start_container(&c.name, None)
        .await
        .map_err(|e| probe.daemon_error(&format!("start container {}", c.name), e))?;
    Ok(false)
}

/// The Engine API body for `c`. Ports and volumes were checked when the
/// pack loaded; an entry that does not parse is left out.
fn container_body(c: &SetupContainer) -> ContainerCreateBody {
    let mut bindings: HashMap<String, Option<Vec<PortBinding>>> = HashMap::new();
    let mut exposed: Vec<String> = Vec::new();
    for p in c.ports.iter().filter_map(|p| parse_port(p).ok()) {
        if !exposed.contains(&p.container_port) {
            exposed.push(p.container_port.clone());
        }
        bindings
            .entry(p.container_port)
            .or_default()
            .get_or_insert_with(Vec::new)
            .push(PortBinding {
                host_ip: p.host_ip,
                host_port: Some(p.host_port.to_string()),
            });
    }
    let mounts = c
        .volumes
        .iter()
        .filter_map(|v| parse_volume(v).ok())
        .map(|v| Mount {
            target: Some(v.target),
            source: Some(v.volume),
            typ: Some(MountType::VOLUME),
            read_only: Some(v.read_only),
            ..Default::default()
        })
        .collect();
    let host_config = HostConfig {
        port_bindings: Some(bindings),
        mounts: Some(mounts),
        restart_policy: Some(ApiRestart {
            name: Some(restart_name(c.restart)),
            maximum_retry_count: None,
        }),
        network_mode: c.network.clone(),
        ..Default::default()
    };
    let networking_config = c.network.as_ref().map(|net| NetworkingConfig {
        endpoints_config: Some(HashMap::from([(
            net.clone(),
            EndpointSettings {
                aliases: Some(c.aliases.clone()).filter(|a| !a.is_empty()),
                ..Default::default()
            },
        )])),
    });
    ContainerCreateBody {
        image: Some(c.image.clone()),
        cmd: c.command.clone(),
        env: Some(c.env.clone()),
        user: c.user.clone(),
        labels: Some(c.labels.clone().into_iter().collect()),
        exposed_ports: Some(exposed),
        host_config: Some(host_config),
        networking_config,
        ..Default::default()
    }
}

fn restart_name(policy: RestartPolicy) -> RestartPolicyNameEnum {
    match policy {
        RestartPolicy::No => RestartPolicyNameEnum::NO,
        RestartPolicy::Always => RestartPolicyNameEnum::ALWAYS,
        RestartPolicy::UnlessStopped => RestartPolicyNameEnum::UNLESS_STOPPED,
        RestartPolicy::OnFailure => RestartPolicyNameEnum::ON_FAILURE,
    }
}
