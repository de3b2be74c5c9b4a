//! Colour and marks for terminal output. Colour only when standard output is
//! a terminal and NO_COLOR is not set.

use std::io::IsTerminal;

use crate::verify::{Evidence, Outcome};

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

    /// The lines `opslab check --explain` prints under a check: per thing
    /// looked at, `looked at: OBJECT` and then `  FIELD = FOUND` per value
    /// read from it, control characters escaped so one value stays on one
    /// line.
    pub fn evidence(self, evidence: &[Evidence]) -> String {
        let mut out = String::new();
        let mut object = None;
        for e in evidence {
            if object != Some(&e.object) {
                out.push_str(&format!(
                    "      looked at: {}\n",
                    self.dim(&one_line(&e.object))
                ));
                object = Some(&e.object);
            }
            let found = match e.found.is_empty() {
                true => "\"\"".to_string(),
                false => one_line(&e.found),
            };
            match e.field.is_empty() {
                true => out.push_str(&format!("        {found}\n")),
                false => out.push_str(&format!("        {} = {found}\n", one_line(&e.field))),
            }
        }
        out
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

/// `text` with line breaks, tabs and other control characters written as
/// escapes (`\n`), so it fits on one line of a report.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| match c.is_control() {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(object: &str, field: &str, found: &str) -> Evidence {
        Evidence {
            object: object.into(),
            field: field.into(),
            found: found.into(),
        }
    }

    #[test]
    fn evidence_is_grouped_by_object_one_value_a_line() {
        let text = Paint { colour: false }.evidence(&[
            seen("container web (id 3f2a1b9c0d12)", "State.Running", "true"),
            seen("container web (id 3f2a1b9c0d12)", "State.Status", "running"),
            seen("file notes.txt", "text", "a\nb\tc"),
            seen("file empty", "text", ""),
        ]);
        assert_eq!(
            text,
            "      looked at: container web (id 3f2a1b9c0d12)\n\
             \x20       State.Running = true\n\
             \x20       State.Status = running\n\
             \x20     looked at: file notes.txt\n\
             \x20       text = a\\nb\\tc\n\
             \x20     looked at: file empty\n\
             \x20       text = \"\"\n"
        );
    }
}
