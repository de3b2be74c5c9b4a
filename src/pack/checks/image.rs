//! Docker object checks by name (`image.*`, `volume.*`, `network.*`, and
//! the container kinds that need no running container: `container.absent`,
//! `container.count`, `container.inspect`): what a built image declares,
//! the volumes and networks that tie containers together, objects that must
//! be gone, counts within a label scope, and queries into inspect data.

use std::fmt;

use serde::de::{Deserializer, Error};
use serde::Deserialize;

use super::docker_queries::{label_scope, ContainerCount, Inspection, ObjectCount};
use crate::pack::types::{Bytes, Pattern};

#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum ImageCheck {
    /// An image with this reference exists locally.
    #[serde(rename = "image.exists")]
    Exists { image: String },
    /// The image is no bigger than `at_most`.
    #[serde(rename = "image.size")]
    Size { image: String, at_most: Bytes },
    /// The image has no more than `at_most` filesystem layers.
    #[serde(rename = "image.layers")]
    Layers {
        image: String,
        #[serde(deserialize_with = "crate::pack::ranges::at_most_positive")]
        at_most: usize,
    },
    /// The image runs as `user` (or one of `one_of`; a user without
    /// `:group` passes with any group), or as any user but root when none
    /// is given.
    #[serde(rename = "image.user")]
    User {
        image: String,
        #[serde(default)]
        user: Option<String>,
        #[serde(default)]
        one_of: Vec<String>,
    },
    /// The image defines a HEALTHCHECK (not `HEALTHCHECK NONE`).
    #[serde(rename = "image.healthcheck")]
    Healthcheck { image: String },
    /// The image declares `EXPOSE port`.
    #[serde(rename = "image.exposes")]
    Exposes { image: String, port: ExposedPort },
    /// The image carries a label, optionally with a given value; or does
    /// not carry it at all (`set = false`).
    #[serde(rename = "image.label")]
    Label(LabelCheck),
    /// The image sets an environment variable, optionally to a value or to
    /// something matching a pattern.
    #[serde(rename = "image.env")]
    Env(EnvCheck),
    /// The image's ENTRYPOINT is exactly `value` (exec form).
    #[serde(rename = "image.entrypoint")]
    Entrypoint { image: String, value: Vec<String> },
    /// The image's CMD is exactly `value` (exec form).
    #[serde(rename = "image.cmd")]
    Cmd { image: String, value: Vec<String> },
    /// Two references name the same image (a tag and its promoted tag).
    #[serde(rename = "image.same")]
    Same { image: String, other: String },
    /// A volume exists, optionally with a given driver.
    #[serde(rename = "volume.exists")]
    VolumeExists {
        volume: String,
        #[serde(default)]
        driver: Option<String>,
    },
    /// Every listed container has the volume mounted.
    #[serde(rename = "volume.used_by")]
    VolumeUsedBy {
        volume: String,
        #[serde(deserialize_with = "container_names")]
        containers: Vec<String>,
    },
    /// A network exists, optionally with a given driver.
    #[serde(rename = "network.exists")]
    NetworkExists {
        network: String,
        #[serde(default)]
        driver: Option<String>,
    },
    /// Every listed container is attached to the network.
    #[serde(rename = "network.connected")]
    NetworkConnected {
        network: String,
        #[serde(deserialize_with = "container_names")]
        containers: Vec<String>,
    },
    /// No container has this name, in any state.
    #[serde(rename = "container.absent")]
    ContainerAbsent { container: String },
    /// No local image answers to this reference.
    #[serde(rename = "image.absent")]
    Absent { image: String },
    /// No volume has this name.
    #[serde(rename = "volume.absent")]
    VolumeAbsent { volume: String },
    /// No network has this name.
    #[serde(rename = "network.absent")]
    NetworkAbsent { network: String },
    /// How many containers carry some labels (in some state).
    #[serde(rename = "container.count")]
    ContainerCount(ContainerCount),
    /// How many images carry some labels (dangling or not).
    #[serde(rename = "image.count")]
    ImageCount(ObjectCount),
    /// How many volumes carry some labels (unused or not).
    #[serde(rename = "volume.count")]
    VolumeCount(ObjectCount),
    /// How many networks carry some labels (unused or not).
    #[serde(rename = "network.count")]
    NetworkCount(ObjectCount),
    /// A query into `docker container inspect`.
    #[serde(rename = "container.inspect")]
    ContainerInspect(Inspection),
    /// A query into `docker image inspect`.
    #[serde(rename = "image.inspect")]
    ImageInspect(Inspection),
    /// A query into `docker volume inspect`.
    #[serde(rename = "volume.inspect")]
    VolumeInspect(Inspection),
    /// A query into `docker network inspect`.
    #[serde(rename = "network.inspect")]
    NetworkInspect(Inspection),
}

/// A list of container names with at least one name: an empty list would
/// pass whatever the learner did.
fn container_names<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let names = Vec::<String>::deserialize(d)?;
    if names.is_empty() {
        return Err(D::Error::custom(
            "`containers` is empty; list the names of the containers to look for",
        ));
    }
    Ok(names)
}

/// `image.label`: a label the image carries (with `value`), or must not
/// carry (`set = false`).
#[derive(Clone, Debug)]
pub struct LabelCheck {
    pub image: String,
    pub name: String,
    pub value: Option<String>,
    pub set: bool,
}

/// `LabelCheck` as written.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct LabelFields {
    image: String,
    name: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    set: Option<bool>,
}

impl<'de> Deserialize<'de> for LabelCheck {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = LabelFields::deserialize(d)?;
        let set = f.set.unwrap_or(true);
        if !set && f.value.is_some() {
            return Err(D::Error::custom(
                "`set = false` says the image must not carry the label; drop `value`",
            ));
        }
        Ok(LabelCheck {
            image: f.image,
            name: f.name,
            value: f.value,
            set,
        })
    }
}

/// `image.env`: a variable set in the image, with at most one of `value` and
/// `pattern` saying what it must hold, or `set = false`: the image must not
/// set it at all.
#[derive(Clone, Debug)]
pub struct EnvCheck {
    pub image: String,
    pub name: String,
    pub want: EnvWant,
}

/// What an `image.env` check wants of the variable.
#[derive(Clone, Debug)]
pub enum EnvWant {
    /// Set, to anything.
    Set,
    Value(String),
    Matching(Pattern),
    /// Not set by the image (`set = false`).
    Unset,
}

/// `EnvCheck` as written.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct EnvFields {
    image: String,
    name: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    pattern: Option<Pattern>,
    #[serde(default)]
    set: Option<bool>,
}

impl<'de> Deserialize<'de> for EnvCheck {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = EnvFields::deserialize(d)?;
        if f.set == Some(false) {
            if f.value.is_some() || f.pattern.is_some() {
                return Err(D::Error::custom(
                    "`set = false` says the image must not set the variable; drop `value` and `pattern`",
                ));
            }
            return Ok(EnvCheck {
                image: f.image,
                name: f.name,
                want: EnvWant::Unset,
            });
        }
        let want = match (f.value, f.pattern) {
            (None, None) => EnvWant::Set,
            (Some(v), None) => EnvWant::Value(v),
            (None, Some(p)) => EnvWant::Matching(p),
            (Some(_), Some(_)) => {
                return Err(D::Error::custom(
                    "give either `value` (an exact value) or `pattern` (a regular expression), not both",
                ))
            }
        };
        Ok(EnvCheck {
            image: f.image,
            name: f.name,
            want,
        })
    }
}

/// A port as `EXPOSE` writes it: `8080` (meaning tcp) or `"53/udp"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExposedPort {
    pub number: u16,
    pub protocol: String,
}

impl ExposedPort {
    pub fn parse(text: &str) -> Result<ExposedPort, String> {
        let fix = "write a port such as 8080, \"8080/tcp\" or \"53/udp\"";
        let (number, protocol) = text.trim().split_once('/').unwrap_or((text.trim(), "tcp"));
        let number = crate::pack::ranges::port_number(number)
            .ok_or_else(|| format!("{text:?} is not a port (1 to 65535); {fix}"))?;
        let protocol = protocol.to_ascii_lowercase();
        if !matches!(protocol.as_str(), "tcp" | "udp" | "sctp") {
            return Err(format!(
                "{text:?} has an unknown protocol (tcp, udp or sctp); {fix}"
            ));
        }
        Ok(ExposedPort { number, protocol })
    }
}

impl fmt::Display for ExposedPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.number, self.protocol)
    }
}

impl<'de> Deserialize<'de> for ExposedPort {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize, schemars::JsonSchema)]
        #[serde(untagged)]
        enum Raw {
            Number(i64),
            Text(String),
        }
        match Raw::deserialize(d) {
            Ok(Raw::Number(n)) => ExposedPort::parse(&n.to_string()).map_err(D::Error::custom),
            Ok(Raw::Text(t)) => ExposedPort::parse(&t).map_err(D::Error::custom),
            Err(_) => Err(D::Error::custom(
                "`port` must be a port number (1 to 65535) or a string such as \"8080/tcp\"",
            )),
        }
    }
}

impl ImageCheck {
    pub fn describe(&self) -> String {
        use ImageCheck::*;
        match self {
            Exists { image } => format!("Image `{image}` exists"),
            Size { image, at_most } => format!("Image `{image}` is at most {at_most}"),
            Layers { image, at_most } => {
                format!(
                    "Image `{image}` has at most {}",
                    crate::words::count(*at_most, "layer")
                )
            }
            User {
                image,
                user,
                one_of,
            } => {
                let users: Vec<String> = user.iter().chain(one_of).cloned().collect();
                match users.is_empty() {
                    true => format!("Image `{image}` does not run as root"),
                    false => format!(
                        "Image `{image}` runs as user {}",
                        super::container::or_list(&users)
                    ),
                }
            }
            Healthcheck { image } => format!("Image `{image}` defines a HEALTHCHECK"),
            Exposes { image, port } => format!("Image `{image}` exposes port {port}"),
            Label(LabelCheck {
                image,
                name,
                value,
                set,
            }) => match (set, value) {
                (false, _) => format!("Image `{image}` has no label `{name}`"),
                (true, Some(v)) => format!("Image `{image}` has label `{name}={v}`"),
                (true, None) => format!("Image `{image}` has label `{name}`"),
            },
            Env(e) => e.describe(),
            Entrypoint { image, value } => {
                format!("Image `{image}` has ENTRYPOINT {}", exec_form(value))
            }
            Cmd { image, value } => format!("Image `{image}` has CMD {}", exec_form(value)),
            Same { image, other } => format!("`{image}` and `{other}` are the same image"),
            VolumeExists { volume, .. } => format!("Volume `{volume}` exists"),
            VolumeUsedBy { volume, containers } => {
                format!("Volume `{volume}` is mounted by {}", containers.join(", "))
            }
            NetworkExists { network, .. } => format!("Network `{network}` exists"),
            NetworkConnected {
                network,
                containers,
            } => format!("{} attached to network `{network}`", containers.join(", ")),
            ContainerAbsent { container } => format!("No container named `{container}` exists"),
            Absent { image } => format!("Image `{image}` does not exist"),
            VolumeAbsent { volume } => format!("Volume `{volume}` does not exist"),
            NetworkAbsent { network } => format!("Network `{network}` does not exist"),
            ContainerCount(c) => format!("{}{}", capitalized(&c.bounds.of(&c.noun())), c.scope()),
            ImageCount(c) => c.describe("image"),
            VolumeCount(c) => c.describe("volume"),
            NetworkCount(c) => c.describe("network"),
            ContainerInspect(i) => i.describe("Container"),
            ImageInspect(i) => i.describe("Image"),
            VolumeInspect(i) => i.describe("Volume"),
            NetworkInspect(i) => i.describe("Network"),
        }
    }
}

impl EnvCheck {
    fn describe(&self) -> String {
        let (image, name) = (&self.image, &self.name);
        match &self.want {
            EnvWant::Set => format!("Image `{image}` sets `{name}`"),
            EnvWant::Value(v) => format!("Image `{image}` sets `{name}={v}`"),
            EnvWant::Matching(p) => format!("Image `{image}` sets `{name}` matching {p}"),
            EnvWant::Unset => format!("Image `{image}` does not set `{name}`"),
        }
    }
}

impl ObjectCount {
    fn describe(&self, object: &str) -> String {
        format!(
            "{}{}",
            capitalized(&self.bounds.of(&self.noun(object))),
            label_scope(&self.labels)
        )
    }
}

/// "Exactly 2" from "exactly 2".
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A command list as a Dockerfile's exec form writes it: `["sh", "-c", "x"]`.
pub fn exec_form(parts: &[String]) -> String {
    format!("{parts:?}")
}

crate::pack::schema_support::number_or_string_schema!(
    ExposedPort,
    r#"an exposed port: a number or "8080/tcp""#
);
crate::pack::schema_support::schema_from!(LabelCheck, LabelFields);
crate::pack::schema_support::schema_from!(EnvCheck, EnvFields);
