//! The mounts a container check asks for: `container.mount` (one mount)
//! and the items of `container.mounts` (an exact set), with their types and
//! the contradictions refused at load.

use std::fmt;

/// The type of a mount, as `docker inspect` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MountKind {
    Bind,
    Volume,
    Tmpfs,
}

impl fmt::Display for MountKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MountKind::Bind => "bind",
            MountKind::Volume => "volume",
            MountKind::Tmpfs => "tmpfs",
        })
    }
}

/// One mount a container must have: at `destination`, optionally of a
/// type, from a volume or a host path (`source`, absolute or relative to
/// the workspace), read-only or writable.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "MountFields")]
pub struct MountSpec {
    pub destination: String,
    pub kind: Option<MountKind>,
    pub volume: Option<String>,
    pub source: Option<String>,
    pub read_only: Option<bool>,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct MountFields {
    destination: String,
    #[serde(default, rename = "type")]
    kind: Option<MountKind>,
    #[serde(default)]
    volume: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    read_only: Option<bool>,
}

impl TryFrom<MountFields> for MountSpec {
    type Error = String;

    fn try_from(f: MountFields) -> Result<MountSpec, String> {
        // Docker reports mounts at absolute paths: a relative one never matches.
        if !f.destination.starts_with('/') {
            return Err(format!(
                "`destination`: {:?} is not an absolute path, so no mount could match it; write the path inside the container from `/`, such as \"/{}\"",
                f.destination, f.destination
            ));
        }
        let spec = MountSpec {
            destination: f.destination,
            kind: f.kind,
            volume: f.volume,
            source: f.source,
            read_only: f.read_only,
        };
        spec.contradiction().map_or(Ok(spec), Err)
    }
}

impl MountSpec {
    /// Why no mount could ever pass, when `type` contradicts the other
    /// fields. (Fields older than `type` keep loading as they always did.)
    fn contradiction(&self) -> Option<String> {
        match (self.kind, &self.volume, &self.source) {
            (Some(MountKind::Bind | MountKind::Tmpfs), Some(_), _) => Some(format!(
                "`volume` names a volume, but `type` is {:?}; drop one of them",
                self.kind.map(|k| k.to_string()).unwrap_or_default()
            )),
            (Some(MountKind::Volume | MountKind::Tmpfs), _, Some(_)) => Some(format!(
                "`source` is a host folder, which a {} mount does not have; use `volume` for a named volume, or `type = \"bind\"`",
                self.kind.map(|k| k.to_string()).unwrap_or_default()
            )),
            _ => None,
        }
    }
}

/// `container.mount`: one mount of one container.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(try_from = "MountCheckFields")]
pub struct MountCheck {
    pub container: String,
    pub mount: MountSpec,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct MountCheckFields {
    container: String,
    destination: String,
    #[serde(default, rename = "type")]
    kind: Option<MountKind>,
    #[serde(default)]
    volume: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    read_only: Option<bool>,
}

impl TryFrom<MountCheckFields> for MountCheck {
    type Error = String;

    fn try_from(f: MountCheckFields) -> Result<MountCheck, String> {
        let mount = MountSpec::try_from(MountFields {
            destination: f.destination,
            kind: f.kind,
            volume: f.volume,
            source: f.source,
            read_only: f.read_only,
        })?;
        Ok(MountCheck {
            container: f.container,
            mount,
        })
    }
}

impl fmt::Display for MountSpec {
    /// `volume `data` mounted at /data, read-only`, `a tmpfs mounted at /www`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.volume, &self.source, self.kind) {
            (Some(v), _, _) => write!(f, "volume `{v}`")?,
            (None, Some(s), Some(k)) => write!(f, "{s} ({k})")?,
            (None, Some(s), None) => write!(f, "{s}")?,
            (None, None, Some(MountKind::Bind)) => write!(f, "a host folder (bind)")?,
            (None, None, Some(k)) => write!(f, "a {k}")?,
            (None, None, None) => write!(f, "something")?,
        }
        write!(f, " mounted at {}", self.destination)?;
        match self.read_only {
            Some(true) => write!(f, ", read-only"),
            Some(false) => write!(f, ", writable"),
            None => Ok(()),
        }
    }
}

crate::pack::schema_support::schema_from!(MountSpec, MountFields);
crate::pack::schema_support::schema_from!(MountCheck, MountCheckFields);
