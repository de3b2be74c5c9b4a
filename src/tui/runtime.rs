//! The terminal and the one event loop: terminal input, worker results,
//! Docker events, file changes (the open workspace and the progress file)
//! and signals, selected in one place. A frame is drawn only after
//! something arrived that may change the screen; an idle app sleeps.
//!
//! The terminal is given back on every way out: `q`, the signals that end
//! a program (see `signals.rs`), an error, and a panic in a background
//! worker (which ends the app with [`TuiError::WorkerFailed`]
//! rather than leave it running without the worker).

use crossterm::event::{Event, EventStream, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use futures::StreamExt;
use ratatui::DefaultTerminal;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use tokio::task::JoinHandle;

use super::app::{App, Effect, Msg};
use super::keys::Key;
use super::signals::{suspend, Arrived, Signals};
use super::trace::Trace;
use super::workers::{follow_docker, watched, Inboxes, Workers};
use super::TuiError;
use crate::progress::ProgressStore;

struct Inputs {
    results: UnboundedReceiver<Msg>,
    docker: UnboundedReceiver<Msg>,
    files: UnboundedReceiver<Msg>,
}

/// Takes over the terminal, runs until the learner quits or a signal
/// arrives, and gives the terminal back on every path out.
pub async fn run(mut app: App, progress: ProgressStore) -> Result<(), TuiError> {
    let trace = Trace::from_env();
    // Listening before the terminal is taken: from then on no signal that
    // ends a program can end this one without the terminal given back.
    let mut signals = Signals::new()?;
    let mut terminal = ratatui::try_init().map_err(TuiError::Terminal)?;
    let result = event_loop(&mut terminal, &mut app, progress, &mut signals, &trace).await;
    let restored = ratatui::try_restore().map_err(TuiError::Terminal);
    result.and(restored)?;
    match app.failure.take() {
        Some((worker, why)) => Err(TuiError::WorkerFailed { worker, why }),
        None => Ok(()),
    }
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    progress: ProgressStore,
    signals: &mut Signals,
    trace: &Trace,
) -> Result<(), TuiError> {
    let (mut inputs, mut workers, docker_task) = start_workers(app, progress);
    let mut terminal_events = EventStream::new();
    let size = terminal.size().map_err(TuiError::Terminal)?;
    app.update(Msg::Resize(size.width, size.height));
    draw(terminal, app)?;
    trace.mark("first-frame");
    let outcome = loop {
        let msg = tokio::select! {
            // A failed worker is seen before anything else is drawn.
            biased;
            Some(msg) = inputs.results.recv() => msg,
            arrived = signals.next() => match arrived {
                Arrived::End => Msg::Quit,
                Arrived::Suspend => {
                    suspend(terminal)?;
                    let size = terminal.size().map_err(TuiError::Terminal)?;
                    Msg::Resize(size.width, size.height)
                }
            },
            event = terminal_events.next() => match event {
                Some(Ok(event)) => match convert(event) {
                    Some(msg) => msg,
                    None => continue,
                },
                Some(Err(e)) => break Err(TuiError::Terminal(e)),
                None => Msg::Quit,
            },
            Some(msg) = inputs.docker.recv() => msg,
            Some(msg) = inputs.files.recv() => msg,
        };
        let mut after_draw = Vec::new();
        let mut changed = handle(app, msg, &mut workers, &mut after_draw, trace);
        // Take whatever else is already waiting, so a burst costs one frame.
        while let Some(msg) = inputs.ready() {
            changed |= handle(app, msg, &mut workers, &mut after_draw, trace);
        }
        if app.quitting {
            break Ok(());
        }
        if !changed {
            continue;
        }
        draw(terminal, app)?;
        for mark in after_draw {
            trace.mark(mark);
        }
    };
    docker_task.abort();
    outcome
}

/// The workers and the channels they answer on, and the task following
/// Docker (to be stopped when the loop ends).
fn start_workers(app: &App, progress: ProgressStore) -> (Inputs, Workers, JoinHandle<()>) {
    let (results_tx, results) = unbounded_channel();
    let (docker_tx, docker) = unbounded_channel();
    let (files_tx, files) = unbounded_channel();
    let inputs = Inputs {
        results,
        docker,
        files,
    };
    let docker_task = watched(
        "Docker events",
        results_tx.clone(),
        follow_docker(docker_tx),
    );
    let workers = Workers::new(
        Inboxes {
            results: results_tx,
            files: files_tx,
        },
        app.pack.clone(),
        progress,
    );
    (inputs, workers, docker_task)
}

impl Inputs {
    fn ready(&mut self) -> Option<Msg> {
        self.results
            .try_recv()
            .or_else(|_| self.docker.try_recv())
            .or_else(|_| self.files.try_recv())
            .ok()
    }
}

/// Applies one message; says whether the screen may have changed.
fn handle(
    app: &mut App,
    msg: Msg,
    workers: &mut Workers,
    after_draw: &mut Vec<&'static str>,
    trace: &Trace,
) -> bool {
    if trace.is_on() {
        match &msg {
            Msg::Docker(_) => trace.mark("docker-event"),
            Msg::Workspace { .. } => trace.mark("file-event"),
            Msg::ProgressChanged => trace.mark("progress-event"),
            _ => {}
        }
    }
    // Background news changes the screen only through what it starts: a
    // Docker event that starts no check run (no lab open, or a lab without
    // Docker checks), a change of the progress file (which only asks for a
    // reload) and a reload that found what is shown (the UI's own write
    // coming back) leave the screen as it was, so they cost no frames.
    let background = matches!(
        msg,
        Msg::Docker(_) | Msg::ProgressChanged | Msg::ProgressReloaded { .. }
    );
    let effects = app.update(msg);
    let changed = !background
        || effects
            .iter()
            .any(|e| !matches!(e, Effect::ReloadProgress { .. }));
    for effect in effects {
        match effect {
            Effect::TraceAfterDraw(mark) => after_draw.push(mark),
            other => workers.apply(other),
        }
    }
    changed
}

fn draw(terminal: &mut DefaultTerminal, app: &App) -> Result<(), TuiError> {
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .map(|_| ())
        .map_err(TuiError::Terminal)
}

/// The terminal's event as a message, or None for events the app ignores.
fn convert(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_of(key).map(Msg::Key),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}

fn key_of(key: KeyEvent) -> Option<Key> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return matches!(key.code, KeyCode::Char('c' | 'C')).then_some(Key::Interrupt);
    }
    Some(match key.code {
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left | KeyCode::Backspace => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        _ => return None,
    })
}
