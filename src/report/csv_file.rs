//! The class's grades as CSV, one row per student and check, for a
//! spreadsheet: `student, check, status, expected, found, commit, time,
//! evidence`. A folder that could not be graded is one row saying why.

use super::class::Grading;

/// The column names, in order.
pub const HEADER: [&str; 8] = [
    "student", "check", "status", "expected", "found", "commit", "time", "evidence",
];

/// The CSV document (RFC 4180 quoting, by the `csv` crate). The evidence
/// column holds one `object · field: found` item a line.
pub fn grade_csv(grading: &Grading) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(HEADER)?;
    for student in &grading.students {
        let commit = student.commit.as_deref().unwrap_or("");
        if let Some(problem) = &student.problem {
            out.write_record([
                student.name.as_str(),
                "",
                "error",
                "a git repository opslab can read",
                problem,
                commit,
                "",
                "",
            ])?;
            continue;
        }
        for row in &student.rows {
            out.write_record([
                student.name.as_str(),
                &row.check,
                row.status.word(),
                &row.expected,
                &row.found,
                commit,
                &row.time,
                &row.evidence_text(),
            ])?;
        }
    }
    out.into_inner().map_err(|e| e.into_error().into())
}
