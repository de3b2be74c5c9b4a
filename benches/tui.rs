//! The terminal UI's speed, measured on the real binary in a real terminal
//! (a tmux pane) with the timestamps of `OPSLAB_TRACE_FILE`:
//!
//! (a) start-up to the first frame with the built-in pack, from the spawn
//!     instant to the `first-frame` line;
//! (b) a Docker event to the updated checklist drawn: a lab watching a
//!     container is open while the container is created and removed with
//!     the docker CLI; each event is timed from the daemon's own time
//!     (`docker events` TimeNano) to the next `checks-drawn` line, and its
//!     delivery delay to the UI's `docker-event` line;
//! (c) CPU time (utime + stime from /proc/<pid>/stat) used in 60 s with no
//!     input and no changes, on the learning path and with a lab open;
//! (d) frames with text far longer than the screen and no space to wrap at
//!     (a 1 MB lab title, a 1 MiB one-word brief), drawn in process into
//!     ratatui's `TestBackend`: the first frame and a key's redraw.
//!
//! Run with `cargo bench --bench tui` (needs tmux, setsid, a Docker daemon
//! and /bin/busybox); `cargo bench --bench tui -- --quick` waits 10 s
//! instead of 60 s when idle; `cargo bench --bench tui -- --long-text`
//! runs (d) only (no terminal or daemon needed). Everything runs in a temporary HOME,
//! XDG_DATA_HOME, XDG_CONFIG_HOME and OPSLAB_HOME. Results:
//! docs/benchmarks.md, section "Terminal UI".

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const STARTUP_RUNS: usize = 30;
/// Each cycle is two events: the container created, then removed.
const EVENT_CYCLES: usize = 20;
const IMAGE: &str = "opslab-bench/busybox:1";
const LAB: &str = "watch";
const WAIT: Duration = Duration::from_secs(10);

fn main() {
    if std::env::args().any(|a| a == "--long-text") {
        print_long_text();
        return;
    }
    let quick = std::env::args().any(|a| a == "--quick");
    let idle = Duration::from_secs(if quick { 10 } else { 60 });
    let sandbox = Sandbox::new();
    let pane = Pane::new();
    let container = format!("opslab-bench-tui-{}", std::process::id());

    let startup = startup(&sandbox, &pane);
    let events = docker_events(&sandbox, &pane, &container);
    let idle_path = idle_cpu(&sandbox, &pane, idle, false);
    let idle_lab = idle_cpu(&sandbox, &pane, idle, true);
    docker(&["rm", "-f", &container]);

    println!("\n| measurement | n | median | p95 | target |");
    println!("| --- | --- | --- | --- | --- |");
    row(
        "start-up to first frame (built-in pack)",
        &startup,
        "≤ 50 ms",
    );
    row(
        "Docker event → checklist drawn (daemon time → frame)",
        &events.drawn,
        "p95 ≤ 20 ms",
    );
    row(
        "Docker event delivery (daemon time → UI loop)",
        &events.delivery,
        "≈ 1 ms",
    );
    println!(
        "| CPU while idle {} s, learning path | 1 | {} | | ≈ 0 |",
        idle.as_secs(),
        idle_path
    );
    println!(
        "| CPU while idle {} s, lab open and watching | 1 | {} | | ≈ 0 |",
        idle.as_secs(),
        idle_lab
    );
    print_long_text();
}

/// (d) Long text, each frame drawn `LONG_TEXT_RUNS` times on a fresh app.
fn print_long_text() {
    println!("\n| long text (in process, 80×24) | n | median | p95 | target |");
    println!("| --- | --- | --- | --- | --- |");
    let mb_title: PackChange = |pack| pack.labs[0].title = "t".repeat(1_000_000);
    let mib_brief: PackChange = |pack| pack.labs[0].brief = format!("{}\n", "b".repeat(1 << 20));
    let cases: [(&str, PackChange, bool, bool); 4] = [
        (
            "1 MB title: learning path, first frame",
            mb_title,
            false,
            false,
        ),
        ("1 MB title: lab opened, first frame", mb_title, true, false),
        (
            "1 MiB one-word brief: lab opened, first frame",
            mib_brief,
            true,
            false,
        ),
        (
            "1 MiB one-word brief: a key (↓) redrawn",
            mib_brief,
            true,
            true,
        ),
    ];
    for (what, change, open, key) in cases {
        let samples: Vec<f64> = (0..LONG_TEXT_RUNS)
            .map(|_| long_text_frame(change, open, key))
            .collect();
        row(what, &samples, "≤ 50 ms");
    }
}

const LONG_TEXT_RUNS: usize = 10;

/// A change made to the fixture pack before drawing it.
type PackChange = fn(&mut opslab::pack::Pack);

/// Milliseconds to draw one frame of the fixture pack changed by `change`,
/// on the learning path or (`open`) the first lab, after a ↓ key (`key`).
fn long_text_frame(change: PackChange, open: bool, key: bool) -> f64 {
    use opslab::tui::{App, Key, Msg, ProgressView, Settings, Theme};
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui-pack");
    let mut pack = opslab::pack::Pack::from_dir(&dir).expect("the fixture pack loads");
    change(&mut pack);
    let settings = Settings {
        theme: Theme::plain(),
        workspace_root: PathBuf::from("/home/learner/opslab"),
        workspace_display: "~/opslab".into(),
        workspaces: Default::default(),
        command: "opslab".into(),
        clock: || 1_700_000_000,
        idle_after: Duration::from_secs(300),
    };
    let mut app = App::new(pack, ProgressView::default(), settings);
    app.update(Msg::Resize(80, 24));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    if open {
        app.open_lab(0);
    }
    if key {
        terminal
            .draw(|frame| frame.render_widget(&app, frame.area()))
            .expect("drawn");
    }
    let start = Instant::now();
    if key {
        app.update(Msg::Key(Key::Down));
    }
    terminal
        .draw(|frame| frame.render_widget(&app, frame.area()))
        .expect("drawn");
    start.elapsed().as_secs_f64() * 1000.0
}

fn row(what: &str, samples: &[f64], target: &str) {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    println!(
        "| {what} | {} | {:.1} ms | {:.1} ms | {target} |",
        sorted.len(),
        percentile(&sorted, 0.5),
        percentile(&sorted, 0.95)
    );
}

/// Nearest-rank percentile of sorted samples.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// (a) Spawn to first frame, after one warm-up run that is not counted.
fn startup(sandbox: &Sandbox, pane: &Pane) -> Vec<f64> {
    let mut samples = Vec::new();
    for run in 0..=STARTUP_RUNS {
        let ui = Ui::spawn(sandbox, pane, &[]);
        let (_, frame) = ui.wait_for("first-frame", 0);
        if run > 0 {
            samples.push(frame - ui.spawned);
        } else {
            pane.expect("the learning path in the pane", "Learning path");
        }
        ui.quit(pane);
    }
    eprintln!("start-up: {} runs", samples.len());
    samples
}

struct EventTimes {
    drawn: Vec<f64>,
    delivery: Vec<f64>,
}

/// (b) Container created and removed again and again with a lab open
/// whose check watches it.
fn docker_events(sandbox: &Sandbox, pane: &Pane, container: &str) -> EventTimes {
    ensure_image();
    docker(&["rm", "-f", container]);
    let pack = sandbox.fixture_pack(container);
    let ui = open_lab(sandbox, pane, &pack);
    pane.expect("the lab open, its check failing", "Checks 0/1");
    let daemon = DaemonEvents::follow(container);
    let mut times = EventTimes {
        drawn: Vec::new(),
        delivery: Vec::new(),
    };
    for _ in 0..EVENT_CYCLES {
        for (args, action) in [
            (
                vec!["create", "--name", container, IMAGE, "sleep", "300"],
                "create",
            ),
            (vec!["rm", container], "destroy"),
        ] {
            let before = ui.lines();
            docker(&args);
            let at = daemon.next(action);
            let (line, received) = ui.wait_for("docker-event", before);
            let (_, drawn) = ui.wait_for("checks-drawn", line);
            times.delivery.push(received - at);
            times.drawn.push(drawn - at);
            std::thread::sleep(Duration::from_millis(150));
        }
    }
    ui.quit(pane);
    eprintln!("docker events: {} events", times.drawn.len());
    times
}

/// Opens the fixture pack's lab with its workspace created by
/// `opslab start`, and waits for its first check run to be drawn.
fn open_lab(sandbox: &Sandbox, pane: &Pane, pack: &Path) -> Ui {
    let pack = pack.to_str().expect("a UTF-8 temp path");
    let out = sandbox
        .command(&["--pack", pack, "start", LAB])
        .output()
        .expect("opslab start runs");
    assert!(out.status.success(), "opslab start failed: {out:?}");
    let ui = Ui::spawn(sandbox, pane, &["--pack", pack]);
    let (line, _) = ui.wait_for("first-frame", 0);
    pane.send("Enter"); // the only lab is the recommended one
    ui.wait_for("checks-drawn", line);
    ui
}

/// (c) CPU time used while nothing happens, as "12 ms (0.02% of one core)".
fn idle_cpu(sandbox: &Sandbox, pane: &Pane, idle: Duration, lab: bool) -> String {
    let ui = if lab {
        let container = format!("opslab-bench-tui-idle-{}", std::process::id());
        open_lab(sandbox, pane, &sandbox.fixture_pack(&container))
    } else {
        let ui = Ui::spawn(sandbox, pane, &[]);
        ui.wait_for("first-frame", 0);
        ui
    };
    std::thread::sleep(Duration::from_secs(1)); // let start-up work finish
                                                // The daemon is shared: a window in which something else used Docker is
                                                // not idle, so it is measured again (up to three times).
    let mut result = String::new();
    for _ in 0..3 {
        let before = ui.cpu_ms();
        let lines = ui.lines();
        let start = Instant::now();
        std::thread::sleep(idle);
        let used = ui.cpu_ms() - before;
        let wall = start.elapsed().as_secs_f64() * 1000.0;
        let events = ui.marks()[lines..]
            .iter()
            .filter(|(_, what)| what == "docker-event")
            .count();
        result = format!("{used:.0} ms ({:.3}% of one core)", used / wall * 100.0);
        if events == 0 {
            let marks = ui.marks();
            assert_eq!(
                marks.len(),
                lines,
                "the UI did something while idle: {marks:?}"
            );
            break;
        }
        result.push_str(&format!(", with {events} Docker events from elsewhere"));
        eprintln!("idle window disturbed by {events} Docker events; measuring again");
    }
    ui.quit(pane);
    result
}

/// Temporary HOME, XDG_DATA_HOME, XDG_CONFIG_HOME and OPSLAB_HOME.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["home", "data", "config", "workspaces", "trace"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("temp dir");
        }
        Sandbox { dir }
    }

    fn path(&self, sub: &str) -> PathBuf {
        self.dir.path().join(sub)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_opslab"));
        command
            .args(args)
            .env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("OPSLAB_HOME", self.path("workspaces"))
            .env("TERM", "tmux-256color")
            .env_remove("NO_COLOR");
        command
    }

    /// A one-lab pack whose only check is that `container` exists.
    fn fixture_pack(&self, container: &str) -> PathBuf {
        let pack = self.path(&format!("pack-{container}"));
        let lab = pack.join(LAB);
        for sub in ["starter", "solution"] {
            std::fs::create_dir_all(lab.join(sub)).expect("temp dir");
        }
        let files = [
            (
                pack.join("pack.toml"),
                "format = 1\nid = \"bench-tui\"\ntitle = \"Bench\"\nversion = \"0.1.0\"\ndescription = \"One lab watching a container.\"\n\n[[stage]]\nid = \"s\"\ntitle = \"Stage\"\nsummary = \"One stage.\"\n"
                    .to_string(),
            ),
            (
                lab.join("lab.toml"),
                format!(
                    "id = \"{LAB}\"\ntitle = \"Watch a container\"\nstage = \"s\"\nsummary = \"Create {container}.\"\nminutes = 1\n\n[[check]]\nid = \"exists\"\nkind = \"container.exists\"\ncontainer = \"{container}\"\n"
                ),
            ),
            (lab.join("brief.md"), format!("Create `{container}`.\n")),
            (lab.join("starter/README.md"), "Bench.\n".to_string()),
            (lab.join("solution/README.md"), "Create it.\n".to_string()),
        ];
        for (path, text) in files {
            std::fs::write(path, text).expect("fixture pack written");
        }
        pack
    }
}

/// A tmux server of our own with one 100×30 pane that runs only `sleep`,
/// so the UI can have the pane's terminal to itself.
struct Pane {
    socket: String,
    tty: PathBuf,
}

impl Pane {
    fn new() -> Pane {
        let socket = format!("opslab-bench-{}", std::process::id());
        let mut pane = Pane {
            socket,
            tty: PathBuf::new(),
        };
        pane.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "30",
            "exec sleep 100000",
        ]);
        let tty = pane.tmux(&["display-message", "-p", "-t", "0", "#{pane_tty}"]);
        pane.tty = PathBuf::from(tty.trim());
        pane
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(out.status.success(), "tmux {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn send(&self, key: &str) {
        self.tmux(&["send-keys", "-t", "0", key]);
    }

    /// Checks that the pane shows `text` (the UI really draws there).
    fn expect(&self, what: &str, text: &str) {
        let start = Instant::now();
        loop {
            let screen = self.tmux(&["capture-pane", "-p", "-t", "0"]);
            if screen.contains(text) {
                return;
            }
            assert!(
                start.elapsed() < WAIT,
                "no {what}; the pane shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn terminal(&self) -> File {
        OpenOptions::new()
            .read(true)
            .write(true)
            .open(&self.tty)
            .expect("the pane's terminal opens")
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// One run of the UI in the pane, with its own trace file.
struct Ui {
    child: Child,
    trace: PathBuf,
    /// Milliseconds since the Unix epoch just before the spawn.
    spawned: f64,
}

impl Ui {
    /// Starts `opslab ARGS` on the pane's terminal. `setsid` gives it a
    /// session of its own so the terminal it reads and sizes is the pane's
    /// (it execs in place: the pid is opslab's).
    fn spawn(sandbox: &Sandbox, pane: &Pane, args: &[&str]) -> Ui {
        let trace = sandbox.path("trace").join(format!("{}.log", unix_ms()));
        let command = sandbox.command(args);
        let program = command.get_program().to_owned();
        let mut setsid = Command::new("setsid");
        setsid
            .arg(program)
            .args(command.get_args())
            .envs(command.get_envs().filter_map(|(k, v)| Some((k, v?))))
            .env("OPSLAB_TRACE_FILE", &trace)
            .stdin(pane.terminal())
            .stdout(pane.terminal())
            .stderr(pane.terminal());
        let spawned = unix_ms();
        let child = setsid.spawn().expect("opslab starts");
        Ui {
            child,
            trace,
            spawned,
        }
    }

    fn marks(&self) -> Vec<(f64, String)> {
        let text = std::fs::read_to_string(&self.trace).unwrap_or_default();
        text.lines()
            .filter_map(|l| {
                let (at, what) = l.split_once(' ')?;
                Some((at.parse().ok()?, what.to_string()))
            })
            .collect()
    }

    fn lines(&self) -> usize {
        self.marks().len()
    }

    /// Waits for the first `mark` at or after line `from`; returns the line
    /// after it and its time.
    fn wait_for(&self, mark: &str, from: usize) -> (usize, f64) {
        let start = Instant::now();
        loop {
            let found = self
                .marks()
                .into_iter()
                .enumerate()
                .skip(from)
                .find(|(_, (_, what))| what == mark);
            if let Some((line, (at, _))) = found {
                return (line + 1, at);
            }
            assert!(
                start.elapsed() < WAIT,
                "no {mark} after line {from} in {WAIT:?}: {:?}",
                self.marks()
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// utime + stime of the process, all threads, in milliseconds.
    fn cpu_ms(&self) -> f64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id()))
            .expect("/proc/<pid>/stat is readable");
        // Fields after the command name (which may hold spaces), from 3 on.
        let rest = &stat[stat.rfind(')').expect("stat has (comm)") + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
        ticks as f64 * 1000.0 / clock_ticks()
    }

    fn quit(mut self, pane: &Pane) {
        pane.send("q");
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        panic!("opslab did not quit on q");
    }
}

/// The daemon's own time for each event on one container.
struct DaemonEvents {
    child: Child,
    lines: Receiver<(f64, String)>,
}

impl DaemonEvents {
    fn follow(container: &str) -> DaemonEvents {
        let mut child = Command::new("docker")
            .args(["events", "--filter", "type=container", "--filter"])
            .arg(format!("container={container}"))
            .args(["--format", "{{.TimeNano}} {{.Action}}"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("docker events runs");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let Some((nanos, action)) = line.split_once(' ') else {
                    continue;
                };
                let Ok(nanos) = nanos.parse::<u128>() else {
                    continue;
                };
                if tx.send((nanos as f64 / 1e6, action.to_string())).is_err() {
                    return;
                }
            }
        });
        std::thread::sleep(Duration::from_millis(500)); // subscribed before the first event
        DaemonEvents { child, lines }
    }

    /// The daemon time (ms since the epoch) of the next `action` event.
    fn next(&self, action: &str) -> f64 {
        loop {
            let (at, seen) = self
                .lines
                .recv_timeout(WAIT)
                .unwrap_or_else(|_| panic!("no `{action}` event from docker events"));
            if seen == action {
                return at;
            }
        }
    }
}

impl Drop for DaemonEvents {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn docker(args: &[&str]) {
    let _ = Command::new("docker").args(args).output();
}

/// A tiny local image for `docker create` (there is no registry here).
fn ensure_image() {
    let present = Command::new("docker")
        .args(["image", "inspect", IMAGE])
        .output()
        .is_ok_and(|o| o.status.success());
    if present {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("bin")).expect("temp dir");
    std::fs::copy("/bin/busybox", dir.path().join("bin/busybox"))
        .expect("a static busybox at /bin/busybox");
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM scratch\nCOPY bin/busybox /bin/busybox\nCMD [\"/bin/busybox\", \"sh\"]\n",
    )
    .expect("Dockerfile written");
    let dir = dir.path().to_str().expect("a UTF-8 temp path");
    let out = Command::new("docker")
        .args(["build", "-q", "-t", IMAGE, dir])
        .output()
        .expect("docker build runs");
    assert!(out.status.success(), "docker build failed: {out:?}");
}

fn unix_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// Clock ticks per second (`getconf CLK_TCK`, 100 on Linux).
fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}
