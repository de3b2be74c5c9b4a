//! `image.file` and `volume.file`: read one file from a probe container
//! that is created but never started, through the archive API
//! (`GET /containers/{id}/archive`), so an image without a shell can be
//! read and nothing of the learner's runs. Reads are bounded.

use std::io::Read;

use bollard::errors::Error as BollardError;
use bollard::query_parameters::DownloadFromContainerOptionsBuilder;
use futures::StreamExt;

use super::admin::BASE_IMAGE;
use super::container::shorten;
use super::probe::{is_not_found, DaemonError, DockerProbe};
use super::probe_container::{Probe, ProbeSpec, VOLUME_MOUNT};
use crate::pack::checks::{FileWant, ImageFileCheck, VolumeFileCheck};
use crate::pack::types::Pattern;
use crate::verify::evidence::{saw, ABSENT};
use crate::verify::Outcome;

/// The most of one file a check reads: 1 MiB.
pub const FILE_LIMIT: usize = 1 << 20;
/// Symbolic links followed, at most, to reach a file.
const LINK_HOPS: usize = 8;
/// The command a probe that is never started is created with (images
/// without CMD cannot be created otherwise); it never runs.
const NEVER_RUNS: &str = "/opslab-probe-never-runs";

/// One file as the archive API gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Found {
    Missing,
    Directory {
        mode: u32,
    },
    File {
        mode: u32,
        text: Option<String>,
    },
    /// A symbolic link that leads out of what may be read, or too far.
    Link {
        target: String,
    },
    Other,
}

pub(super) async fn image_file(docker: &DockerProbe, check: &ImageFileCheck) -> Outcome {
    let image = &check.image;
    if let Err(o) = docker.learner_image(image).await {
        return o;
    }
    let spec = ProbeSpec {
        image,
        command: Some(vec![NEVER_RUNS.into()]),
        timeout: check.timeout.0,
        ..Default::default()
    };
    let place = format!("image {image}");
    let found = match docker.read_probe_file(spec, "", check.path.as_str()).await {
        Ok(found) => found,
        Err(e) => return Outcome::error(e.to_string()),
    };
    let fix = format!(
        "the image holds what was built: change the Dockerfile, then rebuild with `docker build -t {image} .` (look inside with `docker run --rm {image} cat {}`, if it has `cat`)",
        check.path.as_str()
    );
    judge_file(&place, check.path.as_str(), &check.want, &found, &fix)
}

pub(super) async fn volume_file(docker: &DockerProbe, check: &VolumeFileCheck) -> Outcome {
    let volume = &check.volume;
    match docker.volume_facts(volume).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            return Outcome::failed_with_hint(
                format!("a volume {volume}"),
                format!("no volume {volume} on this machine"),
                format!("create it with `docker volume create {volume}`, or run the container that writes it with `-v {volume}:/path`"),
            )
        }
        Err(o) => return o,
    }
    if let Err(o) = base_image(docker).await {
        return o;
    }
    let spec = ProbeSpec {
        image: BASE_IMAGE,
        command: Some(vec![NEVER_RUNS.into()]),
        volume: Some(volume),
        timeout: check.timeout.0,
        ..Default::default()
    };
    let path = format!("{VOLUME_MOUNT}/{}", check.path);
    let found = match docker.read_probe_file(spec, VOLUME_MOUNT, &path).await {
        Ok(found) => found,
        Err(e) => return Outcome::error(e.to_string()),
    };
    let fix = format!(
        "look inside with `docker run --rm -v {volume}:/data:ro {BASE_IMAGE} ls -l /data`; a file written outside the volume's mount point is lost with its container"
    );
    judge_file(
        &format!("volume {volume}"),
        &check.path.to_string(),
        &check.want,
        &found,
        &fix,
    )
}

/// The offline base image probes run from, or the "could not run" outcome.
pub(super) async fn base_image(docker: &DockerProbe) -> Result<(), Outcome> {
    match docker.image_facts(BASE_IMAGE).await? {
        Some(_) => Ok(()),
        None => Err(Outcome::error(format!(
            "this check looks through a probe container from {BASE_IMAGE}, which is missing; build it with `opslab setup`"
        ))),
    }
}

impl DockerProbe {
    /// Creates a probe from `spec` (never started), reads `path` in it,
    /// following symbolic links within `root`, and removes it.
    async fn read_probe_file(
        &self,
        spec: ProbeSpec<'_>,
        root: &str,
        path: &str,
    ) -> Result<Found, DaemonError> {
        let doing = format!("read {path} through a probe container from {}", spec.image);
        let object = format!("file {path} in a {}", super::probe_run::probe_object(&spec));
        let limit = spec.timeout;
        let probe = self
            .create_probe(spec)
            .await
            .map_err(|e| self.daemon_error(&doing, e))?;
        let read = tokio::time::timeout(limit, follow(&probe, root, path)).await;
        let removed = probe.remove().await;
        let found = match read {
            Ok(found) => found.map_err(|e| self.daemon_error(&doing, e))?,
            Err(_) => return Err(DaemonError(format!("could not {doing}: no answer within {limit:?}, the probe's time limit; is the Docker daemon at {} very slow?", self.endpoint()))),
        };
        removed?;
        saw(&object, "type", kind(&found));
        if let Found::File {
            text: Some(text), ..
        } = &found
        {
            saw(object, "text", text);
        }
        Ok(found)
    }
}

/// `file, mode 0755`, `directory, mode 0755`, `(absent)`...
fn kind(found: &Found) -> String {
    match found {
        Found::Missing => ABSENT.into(),
        Found::Directory { mode } => format!("directory, mode {:04o}", mode & 0o7777),
        Found::File { mode, text } => format!(
            "file, mode {:04o}{}",
            mode & 0o7777,
            if text.is_none() { ", not text" } else { "" }
        ),
        Found::Link { target } => format!("symbolic link to {target} (not followed)"),
        Found::Other => "neither a file nor a folder".into(),
    }
}

/// Reads `path`, following relative and absolute links inside `root`.
async fn follow(probe: &Probe, root: &str, path: &str) -> Result<Found, BollardError> {
    let mut path = path.to_string();
    for _ in 0..LINK_HOPS {
        match read_entry(probe, &path).await? {
            Found::Link { target } => match resolve(root, &path, &target) {
                Some(next) => path = next,
                None => return Ok(Found::Link { target }),
            },
            found => return Ok(found),
        }
    }
    Ok(Found::Link { target: path })
}

/// Where a link at `at` pointing to `target` leads, if it stays in `root`.
fn resolve(root: &str, at: &str, target: &str) -> Option<String> {
    let base = match target.starts_with('/') {
        true => format!("{root}{target}"),
        false => format!(
            "{}/{target}",
            at.rsplit_once('/').map_or("", |(dir, _)| dir)
        ),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in base.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let joined = format!("/{}", parts.join("/"));
    let inside = root.is_empty() || joined == root || joined.starts_with(&format!("{root}/"));
    inside.then_some(joined)
}

/// The first entry of the archive of `path`, its text read up to
/// [`FILE_LIMIT`].
async fn read_entry(probe: &Probe, path: &str) -> Result<Found, BollardError> {
    let options = DownloadFromContainerOptionsBuilder::new()
        .path(path)
        .build();
    let mut stream = probe
        .client()
        .download_from_container(&probe.id, Some(options));
    let mut bytes = Vec::new();
    // Room for the tar headers (long names take extra blocks) around the file.
    let cap = FILE_LIMIT + 64 * 1024;
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(chunk) => bytes.extend_from_slice(&chunk),
            Err(e) if is_not_found(&e) => return Ok(Found::Missing),
            Err(e) => return Err(e),
        }
        if bytes.len() > cap {
            break;
        }
    }
    Ok(first_entry(&bytes))
}

/// Reads the first entry of a (possibly cut) tar archive.
pub(super) fn first_entry(bytes: &[u8]) -> Found {
    let mut archive = tar::Archive::new(bytes);
    let Some(Ok(mut entry)) = archive.entries().ok().and_then(|mut e| e.next()) else {
        return Found::Missing;
    };
    let header = entry.header();
    let mode = header.mode().unwrap_or(0) & 0o7777;
    let kind = header.entry_type();
    if kind.is_dir() {
        return Found::Directory { mode };
    }
    if kind.is_symlink() {
        let target = entry.link_name().ok().flatten();
        return Found::Link {
            target: target.map(|t| t.display().to_string()).unwrap_or_default(),
        };
    }
    if !kind.is_file() {
        return Found::Other;
    }
    let size = entry.size();
    let mut content = Vec::new();
    let read = (&mut entry)
        .take(FILE_LIMIT as u64)
        .read_to_end(&mut content);
    let whole = read.is_ok() && size <= FILE_LIMIT as u64;
    Found::File {
        mode,
        text: whole.then(|| String::from_utf8_lossy(&content).into_owned()),
    }
}

/// Judges what was found at `path` in `place` (`image app:1`); `fix` is
/// the hint of every failure.
pub(super) fn judge_file(
    place: &str,
    path: &str,
    want: &FileWant,
    found: &Found,
    fix: &str,
) -> Outcome {
    match want {
        FileWant::Absent => match found {
            Found::Missing => Outcome::Passed,
            _ => Outcome::failed_with_hint(
                format!("no {path} in {place}"),
                format!("{path} is in {place}"),
                fix,
            ),
        },
        FileWant::Present {
            matches,
            not_matches,
            mode,
        } => {
            let reads = matches.is_some() || not_matches.is_some();
            let (file_mode, text) = match found {
                Found::File { mode, text } => (*mode, text.as_deref()),
                Found::Directory { mode } if !reads => (*mode, None),
                other => {
                    let expected = format!("a file {path} in {place}");
                    return Outcome::failed_with_hint(
                        expected,
                        not_a_file(path, place, other),
                        fix,
                    );
                }
            };
            if let Some(m) = mode.filter(|m| *m != file_mode) {
                return Outcome::failed_with_hint(
                    format!("{path} in {place} with mode {m:04o}"),
                    format!("mode {file_mode:04o}"),
                    fix,
                );
            }
            match reads {
                true => judge_text(place, path, text, matches, not_matches, fix),
                false => Outcome::Passed,
            }
        }
    }
}

/// Judges the text of a file (`None`: over [`FILE_LIMIT`]).
fn judge_text(
    place: &str,
    path: &str,
    text: Option<&str>,
    matches: &Option<Pattern>,
    not_matches: &Option<Pattern>,
    fix: &str,
) -> Outcome {
    let Some(text) = text else {
        return Outcome::error(format!(
            "{path} in {place} is larger than {} MiB, the most a check reads",
            FILE_LIMIT >> 20
        ));
    };
    if let Some(p) = matches.as_ref().filter(|p| !p.is_match(text)) {
        let expected = format!("{path} in {place} matching {p}");
        return Outcome::failed_with_hint(expected, contents(text), fix);
    }
    if let Some(p) = not_matches.as_ref().filter(|p| p.is_match(text)) {
        let expected = format!("{path} in {place} with nothing matching {p}");
        return Outcome::failed_with_hint(expected, contents(text), fix);
    }
    Outcome::Passed
}

fn not_a_file(path: &str, place: &str, found: &Found) -> String {
    match found {
        Found::Missing => format!("no {path} in {place}"),
        Found::Directory { .. } => format!("{path} is a directory"),
        Found::Link { target } => {
            format!("{path} is a symbolic link to {target}, which cannot be followed here")
        }
        _ => format!("{path} is not a regular file"),
    }
}

fn contents(text: &str) -> String {
    match text.trim() {
        "" => "the file is empty".into(),
        t => format!("the file holds `{}`", shorten(t, 120)),
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn links_resolve_inside_their_root_only() {
        assert_eq!(
            resolve("", "/etc/app/conf", "../x").as_deref(),
            Some("/etc/x")
        );
        assert_eq!(resolve("", "/a/b", "/c").as_deref(), Some("/c"));
        let root = "/opslab-volume";
        assert_eq!(
            resolve(root, "/opslab-volume/cur", "releases/v2").as_deref(),
            Some("/opslab-volume/releases/v2")
        );
        assert_eq!(
            resolve(root, "/opslab-volume/cur", "/v2").as_deref(),
            Some("/opslab-volume/v2")
        );
        assert_eq!(resolve(root, "/opslab-volume/cur", "../../etc"), None);
    }
}
