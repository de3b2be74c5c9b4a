//! The log checks read the log as a stream, line by line: a container that
//! logged tens of megabytes still gets the right verdict (the match at the
//! very end is found, counts are exact), and a line longer than the 1 MiB
//! kept per line is judged on its start. Peak memory on a 1 GB log is
//! measured in `benches/safety_docker.rs`.

mod common;

use common::*;

/// A container that ran `script` with `sh -c` and has exited.
fn logged(script: &str) -> (String, Cleanup) {
    let name = unique("logs");
    let guard = run_container(&name, &[], &["sh", "-c", script]);
    docker(&["wait", &name]);
    (name, guard)
}

fn logs_check(container: &str, fields: &str) -> String {
    format!("id = \"t\"\nkind = \"container.logs\"\ncontainer = \"{container}\"\n{fields}")
}

#[test]
fn a_large_log_is_matched_to_its_last_line_with_exact_counts() {
    // 50 MB of 1000-character lines, then a cut line ended by `echo`, then
    // the line the check looks for.
    let (name, _c) = logged("yes $(printf %01000d 0) | head -c 50000000; echo; echo THE-END");
    assert_passed(&outcome(&logs_check(&name, "pattern = \"^THE-END$\"")));

    let lines = 50_000_000 / 1001 + 2;
    let (_, actual) = assert_failed(&outcome(&logs_check(&name, "pattern = \"NEVER\"")));
    assert_eq!(
        actual,
        format!("container `{name}` logged {lines} lines, 0 matching /NEVER/")
    );
    let (_, actual) = assert_failed(&outcome(&logs_check(
        &name,
        "pattern = \"^THE-END$\"\nat_least = 2",
    )));
    assert!(actual.ends_with("1 matching /^THE-END$/"), "{actual}");

    let json = format!("id = \"t\"\nkind = \"container.logs_json\"\ncontainer = \"{name}\"");
    let (_, actual) = assert_failed(&outcome(&json));
    assert!(actual.starts_with("line 1 is not JSON"), "{actual}");
}

#[test]
fn a_line_longer_than_a_mebibyte_is_judged_on_its_start() {
    let (name, _c) = logged(
        r#"printf '{"level":"info","message":"'; head -c 3000000 /dev/zero | tr '\0' x; echo '"}'; echo after"#,
    );
    assert_passed(&outcome(&logs_check(
        &name,
        "pattern = '^\\{\"level\":\"info\",\"message\":\"x{1000}'",
    )));
    assert_passed(&outcome(&logs_check(&name, "pattern = \"^after$\"")));

    let json = format!(
        "id = \"t\"\nkind = \"container.logs_json\"\ncontainer = \"{name}\"\nfields = [\"level\"]"
    );
    let (_, actual) = assert_failed(&outcome(&json));
    assert!(
        actual.starts_with("line 1 is longer than 1 MiB"),
        "{actual}"
    );
}
