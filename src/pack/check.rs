//! One check of a lab: common fields (`id`, `title`, `hint`, `within`,
//! `needs`) plus a
//! `kind` and the fields that kind takes. Kinds are grouped in families by the
//! word before the first dot (`container.running` is a Docker check,
//! `git.clean` a git check), and each family lives in `checks/`.

use serde::de::{Deserialize, Deserializer, Error};
use std::time::Duration;

use super::checks::{
    CompareCheck, ContainerCheck, FileCheck, GitCheck, HttpCheck, ImageCheck, ProbeCheck,
};
use super::needs::{Need, Wait};
use super::types::Span;

/// A check, validated, ready to run.
#[derive(Clone, Debug)]
pub struct Check {
    pub id: String,
    /// What the learner sees in the checklist.
    pub title: String,
    /// The author's advice, shown whenever the check fails (before any
    /// advice of the probe's own).
    pub hint: Option<String>,
    /// For checks that wait (HTTP, health): how long to keep retrying.
    pub within: Option<Duration>,
    /// The checks this one needs: declared with `needs = [...]`, plus those
    /// inferred when the lab is loaded (see `pack::needs`).
    pub needs: Vec<Need>,
    pub spec: CheckSpec,
}

#[derive(Clone, Debug)]
pub enum CheckSpec {
    Container(ContainerCheck),
    Image(ImageCheck),
    Git(GitCheck),
    File(FileCheck),
    Http(HttpCheck),
    /// Checks that look inside with a throwaway probe container.
    Probe(ProbeCheck),
    /// A value from one source held against a value from another.
    Compare(CompareCheck),
}

/// Which family a `kind` belongs to, by its first word.
pub fn family_of(kind: &str) -> Option<&'static str> {
    // Kinds that run a probe container read best under the object they
    // look into, so they are picked out before the first word decides.
    if matches!(
        kind,
        "probe.run" | "image.file" | "volume.file" | "network.reach"
    ) {
        return Some("probe");
    }
    // Container kinds that name no one existing container read like the
    // other object-by-name kinds, and live with them.
    if matches!(
        kind,
        "container.absent" | "container.count" | "container.inspect"
    ) {
        return Some("image");
    }
    let head = kind.split('.').next().unwrap_or("");
    match head {
        "container" => Some("container"),
        "image" | "volume" | "network" => Some("image"),
        "git" => Some("git"),
        "file" | "dockerfile" => Some("file"),
        "http" => Some("http"),
        "probe" => Some("probe"),
        "compare" => Some("compare"),
        _ => None,
    }
}

impl CheckSpec {
    /// A plain sentence describing what the check wants, used when the lab
    /// gives no `title`.
    pub fn describe(&self) -> String {
        match self {
            CheckSpec::Container(c) => c.describe(),
            CheckSpec::Image(c) => c.describe(),
            CheckSpec::Git(c) => c.describe(),
            CheckSpec::File(c) => c.describe(),
            CheckSpec::Http(c) => c.describe(),
            CheckSpec::Probe(c) => c.describe(),
            CheckSpec::Compare(c) => c.describe(),
        }
    }

    /// Whether the check waits for something to come up, retrying until
    /// `within` runs out instead of failing at the first look.
    pub fn waits(&self) -> bool {
        match self {
            CheckSpec::Container(c) => c.waits(),
            CheckSpec::Http(_) => true,
            CheckSpec::Image(_) | CheckSpec::Git(_) | CheckSpec::File(_) => false,
            CheckSpec::Probe(_) => false,
            CheckSpec::Compare(c) => c.comparison().reads_http(),
        }
    }

    pub fn needs_docker(&self) -> bool {
        match self {
            CheckSpec::Compare(c) => c.comparison().needs_docker(),
            other => matches!(
                other,
                CheckSpec::Container(_) | CheckSpec::Image(_) | CheckSpec::Probe(_)
            ),
        }
    }
}

impl<'de> Deserialize<'de> for Check {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut table = toml::Table::deserialize(d)?;
        let mut take_string = |key: &str| -> Result<Option<String>, String> {
            match table.remove(key) {
                None => Ok(None),
                Some(toml::Value::String(s)) => Ok(Some(s)),
                Some(other) => Err(format!(
                    "`{key}` must be a string, found {}; put the value in double quotes",
                    other.type_str()
                )),
            }
        };
        let id = take_string("id")
            .map_err(|e| D::Error::custom(format!("a check's {e}")))?
            .ok_or_else(|| {
                D::Error::custom(
                    "this check has no `id`; add `id = \"some-name\"` (unique in the lab)",
                )
            })?;
        let in_id = |e: String| D::Error::custom(format!("check `{id}`: {e}"));
        let title = take_string("title").map_err(in_id)?;
        let hint = take_string("hint").map_err(in_id)?;
        let within = take_string("within")
            .map_err(in_id)?
            .map(|t| Span::parse(&t).map(|s| s.0))
            .transpose()
            .map_err(|e| D::Error::custom(format!("check `{id}`: `within`: {e}")))?;
        let needs = declared_needs(table.remove("needs"))
            .map_err(|e| D::Error::custom(format!("check `{id}`: {e}")))?;
        let kind = match table.get("kind") {
            Some(toml::Value::String(k)) => k.clone(),
            Some(_) => {
                return Err(D::Error::custom(format!(
                    "check `{id}`: `kind` must be a string, such as `kind = \"file.exists\"`"
                )))
            }
            None => {
                return Err(D::Error::custom(format!(
                    "check `{id}` has no `kind`; add one such as `kind = \"container.running\"` (see docs/pack-format.md for the list)"
                )))
            }
        };
        // Externally tagged (`{ "file.exists" = { path = ... } }`), so that
        // serde reads the fields directly and a bad one is named by its key.
        table.remove("kind");
        let value = toml::Value::Table(toml::Table::from_iter([(
            kind.clone(),
            toml::Value::Table(table),
        )]));
        let in_check = |e: toml::de::Error| {
            let keys = super::explain::error_keys(&e);
            let path: Vec<&str> = keys
                .iter()
                .map(String::as_str)
                .filter(|k| *k != kind)
                .collect();
            let path = path.join(".");
            let field = Some(path.as_str()).filter(|p| !p.is_empty());
            let message = match e
                .message()
                .strip_prefix(&format!("unknown variant `{kind}`"))
            {
                Some(rest) => format!(
                    "unknown kind `{kind}`{}{}; fix the spelling (see docs/pack-format.md)",
                    rest.trim_end(),
                    super::checks::also_probe_kinds(&kind)
                ),
                None => super::explain::field_message(field, e.message()),
            };
            D::Error::custom(format!("check `{id}` ({kind}): {message}"))
        };
        let spec = match family_of(&kind) {
            Some("container") => CheckSpec::Container(value.try_into().map_err(in_check)?),
            Some("image") => CheckSpec::Image(value.try_into().map_err(in_check)?),
            Some("git") => CheckSpec::Git(value.try_into().map_err(in_check)?),
            Some("file") => CheckSpec::File(value.try_into().map_err(in_check)?),
            Some("http") => CheckSpec::Http(value.try_into().map_err(in_check)?),
            Some("probe") => CheckSpec::Probe(value.try_into().map_err(in_check)?),
            Some("compare") => CheckSpec::Compare(value.try_into().map_err(in_check)?),
            _ => {
                return Err(D::Error::custom(format!(
                    "check `{id}`: unknown kind `{kind}`; kinds start with container., image., volume., network., git., file., dockerfile., http. or probe., or is `compare` (see docs/pack-format.md)"
                )))
            }
        };
        let title = title.unwrap_or_else(|| spec.describe());
        Ok(Check {
            id,
            title,
            hint,
            within,
            needs,
            spec,
        })
    }
}

/// `needs = ["check-id", ...]`: the ids, checked against the lab later.
fn declared_needs(value: Option<toml::Value>) -> Result<Vec<Need>, String> {
    let fix = "write the ids of checks of this lab, such as `needs = [\"running\"]`";
    let items = match value {
        None => return Ok(Vec::new()),
        Some(toml::Value::Array(items)) => items,
        Some(other) => {
            return Err(format!(
                "`needs` must be a list, found {}; {fix}",
                other.type_str()
            ))
        }
    };
    items
        .into_iter()
        .map(|item| match item {
            toml::Value::String(check) => Ok(Need {
                check,
                when: Wait::UnlessPassed,
            }),
            other => Err(format!(
                "`needs` holds {}, not a check id; {fix}",
                other.type_str()
            )),
        })
        .collect()
}
