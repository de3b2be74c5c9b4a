//! Text measured in terminal columns. Every width the UI lays out by goes
//! through here: a CJK character or an emoji takes two columns, a
//! combining accent none, so counting `char`s (or bytes) would misplace
//! everything after them. Widths come from `unicode-width`, the table
//! ratatui itself draws with.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns `text` takes on screen.
pub fn width(text: &str) -> usize {
    text.width()
}

/// Columns one character takes (0 for control characters).
fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// The longest start of `text` that fits in `room` columns, and the rest.
/// The start is never empty while `text` is not, so a caller that cuts a
/// text into pieces always gets on, even with `room` narrower than one
/// wide character.
pub fn split_at_width(text: &str, room: usize) -> (&str, &str) {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        let w = char_width(c);
        if used + w > room && i > 0 {
            return text.split_at(i);
        }
        used += w;
    }
    (text, "")
}

/// `text` in pieces of at most `room` columns each (a piece is wider only
/// when one character alone is), in order, nothing left out.
pub fn pieces(text: &str, room: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (piece, after) = split_at_width(rest, room);
        out.push(piece);
        rest = after;
    }
    out
}

/// `text` cut to `room` columns, ending in `…` when it was cut. Looks at
/// no more of `text` than fits, however long it is.
pub fn cut(text: &str, room: usize) -> String {
    let (start, rest) = split_at_width(text, room);
    if rest.is_empty() && width(start) <= room {
        return text.to_string();
    }
    if room == 0 {
        return String::new();
    }
    let (start, _) = split_at_width(text, room - 1);
    let start = if width(start) > room - 1 { "" } else { start };
    format!("{start}…")
}

/// `text` cut to `room` columns and padded with spaces to exactly `room`.
pub fn fit(text: &str, room: usize) -> String {
    let cut = cut(text, room);
    let pad = room.saturating_sub(width(&cut));
    cut + &" ".repeat(pad)
}

/// A count of lines as terminal rows, `u16::MAX` when there are more (no
/// panel scrolls further than that).
pub fn rows(lines: usize) -> u16 {
    u16::try_from(lines).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_two_columns() {
        assert_eq!(width("短いコミット"), 12);
        assert_eq!(width("abc"), 3);
        assert_eq!(width("e\u{301}"), 1, "a combining accent takes no column");
    }

    #[test]
    fn cutting_keeps_within_the_room_and_says_so() {
        assert_eq!(cut("短いコミット", 12), "短いコミット");
        assert_eq!(cut("短いコミット", 7), "短いコ…");
        assert_eq!(
            cut("短いコミット", 6),
            "短い…",
            "half a character is dropped"
        );
        assert_eq!(width(&cut("短いコミット", 6)), 5);
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 0), "");
        assert_eq!(
            cut(&"x".repeat(1 << 20), 4),
            "xxx…",
            "a mebibyte is cut too"
        );
    }

    #[test]
    fn fit_pads_to_exactly_the_room() {
        assert_eq!(fit("短い", 6), "短い  ");
        assert_eq!(width(&fit("短いコミット", 9)), 9);
    }

    #[test]
    fn pieces_leave_nothing_out() {
        let text = "/^(feat|fix|docs)短い: .+/";
        let parts = pieces(text, 7);
        assert_eq!(parts.concat(), text);
        assert!(parts.iter().all(|p| width(p) <= 7), "{parts:?}");
        assert_eq!(pieces("短い", 1), vec!["短", "い"], "too narrow: one each");
    }
}
