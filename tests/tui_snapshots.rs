//! Every screen and popup rendered into a test terminal and compared with
//! its snapshot (tests/snapshots/). Paths and times are fixed, so nothing
//! in them changes between runs.

use std::path::{Path, PathBuf};
use std::time::Duration;

use insta::assert_snapshot;
use opslab::pack::Pack;
use opslab::tui::{App, AttemptView, Effect, Key, LabProgress, Msg, ProgressView, Settings, Theme};
use opslab::verify::{CheckResult, Outcome, Report};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// 2023-11-14, 22:13 UTC.
const NOW: u64 = 1_700_000_000;
const DAY: u64 = 86_400;

fn fixed_clock() -> u64 {
    NOW
}

fn pack() -> Pack {
    Pack::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui-pack"))
        .expect("the fixture pack loads")
}

fn app_with(progress: ProgressView) -> App {
    let settings = Settings {
        theme: Theme::plain(),
        workspace_root: PathBuf::from("/home/learner/opslab"),
        workspace_display: "~/opslab".into(),
        workspaces: Default::default(),
        command: "opslab".into(),
        clock: fixed_clock,
        idle_after: Duration::from_secs(300),
    };
    let mut app = App::new(pack(), progress, settings);
    app.update(Msg::Resize(80, 24));
    app
}

fn app() -> App {
    app_with(ProgressView::default())
}

fn screen(app: &mut App, width: u16, height: u16) -> String {
    app.update(Msg::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(&*app, frame.area()))
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
            row.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn index(app: &App, id: &str) -> usize {
    app.pack.labs.iter().position(|l| l.id == id).unwrap()
}

/// Opens a lab whose workspace exists and shows these outcomes.
fn open_with(app: &mut App, id: &str, outcomes: Vec<Outcome>) {
    let effects = app.open_lab(index(app, id));
    let effects = app.update(Msg::WorkspaceState {
        watch: watch_of(&effects),
        exists: true,
    });
    let generation = effects
        .iter()
        .find_map(|e| match e {
            Effect::Verify { generation, .. } => Some(*generation),
            _ => None,
        })
        .unwrap();
    let lab = app.pack.lab(id).unwrap().clone();
    let results = lab
        .checks
        .iter()
        .zip(outcomes)
        .map(|(c, outcome)| CheckResult {
            id: c.id.clone(),
            title: c.title.clone(),
            outcome,
            elapsed: Duration::ZERO,
            evidence: Vec::new(),
        })
        .collect();
    app.update(Msg::Verified {
        generation,
        report: Report {
            lab: id.into(),
            results,
        },
    });
}

fn watch_of(effects: &[Effect]) -> u64 {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Watch { watch, .. } => Some(*watch),
            _ => None,
        })
        .unwrap()
}

fn some_progress() -> ProgressView {
    let mut p = ProgressView::default();
    let notes = p.lab_mut("notes");
    notes.opened = Some(NOW - 3 * DAY);
    notes.first_green = Some(NOW - 3 * DAY + 420);
    notes.done = Some(NOW - 2 * DAY);
    notes.attempts = (0..6)
        .map(|i| AttemptView {
            at: NOW - 3 * DAY + i * 600,
            passed: 0,
            total: 1,
            errors: 0,
        })
        .chain((0..3).map(|i| AttemptView {
            at: NOW - 2 * DAY + i,
            passed: 1,
            total: 1,
            errors: 0,
        }))
        .collect();
    *p.lab_mut("commit") = LabProgress {
        opened: Some(NOW - DAY),
        attempts: vec![AttemptView {
            at: NOW - 60,
            passed: 0,
            total: 1,
            errors: 0,
        }],
        ..LabProgress::default()
    };
    p
}

fn failed_notes() -> Outcome {
    Outcome::failed_with_hint(
        "NOTES.md exists",
        "no file at NOTES.md",
        "Create it with `touch NOTES.md`.",
    )
}

#[test]
fn path_screen_fresh() {
    assert_snapshot!(screen(&mut app(), 80, 24));
}

#[test]
fn path_screen_with_progress() {
    let mut app = app_with(some_progress());
    app.update(Msg::Key(Key::Char('G')));
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn path_screen_small_window() {
    assert_snapshot!(screen(&mut app_with(some_progress()), 60, 20));
}

#[test]
fn path_screen_suggests_the_smallest_lab_when_stuck() {
    let mut app = app();
    // Started (workspace made, checks run), none with a green check.
    let failed = || Outcome::Failed {
        expected: "x".into(),
        actual: "y".into(),
        hint: None,
        also: None,
    };
    for id in ["commit", "run", "notes"] {
        open_with(&mut app, id, vec![failed()]);
    }
    app.update(Msg::Key(Key::Esc));
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn lab_screen_failed_check_with_hints() {
    let mut app = app();
    open_with(&mut app, "notes", vec![failed_notes()]);
    app.update(Msg::Key(Key::Char('h')));
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn lab_screen_running_and_docker_down() {
    let mut app = app();
    app.update(Msg::DockerDown(
        "Docker is not answering at unix:///var/run/docker.sock (connection refused). Start it with `sudo systemctl start docker`.".into(),
    ));
    open_with(
        &mut app,
        "run",
        vec![Outcome::error(
            "Docker is not answering at unix:///var/run/docker.sock.",
        )],
    );
    assert_snapshot!(screen(&mut app, 80, 24));
    app.update(Msg::Key(Key::Char('r')));
    assert_snapshot!("lab_screen_running", screen(&mut app, 80, 24));
}

#[test]
fn lab_screen_small_window_shows_one_panel() {
    let mut app = app();
    open_with(&mut app, "notes", vec![failed_notes()]);
    assert_snapshot!(screen(&mut app, 60, 20));
    app.update(Msg::Key(Key::Tab));
    assert_snapshot!(
        "lab_screen_small_window_checklist",
        screen(&mut app, 60, 20)
    );
}

#[test]
fn lab_screen_without_a_workspace() {
    let mut app = app();
    let effects = app.open_lab(index(&app, "notes"));
    app.update(Msg::WorkspaceState {
        watch: watch_of(&effects),
        exists: false,
    });
    assert_snapshot!(screen(&mut app, 80, 24));
    app.update(Msg::Key(Key::Tab));
    assert_snapshot!(
        "lab_screen_without_a_workspace_small",
        screen(&mut app, 60, 20)
    );
    app.update(Msg::Key(Key::Char('s')));
    assert_snapshot!(
        "lab_screen_creating_the_workspace",
        screen(&mut app, 80, 24)
    );
}

#[test]
fn success_popup() {
    let mut app = app();
    open_with(&mut app, "notes", vec![Outcome::Passed]);
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn help_popups() {
    let mut app = app();
    app.update(Msg::Key(Key::Char('?')));
    assert_snapshot!("help_path", screen(&mut app, 80, 24));
    app.update(Msg::Key(Key::Esc));
    open_with(&mut app, "notes", vec![failed_notes()]);
    app.update(Msg::Key(Key::Char('?')));
    assert_snapshot!("help_lab", screen(&mut app, 80, 24));
    app.update(Msg::Key(Key::Esc));
    app.update(Msg::Key(Key::Char('p')));
    app.update(Msg::Key(Key::Char('?')));
    assert_snapshot!("help_progress", screen(&mut app, 80, 24));
}

#[test]
fn confirm_reset_popup() {
    let mut app = app();
    open_with(
        &mut app,
        "run",
        vec![Outcome::failed("running", "no container named web")],
    );
    app.update(Msg::Key(Key::Char('R')));
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn nudge_and_message_popups() {
    let mut app = app();
    let effects = app.open_lab(index(&app, "notes"));
    app.update(Msg::WorkspaceState {
        watch: watch_of(&effects),
        exists: true,
    });
    let idle = effects
        .iter()
        .find_map(|e| match e {
            Effect::ArmIdle { generation, .. } => Some(*generation),
            _ => None,
        })
        .unwrap();
    app.update(Msg::Idle { generation: idle });
    assert_snapshot!("nudge_popup", screen(&mut app, 80, 24));
    app.update(Msg::Key(Key::Esc));
    app.update(Msg::ResetDone {
        lab: "notes".into(),
        result: Err("permission denied on ~/opslab/notes".into()),
    });
    assert_snapshot!("message_popup", screen(&mut app, 80, 24));
}

#[test]
fn progress_screen() {
    let mut app = app_with(some_progress());
    app.update(Msg::Key(Key::Char('p')));
    assert_snapshot!(screen(&mut app, 80, 24));
    assert_snapshot!("progress_screen_small", screen(&mut app, 60, 20));
}

#[test]
fn tiny_windows_say_so_and_never_panic() {
    let mut app = app();
    open_with(&mut app, "notes", vec![failed_notes()]);
    assert_snapshot!(screen(&mut app, 40, 10));
    for (w, h) in [(0, 0), (1, 1), (59, 20), (60, 19), (5, 30), (200, 3)] {
        screen(&mut app, w, h);
    }
}

#[test]
fn progress_screen_with_nothing_suggested() {
    let mut progress = some_progress();
    for id in ["commit", "run"] {
        let lab = progress.lab_mut(id);
        lab.opened = Some(NOW - DAY);
        lab.done = Some(NOW - 30);
    }
    let mut app = app_with(progress);
    app.update(Msg::Key(Key::Char('p')));
    assert_eq!(app.suggestion(), None, "every lab is done");
    let shown = screen(&mut app, 80, 24);
    let status = shown.lines().last().unwrap_or("");
    assert!(!status.contains("Enter"), "{status}");
    assert_snapshot!(shown);
    app.update(Msg::Key(Key::Char('?')));
    let keys = screen(&mut app, 80, 24);
    assert!(keys.contains("back to the learning path"), "{keys}");
    assert!(!keys.contains("open the suggested lab"), "{keys}");
}
