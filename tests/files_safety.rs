//! Workspace files that are not what a check expects: FIFOs and other
//! special files, links that lead out of the workspace, very large files,
//! documents over the size limit, and Windows line ends. Real files in
//! temporary workspaces.

mod common;

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use common::{assert_failed, assert_passed, outcome_in};
use opslab::verify::Outcome;

fn check(dir: &Path, body: &str) -> Outcome {
    outcome_in(&format!("id = \"t\"\n{body}"), dir)
}

/// Runs the check on another thread and gives up after `limit`: a check
/// that blocks on a FIFO never returns.
fn check_within(dir: &Path, body: &str, limit: Duration) -> Outcome {
    let (tx, rx) = mpsc::channel();
    let (dir, owned) = (dir.to_path_buf(), body.to_string());
    std::thread::spawn(move || {
        let _ = tx.send(check(&dir, &owned));
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("the check did not end within {limit:?}: {body}"))
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

fn hint(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Failed { hint, .. } => hint.clone().unwrap_or_default(),
        other => panic!("expected a failure, got {other:#?}"),
    }
}

#[test]
fn a_fifo_at_a_checked_path_is_refused_without_hanging() {
    let ws = tempfile::tempdir().unwrap();
    mkfifo(&ws.path().join("notes.txt"));
    mkfifo(&ws.path().join("Dockerfile"));
    mkfifo(&ws.path().join("app.yaml"));
    for (body, path) in [
        (
            "kind = \"file.matches\"\npath = \"notes.txt\"\npattern = 'x'",
            "notes.txt",
        ),
        (
            "kind = \"file.not_matches\"\npath = \"notes.txt\"\npattern = 'x'",
            "notes.txt",
        ),
        ("kind = \"dockerfile.user\"", "Dockerfile"),
        (
            "kind = \"file.query\"\npath = \"app.yaml\"\nquery = \"a\"\nequals = 1",
            "app.yaml",
        ),
    ] {
        let outcome = check_within(ws.path(), body, Duration::from_secs(15));
        let (_, actual) = assert_failed(&outcome);
        assert_eq!(
            actual,
            format!("`{path}` is a FIFO (named pipe), not a regular file")
        );
        assert!(hint(&outcome).contains("regular file"), "{outcome:?}");
    }
}

#[test]
fn a_device_behind_a_link_is_refused() {
    let ws = tempfile::tempdir().unwrap();
    // /dev/zero is outside the workspace: the link is refused before its
    // type matters. A link inside the workspace to a FIFO is refused for
    // being a FIFO.
    std::os::unix::fs::symlink("/dev/zero", ws.path().join("zero.txt")).unwrap();
    let outcome = check_within(
        ws.path(),
        "kind = \"file.matches\"\npath = \"zero.txt\"\npattern = 'x'",
        Duration::from_secs(15),
    );
    let (_, actual) = assert_failed(&outcome);
    assert!(actual.contains("leads outside the workspace"), "{actual}");

    mkfifo(&ws.path().join("pipe"));
    std::os::unix::fs::symlink("pipe", ws.path().join("linked.txt")).unwrap();
    let outcome = check_within(
        ws.path(),
        "kind = \"file.matches\"\npath = \"linked.txt\"\npattern = 'x'",
        Duration::from_secs(15),
    );
    let (_, actual) = assert_failed(&outcome);
    assert!(actual.contains("is a FIFO"), "{actual}");
}

#[test]
fn links_are_followed_only_inside_the_workspace() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "password = hunter2\n").unwrap();
    let ws = tempfile::tempdir().unwrap();
    std::fs::write(ws.path().join("real.txt"), "password = hunter2\n").unwrap();
    std::os::unix::fs::symlink("real.txt", ws.path().join("inside.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), ws.path().join("out.txt"))
        .unwrap();
    // A folder link on the way out counts too.
    std::os::unix::fs::symlink(outside.path(), ws.path().join("config")).unwrap();

    assert_passed(&check(
        ws.path(),
        "kind = \"file.matches\"\npath = \"inside.txt\"\npattern = 'hunter2'",
    ));
    for path in ["out.txt", "config/secret.txt"] {
        let outcome = check(
            ws.path(),
            &format!("kind = \"file.matches\"\npath = \"{path}\"\npattern = 'hunter2'"),
        );
        let (_, actual) = assert_failed(&outcome);
        assert!(
            actual.starts_with(&format!("`{path}` leads outside the workspace")),
            "{actual}"
        );
        assert!(hint(&outcome).contains("copy of the file"), "{outcome:?}");
    }
}

/// A file of `size` bytes, sparse (zeros) but for `tail` at its end.
fn large_file(path: &Path, size: u64, tail: &str) {
    let mut file = File::create(path).unwrap();
    file.set_len(size).unwrap();
    file.seek(SeekFrom::Start(size)).unwrap();
    file.write_all(tail.as_bytes()).unwrap();
}

#[test]
fn a_64_mib_file_is_streamed_to_its_last_line() {
    let ws = tempfile::tempdir().unwrap();
    let size = 64 * 1024 * 1024;
    large_file(
        &ws.path().join("big.log"),
        size,
        "\nfirst\nstatus: READY\r\nlast\n",
    );
    assert_passed(&check(
        ws.path(),
        "kind = \"file.matches\"\npath = \"big.log\"\npattern = '(?m)^status: READY$'",
    ));
    let (_, actual) = assert_failed(&check(
        ws.path(),
        "kind = \"file.not_matches\"\npath = \"big.log\"\npattern = 'READY'",
    ));
    assert_eq!(actual, "line 3 matches: status: READY");
    let (_, actual) = assert_failed(&check(
        ws.path(),
        "kind = \"file.matches\"\npath = \"big.log\"\npattern = 'NEVER'",
    ));
    assert!(actual.contains("(4 lines)"), "{actual}");
}

#[test]
fn a_document_over_16_mib_is_refused_with_the_limit() {
    let ws = tempfile::tempdir().unwrap();
    large_file(&ws.path().join("big.yaml"), 17 * 1024 * 1024, "\na: 1\n");
    large_file(
        &ws.path().join("Dockerfile"),
        17 * 1024 * 1024,
        "\nFROM alpine\n",
    );
    for body in [
        "kind = \"file.query\"\npath = \"big.yaml\"\nquery = \"a\"\nequals = 1",
        "kind = \"dockerfile.stages\"\nat_least = 1",
    ] {
        let (_, actual) = assert_failed(&check(ws.path(), body));
        assert!(actual.contains("is 17.0 MiB"), "{actual}");
        assert!(actual.contains("up to 16 MiB"), "{actual}");
    }
}

#[test]
fn crlf_line_ends_are_line_ends_in_every_text_check() {
    let ws = tempfile::tempdir().unwrap();
    let dockerfile = "FROM alpine:3.20 AS build\nRUN make\n\nFROM alpine:3.20\nUSER app\nEXPOSE 8080\nHEALTHCHECK CMD wget -q -O- http://localhost:8080/ || exit 1\n";
    std::fs::write(
        ws.path().join("Dockerfile"),
        dockerfile.replace('\n', "\r\n"),
    )
    .unwrap();
    std::fs::write(ws.path().join("lf.Dockerfile"), dockerfile).unwrap();
    std::fs::write(ws.path().join(".dockerignore"), ".git\r\ntarget/\r\n").unwrap();
    std::fs::write(ws.path().join("app.yaml"), "name: web\r\nport: 8080\r\n").unwrap();
    for path in ["Dockerfile", "lf.Dockerfile"] {
        for body in [
            "kind = \"file.matches\"\npattern = '(?m)^EXPOSE 8080$'",
            "kind = \"file.matches\"\npattern = 'USER app\\n'",
            "kind = \"file.not_matches\"\npattern = '\\r'",
            "kind = \"dockerfile.user\"",
            "kind = \"dockerfile.healthcheck\"",
            "kind = \"dockerfile.stages\"\nat_least = 2",
            "kind = \"dockerfile.base\"\nimage = '^alpine:3\\.20$'",
        ] {
            let outcome = check(ws.path(), &format!("{body}\npath = \"{path}\""));
            assert!(outcome.is_passed(), "{path}: {body}: {outcome:?}");
        }
    }
    assert_passed(&check(
        ws.path(),
        "kind = \"dockerfile.dockerignore\"\nentries = [\".git\", \"target\"]",
    ));
    assert_passed(&check(
        ws.path(),
        "kind = \"file.query\"\npath = \"app.yaml\"\nquery = \"name\"\nmatches = '^web$'",
    ));
}
