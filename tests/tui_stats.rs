//! The progress screen's "time to green" measures the learner's work: it
//! counts from opening a lab to the first check that the learner's own work
//! turned green (one that failed in an earlier run, or every check), not to
//! checks the starter files already pass. Driven through `App::update` with
//! a clock the test moves, and rendered to a test terminal.

mod tui_support;

use std::sync::atomic::{AtomicU64, Ordering};

use opslab::tui::{first_own_green, AttemptView, Key, Msg};
use opslab::verify::Outcome;
use tui_support::*;

static CLOCK: AtomicU64 = AtomicU64::new(NOW);

fn moving_clock() -> u64 {
    CLOCK.load(Ordering::SeqCst)
}

fn passed() -> Outcome {
    Outcome::Passed
}

fn failed() -> Outcome {
    Outcome::failed_with_hint("x", "y", "z")
}

fn could_not_run() -> Outcome {
    Outcome::Error {
        why: "Docker is not answering".into(),
    }
}

/// `at` seconds after NOW, the open lab's checks come back as `outcomes`.
fn run_at(app: &mut opslab::tui::App, at: u64, outcomes: &[Outcome]) {
    CLOCK.store(NOW + at, Ordering::SeqCst);
    let generation =
        verify_generation(&app.update(Msg::Key(Key::Char('r')))).expect("r runs the checks");
    app.update(Msg::Verified {
        generation,
        report: report("notes", outcomes),
    });
}

fn attempt(passed: usize, total: usize, errors: usize) -> AttemptView {
    AttemptView {
        at: (passed * 100 + total * 10 + errors) as u64,
        passed,
        total,
        errors,
    }
}

#[test]
fn checks_the_starter_already_passes_are_not_the_learners_green() {
    // The starter passes two of four checks; only a third one counts.
    let runs = [attempt(2, 4, 0), attempt(2, 4, 0), attempt(3, 4, 0)];
    assert_eq!(first_own_green(&runs), Some(runs[2].at));
    assert_eq!(first_own_green(&runs[..2]), None);
    // All green at the first run (work done before any check): counts.
    assert_eq!(first_own_green(&[attempt(4, 4, 0)]), Some(440));
    // A check that passes again once Docker answers is not the learner's.
    let docker_back = [attempt(1, 4, 3), attempt(2, 4, 0), attempt(3, 4, 0)];
    assert_eq!(first_own_green(&docker_back), Some(docker_back[2].at));
    assert_eq!(first_own_green(&docker_back[..2]), None);
    // A check that broke and is fixed again: the fix counts.
    let fixed = [attempt(2, 4, 0), attempt(1, 4, 0), attempt(2, 4, 0)];
    assert_eq!(first_own_green(&fixed), Some(fixed[2].at));
}

#[test]
fn the_progress_screen_counts_from_opening_to_the_learners_first_green() {
    CLOCK.store(NOW, Ordering::SeqCst);
    let mut app = app();
    app.settings.clock = moving_clock;
    let effects = app.open_lab(lab_index(&app, "notes"));
    app.update(Msg::WorkspaceState {
        watch: watch_of(&effects),
        exists: true,
    });
    // Docker is down at first: two checks cannot run.
    run_at(
        &mut app,
        1,
        &[passed(), passed(), could_not_run(), failed()],
    );
    let starter = [passed(), passed(), failed(), failed()];
    run_at(&mut app, 3, &starter);
    run_at(&mut app, 60, &starter);
    assert_eq!(
        app.progress.lab("notes").unwrap().first_green,
        None,
        "3 s after opening is the starter, not the learner"
    );
    run_at(&mut app, 420, &[passed(), passed(), passed(), failed()]);
    assert_eq!(
        app.progress.lab("notes").unwrap().first_green,
        Some(NOW + 420)
    );

    keys(&mut app, &[Key::Char('p')]);
    let rows = draw(&mut app, 100, 30);
    let screen: String = rows
        .iter()
        .map(|r| r.trim_end())
        .collect::<Vec<_>>()
        .join("\n");
    let notes = rows
        .iter()
        .find(|r| r.contains("notes") && r.contains("min"))
        .unwrap_or_else(|| panic!("a time for notes:\n{screen}"));
    assert!(notes.contains("7 min"), "{notes}");
    assert!(!screen.contains(" 3 s"), "{screen}");
    let said: String = rows.iter().map(|r| r.trim()).collect::<Vec<_>>().join(" ");
    assert!(
        said.contains("first check your") && said.contains("work turned green"),
        "the screen says what is measured:\n{screen}"
    );
}
