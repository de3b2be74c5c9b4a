//! Any number of opslab processes, commands and the terminal UI together,
//! record progress at once without losing an update: each holds the
//! progress lock from its read to its rename.

mod progress_support;

use std::process::Child;
use std::time::Duration;

use opslab::pack::Pack;
use opslab::progress::{Attempt, ProgressStore};
use opslab::tui::{Effect, Inboxes, Msg, Record, Workers};
use progress_support::*;
use tokio::sync::mpsc::unbounded_channel;

/// Starts `n` `opslab check first-file` at once.
fn spawn_checks(learner: &Learner, n: usize) -> Vec<Child> {
    (0..n)
        .map(|_| {
            learner
                .opslab(&["check", "first-file"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("opslab starts")
        })
        .collect()
}

/// Waits for every child; each must end with exit 1 (the starter fails
/// its checks) and say nothing about progress on stderr.
fn finish(children: Vec<Child>) {
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(!stderr.contains("progress"), "{stderr}");
    }
}

#[test]
fn twenty_concurrent_checks_record_twenty_attempts() {
    let learner = Learner::new();
    learner.run_expecting(&["start", "first-file"], 0);
    for round in 1..=3 {
        finish(spawn_checks(&learner, 20));
        assert_eq!(learner.attempts("first-file"), 20 * round);
    }
    assert_eq!(temporaries_in(&learner.data_dir()), Vec::<String>::new());
}

#[test]
fn threads_updating_one_store_lose_no_update() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("opslab/progress.json");
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let store = ProgressStore::at(&path);
            std::thread::spawn(move || {
                for i in 0..25 {
                    let attempt = Attempt::new(t * 100 + i, 0, 1, 0);
                    store
                        .update(|p| p.record_attempt(PACK, "first-file", attempt))
                        .unwrap();
                    store
                        .update(|p| p.record_hint(PACK, "first-file", 1000))
                        .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let progress = ProgressStore::at(&path).load().unwrap().progress;
    let lab = progress.lab(PACK, "first-file").unwrap();
    assert_eq!(lab.attempts.len(), 200);
    assert_eq!(lab.hints_used, 200);
}

/// The terminal UI's writer records attempts while `opslab check` runs in
/// other processes on the same file: every one of them is kept.
#[test]
fn the_terminal_ui_and_commands_together_lose_no_update() {
    let learner = Learner::new();
    learner.run_expecting(&["start", "first-file"], 0);
    let pack = Pack::from_dir(&fixture_pack()).expect("the fixture pack loads");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let problems = runtime.block_on(async {
        let (results_tx, mut results) = unbounded_channel();
        let (files_tx, _files) = unbounded_channel();
        let inboxes = Inboxes {
            results: results_tx,
            files: files_tx,
        };
        let mut workers = Workers::new(inboxes, pack, ProgressStore::at(learner.progress_file()));
        let children = spawn_checks(&learner, 10);
        for at in 0..30 {
            workers.apply(Effect::Record(Record::Attempt {
                lab: "first-file".into(),
                at,
                passed: 0,
                failed: 1,
                errors: 0,
            }));
        }
        workers.apply(Effect::ReloadProgress { writes: 30 });
        let problems = ui_problems_until_reloaded(&mut results).await;
        tokio::task::spawn_blocking(move || finish(children))
            .await
            .unwrap();
        problems
    });
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(learner.attempts("first-file"), 40);
}

/// The problems the UI was told of before its progress was read back.
async fn ui_problems_until_reloaded(
    results: &mut tokio::sync::mpsc::UnboundedReceiver<Msg>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let wait = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(msg) = results.recv().await {
            match msg {
                Msg::ProgressReloaded { .. } => return,
                Msg::Problem(p) => problems.push(p),
                _ => {}
            }
        }
    });
    wait.await
        .expect("the writer reads the progress back within a minute");
    problems
}

/// While another process holds the lock, a command waits for it instead
/// of writing (or failing), then records on top of what the holder wrote.
#[test]
fn a_command_waits_while_the_lock_is_held_then_records() {
    let learner = Learner::new();
    learner.run_expecting(&["start", "first-file"], 0);
    let store = ProgressStore::at(learner.progress_file());
    let locked = store.lock().unwrap();
    let mut hint = learner
        .opslab(&["hint", "first-file"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(hint.try_wait().unwrap().is_none(), "hint did not wait");
    assert_eq!(learner.lab_progress("first-file")["hints_used"], 0);
    let mut progress = locked.load().unwrap().progress;
    progress.record_attempt(PACK, "first-file", Attempt::new(7, 0, 1, 0));
    locked.save(&progress).unwrap();
    drop(locked);

    let out = hint.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("hint 1 of 3:"));
    assert_eq!(learner.lab_progress("first-file")["hints_used"], 1);
    assert_eq!(learner.attempts("first-file"), 1);
}
