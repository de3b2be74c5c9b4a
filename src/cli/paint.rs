//! Colour and marks for terminal output. Colour only when standard output is
//! a terminal and NO_COLOR is not set.

use std::io::IsTerminal;

use crate::verify::Outcome;

#[derive(Clone, Copy, Debug)]
pub struct Paint {
    colour: bool,
}

impl Paint {
    /// For text written to standard output.
    pub fn stdout() -> Paint {
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Paint {
            colour: !no_colour && std::io::stdout().is_terminal(),
        }
    }

    fn wrap(self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn good(self, text: &str) -> String {
        self.wrap("32", text)
    }

    pub fn bad(self, text: &str) -> String {
        self.wrap("31", text)
    }

    pub fn warn(self, text: &str) -> String {
        self.wrap("33", text)
    }

    pub fn dim(self, text: &str) -> String {
        self.wrap("2", text)
    }

    pub fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }

    /// ✓ passed, ✗ failed, ! could not run, · waits for a check it needs.
    pub fn mark(self, outcome: &Outcome) -> String {
        match outcome {
            Outcome::Passed => self.good("✓"),
            Outcome::Failed { .. } => self.bad("✗"),
            Outcome::Error { .. } => self.warn("!"),
            Outcome::Waiting { .. } => self.dim("·"),
        }
    }

    /// ✓ or ✗ for a yes/no line (doctor, reset).
    pub fn ok(self, ok: bool) -> String {
        if ok {
            self.good("✓")
        } else {
            self.bad("✗")
        }
    }
}
