//! Which packs may run programs on this machine. Declarative checks are
//! safe from any pack; the scripts a pack carries (`solution/solve.sh`,
//! `[[wrong_answer]]` scripts) run only in `pack test`, and for an
//! installed pack only when the user trusted exactly those scripts: at
//! `pack install` (which shows them and asks) or with `pack trust ID`.
//! A pack given as a folder on the command line is the user's own choice
//! to run, like `make` in a folder, and is not asked about.
//!
//! Trust is kept in `$XDG_DATA_HOME/opslab/trusted.json` by pack id, with
//! the sha256 of the scripts and of every file of the pack (a script may
//! run any of them): a new version, or an edit to the installed folder,
//! must be trusted again.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::pack::Pack;
use crate::progress::data_dir;

/// One script a pack carries, as the user is shown it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    /// Relative to the pack folder.
    pub path: String,
    pub text: String,
}

/// Every script of the pack that `pack test` would run, lab by lab.
pub fn scripts(pack: &Pack) -> Vec<Script> {
    let mut out = Vec::new();
    for lab in &pack.labs {
        let mut paths = vec![lab.solution_dir().join(crate::workspace::SOLVE_SCRIPT)];
        paths.extend(lab.wrong_answers.iter().map(|w| lab.dir.join(&w.script)));
        for rel in paths {
            if let Ok(bytes) = pack.source.read(&rel) {
                out.push(Script {
                    path: rel.display().to_string(),
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                });
            }
        }
    }
    out
}

/// sha256 (hex) over every script's path and content.
pub fn digest(scripts: &[Script]) -> String {
    let mut hash = Sha256::new();
    for s in scripts {
        hash.update(s.path.as_bytes());
        hash.update([0]);
        hash.update(s.text.as_bytes());
        hash.update([0]);
    }
    format!("{:x}", hash.finalize())
}

/// sha256 (hex) over the scripts ([`digest`]) and every file of the pack,
/// path and content: a trusted script may run any file of the workspace
/// (`sh ./helper.sh` from the solution) or of the installed pack folder,
/// so changing any of them, in a new version or by editing the installed
/// folder, withdraws the trust.
pub fn pack_digest(pack: &Pack) -> String {
    let mut hash = Sha256::new();
    hash.update(digest(&scripts(pack)).as_bytes());
    let (mut files, _) = pack.source.walk(Path::new(""));
    files.sort();
    for rel in files {
        hash.update(rel.to_string_lossy().as_bytes());
        hash.update([0]);
        match pack.source.read(&rel) {
            Ok(bytes) => hash.update(&bytes),
            Err(e) => hash.update(format!("unreadable: {e}").as_bytes()),
        }
        hash.update([0]);
    }
    format!("{:x}", hash.finalize())
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct TrustFile {
    #[serde(default)]
    packs: BTreeMap<String, Trusted>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Trusted {
    version: String,
    scripts: String,
}

fn trust_path() -> Result<std::path::PathBuf, String> {
    Ok(data_dir().map_err(|e| e.to_string())?.join("trusted.json"))
}

fn load() -> TrustFile {
    trust_path()
        .ok()
        .and_then(|p| std::fs::read(p).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Records that the user trusts the pack's current scripts.
///
/// Errors: the trust file cannot be written (the message says where).
pub fn trust(pack: &Pack) -> Result<(), String> {
    let mut file = load();
    file.packs.insert(
        pack.id.clone(),
        Trusted {
            version: pack.version.clone(),
            scripts: pack_digest(pack),
        },
    );
    let path = trust_path()?;
    let bytes = serde_json::to_vec_pretty(&file).map_err(|e| e.to_string())?;
    crate::progress::atomic_write::replace(&path, &bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Forgets any trust in the pack `id` (installed untrusted: an earlier
/// version's trust must not carry over).
///
/// Errors: the trust file cannot be written (the message says where).
pub fn untrust(id: &str) -> Result<(), String> {
    let mut file = load();
    if file.packs.remove(id).is_none() {
        return Ok(());
    }
    let path = trust_path()?;
    let bytes = serde_json::to_vec_pretty(&file).map_err(|e| e.to_string())?;
    crate::progress::atomic_write::replace(&path, &bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Whether the user trusts exactly the pack's current scripts.
pub fn is_trusted(pack: &Pack) -> bool {
    load()
        .packs
        .get(&pack.id)
        .is_some_and(|t| t.scripts == pack_digest(pack))
}

/// `Ok` when `pack test` may run the pack's scripts: it has none, it was
/// given as a folder outside the installed packs, or the user trusts it;
/// otherwise the reason, with the command that trusts it.
pub fn scripts_allowed(pack: &Pack, dir: &Path) -> Result<(), String> {
    let installed = super::packs_root()
        .ok()
        .and_then(|root| std::fs::canonicalize(root).ok())
        .zip(std::fs::canonicalize(dir).ok())
        .is_some_and(|(root, dir)| dir.starts_with(root));
    if !installed || scripts(pack).is_empty() || is_trusted(pack) {
        return Ok(());
    }
    Err(format!(
        "not run: pack not trusted. `{}` is an installed pack whose scripts you have not trusted; read them, then run `opslab pack trust {}`",
        pack.id, pack.id
    ))
}
