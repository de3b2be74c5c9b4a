//! A folder read as one Terraform module: every `*.tf` file in it (not in
//! its subfolders), in name order, parsed and merged into one document, as
//! Terraform itself reads a module. Blocks of the same type merge by their
//! labels, so `resource.aws_s3_bucket.*` sees the buckets of every file.
//!
//! A `module` block whose `source` is a local folder (`./modules/net`,
//! `../shared`) that stays in the workspace is followed: that folder, read
//! the same way, appears under the block's key [`FOLLOWED`], so
//! `module.net.$module.resource.aws_vpc.main.cidr_block` reaches into it.
//! Registry and git sources are not followed; nesting stops at [`DEPTH`].

use std::io::ErrorKind;
use std::path::{Component, Path};

use serde_json::Value;

use super::documents;
use super::open::read_document;
use crate::pack::checks::DocFormat;
use crate::pack::types::RelPath;
use crate::verify::{Context, Outcome};

/// The key under which a module block holds the module its `source` names.
pub const FOLLOWED: &str = "$module";

/// How many modules deep `source` is followed.
pub const DEPTH: usize = 4;

/// Whether `path` is a folder in the workspace (a link to one counts).
pub async fn is_folder(ctx: &Context, path: &RelPath) -> bool {
    tokio::fs::metadata(path.under(&ctx.workspace))
        .await
        .is_ok_and(|m| m.is_dir())
}

/// The merged module at `path`, or the outcome that says why there is none.
pub async fn read(ctx: &Context, path: &RelPath) -> Result<Value, Outcome> {
    let (workspace, path) = (ctx.workspace.clone(), path.clone());
    tokio::task::spawn_blocking(move || read_module(&workspace, &path, 0))
        .await
        .unwrap_or_else(|e| Err(Outcome::error(format!("reading the folder stopped: {e}"))))
}

fn read_module(workspace: &Path, folder: &RelPath, depth: usize) -> Result<Value, Outcome> {
    let full = folder.under(workspace);
    let names = tf_files(&full)?;
    if names.is_empty() {
        return Err(Outcome::failed_with_hint(
            format!("Terraform files (`*.tf`) in `{folder}`"),
            format!("`{folder}` holds no .tf file"),
            format!("write the module's .tf files into `{folder}`"),
        ));
    }
    let base = folder.to_string();
    let base = base.trim_end_matches('/');
    let mut module = Value::Object(Default::default());
    for name in names {
        let file = RelPath::new(&format!("{base}/{name}")).map_err(Outcome::error)?;
        let text = read_document(workspace, &file)?;
        let doc = documents::parse(DocFormat::Hcl, &text).map_err(|why| {
            Outcome::failed_with_hint(
                format!("every .tf file in `{folder}` is valid HCL"),
                format!("{file} does not parse: {why}"),
                "fix the syntax at the line named (a missing `}` or `\"` is the usual suspect), then check again",
            )
        })?;
        merge(&mut module, doc);
    }
    if depth < DEPTH {
        follow_sources(workspace, folder, &mut module, depth)?;
    }
    Ok(module)
}

/// Reads the local folder each `module` block's `source` names into the
/// block, under [`FOLLOWED`].
fn follow_sources(
    workspace: &Path,
    folder: &RelPath,
    module: &mut Value,
    depth: usize,
) -> Result<(), Outcome> {
    let Some(Value::Object(blocks)) = module.get_mut("module") else {
        return Ok(());
    };
    for block in blocks.values_mut() {
        let Some(source) = block.get("source").and_then(Value::as_str) else {
            continue;
        };
        let Some(child) = local_source(folder, source) else {
            continue;
        };
        if !child.under(workspace).is_dir() {
            continue;
        }
        let doc = read_module(workspace, &child, depth + 1)?;
        if let Value::Object(fields) = block {
            fields.insert(FOLLOWED.to_string(), doc);
        }
    }
    Ok(())
}

/// The workspace folder a local `source` (`./x`, `../x`) names, worked out
/// by its words; `None` for other sources and for one that leaves the
/// workspace.
fn local_source(folder: &RelPath, source: &str) -> Option<RelPath> {
    if !(source.starts_with("./") || source.starts_with("../")) {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    for part in folder.as_path().join(source).components() {
        match part {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    if parts.is_empty() {
        return None;
    }
    RelPath::new(&format!("{}/", parts.join("/"))).ok()
}

/// The names of the `*.tf` entries of a folder, sorted.
fn tf_files(full: &Path) -> Result<Vec<String>, Outcome> {
    let cannot =
        |e: &std::io::Error| Outcome::error(format!("could not list `{}`: {e}", full.display()));
    let entries = match std::fs::read_dir(full) {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(cannot(&e)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let name = entry.map_err(|e| cannot(&e))?.file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".tf") && !name.starts_with('.') {
            names.push(name.into_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// Merges `from` into `into`: tables key by key, lists one after the other;
/// for a plain value defined twice (an error to Terraform) the first stays.
pub fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in b {
                match a.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        a.insert(key, value);
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => a.extend(b),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{local_source, merge};
    use crate::pack::types::RelPath;

    #[test]
    fn local_sources_resolve_inside_the_workspace_only() {
        let infra = RelPath::new("infra/").unwrap();
        let at = |s: &str| local_source(&infra, s).map(|p| p.to_string());
        assert_eq!(at("./modules/net").as_deref(), Some("infra/modules/net/"));
        assert_eq!(at("../shared").as_deref(), Some("shared/"));
        assert_eq!(at("../../etc"), None);
        assert_eq!(at("hashicorp/consul/aws"), None);
        assert_eq!(at("git::https://example.com/x.git"), None);
    }
    use serde_json::json;

    #[test]
    fn blocks_of_two_files_merge_by_labels() {
        let mut a = json!({"resource": {"aws_s3_bucket": {"logs": {"bucket": "l"}}}, "variable": {"env": {}}});
        merge(
            &mut a,
            json!({"resource": {"aws_s3_bucket": {"data": {"bucket": "d"}}, "aws_vpc": {"main": {}}}}),
        );
        assert_eq!(a["resource"]["aws_s3_bucket"]["logs"]["bucket"], json!("l"));
        assert_eq!(a["resource"]["aws_s3_bucket"]["data"]["bucket"], json!("d"));
        assert!(a["resource"]["aws_vpc"]["main"].is_object());
        assert!(a["variable"]["env"].is_object());
    }
}
