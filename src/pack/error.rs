//! Problems found while loading a pack, each naming the file, the place in it
//! and what to do.

use std::fmt;
use std::io;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackProblem {
    /// The file as the user would type it.
    pub file: String,
    /// 1-based line and column, when the problem has a place in the file.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl PackProblem {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        PackProblem {
            file: file.into(),
            at: None,
            message: message.into(),
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.at = Some((line, column));
        self
    }

    /// Places the problem at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_column(source, offset);
        self.at(line, column)
    }

    /// A TOML error turned into a problem at its place in the file.
    pub fn from_toml(file: &str, source: &str, err: &toml::de::Error) -> Self {
        // One line per problem; the parser's own messages get a fix.
        let text = err
            .message()
            .trim_end()
            .lines()
            .collect::<Vec<_>>()
            .join("; ");
        let with_fix = |mut m: String| {
            if m.contains("recurs") {
                m.push_str("; nest tables and lists less deeply");
            } else if !m.contains(';') && !m.starts_with("check `") {
                m.push_str("; fix the TOML here (syntax: https://toml.io)");
            }
            m
        };
        let Some(span) = err.span() else {
            return PackProblem::new(file, with_fix(text));
        };
        let message = if text.starts_with("duplicate key") {
            let key = source.get(span.clone()).unwrap_or("").trim();
            format!(
                "duplicate key `{key}`; a key may appear once per table, so remove or rename one"
            )
        } else {
            with_fix(super::explain::field_message(
                super::explain::key_at(source, span.start),
                &text,
            ))
        };
        PackProblem::new(file, message).at_offset(source, span.start)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// `text` with every control character but newline and tab escaped.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c.to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

impl fmt::Display for PackProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Messages quote pack text and paths; a control character in them
        // must not reach the terminal.
        let (file, message) = (visible(&self.file), visible(&self.message));
        match self.at {
            Some((line, column)) => write!(f, "{file}:{line}:{column}: {message}"),
            None => write!(f, "{file}: {message}"),
        }
    }
}

/// Everything wrong with a pack; loading reports all problems at once.
#[derive(Debug, thiserror::Error)]
pub struct PackErrors(pub Vec<PackProblem>);

impl fmt::Display for PackErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// Why a file of a pack folder was not read. Each message names the file
/// and says what to do; none of these files is ever opened for reading.
#[derive(Debug, thiserror::Error)]
pub enum PackFileError {
    #[error("{path}: missing")]
    Missing { path: String },
    #[error("{path}: symbolic link resolves to {target}, outside the pack; copy what it points to into the pack instead")]
    LeavesPack { path: String, target: String },
    #[error("{path}: symbolic link points nowhere; fix its target or remove it")]
    Dangling { path: String },
    #[error(
        "{path}: symbolic links loop here; remove the link that points back to a folder above it"
    )]
    Loop { path: String },
    #[error("{path}: is a {kind}, not a plain file; pack files must be regular files, so replace it with one")]
    NotAFile { path: String, kind: &'static str },
    #[error("{path}: is a folder, but {name} must be a file; put the text in a file of that name")]
    IsFolder { path: String, name: String },
    #[error("{path}: is larger than {limit}, the limit for {what}; make it smaller (docs/pack-format.md, \"Limits\")")]
    TooLarge {
        path: String,
        limit: String,
        what: &'static str,
    },
    #[error("{path}:{line}:{column}: is not UTF-8 text; save the file as UTF-8")]
    NotUtf8 {
        path: String,
        line: usize,
        column: usize,
    },
    #[error("{path}: holds more than {limit} files; a lab folder may hold at most {limit} (docs/pack-format.md, \"Limits\")")]
    TooManyFiles { path: String, limit: usize },
    #[error("{path}: folders nest more than {limit} deep here; flatten the folder (docs/pack-format.md, \"Limits\")")]
    TooDeep { path: String, limit: usize },
    #[error("{path}: holds more than {limit} folders, counting a folder once for every link that leads to it; a lab folder may hold at most {limit}, so remove links to folders or flatten it (docs/pack-format.md, \"Limits\")")]
    TooManyFolders { path: String, limit: usize },
    #[error("{path}: its files add up to more than {limit} (counting each file as large as it claims to be), the limit for {what}; make the files smaller or fewer (docs/pack-format.md, \"Limits\")")]
    TooMuch {
        path: String,
        limit: String,
        what: &'static str,
    },
    #[error("{path}: cannot read: {source}; check that the file is readable")]
    Io { path: String, source: io::Error },
}

impl PackFileError {
    /// The file the problem is about, as shown to the user.
    pub fn path(&self) -> &str {
        use PackFileError::*;
        match self {
            Missing { path }
            | LeavesPack { path, .. }
            | Dangling { path }
            | Loop { path }
            | NotAFile { path, .. }
            | IsFolder { path, .. }
            | TooLarge { path, .. }
            | NotUtf8 { path, .. }
            | TooManyFiles { path, .. }
            | TooDeep { path, .. }
            | TooManyFolders { path, .. }
            | TooMuch { path, .. }
            | Io { path, .. } => path,
        }
    }

    /// The problem as a `PackProblem`, placed at its line for text that is
    /// not UTF-8.
    pub fn to_problem(&self) -> PackProblem {
        let full = self.to_string();
        let (at, prefix) = match self {
            PackFileError::NotUtf8 { line, column, .. } => (
                Some((*line, *column)),
                format!("{}:{line}:{column}: ", self.path()),
            ),
            _ => (None, format!("{}: ", self.path())),
        };
        let message = full.strip_prefix(&prefix).unwrap_or(&full).to_string();
        PackProblem {
            file: self.path().to_string(),
            at,
            message,
        }
    }
}

impl From<PackFileError> for io::Error {
    fn from(e: PackFileError) -> io::Error {
        let kind = match &e {
            PackFileError::Missing { .. } => io::ErrorKind::NotFound,
            PackFileError::Io { source, .. } => source.kind(),
            _ => io::ErrorKind::InvalidData,
        };
        io::Error::new(kind, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let src = "a = 1\nbb = 2\n";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 6), (2, 1));
        assert_eq!(line_column(src, 9), (2, 4));
    }
}
