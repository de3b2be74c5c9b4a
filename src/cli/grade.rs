//! `opslab grade --lab L REPO...`: grade a class. Runs the lab's
//! repository and file checks over many student repositories in parallel,
//! without writing into them, and writes CSV and JUnit XML with each
//! check's evidence (commit, file hashes, time).

use std::path::{Path, PathBuf};

use super::grade_output::{summary, write_reports};
use super::session::load_pack;
use super::{CliError, Exit};
use crate::report::{grade, StudentFolder};

/// What `opslab grade` was asked to do.
pub struct GradeAsk<'a> {
    pub pack: Option<&'a Path>,
    pub lab: &'a str,
    pub repos: Vec<PathBuf>,
    pub all_in: Option<PathBuf>,
    pub csv: PathBuf,
    pub junit: PathBuf,
    /// Repositories read at a time; `None`: one per core.
    pub jobs: Option<usize>,
}

/// Grades the class and writes both reports; exits 0 when every student
/// passes every graded check, 1 otherwise, 2 when nothing could be graded
/// (an unknown lab, no repositories, a report that cannot be written).
pub fn run(ask: GradeAsk) -> Result<Exit, CliError> {
    let pack = load_pack(ask.pack)?;
    let lab = pack.find(ask.lab).map_err(CliError::UnknownLab)?;
    let folders = students(&ask.repos, ask.all_in.as_deref())?;
    let jobs = ask.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
    });
    let grading = grade(lab, &folders, jobs).map_err(CliError::Runtime)?;
    write_reports(&grading, &ask.csv, &ask.junit)?;
    print!("{}", summary(&grading, &ask.csv, &ask.junit));
    let all_passed = grading
        .students
        .iter()
        .all(|s| s.problem.is_none() && s.passed() == s.graded());
    Ok(if all_passed {
        Exit::Success
    } else {
        Exit::Failed
    })
}

/// The folders to grade: those given, then every folder in `all_in` (by
/// name, hidden ones left out). Each is named by its folder name, or by
/// its path as given when two share a name.
fn students(repos: &[PathBuf], all_in: Option<&Path>) -> Result<Vec<StudentFolder>, CliError> {
    let mut paths: Vec<PathBuf> = repos.to_vec();
    if let Some(dir) = all_in {
        paths.extend(folders_in(dir)?);
    }
    if paths.is_empty() {
        return Err(CliError::Usage(
            "no repositories to grade: name them (`opslab grade --lab LAB alice/ bob/`) or give a folder of them with `--all-in DIR`".into(),
        ));
    }
    let name_of = |p: &Path| {
        std::path::absolute(p)
            .ok()
            .and_then(|a| a.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| p.display().to_string())
    };
    let names: Vec<String> = paths.iter().map(|p| name_of(p)).collect();
    Ok(paths
        .iter()
        .zip(&names)
        .map(|(path, name)| {
            let shared = names.iter().filter(|n| *n == name).count() > 1;
            StudentFolder {
                name: if shared {
                    path.display().to_string()
                } else {
                    name.clone()
                },
                path: path.clone(),
            }
        })
        .collect())
}

fn folders_in(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let entries = std::fs::read_dir(dir).map_err(|source| CliError::Io {
        what: format!(
            "read the folder of repositories {} (--all-in)",
            dir.display()
        ),
        source,
    })?;
    let mut out: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    Ok(out)
}
