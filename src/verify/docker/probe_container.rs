//! Probe containers: the one thing a check may create. A probe is a
//! throwaway container from a local image, labelled as opslab's
//! ([`PROBE_LABEL`]), bounded in time, and removed whatever happens: after
//! it is read, on its own timeout, on errors, and (through `Drop`) when the
//! check is cancelled. Probes left by a run that died (Ctrl-C, a crash) are
//! removed before the next run creates its first one.
//!
//! A probe joins no namespace of the learner's containers: its network is
//! `none` unless the check names a network, and it mounts nothing but the
//! one volume a check reads, read-only.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bollard::errors::Error as BollardError;
use bollard::models::{
    ContainerCreateBody, HostConfig, HostConfigLogConfig, Mount, MountType, MountVolumeOptions,
};
use bollard::query_parameters::{
    CreateContainerOptionsBuilder, ListContainersOptionsBuilder, RemoveContainerOptionsBuilder,
};
use bollard::Docker;
use tokio::sync::OnceCell;

use super::probe::{DaemonError, DockerProbe};

/// The label every probe container carries (value `1`):
/// `docker ps -a --filter label=org.opslab.probe` lists them.
pub const PROBE_LABEL: &str = "org.opslab.probe";
/// Who made the probe: `PID@HOST`.
pub const OWNER_LABEL: &str = "org.opslab.probe.owner";
/// When the probe is stale whoever made it: Unix seconds.
pub const EXPIRES_LABEL: &str = "org.opslab.probe.expires";
/// Where `volume.file` mounts the volume it reads, read-only.
pub(super) const VOLUME_MOUNT: &str = "/opslab-volume";
/// How long past its timeout a probe may live before anyone may remove it.
const STALE_AFTER: Duration = Duration::from_secs(60);
/// Whether this process has created a probe container.
static MADE_ANY: AtomicBool = AtomicBool::new(false);

/// What a probe container is made of.
#[derive(Default)]
pub(super) struct ProbeSpec<'a> {
    pub image: &'a str,
    /// Replaces the image's CMD; `None` keeps it.
    pub command: Option<Vec<String>>,
    pub user: Option<&'a str>,
    /// The network it joins; `None`: no network at all.
    pub network: Option<&'a str>,
    /// A volume mounted read-only at [`VOLUME_MOUNT`].
    pub volume: Option<&'a str>,
    pub timeout: Duration,
}

/// A probe container that exists until [`Probe::remove`] (or `Drop`).
pub(super) struct Probe {
    client: Docker,
    pub id: String,
    removed: bool,
}

impl DockerProbe {
    /// Creates (does not start) a probe container, first removing stale
    /// probes of runs that died.
    pub(super) async fn create_probe(&self, spec: ProbeSpec<'_>) -> Result<Probe, BollardError> {
        static SWEPT: OnceCell<()> = OnceCell::const_new();
        SWEPT.get_or_init(|| self.remove_stale_probes()).await;
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "opslab-probe-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let options = CreateContainerOptionsBuilder::new().name(&name).build();
        let body = container_body(&spec);
        MADE_ANY.store(true, Ordering::SeqCst);
        let created = self.client.create_container(Some(options), body).await?;
        Ok(Probe {
            client: self.client.clone(),
            id: created.id,
            removed: false,
        })
    }

    /// Removes probe containers that are stale: past their expiry, or made
    /// on this host by a process that no longer runs. Probes of other live
    /// runs are left alone. A failure here is not reported: the probe about
    /// to be created meets the same daemon and reports what is wrong.
    async fn remove_stale_probes(&self) {
        let filters = HashMap::from([("label", vec![format!("{PROBE_LABEL}=1")])]);
        let options = ListContainersOptionsBuilder::new()
            .all(true)
            .filters(&filters)
            .build();
        let Ok(found) = self.client.list_containers(Some(options)).await else {
            return;
        };
        for c in found {
            let labels = c.labels.unwrap_or_default();
            if let (Some(id), true) = (c.id, stale(&labels)) {
                let _ = remove(&self.client, &id).await;
            }
        }
    }
}

/// Removes every probe container this process made and has not removed
/// yet, and waits (up to 5 s) until they are gone; front ends call it when
/// the user interrupts a run (Ctrl-C), as the probes' own guards only start
/// their removal then. Returns how many were found.
pub async fn remove_own_probes(docker: &DockerProbe) -> Result<usize, DaemonError> {
    let filters = HashMap::from([("label", vec![format!("{OWNER_LABEL}={}", owner())])]);
    let mut found_any = 0;
    let give_up = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let options = ListContainersOptionsBuilder::new()
            .all(true)
            .filters(&filters)
            .build();
        let found = docker
            .client
            .list_containers(Some(options))
            .await
            .map_err(|e| docker.daemon_error("list this run's probe containers", e))?;
        if found.is_empty() {
            return Ok(found_any);
        }
        if std::time::Instant::now() > give_up {
            return Err(DaemonError(format!(
                "{} probe containers of this run are still being removed",
                found.len()
            )));
        }
        found_any = found_any.max(found.len());
        for id in found.into_iter().filter_map(|c| c.id) {
            remove(&docker.client, &id)
                .await
                .map_err(|e| docker.daemon_error(&format!("remove probe container {id}"), e))?;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// For a front end that is ending (the terminal UI on quit): when this
/// process made any probe, removes those still there (see
/// [`remove_own_probes`]); otherwise does nothing, without connecting.
pub async fn leave_no_probes() -> Result<usize, DaemonError> {
    if !MADE_ANY.load(Ordering::SeqCst) {
        return Ok(0);
    }
    match DockerProbe::connect().await {
        Ok(docker) => remove_own_probes(&docker).await,
        Err(e) => Err(DaemonError(e.to_string())),
    }
}

fn container_body(spec: &ProbeSpec<'_>) -> ContainerCreateBody {
    let expires = unix_now() + spec.timeout.as_secs() + STALE_AFTER.as_secs();
    let labels = HashMap::from([
        (PROBE_LABEL.to_string(), "1".to_string()),
        (OWNER_LABEL.to_string(), owner()),
        (EXPIRES_LABEL.to_string(), expires.to_string()),
    ]);
    let mounts = spec.volume.map(|volume| {
        vec![Mount {
            target: Some(VOLUME_MOUNT.into()),
            source: Some(volume.into()),
            typ: Some(MountType::VOLUME),
            read_only: Some(true),
            // Never copy the image's files into the learner's volume.
            volume_options: Some(MountVolumeOptions {
                no_copy: Some(true),
                ..Default::default()
            }),
            ..Default::default()
        }]
    });
    let host_config = HostConfig {
        network_mode: Some(spec.network.unwrap_or("none").to_string()),
        mounts,
        // The output is read back through the logs, whatever the daemon's
        // default log driver is.
        log_config: Some(HostConfigLogConfig {
            typ: Some("json-file".into()),
            config: None,
        }),
        ..Default::default()
    };
    ContainerCreateBody {
        image: Some(spec.image.to_string()),
        cmd: spec.command.clone(),
        user: spec.user.map(str::to_string),
        labels: Some(labels),
        attach_stdout: Some(false),
        attach_stderr: Some(false),
        host_config: Some(host_config),
        ..Default::default()
    }
}

impl Probe {
    /// Removes the container (killing it if it runs) and its anonymous
    /// volumes.
    pub async fn remove(mut self) -> Result<(), DaemonError> {
        self.removed = true;
        remove(&self.client, &self.id)
            .await
            .map_err(|e| DaemonError(format!("could not remove probe container {}: {e}", self.id)))
    }

    pub fn client(&self) -> &Docker {
        &self.client
    }
}

impl Drop for Probe {
    /// A probe dropped before [`Probe::remove`] (its check was cancelled or
    /// timed out) is removed in the background.
    fn drop(&mut self) {
        if self.removed {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let (client, id) = (self.client.clone(), std::mem::take(&mut self.id));
            runtime.spawn(async move {
                let _ = remove(&client, &id).await;
            });
        }
    }
}

async fn remove(client: &Docker, id: &str) -> Result<(), BollardError> {
    let options = RemoveContainerOptionsBuilder::new()
        .force(true)
        .v(true)
        .build();
    match client.remove_container(id, Some(options)).await {
        Err(e) if super::probe::is_not_found(&e) || being_removed(&e) => Ok(()),
        other => other,
    }
}

/// The daemon's answer when another removal of the container is under way.
fn being_removed(e: &BollardError) -> bool {
    matches!(e, BollardError::DockerResponseServerError { status_code: 409, message } if message.contains("already in progress"))
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default()
}

fn owner() -> String {
    format!("{}@{}", std::process::id(), host())
}

/// Whether a probe with these labels may be removed by this process.
fn stale(labels: &HashMap<String, String>) -> bool {
    let expired = labels
        .get(EXPIRES_LABEL)
        .and_then(|e| e.parse::<u64>().ok())
        .is_none_or(|e| e < unix_now());
    let Some((pid, at)) = labels.get(OWNER_LABEL).and_then(|o| o.split_once('@')) else {
        return expired;
    };
    let here = !at.is_empty() && at == host();
    let gone = here
        && pid != std::process::id().to_string()
        && !std::path::Path::new("/proc").join(pid).exists();
    expired || gone
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(owner: &str, expires: u64) -> HashMap<String, String> {
        HashMap::from([
            (OWNER_LABEL.to_string(), owner.to_string()),
            (EXPIRES_LABEL.to_string(), expires.to_string()),
        ])
    }

    #[test]
    fn a_live_runs_probe_is_not_stale_and_a_dead_or_expired_ones_is() {
        let later = unix_now() + 600;
        assert!(!stale(&labels(&owner(), later)));
        assert!(!stale(&labels("1@another-host", later)));
        assert!(stale(&labels("1@another-host", unix_now() - 1)));
        // No process has this id (above the kernel's pid_max).
        assert!(stale(&labels(&format!("99999999@{}", host()), later)));
    }
}
