//! The packs the learner can switch to from the UI (`P`): the built-in
//! pack, every installed pack (`opslab pack install`), and the folder the
//! UI was opened on with `--pack DIR` when it is not one of those, each
//! with the learner's own progress in it. The I/O side of the pack picker;
//! the picker itself is in `app/packs.rs` and `pack_picker.rs`.

use std::path::{Path, PathBuf};

use super::app::{PackChoice, PackReady};
use super::store::{display, on_disk};
use crate::install::{installed, packs_root};
use crate::pack::Pack;
use crate::progress::{Progress, ProgressStore};

/// Every pack the learner can switch to, in the order shown: the built-in
/// pack, the installed packs by id, then `opened_on` (the folder the UI was
/// opened on) unless it is an installed pack. A pack that does not load is
/// listed with its problem. Blocking: reads every pack and the progress.
pub fn list(opened_on: Option<&Path>, store: &ProgressStore) -> Vec<PackChoice> {
    // A damaged or unreadable progress file still lets the learner switch;
    // the reload after switching says what is wrong with it.
    let progress = store.inspect().ok().flatten().unwrap_or_default();
    let mut choices = vec![choice("built in".into(), Pack::built_in(), &progress)];
    let root = packs_root().ok();
    if let Some(root) = &root {
        for found in installed(root) {
            choices.push(match found {
                Ok(i) => ready(display(&i.dir), i.pack, &progress),
                Err((dir, problem)) => PackChoice {
                    origin: display(&dir),
                    name: folder_name(&dir),
                    pack: Err(problem),
                },
            });
        }
    }
    if let Some(dir) = opened_on.filter(|d| !is_installed(d)) {
        choices.push(choice(display(dir), Pack::from_dir(dir), &progress));
    }
    choices
}

fn choice<E: std::fmt::Display>(
    origin: String,
    loaded: Result<Pack, E>,
    progress: &Progress,
) -> PackChoice {
    match loaded {
        Ok(pack) => ready(origin, pack, progress),
        Err(e) => PackChoice {
            name: origin.clone(),
            origin,
            pack: Err(e.to_string()),
        },
    }
}

fn ready(origin: String, pack: Pack, progress: &Progress) -> PackChoice {
    PackChoice {
        origin,
        name: pack.id.clone(),
        pack: Ok(Box::new(PackReady {
            command: command_for(&pack),
            progress: on_disk(progress, &pack.id),
            pack,
        })),
    }
}

fn folder_name(dir: &Path) -> String {
    dir.file_name()
        .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into())
}

/// Whether `dir` is the folder of an installed pack.
fn is_installed(dir: &Path) -> bool {
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    let root = packs_root().ok().and_then(|r| canonical(&r));
    match (root, canonical(dir)) {
        (Some(root), Some(dir)) => dir.parent() == Some(root.as_path()),
        _ => false,
    }
}

/// How the learner runs opslab on `pack`, as the UI's suggested commands
/// start: `opslab` for the built-in pack, `opslab --pack ID` for an
/// installed pack, `opslab --pack DIR` (absolute) for any other folder.
pub fn command_for(pack: &Pack) -> String {
    match pack.source.root() {
        None => "opslab".to_string(),
        // `--pack NAME` finds the installed pack by its folder's name.
        Some(dir) if is_installed(dir) => format!("opslab --pack {}", folder_name(dir)),
        Some(dir) => {
            let dir: PathBuf = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
            format!("opslab --pack {}", dir.display())
        }
    }
}
