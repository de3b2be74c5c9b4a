//! A folder read as one Terraform module: every `*.tf` and `*.tf.json` file
//! in it (not in its subfolders), in name order, parsed and merged into one
//! document, as Terraform itself reads a module. Blocks of the same type
//! merge by their labels, so `resource.aws_s3_bucket.*` sees the buckets of
//! every file. Override files (`override.tf`, `*_override.tf` and their
//! `.tf.json` twins) are applied last, their attributes replacing the
//! original's (see [`module_merge`](super::module_merge)).
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
use super::module_merge::{merge, merge_override};
use super::open::read_document;
use crate::pack::checks::DocFormat;
use crate::pack::types::RelPath;
use crate::verify::evidence::saw;
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
    crate::verify::evidence::spawn_blocking(move || read_module(&workspace, &path, 0))
        .await
        .unwrap_or_else(|e| Err(Outcome::error(format!("reading the folder stopped: {e}"))))
}

fn read_module(workspace: &Path, folder: &RelPath, depth: usize) -> Result<Value, Outcome> {
    let full = folder.under(workspace);
    let names = tf_files(&full)?;
    saw(
        format!("folder {folder}"),
        "*.tf and *.tf.json files",
        names.join(", "),
    );
    if names.is_empty() {
        return Err(Outcome::failed_with_hint(
            format!("Terraform files (`*.tf`, `*.tf.json`) in `{folder}`"),
            format!("`{folder}` holds no .tf or .tf.json file"),
            format!("write the module's .tf files into `{folder}`"),
        ));
    }
    let base = folder.to_string();
    let base = base.trim_end_matches('/');
    let mut module = Value::Object(Default::default());
    let (overrides, primary): (Vec<String>, Vec<String>) =
        names.into_iter().partition(|n| is_override(n));
    for name in primary {
        merge(&mut module, parse_file(workspace, folder, base, &name)?);
    }
    for name in overrides {
        merge_override(&mut module, parse_file(workspace, folder, base, &name)?);
    }
    if depth < DEPTH {
        follow_sources(workspace, folder, &mut module, depth)?;
    }
    Ok(module)
}

/// One file of the module, parsed as HCL (`.tf`) or JSON (`.tf.json`).
fn parse_file(
    workspace: &Path,
    folder: &RelPath,
    base: &str,
    name: &str,
) -> Result<Value, Outcome> {
    let file = RelPath::new(&format!("{base}/{name}")).map_err(Outcome::error)?;
    let text = read_document(workspace, &file)?;
    let format = if name.ends_with(".json") {
        DocFormat::Json
    } else {
        DocFormat::Hcl
    };
    documents::parse(format, &text).map_err(|why| {
        saw(format!("file {file}"), format!("parsed as {format}"), &why);
        Outcome::failed_with_hint(
            format!("every Terraform file in `{folder}` is valid {format}"),
            format!("{file} does not parse: {why}"),
            "fix the syntax at the line named (a missing `}` or `\"` is the usual suspect), then check again",
        )
    })
}

/// `override.tf`, `web_override.tf` and their `.tf.json` twins, which
/// Terraform applies after every other file.
fn is_override(name: &str) -> bool {
    let stem = name
        .strip_suffix(".tf.json")
        .or_else(|| name.strip_suffix(".tf"))
        .unwrap_or(name);
    stem == "override" || stem.ends_with("_override")
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

/// The names of the `*.tf` and `*.tf.json` entries of a folder, sorted.
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
        if (name.ends_with(".tf") || name.ends_with(".tf.json")) && !name.starts_with('.') {
            names.push(name.into_owned());
        }
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::local_source;
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
}
