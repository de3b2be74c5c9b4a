//! JSON Schema for `pack.toml` and `lab.toml`, generated from the loader's
//! own types (with `schemars`), so editors with a TOML language server
//! (Taplo and the extensions built on it) complete keys and flag mistakes
//! as the author types, and the schema never drifts from what loads.
//!
//! A check is a flat table (`id`, `kind`, `title`, `hint`, `within`,
//! `needs` plus the kind's own keys) while each check family is an enum
//! keyed by kind, so the check schema is built by merging the common keys
//! into every kind's keys: one branch per kind, told apart by `kind`.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};

use super::check::Check;
use super::checks::{
    CompareCheck, ContainerCheck, FileCheck, GitCheck, HttpCheck, ImageCheck, ProbeCheck,
};
use super::lab::LabFile;
use super::PackFile;

/// Where the schemas are published in a scaffolded pack (`pack new`).
pub const SCHEMA_DIR: &str = ".schemas";

/// The schema of `lab.toml`, as pretty JSON (draft 2020-12).
pub fn lab_schema() -> String {
    pretty(
        schemars::schema_for!(LabFile),
        "lab.toml",
        "One lab of an opslab pack (docs/pack-format.md).",
    )
}

/// The schema of `pack.toml`, as pretty JSON (draft 2020-12).
pub fn pack_schema() -> String {
    pretty(
        schemars::schema_for!(PackFile),
        "pack.toml",
        "An opslab lab pack (docs/pack-format.md).",
    )
}

fn pretty(schema: Schema, title: &str, description: &str) -> String {
    let mut value = schema.to_value();
    if let Value::Object(map) = &mut value {
        map.insert("title".into(), json!(title));
        map.insert("description".into(), json!(description));
    }
    serde_json::to_string_pretty(&value).expect("a schema is plain JSON") + "\n"
}

impl JsonSchema for Check {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Check".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut kinds = Vec::new();
        for family in families() {
            if let Some(Value::Array(variants)) = family.get("oneOf") {
                kinds.extend(variants.iter().filter_map(kind_branch));
            }
        }
        let mut schema = Map::new();
        schema.insert(
            "description".into(),
            json!("A check: `id` and `kind`, optional `title`, `hint`, `within`, `needs`, and the keys of its kind (docs/checks/*.md)."),
        );
        schema.insert("type".into(), json!("object"));
        schema.insert("required".into(), json!(["id", "kind"]));
        schema.insert("oneOf".into(), Value::Array(kinds));
        Schema::from(schema)
    }
}

/// Each check family's schema, subschemas inlined: `{ "oneOf": [ { "properties":
/// { "file.exists": {...} } }, ... ] }`.
fn families() -> Vec<Value> {
    let generator = || {
        schemars::generate::SchemaSettings::draft2020_12()
            .with(|s| s.inline_subschemas = true)
            .into_generator()
    };
    vec![
        generator()
            .into_root_schema_for::<ContainerCheck>()
            .to_value(),
        generator().into_root_schema_for::<ImageCheck>().to_value(),
        generator().into_root_schema_for::<GitCheck>().to_value(),
        generator().into_root_schema_for::<FileCheck>().to_value(),
        generator().into_root_schema_for::<HttpCheck>().to_value(),
        generator().into_root_schema_for::<ProbeCheck>().to_value(),
        generator()
            .into_root_schema_for::<CompareCheck>()
            .to_value(),
    ]
}

/// One externally tagged variant `{ "properties": { KIND: S } }` turned into
/// the flat table a lab writes: S's keys plus the common keys and `kind`.
fn kind_branch(variant: &Value) -> Option<Value> {
    let (kind, keys) = variant.get("properties")?.as_object()?.iter().next()?;
    let mut keys = keys.clone();
    add_common(&mut keys, kind);
    Some(keys)
}

/// Adds `kind` (= `kind`) and the common keys to an object schema, or to
/// each branch of a `oneOf`/`anyOf`.
fn add_common(schema: &mut Value, kind: &str) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    for alternatives in ["oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = map.get_mut(alternatives) {
            for branch in branches {
                add_common(branch, kind);
            }
            return;
        }
    }
    let properties = map
        .entry("properties")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("properties is an object");
    properties.insert("kind".into(), json!({ "const": kind }));
    properties.insert("id".into(), json!({ "type": "string", "description": "unique within the lab; used in --json output and progress" }));
    properties.insert(
        "title".into(),
        json!({ "type": "string", "description": "the line the learner sees in the checklist" }),
    );
    properties.insert(
        "hint".into(),
        json!({ "type": "string", "description": "shown under the check whenever it fails" }),
    );
    properties.insert("within".into(), json!({ "type": "string", "description": "for checks that wait: how long to keep retrying, e.g. \"10s\"" }));
    properties.insert("needs".into(), json!({ "type": "array", "items": { "type": "string" }, "description": "ids of checks of this lab that must pass first" }));
    let required = map.entry("required").or_insert_with(|| json!([]));
    if let Value::Array(list) = required {
        for key in ["kind", "id"] {
            if !list.iter().any(|k| k == key) {
                list.insert(0, json!(key));
            }
        }
    }
    map.insert("type".into(), json!("object"));
    map.insert("additionalProperties".into(), json!(false));
}
