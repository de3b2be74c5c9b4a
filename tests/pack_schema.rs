//! The JSON Schema of `lab.toml` and `pack.toml` (`opslab pack schema`)
//! agrees with the loader: every pack that loads (the built-in pack, the
//! fixtures, a fresh `pack new` scaffold) validates, and a misspelled key,
//! an unknown kind or a key of another kind is rejected, as loading
//! rejects them.

use std::path::{Path, PathBuf};

use opslab::pack::schema::{lab_schema, pack_schema};
use opslab::pack::Pack;

fn validator(schema: &str) -> jsonschema::Validator {
    let value: serde_json::Value = serde_json::from_str(schema).expect("the schema is JSON");
    jsonschema::validator_for(&value).expect("the schema is a valid JSON Schema")
}

fn as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn errors(v: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Every folder holding a pack.toml below `root`.
fn packs_below(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        if dir.join("pack.toml").is_file() {
            out.push(dir.clone());
        }
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            if entry.file_type().unwrap().is_dir() {
                todo.push(entry.path());
            }
        }
    }
    out
}

fn assert_pack_validates(dir: &Path, lab: &jsonschema::Validator, pack: &jsonschema::Validator) {
    let loaded = Pack::from_dir(dir).unwrap_or_else(|e| panic!("{} loads: {e}", dir.display()));
    let found = errors(pack, &as_json(&dir.join("pack.toml")));
    assert!(found.is_empty(), "{}/pack.toml: {found:#?}", dir.display());
    for l in &loaded.labs {
        let file = dir.join(&l.dir).join("lab.toml");
        let found = errors(lab, &as_json(&file));
        assert!(found.is_empty(), "{}: {found:#?}", file.display());
    }
}

#[test]
fn every_pack_that_loads_validates_against_the_schema() {
    let (lab, pack) = (validator(&lab_schema()), validator(&pack_schema()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut packs = vec![root.join("labs")];
    packs.extend(
        packs_below(&root.join("tests/fixtures"))
            .into_iter()
            .filter(|d| Pack::from_dir(d).is_ok()),
    );
    assert!(packs.len() >= 3, "{packs:?}");
    for dir in &packs {
        assert_pack_validates(dir, &lab, &pack);
    }
}

#[test]
fn a_new_scaffold_validates_and_names_its_schema() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("course");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_opslab"))
        .args(["pack", "new"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_pack_validates(&dir, &validator(&lab_schema()), &validator(&pack_schema()));
    let written = std::fs::read_to_string(dir.join(".schemas/lab.schema.json")).unwrap();
    assert_eq!(
        written,
        lab_schema(),
        "the scaffold carries the current schema"
    );
    let first = std::fs::read_to_string(dir.join("01-hello-script/lab.toml")).unwrap();
    assert!(
        first.starts_with("#:schema ../.schemas/lab.schema.json"),
        "{first}"
    );
}

#[test]
fn misspelled_keys_unknown_kinds_and_keys_of_another_kind_are_rejected() {
    let lab = validator(&lab_schema());
    let good = r#"
id = "web"
title = "Web"
stage = "containers"
summary = "s"
minutes = 5
[[check]]
id = "up"
kind = "container.running"
container = "web"
"#;
    let doc: serde_json::Value = toml::from_str(good).unwrap();
    assert!(errors(&lab, &doc).is_empty(), "{:?}", errors(&lab, &doc));
    for (from, to) in [
        ("minutes = 5", "minuts = 5"),
        ("container = \"web\"", "contianer = \"web\""),
        (
            "kind = \"container.running\"",
            "kind = \"container.runing\"",
        ),
        ("container = \"web\"", "container = \"web\"\npath = \"x\""),
        ("id = \"up\"", "ids = \"up\""),
    ] {
        let bad: serde_json::Value = toml::from_str(&good.replace(from, to)).unwrap();
        assert!(!errors(&lab, &bad).is_empty(), "`{to}` passed the schema");
    }
}
