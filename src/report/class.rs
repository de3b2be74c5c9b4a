//! Grading a class: a lab's repository and file checks run over many
//! student repositories on a bounded pool, without writing into any of
//! them. Each student's rows carry the commit graded, the hash of every
//! file a check read and the time.

use std::io;
use std::path::{Path, PathBuf};

use futures::StreamExt;
use serde::Serialize;

use super::files::{file_hash, files_read};
use super::rows::{utc_time, CheckRow, Evidence, Status};
use super::scope::{repository_checks, Skipped};
use crate::pack::Lab;
use crate::verify::{verify, Context, Outcome, Report};

/// A student's repository to grade: a name for the reports (usually the
/// folder's name) and its folder.
#[derive(Clone, Debug)]
pub struct StudentFolder {
    pub name: String,
    pub path: PathBuf,
}

/// One student's grade.
#[derive(Clone, Debug, Serialize)]
pub struct Student {
    pub name: String,
    pub path: PathBuf,
    /// The full id of the commit HEAD was at, or `None` when the
    /// repository has no commit (or could not be read).
    pub commit: Option<String>,
    /// Why the folder could not be graded at all (not a git repository,
    /// unreadable); its `rows` are then empty.
    pub problem: Option<String>,
    /// One row per check of the lab, in the lab's order; the checks
    /// grading does not run are `skipped`.
    pub rows: Vec<CheckRow>,
}

impl Student {
    /// How many checks passed, of those graded (skipped ones left out).
    pub fn passed(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.status == Status::Passed)
            .count()
    }

    /// How many checks were graded (skipped ones left out).
    pub fn graded(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.status != Status::Skipped)
            .count()
    }
}

/// A whole class's grades.
#[derive(Clone, Debug, Serialize)]
pub struct Grading {
    pub lab: String,
    /// The lab's checks grading does not run, and why.
    pub skipped: Vec<Skipped>,
    /// In the order the folders were given.
    pub students: Vec<Student>,
}

/// Grades every folder on `lab`'s repository and file checks, `jobs`
/// repositories' checks at a time (at least 1). Only reads the folders.
/// Errors only when the worker pool cannot start.
pub fn grade(lab: &Lab, folders: &[StudentFolder], jobs: usize) -> io::Result<Grading> {
    let jobs = jobs.max(1);
    let (kept, skipped) = repository_checks(lab);
    // git and file reads run on the blocking pool: its size is the number
    // of checks that read at the same time.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(jobs)
        .max_blocking_threads(jobs)
        .enable_all()
        .build()?;
    let students = runtime.block_on(
        futures::stream::iter(folders.iter().map(|f| grade_one(lab, &kept, &skipped, f)))
            .buffered(jobs * 2)
            .collect::<Vec<_>>(),
    );
    Ok(Grading {
        lab: lab.id.clone(),
        skipped,
        students,
    })
}

async fn grade_one(lab: &Lab, kept: &Lab, skipped: &[Skipped], folder: &StudentFolder) -> Student {
    let time = utc_time();
    let mut student = Student {
        name: folder.name.clone(),
        path: folder.path.clone(),
        commit: None,
        problem: None,
        rows: Vec::new(),
    };
    if !folder.path.is_dir() {
        student.problem = Some(format!("{} is not a folder", folder.path.display()));
        return student;
    }
    let ctx = Context::without_docker(folder.path.clone());
    match crate::verify::git::read_at(&ctx, None, "HEAD", None, "a commit").await {
        Ok(id) => student.commit = Some(id),
        Err(Outcome::Failed { actual, .. }) if actual.starts_with("no git repository") => {
            student.problem = Some(format!("not a git repository: {actual}"));
            return student;
        }
        Err(Outcome::Error { why }) => {
            student.problem = Some(why);
            return student;
        }
        // A repository without a commit yet: its checks say so.
        Err(_) => {}
    }
    let report = verify(kept, &ctx).await;
    let hashes = hashes_of(kept, &folder.path).await;
    student.rows = rows(lab, &report, skipped, &student, &hashes, &time);
    student
}

/// For each kept check (by index), the hash evidence of the files it reads.
async fn hashes_of(kept: &Lab, repo: &Path) -> Vec<Vec<Evidence>> {
    let paths: Vec<Vec<_>> = kept
        .checks
        .iter()
        .map(|c| files_read(&c.spec).into_iter().cloned().collect())
        .collect();
    let repo = repo.to_path_buf();
    tokio::task::spawn_blocking(move || {
        paths
            .iter()
            .map(|files| files.iter().map(|f| file_hash(&repo, f)).collect())
            .collect()
    })
    .await
    .unwrap_or_default()
}

fn rows(
    lab: &Lab,
    report: &Report,
    skipped: &[Skipped],
    student: &Student,
    hashes: &[Vec<Evidence>],
    time: &str,
) -> Vec<CheckRow> {
    let commit = Evidence::new(
        "repository",
        "HEAD commit",
        student.commit.as_deref().unwrap_or("(no commit)"),
    );
    let checked = Evidence::new("grading", "time", time);
    let mut out = Vec::with_capacity(lab.checks.len());
    for check in &lab.checks {
        if let Some(s) = skipped.iter().find(|s| s.check == check.id) {
            out.push(CheckRow::skipped(check, s.why, time));
            continue;
        }
        let Some(i) = report.results.iter().position(|r| r.id == check.id) else {
            continue;
        };
        let mut row = CheckRow::from_result(&report.results[i], time);
        row.evidence.push(commit.clone());
        row.evidence
            .extend(hashes.get(i).cloned().unwrap_or_default());
        row.evidence.push(checked.clone());
        out.push(row);
    }
    out
}
