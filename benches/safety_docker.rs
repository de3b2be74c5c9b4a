//! Docker safety figures:
//!
//! (a) peak memory (max RSS) of an `opslab check` process whose
//!     `container.logs` check reads a container's whole ~1 GB log,
//! (b) how long a `container.logs` check with `within = "1s"` runs on that
//!     huge log, and on a daemon that answers the ping and then stalls.
//!
//! Run with `cargo bench --bench safety_docker` (`-- --quick` for a 100 MB
//! log). Needs a Docker daemon, /bin/busybox and /usr/bin/time. Results:
//! docs/benchmarks.md.

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const IMAGE: &str = "opslab-bench/busybox:1";

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let bytes: u64 = if quick { 100_000_000 } else { 1_000_000_000 };
    let dir = tempfile::tempdir().expect("temp dir");
    build_image(dir.path());
    let name = format!("opslab-bench-biglog-{}", std::process::id());
    let _guard = Remove(name.clone());
    let made = Instant::now();
    let script = format!("yes $(printf %01000d 0) | head -c {bytes}; echo; echo THE-END");
    docker(&["run", "-d", "--name", &name, IMAGE, "sh", "-c", &script]);
    docker(&["wait", &name]);
    println!(
        "container {name} logged {} MB in {:.1} s",
        bytes / 1_000_000,
        made.elapsed().as_secs_f64()
    );

    let whole = Lab::new(dir.path(), "whole", &name, "^THE-END$", None);
    let (rss_kb, took, text) = whole.check_measured();
    println!(
        "(a) whole log: max RSS {:.1} MB, {:.1} s, verdict: {}",
        rss_kb as f64 / 1024.0,
        took.as_secs_f64(),
        verdict(&text)
    );

    let within = Lab::new(dir.path(), "within", &name, "NEVER", Some("1s"));
    let (_, took, text) = within.check_measured();
    println!(
        "(b) within = \"1s\", huge log: {:.2} s, verdict: {}",
        took.as_secs_f64(),
        verdict(&text)
    );
    let stalled = stalled_daemon();
    let (_, took, text) = within.check_with(&[("DOCKER_HOST", stalled.as_str())]);
    println!(
        "(b) within = \"1s\", stalled daemon: {:.2} s, verdict: {}",
        took.as_secs_f64(),
        verdict(&text)
    );
}

/// The first result line of a check's output, shortened.
fn verdict(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("✓") || l.starts_with("✗") || l.starts_with("could not run"))
        .unwrap_or("?");
    line.chars().take(110).collect()
}

/// A one-lab pack with one `container.logs` check, started.
struct Lab {
    root: PathBuf,
}

impl Lab {
    fn new(dir: &Path, id: &str, container: &str, pattern: &str, within: Option<&str>) -> Lab {
        let root = dir.join(id);
        let lab = root.join("pack/lab");
        for sub in ["starter", "solution"] {
            std::fs::create_dir_all(lab.join(sub)).unwrap();
            std::fs::write(lab.join(sub).join("README.md"), "notes\n").unwrap();
        }
        std::fs::write(
            root.join("pack/pack.toml"),
            "format = 1\nid = \"bench-safety\"\ntitle = \"b\"\nversion = \"0.1.0\"\n\n[[stage]]\nid = \"s\"\ntitle = \"S\"\n",
        )
        .unwrap();
        let within = within
            .map(|w| format!("within = \"{w}\"\n"))
            .unwrap_or_default();
        std::fs::write(
            lab.join("lab.toml"),
            format!("id = \"lab\"\ntitle = \"L\"\nstage = \"s\"\nsummary = \"s.\"\nminutes = 1\n\n[[check]]\nid = \"logs\"\nkind = \"container.logs\"\ncontainer = \"{container}\"\npattern = \"{pattern}\"\n{within}"),
        )
        .unwrap();
        std::fs::write(lab.join("brief.md"), "# L\n").unwrap();
        let me = Lab { root };
        let out = me.command(&["start", "lab"]).output().expect("opslab runs");
        assert!(out.status.success(), "start: {out:?}");
        me
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_opslab"));
        cmd.arg("--pack")
            .arg(self.root.join("pack"))
            .args(args)
            .env("OPSLAB_HOME", self.root.join("labs"))
            .env("XDG_DATA_HOME", self.root.join("data"))
            .env("XDG_CONFIG_HOME", self.root.join("config"))
            .env("NO_COLOR", "1");
        cmd
    }

    /// `opslab check lab` under `/usr/bin/time -v`: max RSS in KiB, time,
    /// and what it printed.
    fn check_measured(&self) -> (u64, Duration, String) {
        let inner = self.command(&["check", "lab"]);
        let mut cmd = Command::new("/usr/bin/time");
        cmd.arg("-v")
            .arg(inner.get_program())
            .args(inner.get_args());
        for (k, v) in inner.get_envs() {
            if let Some(v) = v {
                cmd.env(k, v);
            }
        }
        let started = Instant::now();
        let out = cmd.output().expect("/usr/bin/time runs");
        let took = started.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let rss = stderr
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|v| v.trim().parse().ok())
            .expect("/usr/bin/time -v reports the max RSS");
        (rss, took, String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn check_with(&self, env: &[(&str, &str)]) -> (u64, Duration, String) {
        let mut cmd = self.command(&["check", "lab"]);
        cmd.envs(env.iter().copied());
        let started = Instant::now();
        let out = cmd.output().expect("opslab runs");
        (
            0,
            started.elapsed(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    }
}

/// A fake daemon on 127.0.0.1 that answers `/_ping` and stalls on the rest.
fn stalled_daemon() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                use std::io::Write;
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                    head.push(byte[0]);
                }
                if String::from_utf8_lossy(&head).contains("/_ping ") {
                    let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK");
                } else {
                    std::thread::sleep(Duration::from_secs(300));
                }
            });
        }
    });
    format!("tcp://127.0.0.1:{port}")
}

fn build_image(dir: &Path) {
    let ctx = dir.join("image");
    std::fs::create_dir_all(ctx.join("bin")).unwrap();
    std::fs::copy("/bin/busybox", ctx.join("bin/busybox")).expect("/bin/busybox");
    std::fs::write(
        ctx.join("Dockerfile"),
        "FROM scratch\nCOPY bin/busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nCMD [\"sh\"]\n",
    )
    .unwrap();
    docker(&["build", "-q", "-t", IMAGE, ctx.to_str().unwrap()]);
}

fn docker(args: &[&str]) -> String {
    let out = Command::new("docker").args(args).output().expect("docker");
    assert!(
        out.status.success(),
        "docker {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Removes the container (and its log) when the bench ends.
struct Remove(String);

impl Drop for Remove {
    fn drop(&mut self) {
        let _ = Command::new("docker").args(["rm", "-f", &self.0]).output();
    }
}
