//! A one-lab pack written for a test, and the `opslab` binary run on it in
//! a learner's folders of its own, with the Docker settings the test gives.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A temporary pack holding one lab, `lab`, plus the learner's folders.
pub struct OneLab {
    dir: tempfile::TempDir,
}

/// What a run of `opslab` did.
pub struct Run {
    pub code: Option<i32>,
    /// Standard output and standard error together.
    pub text: String,
    pub took: Duration,
}

impl OneLab {
    /// A pack whose lab has `body` after its header: `[resources]` and
    /// `[[check]]` tables.
    pub fn new(body: &str) -> OneLab {
        let dir = tempfile::tempdir().unwrap();
        let lab = dir.path().join("pack/lab");
        for sub in ["starter", "solution"] {
            std::fs::create_dir_all(lab.join(sub)).unwrap();
            std::fs::write(lab.join(sub).join("README.md"), "notes\n").unwrap();
        }
        std::fs::write(
            dir.path().join("pack/pack.toml"),
            "format = 1\nid = \"docker-safety\"\ntitle = \"Docker safety\"\nversion = \"0.1.0\"\n\n[[stage]]\nid = \"docker\"\ntitle = \"Docker\"\n",
        )
        .unwrap();
        std::fs::write(
            lab.join("lab.toml"),
            format!("id = \"lab\"\ntitle = \"The lab\"\nstage = \"docker\"\nsummary = \"A lab.\"\nminutes = 5\n\n{body}"),
        )
        .unwrap();
        std::fs::write(lab.join("brief.md"), "# The lab\n").unwrap();
        OneLab { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// `opslab --pack PACK ARGS...` with this learner's folders, the real
    /// daemon found as the docker CLI would, and the docker config in
    /// `home/.docker` (empty unless the test writes one).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_opslab"));
        cmd.arg("--pack")
            .arg(self.path("pack"))
            .args(args)
            .env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("OPSLAB_HOME", self.path("labs"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("NO_COLOR", "1")
            .env_remove("DOCKER_HOST")
            .env_remove("DOCKER_CONTEXT")
            .env_remove("DOCKER_CONFIG")
            .stdin(std::process::Stdio::null());
        cmd
    }

    /// Runs `opslab` with `args` and `env` and reports what it did.
    pub fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self.command(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let started = Instant::now();
        let out: Output = cmd.output().expect("opslab runs");
        Run {
            code: out.status.code(),
            text: format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
            took: started.elapsed(),
        }
    }

    /// `opslab start lab`, which must succeed.
    pub fn start(&self) {
        let run = self.run(&["start", "lab"], &[]);
        assert_eq!(run.code, Some(0), "start failed:\n{}", run.text);
    }
}

/// The docker CLI, which must succeed; its trimmed standard output.
pub fn docker_ok(args: &[&str]) -> String {
    let out = Command::new("docker").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "docker {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Whether the docker CLI finds an object with `docker inspect`.
pub fn exists(kind: &str, name_or_id: &str) -> bool {
    Command::new("docker")
        .args([kind, "inspect", name_or_id])
        .output()
        .unwrap()
        .status
        .success()
}

/// The first two hex digits of `id` (after any `sha256:`), when no other
/// ID in `all_ids` starts with them and nothing is named so; the prefix
/// then finds exactly that object if Docker resolves prefixes.
pub fn lone_prefix(id: &str, all_ids: &str, named: impl Fn(&str) -> bool) -> Option<String> {
    let hex = |s: &str| s.trim().trim_start_matches("sha256:").to_string();
    let prefix = hex(id)[..2].to_string();
    let others = all_ids
        .lines()
        .map(hex)
        .filter(|other| *other != hex(id) && other.starts_with(&prefix))
        .count();
    (others == 0 && !named(&prefix)).then_some(prefix)
}

/// Used by tests that need a path as text.
pub fn text(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}
