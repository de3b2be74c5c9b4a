//! A progress file written by a newer opslab is never rewritten into an
//! older shape: fields this build does not know are kept, and a file whose
//! `version` is above this build's layout is read when it can be but never
//! written over.

mod progress_support;

use std::time::Duration;

use opslab::pack::Pack;
use opslab::progress::{Progress, ProgressError, ProgressStore, LAYOUT};
use opslab::tui::{Effect, Inboxes, Msg, Record, Workers};
use progress_support::*;
use serde_json::{json, Value};
use tokio::sync::mpsc::unbounded_channel;

fn write_json(learner: &Learner, value: &Value) -> Vec<u8> {
    let bytes = serde_json::to_vec_pretty(value).unwrap();
    std::fs::create_dir_all(learner.data_dir()).unwrap();
    std::fs::write(learner.progress_file(), &bytes).unwrap();
    bytes
}

/// Adds `value` under `key` to the object at `pointer` in the progress file.
fn add_field(learner: &Learner, pointer: &str, key: &str, value: Value) {
    let mut progress = learner.progress();
    progress
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the progress file"))
        .as_object_mut()
        .unwrap()
        .insert(key.into(), value);
    write_json(learner, &progress);
}

#[test]
fn fields_from_a_newer_opslab_survive_rewrites_by_commands() {
    let learner = Learner::new();
    learner.run_expecting(&["start", "first-file"], 0);
    learner.run_expecting(&["check", "first-file"], 1);
    let lab = format!("/packs/{PACK}/labs/first-file");
    add_field(&learner, "", "settings", json!({"theme": "dark"}));
    add_field(&learner, &format!("/packs/{PACK}"), "badge", json!("gold"));
    add_field(&learner, &lab, "streak", json!(7));
    add_field(
        &learner,
        &format!("{lab}/attempts/0"),
        "seconds",
        json!(1.5),
    );

    learner.run_expecting(&["hint", "first-file"], 0);
    learner.run_expecting(&["check", "first-file"], 1);

    let progress = learner.progress();
    assert_eq!(progress["settings"], json!({"theme": "dark"}));
    assert_eq!(progress["packs"][PACK]["badge"], "gold");
    let record = &progress["packs"][PACK]["labs"]["first-file"];
    assert_eq!(record["streak"], 7);
    assert_eq!(record["attempts"][0]["seconds"], 1.5);
    assert_eq!(record["hints_used"], 1);
    assert_eq!(record["attempts"].as_array().unwrap().len(), 2);
    assert_eq!(progress["version"], LAYOUT);
}

/// A version-2 file in a shape this build still parses.
fn newer_but_readable(learner: &Learner) -> Vec<u8> {
    let workspace = learner.workspace("first-file");
    write_json(
        learner,
        &json!({
            "version": LAYOUT + 1,
            "packs": {PACK: {"labs": {"first-file": {
                "first_opened": 100,
                "workspace": workspace,
                "hints_used": 1,
                "streak": 7
            }}}}
        }),
    )
}

fn assert_refused_as_newer(stderr: &str) {
    assert!(stderr.contains("written by a newer opslab"), "{stderr}");
    assert!(stderr.contains("upgrade opslab"), "{stderr}");
}

#[test]
fn a_newer_file_is_read_but_never_written_over() {
    let learner = Learner::new();
    learner.run_expecting(&["start", "first-file"], 0);
    let before = newer_but_readable(&learner);

    let list = learner.run_expecting(&["list"], 0);
    assert!(
        text(&list.stdout).contains("in progress"),
        "{}",
        text(&list.stdout)
    );

    let hint = learner.run_expecting(&["hint", "first-file"], 0);
    assert!(
        text(&hint.stdout).contains("hint 2 of 3:"),
        "{}",
        text(&hint.stdout)
    );
    assert_refused_as_newer(&text(&hint.stderr));

    let check = learner.run_expecting(&["check", "first-file"], 1);
    assert!(text(&check.stdout).contains("checks pass"));
    assert_refused_as_newer(&text(&check.stderr));

    let start = learner.run_expecting(&["start", "init-only"], 0);
    assert_refused_as_newer(&text(&start.stderr));

    assert_eq!(std::fs::read(learner.progress_file()).unwrap(), before);
    assert_eq!(
        files_in(&learner.data_dir()),
        ["progress.json", "progress.json.lock"]
    );
}

#[test]
fn a_newer_file_that_does_not_parse_is_refused_not_moved_aside() {
    let learner = Learner::new();
    let before = write_json(
        &learner,
        &json!({"version": LAYOUT + 2, "packs": ["a shape from the future"]}),
    );
    let hint = learner.run_expecting(&["hint", "first-file"], 2);
    assert_refused_as_newer(&text(&hint.stderr));
    assert_eq!(std::fs::read(learner.progress_file()).unwrap(), before);
    assert_eq!(files_in(&learner.data_dir()), ["progress.json"]);
}

#[test]
fn the_store_refuses_to_save_over_or_as_a_newer_layout() {
    let learner = Learner::new();
    let before = newer_but_readable(&learner);
    let store = ProgressStore::at(learner.progress_file());
    let read = store.inspect().unwrap().expect("the newer file is read");
    assert_eq!(read.version, LAYOUT + 1);
    assert_eq!(read.lab(PACK, "first-file").unwrap().unknown["streak"], 7);

    let err = store.save(&Progress::default()).unwrap_err();
    assert!(matches!(err, ProgressError::Newer { found, .. } if found == u64::from(LAYOUT) + 1));
    let err = store.save(&read).unwrap_err();
    assert!(matches!(err, ProgressError::Newer { .. }), "{err:?}");
    let err = store
        .update(|p| p.record_hint(PACK, "first-file", 3))
        .unwrap_err();
    assert!(
        err.to_string().contains("written by a newer opslab"),
        "{err}"
    );
    assert_eq!(std::fs::read(learner.progress_file()).unwrap(), before);
}

#[test]
fn the_terminal_ui_says_a_newer_file_is_not_written_over() {
    let learner = Learner::new();
    let before = newer_but_readable(&learner);
    let pack = Pack::from_dir(&fixture_pack()).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let problem = runtime.block_on(async {
        let (results_tx, mut results) = unbounded_channel();
        let (files_tx, _files) = unbounded_channel();
        let inboxes = Inboxes {
            results: results_tx,
            files: files_tx,
        };
        let mut workers = Workers::new(inboxes, pack, ProgressStore::at(learner.progress_file()));
        workers.apply(Effect::Record(Record::Attempt {
            lab: "first-file".into(),
            at: 1,
            passed: 0,
            failed: 1,
            errors: 0,
        }));
        tokio::time::timeout(Duration::from_secs(30), async {
            loop {
                if let Some(Msg::Problem(p)) = results.recv().await {
                    return p;
                }
            }
        })
        .await
        .expect("the UI is told why progress was not saved")
    });
    assert_refused_as_newer(&problem);
    assert_eq!(std::fs::read(learner.progress_file()).unwrap(), before);
}
