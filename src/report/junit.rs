//! JUnit XML, the report format CI systems (GitHub Actions, GitLab CI,
//! Jenkins) show as test results: one test suite per lab run or per
//! student, one test case per check. Built with `quick-junit`, which
//! escapes the learner's text and writes the schema CI tools read.

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use super::rows::{CheckRow, Status};

/// One test suite: its name (a lab id, or a student), properties shown on
/// the suite (the commit graded, the folder) and its checks.
pub struct Suite<'a> {
    pub name: &'a str,
    /// The class name of every test case: the lab id.
    pub class: &'a str,
    pub properties: Vec<(String, String)>,
    pub rows: &'a [CheckRow],
}

/// The suite as `quick-junit` builds it: a check that passed is a success;
/// one that failed a failure whose message is `expected: …; found: …`;
/// one that could not run an error; a waiting or skipped check is
/// skipped with its reason. Each case's evidence is its system-out, one
/// item a line.
pub fn suite(suite: &Suite) -> TestSuite {
    let mut out = TestSuite::new(suite.name);
    for (name, value) in &suite.properties {
        out.add_property(Property::new(name.as_str(), value.as_str()));
    }
    out.add_test_cases(suite.rows.iter().map(|row| case(row, suite.class)));
    out
}

fn case(row: &CheckRow, class: &str) -> TestCase {
    let mut status = match row.status {
        Status::Passed => TestCaseStatus::success(),
        Status::Failed => TestCaseStatus::non_success(NonSuccessKind::Failure),
        Status::Error => TestCaseStatus::non_success(NonSuccessKind::Error),
        Status::Waiting | Status::Skipped => TestCaseStatus::skipped(),
    };
    match row.status {
        Status::Passed => {}
        Status::Failed => {
            status.set_message(format!("expected: {}; found: {}", row.expected, row.found));
            status.set_type("failed");
            let mut text = format!("expected: {}\nfound:    {}", row.expected, row.found);
            if let Some(hint) = &row.hint {
                text.push_str(&format!("\nhint:     {hint}"));
            }
            status.set_description(text);
        }
        Status::Error => {
            status.set_message(format!("could not run: {}", row.found));
            status.set_type("could not run");
        }
        Status::Waiting | Status::Skipped => {
            status.set_message(row.found.as_str());
        }
    }
    let mut case = TestCase::new(format!("{}: {}", row.check, row.title), status);
    case.set_classname(class);
    case.set_time(row.elapsed);
    case.add_property(Property::new("check", row.check.as_str()));
    case.add_property(Property::new("time", row.time.as_str()));
    if !row.evidence.is_empty() {
        case.set_system_out(row.evidence_text());
    }
    case
}

/// The whole XML document named `name` holding `suites`.
pub fn document(
    name: &str,
    suites: Vec<TestSuite>,
) -> Result<Vec<u8>, quick_junit::SerializeError> {
    let mut report = Report::new(name);
    report.add_test_suites(suites);
    let mut bytes = Vec::new();
    report.serialize(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Evidence;
    use std::time::Duration;

    fn row(status: Status) -> CheckRow {
        CheckRow {
            check: "has-file".into(),
            title: "The <file> & co".into(),
            status,
            expected: "a file".into(),
            found: "nothing".into(),
            hint: None,
            time: "2026-11-29T16:00:00Z".into(),
            elapsed: Duration::from_millis(3),
            evidence: vec![Evidence::new("file a", "type", "absent")],
        }
    }

    #[test]
    fn a_failed_check_is_a_failure_naming_expected_and_found_with_escaped_text() {
        let rows = [row(Status::Passed), row(Status::Failed)];
        let s = suite(&Suite {
            name: "alice",
            class: "lab",
            properties: vec![("commit".into(), "abc".into())],
            rows: &rows,
        });
        let xml = String::from_utf8(document("grade", vec![s]).unwrap()).unwrap();
        assert!(xml.contains("tests=\"2\""), "{xml}");
        assert!(xml.contains("failures=\"1\""), "{xml}");
        assert!(
            xml.contains("message=\"expected: a file; found: nothing\""),
            "{xml}"
        );
        assert!(xml.contains("The &lt;file&gt; &amp; co"), "{xml}");
        assert!(xml.contains("file a · type: absent"), "{xml}");
        assert!(xml.contains("name=\"commit\" value=\"abc\""), "{xml}");
    }
}
