//! A learner's machine in miniature for the progress tests: its own home,
//! data, settings and workspace folders, a git identity, and the real
//! `opslab` binary run on the fixture pack `pack-basic`.
#![allow(dead_code)]

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The fixture pack's id.
pub const PACK: &str = "cli-fixture";

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

    /// Where opslab keeps its data (XDG_DATA_HOME/opslab).
    pub fn data_dir(&self) -> PathBuf {
        self.path("data/opslab")
    }

    pub fn progress_file(&self) -> PathBuf {
        self.data_dir().join("progress.json")
    }

    pub fn workspace(&self, lab: &str) -> PathBuf {
        self.path("labs").join(lab)
    }

    /// `opslab --pack pack-basic ARGS...` with this learner's folders.
    pub fn opslab(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_opslab"));
        cmd.arg("--pack")
            .arg(fixture_pack())
            .args(args)
            .env("HOME", self.home.path())
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("OPSLAB_HOME", self.path("labs"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Learner")
            .env("GIT_AUTHOR_EMAIL", "learner@opslab.invalid")
            .env("GIT_COMMITTER_NAME", "Learner")
            .env("GIT_COMMITTER_EMAIL", "learner@opslab.invalid")
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::null());
        cmd
    }

    /// Runs `opslab ARGS...` to the end.
    pub fn run(&self, args: &[&str]) -> Output {
        self.opslab(args).output().expect("opslab runs")
    }

    /// Runs `opslab ARGS...` and panics unless it exits with `code`.
    pub fn run_expecting(&self, args: &[&str], code: i32) -> Output {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "opslab {} ended {:?}\nstdout: {}\nstderr: {}",
            args.join(" "),
            out.status,
            text(&out.stdout),
            text(&out.stderr)
        );
        out
    }

    /// The progress file, parsed.
    pub fn progress(&self) -> Value {
        let bytes = std::fs::read(self.progress_file()).expect("a progress file");
        serde_json::from_slice(&bytes).expect("the progress file is JSON")
    }

    pub fn lab_progress(&self, lab: &str) -> Value {
        self.progress()["packs"][PACK]["labs"][lab].clone()
    }

    /// How many attempts the progress file holds for `lab`.
    pub fn attempts(&self, lab: &str) -> usize {
        self.lab_progress(lab)["attempts"]
            .as_array()
            .map_or(0, Vec::len)
    }
}

pub fn fixture_pack() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pack-basic")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The names in `dir`, sorted.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The temporary files (`*.tmp`) in `dir`.
pub fn temporaries_in(dir: &Path) -> Vec<String> {
    files_in(dir)
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

/// Whether these tests run as root, who may write anywhere.
pub fn running_as_root() -> bool {
    let probe = tempfile::tempfile().unwrap();
    probe.metadata().unwrap().uid() == 0
}
