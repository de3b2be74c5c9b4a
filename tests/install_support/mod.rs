//! A learner's home for the install tests: `opslab` run with its own data,
//! config and workspace folders below one temporary folder.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// `opslab ARGS` run in `dir` with every folder it keeps things in below
/// `dir`; the exit code and standard output and error together.
pub fn run_in(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_opslab"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir.join("home"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("OPSLAB_HOME", dir.join("labs"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn run(&self, args: &[&str]) -> (Option<i32>, String) {
        run_in(self.dir.path(), args)
    }

    /// `run`, which must succeed; its output.
    pub fn ok(&self, args: &[&str]) -> String {
        let (code, text) = self.run(args);
        assert_eq!(code, Some(0), "opslab {args:?}:\n{text}");
        text
    }

    /// The installed packs' folder.
    pub fn packs(&self) -> PathBuf {
        self.path("data/opslab/packs")
    }

    /// Names in the packs folder, hidden ones included, sorted.
    pub fn installed_names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.packs())
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}
