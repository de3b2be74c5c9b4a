//! What writers leave behind: killed at any moment they leave a whole
//! progress file and at most one temporary file, which the next write
//! removes; old temporary files are cleaned; and a `progress.json` that is
//! a symlink (dotfiles) stays a symlink while its target is updated.

mod progress_support;

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant, SystemTime};

use opslab::progress::ProgressStore;
use progress_support::*;

/// A small xorshift generator: kill moments that differ from run to run
/// without a dependency.
struct Moments(u64);

impl Moments {
    fn new() -> Moments {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        Moments(u64::from(nanos) ^ u64::from(std::process::id()) << 32 | 1)
    }

    /// A moment in `0..=limit`.
    fn below(&mut self, limit: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        limit.mul_f64((self.0 % 10_000) as f64 / 10_000.0)
    }
}

fn spawn(learner: &Learner, args: &[&str]) -> Child {
    learner
        .opslab(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("opslab starts")
}

/// How long one recording command takes here, start to end.
fn lifetime(learner: &Learner) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            learner.run_expecting(&["check", "first-file"], 1);
            started.elapsed()
        })
        .max()
        .unwrap()
}

#[test]
fn writers_killed_at_random_moments_leave_a_whole_file_and_no_pile_of_temporaries() {
    let learner = Learner::new();
    learner.run_expecting(&["start", "first-file"], 0);
    let limit = lifetime(&learner);
    let store = ProgressStore::at(learner.progress_file());
    let mut moments = Moments::new();
    let mut killed_while_running = 0;
    for round in 0..100 {
        let mut children = vec![
            spawn(&learner, &["check", "first-file"]),
            spawn(&learner, &["hint", "first-file"]),
            spawn(&learner, &["check", "first-file"]),
            spawn(&learner, &["hint", "first-file"]),
        ];
        for child in &mut children {
            std::thread::sleep(moments.below(limit / 4));
            if child.try_wait().unwrap().is_none() {
                killed_while_running += 1;
            }
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
        }
        let temporaries = temporaries_in(&learner.data_dir());
        assert!(temporaries.len() <= 1, "round {round}: {temporaries:?}");
        let progress = store.inspect();
        assert!(
            matches!(progress, Ok(Some(_))),
            "round {round}: {progress:?}"
        );
    }
    // Most kills must land while opslab runs, or this proves nothing.
    eprintln!("{killed_while_running} of 400 kills landed while opslab ran");
    assert!(killed_while_running >= 120, "{killed_while_running} of 400");
    learner.run_expecting(&["hint", "first-file"], 0);
    assert_eq!(
        files_in(&learner.data_dir()),
        ["progress.json", "progress.json.lock"]
    );
}

fn aged(path: &Path, age: Duration) {
    std::fs::write(path, b"{\"half\": ").unwrap();
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - age).unwrap();
}

#[test]
fn temporary_files_of_earlier_builds_are_removed_once_a_minute_old() {
    let learner = Learner::new();
    learner.run_expecting(&["start", "first-file"], 0);
    let data = learner.data_dir();
    aged(
        &data.join(".progress.a1B2c3.tmp"),
        Duration::from_secs(3600),
    );
    aged(&data.join(".progress.Zz9y8x.tmp"), Duration::from_secs(120));
    aged(&data.join(".progress.fresh1.tmp"), Duration::from_secs(1));
    aged(&data.join("notes.tmp"), Duration::from_secs(3600));

    learner.run_expecting(&["hint", "first-file"], 0);
    assert_eq!(
        files_in(&data),
        [
            ".progress.fresh1.tmp",
            "notes.tmp",
            "progress.json",
            "progress.json.lock"
        ]
    );
}

/// A dotfiles folder holding the real file, and the data folder's
/// `progress.json` a symlink to it (`link` is the text of the link).
fn symlinked(learner: &Learner, link: &Path) -> std::path::PathBuf {
    let dotfiles = learner.path("dotfiles/opslab");
    std::fs::create_dir_all(&dotfiles).unwrap();
    std::fs::create_dir_all(learner.data_dir()).unwrap();
    std::os::unix::fs::symlink(link, learner.progress_file()).unwrap();
    dotfiles.join("progress.json")
}

fn assert_still_a_link(learner: &Learner, link: &Path) {
    let meta = std::fs::symlink_metadata(learner.progress_file()).unwrap();
    assert!(meta.file_type().is_symlink(), "replaced by a plain file");
    assert_eq!(std::fs::read_link(learner.progress_file()).unwrap(), link);
    assert_eq!(files_in(&learner.data_dir()), ["progress.json"]);
}

#[test]
fn a_symlinked_progress_file_stays_a_symlink_and_its_target_is_updated() {
    let learner = Learner::new();
    let link = Path::new("../../dotfiles/opslab/progress.json");
    let target = symlinked(&learner, link);
    // The target does not exist yet: the first write creates it.
    learner.run_expecting(&["start", "first-file"], 0);
    learner.run_expecting(&["check", "first-file"], 1);
    learner.run_expecting(&["hint", "first-file"], 0);

    assert_still_a_link(&learner, link);
    let lab = learner.lab_progress("first-file");
    assert_eq!(lab["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(lab["hints_used"], 1);
    assert_eq!(
        files_in(target.parent().unwrap()),
        ["progress.json", "progress.json.lock"]
    );
}

#[test]
fn a_chain_of_absolute_symlinks_is_followed_to_the_file() {
    let learner = Learner::new();
    let target = learner.path("dotfiles/opslab/progress.json");
    let middle = learner.path("middle.json");
    std::os::unix::fs::symlink(&target, &middle).unwrap();
    symlinked(&learner, &middle);
    learner.run_expecting(&["start", "first-file"], 0);
    learner.run_expecting(&["hint", "first-file"], 0);

    assert_still_a_link(&learner, &middle);
    assert!(std::fs::symlink_metadata(&middle)
        .unwrap()
        .file_type()
        .is_symlink());
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.contains("\"hints_used\": 1"), "{text}");
}

#[test]
fn a_damaged_symlinked_file_is_moved_aside_beside_its_target() {
    let learner = Learner::new();
    let link = Path::new("../../dotfiles/opslab/progress.json");
    let target = symlinked(&learner, link);
    std::fs::write(&target, b"{\"packs\": [1, 2").unwrap();

    let out = learner.run_expecting(&["hint", "first-file"], 0);
    assert!(text(&out.stderr).contains("was damaged"));
    assert_still_a_link(&learner, link);
    assert_eq!(learner.lab_progress("first-file")["hints_used"], 1);
    let names = files_in(target.parent().unwrap());
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names[1].starts_with("progress.json.corrupt-"), "{names:?}");
}
