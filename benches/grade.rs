//! Grading a class: 200 generated student repositories of 50 commits each
//! (git2, in a temporary folder), graded on 6 repository checks, side by
//! side in one run with 1, 2 and 4 workers (`opslab::report::grade`), then
//! as a whole `opslab grade` process writing its CSV and JUnit reports.
//!
//! Run with `cargo bench --bench grade` (`-- --quick`: 40 repositories,
//! one round). Results: docs/benchmarks.md. Target: at most 5 s for the
//! 200 repositories on a 2-core machine.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use git2::{IndexAddOption, Repository, Signature};
use opslab::pack::Pack;
use opslab::report::{grade, StudentFolder};

const COMMITS: usize = 50;

const LAB: &str = r#"id = "ship"
title = "Ship the site"
stage = "basics"
summary = "Commit README.md and a Dockerfile that runs as app, with conventional messages and no key."
minutes = 5
hints = ["Commit README.md and Dockerfile."]

[[check]]
id = "readme"
kind = "file.exists"
path = "README.md"

[[check]]
id = "user"
kind = "dockerfile.user"

[[check]]
id = "history"
kind = "git.commits"
at_least = 50

[[check]]
id = "clean"
kind = "git.clean"

[[check]]
id = "messages"
kind = "git.commit_message"
scope = "all"
pattern = "^(feat|fix|docs|chore): .+"

[[check]]
id = "no-keys"
kind = "git.no_secret"
"#;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (students, rounds) = if quick { (40, 1) } else { (200, 3) };
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = write_pack(dir.path());
    let made = Instant::now();
    let folders: Vec<StudentFolder> = (0..students)
        .map(|i| {
            let name = format!("student-{i:03}");
            let path = dir.path().join("class").join(&name);
            make_student(&path, i);
            StudentFolder { name, path }
        })
        .collect();
    println!(
        "generated {students} repositories of {COMMITS} commits in {:.1} s",
        made.elapsed().as_secs_f64()
    );
    let pack = Pack::from_dir(&pack).unwrap_or_else(|e| panic!("bench pack: {e}"));
    let lab = pack.find("ship").expect("lab ship");

    println!("\n{students} repositories x 6 checks, median of {rounds} (in-process):");
    let mut medians = Vec::new();
    for jobs in [1, 2, 4] {
        let times = (0..rounds)
            .map(|_| {
                let started = Instant::now();
                let grading = grade(lab, &folders, jobs).expect("grading runs");
                let elapsed = started.elapsed();
                assert_eq!(grading.students.len(), students);
                let failed: Vec<_> = grading
                    .students
                    .iter()
                    .filter(|s| s.passed() != 6)
                    .map(|s| (&s.name, &s.problem, &s.rows))
                    .collect();
                assert!(failed.is_empty(), "every student passes: {failed:?}");
                elapsed
            })
            .collect::<Vec<_>>();
        let m = median(times);
        println!(
            "  {jobs} worker{}: {:>6.2} s",
            if jobs == 1 { " " } else { "s" },
            m.as_secs_f64()
        );
        medians.push(m);
    }
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "  speed-up: 2 workers {:.2}x, 4 workers {:.2}x (of 1 worker)",
        ratio(medians[0], medians[1]),
        ratio(medians[0], medians[2])
    );

    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_opslab"))
        .current_dir(dir.path())
        .arg("--pack")
        .arg(dir.path().join("pack"))
        .args(["grade", "--lab", "ship", "--jobs", "2", "--all-in", "class"])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("opslab runs");
    let whole = started.elapsed();
    assert!(status.success(), "opslab grade: {status}");
    let rows = csv::Reader::from_path(dir.path().join("grade.csv"))
        .expect("grade.csv")
        .records()
        .count();
    println!(
        "\n`opslab grade --jobs 2` (process, CSV and JUnit written): {:.2} s, {} CSV rows",
        whole.as_secs_f64(),
        rows
    );
    let target = if quick {
        "(quick run: no target)"
    } else if whole <= Duration::from_secs(5) {
        "within the 5 s target"
    } else {
        "OVER the 5 s target"
    };
    println!("{target}");
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn write_pack(dir: &Path) -> PathBuf {
    let pack = dir.join("pack");
    let lab = pack.join("ship");
    for sub in ["starter", "solution"] {
        fs::create_dir_all(lab.join(sub)).expect("pack folders");
        fs::write(lab.join(sub).join("README.md"), "Commit your work.\n").expect("pack file");
    }
    fs::write(
        pack.join("pack.toml"),
        "format = 1\nid = \"bench-class\"\ntitle = \"Bench class\"\nversion = \"1.0.0\"\n\n[[stage]]\nid = \"basics\"\ntitle = \"Basics\"\n",
    )
    .expect("pack.toml");
    fs::write(lab.join("lab.toml"), LAB).expect("lab.toml");
    fs::write(
        lab.join("brief.md"),
        "# Ship the site\n\nCommit README.md and a Dockerfile.\n",
    )
    .expect("brief");
    pack
}

/// A repository of [`COMMITS`] commits: README.md and a Dockerfile first,
/// then a growing `notes/log.txt` and one more file per commit. The
/// commits are built in the object database (no index per commit); the
/// working tree and index are written once, at the end, as a checkout
/// leaves them.
fn make_student(path: &Path, seed: usize) {
    let repo = Repository::init(path).expect("git init");
    let who = Signature::now("Student", "student@example.com").expect("signature");
    let readme = format!("# Site {seed}\n");
    let dockerfile = "FROM opslab/base:1\nUSER app\nCMD [\"httpd\"]\n";
    // Each note's name, text and blob: a blob is written once, when its
    // text changes.
    let mut notes: Vec<(String, String, git2::Oid)> = Vec::new();
    let mut log = String::new();
    let mut parent: Option<git2::Oid> = None;
    for i in 0..COMMITS {
        if i > 0 {
            log.push_str(&format!("step {i} of student {seed}\n"));
            notes.retain(|(name, _, _)| name != "log.txt");
            let step = format!("{seed}-{i}\n");
            let blob = |text: &str| repo.blob(text.as_bytes()).expect("blob");
            notes.push(("log.txt".into(), log.clone(), blob(&log)));
            notes.push((format!("step-{i:02}.txt"), step.clone(), blob(&step)));
        }
        let mut sub = repo.treebuilder(None).expect("tree builder");
        for (name, _, blob) in &notes {
            sub.insert(name, *blob, 0o100644).expect("insert");
        }
        let mut root = repo.treebuilder(None).expect("tree builder");
        let blob = |text: &str| repo.blob(text.as_bytes()).expect("blob");
        root.insert("README.md", blob(&readme), 0o100644)
            .expect("insert");
        root.insert("Dockerfile", blob(dockerfile), 0o100644)
            .expect("insert");
        if !notes.is_empty() {
            root.insert("notes", sub.write().expect("tree"), 0o040000)
                .expect("insert");
        }
        let tree = repo.find_tree(root.write().expect("tree")).expect("tree");
        let parents: Vec<git2::Commit> = parent
            .iter()
            .map(|p| repo.find_commit(*p).expect("parent"))
            .collect();
        let refs: Vec<&git2::Commit> = parents.iter().collect();
        let kind = ["feat", "fix", "docs", "chore"][i % 4];
        let message = format!("{kind}: step {i}");
        let id = repo
            .commit(Some("HEAD"), &who, &who, &message, &tree, &refs)
            .expect("commit");
        parent = Some(id);
    }
    fs::create_dir_all(path.join("notes")).expect("notes folder");
    fs::write(path.join("README.md"), &readme).expect("readme");
    fs::write(path.join("Dockerfile"), dockerfile).expect("dockerfile");
    for (name, text, _) in &notes {
        fs::write(path.join("notes").join(name), text).expect("note");
    }
    let mut index = repo.index().expect("index");
    index
        .add_all(["*"], IndexAddOption::DEFAULT, None)
        .expect("git add");
    index.write().expect("index write");
}
