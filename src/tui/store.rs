//! Where the TUI's progress comes from and goes to: the progress store
//! (`crate::progress`) and the workspaces (`crate::workspace`). This is the
//! one file of the TUI that knows how they are kept; the rest sees only
//! `ProgressView` and `Record`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use super::app::{Msg, Record};
use super::model::{AttemptView, LabProgress, ProgressView};
use crate::pack::{Lab, Pack};
use crate::progress::{Attempt, Progress, ProgressStore};
use crate::verify::docker::admin::{remove_resources, Removed};
use crate::verify::DockerProbe;
use crate::workspace::{start_lab, workspace_root as root, Workspace};

/// What the TUI starts from.
pub struct Loaded {
    pub progress: ProgressView,
    /// Workspaces made somewhere other than the default, by lab id.
    pub workspaces: BTreeMap<String, PathBuf>,
    /// Said once on the status line (a damaged file moved aside).
    pub note: Option<String>,
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

/// The learner's progress in this pack.
pub fn load(pack: &Pack) -> Result<Loaded, String> {
    let store = ProgressStore::default_location().map_err(|e| e.to_string())?;
    let loaded = store.load().map_err(|e| e.to_string())?;
    let note = loaded.moved_aside.map(|m| {
        format!(
            "Your progress file was damaged ({}); it was moved to {}.",
            m.why,
            m.to.display()
        )
    });
    Ok(Loaded {
        progress: view(&loaded.progress, &pack.id),
        workspaces: loaded
            .progress
            .packs
            .get(&pack.id)
            .map(|p| {
                p.labs
                    .iter()
                    .filter_map(|(id, l)| Some((id.clone(), l.workspace.clone()?)))
                    .collect()
            })
            .unwrap_or_default(),
        note,
    })
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
                })
                .collect();
            let first_green = attempts.iter().find(|a| a.passed > 0).map(|a| a.at);
            let done = l.done.then(|| l.first_pass.unwrap_or(0));
            let lab = LabProgress {
                opened: l.first_opened,
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

/// Work for the progress writer.
#[derive(Debug)]
pub enum Job {
    Record(Record),
    /// Create a lab's workspace as `opslab start` does (which records it in
    /// the progress), then answer with [`Msg::WorkspaceStarted`].
    Start {
        lab: Box<Lab>,
        workspace: PathBuf,
    },
}

/// Starts the one writer of progress: jobs are done in order on a thread
/// of their own (off the UI loop, as file copies and git are blocking),
/// each re-reading the file so changes made by `opslab` commands in
/// another terminal are kept and no two writes of the UI race.
pub fn writer(pack: Pack, results: tokio::sync::mpsc::UnboundedSender<Msg>) -> mpsc::Sender<Job> {
    let (tx, rx) = mpsc::channel::<Job>();
    std::thread::spawn(move || {
        let store = ProgressStore::default_location().map_err(|e| e.to_string());
        if let Err(e) = &store {
            let _ = results.send(Msg::Problem(format!("Progress will not be saved: {e}")));
        }
        for job in rx {
            let reply = match (&store, job) {
                (Ok(store), Job::Record(record)) => store
                    .update(|p| apply(p, &pack.id, &record))
                    .err()
                    .map(|e| Msg::Problem(format!("Progress not saved: {e}"))),
                (Err(_), Job::Record(_)) => None,
                (store, Job::Start { lab, workspace }) => {
                    Some(start(store, &pack, &lab, workspace))
                }
            };
            if let Some(msg) = reply {
                let _ = results.send(msg);
            }
        }
    });
    tx
}

fn start(store: &Result<ProgressStore, String>, pack: &Pack, lab: &Lab, workspace: PathBuf) -> Msg {
    let result = store.as_ref().map_err(Clone::clone).and_then(|store| {
        let workspace = Workspace::new(workspace);
        start_lab(store, pack, lab, &workspace, crate::progress::now()).map_err(|e| e.to_string())
    });
    Msg::WorkspaceStarted {
        lab: lab.id.clone(),
        result: result.map(|started| started.opened),
    }
}

fn apply(progress: &mut Progress, pack: &str, record: &Record) {
    match record {
        // The workspace is remembered only once it exists, so a workspace
        // root changed before `opslab start` is still honoured.
        Record::Opened { lab, at, workspace } if workspace.is_dir() => {
            progress.record_open(pack, lab, workspace, *at)
        }
        Record::Opened { lab, at, .. } => {
            progress.lab_mut(pack, lab).first_opened.get_or_insert(*at);
        }
        Record::Attempt {
            lab,
            at,
            passed,
            failed,
            errors,
        } => progress.record_attempt(
            pack,
            lab,
            Attempt {
                at: *at,
                passed: *passed,
                failed: *failed,
                errors: *errors,
            },
        ),
        Record::Hint { lab, shown, .. } => {
            let entry = progress.lab_mut(pack, lab);
            entry.hints_used = entry.hints_used.max(*shown);
        }
        // record_attempt marks the lab done when every check passes.
        Record::Done { .. } => {}
    }
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
