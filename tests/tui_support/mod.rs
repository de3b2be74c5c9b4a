//! An [`App`] on the fixture pack with a fixed clock, and helpers to drive
//! it with messages; shared by the `tui_*` tests that need no terminal.

#![allow(dead_code)] // each test binary uses a part

use std::path::{Path, PathBuf};
use std::time::Duration;

use opslab::pack::Pack;
use opslab::tui::{App, CheckState, Effect, Key, Msg, ProgressView, Settings, Theme};
use opslab::verify::{CheckResult, Outcome, Report};

pub const NOW: u64 = 1_700_000_000;

pub fn fixed_clock() -> u64 {
    NOW
}

pub fn pack() -> Pack {
    Pack::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui-pack"))
        .expect("the fixture pack loads")
}

pub fn app() -> App {
    app_on(pack())
}

/// An app on `pack` (a changed fixture pack).
pub fn app_on(pack: Pack) -> App {
    let settings = Settings {
        theme: Theme::plain(),
        workspace_root: PathBuf::from("/home/learner/opslab"),
        workspace_display: "~/opslab".into(),
        workspaces: Default::default(),
        command: "opslab".into(),
        clock: fixed_clock,
        idle_after: Duration::from_secs(300),
    };
    App::new(pack, ProgressView::default(), settings)
}

/// The app drawn in a `width`×`height` test terminal: one string per row,
/// a wide character once (its second column is skipped), trailing spaces
/// kept so columns can be compared.
pub fn draw(app: &mut App, width: u16, height: u16) -> Vec<String> {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    app.update(Msg::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(&*app, frame.area()))
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            let mut row = String::new();
            let mut covered = 0;
            for x in 0..width {
                if covered > 0 {
                    covered -= 1; // hidden under the wide character before
                    continue;
                }
                let symbol = buffer[(x, y)].symbol();
                covered = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
                row.push_str(symbol);
            }
            row
        })
        .collect()
}

pub fn keys(app: &mut App, keys: &[Key]) -> Vec<Effect> {
    keys.iter().flat_map(|k| app.update(Msg::Key(*k))).collect()
}

pub fn lab_index(app: &App, id: &str) -> usize {
    app.pack.labs.iter().position(|l| l.id == id).unwrap()
}

/// Opens a lab whose workspace exists and returns the generation of the
/// check run that starts once the watcher has seen the workspace.
pub fn open(app: &mut App, id: &str) -> u64 {
    let effects = app.open_lab(lab_index(app, id));
    assert!(
        verify_generation(&effects).is_none(),
        "checks wait until the workspace is known to exist"
    );
    let effects = app.update(Msg::WorkspaceState {
        watch: watch_of(&effects),
        exists: true,
    });
    verify_generation(&effects).expect("an existing workspace is checked")
}

/// Opens a lab whose workspace is not created yet.
pub fn open_without_workspace(app: &mut App, id: &str) -> Vec<Effect> {
    let effects = app.open_lab(lab_index(app, id));
    app.update(Msg::WorkspaceState {
        watch: watch_of(&effects),
        exists: false,
    })
}

pub fn watch_of(effects: &[Effect]) -> u64 {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Watch { watch, .. } => Some(*watch),
            _ => None,
        })
        .expect("opening a lab watches its workspace")
}

pub fn verify_generation(effects: &[Effect]) -> Option<u64> {
    effects.iter().find_map(|e| match e {
        Effect::Verify { generation, .. } => Some(*generation),
        _ => None,
    })
}

pub fn report(lab: &str, outcomes: &[Outcome]) -> Report {
    Report {
        lab: lab.into(),
        results: outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| CheckResult {
                id: format!("c{i}"),
                title: format!("check {i}"),
                outcome: o.clone(),
                elapsed: Duration::ZERO,
                evidence: Vec::new(),
            })
            .collect(),
    }
}

pub fn states(app: &App) -> Vec<CheckState> {
    app.lab_screen()
        .expect("a lab is open")
        .checks
        .iter()
        .map(|c| c.state.clone())
        .collect()
}
