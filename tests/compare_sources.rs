//! `compare` on the sources beside Docker inspect data: a page served over
//! HTTP, a workspace file, git at a revision; and what the lab file may
//! write (one source a side, a known `op`) and what a compare waits for.
//! Against a real server in a container, real files and real git.

mod common;
use common::*;

use std::path::Path;

use opslab::pack::{CheckSpec, Pack, Wait};

fn compare(left: &str, right: &str, extra: &str) -> String {
    format!("id = \"t\"\nkind = \"compare\"\nleft = {left}\nright = {right}\n{extra}\n")
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A busybox web server serving `folder`, published on a free port of
/// 127.0.0.1: the guard and the port.
fn serve(folder: &Path) -> (Cleanup, u16) {
    let name = unique("httpd");
    let volume = format!("{}:/www:ro", folder.display());
    let guard = run_container(
        &name,
        &["-p", "127.0.0.1::80", "-v", &volume],
        &["httpd", "-f", "-p", "80", "-h", "/www"],
    );
    let published = docker(&["port", &name, "80/tcp"]);
    let port = published
        .lines()
        .next()
        .and_then(|l| l.rsplit(':').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("a published port in {published:?}"));
    (guard, port)
}

#[test]
fn the_served_page_equals_site_index_html_in_the_workspace_and_at_head() {
    let page = "<html>\n<h1>Old</h1>\n</html>\n";
    let served = tempfile::tempdir().unwrap();
    write(served.path(), "index.html", page);
    let (_server, port) = serve(served.path());
    let repo = git_repo();
    let ws = repo.path();
    write(ws, "site/index.html", page);
    git(ws, &["add", "."]);
    git(ws, &["commit", "-qm", "site"]);

    let url = format!("{{ http = \"http://127.0.0.1:{port}/\" }}");
    let current = compare(&url, "{ file = \"site/index.html\" }", "within = \"1s\"");
    let committed = compare(
        &url,
        "{ git = \"HEAD\", path = \"site/index.html\" }",
        "within = \"1s\"",
    );
    // The server may take a moment to start: the first check waits for it.
    let waited = compare(&url, "{ file = \"site/index.html\" }", "within = \"10s\"");
    assert_passed(&outcome_in(&waited, ws));
    assert_passed(&outcome_in(&current, ws));
    assert_passed(&outcome_in(&committed, ws));

    // The learner edits the page but the server still serves the old one.
    write(ws, "site/index.html", "<html>\n<h1>New</h1>\n</html>\n");
    let (expected, actual) = assert_failed(&outcome_in(&current, ws));
    assert_eq!(
        expected,
        format!("the page at http://127.0.0.1:{port}/ equal to `site/index.html`")
    );
    assert_eq!(
        actual,
        format!("the page at http://127.0.0.1:{port}/ holds `<html>` ... (3 lines); `site/index.html` holds `<html>` ... (3 lines); they first differ at line 2: `<h1>Old</h1>` against `<h1>New</h1>`")
    );
    assert_passed(&outcome_in(&committed, ws));
    git(ws, &["commit", "-qam", "new title"]);
    let (_, actual) = assert_failed(&outcome_in(&committed, ws));
    assert!(
        actual.contains("`site/index.html` at `HEAD` holds `<html>` ... (3 lines)"),
        "{actual}"
    );

    // The server catches up.
    write(
        served.path(),
        "index.html",
        "<html>\n<h1>New</h1>\n</html>\n",
    );
    assert_passed(&outcome_in(&current, ws));
    assert_passed(&outcome_in(&committed, ws));
}

#[test]
fn a_page_that_is_not_there_fails_with_the_http_words() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "x");
    // Port 1 on loopback: nothing listens there.
    let check = compare(
        "{ http = \"http://127.0.0.1:1/\" }",
        "{ file = \"a.txt\" }",
        "within = \"200ms\"",
    );
    let (_, actual) = assert_failed(&outcome_in(&check, dir.path()));
    assert_eq!(actual, "nothing is listening on 127.0.0.1:1");
}

#[test]
fn a_revision_reads_as_its_commit_id_and_a_file_at_it_as_its_text() {
    let repo = git_repo();
    let ws = repo.path();
    write(ws, "VERSION", "1.4.2\n");
    git(ws, &["add", "."]);
    git(ws, &["commit", "-qm", "first"]);
    let head = git(ws, &["rev-parse", "HEAD"]);
    let deployed = compare("{ file = \"deployed.txt\" }", "{ git = \"main\" }", "");
    write(ws, "deployed.txt", &format!("{head}\n"));
    assert_passed(&outcome_in(&deployed, ws));
    write(
        ws,
        "deployed.txt",
        "0123456789abcdef0123456789abcdef01234567\n",
    );
    let (_, actual) = assert_failed(&outcome_in(&deployed, ws));
    assert_eq!(
        actual,
        format!("`deployed.txt` holds `0123456789abcdef0123456789abcdef01234567`; the commit `main` names is `{head}`")
    );

    let version = compare(
        "{ git = \"HEAD\", path = \"VERSION\" }",
        "{ value = \"1.4.2\" }",
        "",
    );
    assert_passed(&outcome_in(&version, ws));
    let newer = compare(
        "{ git = \"HEAD\", path = \"VERSION\" }",
        "{ value = \"1.4.2\" }",
        "op = \"different\"",
    );
    let (_, actual) = assert_failed(&outcome_in(&newer, ws));
    assert_eq!(actual, "`VERSION` at `HEAD` holds `1.4.2`");

    let missing = compare(
        "{ git = \"HEAD\", path = \"nope.txt\" }",
        "{ value = \"x\" }",
        "",
    );
    let (_, actual) = assert_failed(&outcome_in(&missing, ws));
    assert!(
        actual.starts_with("`nope.txt` is not at `HEAD` ("),
        "{actual}"
    );
    let no_rev = compare("{ git = \"v9\" }", "{ value = \"x\" }", "");
    let (_, actual) = assert_failed(&outcome_in(&no_rev, ws));
    assert!(
        actual.starts_with("no branch, tag or commit `v9`"),
        "{actual}"
    );
}

#[test]
fn a_document_query_compares_with_a_literal_list_as_a_set() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "compose.yaml",
        "services:\n  web: { image: nginx }\n  db: { image: postgres }\n",
    );
    let check = |list: &str| {
        compare(
            "{ file = \"compose.yaml\", query = \"services.*.image\" }",
            &format!("{{ value = {list} }}"),
            "op = \"same_set\"",
        )
    };
    assert_passed(&outcome_in(&check("[\"postgres\", \"nginx\"]"), dir.path()));
    let (_, actual) = assert_failed(&outcome_in(&check("[\"nginx\", \"redis\"]"), dir.path()));
    assert_eq!(
        actual,
        "only in `services.*.image` in `compose.yaml`: `postgres`; only in the list: `redis`"
    );
    let plain = compare(
        "{ file = \"compose.yaml\", query = \"services.cache.image\" }",
        "{ value = \"redis\" }",
        "",
    );
    let (_, actual) = assert_failed(&outcome_in(&plain, dir.path()));
    assert_eq!(
        actual,
        "nothing at `services.cache.image` in `compose.yaml`: `services` has no key `cache` (its keys: db, web)"
    );
}

#[test]
fn a_state_file_holding_show_text_is_never_told_to_receive_a_redirect() {
    let dir = tempfile::tempdir().unwrap();
    let check = compare(
        "{ file = \"terraform.tfstate\", query = \"version\" }",
        "{ value = 4 }",
        "",
    );
    write(dir.path(), "terraform.tfstate", "{\"version\": 4}");
    assert_passed(&outcome_in(&check, dir.path()));
    write(
        dir.path(),
        "terraform.tfstate",
        "# aws_s3_bucket.logs:\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"x\"\n}\n",
    );
    let outcome = outcome_in(&check, dir.path());
    let (_, actual) = assert_failed(&outcome);
    assert_eq!(
        actual,
        "not JSON: it looks like the output of `terraform show`"
    );
    let shown = format!("{outcome:?}");
    assert!(!shown.contains("> terraform.tfstate"), "{shown}");
    assert!(shown.contains("restore it from its backup"), "{shown}");
}

#[test]
fn each_side_must_name_exactly_one_source_and_op_must_be_known() {
    let err = parse_error(&compare("{ file = \"a\" }", "{ }", ""));
    assert!(
        err.contains("check `t` (compare): ") && err.contains("`right`: names no source"),
        "{err}"
    );
    let err = parse_error("id = \"t\"\nkind = \"compare\"\nleft = { file = \"a\" }\n");
    assert!(err.contains("`right` is missing"), "{err}");
    let err = parse_error(&compare(
        "{ container = \"web\", image = \"app:1\" }",
        "{ value = 1 }",
        "",
    ));
    assert!(
        err.contains("`left`: names more than one source (`container` and `image`)"),
        "{err}"
    );
    let err = parse_error(&compare(
        "{ file = \"a\" }",
        "{ value = 1 }",
        "op = \"bigger\"",
    ));
    assert!(err.contains("bigger") && err.contains("same_set"), "{err}");
    let err = parse_error(&compare(
        "{ file = \"a\", colour = 1 }",
        "{ value = 1 }",
        "",
    ));
    assert!(err.contains("colour"), "{err}");
    let err = parse_error(&compare(
        "{ git = \"HEAD\", query = \"x\" }",
        "{ value = 1 }",
        "",
    ));
    assert!(err.contains("`query` does not go with `git`"), "{err}");
    let err = parse_error(&compare(
        "{ http = \"http://10.0.0.1/\" }",
        "{ value = 1 }",
        "",
    ));
    assert!(err.contains("not this machine"), "{err}");
}

#[test]
fn a_compare_waits_for_the_existence_checks_of_what_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "pack.toml",
        "format = 1\nid = \"cmp\"\ntitle = \"Cmp\"\nversion = \"0.1.0\"\n\n[[stage]]\nid = \"s\"\ntitle = \"S\"\n",
    );
    for sub in ["starter", "solution"] {
        write(root, &format!("lab/{sub}/README.md"), "lab\n");
    }
    write(root, "lab/brief.md", "# Lab\n");
    write(
        root,
        "lab/lab.toml",
        r#"id = "lab"
title = "Lab"
stage = "s"
summary = "x"
minutes = 1

[[check]]
id = "web"
kind = "container.exists"
container = "web"

[[check]]
id = "app"
kind = "image.exists"
image = "app:1"

[[check]]
id = "answers"
kind = "file.exists"
path = "answers.txt"

[[check]]
id = "current"
kind = "compare"
left = { container = "web", query = "Image" }
right = { image = "app:1", query = "Id" }

[[check]]
id = "ip"
kind = "compare"
left = { file = "answers.txt" }
right = { value = "172.18.0.3" }
"#,
    );
    let pack = Pack::from_dir(root).unwrap_or_else(|e| panic!("{e}"));
    let lab = &pack.labs[0];
    let needs = |id: &str| -> Vec<(String, Wait)> {
        let check = lab.checks.iter().find(|c| c.id == id).unwrap();
        assert!(matches!(check.spec, CheckSpec::Compare(_)));
        check
            .needs
            .iter()
            .map(|n| (n.check.clone(), n.when))
            .collect()
    };
    assert_eq!(
        needs("current"),
        vec![
            ("web".to_string(), Wait::UnlessPassed),
            ("app".to_string(), Wait::UnlessPassed)
        ]
    );
    assert_eq!(
        needs("ip"),
        vec![("answers".to_string(), Wait::UnlessPassed)]
    );
    let current = lab.checks.iter().find(|c| c.id == "current").unwrap();
    assert_eq!(
        current.title,
        "container `web`'s `Image` equal to image `app:1`'s `Id`"
    );
}

#[test]
fn every_example_of_compare_in_the_docs_loads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut loaded = Vec::new();
    for page in ["docs/checks/compare.md", "docs/pack-format.md"] {
        let text = std::fs::read_to_string(root.join(page)).unwrap();
        for block in text.split("```toml\n").skip(1) {
            let block = block.split("```").next().unwrap_or("");
            let Ok(table) = toml::from_str::<toml::Table>(block) else {
                continue;
            };
            let Some(toml::Value::Array(checks)) = table.get("check") else {
                continue;
            };
            for check in checks {
                if check.get("kind").and_then(|k| k.as_str()) != Some("compare") {
                    continue;
                }
                let check: opslab::pack::Check = check
                    .clone()
                    .try_into()
                    .unwrap_or_else(|e| panic!("{page}: an example does not load: {e}\n{block}"));
                loaded.push(check.id);
            }
        }
    }
    for id in [
        "current-image",
        "ip",
        "state-fresh",
        "slimmer",
        "rebuilt",
        "deployed",
    ] {
        assert!(loaded.iter().any(|l| l == id), "example `{id}` loads");
    }
    assert_eq!(loaded.iter().filter(|l| *l == "current-image").count(), 2);
}
