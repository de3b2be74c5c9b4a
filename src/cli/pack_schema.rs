//! `opslab pack schema [lab|pack] [--out DIR]`: the JSON Schema of
//! `lab.toml` or `pack.toml` (see [`crate::pack::schema`]).

use std::path::Path;

use super::{CliError, Exit};
use crate::pack::schema::{lab_schema, pack_schema};

/// Which file a schema describes.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum SchemaFile {
    /// lab.toml
    Lab,
    /// pack.toml
    Pack,
}

/// Prints one schema, or writes both into `out` (atomically, each file
/// replaced whole).
pub fn run(file: SchemaFile, out: Option<&Path>) -> Result<Exit, CliError> {
    let Some(dir) = out else {
        print!(
            "{}",
            match file {
                SchemaFile::Lab => lab_schema(),
                SchemaFile::Pack => pack_schema(),
            }
        );
        return Ok(Exit::Success);
    };
    let io = |what: String| move |source| CliError::Io { what, source };
    std::fs::create_dir_all(dir).map_err(io(format!("create {}", dir.display())))?;
    for (name, text) in [
        ("lab.schema.json", lab_schema()),
        ("pack.schema.json", pack_schema()),
    ] {
        let path = dir.join(name);
        let mut temp = tempfile::NamedTempFile::new_in(dir)
            .map_err(io(format!("write {}", path.display())))?;
        std::io::Write::write_all(&mut temp, text.as_bytes())
            .map_err(io(format!("write {}", path.display())))?;
        temp.persist(&path).map_err(|e| CliError::Io {
            what: format!("write {}", path.display()),
            source: e.error,
        })?;
        println!("wrote {}", path.display());
    }
    Ok(Exit::Success)
}
