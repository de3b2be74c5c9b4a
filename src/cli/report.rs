//! `opslab report`: the learner's own progress in the pack in use (the
//! built-in one, or `--pack`), per lab: status, attempts, and the checks
//! of every started lab run now in its workspace (read-only, nothing
//! recorded), each with its evidence, as JSON and JUnit XML.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::check::run_checks;
use super::session::Session;
use super::{block_on, CliError, Exit};
use crate::pack::Lab;
use crate::progress::LabStatus;
use crate::report::{document, suite, utc_time, write_atomically, CheckRow, Status, Suite};

/// The whole report, as `--json` writes it.
#[derive(Serialize)]
pub struct ProgressReport {
    pub pack: String,
    pub pack_title: String,
    pub pack_version: String,
    /// When the report was made, RFC 3339 in UTC.
    pub time: String,
    pub labs: Vec<LabReport>,
}

/// One lab's progress and, when it is started, its checks as they are now.
#[derive(Serialize)]
pub struct LabReport {
    pub lab: String,
    pub title: String,
    pub status: LabStatus,
    pub attempts: usize,
    /// When the checks first all passed (unix seconds).
    pub first_pass: Option<u64>,
    /// When the checks last ran (unix seconds).
    pub last_attempt: Option<u64>,
    pub hints_used: usize,
    pub workspace: Option<PathBuf>,
    /// The checks run now; empty when the lab is not started or its
    /// workspace is gone (`note` says which).
    pub checks: Vec<CheckRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Builds the report, writes the files asked for and prints a summary.
pub fn run(session: &Session, json: Option<&Path>, junit: Option<&Path>) -> Result<Exit, CliError> {
    let report = ProgressReport {
        pack: session.pack.id.clone(),
        pack_title: session.pack.title.clone(),
        pack_version: session.pack.version.clone(),
        time: utc_time(),
        labs: session
            .pack
            .labs
            .iter()
            .map(|lab| lab_report(session, lab))
            .collect::<Result<_, _>>()?,
    };
    if let Some(file) = json {
        let bytes = serde_json::to_vec_pretty(&report).map_err(std::io::Error::from);
        bytes
            .and_then(|b| write_atomically(file, &b))
            .map_err(write_failed("JSON report", file))?;
    }
    if let Some(file) = junit {
        write_junit(&report, file)?;
    }
    print!("{}", as_text(&report));
    Ok(Exit::Success)
}

fn write_failed(what: &str, file: &Path) -> impl FnOnce(std::io::Error) -> CliError {
    let what = format!(
        "write the {what} {} (does its folder exist?)",
        file.display()
    );
    move |source| CliError::Io { what, source }
}

fn lab_report(session: &Session, lab: &Lab) -> Result<LabReport, CliError> {
    let record = session.progress.lab(&session.pack.id, &lab.id);
    let mut out = LabReport {
        lab: lab.id.clone(),
        title: lab.title.clone(),
        status: session.progress.status(&session.pack, lab),
        attempts: record.map_or(0, |r| r.attempts.len()),
        first_pass: record.and_then(|r| r.first_pass),
        last_attempt: record.and_then(|r| r.attempts.last()).map(|a| a.at),
        hints_used: record.map_or(0, |r| r.hints_used),
        workspace: None,
        checks: Vec::new(),
        note: None,
    };
    if !record.is_some_and(|r| r.started()) {
        out.note = Some("not started".into());
        return Ok(out);
    }
    let workspace = session.workspace(lab)?.path;
    out.workspace = Some(workspace.clone());
    if !workspace.is_dir() {
        out.note = Some(format!("its workspace {} is gone", workspace.display()));
        return Ok(out);
    }
    let time = utc_time();
    let results = block_on(run_checks(lab, workspace))?;
    out.checks = results
        .results
        .iter()
        .map(|r| CheckRow::from_result(r, &time))
        .collect();
    Ok(out)
}

fn write_junit(report: &ProgressReport, file: &Path) -> Result<(), CliError> {
    let suites = report
        .labs
        .iter()
        .filter(|lab| !lab.checks.is_empty())
        .map(|lab| {
            let name = format!("{}/{}", report.pack, lab.lab);
            let mut properties = vec![
                ("status".to_string(), lab.status.label().to_string()),
                ("attempts".to_string(), lab.attempts.to_string()),
            ];
            if let Some(w) = &lab.workspace {
                properties.push(("workspace".into(), w.display().to_string()));
            }
            suite(&Suite {
                name: &name,
                class: &lab.lab,
                properties,
                rows: &lab.checks,
            })
        })
        .collect();
    document(&format!("opslab report {}", report.pack), suites)
        .map_err(|e| std::io::Error::other(e.to_string()))
        .and_then(|bytes| write_atomically(file, &bytes))
        .map_err(write_failed("JUnit report", file))
}

fn as_text(report: &ProgressReport) -> String {
    let width = report
        .labs
        .iter()
        .map(|l| l.lab.chars().count())
        .chain([3])
        .max()
        .unwrap_or(3);
    let mut out = format!(
        "{} ({})\n{:<width$}  {:<11}  attempts  checks now\n",
        report.pack_title, report.pack, "lab", "status"
    );
    for lab in &report.labs {
        let now = match &lab.note {
            Some(note) => note.clone(),
            None => {
                let passed = lab.checks.iter().filter(|c| c.status == Status::Passed);
                format!("{}/{} pass", passed.count(), lab.checks.len())
            }
        };
        out.push_str(&format!(
            "{:<width$}  {:<11}  {:<8}  {now}\n",
            lab.lab,
            lab.status.label(),
            lab.attempts
        ));
    }
    out
}
