//! The fields of the Docker kinds that look at many objects or at any field
//! of one: `container.count` and `image.count` (how many objects within a
//! label scope), and `*.inspect` (a query into the Engine API's inspect
//! data, with the expectations of `file.query`).

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use super::file::Query;
use crate::pack::types::Pattern;

/// How many objects a count wants: exactly `equals`, or within
/// `at_least`..=`at_most` (either bound may be missing, not both).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    pub at_least: Option<u32>,
    pub at_most: Option<u32>,
}

impl Bounds {
    /// Validates the three ways of writing a count; `names` are the field
    /// names as the lab writes them (`equals`, `at_least`, `at_most`).
    pub fn new(
        equals: Option<u32>,
        at_least: Option<u32>,
        at_most: Option<u32>,
        names: [&str; 3],
    ) -> Result<Bounds, String> {
        let [eq, low, high] = names;
        match (equals, at_least, at_most) {
            (Some(n), None, None) => Ok(Bounds {
                at_least: Some(n),
                at_most: Some(n),
            }),
            (Some(_), _, _) => Err(format!("give either `{eq}` or `{low}`/`{high}`, not both")),
            (None, None, None) => Err(format!(
                "say how many: `{eq} = 2`, `{low} = 1` or `{high} = 0`"
            )),
            (None, Some(l), Some(h)) if l > h => Err(format!(
                "`{low}` ({l}) is more than `{high}` ({h}); nothing can pass"
            )),
            (None, low, high) => Ok(Bounds {
                at_least: low,
                at_most: high,
            }),
        }
    }

    /// Whether `n` is within the bounds.
    pub fn allows(&self, n: usize) -> bool {
        let n = n as u64;
        self.at_least.is_none_or(|l| n >= u64::from(l))
            && self.at_most.is_none_or(|h| n <= u64::from(h))
    }
}

impl Bounds {
    /// The bounds and a noun: "exactly 1 container", "at least 2
    /// containers", "0 to 1 containers".
    pub fn of(&self, noun: &str) -> String {
        let one = match (self.at_least, self.at_most) {
            (Some(l), Some(h)) => l == 1 && h == 1,
            (None, Some(h)) => h == 1,
            (Some(l), None) => l == 1,
            (None, None) => false,
        };
        match one {
            true => format!("{self} {noun}"),
            false => format!("{self} {noun}s"),
        }
    }
}

impl fmt::Display for Bounds {
    /// "exactly 2", "at least 1", "at most 0", "1 to 3".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.at_least, self.at_most) {
            (Some(l), Some(h)) if l == h => write!(f, "exactly {l}"),
            (Some(l), Some(h)) => write!(f, "{l} to {h}"),
            (Some(l), None) => write!(f, "at least {l}"),
            (None, Some(h)) => write!(f, "at most {h}"),
            (None, None) => write!(f, "any number of"),
        }
    }
}

/// The state a counted container must be in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum StateFilter {
    Running,
    Exited,
    Created,
    Paused,
    #[default]
    Any,
}

impl StateFilter {
    /// Whether a container in Docker's `status` (`running`, `exited`...) counts.
    pub fn admits(&self, status: &str) -> bool {
        match self {
            StateFilter::Any => true,
            StateFilter::Running => status == "running",
            StateFilter::Exited => status == "exited",
            StateFilter::Created => status == "created",
            StateFilter::Paused => status == "paused",
        }
    }
}

impl fmt::Display for StateFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StateFilter::Running => "running",
            StateFilter::Exited => "exited",
            StateFilter::Created => "created",
            StateFilter::Paused => "paused",
            StateFilter::Any => "any",
        })
    }
}

impl ContainerCount {
    /// `` with label `app=web`, named like /^web-/, from image `web:1` ``.
    pub fn scope(&self) -> String {
        let mut scope = label_scope(&self.labels);
        if let Some(p) = &self.name {
            scope.push_str(&format!(" named like {p}"));
        }
        if let Some(i) = &self.image {
            scope.push_str(&format!(" from image `{i}`"));
        }
        scope
    }

    /// "container", "running container".
    pub fn noun(&self) -> String {
        match self.state {
            StateFilter::Any => "container".into(),
            state => format!("{state} container"),
        }
    }
}

impl ObjectCount {
    /// "image", "dangling image", "tagged image"; "volume", "unused
    /// volume", "used volume"; `object` is "image", "volume" or "network".
    pub fn noun(&self, object: &str) -> String {
        match (self.dangling, object) {
            (None, _) => object.into(),
            (Some(true), "image") => "dangling image".into(),
            (Some(false), "image") => "tagged image".into(),
            (Some(true), _) => format!("unused {object}"),
            (Some(false), _) => format!("used {object}"),
        }
    }
}

/// `container.count`: how many containers carry every label of `labels`
/// (and are in `state`).
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawContainerCount")]
pub struct ContainerCount {
    pub labels: BTreeMap<String, String>,
    /// Only containers whose name matches.
    pub name: Option<Pattern>,
    /// Only containers created from this image (by reference or ID).
    pub image: Option<String>,
    pub state: StateFilter,
    pub bounds: Bounds,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawContainerCount {
    #[serde(default)]
    labels: BTreeMap<String, String>,
    #[serde(default)]
    name: Option<Pattern>,
    #[serde(default)]
    image: Option<String>,
    #[serde(default)]
    state: StateFilter,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count")]
    equals: Option<u32>,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count")]
    at_least: Option<u32>,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count")]
    at_most: Option<u32>,
}

const COUNT_FIELDS: [&str; 3] = ["equals", "at_least", "at_most"];

impl TryFrom<RawContainerCount> for ContainerCount {
    type Error = String;

    fn try_from(raw: RawContainerCount) -> Result<Self, String> {
        Ok(ContainerCount {
            bounds: Bounds::new(raw.equals, raw.at_least, raw.at_most, COUNT_FIELDS)?,
            labels: raw.labels,
            name: raw.name,
            image: raw.image,
            state: raw.state,
        })
    }
}

/// `image.count`, `volume.count`, `network.count`: how many objects carry
/// every label of `labels`; with `dangling = true` only dangling ones
/// (images without a tag, volumes and networks no container uses), with
/// `dangling = false` only the others.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawObjectCount")]
pub struct ObjectCount {
    pub labels: BTreeMap<String, String>,
    pub dangling: Option<bool>,
    pub bounds: Bounds,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawObjectCount {
    #[serde(default)]
    labels: BTreeMap<String, String>,
    #[serde(default)]
    dangling: Option<bool>,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count")]
    equals: Option<u32>,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count")]
    at_least: Option<u32>,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count")]
    at_most: Option<u32>,
}

impl TryFrom<RawObjectCount> for ObjectCount {
    type Error = String;

    fn try_from(raw: RawObjectCount) -> Result<Self, String> {
        Ok(ObjectCount {
            bounds: Bounds::new(raw.equals, raw.at_least, raw.at_most, COUNT_FIELDS)?,
            labels: raw.labels,
            dangling: raw.dangling,
        })
    }
}

/// `` with label `app=web` `` / `` with labels `a=1`, `b=2` `` / `""`.
pub fn label_scope(labels: &BTreeMap<String, String>) -> String {
    let pairs: Vec<String> = labels.iter().map(|(k, v)| format!("`{k}={v}`")).collect();
    match pairs.len() {
        0 => String::new(),
        1 => format!(" with label {}", pairs[0]),
        _ => format!(" with labels {}", pairs.join(", ")),
    }
}

/// What the value (or values) an inspect query finds must be like.
#[derive(Clone, Debug)]
pub enum InspectWant {
    /// Some value found equals this one (numbers compare by value).
    Equals(toml::Value),
    /// Some value found equals one of these.
    OneOf(Vec<toml::Value>),
    /// Some value found, as text, matches the pattern.
    Matches(Pattern),
    /// The query finds something (`true`) or nothing (`false`).
    Exists(bool),
    /// How many values the query finds (or entries the one list or table it
    /// reaches has).
    Count(Bounds),
}

/// `container.inspect`, `image.inspect`, `volume.inspect`,
/// `network.inspect`: a query into what `docker inspect` shows of the
/// object `name`, and one expectation.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawInspection")]
pub struct Inspection {
    pub name: String,
    pub query: Query,
    pub want: InspectWant,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawInspection {
    name: String,
    query: Query,
    #[schemars(with = "Option<serde_json::Value>")]
    equals: Option<toml::Value>,
    #[schemars(with = "Option<Vec<serde_json::Value>>")]
    one_of: Option<Vec<toml::Value>>,
    matches: Option<Pattern>,
    exists: Option<bool>,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count")]
    count: Option<u32>,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count")]
    count_at_least: Option<u32>,
    #[serde(default, deserialize_with = "crate::pack::ranges::some_count")]
    count_at_most: Option<u32>,
}

impl TryFrom<RawInspection> for Inspection {
    type Error = String;

    fn try_from(raw: RawInspection) -> Result<Self, String> {
        let mut given = Vec::new();
        given.extend(raw.equals.map(InspectWant::Equals));
        given.extend(raw.matches.map(InspectWant::Matches));
        given.extend(raw.exists.map(InspectWant::Exists));
        match raw.one_of {
            Some(list) if list.is_empty() => {
                return Err("`one_of` is empty; list the values that may pass".into())
            }
            Some(list) => given.push(InspectWant::OneOf(list)),
            None => {}
        }
        if raw.count.is_some() || raw.count_at_least.is_some() || raw.count_at_most.is_some() {
            let names = ["count", "count_at_least", "count_at_most"];
            let bounds = Bounds::new(raw.count, raw.count_at_least, raw.count_at_most, names)?;
            given.push(InspectWant::Count(bounds));
        }
        if given.len() > 1 {
            return Err("give only one of `equals`, `one_of`, `matches`, `exists` and the `count` fields; split the others into checks of their own".into());
        }
        Ok(Inspection {
            name: raw.name,
            query: raw.query,
            want: given.pop().unwrap_or(InspectWant::Exists(true)),
        })
    }
}

impl Inspection {
    /// `"Container `web` has `HostConfig.Privileged` equal to false"`;
    /// `object` is "Container", "Image", "Volume" or "Network".
    pub fn describe(&self, object: &str) -> String {
        let Inspection { name, query, .. } = self;
        let head = format!("{object} `{name}`");
        match &self.want {
            InspectWant::Equals(v) => format!("{head} has `{query}` equal to {v}"),
            InspectWant::OneOf(list) => format!("{head} has `{query}` one of {}", values(list)),
            InspectWant::Matches(p) => format!("{head} has `{query}` matching {p}"),
            InspectWant::Exists(true) => format!("{head} has `{query}`"),
            InspectWant::Exists(false) => format!("{head} has no `{query}`"),
            InspectWant::Count(b) => format!("{head} has {b} of `{query}`"),
        }
    }
}

/// `1, "a", true` for messages.
pub fn values(list: &[toml::Value]) -> String {
    let shown: Vec<String> = list.iter().map(|v| v.to_string()).collect();
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_read_as_words_and_reject_contradictions() {
        let b = |e, l, h| Bounds::new(e, l, h, COUNT_FIELDS);
        assert_eq!(b(Some(2), None, None).unwrap().to_string(), "exactly 2");
        assert_eq!(b(None, Some(1), None).unwrap().to_string(), "at least 1");
        assert_eq!(b(None, Some(1), Some(3)).unwrap().to_string(), "1 to 3");
        assert!(b(None, None, None).unwrap_err().contains("say how many"));
        assert!(b(Some(1), Some(1), None).unwrap_err().contains("not both"));
        assert!(b(None, Some(3), Some(1))
            .unwrap_err()
            .contains("nothing can pass"));
        let two = b(Some(2), None, None).unwrap();
        assert!(two.allows(2) && !two.allows(3) && !two.allows(1));
        assert!(b(None, None, Some(0)).unwrap().allows(0));
    }
}

crate::pack::schema_support::schema_from!(ContainerCount, RawContainerCount);
crate::pack::schema_support::schema_from!(ObjectCount, RawObjectCount);
crate::pack::schema_support::schema_from!(Inspection, RawInspection);
