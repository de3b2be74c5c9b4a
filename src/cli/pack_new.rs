//! `opslab pack new DIR`: scaffold a pack with one documented example lab
//! that passes `pack validate --strict` and `pack test` as generated, and
//! the JSON Schemas its files name for editor completion.

use std::path::{Path, PathBuf};

use super::paint::Paint;
use super::{CliError, Exit};
use crate::pack::schema::{lab_schema, pack_schema, SCHEMA_DIR};

/// The scaffold's files: path in the pack, text (with `{{ID}}` and
/// `{{TITLE}}` filled in), and whether it is executable.
const TEMPLATE: [(&str, &str, bool); 9] = [
    ("pack.toml", include_str!("pack_template/pack.toml"), false),
    ("README.md", include_str!("pack_template/README.md"), false),
    (
        "01-hello-script/lab.toml",
        include_str!("pack_template/01-hello-script/lab.toml"),
        false,
    ),
    (
        "01-hello-script/brief.md",
        include_str!("pack_template/01-hello-script/brief.md"),
        false,
    ),
    (
        "01-hello-script/starter/README.md",
        include_str!("pack_template/01-hello-script/starter/README.md"),
        false,
    ),
    (
        "01-hello-script/solution/hello.sh",
        include_str!("pack_template/01-hello-script/solution/hello.sh"),
        false,
    ),
    (
        "01-hello-script/solution/solve.sh",
        include_str!("pack_template/01-hello-script/solution/solve.sh"),
        true,
    ),
    (
        "01-hello-script/wrong/not-committed.sh",
        include_str!("pack_template/01-hello-script/wrong/not-committed.sh"),
        true,
    ),
    (
        "01-hello-script/wrong/not-executable.sh",
        include_str!("pack_template/01-hello-script/wrong/not-executable.sh"),
        true,
    ),
];

/// Creates the pack at `dir`, which must not exist or be an empty folder.
/// The files are written in a hidden folder beside it and renamed into
/// place, so an interrupted run leaves no half pack.
pub fn run(dir: &Path) -> Result<Exit, CliError> {
    let io = |what: String| move |source| CliError::Io { what, source };
    if dir.exists() && !is_empty_dir(dir) {
        return Err(CliError::Usage(format!(
            "{} already exists and is not an empty folder; pick a new folder name (pack new never writes over files)",
            dir.display()
        )));
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let staging = tempfile::Builder::new()
        .prefix(".opslab-pack-new-")
        .tempdir_in(&parent)
        .map_err(io(format!("create a folder in {}", parent.display())))?;
    let id = pack_id(dir);
    let title = title_of(&id);
    for (rel, text, executable) in TEMPLATE {
        let text = text.replace("{{ID}}", &id).replace("{{TITLE}}", &title);
        write(&staging.path().join(rel), &text, executable).map_err(io(format!("write {rel}")))?;
    }
    for (name, text) in [
        ("lab.schema.json", lab_schema()),
        ("pack.schema.json", pack_schema()),
    ] {
        write(&staging.path().join(SCHEMA_DIR).join(name), &text, false)
            .map_err(io(format!("write {SCHEMA_DIR}/{name}")))?;
    }
    if dir.exists() {
        std::fs::remove_dir(dir)
            .map_err(io(format!("replace the empty folder {}", dir.display())))?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, dir).map_err(io(format!("move the new pack to {}", dir.display())))?;
    let paint = Paint::stdout();
    println!(
        "{} Created the pack `{id}` in {} with one example lab, hello-script.",
        paint.good("✓"),
        dir.display()
    );
    println!("\nNext:\n  opslab pack validate {0} --strict\n  opslab pack test {0}\n  opslab --pack {0} list", dir.display());
    println!("\nEditors complete lab.toml and pack.toml from {SCHEMA_DIR}/ (named on each file's first line).");
    Ok(Exit::Success)
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

fn write(path: &Path, text: &str, executable: bool) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)?;
    let mode = if executable { 0o755 } else { 0o644 };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

/// The folder's name as a pack id: lower case, runs of other characters
/// turned into `-`; `my-pack` when nothing is left.
fn pack_id(dir: &Path) -> String {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            id.push(c);
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() {
        "my-pack".into()
    } else {
        id
    }
}

/// `devops-101` → `Devops 101`.
fn title_of(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_become_pack_ids() {
        assert_eq!(pack_id(Path::new("/x/DevOps 101!")), "devops-101");
        assert_eq!(pack_id(Path::new("___")), "my-pack");
        assert_eq!(title_of("devops-101"), "Devops 101");
    }
}
