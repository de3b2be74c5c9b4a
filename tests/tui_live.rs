//! The sources of live verification on their own, against real things: the
//! workspace watcher on a real git repository, the Docker events stream on
//! the real daemon, and the progress file written from outside the UI.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{docker, git, git_repo, runtime, test_image, unique, Cleanup};
use futures::StreamExt;
use opslab::pack::Pack;
use opslab::progress::ProgressStore;
use opslab::tui::{App, Inboxes, Msg, ProgressView, Settings, Theme, Workers};
use opslab::verify::docker::{events, DockerObject};
use opslab::verify::watch::{is_relevant, watch, WorkspaceChange, DEBOUNCE};
use opslab::verify::DockerProbe;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

const WAIT: Duration = Duration::from_secs(10);

async fn next_change(rx: &mut UnboundedReceiver<WorkspaceChange>) -> Option<WorkspaceChange> {
    tokio::time::timeout(WAIT, rx.recv()).await.ok().flatten()
}

/// No change arrives within a few debounce periods.
async fn quiet(rx: &mut UnboundedReceiver<WorkspaceChange>) -> bool {
    tokio::time::timeout(DEBOUNCE * 6, rx.recv()).await.is_err()
}

fn changed_paths(change: Option<WorkspaceChange>) -> Vec<PathBuf> {
    match change {
        Some(WorkspaceChange::Changed { paths }) => paths,
        other => panic!("expected changed paths, got {other:?}"),
    }
}

#[test]
fn git_internals_other_than_head_refs_and_index_are_ignored() {
    assert!(is_relevant(Path::new("NOTES.md")));
    assert!(is_relevant(Path::new(".git/HEAD")));
    assert!(is_relevant(Path::new(".git/refs/heads/main")));
    assert!(is_relevant(Path::new(".git/index")));
    assert!(!is_relevant(Path::new(".git/objects/ab/cdef")));
    assert!(!is_relevant(Path::new(".git/index.lock")));
    assert!(!is_relevant(Path::new(".git/logs/HEAD")));
}

#[test]
fn file_writes_and_commits_are_reported_reads_are_not() {
    let repo = git_repo();
    std::fs::write(repo.path().join("seed.txt"), "seed").unwrap();
    runtime().block_on(async {
        let (_watch, mut rx) = watch(repo.path(), DEBOUNCE).expect("the workspace can be watched");
        std::fs::write(repo.path().join("NOTES.md"), "# notes").unwrap();
        let paths = changed_paths(next_change(&mut rx).await);
        assert_eq!(
            paths,
            vec![PathBuf::from("NOTES.md")],
            "one burst, one report"
        );

        let _ = std::fs::read_to_string(repo.path().join("NOTES.md")).unwrap();
        assert!(quiet(&mut rx).await, "reading a file is not a change");

        git(repo.path(), &["add", "."]);
        git(repo.path(), &["commit", "-q", "-m", "notes"]);
        let mut seen = Vec::new();
        while !seen.iter().any(|p: &PathBuf| p.starts_with(".git/refs")) {
            seen.extend(changed_paths(next_change(&mut rx).await));
        }
        assert!(
            seen.iter().all(|p| !p.starts_with(".git/objects")),
            "object churn is filtered: {seen:?}"
        );
    });
}

#[test]
fn a_missing_workspace_is_reported_when_it_appears() {
    let parent = tempfile::tempdir().unwrap();
    let workspace = parent.path().join("lab");
    runtime().block_on(async {
        let (_watch, mut rx) = watch(&workspace, DEBOUNCE).expect("the parent can be watched");
        std::fs::write(parent.path().join("unrelated.txt"), "x").unwrap();
        assert!(
            quiet(&mut rx).await,
            "a sibling appearing is not the workspace"
        );
        std::fs::create_dir(&workspace).unwrap();
        assert_eq!(next_change(&mut rx).await, Some(WorkspaceChange::Appeared));
        std::fs::write(workspace.join("file"), "x").unwrap();
        assert_eq!(
            changed_paths(next_change(&mut rx).await),
            vec![PathBuf::from("file")]
        );
    });
}

#[test]
fn docker_events_name_the_container_that_started() {
    let image = test_image();
    let name = unique("events");
    let _cleanup = Cleanup::container(&name);
    runtime().block_on(async {
        let probe = DockerProbe::connect().await.expect("the daemon answers");
        // The stream subscribes when first polled; `since` makes sure the
        // start below is included even so.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let mut stream = Box::pin(events(&probe, Some(now - 1)));
        docker(&["run", "-d", "--name", &name, image, "sleep", "300"]);
        let started = tokio::time::timeout(WAIT, async {
            while let Some(item) = stream.next().await {
                let event = item.expect("the stream reads events");
                if event.name == name && event.action == "start" {
                    return Some(event);
                }
            }
            None
        })
        .await
        .ok()
        .flatten()
        .expect("a start event for the container");
        assert_eq!(started.object, DockerObject::Container);
        assert!(started.changes_state());
    });
}

/// The app and its workers with no terminal, keeping progress at `file`.
struct Headless {
    app: App,
    workers: Workers,
    results: UnboundedReceiver<Msg>,
    files: UnboundedReceiver<Msg>,
}

impl Headless {
    fn start(file: &Path, workspaces: &Path) -> Headless {
        let pack =
            Pack::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui-pack"))
                .expect("the fixture pack loads");
        let settings = Settings {
            theme: Theme::plain(),
            workspace_root: workspaces.to_path_buf(),
            workspace_display: "~/opslab".into(),
            workspaces: Default::default(),
            command: "opslab".into(),
            clock: opslab::progress::now,
            idle_after: Duration::from_secs(300),
        };
        let (results_tx, results) = unbounded_channel();
        let (files_tx, files) = unbounded_channel();
        let inboxes = Inboxes {
            results: results_tx,
            files: files_tx,
        };
        let workers = Workers::new(inboxes, pack.clone(), ProgressStore::at(file));
        Headless {
            app: App::new(pack, ProgressView::default(), settings),
            workers,
            results,
            files,
        }
    }

    fn update(&mut self, msg: Msg) {
        for effect in self.app.update(msg) {
            self.workers.apply(effect);
        }
    }

    /// Feeds every message to the app until `want` arrives (and is fed
    /// too); None if it does not come in time.
    async fn until(&mut self, want: impl Fn(&Msg) -> bool) -> Option<Msg> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let msg = tokio::select! {
                Some(msg) = self.results.recv() => msg,
                Some(msg) = self.files.recv() => msg,
                _ = tokio::time::sleep_until(deadline) => return None,
            };
            let wanted = want(&msg);
            self.update(msg.clone());
            if wanted {
                return Some(msg);
            }
        }
    }

    fn hints(&self, lab: &str) -> usize {
        self.app.progress.lab(lab).map_or(0, |p| p.hints_used)
    }
}

fn reloaded(msg: &Msg) -> bool {
    matches!(msg, Msg::ProgressReloaded { .. })
}

/// Reveals a hint as `opslab hint notes` does: through the progress store.
fn hint_from_outside(file: &Path) {
    ProgressStore::at(file)
        .update(|p| p.record_hint("tui-fixture", "notes", 2))
        .expect("the progress file is written");
}

#[test]
fn progress_written_from_outside_reaches_the_app_as_a_reload() {
    let data = tempfile::tempdir().unwrap();
    let workspaces = tempfile::tempdir().unwrap();
    // The data folder does not exist yet, as before the first `opslab` run.
    let file = data.path().join("opslab").join("progress.json");
    runtime().block_on(async {
        let mut ui = Headless::start(&file, workspaces.path());
        assert_eq!(ui.hints("notes"), 0);

        hint_from_outside(&file);
        let changed = ui.until(|m| matches!(m, Msg::ProgressChanged)).await;
        assert!(changed.is_some(), "the write is noticed");
        let msg = ui.until(reloaded).await.expect("the file is read again");
        assert!(
            matches!(&msg, Msg::ProgressReloaded { result: Ok(disk), .. }
                if disk.progress.lab("notes").map(|l| l.hints_used) == Some(1)),
            "{msg:?}"
        );
        assert_eq!(ui.hints("notes"), 1, "the app shows the hint");

        // Once more, now that the folder exists.
        hint_from_outside(&file);
        ui.until(reloaded).await.expect("the second write is read");
        assert_eq!(ui.hints("notes"), 2);
    });
}

#[test]
fn a_damaged_progress_file_keeps_the_view_and_the_next_save_keeps_it_too() {
    let data = tempfile::tempdir().unwrap();
    let workspaces = tempfile::tempdir().unwrap();
    let file = data.path().join("progress.json");
    runtime().block_on(async {
        let mut ui = Headless::start(&file, workspaces.path());
        hint_from_outside(&file);
        ui.until(reloaded).await.expect("the hint is read");
        assert_eq!(ui.hints("notes"), 1);

        std::fs::write(&file, "{ this is not progress").unwrap();
        let msg = ui.until(reloaded).await.expect("the damaged file is read");
        assert!(
            matches!(&msg, Msg::ProgressReloaded { result: Err(_), .. }),
            "{msg:?}"
        );
        assert_eq!(ui.hints("notes"), 1, "the view is kept");
        let notice = ui.app.notice.clone().unwrap_or_default();
        assert!(notice.contains("damaged"), "{notice}");

        // The UI's next write (opening a lab) moves the damaged file aside
        // and saves the progress it knew, not an empty one.
        let index = ui
            .app
            .pack
            .labs
            .iter()
            .position(|l| l.id == "commit")
            .unwrap();
        for effect in ui.app.open_lab(index) {
            ui.workers.apply(effect);
        }
        let moved = ui
            .until(|m| matches!(m, Msg::Problem(text) if text.contains("moved to")))
            .await;
        assert!(moved.is_some(), "the learner is told where the file went");
        ui.until(|m| matches!(m, Msg::ProgressReloaded { result: Ok(_), .. }))
            .await
            .expect("the saved file is read back");
        assert_eq!(ui.hints("notes"), 1, "the hint survived");
        let saved = ProgressStore::at(&file)
            .inspect()
            .expect("the file is valid again")
            .expect("and there");
        let notes = saved.lab("tui-fixture", "notes").map(|l| l.hints_used);
        assert_eq!(notes, Some(1), "{saved:?}");
        assert!(saved
            .lab("tui-fixture", "commit")
            .is_some_and(|l| l.first_opened.is_some()));
        let aside = std::fs::read_dir(data.path())
            .unwrap()
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().contains(".corrupt-"));
        assert!(aside, "the damaged file is kept aside");
    });
}

/// `opslab list` run as in another terminal, on the same data folder.
fn list_line(data: &Path, lab: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_opslab"))
        .arg("--pack")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui-pack"))
        .arg("list")
        .env("XDG_DATA_HOME", data)
        .env("NO_COLOR", "1")
        .output()
        .expect("opslab list runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.lines()
        .find(|l| l.contains(&format!(" {lab} ")))
        .unwrap_or_else(|| panic!("no line for {lab}:\n{text}"))
        .trim()
        .to_string()
}

#[test]
fn a_lab_only_read_in_the_ui_is_available_in_both_and_in_progress_once_made() {
    let data = tempfile::tempdir().unwrap();
    let workspaces = tempfile::tempdir().unwrap();
    let file = data.path().join("opslab").join("progress.json");
    runtime().block_on(async {
        let mut ui = Headless::start(&file, workspaces.path());
        let notes = ui.app.pack.labs.iter().position(|l| l.id == "notes");
        for effect in ui.app.open_lab(notes.unwrap()) {
            ui.workers.apply(effect);
        }
        ui.until(|m| matches!(m, Msg::WorkspaceState { exists: false, .. }))
            .await
            .expect("the watcher looks");
        ui.until(reloaded).await.expect("the opening is saved");
        let saved = ProgressStore::at(&file).inspect().unwrap().unwrap();
        assert!(
            saved
                .lab("tui-fixture", "notes")
                .unwrap()
                .first_opened
                .is_some(),
            "opening is remembered: {saved:?}"
        );
        let status = ui.app.path.row(notes.unwrap()).unwrap().status;
        assert_eq!(status, opslab::tui::LabStatus::Available, "the UI");
        assert!(
            list_line(data.path(), "notes").starts_with("○ available"),
            "the CLI: {}",
            list_line(data.path(), "notes")
        );

        // `s` makes the workspace: in progress on both sides.
        ui.update(Msg::Key(opslab::tui::Key::Char('s')));
        ui.until(|m| matches!(m, Msg::WorkspaceStarted { result: Ok(_), .. }))
            .await
            .expect("the workspace is made");
        let status = ui.app.path.row(notes.unwrap()).unwrap().status;
        assert_eq!(status, opslab::tui::LabStatus::InProgress, "the UI");
        assert!(
            list_line(data.path(), "notes").starts_with("▶ in progress"),
            "the CLI: {}",
            list_line(data.path(), "notes")
        );
    });
}
