//! `container.inspect`, `image.inspect`, `volume.inspect` and
//! `network.inspect`: the Engine API's inspect data of one object, as JSON,
//! walked by the query language of `file.query` and held against one
//! expectation. A query that reaches nothing says where it stopped.

use std::collections::{BTreeMap, HashMap};

use bollard::query_parameters::ListContainersOptionsBuilder;
use serde::Serialize;
use serde_json::Value;

use super::exact::Exact;
use super::{image_rules, DockerProbe};
use crate::pack::checks::{values, DockerObject, InspectWant, Inspection, StateFilter};
use crate::verify::evidence::{saw, short_id, ABSENT};
use crate::verify::files::{listing, same, select, short, toml_to_json, why_nothing, Found};
use crate::verify::Outcome;

/// The Docker object families an inspect check can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    Container,
    Image,
    Volume,
    Network,
}

impl Family {
    fn word(self) -> &'static str {
        match self {
            Family::Container => "container",
            Family::Image => "image",
            Family::Volume => "volume",
            Family::Network => "network",
        }
    }
}

pub(super) async fn evaluate(docker: &DockerProbe, family: Family, check: &Inspection) -> Outcome {
    let name = check.name.as_str();
    let what = format!("inspect {} `{name}`", family.word());
    let data = match family {
        Family::Container => as_json(docker, &what, docker.inspect_container_exact(name).await),
        Family::Image => as_json(docker, &what, docker.inspect_image_exact(name).await),
        Family::Volume => as_json(docker, &what, docker.inspect_volume_exact(name).await),
        Family::Network => as_json(docker, &what, docker.inspect_network_exact(name).await),
    };
    let doc = match data {
        Ok(Some(doc)) => doc,
        Ok(None) => {
            saw(format!("{} {name}", family.word()), "Id", ABSENT);
            return missing(docker, family, name).await;
        }
        Err(o) => return o,
    };
    let found = select(&doc, &check.query.steps);
    let seen = match found.is_empty() {
        true => ABSENT.to_string(),
        false => listing(&found),
    };
    saw(object(family, name, &doc), check.query.to_string(), seen);
    match judge(family, check, &doc, &found) {
        Outcome::Failed {
            expected, actual, ..
        } => Outcome::failed_with_hint(
            expected,
            actual,
            format!(
                "`docker {} inspect {name}` shows what this check reads; the query follows its keys from the top (such as `{}`).",
                family.word(),
                example(family)
            ),
        ),
        other => other,
    }
}

/// What `docker <object> inspect <name>` shows, as JSON (for `compare`).
/// A missing object fails with the words of the kinds that name it; a
/// daemon that cannot answer is a "could not run".
pub(crate) async fn inspect_data(
    docker: &DockerProbe,
    object: DockerObject,
    name: &str,
) -> Result<Value, Outcome> {
    let family = match object {
        DockerObject::Container => Family::Container,
        DockerObject::Image => Family::Image,
        DockerObject::Volume => Family::Volume,
        DockerObject::Network => Family::Network,
    };
    let what = format!("inspect {} `{name}`", family.word());
    let data = match family {
        Family::Container => as_json(docker, &what, docker.inspect_container_exact(name).await),
        Family::Image => as_json(docker, &what, docker.inspect_image_exact(name).await),
        Family::Volume => as_json(docker, &what, docker.inspect_volume_exact(name).await),
        Family::Network => as_json(docker, &what, docker.inspect_network_exact(name).await),
    };
    match data? {
        Some(doc) => Ok(doc),
        None => Err(missing(docker, family, name).await),
    }
}

/// The inspect data of every container carrying all of `labels` and in
/// `state`, by name (without the leading `/`), sorted by name. A
/// container removed between the listing and its inspection is left out.
pub(crate) async fn labelled_containers(
    docker: &DockerProbe,
    labels: &BTreeMap<String, String>,
    state: StateFilter,
) -> Result<Vec<(String, Value)>, Outcome> {
    let pairs: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut filters: HashMap<&str, Vec<&str>> = HashMap::new();
    if !pairs.is_empty() {
        filters.insert("label", pairs.iter().map(String::as_str).collect());
    }
    let options = ListContainersOptionsBuilder::new()
        .all(true)
        .filters(&filters)
        .build();
    let listed = match docker.client.list_containers(Some(options)).await {
        Ok(listed) => listed,
        Err(e) => return Err(docker.could_not_read("the containers", e)),
    };
    let mut found = Vec::new();
    for summary in listed {
        let status = summary.state.map(|s| s.to_string()).unwrap_or_default();
        let Some(id) = summary.id.filter(|_| state.admits(&status)) else {
            continue;
        };
        let answer = match docker.client.inspect_container(&id, None).await {
            Ok(data) => data,
            Err(e) if super::probe::is_not_found(&e) => continue,
            Err(e) => return Err(docker.could_not_read("a container", e)),
        };
        let name = answer.name.clone().unwrap_or_default();
        let what = format!("inspect container `{name}`");
        if let Some(doc) = as_json(docker, &what, Ok(Some(answer)))? {
            found.push((name.trim_start_matches('/').to_string(), doc));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

/// `container web (id 3f2a1b9c0d12)`; volumes and networks without IDs
/// are named only.
pub(crate) fn object(family: Family, name: &str, doc: &Value) -> String {
    match doc.get("Id").and_then(Value::as_str) {
        Some(id) => format!("{} {name} (id {})", family.word(), short_id(id)),
        None => format!("{} {name}", family.word()),
    }
}

/// The inspect answer as JSON, or the "could not run" outcome.
fn as_json<T: Serialize>(
    docker: &DockerProbe,
    what: &str,
    answer: Exact<T>,
) -> Result<Option<Value>, Outcome> {
    match answer {
        Ok(None) => Ok(None),
        Ok(Some(data)) => serde_json::to_value(data)
            .map(Some)
            .map_err(|e| Outcome::error(format!("could not {what} as JSON: {e}"))),
        Err(e) => Err(Outcome::error(docker.failure(what, &e))),
    }
}

fn example(family: Family) -> &'static str {
    match family {
        Family::Container => "HostConfig.RestartPolicy.Name",
        Family::Image => "Config.Env",
        Family::Volume => "Driver",
        Family::Network => "IPAM.Config[0].Subnet",
    }
}

/// The object does not exist: the same words as the kinds that name it.
async fn missing(docker: &DockerProbe, family: Family, name: &str) -> Outcome {
    match family {
        Family::Container => super::container::missing(name),
        Family::Image => match docker.other_tags(name).await {
            Ok(tags) => image_rules::missing_image(name, &tags),
            Err(o) => o,
        },
        Family::Volume => super::volume::missing(name),
        Family::Network => super::network::missing(name),
    }
}

fn judge(family: Family, check: &Inspection, doc: &Value, found: &[Found]) -> Outcome {
    let query = &check.query;
    let of = format!("`{query}` of {} `{}`", family.word(), check.name);
    let nothing = || format!("nothing at `{query}`: {}", why_nothing(doc, &query.steps));
    let seen = || match found.is_empty() {
        true => nothing(),
        false => listing(found),
    };
    match &check.want {
        InspectWant::Exists(true) => Outcome::expect(!found.is_empty(), of, nothing()),
        InspectWant::Exists(false) => Outcome::expect(
            found.is_empty(),
            format!("no {of}"),
            format!("found {}", listing(found)),
        ),
        InspectWant::Equals(want) => {
            let want = json_of(want);
            let ok = found.iter().any(|f| same(f.value, &want));
            Outcome::expect(ok, format!("{of} equal to {}", short(&want)), seen())
        }
        InspectWant::OneOf(list) => {
            let wanted: Vec<Value> = list.iter().map(json_of).collect();
            let ok = found
                .iter()
                .any(|f| wanted.iter().any(|w| same(f.value, w)));
            Outcome::expect(ok, format!("{of} one of {}", values(list)), seen())
        }
        InspectWant::Matches(pattern) => {
            let ok = found.iter().any(|f| pattern.is_match(&text_of(f.value)));
            Outcome::expect(ok, format!("{of} matching {pattern}"), seen())
        }
        InspectWant::Count(bounds) => {
            let n = count(check, found);
            let actual = match found.is_empty() {
                true => nothing(),
                false => format!("{n} found: {}", listing(found)),
            };
            Outcome::expect(bounds.allows(n), format!("{bounds} of {of}"), actual)
        }
    }
}

/// A lab's TOML value as JSON, for comparing with inspect data.
fn json_of(value: &toml::Value) -> Value {
    toml_to_json(value.clone())
}

/// How many things the query found: the matches of a wildcard query, or the
/// entries of the one list or table a plain query reaches.
fn count(check: &Inspection, found: &[Found]) -> usize {
    match found {
        [one] if !check.query.has_wildcard() => match one.value {
            Value::Array(items) => items.len(),
            Value::Object(map) => map.len(),
            _ => 1,
        },
        _ => found.len(),
    }
}

/// Strings as they are, other values as compact JSON.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
