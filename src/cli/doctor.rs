//! `opslab doctor`: is everything opslab needs in place? Each line that is
//! not fine says how to fix it.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::paint::Paint;
use super::{block_on, CliError, Exit};
use crate::progress::ProgressStore;
use crate::verify::docker::admin::BASE_IMAGE;
use crate::verify::DockerProbe;
use crate::workspace::workspace_root;

/// Less free space than this in the workspace root is worth a warning.
const LOW_SPACE: u64 = 1 << 30;

/// One finding: fine or not, and the sentence to show. A warning is shown
/// with `!` and does not count as a thing to fix: it only matters to some
/// labs.
struct Finding {
    ok: bool,
    warning: bool,
    text: String,
}

impl Finding {
    fn new(ok: bool, text: impl Into<String>) -> Finding {
        Finding {
            ok,
            warning: false,
            text: text.into(),
        }
    }

    fn warning(text: impl Into<String>) -> Finding {
        Finding {
            ok: true,
            warning: true,
            text: text.into(),
        }
    }
}

pub fn run() -> Result<Exit, CliError> {
    let mut findings = block_on(docker_findings())?;
    findings.push(block_on(compose())?);
    findings.push(git());
    findings.push(disk());
    findings.push(progress_file());
    let paint = Paint::stdout();
    for f in &findings {
        let mark = match f.warning {
            true => paint.warn("!"),
            false => paint.ok(f.ok),
        };
        println!("{mark} {}", f.text);
    }
    let bad = findings.iter().filter(|f| !f.ok).count();
    if bad == 0 {
        println!("\nAll good. Run `opslab list` to pick a lab.");
        Ok(Exit::Success)
    } else {
        println!(
            "\n{} to fix (see the ✗ {}).",
            crate::words::count(bad, "thing"),
            if bad == 1 { "line" } else { "lines" }
        );
        Ok(Exit::CouldNotRun)
    }
}

/// The daemon (where it is, and how that was found) and the base image.
/// Every Docker call here is bounded, so a stalled daemon costs seconds.
async fn docker_findings() -> Vec<Finding> {
    let cannot_tell = || {
        Finding::new(
            false,
            format!("base image {BASE_IMAGE}: cannot tell while Docker is not answering"),
        )
    };
    let probe = match DockerProbe::connect().await {
        Ok(p) => p,
        Err(e) => return vec![Finding::new(false, format!("Docker: {e}")), cannot_tell()],
    };
    let daemon = match probe.daemon_info().await {
        Ok(info) => Finding::new(
            true,
            format!(
                "Docker answers at {}: Engine {}, API {} ({}/{}); address from {}",
                info.endpoint,
                info.engine_version,
                info.api_version,
                info.os,
                info.arch,
                info.found_by
            ),
        ),
        Err(e) => return vec![Finding::new(false, format!("Docker: {e}")), cannot_tell()],
    };
    let base = match probe.image_labels(BASE_IMAGE).await {
        Ok(Some(_)) => Finding::new(true, format!("base image {BASE_IMAGE} is present")),
        Ok(None) => Finding::new(
            false,
            format!("base image {BASE_IMAGE} is missing; build it with `opslab setup`"),
        ),
        Err(e) => Finding::new(false, format!("base image {BASE_IMAGE}: {e}")),
    };
    vec![daemon, base]
}

/// Docker Compose, which only the labs marked `requires = ["compose"]` use:
/// its absence is a warning.
async fn compose() -> Finding {
    match super::compose::find().await {
        Some(found) => Finding::new(
            true,
            format!(
                "Docker Compose {} answers as `{}` (for the labs that use Compose)",
                found.version, found.command
            ),
        ),
        None => Finding::warning(format!(
            "Docker Compose: neither `docker compose` nor `docker-compose` is available, and the labs that use Compose need one; {}",
            super::compose::INSTALL_ADVICE
        )),
    }
}

fn git() -> Finding {
    match Command::new("git").arg("--version").output() {
        Ok(out) if out.status.success() => Finding::new(
            true,
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
        ),
        Ok(out) => Finding::new(
            false,
            format!(
                "git is on PATH but `git --version` failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        ),
        Err(_) => Finding::new(
            false,
            "git is not on PATH; install it with `sudo apt-get install git` (labs use it)",
        ),
    }
}

fn disk() -> Finding {
    let root = match workspace_root() {
        Ok(r) => r,
        Err(e) => return Finding::new(false, format!("workspace folder: {e}")),
    };
    let existing = nearest_existing(&root);
    match rustix::fs::statvfs(&existing) {
        Ok(stat) => {
            let free = stat.f_bavail.saturating_mul(stat.f_frsize);
            let text = format!(
                "{:.1} GiB free for workspaces in {}",
                free as f64 / (1u64 << 30) as f64,
                root.display()
            );
            if free >= LOW_SPACE {
                Finding::new(true, text)
            } else {
                Finding::new(
                    false,
                    format!("only {text}; free some space or set OPSLAB_HOME to another disk"),
                )
            }
        }
        Err(e) => Finding::new(
            false,
            format!("cannot read the free space at {}: {e}", existing.display()),
        ),
    }
}

/// The folder itself if it exists, else its closest existing parent.
fn nearest_existing(path: &Path) -> PathBuf {
    path.ancestors()
        .find(|p| p.exists())
        .unwrap_or(Path::new("/"))
        .to_path_buf()
}

fn progress_file() -> Finding {
    let store = match ProgressStore::default_location() {
        Ok(s) => s,
        Err(e) => return Finding::new(false, format!("progress file: {e}")),
    };
    let path = store.path().display().to_string();
    match store.inspect() {
        Ok(Some(p)) => {
            let labs: usize = p.packs.values().map(|pack| pack.labs.len()).sum();
            Finding::new(
                true,
                format!(
                    "progress file {path} is readable ({labs} lab{} recorded)",
                    crate::verify::plural(labs)
                ),
            )
        }
        Ok(None) => Finding::new(
            true,
            format!("progress file {path} will be created on first use"),
        ),
        Err(e) => Finding::new(false, e.to_string()),
    }
}
