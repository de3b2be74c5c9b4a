//! Checks that look inside with a throwaway probe container: run a local
//! image and judge its exit code, stdout and stderr (`probe.run`); read a
//! file inside an image (`image.file`) or a named volume (`volume.file`);
//! resolve a name and open a TCP port from a network (`network.reach`).
//! The kinds read like the object they ask about; they share this family
//! because each one creates (and always removes) a probe container.

use std::time::Duration;

use serde::de::{Deserializer, Error};
use serde::Deserialize;

use crate::pack::types::{Pattern, RelPath, Span};

#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum ProbeCheck {
    /// Run an image once and judge what its command did.
    #[serde(rename = "probe.run")]
    Run(RunCheck),
    /// A file inside an image (read without running anything).
    #[serde(rename = "image.file")]
    ImageFile(ImageFileCheck),
    /// A file inside a named volume.
    #[serde(rename = "volume.file")]
    VolumeFile(VolumeFileCheck),
    /// A name resolves, and optionally a TCP port answers, from a network.
    #[serde(rename = "network.reach")]
    Reach(ReachCheck),
}

/// `probe.run`: the image run with `command` (or its own CMD) as `user`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RunCheck {
    pub image: String,
    /// Replaces the image's CMD (its ENTRYPOINT stays); none: the image's own.
    #[serde(default, deserialize_with = "command")]
    pub command: Option<Vec<String>>,
    #[serde(default)]
    pub user: Option<String>,
    /// The exit code wanted, 0 to 255.
    #[serde(default, deserialize_with = "crate::pack::ranges::exit_code")]
    pub exit_code: i64,
    /// stdout, exactly (one trailing newline ignored).
    #[serde(default)]
    pub stdout: Option<String>,
    #[serde(default)]
    pub stdout_matches: Option<Pattern>,
    #[serde(default)]
    pub stdout_not_matches: Option<Pattern>,
    /// stderr, exactly (one trailing newline ignored).
    #[serde(default)]
    pub stderr: Option<String>,
    #[serde(default)]
    pub stderr_matches: Option<Pattern>,
    #[serde(default)]
    pub stderr_not_matches: Option<Pattern>,
    #[serde(default)]
    pub timeout: ProbeTimeout,
}

/// `image.file`: a file at an absolute `path` inside `image`.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawImageFile")]
pub struct ImageFileCheck {
    pub image: String,
    pub path: ImagePath,
    pub want: FileWant,
    pub timeout: ProbeTimeout,
}

/// `volume.file`: a file at `path`, relative to the volume's root.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawVolumeFile")]
pub struct VolumeFileCheck {
    pub volume: String,
    pub path: RelPath,
    pub want: FileWant,
    pub timeout: ProbeTimeout,
}

/// What a file check wants of the file.
#[derive(Clone, Debug)]
pub enum FileWant {
    /// The file must not exist.
    Absent,
    /// It exists and, when given, its text matches / does not match and
    /// its permission bits equal `mode`.
    Present {
        matches: Option<Pattern>,
        not_matches: Option<Pattern>,
        mode: Option<u32>,
    },
}

/// `network.reach`: from a probe attached to `network` only.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawReach")]
pub struct ReachCheck {
    pub network: String,
    pub host: String,
    /// A TCP port that must answer (only when the name must resolve).
    pub port: Option<u16>,
    pub resolves: bool,
    pub timeout: ProbeTimeout,
}

/// How long one probe container may take, from `"100ms"` to `"15s"`
/// (default 5 s), so it always ends before a check's own time limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProbeTimeout(pub Duration);

impl ProbeTimeout {
    pub const MIN: Duration = Duration::from_millis(100);
    pub const MAX: Duration = Duration::from_secs(15);
}

impl Default for ProbeTimeout {
    fn default() -> Self {
        ProbeTimeout(Duration::from_secs(5))
    }
}

impl<'de> Deserialize<'de> for ProbeTimeout {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let span = Span::parse(&text).map_err(D::Error::custom)?.0;
        if !(Self::MIN..=Self::MAX).contains(&span) {
            return Err(D::Error::custom(format!(
                "`timeout` {text:?} is out of range; a probe may take from \"100ms\" to \"15s\""
            )));
        }
        Ok(ProbeTimeout(span))
    }
}

/// An absolute path inside an image, without `..`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImagePath(String);

impl ImagePath {
    pub fn new(text: &str) -> Result<ImagePath, String> {
        if !text.starts_with('/') {
            return Err(format!(
                "`path` {text:?} is not absolute; write the path inside the image, such as \"/etc/app/app.conf\""
            ));
        }
        if text.split('/').any(|part| part == "..") {
            return Err(format!(
                "`path` {text:?} contains `..`; write the path without it"
            ));
        }
        Ok(ImagePath(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn command<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let words = Vec::<String>::deserialize(d)?;
    if words.is_empty() {
        return Err(D::Error::custom(
            "`command` is empty; leave it out to run the image's own command, or list the words such as [\"cat\", \"/etc/os-release\"]",
        ));
    }
    Ok(Some(words))
}

/// What `image.file` and `volume.file` say of the file.
struct RawWant {
    exists: bool,
    matches: Option<Pattern>,
    not_matches: Option<Pattern>,
    mode: Option<String>,
}

fn yes() -> bool {
    true
}

impl TryFrom<RawWant> for FileWant {
    type Error = String;
    fn try_from(raw: RawWant) -> Result<FileWant, String> {
        let detail = raw.matches.is_some() || raw.not_matches.is_some() || raw.mode.is_some();
        if !raw.exists {
            return match detail {
                true => Err("`exists = false` says the file must be missing; leave out `matches`, `not_matches` and `mode`".into()),
                false => Ok(FileWant::Absent),
            };
        }
        let mode = raw.mode.as_deref().map(parse_mode).transpose()?;
        Ok(FileWant::Present {
            matches: raw.matches,
            not_matches: raw.not_matches,
            mode,
        })
    }
}

/// `"0644"`, `"644"` or `"4755"`: permission bits in octal.
fn parse_mode(text: &str) -> Result<u32, String> {
    let fix = "write the permission bits in octal as a string, such as \"0644\" or \"755\"";
    let digits = text.trim();
    let octal = digits.bytes().all(|b| (b'0'..=b'7').contains(&b));
    match (3..=4).contains(&digits.len()) && octal {
        true => u32::from_str_radix(digits, 8).map_err(|_| format!("`mode` {text:?}: {fix}")),
        false => Err(format!("`mode` {text:?} is not a file mode; {fix}")),
    }
}

// The two raw forms repeat the file fields rather than `flatten` them:
// serde cannot deny unknown fields through `flatten`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawImageFile {
    image: String,
    path: String,
    #[serde(default)]
    timeout: ProbeTimeout,
    #[serde(default = "yes")]
    exists: bool,
    #[serde(default)]
    matches: Option<Pattern>,
    #[serde(default)]
    not_matches: Option<Pattern>,
    #[serde(default)]
    mode: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawVolumeFile {
    volume: String,
    path: String,
    #[serde(default)]
    timeout: ProbeTimeout,
    #[serde(default = "yes")]
    exists: bool,
    #[serde(default)]
    matches: Option<Pattern>,
    #[serde(default)]
    not_matches: Option<Pattern>,
    #[serde(default)]
    mode: Option<String>,
}

impl TryFrom<RawImageFile> for ImageFileCheck {
    type Error = String;
    fn try_from(raw: RawImageFile) -> Result<Self, String> {
        Ok(ImageFileCheck {
            path: ImagePath::new(&raw.path)?,
            want: RawWant {
                exists: raw.exists,
                matches: raw.matches,
                not_matches: raw.not_matches,
                mode: raw.mode,
            }
            .try_into()?,
            image: raw.image,
            timeout: raw.timeout,
        })
    }
}

impl TryFrom<RawVolumeFile> for VolumeFileCheck {
    type Error = String;
    fn try_from(raw: RawVolumeFile) -> Result<Self, String> {
        let path = RelPath::new(&raw.path).map_err(|e| {
            format!("`path` is read inside the volume: {e}, such as \"index.html\"")
        })?;
        Ok(VolumeFileCheck {
            path,
            want: RawWant {
                exists: raw.exists,
                matches: raw.matches,
                not_matches: raw.not_matches,
                mode: raw.mode,
            }
            .try_into()?,
            volume: raw.volume,
            timeout: raw.timeout,
        })
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawReach {
    network: String,
    host: String,
    #[serde(default, deserialize_with = "some_port")]
    port: Option<u16>,
    #[serde(default = "yes")]
    resolves: bool,
    #[serde(default)]
    timeout: ProbeTimeout,
}

fn some_port<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
    crate::pack::ranges::port(d).map(Some)
}

impl TryFrom<RawReach> for ReachCheck {
    type Error = String;
    fn try_from(raw: RawReach) -> Result<Self, String> {
        if !raw.resolves && raw.port.is_some() {
            return Err("`resolves = false` says the name must not resolve, so no port can answer; leave out `port`".into());
        }
        let plain = |c: char| c.is_ascii_alphanumeric() || "-_.:".contains(c);
        if raw.host.is_empty() || !raw.host.chars().all(plain) {
            return Err(format!(
                "`host` {:?} is not a host name or address; write a name such as \"cache\" or an address such as \"10.0.0.2\"",
                raw.host
            ));
        }
        Ok(ReachCheck {
            network: raw.network,
            host: raw.host,
            port: raw.port,
            resolves: raw.resolves,
            timeout: raw.timeout,
        })
    }
}

/// The probe kinds, for a misspelt kind of the `image.`, `volume.` or
/// `network.` family whose list of kinds would leave them out.
pub fn also_probe_kinds(kind: &str) -> &'static str {
    let head = kind.split('.').next().unwrap_or("");
    match head {
        "image" | "volume" | "network" => {
            ", or a probe kind: `image.file`, `volume.file`, `network.reach`"
        }
        _ => "",
    }
}

impl ProbeCheck {
    pub fn describe(&self) -> String {
        match self {
            ProbeCheck::Run(r) => format!("Running image `{}` {}", r.image, r.describe_want()),
            ProbeCheck::ImageFile(f) => {
                describe_file(&format!("image `{}`", f.image), f.path.as_str(), &f.want)
            }
            ProbeCheck::VolumeFile(f) => describe_file(
                &format!("volume `{}`", f.volume),
                &f.path.to_string(),
                &f.want,
            ),
            ProbeCheck::Reach(r) => match (r.resolves, r.port) {
                (false, _) => format!("`{}` does not resolve from network `{}`", r.host, r.network),
                (true, None) => format!("`{}` resolves from network `{}`", r.host, r.network),
                (true, Some(p)) => format!(
                    "`{}` answers on TCP port {p} from network `{}`",
                    r.host, r.network
                ),
            },
        }
    }

    /// How long the probe container may take.
    pub fn timeout(&self) -> Duration {
        match self {
            ProbeCheck::Run(r) => r.timeout.0,
            ProbeCheck::ImageFile(f) => f.timeout.0,
            ProbeCheck::VolumeFile(f) => f.timeout.0,
            ProbeCheck::Reach(r) => r.timeout.0,
        }
    }
}

impl RunCheck {
    fn describe_want(&self) -> String {
        let mut parts = vec![format!("exits with code {}", self.exit_code)];
        if let Some(s) = &self.stdout {
            parts.push(format!("prints {s:?} on stdout"));
        }
        if let Some(p) = &self.stdout_matches {
            parts.push(format!("prints {p} on stdout"));
        }
        if let Some(p) = &self.stderr_matches {
            parts.push(format!("prints {p} on stderr"));
        }
        parts.join(" and ")
    }
}

fn describe_file(place: &str, path: &str, want: &FileWant) -> String {
    match want {
        FileWant::Absent => format!("`{path}` is not in {place}"),
        FileWant::Present {
            matches: Some(p), ..
        } => format!("`{path}` in {place} matches {p}"),
        FileWant::Present { mode: Some(m), .. } => {
            format!("`{path}` in {place} has mode {m:04o}")
        }
        FileWant::Present { .. } => format!("`{path}` exists in {place}"),
    }
}

crate::pack::schema_support::schema_from!(ImageFileCheck, RawImageFile);
crate::pack::schema_support::schema_from!(VolumeFileCheck, RawVolumeFile);
crate::pack::schema_support::schema_from!(ReachCheck, RawReach);

crate::pack::schema_support::string_schema!(ProbeTimeout, r#"a duration from "100ms" to "15s""#);
crate::pack::schema_support::string_schema!(
    ImagePath,
    r#"an absolute path inside the image or volume"#
);
