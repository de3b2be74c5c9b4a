//! A class in miniature for the grading tests: a pack whose lab has
//! repository checks and Docker/HTTP checks, student repositories made
//! with the real git, a snapshot of a folder's every byte, and a JUnit
//! reader.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;

const PACK: &str = r#"format = 1
id = "class-pack"
title = "Class pack"
version = "1.0.0"

[[stage]]
id = "basics"
title = "Basics"
"#;

const LAB: &str = r#"id = "ship"
title = "Ship the site"
stage = "basics"
summary = "Write README.md and a Dockerfile that runs as app, commit them with conventional messages."
minutes = 5
hints = ["Write README.md and Dockerfile, then commit."]

[[check]]
id = "readme"
kind = "file.exists"
path = "README.md"

[[check]]
id = "from"
kind = "file.matches"
path = "Dockerfile"
pattern = "(?m)^FROM "

[[check]]
id = "user"
kind = "dockerfile.user"

[[check]]
id = "history"
kind = "git.commits"
at_least = 2

[[check]]
id = "clean"
kind = "git.clean"

[[check]]
id = "messages"
kind = "git.commit_message"
scope = "all"
pattern = "^(feat|fix|docs|chore): .+"

[[check]]
id = "web-running"
kind = "container.running"
container = "ship-web"

[[check]]
id = "web-answers"
kind = "http.get"
port = 18999
path = "/"
body = "ship"
within = "1s"
"#;

/// Writes the pack into `dir` and returns its folder.
pub fn class_pack(dir: &Path) -> PathBuf {
    let pack = dir.join("pack");
    let lab = pack.join("ship");
    fs::create_dir_all(lab.join("starter")).unwrap();
    fs::write(pack.join("pack.toml"), PACK).unwrap();
    fs::write(lab.join("lab.toml"), LAB).unwrap();
    fs::write(
        lab.join("brief.md"),
        "# Ship the site\n\nWrite README.md and a Dockerfile; run `ship-web`.\n",
    )
    .unwrap();
    fs::write(lab.join("starter/.keep"), "").unwrap();
    fs::create_dir_all(lab.join("solution")).unwrap();
    fs::write(
        lab.join("solution/README.md"),
        "Commit README.md and a Dockerfile with USER app.\n",
    )
    .unwrap();
    pack
}

/// The real git, shut off from the user's config.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Process::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Student")
        .env("GIT_AUTHOR_EMAIL", "student@example.com")
        .env("GIT_COMMITTER_NAME", "Student")
        .env("GIT_COMMITTER_EMAIL", "student@example.com")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A student repository in `dir/name`: one that passes every repository
/// check, or (`good` false) one whose Dockerfile runs as root and whose
/// second commit message is not conventional. Returns its folder.
pub fn student(dir: &Path, name: &str, good: bool) -> PathBuf {
    let repo = dir.join(name);
    fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    fs::write(repo.join("README.md"), format!("# {name}'s site\n")).unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-qm", "docs: add the readme"]);
    let user = if good { "USER app\n" } else { "" };
    fs::write(
        repo.join("Dockerfile"),
        format!("FROM opslab/base:1\n{user}CMD [\"httpd\"]\n"),
    )
    .unwrap();
    git(&repo, &["add", "."]);
    let message = if good {
        "feat: add the Dockerfile"
    } else {
        "stuff"
    };
    git(&repo, &["commit", "-qm", message]);
    repo
}

/// `opslab` with its own home, data and settings under `home`.
pub fn opslab(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_opslab"));
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("OPSLAB_HOME", home.join("labs"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .write_stdin("");
    cmd
}

/// Every entry under `dir` (`.git` included): its kind, mode, size,
/// modification time and bytes (a link's target).
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (String, u32, i64, i64, Vec<u8>)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            let (kind, bytes) = if meta.is_dir() {
                stack.push(path.clone());
                ("dir", Vec::new())
            } else if meta.file_type().is_symlink() {
                (
                    "link",
                    fs::read_link(&path)
                        .unwrap()
                        .into_os_string()
                        .into_encoded_bytes(),
                )
            } else {
                ("file", fs::read(&path).unwrap())
            };
            let rel = path.strip_prefix(dir).unwrap().to_path_buf();
            let mode = meta.permissions().mode();
            out.insert(
                rel,
                (
                    kind.to_string(),
                    mode,
                    meta.size() as i64,
                    meta.mtime_nsec() + meta.mtime() * 1_000_000_000,
                    bytes,
                ),
            );
        }
    }
    out
}

/// A JUnit document's test suites, as (name, properties, test cases), each
/// test case (name, outcome: `passed`/`failure`/`error`/`skipped`,
/// message, system-out). Panics when the XML is not well formed.
pub fn junit(xml: &str) -> Vec<Suite> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut suites: Vec<Suite> = Vec::new();
    let mut in_out = false;
    let mut depth_case = false;
    loop {
        let event = reader.read_event().expect("well-formed JUnit XML");
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name.as_bytes())
                        .map(|a| {
                            a.decoded_and_normalized_value(
                                quick_xml::XmlVersion::Implicit1_0,
                                reader.decoder(),
                            )
                            .unwrap()
                            .into_owned()
                        })
                        .unwrap_or_default()
                };
                match e.name().as_ref() {
                    b"testsuite" => suites.push(Suite {
                        name: attr("name"),
                        ..Suite::default()
                    }),
                    b"testcase" => {
                        depth_case = true;
                        suites.last_mut().unwrap().cases.push(Case {
                            name: attr("name"),
                            outcome: "passed".into(),
                            ..Case::default()
                        });
                    }
                    b"failure" | b"error" | b"skipped" => {
                        let case = suites.last_mut().unwrap().cases.last_mut().unwrap();
                        case.outcome = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                        case.message = attr("message");
                    }
                    b"property" => {
                        let suite = suites.last_mut().unwrap();
                        if !depth_case {
                            suite.properties.insert(attr("name"), attr("value"));
                        }
                    }
                    b"system-out" => in_out = true,
                    _ => {}
                }
            }
            Event::Text(t) if in_out => {
                let case = suites.last_mut().unwrap().cases.last_mut().unwrap();
                case.out.push_str(&t.decode().unwrap());
            }
            Event::GeneralRef(r) if in_out => {
                let case = suites.last_mut().unwrap().cases.last_mut().unwrap();
                let name = r.decode().unwrap();
                case.out.push_str(match name.as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    _ => "'",
                });
            }
            Event::End(e) => match e.name().as_ref() {
                b"system-out" => in_out = false,
                b"testcase" => depth_case = false,
                _ => {}
            },
            _ => {}
        }
    }
    suites
}

#[derive(Debug, Default)]
pub struct Suite {
    pub name: String,
    pub properties: BTreeMap<String, String>,
    pub cases: Vec<Case>,
}

#[derive(Debug, Default)]
pub struct Case {
    pub name: String,
    pub outcome: String,
    pub message: String,
    pub out: String,
}
