//! A tmux server of our own for driving the real binary in a real
//! terminal, shared by the `tui_*` end-to-end tests.

#![allow(dead_code)] // each test binary uses a part

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::unique;

/// How long a screen may take to show what a test waits for.
pub const WAIT: Duration = Duration::from_secs(30);

/// A tmux server of our own, with one shell, killed when the test ends.
pub struct Tmux {
    socket: String,
    _dirs: Vec<tempfile::TempDir>,
    pub trace: std::path::PathBuf,
}

impl Tmux {
    pub fn start(name: &str) -> Tmux {
        Tmux::start_with(name, &[])
    }

    pub fn start_with(name: &str, env: &[(&str, &str)]) -> Tmux {
        let dirs: Vec<tempfile::TempDir> = (0..4).map(|_| tempfile::tempdir().unwrap()).collect();
        let trace = dirs[0].path().join("trace.log");
        let socket = unique(name);
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "100",
                "-y",
                "30",
                "sh",
            ])
            .env("HOME", dirs[0].path())
            .env("XDG_DATA_HOME", dirs[1].path())
            .env("XDG_CONFIG_HOME", dirs[2].path())
            .env("OPSLAB_HOME", dirs[3].path())
            .env("OPSLAB_TRACE_FILE", &trace)
            .env("PS1", "$ ")
            .env_remove("NO_COLOR")
            .envs(env.iter().copied())
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux new-session failed");
        Tmux {
            socket,
            _dirs: dirs,
            trace,
        }
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    pub fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "0"])
    }

    /// Polls the screen until `want` holds, or fails showing the screen.
    pub fn wait_for(&self, what: &str, want: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if want(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("waited {WAIT:?} for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Starts opslab on `pack` from the shell; it prints EXITED-<code> after.
    pub fn start_opslab(&self, pack: &Path) {
        let command = format!(
            "clear; {} --pack {}; echo EXITED-$?",
            env!("CARGO_BIN_EXE_opslab"),
            pack.display()
        );
        self.send(&[&command, "Enter"]);
    }

    /// [`Tmux::start_opslab`], then waits for the learning path.
    pub fn run_opslab(&self, pack: &Path) {
        self.start_opslab(pack);
        self.wait_for("the learning path", |s| s.contains("Learning path"));
    }

    /// The pane's text with wrapped lines joined, so a long message can be
    /// searched whole.
    pub fn text(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-t", "0"])
    }

    /// XDG_DATA_HOME, where progress is kept.
    pub fn data_home(&self) -> &Path {
        self._dirs[1].path()
    }

    /// Where workspaces go (OPSLAB_HOME).
    pub fn workspaces(&self) -> &Path {
        self._dirs[3].path()
    }

    /// Runs `opslab --pack PACK ARGS` as a separate process, as the learner
    /// would in another terminal (same home, data and workspace folders).
    pub fn opslab_elsewhere(&self, pack: &Path, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_opslab"))
            .arg("--pack")
            .arg(pack)
            .args(args)
            .env("HOME", self._dirs[0].path())
            .env("XDG_DATA_HOME", self.data_home())
            .env("XDG_CONFIG_HOME", self._dirs[2].path())
            .env("OPSLAB_HOME", self.workspaces())
            .env("NO_COLOR", "1")
            .output()
            .expect("opslab runs")
    }

    /// The pid of the program the shell runs (opslab, once started).
    pub fn opslab_pid(&self) -> String {
        let shell = self.shell_pid();
        let out = Command::new("pgrep")
            .args(["-P", &shell])
            .output()
            .expect("pgrep runs");
        let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert!(!pid.is_empty(), "opslab runs under the shell");
        pid
    }

    /// Sends `signal` (`TERM`, `QUIT`...) to opslab.
    pub fn kill(&self, signal: &str) {
        let pid = self.opslab_pid();
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{signal} {pid}");
    }

    /// Whether the pane is on the alternate screen, and whether its cursor
    /// shows, as tmux sees them.
    pub fn terminal_modes(&self) -> (bool, bool) {
        let out = self.tmux(&[
            "display-message",
            "-p",
            "-t",
            "0",
            "#{alternate_on} #{cursor_flag}",
        ]);
        let flags: Vec<&str> = out.split_whitespace().collect();
        assert_eq!(flags.len(), 2, "tmux answers two flags: {out:?}");
        (flags[0] == "1", flags[1] == "1")
    }

    pub fn shell_pid(&self) -> String {
        self.tmux(&["list-panes", "-t", "0", "-F", "#{pane_pid}"])
            .trim()
            .to_string()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// The fixture pack with the container name made unique.
pub fn fixture_pack(container: &str) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui-pack");
    let dst = tempfile::tempdir().unwrap();
    copy_dir(&src, dst.path(), container);
    dst
}

fn copy_dir(src: &Path, dst: &Path, container: &str) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to, container);
        } else {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            std::fs::write(to, text.replace("tui-container", container)).unwrap();
        }
    }
}

/// The shell is back after opslab ended with exit code 0.
pub fn left_the_ui(screen: &str) -> bool {
    screen.contains("EXITED-0") && !screen.contains("Learning path") && !screen.contains("?: keys")
}
