//! `dockerfile.instruction` and `dockerfile.order` against real Dockerfiles
//! in temporary workspaces: cache-friendly COPY order, multi-stage copies,
//! ADD of a URL, exec-form CMD, and comments that only mention instructions.

mod common;

use std::fs;
use std::path::Path;

use common::{assert_failed, assert_passed, outcome_in, parse_error};
use opslab::verify::Outcome;

fn run(dockerfile: &str, fields: &str) -> Outcome {
    let ws = tempfile::tempdir().unwrap();
    fs::write(ws.path().join("Dockerfile"), dockerfile).unwrap();
    run_in(ws.path(), fields)
}

fn run_in(ws: &Path, fields: &str) -> Outcome {
    outcome_in(&format!("id = \"c\"\n{fields}\n"), ws)
}

const ORDER: &str =
    "kind = \"dockerfile.order\"\nfirst = \"COPY requirements.txt .\"\nthen = \"COPY . .\"";

const CACHED: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";

#[test]
fn requirements_copied_before_the_code_passes_and_after_it_fails_naming_both_lines() {
    assert_passed(&run(CACHED, ORDER));
    let swapped = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n";
    let (expected, actual) = assert_failed(&run(swapped, ORDER));
    assert_eq!(
        expected,
        "in the final stage of `Dockerfile`, `COPY requirements.txt .` comes before `COPY . .`"
    );
    assert_eq!(
        actual,
        "`COPY requirements.txt .` (line 4: COPY requirements.txt .) comes after `COPY . .` (line 3: COPY . .)"
    );
}

#[test]
fn order_without_the_first_copy_says_it_is_missing() {
    let only_code = "FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\n";
    let (_, actual) = assert_failed(&run(only_code, ORDER));
    assert!(
        actual.starts_with("no `COPY requirements.txt .` in the final stage (FROM python:3.12-slim, line 1); its COPY instructions: line 2: COPY . ."),
        "{actual}"
    );
}

#[test]
fn a_comment_mentioning_copy_is_not_an_instruction() {
    let commented = "# syntax=docker/dockerfile:1\nFROM python:3.12-slim\n# COPY requirements.txt .\nCOPY . .\n# CMD [\"python\", \"app.py\"]\nCMD python app.py\n";
    let (_, actual) = assert_failed(&run(commented, ORDER));
    assert!(
        actual.starts_with("no `COPY requirements.txt .`"),
        "{actual}"
    );
    let exec = "kind = \"dockerfile.instruction\"\ninstruction = \"CMD\"\nform = \"exec\"";
    let (_, actual) = assert_failed(&run(commented, exec));
    assert_eq!(
        actual,
        "the CMD that takes effect is line 6: CMD python app.py (shell form)"
    );
}

#[test]
fn cmd_in_exec_form_passes_and_shell_form_fails_with_the_json_hint() {
    let exec = "kind = \"dockerfile.instruction\"\ninstruction = \"CMD\"\nform = \"exec\"";
    assert_passed(&run(CACHED, exec));
    let shell = CACHED.replace("CMD [\"python\", \"app.py\"]", "CMD python app.py");
    let outcome = run(&shell, exec);
    let (expected, actual) = assert_failed(&outcome);
    assert_eq!(
        expected,
        "the final stage of `Dockerfile` has `CMD` in exec form"
    );
    assert_eq!(
        actual,
        "the CMD that takes effect is line 6: CMD python app.py (shell form)"
    );
    assert!(format!("{outcome:?}").contains("JSON list"));
}

#[test]
fn entrypoint_plus_cmd_default_arguments() {
    let file = "FROM alpine:3.20\nENTRYPOINT [\"/app\"]\nCMD [\"--port\", \"8080\"]\n";
    let entry =
        "kind = \"dockerfile.instruction\"\ninstruction = 'ENTRYPOINT [\"/app\"]'\nform = \"exec\"";
    // CMD takes no flags: `--port` is its first operand.
    let args =
        "kind = \"dockerfile.instruction\"\ninstruction = \"CMD --port 8080\"\nform = \"exec\"";
    assert_passed(&run(file, entry));
    assert_passed(&run(file, args));
    let no_entry = "FROM alpine:3.20\nCMD [\"/app\", \"--port\", \"8080\"]\n";
    let (_, actual) = assert_failed(&run(no_entry, entry));
    assert_eq!(
        actual,
        "the final stage (FROM alpine:3.20, line 1) has no ENTRYPOINT"
    );
    let (_, actual) = assert_failed(&run(no_entry, args));
    assert_eq!(
        actual,
        "the CMD that takes effect is line 2: CMD [\"/app\", \"--port\", \"8080\"] (exec form)"
    );
}

const MULTI: &str = "FROM golang:1.22 AS builder\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n\nFROM scratch\nCOPY --from=builder /out/app /app\nENTRYPOINT [\"/app\"]\n";

#[test]
fn the_final_stage_copies_from_the_builder_and_a_single_stage_build_fails() {
    let from = "kind = \"dockerfile.instruction\"\ninstruction = \"COPY\"\nfrom = \"builder\"";
    assert_passed(&run(MULTI, from));
    // By index, the same stage.
    assert_passed(&run(&MULTI.replace("--from=builder", "--from=0"), from));
    let single = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n";
    let (expected, actual) = assert_failed(&run(single, from));
    assert_eq!(
        expected,
        "the final stage of `Dockerfile` has `COPY` copying from stage `builder`"
    );
    assert_eq!(actual, "its COPY instructions: line 3: COPY . .");
}

#[test]
fn a_named_stage_is_looked_in_and_a_missing_name_lists_the_stages() {
    let run_build = "kind = \"dockerfile.instruction\"\nstage = \"builder\"\ninstruction = \"RUN\"\nmatches = \"go build\"";
    assert_passed(&run(MULTI, run_build));
    let renamed = MULTI.replace("AS builder", "AS build");
    let (_, actual) = assert_failed(&run(&renamed, run_build));
    assert_eq!(
        actual,
        "no stage is named `builder`; the stages are `build` (line 1), an unnamed stage (line 6)"
    );
}

#[test]
fn no_add_of_a_url_passes_for_a_local_archive_and_fails_for_a_download() {
    let no_url = "kind = \"dockerfile.instruction\"\nstage = \"*\"\ninstruction = \"ADD\"\nmatches = '^https?://'\npresent = false";
    let local = "FROM alpine:3.20\nADD site.tar.gz /srv/\nCOPY nginx.conf /etc/nginx/\n";
    assert_passed(&run(local, no_url));
    let download = "FROM alpine:3.20 AS fetch\nADD https://example.com/site.tar.gz /srv/\nFROM alpine:3.20\nCOPY --from=fetch /srv /srv\n";
    let (expected, actual) = assert_failed(&run(download, no_url));
    assert_eq!(
        expected,
        "no stage of `Dockerfile` has `ADD` with arguments matching /^https?:///"
    );
    assert_eq!(
        actual,
        "found line 2: ADD https://example.com/site.tar.gz /srv/"
    );
}

#[test]
fn heredoc_bodies_and_continuations_are_read_as_the_parser_reads_them() {
    let file =
        "FROM alpine:3.20\nRUN <<EOF\nCOPY . .\nEOF\nCOPY requirements.txt \\\n  .\nCOPY . .\n";
    assert_passed(&run(file, ORDER));
}

#[test]
fn misspelt_instructions_and_misplaced_fields_are_refused_at_load() {
    let err =
        parse_error("id = \"c\"\nkind = \"dockerfile.instruction\"\ninstruction = \"COPPY . .\"\n");
    assert!(
        err.contains("\"COPPY\" is not a Dockerfile instruction"),
        "{err}"
    );
    let err = parse_error(
        "id = \"c\"\nkind = \"dockerfile.instruction\"\ninstruction = \"ADD\"\nform = \"exec\"\n",
    );
    assert!(
        err.contains("`form` applies to CMD, ENTRYPOINT and RUN"),
        "{err}"
    );
    let err = parse_error(
        "id = \"c\"\nkind = \"dockerfile.order\"\nfirst = \"COPY . .\"\nthen = \"COPY . .\"\n",
    );
    assert!(err.contains("name two different instructions"), "{err}");
}

#[test]
fn add_only_for_the_archive_passes_and_add_of_a_plain_file_fails() {
    let archives = "kind = \"dockerfile.instruction\"\nstage = \"*\"\ninstruction = \"ADD\"\nmatches = '^\\S+\\.(tar|tar\\.gz|tgz|tar\\.xz) '\nevery = true";
    let good = "FROM alpine:3.20\nADD site.tar.gz /srv/\nCOPY nginx.conf /etc/nginx/\n";
    assert_passed(&run(good, archives));
    let bad = "FROM alpine:3.20\nADD site.tar.gz /srv/\nADD nginx.conf /etc/nginx/\n";
    let outcome = run(bad, archives);
    let (expected, actual) = assert_failed(&outcome);
    assert_eq!(
        expected,
        "every ADD in `Dockerfile` has arguments matching /^\\S+\\.(tar|tar\\.gz|tgz|tar\\.xz) /"
    );
    assert_eq!(actual, "line 3: ADD nginx.conf /etc/nginx/ does not fit");
    assert!(format!("{outcome:?}").contains("use COPY for plain files"));
}

#[test]
fn the_final_stage_starts_from_scratch() {
    let scratch = "kind = \"dockerfile.base\"\nimage = '^scratch$'";
    assert_passed(&run(MULTI, scratch));
    let (_, actual) = assert_failed(&run(
        &MULTI.replace("FROM scratch", "FROM golang:1.22"),
        scratch,
    ));
    assert_eq!(actual, "the final stage (line 6) is built on `golang:1.22`");
}

#[test]
fn spellings_docker_reads_alike_fit_the_same_instruction() {
    let wanted = |instruction: &str| {
        format!("kind = \"dockerfile.instruction\"\ninstruction = \"{instruction}\"")
    };
    let file = "FROM alpine\nEXPOSE 80/tcp\nENV MODE prod\nWORKDIR \"/app\"\nUSER app:grp\n";
    assert_passed(&run(file, &wanted("EXPOSE 80")));
    assert_passed(&run(file, &wanted("ENV MODE=prod")));
    assert_passed(&run(file, &wanted("WORKDIR /app")));
    assert_passed(&run(file, &wanted("USER app")));
    let other = "FROM alpine\nEXPOSE 80/udp\nENV MODE dev\nWORKDIR \"/srv\"\nUSER app\n";
    let (_, actual) = assert_failed(&run(other, &wanted("EXPOSE 80")));
    assert_eq!(actual, "its EXPOSE instructions: line 2: EXPOSE 80/udp");
    assert_failed(&run(other, &wanted("ENV MODE=prod")));
    assert_failed(&run(other, &wanted("WORKDIR /app")));
    assert_failed(&run(other, &wanted("USER app:grp")));
}

#[test]
fn an_existing_instruction_that_does_not_match_is_named_to_be_changed_not_added_beside() {
    let run_build =
        "kind = \"dockerfile.instruction\"\ninstruction = \"RUN\"\nmatches = \"go build\"";
    assert_passed(&run("FROM golang\nRUN go build -o /app .\n", run_build));
    let outcome = run("FROM golang\nRUN go vet ./...\n", run_build);
    let (_, actual) = assert_failed(&outcome);
    assert_eq!(
        actual,
        "its RUN instructions: line 2: RUN go vet ./... (shell form)"
    );
    let shown = format!("{outcome:?}");
    assert!(
        shown.contains(
            "change line 2 of `Dockerfile` (`RUN go vet ./...`) so its arguments match /go build/"
        ),
        "{shown}"
    );
    assert!(!shown.contains("add `RUN`"), "{shown}");
    let cmd = "kind = \"dockerfile.instruction\"\ninstruction = \"CMD python app.py\"";
    let outcome = run("FROM python\nCMD python main.py\n", cmd);
    assert!(
        format!("{outcome:?}").contains("change line 2 of `Dockerfile` to `CMD python app.py`"),
        "{outcome:?}"
    );
}
