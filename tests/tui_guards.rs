//! Keys go only where the learner can see them: nothing acts behind
//! "Window too small", and the unasked hint offer ("Stuck?") neither
//! appears before there is a workspace nor swallows the key that turns it
//! down. Driven through `App::update`, with no terminal.

mod tui_support;

use opslab::tui::{Effect, Key, Msg, Panel, Popup, Screen, MIN_HEIGHT, MIN_WIDTH};
use tui_support::*;

fn idle_generation(effects: &[Effect]) -> Option<u64> {
    effects.iter().rev().find_map(|e| match e {
        Effect::ArmIdle { generation, .. } => Some(*generation),
        _ => None,
    })
}

#[test]
fn no_key_but_quit_acts_while_the_window_is_too_small() {
    let mut app = app();
    app.update(Msg::Resize(50, 15));
    assert!(app.too_small());
    for key in [
        Key::Enter,
        Key::Char('l'),
        Key::Right,
        Key::Char('n'),
        Key::Char('p'),
        Key::Char('?'),
        Key::Down,
        Key::Tab,
    ] {
        let effects = app.update(Msg::Key(key));
        assert!(effects.is_empty(), "{key:?} asked for {effects:?}");
        assert_eq!(app.screen, Screen::Path { selected: 0 }, "{key:?} acted");
        assert!(app.popups.is_empty(), "{key:?} opened a popup");
    }
    // Growing the window gives the keys back.
    app.update(Msg::Resize(MIN_WIDTH, MIN_HEIGHT));
    app.update(Msg::Key(Key::Enter));
    assert!(app.lab_screen().is_some(), "Enter opens the lab again");
}

#[test]
fn in_a_lab_a_too_small_window_keeps_the_lab_as_it_is() {
    let mut app = app();
    open(&mut app, "notes");
    app.update(Msg::Resize(MIN_WIDTH - 1, 30));
    for key in [
        Key::Char('R'),
        Key::Char('s'),
        Key::Char('h'),
        Key::Char('r'),
        Key::Char('n'),
        Key::Esc,
        Key::Tab,
    ] {
        assert!(app.update(Msg::Key(key)).is_empty(), "{key:?} acted");
    }
    let lab = app.lab_screen().expect("still in the lab");
    assert_eq!(lab.focus, Panel::Brief);
    assert!(app.popups.is_empty());
    assert_eq!(app.progress.lab("notes").unwrap().hints_used, 0);
    // q still quits: the screen says so.
    app.update(Msg::Key(Key::Char('q')));
    assert!(app.quitting);
}

#[test]
fn the_hint_offer_waits_for_a_workspace() {
    let mut app = app();
    let opened = app.open_lab(lab_index(&app, "notes"));
    let idle = idle_generation(&opened).expect("the idle timer is armed");
    app.update(Msg::WorkspaceState {
        watch: watch_of(&opened),
        exists: false,
    });
    app.update(Msg::Idle { generation: idle });
    assert!(
        app.popups.is_empty(),
        "no hint is offered before anything could be tried: {:?}",
        app.popups
    );
    // Once the workspace is there, the same quiet while does offer it.
    app.update(Msg::WorkspaceState {
        watch: watch_of(&opened),
        exists: true,
    });
    let idle = idle_generation(&keys(&mut app, &[Key::Down])).unwrap();
    app.update(Msg::Idle { generation: idle });
    assert!(matches!(app.popups.last(), Some(Popup::Nudge { .. })));
}

/// Opens the notes lab with its workspace and lets the timer run out.
fn offered() -> opslab::tui::App {
    let mut app = app();
    open(&mut app, "notes");
    offer_again(&mut app);
    app
}

fn offer_again(app: &mut opslab::tui::App) {
    let idle = idle_generation(&keys(app, &[Key::Home])).unwrap();
    app.update(Msg::Idle { generation: idle });
    assert!(matches!(app.popups.last(), Some(Popup::Nudge { .. })));
}

#[test]
fn a_key_that_turns_the_hint_offer_down_still_does_its_job() {
    let mut app = offered();
    let effects = keys(&mut app, &[Key::Char('r')]);
    assert!(app.popups.is_empty(), "r turns the offer down");
    assert!(
        verify_generation(&effects).is_some(),
        "and runs the checks: {effects:?}"
    );

    offer_again(&mut app);
    keys(&mut app, &[Key::Tab]);
    assert!(app.popups.is_empty());
    assert_eq!(
        app.lab_screen().unwrap().focus,
        Panel::Checks,
        "Tab switched"
    );

    offer_again(&mut app);
    keys(&mut app, &[Key::Esc]);
    assert!(app.popups.is_empty(), "Esc turns it down");
    assert!(
        app.lab_screen().is_some(),
        "and only that: the lab stays open"
    );
    assert_eq!(app.progress.lab("notes").unwrap().hints_used, 0);

    offer_again(&mut app);
    keys(&mut app, &[Key::Char('h')]);
    assert!(app.popups.is_empty());
    assert_eq!(
        app.progress.lab("notes").unwrap().hints_used,
        1,
        "h accepts it"
    );
}
