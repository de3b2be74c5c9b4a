//! The one way commands write to standard output and standard error.
//!
//! `println!`, `print!`, `eprintln!` and `eprint!` inside `cli/` are this
//! module's macros (defined in `cli/mod.rs`), not the standard library's:
//! those panic when the reader has gone away (`opslab list | head -1`).
//! Here, once a stream is closed, later writes to it are dropped and the
//! command carries on to its normal end and exit code: output that nobody
//! reads is not an error. Any other write error (a full disk behind `>`) is
//! reported once on standard error and turns the exit code into 2.

use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);
static WRITE_FAILED: AtomicBool = AtomicBool::new(false);

/// Writes to standard output; see the module docs for what happens when
/// that fails.
pub fn stdout(args: fmt::Arguments<'_>) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_fmt(args) {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != io::ErrorKind::BrokenPipe {
            WRITE_FAILED.store(true, Ordering::Relaxed);
            stderr(format_args!(
                "error: cannot write to standard output: {e}\n"
            ));
        }
    }
}

/// Writes to standard error, dropping the text when that is closed.
pub fn stderr(args: fmt::Arguments<'_>) {
    if STDERR_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    if io::stderr().lock().write_fmt(args).is_err() {
        STDERR_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// Flushes standard output, with the same rules as [`stdout`].
pub fn flush() {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    if let Err(e) = io::stdout().lock().flush() {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != io::ErrorKind::BrokenPipe {
            WRITE_FAILED.store(true, Ordering::Relaxed);
            stderr(format_args!(
                "error: cannot write to standard output: {e}\n"
            ));
        }
    }
}

/// Whether some output was lost for a reason other than a closed reader:
/// then the command did not do all it was asked to, and exits with 2.
pub fn failed() -> bool {
    flush();
    WRITE_FAILED.load(Ordering::Relaxed)
}
