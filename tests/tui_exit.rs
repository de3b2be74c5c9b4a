//! Every way out of the terminal UI gives the terminal back: the signals
//! that end a program, and a panic in a background worker, which also ends
//! the app with a message on stderr and a non-zero exit code instead of
//! leaving it running on a broken screen. Driven in a real terminal (tmux).
//! The worker panics come from `OPSLAB_TEST_PANIC`, which only debug builds
//! (as the tests use) obey.

mod common;
mod tui_tmux;

use tui_tmux::{fixture_pack, left_the_ui, Tmux};

/// Alternate screen on, cursor hidden: the UI owns the terminal.
const IN_THE_UI: (bool, bool) = (true, false);
/// Alternate screen off, cursor shown: the shell has it back.
const GIVEN_BACK: (bool, bool) = (false, true);

fn signal_gives_the_terminal_back(signal: &str) {
    let pack = fixture_pack("opslab-test-unused");
    let tmux = Tmux::start_with(
        &format!("exit-{}", signal.to_lowercase()),
        &[("DOCKER_HOST", "unix:///nonexistent/opslab-test.sock")],
    );
    tmux.run_opslab(pack.path());
    assert_eq!(tmux.terminal_modes(), IN_THE_UI, "{}", tmux.screen());
    tmux.kill(signal);
    tmux.wait_for(&format!("the shell to come back after SIG{signal}"), |s| {
        left_the_ui(s)
    });
    assert_eq!(tmux.terminal_modes(), GIVEN_BACK, "after SIG{signal}");
}

#[test]
fn sigquit_gives_the_terminal_back() {
    signal_gives_the_terminal_back("QUIT");
}

#[test]
fn sigterm_gives_the_terminal_back() {
    signal_gives_the_terminal_back("TERM");
}

#[test]
fn sighup_gives_the_terminal_back() {
    signal_gives_the_terminal_back("HUP");
}

#[test]
fn sigint_from_kill_gives_the_terminal_back() {
    signal_gives_the_terminal_back("INT");
}

/// Makes `worker` panic, does what makes it work (`steps`), and expects
/// the shell back with exit code 2, the message after the UI, and the
/// terminal's modes restored.
fn worker_panic_ends_the_ui(worker: &str, steps: impl Fn(&Tmux, &std::path::Path)) {
    let pack = fixture_pack("opslab-test-unused");
    let tmux = Tmux::start_with(
        &format!("exit-{}", worker.replace(' ', "-").to_lowercase()),
        &[
            ("DOCKER_HOST", "unix:///nonexistent/opslab-test.sock"),
            ("OPSLAB_TEST_PANIC", worker),
        ],
    );
    tmux.start_opslab(pack.path());
    steps(&tmux, pack.path());
    tmux.wait_for(
        &format!("the shell after the {worker} worker panicked"),
        |s| s.lines().any(|l| l.starts_with("EXITED-")),
    );
    let text = tmux.text();
    assert!(text.contains("EXITED-2"), "a non-zero exit code:\n{text}");
    let said = format!("opslab stopped: its {worker} worker failed (OPSLAB_TEST_PANIC={worker})");
    assert!(
        text.contains(&said),
        "the message names the worker:\n{text}"
    );
    assert!(
        !text.contains("Learning path") && !text.contains("?: keys"),
        "the UI is gone:\n{text}"
    );
    assert_eq!(tmux.terminal_modes(), GIVEN_BACK, "{text}");
}

#[test]
fn a_panic_following_docker_ends_the_ui_with_a_message() {
    // The Docker worker starts with the UI: nothing to do.
    worker_panic_ends_the_ui("Docker events", |_, _| {});
}

#[test]
fn a_panic_running_the_checks_ends_the_ui_with_a_message() {
    worker_panic_ends_the_ui("checks", |tmux, _| {
        // The notes lab is first; with its workspace there, opening it
        // runs its checks.
        std::fs::create_dir_all(tmux.workspaces().join("notes")).unwrap();
        tmux.wait_for("the learning path", |s| s.contains("Learning path"));
        tmux.send(&["Enter"]);
    });
}

#[test]
fn a_panic_saving_progress_ends_the_ui_with_a_message() {
    worker_panic_ends_the_ui("progress writer", |tmux, _| {
        // Opening a lab is recorded by the progress writer.
        tmux.wait_for("the learning path", |s| s.contains("Learning path"));
        tmux.send(&["Enter"]);
    });
}

#[test]
fn a_panic_watching_the_workspace_ends_the_ui_with_a_message() {
    worker_panic_ends_the_ui("file watch", |tmux, _| {
        let workspace = tmux.workspaces().join("notes");
        std::fs::create_dir_all(&workspace).unwrap();
        tmux.wait_for("the learning path", |s| s.contains("Learning path"));
        tmux.send(&["Enter"]);
        tmux.wait_for("the notes lab", |s| s.contains("Checks "));
        std::fs::write(workspace.join("NOTES.md"), "# notes\n").unwrap();
    });
}

#[test]
fn sigusr1_gives_the_terminal_back() {
    signal_gives_the_terminal_back("USR1");
}

#[test]
fn sigalrm_gives_the_terminal_back() {
    signal_gives_the_terminal_back("ALRM");
}

#[test]
fn sigtstp_gives_the_terminal_back_and_fg_takes_it_again() {
    let pack = fixture_pack("opslab-test-unused");
    let tmux = Tmux::start_with(
        "exit-tstp",
        &[("DOCKER_HOST", "unix:///nonexistent/opslab-test.sock")],
    );
    tmux.run_opslab(pack.path());
    assert_eq!(tmux.terminal_modes(), IN_THE_UI);
    tmux.kill("TSTP");
    tmux.wait_for("the shell while opslab is stopped", |_| {
        tmux.terminal_modes() == GIVEN_BACK
    });
    tmux.send(&["fg", "Enter"]);
    tmux.wait_for("the UI again after fg", |s| {
        s.contains("Learning path") && tmux.terminal_modes() == IN_THE_UI
    });
    tmux.send(&["q"]);
    tmux.wait_for("the shell after q", |_| tmux.terminal_modes() == GIVEN_BACK);
}
