//! Presence and plain-text content of a file: `file.exists`, `file.absent`,
//! `file.matches`, `file.not_matches`.

use std::io::ErrorKind;

use crate::pack::types::{Pattern, RelPath};
use crate::verify::{Context, Outcome};

/// Whether something is at `path`: `Ok(Some(is_dir))`, `Ok(None)` when
/// nothing is, or the error outcome when the folder cannot be read.
async fn presence(ctx: &Context, path: &RelPath) -> Result<Option<bool>, Outcome> {
    let full = path.under(&ctx.workspace);
    match tokio::fs::symlink_metadata(&full).await {
        Ok(meta) => Ok(Some(meta.is_dir())),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) if e.kind() == ErrorKind::NotADirectory => Ok(None),
        Err(e) => Err(Outcome::error(format!(
            "could not look at `{}`: {e}",
            full.display()
        ))),
    }
}

pub async fn exists(ctx: &Context, path: &RelPath) -> Outcome {
    match presence(ctx, path).await {
        Ok(Some(_)) => Outcome::Passed,
        Ok(None) => Outcome::failed(
            format!("`{path}` exists"),
            format!("no file or folder at `{path}`"),
        ),
        Err(outcome) => outcome,
    }
}

pub async fn absent(ctx: &Context, path: &RelPath) -> Outcome {
    match presence(ctx, path).await {
        Ok(None) => Outcome::Passed,
        Ok(Some(is_dir)) => Outcome::failed(
            format!("nothing at `{path}`"),
            format!(
                "`{path}` exists (a {})",
                if is_dir { "folder" } else { "file" }
            ),
        ),
        Err(outcome) => outcome,
    }
}

pub async fn matches(ctx: &Context, path: &RelPath, pattern: &Pattern) -> Outcome {
    let text = match super::read_text(ctx, path).await {
        Ok(text) => text,
        Err(outcome) => return outcome,
    };
    Outcome::expect(
        pattern.is_match(&text),
        format!("`{path}` contains a match for {pattern}"),
        format!(
            "nothing in `{path}` ({}) matches {pattern}",
            crate::words::count(text.lines().count(), "line")
        ),
    )
}

pub async fn not_matches(ctx: &Context, path: &RelPath, pattern: &Pattern) -> Outcome {
    let text = match super::read_text(ctx, path).await {
        Ok(text) => text,
        Err(outcome) => return outcome,
    };
    match pattern.0.find(&text) {
        None => Outcome::Passed,
        Some(m) => {
            let (number, line) = line_at(&text, m.start());
            Outcome::failed(
                format!("nothing in `{path}` matching {pattern}"),
                format!("line {number} matches: {line}"),
            )
        }
    }
}

/// The 1-based number and the (trimmed, shortened) text of the line holding
/// byte `offset`.
fn line_at(text: &str, offset: usize) -> (usize, String) {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let number = text[..offset].matches('\n').count() + 1;
    let line = text[start..end].trim();
    let shown = if line.chars().count() > 120 {
        format!("{}...", line.chars().take(117).collect::<String>())
    } else {
        line.to_string()
    };
    (number, shown)
}

#[cfg(test)]
mod tests {
    use super::line_at;

    #[test]
    fn line_at_finds_number_and_text() {
        let text = "one\n  two words\nthree";
        assert_eq!(line_at(text, 0), (1, "one".into()));
        assert_eq!(line_at(text, 8), (2, "two words".into()));
        assert_eq!(line_at(text, text.len() - 1), (3, "three".into()));
    }
}
