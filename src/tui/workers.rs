//! Carries out the app's effects: runs verification, watches the open
//! workspace, arms the idle timer, records and reloads progress, each in a
//! task that sends its owned result back as a message. Also follows the
//! Docker daemon, and the progress file for the whole session.
//!
//! Every task is started with [`watched`]: a panic in one is not lost with
//! the task but sent to the loop as [`Msg::WorkerFailed`], which ends the
//! app with a message once the terminal is given back.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::time::Duration;

use futures::{FutureExt, StreamExt};
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::app::{Effect, Msg};
use super::packs;
use super::store;
use super::writer::{self, Job};
use crate::pack::{Lab, Pack};
use crate::progress::ProgressStore;
use crate::verify::docker::events;
use crate::verify::watch::{self, FileWatch, WorkspaceWatch};
use crate::verify::{verify, Context, DockerProbe, DockerUnavailable};

/// Senders for the loop's inputs.
#[derive(Clone)]
pub struct Inboxes {
    /// Results of work the app asked for.
    pub results: UnboundedSender<Msg>,
    /// Changes in the open workspace and in the progress file.
    pub files: UnboundedSender<Msg>,
}

/// Tasks in flight; a new request of a kind replaces the old one. The UI
/// loop owns one; tests drive one with an [`App`](super::App) and no
/// terminal.
pub struct Workers {
    inboxes: Inboxes,
    pack: Pack,
    /// Read (never written) when listing the packs to switch to.
    progress: ProgressStore,
    records: std::sync::mpsc::Sender<Job>,
    /// Alive as long as the workers: the progress file's watch.
    progress_watch: Option<(FileWatch, JoinHandle<()>)>,
    verify: Option<JoinHandle<()>>,
    watch: Option<(WorkspaceWatch, JoinHandle<()>)>,
    watch_start: Option<JoinHandle<()>>,
    idle: Option<JoinHandle<()>>,
}

impl Drop for Workers {
    fn drop(&mut self) {
        self.stop_watching();
        let progress = self.progress_watch.take().map(|(_, forward)| forward);
        for task in [self.verify.take(), self.idle.take(), progress]
            .into_iter()
            .flatten()
        {
            task.abort();
        }
    }
}

impl Workers {
    /// Starts the progress writer and the watch of the progress file kept
    /// by `progress`. Must be called inside a tokio runtime.
    pub fn new(inboxes: Inboxes, pack: Pack, progress: ProgressStore) -> Workers {
        let watch = watch_progress(progress.path(), &inboxes);
        let records = writer::spawn(pack.clone(), progress.clone(), inboxes.results.clone());
        Workers {
            inboxes,
            pack,
            progress,
            records,
            progress_watch: watch,
            verify: None,
            watch: None,
            watch_start: None,
            idle: None,
        }
    }

    /// Starts the work an effect asks for. Never blocks.
    pub fn apply(&mut self, effect: Effect) {
        match effect {
            Effect::Verify {
                generation,
                lab,
                workspace,
            } => self.verify(generation, lab, workspace),
            Effect::Watch { watch, workspace } => self.watch(watch, workspace),
            Effect::StopWatching => self.stop_watching(),
            Effect::ArmIdle { generation, after } => self.arm_idle(generation, after),
            Effect::Record(record) => {
                // The writer thread lives as long as the UI; if it died, its
                // panic was already printed and there is nobody to save to.
                let _ = self.records.send(Job::Record(record));
            }
            Effect::ReloadProgress { writes } => {
                // Queued behind the writes asked for before it, so the file
                // read includes them.
                let _ = self.records.send(Job::Reload { writes });
            }
            Effect::StartWorkspace { lab, workspace } => self.start_workspace(lab, workspace),
            Effect::Reset { lab, workspace } => self.reset(lab, workspace),
            Effect::ListPacks { asked, opened_on } => self.list_packs(asked, opened_on),
            Effect::SwitchPack { pack } => {
                self.pack = (*pack).clone();
                // Queued behind the writes of the old pack.
                let _ = self.records.send(Job::Pack(pack));
            }
            Effect::TraceAfterDraw(_) | Effect::Quit => {}
        }
    }

    fn verify(&mut self, generation: u64, lab: Box<Lab>, workspace: PathBuf) {
        if let Some(old) = self.verify.take() {
            old.abort(); // the newest request wins
        }
        let tx = self.inboxes.results.clone();
        self.verify = Some(watched("checks", tx.clone(), async move {
            panic_for_test("checks");
            let report = run_checks(&lab, workspace).await;
            let _ = tx.send(Msg::Verified { generation, report });
        }));
    }

    /// Reads every pack off the UI loop (packs and progress are files).
    fn list_packs(&self, asked: u64, opened_on: Option<PathBuf>) {
        let tx = self.inboxes.results.clone();
        let store = self.progress.clone();
        watched("pack list", tx.clone(), async move {
            let found =
                tokio::task::spawn_blocking(move || packs::list(opened_on.as_deref(), &store));
            let msg = match found.await {
                Ok(choices) => Msg::PacksListed { asked, choices },
                Err(e) => Msg::Problem(format!("The packs could not be listed: {e}")),
            };
            let _ = tx.send(msg);
        });
    }

    fn arm_idle(&mut self, generation: u64, after: Duration) {
        if let Some(old) = self.idle.take() {
            old.abort();
        }
        let tx = self.inboxes.results.clone();
        self.idle = Some(watched("idle timer", tx.clone(), async move {
            tokio::time::sleep(after).await;
            let _ = tx.send(Msg::Idle { generation });
        }));
    }

    /// Queued on the writer thread, behind the progress writes before it.
    fn start_workspace(&self, lab: Box<Lab>, workspace: PathBuf) {
        let id = lab.id.clone();
        if self.records.send(Job::Start { lab, workspace }).is_err() {
            let _ = self.inboxes.results.send(Msg::WorkspaceStarted {
                lab: id,
                result: Err("the progress writer has stopped; restart opslab".into()),
            });
        }
    }

    fn reset(&self, lab: Box<Lab>, workspace: PathBuf) {
        let tx = self.inboxes.results.clone();
        let pack = self.pack.clone();
        watched("reset", tx.clone(), async move {
            let result = store::reset(pack, (*lab).clone(), workspace).await;
            let _ = tx.send(Msg::ResetDone {
                lab: lab.id.clone(),
                result,
            });
        });
    }

    fn watch(&mut self, generation: u64, workspace: PathBuf) {
        self.stop_watching();
        let tx = self.inboxes.files.clone();
        let exists = workspace.clone();
        let tx_exists = tx.clone();
        let failures = self.inboxes.results.clone();
        self.watch_start = Some(watched("file watch", failures.clone(), async move {
            let exists = tokio::fs::metadata(&exists).await.is_ok_and(|m| m.is_dir());
            let _ = tx_exists.send(Msg::WorkspaceState {
                watch: generation,
                exists,
            });
        }));
        match watch::watch(&workspace, watch::DEBOUNCE) {
            Ok((handle, mut changes)) => {
                let forward = watched("file watch", failures, async move {
                    while let Some(change) = changes.recv().await {
                        panic_for_test("file watch");
                        if tx
                            .send(Msg::Workspace {
                                watch: generation,
                                change,
                            })
                            .is_err()
                        {
                            return;
                        }
                    }
                    // The watch ended while still wanted (it is aborted
                    // before its handle is dropped): say so, not go quiet.
                    let _ = tx.send(Msg::WatchFailed {
                        watch: generation,
                        why: "Watching the workspace stopped: press r to check, or restart opslab."
                            .into(),
                    });
                });
                self.watch = Some((handle, forward));
            }
            Err(e) => {
                let _ = tx.send(Msg::WatchFailed {
                    watch: generation,
                    why: e.to_string(),
                });
            }
        }
    }

    fn stop_watching(&mut self) {
        if let Some((handle, forward)) = self.watch.take() {
            forward.abort();
            drop(handle);
        }
        if let Some(task) = self.watch_start.take() {
            task.abort();
        }
    }
}

/// Spawns `task` on the runtime; if it panics, says so to the loop on
/// `failures` as [`Msg::WorkerFailed`] naming `worker`. A task aborted on
/// purpose (a newer request replaced it) is not a failure.
pub fn watched<F>(worker: &'static str, failures: UnboundedSender<Msg>, task: F) -> JoinHandle<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    tokio::spawn(async move {
        if let Err(panic) = AssertUnwindSafe(task).catch_unwind().await {
            let why = panic_message(panic.as_ref());
            let _ = failures.send(Msg::WorkerFailed { worker, why });
        }
    })
}

/// The text a panic was raised with.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Debug builds only, for tests of the way out: with
/// `OPSLAB_TEST_PANIC=<worker>` set (for example `checks`, `Docker events`,
/// `file watch`, `progress writer`), that worker panics when it starts
/// work. Release builds do not have it.
#[cfg(debug_assertions)]
pub fn panic_for_test(worker: &str) {
    if std::env::var("OPSLAB_TEST_PANIC").is_ok_and(|wanted| wanted == worker) {
        panic!("OPSLAB_TEST_PANIC={worker}");
    }
}

/// Release builds: never panics.
#[cfg(not(debug_assertions))]
pub fn panic_for_test(_worker: &str) {}

/// Watches the progress file and says [`Msg::ProgressChanged`] after each
/// debounced change. When it cannot be watched the UI still works; it says
/// that changes from other terminals show after a restart.
fn watch_progress(
    file: &std::path::Path,
    inboxes: &Inboxes,
) -> Option<(FileWatch, JoinHandle<()>)> {
    match watch::watch_file(file, watch::DEBOUNCE) {
        Ok((handle, mut changes)) => {
            let tx = inboxes.files.clone();
            let forward = watched("progress watch", inboxes.results.clone(), async move {
                while changes.recv().await.is_some() {
                    if tx.send(Msg::ProgressChanged).is_err() {
                        return;
                    }
                }
                let _ = tx.send(Msg::Problem(
                    "Watching the progress file stopped: progress from other terminals shows after a restart."
                        .into(),
                ));
            });
            Some((handle, forward))
        }
        Err(e) => {
            let _ = inboxes.results.send(Msg::Problem(format!(
                "Progress from other terminals shows only after a restart: cannot watch {} ({}).",
                e.path, e.cause
            )));
            None
        }
    }
}

async fn run_checks(lab: &Lab, workspace: PathBuf) -> crate::verify::Report {
    let docker = if lab.needs_docker() {
        DockerProbe::connect().await
    } else {
        Err(DockerUnavailable::NotConnected)
    };
    verify(lab, &Context::new(workspace, docker)).await
}

/// Follows the daemon for the whole session: says when it is up or down,
/// forwards its events, and reconnects with backoff when it goes away.
pub async fn follow_docker(tx: UnboundedSender<Msg>) {
    panic_for_test("Docker events");
    let mut pause = Duration::from_millis(500);
    let mut since: Option<i64> = None;
    loop {
        match DockerProbe::connect().await {
            Ok(probe) => {
                pause = Duration::from_millis(500);
                if tx.send(Msg::DockerUp).is_err() {
                    return;
                }
                let mut stream = Box::pin(events(&probe, since));
                while let Some(item) = stream.next().await {
                    since = Some(unix_now());
                    match item {
                        Ok(event) => {
                            if tx.send(Msg::Docker(event)).is_err() {
                                return;
                            }
                        }
                        Err(_) => break,
                    }
                }
                since = since.or(Some(unix_now()));
                // The stream ended: reconnect at once; a refused connection
                // then reports the daemon down.
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => {
                if tx.send(Msg::DockerDown(e.to_string())).is_err() {
                    return;
                }
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(8));
            }
        }
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
