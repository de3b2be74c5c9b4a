//! What `opslab grade` writes: the CSV and JUnit reports (atomically) and
//! the summary table on standard output.

use std::path::Path;
use std::time::Duration;

use super::CliError;
use crate::report::{
    document, grade_csv, suite, write_atomically, CheckRow, Grading, Status, Student, Suite,
};
use crate::words::{count, count_as};

/// Writes the CSV to `csv` and the JUnit XML to `junit`, each whole or not
/// at all.
pub fn write_reports(grading: &Grading, csv: &Path, junit: &Path) -> Result<(), CliError> {
    let failed = |what: &str, file: &Path| {
        let what = format!(
            "write the {what} {} (does its folder exist?)",
            file.display()
        );
        move |source| CliError::Io { what, source }
    };
    let table = grade_csv(grading).map_err(|e| std::io::Error::other(e.to_string()));
    table
        .and_then(|bytes| write_atomically(csv, &bytes))
        .map_err(failed("CSV report", csv))?;
    let suites = grading
        .students
        .iter()
        .map(|s| student_suite(grading, s))
        .collect();
    document(&format!("opslab grade {}", grading.lab), suites)
        .map_err(|e| std::io::Error::other(e.to_string()))
        .and_then(|bytes| write_atomically(junit, &bytes))
        .map_err(failed("JUnit report", junit))
}

/// One student's test suite: a test case per check, or one error case
/// saying why the folder could not be graded.
fn student_suite(grading: &Grading, student: &Student) -> quick_junit::TestSuite {
    let problem;
    let rows: &[CheckRow] = match &student.problem {
        Some(why) => {
            problem = [CheckRow {
                check: "repository".into(),
                title: "a git repository opslab can read".into(),
                status: Status::Error,
                expected: String::new(),
                found: why.clone(),
                hint: None,
                time: String::new(),
                elapsed: Duration::ZERO,
                evidence: Vec::new(),
            }];
            &problem
        }
        None => &student.rows,
    };
    let mut properties = vec![("path".into(), student.path.display().to_string())];
    if let Some(commit) = &student.commit {
        properties.push(("commit".into(), commit.clone()));
    }
    suite(&Suite {
        name: &student.name,
        class: &grading.lab,
        properties,
        rows,
    })
}

/// The table on standard output: a line per student with the checks
/// passed of those graded, the commit graded and any problem; then the
/// checks not run and where the reports are.
pub fn summary(grading: &Grading, csv: &Path, junit: &Path) -> String {
    let width = grading
        .students
        .iter()
        .map(|s| s.name.chars().count())
        .chain([7])
        .max()
        .unwrap_or(7);
    let mut out = format!("{:<width$}  passed  commit\n", "student");
    for s in &grading.students {
        let score = format!("{}/{}", s.passed(), s.graded());
        let commit = s.commit.as_deref().map_or("-", |c| c.get(..7).unwrap_or(c));
        let note = s
            .problem
            .as_deref()
            .map(|p| format!("  {p}"))
            .unwrap_or_default();
        out.push_str(&format!("{:<width$}  {score:<6}  {commit}{note}\n", s.name));
    }
    if !grading.skipped.is_empty() {
        out.push_str(&format!(
            "\nNot graded ({}; run `opslab check` where they can):\n",
            count(grading.skipped.len(), "check")
        ));
        for s in &grading.skipped {
            out.push_str(&format!("  {}: {}\n", s.check, s.why));
        }
    }
    let unread = grading
        .students
        .iter()
        .filter(|s| s.problem.is_some())
        .count();
    let graded = count_as(
        grading.students.len() - unread,
        "repository",
        "repositories",
    );
    let also = match unread {
        0 => String::new(),
        n => format!(
            ", {} could not be graded (its error row says why)",
            count_as(n, "folder", "folders")
        ),
    };
    out.push_str(&format!(
        "\n{graded} graded{also}. Reports: {} and {}\n",
        csv.display(),
        junit.display()
    ));
    out
}
