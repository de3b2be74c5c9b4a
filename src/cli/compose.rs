//! Finding Docker Compose on this machine: the `docker compose` plugin (v2)
//! or the classic `docker-compose` (1.x, Debian's package). Labs that need
//! it say `requires = ["compose"]`; doctor, start and pack test ask here.

use std::time::Duration;

use tokio::process::Command;

/// How long `… version` may take before Compose counts as not answering.
const VERSION_LIMIT: Duration = Duration::from_secs(10);

/// How to install Compose, for every message that finds none.
pub const INSTALL_ADVICE: &str = "install it with `sudo apt-get install docker-compose` on Debian or Ubuntu, or add the Docker Compose plugin (https://docs.docker.com/compose/install/)";

/// A Compose found on the PATH.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compose {
    /// How it is called: `docker compose` or `docker-compose`.
    pub command: &'static str,
    /// What `--version`/`version --short` printed, e.g. `1.29.2`.
    pub version: String,
}

/// The Compose labs would use: the v2 plugin when `docker compose` answers,
/// else the classic `docker-compose`; `None` when neither does.
pub async fn find() -> Option<Compose> {
    if let Some(version) = version_of("docker", &["compose", "version", "--short"]).await {
        return Some(Compose {
            command: "docker compose",
            version,
        });
    }
    let version = version_of("docker-compose", &["version", "--short"]).await?;
    Some(Compose {
        command: "docker-compose",
        version,
    })
}

/// The first line `program args` prints when it succeeds within
/// [`VERSION_LIMIT`].
async fn version_of(program: &str, args: &[&str]) -> Option<String> {
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true);
    let out = tokio::time::timeout(VERSION_LIMIT, command.output())
        .await
        .ok()?
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().next()?.trim().trim_start_matches('v');
    (!line.is_empty()).then(|| line.to_string())
}

/// The sentence for a lab that needs Compose on a machine with none.
pub fn missing_for(lab_id: &str) -> String {
    format!(
        "lab `{lab_id}` uses Docker Compose, and neither `docker compose` nor `docker-compose` is available; {INSTALL_ADVICE}"
    )
}
