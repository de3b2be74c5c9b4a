//! `opslab pack export | install | list | trust`: sharing packs as
//! `.tar.gz` files and installing them into the learner's packs folder
//! (see [`crate::install`]).

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::paint::Paint;
use super::session::load_pack;
use super::{CliError, Exit};
use crate::install::{self, trust, InstallError};

fn install_error(e: InstallError) -> CliError {
    CliError::Usage(e.to_string())
}

/// Writes the pack in `dir` as `ID-VERSION.tar.gz` (or `out`), after
/// validating it; the file appears whole or not at all.
pub fn export(dir: &Path, out: Option<PathBuf>) -> Result<Exit, CliError> {
    let pack = load_pack(Some(dir))?;
    let manifest = dir.join("pack.toml");
    if !install::version_name(&pack.version) {
        return Err(CliError::Usage(format!(
            "{}: the version `{}` cannot be part of a file name; use letters, digits, `.`, `+`, `-` and `_`, such as `1.2.0`; nothing was written",
            manifest.display(),
            pack.version.escape_debug()
        )));
    }
    let top = format!("{}-{}", pack.id, pack.version);
    let out = out.unwrap_or_else(|| PathBuf::from(format!("{top}.tar.gz")));
    let bytes =
        install::archive::write_pack(dir, &top).map_err(|e| CliError::Usage(e.to_string()))?;
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |source| CliError::Io {
        what: format!("write {}", out.display()),
        source,
    };
    let mut temp = tempfile::NamedTempFile::new_in(&folder).map_err(io)?;
    temp.write_all(&bytes).map_err(io)?;
    {
        use std::os::unix::fs::PermissionsExt;
        let readable = std::fs::Permissions::from_mode(0o644);
        std::fs::set_permissions(temp.path(), readable).map_err(io)?;
    }
    temp.persist(&out).map_err(|e| CliError::Io {
        what: format!("write {}", out.display()),
        source: e.error,
    })?;
    println!(
        "{} wrote {} ({} {}, {}, {})",
        Paint::stdout().good("✓"),
        out.display(),
        pack.id,
        pack.version,
        crate::words::count(pack.labs.len(), "lab"),
        crate::words::count(bytes.len(), "byte")
    );
    Ok(Exit::Success)
}

/// How `install` decides trust.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrustAnswer {
    Ask,
    Yes,
    No,
}

/// Validates and installs the pack at `source` (a folder or `.tar.gz`),
/// showing its scripts and asking whether to trust them.
pub fn install(source: &Path, answer: TrustAnswer) -> Result<Exit, CliError> {
    let paint = Paint::stdout();
    let packs = install::packs_root().map_err(install_error)?;
    let staged = install::stage(source, &packs).map_err(install_error)?;
    let scripts = trust::scripts(&staged.pack);
    let trusted = decide(&staged.pack.id, &scripts, answer)?;
    let (id, version) = (staged.pack.id.clone(), staged.pack.version.clone());
    let replaces = staged.replaces.clone();
    let done = staged.commit(&packs).map_err(install_error)?;
    match replaces {
        Some(old) => {
            let verb = match version_order(&old, &version) {
                std::cmp::Ordering::Equal => format!("reinstalled {id} {version}"),
                std::cmp::Ordering::Greater => {
                    format!("replaced {id} {old} with the older {version}")
                }
                std::cmp::Ordering::Less => format!("updated {id} from {old} to {version}"),
            };
            println!(
                "{} {verb} in {} (your progress in labs that still exist is kept)",
                paint.good("✓"),
                done.dir.display()
            )
        }
        None => println!(
            "{} installed {id} {version} in {}",
            paint.good("✓"),
            done.dir.display()
        ),
    }
    if trusted {
        trust::trust(&done.pack).map_err(CliError::Usage)?;
        if !scripts.is_empty() {
            println!(
                "  trusted: `pack test` may run its {} scripts",
                scripts.len()
            );
        }
    } else if !scripts.is_empty() {
        trust::untrust(&id).map_err(CliError::Usage)?;
        println!("  not trusted: its checks work; its scripts will not run (`opslab pack trust {id}` after reading them)");
    }
    println!("\nOpen it: opslab --pack {id} list");
    Ok(Exit::Success)
}

/// Orders two versions part by part (`0.10.0` after `0.9.1`), numbers as
/// numbers and other parts as text.
fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |v: &str| -> Vec<(u64, String)> {
        v.split(['.', '-', '+'])
            .map(|p| (p.parse::<u64>().unwrap_or(u64::MAX), p.to_string()))
            .collect()
    };
    parts(a).cmp(&parts(b))
}

/// Shows the scripts and asks, unless told.
fn decide(id: &str, scripts: &[trust::Script], answer: TrustAnswer) -> Result<bool, CliError> {
    if scripts.is_empty() {
        return Ok(true);
    }
    println!(
        "The pack `{id}` contains {} scripts that `opslab pack test` runs on this machine:",
        scripts.len()
    );
    for s in scripts {
        println!("\n--- {} ---", s.path);
        for line in s.text.lines() {
            println!("  {line}");
        }
    }
    println!("\nIts declarative checks (Docker, git, files, HTTP) never run a program on this machine and work either way.");
    match answer {
        TrustAnswer::Yes => Ok(true),
        TrustAnswer::No => Ok(false),
        TrustAnswer::Ask if !std::io::stdin().is_terminal() => {
            println!("No terminal to ask on: installing it untrusted (use --trust to trust it).");
            Ok(false)
        }
        TrustAnswer::Ask => {
            print!("Trust these scripts? [y/N] ");
            let io = |source| CliError::Io {
                what: "read your answer".into(),
                source,
            };
            std::io::stdout().flush().map_err(io)?;
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(io)?;
            Ok(matches!(line.trim().to_lowercase().as_str(), "y" | "yes"))
        }
    }
}

/// Lists the installed packs.
pub fn list() -> Result<Exit, CliError> {
    let packs = install::packs_root().map_err(install_error)?;
    let all = install::installed(&packs);
    if all.is_empty() {
        println!(
            "No packs installed in {}. Install one with `opslab pack install FILE.tar.gz`.",
            packs.display()
        );
        return Ok(Exit::Success);
    }
    println!("Installed packs ({}):", packs.display());
    for item in all {
        match item {
            Ok(p) => {
                let scripts = !trust::scripts(&p.pack).is_empty();
                let trusted = match (scripts, trust::is_trusted(&p.pack)) {
                    (false, _) => "no scripts",
                    (true, true) => "trusted",
                    (true, false) => "not trusted",
                };
                let labs = crate::words::count(p.pack.labs.len(), "lab");
                println!(
                    "  {:<24} {:<10} {labs:<8}  {trusted:<11}  {}",
                    p.pack.id, p.pack.version, p.pack.title
                );
            }
            Err((dir, why)) => println!("  {} does not load: {why}", dir.display()),
        }
    }
    Ok(Exit::Success)
}

/// Trusts the installed pack `id` after showing its scripts.
pub fn trust_pack(id: &str, answer: TrustAnswer) -> Result<Exit, CliError> {
    let dir = install::find_installed(id).ok_or_else(|| {
        CliError::Usage(format!(
            "no installed pack `{id}`; `opslab pack list` shows them"
        ))
    })?;
    let pack = load_pack(Some(&dir))?;
    let scripts = trust::scripts(&pack);
    if decide(id, &scripts, answer)? {
        trust::trust(&pack).map_err(CliError::Usage)?;
        println!(
            "{} trusted {id} {}",
            Paint::stdout().good("✓"),
            pack.version
        );
        Ok(Exit::Success)
    } else {
        println!("Nothing was changed.");
        Ok(Exit::Success)
    }
}

#[cfg(test)]
mod tests {
    use super::version_order;
    use std::cmp::Ordering::*;

    #[test]
    fn versions_compare_part_by_part() {
        assert_eq!(version_order("0.9.1", "0.10.0"), Less);
        assert_eq!(version_order("1.0.0", "1.0.0"), Equal);
        assert_eq!(version_order("2.0.0", "1.9.9"), Greater);
    }
}
