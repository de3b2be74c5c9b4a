//! Shared pieces of the workspace tests: a learner with throwaway folders
//! running the real binary, packs generated on the spot, and a record of a
//! folder tree to prove nothing in it changed.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A learner's machine in miniature: its own home, data, settings and
/// workspace root, and a git shut off from the user's configuration.
pub struct Learner {
    pub home: tempfile::TempDir,
}

impl Learner {
    pub fn new() -> Learner {
        Learner {
            home: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.home.path().join(rel)
    }

    /// The workspace root (`OPSLAB_HOME`).
    pub fn root(&self) -> PathBuf {
        self.path("labs")
    }

    pub fn workspace(&self, lab: &str) -> PathBuf {
        self.root().join(lab)
    }

    /// `opslab --pack PACK ARGS...` with this learner's folders.
    pub fn opslab(&self, pack: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_opslab"));
        cmd.env_clear().envs(self.env());
        cmd.arg("--pack").arg(pack).args(args).write_stdin("");
        cmd
    }

    /// The same, as a plain process (to be killed half-way).
    pub fn process(&self, pack: &Path, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_opslab"));
        cmd.env_clear()
            .envs(self.env())
            .arg("--pack")
            .arg(pack)
            .args(args);
        cmd
    }

    fn env(&self) -> Vec<(String, String)> {
        let home = self.home.path().display().to_string();
        [
            ("HOME", home.clone()),
            ("PATH", std::env::var("PATH").unwrap_or_default()),
            ("XDG_DATA_HOME", format!("{home}/data")),
            ("XDG_CONFIG_HOME", format!("{home}/config")),
            ("OPSLAB_HOME", format!("{home}/labs")),
            ("GIT_CONFIG_GLOBAL", "/dev/null".into()),
            ("GIT_CONFIG_NOSYSTEM", "1".into()),
            ("GIT_AUTHOR_NAME", "Test Learner".into()),
            ("GIT_AUTHOR_EMAIL", "learner@example.com".into()),
            ("GIT_COMMITTER_NAME", "Test Learner".into()),
            ("GIT_COMMITTER_EMAIL", "learner@example.com".into()),
            ("NO_COLOR", "1".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }
}

/// A fixture pack under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Writes a one-lab pack to `dir`: lab `lab` whose starter holds `files`
/// (relative path, content) and whose checks ask for `notes.txt` and a
/// clean working tree.
pub fn one_lab_pack(dir: &Path, lab: &str, files: &[(String, Vec<u8>)]) {
    write(
        &dir.join("pack.toml"),
        b"format = 1\nid = \"ws-fixture\"\ntitle = \"Workspace tests\"\nversion = \"0.1.0\"\n\n[[stage]]\nid = \"only\"\ntitle = \"Only\"\n",
    );
    let lab_toml = format!(
        "id = \"{lab}\"\ntitle = \"Generated lab\"\nstage = \"only\"\nsummary = \"A generated lab.\"\nminutes = 5\n\n\
         [[check]]\nid = \"notes\"\nkind = \"file.exists\"\npath = \"notes.txt\"\n\n\
         [[check]]\nid = \"clean\"\nkind = \"git.clean\"\n"
    );
    write(&dir.join(lab).join("lab.toml"), lab_toml.as_bytes());
    write(
        &dir.join(lab).join("brief.md"),
        b"# Generated lab\n\nWrite notes.txt and commit it.\n",
    );
    write(&dir.join(lab).join("solution/notes.txt"), b"notes\n");
    for (rel, bytes) in files {
        write(&dir.join(lab).join("starter").join(rel), bytes);
    }
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Everything under `dir`, without following links: each path with its
/// kind, permission bits and content (or link target).
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, (String, u32, Vec<u8>)> {
    let mut all = BTreeMap::new();
    walk(dir, dir, &mut all);
    all
}

fn walk(base: &Path, dir: &Path, all: &mut BTreeMap<PathBuf, (String, u32, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        let mode = meta.permissions().mode();
        let rel = path.strip_prefix(base).unwrap().to_path_buf();
        if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&path).unwrap();
            all.insert(
                rel,
                (
                    "link".into(),
                    mode,
                    target.into_os_string().into_encoded_bytes(),
                ),
            );
        } else if meta.is_dir() {
            all.insert(rel, ("dir".into(), mode, Vec::new()));
            walk(base, &path, all);
        } else {
            all.insert(rel, ("file".into(), mode, std::fs::read(&path).unwrap()));
        }
    }
}

/// The hidden build folders of starts in `root`.
pub fn leftovers(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".opslab-start-")
        })
        .collect()
}

/// Runs git in `dir` with no user configuration; returns standard output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
