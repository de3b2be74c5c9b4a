//! Switching packs in the UI, driven by messages with no terminal: `P`
//! opens the picker, the packs found come back as a message, Enter puts
//! the whole UI on the chosen pack with its own progress, Esc keeps the
//! current one, and a pack that does not load cannot be chosen. The real
//! binary with installed packs: `tui_packs_tmux.rs`.

mod tui_support;

use opslab::pack::Pack;
use opslab::tui::{
    App, Effect, Key, LabProgress, Msg, PackChoice, PackReady, Popup, ProgressOnDisk, Screen,
};
use tui_support::*;

/// The fixture pack under another id and title, with `notes` done.
fn other() -> PackReady {
    let mut pack = pack();
    pack.id = "tui-other".into();
    pack.title = "The other pack".into();
    pack.version = "0.2.0".into();
    let mut progress = ProgressOnDisk::default();
    *progress.progress.lab_mut("notes") = LabProgress {
        done: Some(NOW),
        workspace: true,
        ..LabProgress::default()
    };
    PackReady {
        pack,
        progress,
        command: "opslab --pack tui-other".into(),
    }
}

fn ready(pack: Pack) -> PackChoice {
    PackChoice {
        origin: "~/packs/tui-fixture".into(),
        name: pack.id.clone(),
        pack: Ok(Box::new(PackReady {
            pack,
            progress: ProgressOnDisk::default(),
            command: "opslab --pack tui-fixture".into(),
        })),
    }
}

/// The current pack, the other one, and a broken one, in that order.
fn choices() -> Vec<PackChoice> {
    vec![
        ready(pack()),
        PackChoice {
            origin: "~/.local/share/opslab/packs/tui-other".into(),
            name: "tui-other".into(),
            pack: Ok(Box::new(other())),
        },
        PackChoice {
            origin: "~/.local/share/opslab/packs/broken".into(),
            name: "broken".into(),
            pack: Err("pack.toml:3:1: unknown field `titel`; did you mean `title`?".into()),
        },
    ]
}

/// Presses `P` and answers its request with `choices`.
fn open_picker(app: &mut App, choices: Vec<PackChoice>) {
    let effects = keys(app, &[Key::Char('P')]);
    let asked = effects
        .iter()
        .find_map(|e| match e {
            Effect::ListPacks { asked, opened_on } => {
                assert!(opened_on.is_some(), "the fixture pack is a folder");
                Some(*asked)
            }
            _ => None,
        })
        .expect("P asks for the packs");
    assert_eq!(app.popups.last(), Some(&Popup::Packs));
    let screen = draw(app, 80, 30).join("\n");
    assert!(screen.contains("Looking for packs"), "{screen}");
    app.update(Msg::PacksListed { asked, choices });
}

#[test]
fn the_picker_lists_each_pack_with_its_labs_and_own_progress() {
    let mut app = app();
    open_picker(&mut app, choices());
    let screen = draw(&mut app, 80, 30).join("\n");
    for want in [
        "Switch pack",
        "▶ TUI fixture pack (open now)",
        "tui-fixture 0.1.0 · 3 labs · 0 done",
        "in ~/packs/tui-fixture",
        "  The other pack",
        "tui-other 0.2.0 · 3 labs · 1 done",
        "✗ broken (cannot be opened)",
        "in ~/.local/share/opslab/packs/broken",
        "unknown field",
        "Esc keep this pack",
    ] {
        assert!(screen.contains(want), "missing {want:?} in:\n{screen}");
    }
    assert_eq!(app.pack.id, "tui-fixture", "listing changes nothing");
}

#[test]
fn enter_puts_the_whole_ui_on_the_chosen_pack() {
    let mut app = app();
    let generation = open(&mut app, "commit");
    open_picker(&mut app, choices());
    let effects = keys(&mut app, &[Key::Down, Key::Enter]);
    assert_eq!(app.pack.id, "tui-other");
    assert!(app.popups.is_empty(), "the picker closed");
    assert!(matches!(app.screen, Screen::Path { .. }));
    assert!(effects.iter().any(|e| matches!(e, Effect::StopWatching)));
    assert!(effects
        .iter()
        .any(|e| matches!(e, Effect::SwitchPack { pack } if pack.id == "tui-other")));
    let reload = effects.iter().find_map(|e| match e {
        Effect::ReloadProgress { writes } => Some(*writes),
        _ => None,
    });
    let writes = reload.expect("the new pack's progress is read again");

    // Its own progress: notes done there, none in the fixture pack.
    assert_eq!(app.path.done, 1);
    let screen = draw(&mut app, 80, 30).join("\n");
    assert!(screen.contains("The other pack"), "{screen}");
    assert!(screen.contains("1 / 3 labs done"), "{screen}");
    assert!(screen.contains("Now on The other pack"), "{screen}");

    // The old pack's late check results are dropped.
    let late = report("commit", &[opslab::verify::Outcome::Passed]);
    app.update(Msg::Verified {
        generation,
        report: late,
    });
    assert!(app.lab_screen().is_none());

    // A reload read before the switch is of the old pack: read again.
    let stale = app.update(Msg::ProgressReloaded {
        writes: writes - 1,
        result: Ok(ProgressOnDisk::default()),
    });
    assert!(matches!(stale[..], [Effect::ReloadProgress { writes: w }] if w == writes));
    assert_eq!(app.path.done, 1, "the stale read is not shown");

    // The commands the UI suggests name the new pack.
    open_without_workspace(&mut app, "commit");
    let screen = draw(&mut app, 100, 30).join("\n");
    assert!(
        screen.contains("opslab --pack tui-other start commit"),
        "{screen}"
    );
}

#[test]
fn esc_keeps_the_current_pack_and_a_late_list_is_ignored() {
    let mut app = app();
    let effects = keys(&mut app, &[Key::Char('P')]);
    let asked = effects
        .iter()
        .find_map(|e| match e {
            Effect::ListPacks { asked, .. } => Some(*asked),
            _ => None,
        })
        .unwrap();
    keys(&mut app, &[Key::Esc]);
    assert!(app.popups.is_empty());
    app.update(Msg::PacksListed {
        asked,
        choices: choices(),
    });
    assert!(
        app.popups.is_empty(),
        "a list for a closed picker shows nothing"
    );

    open_picker(&mut app, choices());
    keys(&mut app, &[Key::Down, Key::Esc]);
    assert!(app.popups.is_empty());
    assert_eq!(app.pack.id, "tui-fixture");
    assert_eq!(app.screen, Screen::Path { selected: 0 });
}

#[test]
fn a_pack_that_does_not_load_cannot_be_chosen() {
    let mut app = app();
    open_picker(&mut app, choices());
    let effects = keys(&mut app, &[Key::End, Key::Enter]);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::SwitchPack { .. })),
        "{effects:?}"
    );
    assert_eq!(app.pack.id, "tui-fixture");
    assert_eq!(app.popups.last(), Some(&Popup::Packs), "the picker stays");
    let notice = app.notice.clone().unwrap_or_default();
    assert!(notice.contains("broken cannot be opened"), "{notice}");
    // Choosing the pack already open only closes the picker.
    let effects = keys(&mut app, &[Key::Home, Key::Enter]);
    assert!(app.popups.is_empty());
    assert!(!effects
        .iter()
        .any(|e| matches!(e, Effect::SwitchPack { .. })));
}

#[test]
fn the_key_is_in_the_key_list_and_the_status_bar() {
    let mut app = app();
    let screen = draw(&mut app, 100, 30).join("\n");
    assert!(screen.contains("P packs"), "{screen}");
    keys(&mut app, &[Key::Char('?')]);
    let screen = draw(&mut app, 100, 30).join("\n");
    assert!(screen.contains("switch to another pack"), "{screen}");
    keys(&mut app, &[Key::Esc]);
    open(&mut app, "notes");
    let effects = keys(&mut app, &[Key::Char('P')]);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::ListPacks { .. })),
        "P works in a lab too"
    );
}
