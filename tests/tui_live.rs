//! The sources of live verification on their own, against real things: the
//! workspace watcher on a real git repository, and the Docker events stream
//! on the real daemon.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{docker, git, git_repo, runtime, test_image, unique, Cleanup};
use futures::StreamExt;
use opslab::verify::docker::{events, DockerObject};
use opslab::verify::watch::{is_relevant, watch, WorkspaceChange, DEBOUNCE};
use opslab::verify::DockerProbe;
use tokio::sync::mpsc::UnboundedReceiver;

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
