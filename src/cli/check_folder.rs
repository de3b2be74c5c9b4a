//! `opslab check LAB --workspace DIR`: check a folder opslab did not
//! create (a student's clone, a CI checkout). Nothing is written into the
//! folder and no progress is recorded; the only file written is the JUnit
//! report `--junit` names.

use std::path::{Path, PathBuf};

use super::check::{details, exit_for, run_checks};
use super::paint::Paint;
use super::session::load_pack;
use super::{block_on, CliError, Exit};
use crate::pack::{Lab, Pack};
use crate::report::{document, suite, utc_time, write_atomically, CheckRow, Suite};
use crate::verify::Report;

/// What `check --workspace` was asked to do.
pub struct FolderCheck<'a> {
    pub pack: Option<&'a Path>,
    pub lab: &'a str,
    pub folder: &'a Path,
    pub json: bool,
    /// Show each check's evidence under it (text output).
    pub explain: bool,
    pub junit: Option<&'a Path>,
}

/// Runs the lab's checks on the folder and prints the report; exits 0 when
/// every check passes, 1 when some fail, 2 when some could not run.
pub fn run(ask: FolderCheck) -> Result<Exit, CliError> {
    let pack = load_pack(ask.pack)?;
    let lab = pack.find(ask.lab).map_err(CliError::UnknownLab)?;
    let folder = folder(ask.folder)?;
    let report = block_on(run_checks(lab, folder.clone()))?;
    if let Some(file) = ask.junit {
        write_junit(file, &pack, lab, &folder, &report)?;
    }
    if ask.json {
        super::check::print_json(&pack.id, &folder, &report)?;
    } else {
        print!(
            "{}",
            as_text(lab, &folder, &report, ask.explain, Paint::stdout())
        );
    }
    Ok(exit_for(&report))
}

/// The folder, made absolute, or a usage error when it is not a folder.
fn folder(given: &Path) -> Result<PathBuf, CliError> {
    if !given.is_dir() {
        return Err(CliError::Usage(format!(
            "{} is not a folder; give --workspace the folder to check, such as `--workspace .` in a clone of the repository",
            given.display()
        )));
    }
    Ok(std::path::absolute(given).unwrap_or_else(|_| given.to_path_buf()))
}

fn write_junit(
    file: &Path,
    pack: &Pack,
    lab: &Lab,
    folder: &Path,
    report: &Report,
) -> Result<(), CliError> {
    let time = utc_time();
    let rows: Vec<CheckRow> = report
        .results
        .iter()
        .map(|r| CheckRow::from_result(r, &time))
        .collect();
    let one = suite(&Suite {
        name: &lab.id,
        class: &lab.id,
        properties: vec![
            ("pack".into(), pack.id.clone()),
            ("workspace".into(), folder.display().to_string()),
            ("time".into(), time.clone()),
        ],
        rows: &rows,
    });
    let io = |what: String| move |source| CliError::Io { what, source };
    let bytes = document(&format!("opslab check {}", lab.id), vec![one])
        .map_err(|e| std::io::Error::other(e.to_string()))
        .map_err(io(format!("build the JUnit report for {}", file.display())))?;
    write_atomically(file, &bytes).map_err(io(format!(
        "write the JUnit report {} (does its folder exist?)",
        file.display()
    )))
}

fn as_text(lab: &Lab, folder: &Path, report: &Report, explain: bool, paint: Paint) -> String {
    let mut out = format!(
        "{} ({}) in {}\n",
        paint.bold(&lab.title),
        lab.id,
        folder.display()
    );
    for result in &report.results {
        out.push_str(&format!(
            "  {} {}\n",
            paint.mark(&result.outcome),
            result.title
        ));
        out.push_str(&details(&result.outcome));
        if explain {
            out.push_str(&paint.evidence(&result.evidence));
        }
    }
    out.push_str(&format!(
        "\n{} of {} checks pass",
        report.passed(),
        report.results.len()
    ));
    if report.failed() > 0 {
        out.push_str(&format!(", {} fail", report.failed()));
    }
    if report.errors() > 0 {
        out.push_str(&format!(", {} could not run", report.errors()));
    }
    if report.waiting() > 0 {
        out.push_str(&format!(", {} wait for checks they need", report.waiting()));
    }
    out.push_str(".\n");
    out
}
