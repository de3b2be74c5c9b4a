//! The progress store: atomic writes, damaged files moved aside (never
//! silently reset), attempts, hints and lab status.

use std::path::{Path, PathBuf};

use opslab::pack::Pack;
use opslab::progress::{Attempt, LabStatus, Progress, ProgressError, ProgressStore, ATTEMPTS_KEPT};

const PACK: &str = "cli-fixture";

fn store_in(dir: &Path) -> ProgressStore {
    ProgressStore::at(dir.join("opslab").join("progress.json"))
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn fixture_pack() -> Pack {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pack-basic");
    Pack::from_dir(&dir).expect("the fixture pack loads")
}

fn attempt(at: u64, passed: usize, failed: usize, errors: usize) -> Attempt {
    Attempt::new(at, passed, failed, errors)
}

#[test]
fn a_missing_file_is_empty_progress() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = store_in(dir.path()).load().unwrap();
    assert_eq!(loaded.progress, Progress::default());
    assert!(loaded.moved_aside.is_none());
    assert!(store_in(dir.path()).inspect().unwrap().is_none());
}

#[test]
fn saved_progress_loads_back_and_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let mut progress = Progress::default();
    progress.record_open(PACK, "first-file", Path::new("/tmp/ws/first-file"), 100);
    progress.record_attempt(PACK, "first-file", attempt(101, 1, 1, 0));
    store.save(&progress).unwrap();
    // Overwrite, as every command after the first does.
    progress.record_hint(PACK, "first-file", 3);
    store.save(&progress).unwrap();

    assert_eq!(store.load().unwrap().progress, progress);
    assert_eq!(
        files_in(&dir.path().join("opslab")),
        ["progress.json", "progress.json.lock"]
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(store.path()).unwrap()).unwrap();
    let lab = &json["packs"][PACK]["labs"]["first-file"];
    assert_eq!(lab["first_opened"], 100);
    assert_eq!(lab["workspace"], "/tmp/ws/first-file");
    assert_eq!(lab["hints_used"], 1);
    assert_eq!(lab["attempts"][0]["failed"], 1);
}

#[test]
fn a_write_that_cannot_happen_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let mut progress = Progress::default();
    progress.record_hint(PACK, "first-file", 3);
    store.save(&progress).unwrap();
    let before = std::fs::read(store.path()).unwrap();

    // A folder where the new file would go makes the final rename fail.
    let blocked = ProgressStore::at(dir.path().join("opslab"));
    let err = blocked.save(&Progress::default()).unwrap_err();
    assert!(matches!(err, ProgressError::Write { .. }), "{err:?}");
    assert!(err.to_string().contains("cannot write the progress file"));
    assert_eq!(std::fs::read(store.path()).unwrap(), before);
    assert_eq!(
        files_in(&dir.path().join("opslab")),
        ["progress.json", "progress.json.lock"]
    );
    assert_eq!(
        files_in(dir.path()),
        ["opslab", "opslab.lock"],
        "a temporary file was left behind"
    );
}

#[test]
fn a_damaged_file_is_moved_aside_and_named_in_the_warning() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    std::fs::create_dir_all(store.path().parent().unwrap()).unwrap();
    std::fs::write(store.path(), b"{\"packs\": [1, 2").unwrap();

    // Inspecting (as doctor does) reports it and moves nothing.
    let err = store.inspect().unwrap_err();
    assert!(matches!(err, ProgressError::Corrupt { .. }), "{err:?}");
    assert!(store.path().exists());

    let loaded = store.load().unwrap();
    assert_eq!(loaded.progress, Progress::default());
    let moved = loaded.moved_aside.expect("the damaged file is reported");
    assert_eq!(moved.from, store.path());
    let name = moved.to.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("progress.json.corrupt-"), "{name}");
    assert!(
        name["progress.json.corrupt-".len()..]
            .parse::<u64>()
            .is_ok(),
        "{name}"
    );
    assert_eq!(std::fs::read(&moved.to).unwrap(), b"{\"packs\": [1, 2");
    assert!(!store.path().exists());
    let warning = moved.to_string();
    assert!(
        warning.contains(&store.path().display().to_string()),
        "{warning}"
    );
    assert!(
        warning.contains(&moved.to.display().to_string()),
        "{warning}"
    );

    // A second damaged file in the same second gets its own name.
    std::fs::write(store.path(), b"garbage").unwrap();
    let again = store.load().unwrap().moved_aside.unwrap();
    assert_ne!(again.to, moved.to);
    assert!(moved.to.exists() && again.to.exists());
}

#[test]
fn update_reports_a_damaged_file_and_writes_a_fresh_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    std::fs::create_dir_all(store.path().parent().unwrap()).unwrap();
    std::fs::write(store.path(), b"not json").unwrap();
    let (n, moved) = store
        .update(|p| p.record_hint(PACK, "first-file", 2))
        .unwrap();
    assert_eq!(n, 1);
    assert!(moved.is_some());
    assert_eq!(
        store
            .load()
            .unwrap()
            .progress
            .lab(PACK, "first-file")
            .unwrap()
            .hints_used,
        1
    );
}

#[test]
fn attempts_keep_the_last_ones_and_the_first_pass_time() {
    let mut progress = Progress::default();
    for at in 0..(ATTEMPTS_KEPT as u64 + 50) {
        let passed = at >= 10;
        let a = if passed {
            attempt(at, 2, 0, 0)
        } else {
            attempt(at, 1, 1, 0)
        };
        progress.record_attempt(PACK, "first-file", a);
    }
    let lab = progress.lab(PACK, "first-file").unwrap();
    assert_eq!(lab.attempts.len(), ATTEMPTS_KEPT);
    assert_eq!(lab.attempts[0].at, 50);
    assert_eq!(lab.first_pass, Some(10));
    assert!(lab.done);
}

#[test]
fn an_attempt_with_errors_does_not_count_as_a_pass() {
    let mut progress = Progress::default();
    progress.record_attempt(PACK, "first-file", attempt(5, 1, 0, 1));
    let lab = progress.lab(PACK, "first-file").unwrap();
    assert!(!lab.done);
    assert_eq!(lab.first_pass, None);
    assert_eq!(lab.attempts.len(), 1);
}

#[test]
fn hints_count_up_to_the_last_and_stay_there() {
    let mut progress = Progress::default();
    let shown: Vec<usize> = (0..4)
        .map(|_| progress.record_hint(PACK, "first-file", 3))
        .collect();
    assert_eq!(shown, [1, 2, 3, 3]);
    assert_eq!(progress.record_hint(PACK, "second", 0), 0);
}

#[test]
fn status_follows_prerequisites_and_progress() {
    let pack = fixture_pack();
    let first = pack.lab("first-file").unwrap();
    let second = pack.lab("second").unwrap();
    let mut progress = Progress::default();
    assert_eq!(progress.status(&pack, first), LabStatus::Available);
    assert_eq!(progress.status(&pack, second), LabStatus::Locked);
    assert_eq!(
        progress.missing_prerequisites(&pack, second),
        ["first-file"]
    );
    assert_eq!(progress.next_lab(&pack).unwrap().id, "first-file");

    progress.record_open(&pack.id, "first-file", Path::new("/w"), 1);
    assert_eq!(progress.status(&pack, first), LabStatus::InProgress);
    progress.record_attempt(&pack.id, "first-file", attempt(2, 1, 1, 0));
    assert_eq!(progress.status(&pack, first), LabStatus::InProgress);
    assert_eq!(progress.status(&pack, second), LabStatus::Locked);

    progress.record_attempt(&pack.id, "first-file", attempt(3, 2, 0, 0));
    assert_eq!(progress.status(&pack, first), LabStatus::Done);
    assert_eq!(progress.status(&pack, second), LabStatus::Available);
    // Passing once is enough: a later failing attempt does not undo it.
    progress.record_attempt(&pack.id, "first-file", attempt(4, 1, 1, 0));
    assert_eq!(progress.status(&pack, first), LabStatus::Done);
    assert_eq!(progress.next_lab(&pack).unwrap().id, "init-only");

    // Progress of another pack with the same lab ids does not leak over.
    let other = Progress::default();
    assert_eq!(other.status(&pack, first), LabStatus::Available);
}

#[test]
fn a_started_locked_lab_shows_in_progress_and_comes_next() {
    let pack = fixture_pack();
    let second = pack.lab("second").unwrap();
    let mut progress = Progress::default();
    progress.record_open(&pack.id, "second", Path::new("/w2"), 1);
    assert_eq!(progress.status(&pack, second), LabStatus::InProgress);
    assert_eq!(progress.next_lab(&pack).unwrap().id, "second");
}
