//! Paths written into the commands of git hints, quoted the way a POSIX
//! shell reads them, so that a hint followed as written works for
//! `my notes.md` too.

use std::fmt::Display;

/// `path` as one shell word: unchanged when it holds only characters a
/// shell takes literally, else in single quotes (a `'` inside written as
/// `'\''`).
pub(super) fn quote(path: impl Display) -> String {
    let text = path.to_string();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/+@%:,=".contains(c));
    match plain {
        true => text,
        false => format!("'{}'", text.replace('\'', r"'\''")),
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn plain_paths_stay_as_they_are_and_others_are_single_quoted() {
        assert_eq!(quote("src/main.rs"), "src/main.rs");
        assert_eq!(quote("my notes.md"), "'my notes.md'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("$HOME"), "'$HOME'");
    }
}
