//! `network.reach`: from a probe container of the offline base image,
//! attached to the named network only, resolve a name (busybox `nslookup`)
//! and optionally open a TCP port (busybox `nc`).

use super::admin::BASE_IMAGE;
use super::probe::DockerProbe;
use super::probe_container::ProbeSpec;
use super::probe_file::base_image;
use super::probe_run::ProbeRun;
use crate::pack::checks::ReachCheck;
use crate::verify::Outcome;

/// Exit codes of [`SCRIPT`].
const NO_NAME: i64 = 3;
const NO_ANSWER: i64 = 4;

/// `$1` the host, `$2` the port or empty. Prints the addresses found. `nc`
/// exits 0 when the connection was made and closed, 143 when `timeout`
/// ended a connection that stayed open: both mean the port answered.
const SCRIPT: &str = r#"out=$(timeout 3 nslookup "$1" 2>&1) || { echo "$out"; exit 3; }
echo "$out" | sed -n '/^Name:/,$s/^Address[^:]*: *//p'
[ -z "$2" ] && exit 0
timeout 3 nc -w 2 "$1" "$2" </dev/null >/dev/null 2>&1
rc=$?
[ $rc = 0 ] || [ $rc = 143 ] || exit 4"#;

pub(super) async fn reach(docker: &DockerProbe, check: &ReachCheck) -> Outcome {
    let network = &check.network;
    match docker.network_facts(network).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            return Outcome::failed_with_hint(
                format!("a network {network}"),
                format!("no network {network} on this machine"),
                format!("create it with `docker network create {network}`"),
            )
        }
        Err(o) => return o,
    }
    if let Err(o) = base_image(docker).await {
        return o;
    }
    let port = check.port.map(|p| p.to_string()).unwrap_or_default();
    let command = ["sh", "-c", SCRIPT, "network.reach", &check.host, &port];
    let spec = ProbeSpec {
        image: BASE_IMAGE,
        command: Some(command.iter().map(|s| s.to_string()).collect()),
        network: Some(network),
        timeout: check.timeout.0,
        ..Default::default()
    };
    match docker.run_probe(spec).await {
        Ok(run) => judge_reach(check, &run),
        Err(e) => Outcome::error(e.to_string()),
    }
}

fn judge_reach(check: &ReachCheck, run: &ProbeRun) -> Outcome {
    let (host, network) = (&check.host, &check.network);
    let try_it = format!(
        "Try it yourself: `docker run --rm --network {network} {BASE_IMAGE} nslookup {host}`."
    );
    let addresses: Vec<&str> = run.stdout.split_whitespace().collect();
    let resolved = match run.exit_code {
        None => {
            return Outcome::error(format!(
                "the probe on network {network} did not finish within {:?}; is the Docker daemon very slow?",
                check.timeout.0
            ))
        }
        Some(NO_NAME) => false,
        Some(0 | NO_ANSWER) => true,
        Some(code) => {
            return Outcome::error(format!(
                "the probe on network {network} ended with code {code}: {}",
                run.stderr.trim()
            ))
        }
    };
    match (check.resolves, resolved) {
        (false, false) => Outcome::Passed,
        (false, true) => Outcome::failed_with_hint(
            format!("`{host}` does not resolve from network {network}"),
            format!("it resolves to {}", addresses.join(", ")),
            format!("{} {try_it}", detach_hint(network, host)),
        ),
        (true, false) => Outcome::failed_with_hint(
            format!("`{host}` resolves from network {network}"),
            format!("no container or alias named `{host}` answers on network {network}"),
            format!("{} {try_it}", attach_hint(network, host)),
        ),
        (true, true) => match (check.port, run.exit_code) {
            (Some(port), Some(NO_ANSWER)) => Outcome::failed_with_hint(
                format!("TCP port {port} of `{host}` answers from network {network}"),
                format!("`{host}` resolves to {}, but nothing accepts connections on port {port}", addresses.join(", ")),
                format!("is the server in `{host}` running and listening on 0.0.0.0:{port} (not 127.0.0.1)? `docker logs {host}` shows why not."),
            ),
            _ => Outcome::Passed,
        },
    }
}

/// How to make `host` resolve from `network`: Docker names containers only
/// on networks that users create; the default bridge, `host` and `none`
/// give no container names.
fn attach_hint(network: &str, host: &str) -> String {
    match network {
        "bridge" => format!("the default bridge network gives containers no names: create a network (`docker network create NET`), attach `{host}` to it and aim the check at it."),
        "host" => format!("on the host network a name resolves only as the machine resolves it (its /etc/hosts and DNS); Docker adds no container names there, so `{host}` needs a network of its own (`docker network create NET`)."),
        "none" => "the `none` network has no name resolution at all; aim the check at a network the containers share.".to_string(),
        _ => format!("attach it with `docker network connect {network} {host}` (or run it with `--network {network}`)."),
    }
}

/// How to stop `host` resolving from `network`.
fn detach_hint(network: &str, host: &str) -> String {
    match network {
        "host" | "bridge" | "none" => format!("`{host}` resolves as this machine resolves it (its /etc/hosts or DNS), not as a container name; it cannot be detached from network {network}."),
        _ => format!("a name resolves on a network when a container of that name (or alias) is attached to it: `docker network disconnect {network} {host}`."),
    }
}
