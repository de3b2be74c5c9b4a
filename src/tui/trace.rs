//! Timestamped trace lines for benchmarks: when `OPSLAB_TRACE_FILE` names a
//! file, lines such as `1718000000123.456 first-frame` are appended to it
//! (milliseconds since the Unix epoch, to the microsecond, then the event).

use std::io::Write;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

/// Where trace lines go, if anywhere.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    file: Option<PathBuf>,
}

impl Trace {
    pub fn from_env() -> Trace {
        Trace {
            file: std::env::var_os("OPSLAB_TRACE_FILE")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        }
    }

    pub fn is_on(&self) -> bool {
        self.file.is_some()
    }

    /// Appends one line. A trace that cannot be written is not worth
    /// stopping the learner's session for, so failures are ignored.
    pub fn mark(&self, event: &str) {
        let Some(path) = &self.file else { return };
        let micros = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_micros())
            .unwrap_or(0);
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(f, "{}.{:03} {event}", micros / 1000, micros % 1000);
        }
    }
}
