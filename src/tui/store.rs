//! Where the TUI's progress comes from: the progress store
//! (`crate::progress`) and the workspaces (`crate::workspace`). With
//! `writer.rs` (which writes and re-reads it while the UI runs), the one
//! part of the TUI that knows how they are kept; the rest sees only
//! `ProgressView`, `ProgressOnDisk` and `Record`.

use std::path::{Path, PathBuf};

use super::model::{first_own_green, AttemptView, LabProgress, ProgressOnDisk, ProgressView};
use crate::pack::{Lab, Pack};
use crate::progress::{Progress, ProgressStore};
use crate::verify::docker::admin::{remove_resources, Removed};
use crate::verify::DockerProbe;
use crate::workspace::{workspace_root as root, Workspace};

/// What the TUI starts from.
pub struct Loaded {
    pub progress: ProgressOnDisk,
    /// Said once on the status line (a damaged file moved aside).
    pub note: Option<String>,
}

/// The progress file in the user's data folder.
pub fn location() -> Result<ProgressStore, String> {
    ProgressStore::default_location().map_err(|e| e.to_string())
}

/// The folder holding one workspace per lab (`OPSLAB_HOME`, the settings
/// file, else `~/opslab`).
pub fn workspace_root() -> Result<PathBuf, String> {
    root().map_err(|e| e.to_string())
}

/// How a path is shown: under the home folder as `~/…`.
pub fn display(path: &Path) -> String {
    match dirs::home_dir().and_then(|home| path.strip_prefix(home).ok().map(Path::to_path_buf)) {
        Some(rel) if rel.as_os_str().is_empty() => "~".into(),
        Some(rel) => format!("~/{}", rel.display()),
        None => path.display().to_string(),
    }
}

/// The learner's progress in this pack; a damaged file is moved aside.
pub fn load(store: &ProgressStore, pack: &Pack) -> Result<Loaded, String> {
    let loaded = store.load().map_err(|e| e.to_string())?;
    let note = loaded.moved_aside.map(|m| {
        format!(
            "Your progress file was damaged ({}); it was moved to {}.",
            m.why,
            m.to.display()
        )
    });
    Ok(Loaded {
        progress: on_disk(&loaded.progress, &pack.id),
        note,
    })
}

/// What the TUI shows of `progress` for the pack `pack`.
pub fn on_disk(progress: &Progress, pack: &str) -> ProgressOnDisk {
    ProgressOnDisk {
        progress: view(progress, pack),
        workspaces: progress
            .packs
            .get(pack)
            .map(|p| {
                p.labs
                    .iter()
                    .filter_map(|(id, l)| Some((id.clone(), l.workspace.clone()?)))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn view(progress: &Progress, pack: &str) -> ProgressView {
    let Some(labs) = progress.packs.get(pack) else {
        return ProgressView::default();
    };
    let labs = labs
        .labs
        .iter()
        .map(|(id, l)| {
            let attempts: Vec<AttemptView> = l
                .attempts
                .iter()
                .map(|a| AttemptView {
                    at: a.at,
                    passed: a.passed,
                    total: a.passed + a.failed + a.errors,
                    errors: a.errors,
                })
                .collect();
            let first_green = first_own_green(&attempts);
            let done = l.done.then(|| l.first_pass.unwrap_or(0));
            let lab = LabProgress {
                opened: l.first_opened,
                workspace: l.workspace.is_some(),
                attempts,
                first_green,
                done,
                hints_used: l.hints_used,
            };
            (id.clone(), lab)
        })
        .collect();
    ProgressView { labs }
}

/// Puts a lab back to its start, as `opslab reset` does: the starter files
/// written over the workspace and the Docker objects the lab declares
/// removed. The history in progress is kept.
pub async fn reset(pack: Pack, lab: Lab, workspace: PathBuf) -> Result<(), String> {
    let workspace = Workspace::new(workspace);
    if workspace.path.is_dir() {
        let lab = lab.clone();
        tokio::task::spawn_blocking(move || workspace.restore_starter(&pack, &lab))
            .await
            .map_err(|e| format!("restoring the starter files stopped: {e}"))?
            .map_err(|e| e.to_string())?;
    }
    if lab.resources.is_empty() {
        return Ok(());
    }
    let probe = DockerProbe::connect().await.map_err(|e| e.to_string())?;
    let failures: Vec<String> = remove_resources(&probe, &lab.resources)
        .await
        .into_iter()
        .filter_map(|(_, _, removed)| match removed {
            Removed::Failed(why) => Some(why),
            Removed::Removed | Removed::Missing => None,
        })
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Attempt;

    fn fixture() -> Pack {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui-pack");
        Pack::from_dir(&dir).expect("the fixture pack loads")
    }

    /// The same progress, as `opslab list` and the UI each read it.
    fn both_say(progress: &Progress, pack: &Pack) -> Vec<(String, String)> {
        let shown = on_disk(progress, &pack.id).progress;
        pack.labs
            .iter()
            .map(|lab| {
                let cli = progress.status(pack, lab);
                let ui = shown.status(pack, &lab.id);
                assert_eq!(cli, ui, "{}: the CLI and the UI disagree", lab.id);
                (lab.id.clone(), format!("{} {}", ui.symbol(), ui.label()))
            })
            .collect()
    }

    #[test]
    fn the_ui_and_the_cli_agree_on_every_status() {
        let pack = fixture();
        let mut progress = Progress::default();
        // Only read in the UI: not started.
        progress.lab_mut(&pack.id, "notes").first_opened = Some(10);
        // A workspace made (prerequisite missing): started anyway.
        progress.record_open(&pack.id, "commit", Path::new("/w/commit"), 20);
        let said = both_say(&progress, &pack);
        assert_eq!(
            said,
            [
                ("notes".to_string(), "○ available".to_string()),
                ("commit".to_string(), "▶ in progress".to_string()),
                ("run".to_string(), "○ available".to_string()),
            ]
        );
        let attempt = |passed, failed| Attempt::new(30, passed, failed, 0);
        progress.record_attempt(&pack.id, "run", attempt(0, 1));
        progress.record_attempt(&pack.id, "notes", attempt(1, 0));
        let said = both_say(&progress, &pack);
        assert_eq!(said[0].1, "✔ done");
        assert_eq!(said[2].1, "▶ in progress", "checked once: started");
    }

    #[test]
    fn the_recorded_runs_give_the_learners_first_green() {
        let mut progress = Progress::default();
        let runs = [(10, 2, 2, 0), (20, 1, 1, 2), (30, 2, 2, 0), (40, 3, 1, 0)];
        for (at, passed, failed, errors) in runs {
            let run = Attempt::new(at, passed, failed, errors);
            progress.record_attempt("tui-fixture", "notes", run);
        }
        let shown = on_disk(&progress, "tui-fixture").progress;
        let notes = shown.lab("notes").unwrap();
        assert_eq!(notes.first_green, Some(40), "not the starter's 10");
        assert_eq!(notes.attempts[1].errors, 2);
    }

    #[test]
    fn a_lab_whose_prerequisite_is_not_done_is_locked_in_both() {
        let pack = fixture();
        let said = both_say(&Progress::default(), &pack);
        assert_eq!(said[1], ("commit".to_string(), "· locked".to_string()));
    }
}
