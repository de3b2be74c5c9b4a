//! `opslab setup`: build the offline base image `opslab/base:1` FROM scratch
//! around this machine's static busybox. Running it again with the same
//! busybox does nothing.

use super::busybox;
use super::paint::Paint;
use super::{block_on, CliError, Exit};
use crate::verify::docker::admin::{self, BASE_IMAGE, BASE_REPOSITORY};
use crate::verify::DockerProbe;

/// What `--online` pulls when there is no static busybox here.
const ONLINE_IMAGE: (&str, &str) = ("busybox", "1.36");

pub fn run(online: bool) -> Result<Exit, CliError> {
    let found = busybox::find();
    let busybox = match found {
        Ok(b) => b,
        Err(why) if online => {
            println!(
                "No static busybox here ({why}); pulling {}:{} instead.",
                ONLINE_IMAGE.0, ONLINE_IMAGE.1
            );
            return block_on(pull_instead())?;
        }
        Err(why) => return Err(CliError::NoBusybox(why)),
    };
    println!(
        "busybox: {} (static, sha256 {})",
        busybox.path.display(),
        &busybox.sha256[..12]
    );
    block_on(build(busybox))?
}

async fn build(busybox: busybox::Busybox) -> Result<Exit, CliError> {
    let paint = Paint::stdout();
    let probe = DockerProbe::connect().await?;
    println!("Docker: {}", probe.endpoint());
    let current = probe.image_labels(BASE_IMAGE).await?;
    if current.is_some_and(|labels| admin::labels_match(&labels, &busybox.sha256)) {
        let latest = format!("{BASE_REPOSITORY}:latest");
        if probe
            .image_labels(&latest)
            .await?
            .is_none_or(|l| !admin::labels_match(&l, &busybox.sha256))
        {
            admin::tag(&probe, BASE_IMAGE, BASE_REPOSITORY, "latest").await?;
            println!("tagged {latest}");
        }
        println!(
            "{} {BASE_IMAGE} is already up to date (built from this busybox); nothing to build.",
            paint.good("✓")
        );
        return Ok(Exit::Success);
    }
    println!("building {BASE_IMAGE} FROM scratch");
    let mut show = |line: &str| println!("  {line}");
    admin::build_base_image(&probe, &busybox.bytes, &busybox.sha256, &mut show).await?;
    println!("tagged {BASE_REPOSITORY}:latest");
    println!(
        "{} {BASE_IMAGE} is ready: busybox sh and tools, users root, nobody and app (uid 1000), /tmp.",
        paint.good("✓")
    );
    Ok(Exit::Success)
}

async fn pull_instead() -> Result<Exit, CliError> {
    let probe = DockerProbe::connect().await?;
    let (image, tag) = ONLINE_IMAGE;
    let mut show = |line: &str| println!("  {line}");
    admin::pull(&probe, image, tag, &mut show).await?;
    let source = format!("{image}:{tag}");
    admin::tag(&probe, &source, BASE_REPOSITORY, "1").await?;
    admin::tag(&probe, &source, BASE_REPOSITORY, "latest").await?;
    println!(
        "{} {BASE_IMAGE} is {source} (it has no `app` user; install busybox-static and run `opslab setup` again for the full base image).",
        Paint::stdout().good("✓")
    );
    Ok(Exit::Success)
}
