//! The signals the UI answers. Every signal that ends a program by default
//! (and can be caught) ends the UI through its normal way out, so the
//! terminal is given back; SIGTSTP (`kill -TSTP`, a job-control stop)
//! gives the terminal back, stops, and takes it again on SIGCONT (`fg`).
//! In raw mode Ctrl-C reaches the UI as a key, not as SIGINT.

use ratatui::DefaultTerminal;
use tokio::signal::unix::{signal, Signal, SignalKind};

use super::TuiError;

/// What arrived.
pub enum Arrived {
    /// A signal that ends the UI.
    End,
    /// SIGTSTP: suspend with [`suspend`].
    Suspend,
}

/// Listening for the signals, from [`Signals::new`] on: their default
/// actions (which would leave the terminal in raw mode on the alternate
/// screen) no longer happen.
pub struct Signals {
    ending: Vec<Signal>,
    suspend: Signal,
}

/// SIGTERM, SIGINT (from `kill`), SIGHUP (the terminal went away),
/// SIGQUIT, SIGALRM, SIGUSR1 and SIGUSR2.
fn ending() -> [SignalKind; 7] {
    [
        SignalKind::terminate(),
        SignalKind::interrupt(),
        SignalKind::hangup(),
        SignalKind::quit(),
        SignalKind::alarm(),
        SignalKind::user_defined1(),
        SignalKind::user_defined2(),
    ]
}

impl Signals {
    pub fn new() -> Result<Signals, TuiError> {
        let listen = |kind| signal(kind).map_err(TuiError::Signal);
        Ok(Signals {
            ending: ending().into_iter().map(listen).collect::<Result<_, _>>()?,
            suspend: listen(SignalKind::from_raw(signal_hook::consts::SIGTSTP))?,
        })
    }

    /// Waits for the next signal.
    pub async fn next(&mut self) -> Arrived {
        let ending =
            futures::future::select_all(self.ending.iter_mut().map(|s| Box::pin(s.recv())));
        tokio::select! {
            _ = ending => Arrived::End,
            _ = self.suspend.recv() => Arrived::Suspend,
        }
    }
}

/// Gives the terminal back (cursor shown, raw mode off, alternate screen
/// left), stops the process as SIGTSTP would have, and once continued
/// takes the terminal again; the caller redraws everything.
pub fn suspend(terminal: &mut DefaultTerminal) -> Result<(), TuiError> {
    terminal.show_cursor().map_err(TuiError::Terminal)?;
    ratatui::try_restore().map_err(TuiError::Terminal)?;
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP).map_err(TuiError::Signal)?;
    // Continued (SIGCONT): the terminal is ours again.
    crossterm::terminal::enable_raw_mode().map_err(TuiError::Terminal)?;
    crossterm::execute!(std::io::stdout(), crossterm::terminal::EnterAlternateScreen)
        .map_err(TuiError::Terminal)?;
    // Clears the screen and forgets what was drawn, so the next frame is
    // drawn whole (`Terminal::clear` would ask the terminal for the cursor
    // position, whose answer the input reader may take first).
    let size = terminal.size().map_err(TuiError::Terminal)?;
    terminal
        .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
        .map_err(TuiError::Terminal)
}
