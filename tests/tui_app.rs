//! The TUI's state machine driven by messages, with no terminal: what the
//! learner would see change after each key press, result or event.

mod tui_support;

use std::path::PathBuf;

use opslab::tui::{
    App, CheckState, DockerStatus, Effect, Key, LabStatus, Msg, Panel, Popup, ProgressOnDisk,
    ProgressView, Record, Screen,
};
use opslab::verify::docker::{DockerEvent, DockerObject};
use opslab::verify::watch::WorkspaceChange;
use opslab::verify::Outcome;
use opslab::workspace::Opened;
use tui_support::*;

#[test]
fn arrows_and_vim_keys_move_enter_opens_and_esc_returns() {
    let mut app = app();
    assert_eq!(
        app.screen,
        Screen::Path { selected: 0 },
        "starts on the recommended lab"
    );
    keys(&mut app, &[Key::Down, Key::Char('j'), Key::Char('k')]);
    assert_eq!(app.screen, Screen::Path { selected: 1 });
    let effects = keys(&mut app, &[Key::Enter]);
    assert_eq!(app.lab_screen().map(|s| s.lab), Some(1));
    assert!(effects.iter().any(|e| matches!(e, Effect::Watch { .. })));
    assert!(
        verify_generation(&effects).is_none(),
        "the checks wait for the watcher to say whether the workspace exists"
    );
    assert_eq!(app.notice.as_deref(), Some("Locked: finish notes first"));
    let effects = keys(&mut app, &[Key::Esc]);
    assert_eq!(app.screen, Screen::Path { selected: 1 });
    assert!(effects.iter().any(|e| matches!(e, Effect::StopWatching)));
    keys(&mut app, &[Key::Char('p')]);
    assert_eq!(app.screen, Screen::Progress);
    keys(&mut app, &[Key::Esc, Key::Char('G')]);
    assert_eq!(app.screen, Screen::Path { selected: 2 });
    keys(&mut app, &[Key::Char('?')]);
    assert!(matches!(app.popups.last(), Some(Popup::Help(_))));
    keys(&mut app, &[Key::Esc]);
    assert!(app.popups.is_empty());
    let effects = keys(&mut app, &[Key::Char('q')]);
    assert!(app.quitting);
    assert!(effects.iter().any(|e| matches!(e, Effect::Quit)));
}

#[test]
fn tab_switches_panels_and_scrolling_stays_in_bounds() {
    let mut app = app();
    app.update(Msg::Resize(60, 20));
    open(&mut app, "notes");
    keys(&mut app, &[Key::End]);
    let end = app.lab_screen().unwrap().brief_scroll;
    assert!(end > 0, "the brief is longer than a 60×20 window");
    keys(&mut app, &[Key::Down, Key::Down]);
    assert_eq!(
        app.lab_screen().unwrap().brief_scroll,
        end,
        "cannot scroll past the end"
    );
    keys(&mut app, &[Key::Home, Key::Tab]);
    let s = app.lab_screen().unwrap();
    assert_eq!((s.brief_scroll, s.focus), (0, opslab::tui::Panel::Checks));
}

#[test]
fn all_checks_passing_marks_the_lab_done_and_offers_the_next() {
    let mut app = app();
    let generation = open(&mut app, "notes");
    assert_eq!(states(&app), vec![CheckState::Running(None)]);
    let effects = app.update(Msg::Verified {
        generation,
        report: report("notes", &[Outcome::Passed]),
    });
    assert_eq!(states(&app), vec![CheckState::Done(Outcome::Passed)]);
    assert!(effects
        .iter()
        .any(|e| matches!(e, Effect::Record(Record::Done { lab, .. }) if lab == "notes")));
    let commit = lab_index(&app, "commit");
    assert_eq!(
        app.popups.last(),
        Some(&Popup::Success {
            lab: lab_index(&app, "notes"),
            next: Some(commit)
        })
    );
    assert_eq!(
        app.progress.status(&app.pack, "commit"),
        LabStatus::Available,
        "unlocked"
    );
    assert_eq!(app.path.summary(), "1 / 3 labs done, 33%");
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.lab_screen().map(|s| s.lab), Some(commit));
    assert!(app.popups.is_empty());
}

#[test]
fn a_failing_run_keeps_the_lab_open_without_success() {
    let mut app = app();
    let generation = open(&mut app, "notes");
    let failed = Outcome::failed("NOTES.md exists", "no file at NOTES.md");
    app.update(Msg::Verified {
        generation,
        report: report("notes", std::slice::from_ref(&failed)),
    });
    assert_eq!(states(&app), vec![CheckState::Done(failed)]);
    assert!(app.popups.is_empty());
    assert_eq!(
        app.progress.status(&app.pack, "notes"),
        LabStatus::InProgress
    );
}

#[test]
fn hints_are_revealed_one_at_a_time_and_recorded() {
    let mut app = app();
    open(&mut app, "notes");
    let effects = keys(&mut app, &[Key::Char('h')]);
    assert!(effects.iter().any(
        |e| matches!(e, Effect::Record(Record::Hint { lab, shown: 1, .. }) if lab == "notes")
    ));
    assert_eq!(app.progress.lab("notes").unwrap().hints_used, 1);
    keys(&mut app, &[Key::Char('h')]);
    assert_eq!(app.progress.lab("notes").unwrap().hints_used, 2);
    let effects = keys(&mut app, &[Key::Char('h')]);
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Record(_))),
        "no third hint"
    );
    assert_eq!(app.progress.lab("notes").unwrap().hints_used, 2);
    assert!(app
        .notice
        .as_deref()
        .unwrap_or("")
        .contains("Every hint is shown"));
}

#[test]
fn stale_results_are_dropped_and_the_newest_run_wins() {
    let mut app = app();
    let first = open(&mut app, "notes");
    let second = verify_generation(&keys(&mut app, &[Key::Char('r')])).expect("r re-runs");
    assert!(second > first);
    app.update(Msg::Verified {
        generation: first,
        report: report("notes", &[Outcome::Passed]),
    });
    assert_eq!(
        states(&app),
        vec![CheckState::Running(None)],
        "the old run is ignored"
    );
    assert!(app.popups.is_empty());
    let failed = Outcome::failed("NOTES.md exists", "no file at NOTES.md");
    app.update(Msg::Verified {
        generation: second,
        report: report("notes", std::slice::from_ref(&failed)),
    });
    assert_eq!(states(&app), vec![CheckState::Done(failed.clone())]);
    // A run of a lab that was left is dropped too.
    let third = verify_generation(&keys(&mut app, &[Key::Char('r')])).unwrap();
    keys(&mut app, &[Key::Esc]);
    open(&mut app, "commit");
    app.update(Msg::Verified {
        generation: third,
        report: report("notes", &[Outcome::Passed]),
    });
    assert!(!app.progress.is_done("notes"));
}

#[test]
fn docker_lost_and_back_reruns_docker_labs_and_shows_the_state() {
    let mut app = app();
    open(&mut app, "run");
    assert!(
        verify_generation(&app.update(Msg::DockerUp)).is_some(),
        "first contact re-runs"
    );
    assert!(app.update(Msg::DockerUp).is_empty(), "no change, no re-run");
    let effects = app.update(Msg::DockerDown(
        "Docker is not answering at unix:///var/run/docker.sock.".into(),
    ));
    assert!(matches!(app.docker, DockerStatus::Down(_)));
    assert!(verify_generation(&effects).is_some());
    let effects = app.update(Msg::DockerUp);
    assert_eq!(app.docker, DockerStatus::Up);
    assert!(
        verify_generation(&effects).is_some(),
        "back: checks run again"
    );
    let event = |action: &str| DockerEvent {
        object: DockerObject::Container,
        action: action.into(),
        name: "web".into(),
    };
    assert!(verify_generation(&app.update(Msg::Docker(event("start")))).is_some());
    assert!(
        app.update(Msg::Docker(event("exec_start: sh"))).is_empty(),
        "exec events come from checks themselves"
    );
}

#[test]
fn docker_events_do_not_rerun_labs_without_docker_checks() {
    let mut app = app();
    open(&mut app, "notes");
    let event = DockerEvent {
        object: DockerObject::Container,
        action: "start".into(),
        name: "web".into(),
    };
    assert!(app.update(Msg::Docker(event)).is_empty());
}

#[test]
fn workspace_changes_rerun_only_for_the_current_watch() {
    let mut app = app();
    let effects = app.open_lab(lab_index(&app, "notes"));
    let watch = effects
        .iter()
        .find_map(|e| match e {
            Effect::Watch { watch, .. } => Some(*watch),
            _ => None,
        })
        .unwrap();
    let effects = app.update(Msg::WorkspaceState {
        watch,
        exists: false,
    });
    assert_eq!(app.lab_screen().unwrap().workspace_exists, Some(false));
    assert!(verify_generation(&effects).is_none());
    let changed = WorkspaceChange::Changed {
        paths: vec!["NOTES.md".into()],
    };
    assert!(app
        .update(Msg::Workspace {
            watch: watch - 1,
            change: changed.clone()
        })
        .is_empty());
    assert!(verify_generation(&app.update(Msg::Workspace {
        watch,
        change: changed
    }))
    .is_some());
    app.update(Msg::Workspace {
        watch,
        change: WorkspaceChange::Appeared,
    });
    assert_eq!(app.lab_screen().unwrap().workspace_exists, Some(true));
}

#[test]
fn idle_lab_offers_the_next_hint() {
    let mut app = app();
    let effects = app.open_lab(lab_index(&app, "notes"));
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
    app.update(Msg::Idle {
        generation: idle - 1,
    });
    assert!(app.popups.is_empty(), "an old timer does nothing");
    app.update(Msg::Idle { generation: idle });
    assert!(matches!(app.popups.last(), Some(Popup::Nudge { .. })));
    keys(&mut app, &[Key::Enter]);
    assert!(app.popups.is_empty());
    assert_eq!(app.progress.lab("notes").unwrap().hints_used, 1);
}

#[test]
fn reset_asks_first_then_runs_the_checks_again() {
    let mut app = app();
    open(&mut app, "notes");
    keys(&mut app, &[Key::Char('h'), Key::Char('R')]);
    assert!(matches!(
        app.popups.last(),
        Some(Popup::ConfirmReset { .. })
    ));
    let effects = keys(&mut app, &[Key::Char('n')]);
    assert!(app.popups.is_empty());
    assert!(!effects.iter().any(|e| matches!(e, Effect::Reset { .. })));
    let effects = keys(&mut app, &[Key::Char('R'), Key::Char('y')]);
    assert!(effects.iter().any(|e| matches!(e, Effect::Reset { .. })));
    let effects = app.update(Msg::ResetDone {
        lab: "notes".into(),
        result: Ok(()),
    });
    let effects = app.update(Msg::WorkspaceState {
        watch: watch_of(&effects),
        exists: true,
    });
    assert!(
        verify_generation(&effects).is_some(),
        "checks run again after a reset"
    );
    assert_eq!(
        app.progress.lab("notes").map(|p| p.hints_used),
        Some(1),
        "history is kept"
    );
    app.update(Msg::ResetDone {
        lab: "notes".into(),
        result: Err("disk full".into()),
    });
    assert!(matches!(app.popups.last(), Some(Popup::Message(m)) if m.contains("disk full")));
}

#[test]
fn several_labs_opened_without_green_suggests_the_smallest() {
    let mut app = app();
    for id in ["commit", "run", "notes"] {
        open(&mut app, id);
    }
    assert_eq!(
        app.suggestion(),
        Some(lab_index(&app, "notes")),
        "5 minutes, the smallest"
    );
    keys(&mut app, &[Key::Char('p'), Key::Enter]);
    assert_eq!(
        app.lab_screen().map(|s| s.lab),
        Some(lab_index(&app, "notes"))
    );
}

#[test]
fn without_a_workspace_no_check_runs_until_s_creates_it() {
    let mut app = app();
    let effects = open_without_workspace(&mut app, "notes");
    assert!(
        verify_generation(&effects).is_none(),
        "nothing to check yet"
    );
    assert_eq!(states(&app), vec![CheckState::Waiting]);
    let effects = keys(&mut app, &[Key::Char('r')]);
    assert!(
        verify_generation(&effects).is_none(),
        "r does not run either"
    );
    assert!(
        app.notice.as_deref().unwrap_or("").contains("press s"),
        "{:?}",
        app.notice
    );

    let effects = keys(&mut app, &[Key::Char('s')]);
    let asked: Vec<(String, PathBuf)> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::StartWorkspace { lab, workspace } => Some((lab.id.clone(), workspace.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        asked,
        vec![(
            "notes".to_string(),
            PathBuf::from("/home/learner/opslab/notes")
        )]
    );
    assert!(app.lab_screen().unwrap().creating);
    assert!(
        !keys(&mut app, &[Key::Char('s')])
            .iter()
            .any(|e| matches!(e, Effect::StartWorkspace { .. })),
        "a second s while creating does nothing"
    );

    let effects = app.update(Msg::WorkspaceStarted {
        lab: "notes".into(),
        result: Ok(Opened::Created { files: 1 }),
    });
    let generation = verify_generation(&effects).expect("the checks run once it exists");
    let s = app.lab_screen().unwrap();
    assert_eq!((s.workspace_exists, s.creating), (Some(true), false));
    assert!(
        app.notice
            .as_deref()
            .unwrap_or("")
            .contains("Created ~/opslab/notes with 1 starter file"),
        "{:?}",
        app.notice
    );
    assert_eq!(states(&app), vec![CheckState::Running(None)]);
    app.update(Msg::Verified {
        generation,
        report: report("notes", &[Outcome::Passed]),
    });
    assert!(app.progress.is_done("notes"));
    let effects = keys(&mut app, &[Key::Esc, Key::Enter, Key::Char('s')]);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::StartWorkspace { .. })),
        "s is only for a missing workspace"
    );
}

#[test]
fn docker_events_wait_for_the_workspace_too() {
    let mut app = app();
    open_without_workspace(&mut app, "run");
    assert!(verify_generation(&app.update(Msg::DockerUp)).is_none());
    let event = DockerEvent {
        object: DockerObject::Container,
        action: "start".into(),
        name: "web".into(),
    };
    assert!(verify_generation(&app.update(Msg::Docker(event))).is_none());
    assert_eq!(states(&app), vec![CheckState::Waiting]);
}

#[test]
fn a_failed_creation_says_why_and_s_can_be_tried_again() {
    let mut app = app();
    open_without_workspace(&mut app, "notes");
    keys(&mut app, &[Key::Char('s')]);
    let effects = app.update(Msg::WorkspaceStarted {
        lab: "notes".into(),
        result: Err("cannot write /home/learner/opslab/notes: permission denied".into()),
    });
    assert!(verify_generation(&effects).is_none());
    assert!(matches!(
        app.popups.last(),
        Some(Popup::Message(m)) if m.contains("Could not create the workspace for notes") && m.contains("permission denied")
    ));
    let s = app.lab_screen().unwrap();
    assert_eq!((s.workspace_exists, s.creating), (Some(false), false));
    let effects = keys(&mut app, &[Key::Esc, Key::Char('s')]);
    assert!(effects
        .iter()
        .any(|e| matches!(e, Effect::StartWorkspace { .. })));
}

#[test]
fn a_workspace_made_after_leaving_the_lab_runs_nothing() {
    let mut app = app();
    open_without_workspace(&mut app, "notes");
    keys(&mut app, &[Key::Char('s'), Key::Esc]);
    let effects = app.update(Msg::WorkspaceStarted {
        lab: "notes".into(),
        result: Ok(Opened::Created { files: 1 }),
    });
    assert!(verify_generation(&effects).is_none());
    assert!(app.notice.as_deref().unwrap_or("").contains("Created"));
}

/// The progress file changed on disk: the app asks for a reload and says
/// after how many of its own writes the file must be read.
fn reload_asked(app: &mut App) -> u64 {
    match app.update(Msg::ProgressChanged).as_slice() {
        [Effect::ReloadProgress { writes }] => *writes,
        other => panic!("a change on disk asks for one reload, got {other:?}"),
    }
}

/// What the file holds: the app's own view with `change` made elsewhere.
fn on_disk(app: &App, change: impl FnOnce(&mut ProgressView)) -> ProgressOnDisk {
    let mut progress = app.progress.clone();
    change(&mut progress);
    ProgressOnDisk {
        progress,
        workspaces: app.settings.workspaces.clone(),
    }
}

#[test]
fn a_hint_revealed_in_another_terminal_shows_in_the_open_lab() {
    let mut app = app();
    open(&mut app, "notes");
    assert_eq!(app.progress.lab("notes").unwrap().hints_used, 0);
    let writes = reload_asked(&mut app);
    // `opslab hint notes` in the other terminal.
    let disk = on_disk(&app, |p| p.lab_mut("notes").hints_used = 1);
    let effects = app.update(Msg::ProgressReloaded {
        writes,
        result: Ok(disk),
    });
    assert!(!effects.is_empty(), "the screen is drawn again");
    assert_eq!(app.progress.lab("notes").unwrap().hints_used, 1);
    let lab = app.lab_screen().unwrap();
    assert_eq!(lab.focus, Panel::Checks, "the hint is brought into view");
    // `h` now reveals the second hint, not the first again.
    let effects = keys(&mut app, &[Key::Char('h')]);
    assert!(effects.iter().any(
        |e| matches!(e, Effect::Record(Record::Hint { lab, shown: 2, .. }) if lab == "notes")
    ));
}

#[test]
fn a_lab_finished_in_another_terminal_shows_done_on_the_path() {
    let mut app = app();
    assert_eq!(
        app.progress.status(&app.pack, "notes"),
        LabStatus::Available
    );
    assert_eq!(app.path.summary(), "0 / 3 labs done, 0%");
    let writes = reload_asked(&mut app);
    // `opslab check notes` passed in the other terminal.
    let disk = on_disk(&app, |p| {
        let notes = p.lab_mut("notes");
        notes.opened = Some(NOW - 60);
        notes.done = Some(NOW);
    });
    app.update(Msg::ProgressReloaded {
        writes,
        result: Ok(disk),
    });
    assert_eq!(app.progress.status(&app.pack, "notes"), LabStatus::Done);
    assert_eq!(app.path.summary(), "1 / 3 labs done, 33%");
    assert_eq!(
        app.path.next,
        Some(lab_index(&app, "commit")),
        "the next lab follows"
    );
    assert_eq!(
        app.progress.status(&app.pack, "commit"),
        LabStatus::Available,
        "what it unlocked is open"
    );
}

#[test]
fn a_damaged_file_keeps_the_view_and_says_so() {
    let mut app = app();
    open(&mut app, "notes");
    keys(&mut app, &[Key::Char('h')]);
    let before = app.progress.clone();
    let writes = reload_asked(&mut app);
    let effects = app.update(Msg::ProgressReloaded {
        writes,
        result: Err("the progress file is damaged".into()),
    });
    assert!(!effects.is_empty(), "the notice is drawn");
    assert_eq!(app.progress, before, "nothing is wiped");
    assert_eq!(app.progress.lab("notes").unwrap().hints_used, 1);
    let notice = app.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("damaged") && notice.contains("last read"),
        "{notice}"
    );
    // Once the file is good again the notice goes.
    let writes = reload_asked(&mut app);
    let disk = on_disk(&app, |_| {});
    app.update(Msg::ProgressReloaded {
        writes,
        result: Ok(disk),
    });
    assert_eq!(app.notice, None);
}

#[test]
fn a_reload_read_before_the_uis_own_write_is_read_again() {
    let mut app = app();
    open(&mut app, "notes");
    let writes = reload_asked(&mut app);
    // The learner presses h before the file is read: the read lacks it.
    keys(&mut app, &[Key::Char('h')]);
    let stale = on_disk(&app, |p| p.lab_mut("notes").hints_used = 0);
    let effects = app.update(Msg::ProgressReloaded {
        writes,
        result: Ok(stale),
    });
    let again = match effects.as_slice() {
        [Effect::ReloadProgress { writes: again }] => *again,
        other => panic!("a stale read is asked again, got {other:?}"),
    };
    assert!(again > writes);
    assert_eq!(
        app.progress.lab("notes").unwrap().hints_used,
        1,
        "the hint does not flicker away"
    );
    // Read after the hint was saved: it is there, and nothing changes.
    let fresh = on_disk(&app, |_| {});
    let effects = app.update(Msg::ProgressReloaded {
        writes: again,
        result: Ok(fresh),
    });
    assert!(
        effects.is_empty(),
        "the UI's own write coming back draws nothing: {effects:?}"
    );
    assert_eq!(app.progress.lab("notes").unwrap().hints_used, 1);
}
