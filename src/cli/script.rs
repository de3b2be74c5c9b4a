//! Runs a pack's shell script (`solution/solve.sh`) under limits, so a
//! script that never ends, prints forever or leaves a background process
//! holding its output cannot hang `opslab pack test` or exhaust memory:
//!
//! - a deadline ([`DEFAULT_DEADLINE`] unless told otherwise);
//! - its own process group, killed whole (SIGKILL) as soon as the script
//!   ends or runs out of time, so nothing it started outlives it;
//! - only the last [`TAIL_BYTES`] of stdout and of stderr kept, read from
//!   the pipes as they come;
//! - once the script has ended, its pipes are read for at most [`DRAIN`]
//!   more (a process that left the group may still hold them open).

use std::collections::VecDeque;
use std::process::ExitStatus;
use std::time::Duration;

use rustix::process::{kill_process_group, Pid, Signal};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::Command;

/// How long a script may run unless `--script-timeout` says otherwise.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);
/// How much of the end of each output stream is kept, in bytes.
pub const TAIL_BYTES: usize = 64 * 1024;
/// How long output is still read once the script has ended.
const DRAIN: Duration = Duration::from_secs(1);

/// How a script ended.
#[derive(Debug)]
pub enum Ending {
    /// It exited (or was killed by a signal from elsewhere) by itself.
    Exited(ExitStatus),
    /// It was still running at the deadline and was killed.
    TimedOut,
}

/// A finished script: how it ended and the ends of its output.
#[derive(Debug)]
pub struct Finished {
    pub ending: Ending,
    pub stdout: Tail,
    pub stderr: Tail,
}

/// Runs `command` (stdin, stdout and stderr are set here) in a new process
/// group under `deadline`. Errors only when the script cannot be started.
pub async fn run(mut command: Command, deadline: Duration) -> std::io::Result<Finished> {
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    let mut child = command.spawn()?;
    let group = Group(child.id().and_then(|id| Pid::from_raw(id as i32)));
    let mut out = Pipe::new(child.stdout.take());
    let mut err = Pipe::new(child.stderr.take());
    let limit = tokio::time::sleep(deadline);
    tokio::pin!(limit);
    let mut ending = None;
    while ending.is_none() || out.open() || err.open() {
        tokio::select! {
            _ = out.read(), if out.open() => {}
            _ = err.read(), if err.open() => {}
            status = child.wait(), if ending.is_none() => {
                group.kill();
                ending = Some(Ending::Exited(status?));
                limit.as_mut().reset(tokio::time::Instant::now() + DRAIN);
            }
            _ = &mut limit => {
                if ending.is_some() {
                    break; // something outside the group still holds a pipe
                }
                group.kill();
                let _ = child.wait().await;
                ending = Some(Ending::TimedOut);
                limit.as_mut().reset(tokio::time::Instant::now() + DRAIN);
            }
        }
    }
    Ok(Finished {
        ending: ending.unwrap_or(Ending::TimedOut),
        stdout: out.tail,
        stderr: err.tail,
    })
}

/// Waits for SIGINT (Ctrl-C) or SIGTERM and returns the exit code a shell
/// gives for it (130, 143). A script runs in a group of its own, so the
/// terminal's Ctrl-C no longer reaches it: the caller selects on this and
/// drops the run, which kills the group. Never ends when the signals cannot
/// be listened for.
pub async fn end_signal() -> i32 {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut int), Ok(mut term)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = int.recv() => 130,
        _ = term.recv() => 143,
    }
}

/// The script's process group; killed when dropped too, so a cancelled
/// run leaves nothing behind.
struct Group(Option<Pid>);

impl Group {
    fn kill(&self) {
        if let Some(pid) = self.0 {
            // ESRCH: the group is already gone, which is what we want.
            let _ = kill_process_group(pid, Signal::KILL);
        }
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One output pipe, read into a [`Tail`] until it closes.
struct Pipe<R> {
    reader: Option<R>,
    tail: Tail,
}

impl<R: AsyncRead + Unpin> Pipe<R> {
    fn new(reader: Option<R>) -> Self {
        Pipe {
            reader,
            tail: Tail::default(),
        }
    }

    fn open(&self) -> bool {
        self.reader.is_some()
    }

    /// Reads what is there; closes the pipe at its end or on an error.
    async fn read(&mut self) {
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        let mut chunk = [0u8; 8192];
        match reader.read(&mut chunk).await {
            Ok(0) | Err(_) => self.reader = None,
            Ok(n) => self.tail.push(&chunk[..n]),
        }
    }
}

/// The last [`TAIL_BYTES`] bytes of a stream.
#[derive(Debug, Default)]
pub struct Tail {
    bytes: VecDeque<u8>,
    /// Whether earlier bytes were dropped.
    pub cut: bool,
}

impl Tail {
    fn push(&mut self, chunk: &[u8]) {
        self.bytes.extend(chunk);
        let over = self.bytes.len().saturating_sub(TAIL_BYTES);
        if over > 0 {
            self.bytes.drain(..over);
            self.cut = true;
        }
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The last `n` non-blank lines, each cut to `width` characters, with
    /// control characters shown as `�` so script output cannot drive the
    /// terminal.
    pub fn last_lines(&self, n: usize, width: usize) -> Vec<String> {
        let (a, b) = self.bytes.as_slices();
        let text = String::from_utf8_lossy(&[a, b].concat()).into_owned();
        let mut lines: Vec<String> = text
            .lines()
            .rev()
            .filter(|l| !l.trim().is_empty())
            .take(n)
            .map(|l| shown_line(l, width))
            .collect();
        lines.reverse();
        lines
    }
}

fn shown_line(line: &str, width: usize) -> String {
    let mut shown: String = line
        .chars()
        .take(width)
        .map(|c| if c.is_control() { '�' } else { c })
        .collect();
    if line.chars().nth(width).is_some() {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tail_keeps_only_the_last_bytes() {
        let mut tail = Tail::default();
        for _ in 0..100 {
            tail.push(&[b'y'; 4096]);
        }
        tail.push(b"\nlast line\n");
        assert_eq!(tail.bytes.len(), TAIL_BYTES);
        assert!(tail.cut);
        assert_eq!(tail.last_lines(1, 80), vec!["last line"]);
    }

    #[test]
    fn shown_lines_are_cut_and_carry_no_control_characters() {
        let mut tail = Tail::default();
        tail.push(b"one\n\x1b[2Jtwo\n\n");
        tail.push(&[b'x'; 300]);
        let lines = tail.last_lines(5, 10);
        assert_eq!(lines, vec!["one", "�[2Jtwo", "xxxxxxxxxx…"]);
    }
}
