//! A lab brief, from Markdown to wrapped terminal lines: headings, lists,
//! emphasis, inline code, code blocks, quotes and rules.

mod blocks;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use self::blocks::{blocks, Block};
use super::text;
use super::theme::Theme;

/// Renders `text` into lines no wider than `width`.
pub fn render(text: &str, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let width = usize::from(width.max(8));
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut previous_item = false;
    for block in blocks(text, theme) {
        if block.pieces.is_empty() && !block.verbatim {
            continue;
        }
        let item = block.first_prefix.contains('•') || is_numbered(&block.first_prefix);
        // A blank line between blocks, except between items of one list.
        if !(out.is_empty() || item && previous_item) {
            out.push(Line::default());
        }
        previous_item = item;
        if block.verbatim {
            out.extend(verbatim(&block, width));
        } else {
            out.extend(wrap(&block, width));
        }
    }
    out
}

fn is_numbered(prefix: &str) -> bool {
    prefix.trim_end().ends_with('.')
        && prefix
            .trim()
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
}

/// Inline code: coloured, or kept in backticks when there is no colour.
fn code_text(text: &str, theme: Theme) -> String {
    if theme.color {
        text.to_string()
    } else {
        format!("`{text}`")
    }
}

/// Plain text in which `backticked` parts are shown as inline code.
pub fn inline(text: &str, style: Style, theme: Theme) -> Vec<(String, Style)> {
    text.split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| {
            if i % 2 == 1 {
                (code_text(part, theme), theme.code())
            } else {
                (part.to_string(), style)
            }
        })
        .collect()
}

fn verbatim(block: &Block, width: usize) -> Vec<Line<'static>> {
    let text: String = block.pieces.iter().map(|(t, _)| t.as_str()).collect();
    let style = block.pieces.first().map(|(_, s)| *s).unwrap_or_default();
    let room = width
        .saturating_sub(text::width(&block.first_prefix))
        .max(4);
    let mut out = Vec::new();
    for line in text.trim_end_matches('\n').lines() {
        let chunks = text::pieces(line, room);
        if chunks.is_empty() {
            out.push(Line::from(block.first_prefix.clone()));
        }
        for chunk in chunks {
            out.push(Line::from(vec![
                Span::raw(block.first_prefix.clone()),
                Span::styled(chunk.to_string(), style),
            ]));
        }
    }
    out
}

fn wrap(block: &Block, width: usize) -> Vec<Line<'static>> {
    wrap_pieces(
        &block.pieces,
        &block.first_prefix,
        &block.rest_prefix,
        width,
    )
}

/// Word-wraps styled pieces to `width` columns, with `first` before the
/// first line and `rest` (a hanging indent) before the others. `\n` breaks
/// a line. A word too long for a line of its own (a long regex, a key path,
/// a URL) is broken at the edge and goes on on the next line: no text is
/// ever left out.
pub fn wrap_pieces(
    pieces: &[(String, Style)],
    first: &str,
    rest: &str,
    width: usize,
) -> Vec<Line<'static>> {
    wrap_pieces_within(pieces, first, rest, width, usize::MAX)
}

/// [`wrap_pieces`], stopping at `max_lines` lines: when text is left, the
/// last line ends in `…`. Time and memory grow with the lines produced,
/// not with the length of the text, so a megabyte-long title costs no more
/// than the screen it fills.
pub fn wrap_pieces_within(
    pieces: &[(impl AsRef<str>, Style)],
    first: &str,
    rest: &str,
    width: usize,
    max_lines: usize,
) -> Vec<Line<'static>> {
    let mut lines = Lines {
        done: Vec::new(),
        spans: vec![Span::raw(first.to_string())],
        used: text::width(first),
        rest,
        rest_width: text::width(rest),
        width,
        max_lines: max_lines.max(1),
        full: false,
    };
    'all: for (text, style) in pieces {
        for (i, part) in text.as_ref().split('\n').enumerate() {
            if i > 0 {
                lines.break_line();
            }
            for word in SpacesAndWords(part) {
                if lines.full {
                    break 'all;
                }
                lines.push_word(word, *style);
            }
        }
    }
    lines.finish()
}

/// Lines being filled by [`wrap_pieces_within`].
struct Lines<'a> {
    done: Vec<Line<'static>>,
    spans: Vec<Span<'static>>,
    /// Columns used on the line being filled.
    used: usize,
    rest: &'a str,
    rest_width: usize,
    width: usize,
    max_lines: usize,
    /// `max_lines` are filled and text was left.
    full: bool,
}

impl Lines<'_> {
    fn break_line(&mut self) {
        if self.done.len() + 1 >= self.max_lines {
            self.full = true;
            return;
        }
        self.done.push(Line::from(std::mem::take(&mut self.spans)));
        self.spans.push(Span::raw(self.rest.to_string()));
        self.used = self.rest_width;
    }

    /// Whether the line being filled has only its prefix.
    fn is_fresh(&self) -> bool {
        self.used <= self.rest_width
    }

    fn push(&mut self, piece: &str, width: usize, style: Style) {
        self.spans.push(Span::styled(piece.to_string(), style));
        self.used += width;
    }

    fn push_word(&mut self, word: &str, style: Style) {
        if word.starts_with(' ') {
            // Spaces only (one column each); dropped at a break.
            if self.used + word.len() > self.width && !self.is_fresh() {
                self.break_line();
            } else {
                self.push(word, word.len(), style);
            }
            return;
        }
        // Measure no further than a line's room: a word longer than that
        // is cut below, piece by piece, each piece measured once.
        let room_of_a_line = self.width.saturating_sub(self.rest_width);
        let (whole, more) = text::split_at_width(word, room_of_a_line);
        if more.is_empty() {
            let w = text::width(whole);
            if self.used + w > self.width && !self.is_fresh() {
                self.break_line();
            }
            if !self.full {
                self.push(word, w, style);
            }
            return;
        }
        // Longer than any line: fill this one and go on on the next.
        let mut left = word;
        while !left.is_empty() && !self.full {
            let room = self.width.saturating_sub(self.used);
            let (head, tail) = text::split_at_width(left, room);
            let w = text::width(head);
            if w > room && !self.is_fresh() {
                self.break_line(); // not even one character fits here
                continue;
            }
            self.push(head, w, style);
            left = tail;
            if !left.is_empty() {
                self.break_line();
            }
        }
    }

    /// The lines, the last one ending in `…` when text was left out.
    fn finish(mut self) -> Vec<Line<'static>> {
        if self.full {
            if self.used + 1 > self.width {
                if let Some(last) = self.spans.last_mut() {
                    let mut content = last.content.to_string();
                    content.pop();
                    last.content = content.into();
                }
            }
            self.spans.push(Span::raw("…"));
        }
        self.done.push(Line::from(self.spans));
        self.done
    }
}

/// Plain text wrapped in one style.
pub fn wrap_text(
    text: &str,
    style: Style,
    first: &str,
    rest: &str,
    width: u16,
) -> Vec<Line<'static>> {
    wrap_text_within(text, style, first, rest, width, usize::MAX)
}

/// [`wrap_text`] stopping at `max_lines` lines (see [`wrap_pieces_within`]).
pub fn wrap_text_within(
    text: &str,
    style: Style,
    first: &str,
    rest: &str,
    width: u16,
    max_lines: usize,
) -> Vec<Line<'static>> {
    wrap_pieces_within(
        &[(text, style)],
        first,
        rest,
        usize::from(width.max(8)),
        max_lines,
    )
}

/// Words and the runs of spaces between them, in order, so styles can
/// change mid-line without losing spaces. Lazy: only what is wrapped is
/// looked at.
struct SpacesAndWords<'a>(&'a str);

impl<'a> Iterator for SpacesAndWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let text = self.0;
        let space = text.starts_with(' ');
        let end = text
            .find(|c: char| (c == ' ') != space)
            .unwrap_or(text.len());
        if end == 0 {
            return None;
        }
        self.0 = &text[end..];
        Some(&text[..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str, width: u16) -> Vec<String> {
        render(text, width, Theme::plain())
            .iter()
            .map(|l| {
                let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                text.trim_end().to_string()
            })
            .collect()
    }

    #[test]
    fn headings_lists_and_code_keep_their_shape() {
        let lines = plain(
            "# Run it\n\nStart **one** container with `docker run`.\n\n- first\n- second\n\n```sh\ndocker ps\n```\n",
            40,
        );
        assert_eq!(
            lines,
            vec![
                "# Run it",
                "",
                "Start one container with `docker run`.",
                "",
                "• first",
                "• second",
                "",
                "    docker ps",
            ]
        );
    }

    #[test]
    fn a_word_longer_than_a_line_is_broken_and_kept_whole() {
        let regex = "/^(feat|fix|docs|chore|refactor|test|ci|build)(.+)?:.+/";
        let lines = plain(&format!("Match {regex} in every subject."), 20);
        let joined: String = lines.concat();
        assert!(joined.contains(regex), "nothing is dropped: {lines:?}");
        assert!(lines.iter().all(|l| text::width(l) <= 20), "{lines:?}");
        assert_eq!(lines[0], "Match /^(feat|fix|do", "the first line is filled");
    }

    #[test]
    fn wide_characters_wrap_by_their_width() {
        let lines = plain("短いコミット 短いコミット 短いコミット", 26);
        assert_eq!(lines, vec!["短いコミット 短いコミット", "短いコミット"]);
        let lines = plain("短いコミットを書く短いコミットを書く", 10);
        assert!(lines.iter().all(|l| text::width(l) <= 10), "{lines:?}");
        assert_eq!(lines.concat(), "短いコミットを書く短いコミットを書く");
    }

    #[test]
    fn long_paragraphs_wrap_at_words_with_hanging_indent() {
        let lines = plain("1. alpha beta gamma delta epsilon", 16);
        assert_eq!(lines, vec!["1. alpha beta", "   gamma delta", "   epsilon"]);
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn a_mebibyte_word_is_cut_into_full_lines_and_kept_whole() {
        let word = "w".repeat(1 << 20);
        let lines = texts(&wrap_text(&word, Style::new(), "", "", 40));
        assert_eq!(lines.len(), (1 << 20) / 40 + 1);
        assert!(lines[..lines.len() - 1].iter().all(|l| l.len() == 40));
        assert_eq!(lines.concat(), word, "nothing is left out");
    }

    #[test]
    fn a_mebibyte_word_wrapped_within_a_few_lines_stops_there_and_says_so() {
        let word = "w".repeat(1 << 20);
        let lines = texts(&wrap_text_within(&word, Style::new(), "", "", 40, 5));
        assert_eq!(lines.len(), 5, "only the lines asked for are made");
        assert_eq!(lines[0], "w".repeat(40));
        assert_eq!(lines[4], format!("{}…", "w".repeat(39)));
        assert!(lines.iter().all(|l| text::width(l) <= 40), "{lines:?}");
    }

    #[test]
    fn text_that_fits_within_the_limit_is_not_marked() {
        let lines = texts(&wrap_text_within("alpha beta", Style::new(), "", "", 40, 1));
        assert_eq!(lines, vec!["alpha beta"]);
        let lines = texts(&wrap_text_within(
            "alpha beta gamma delta",
            Style::new(),
            "",
            "",
            12,
            1,
        ));
        assert_eq!(lines, vec!["alpha beta …"], "spaces before the cut stay");
    }

    #[test]
    fn a_mebibyte_one_word_brief_renders_every_line_at_the_width() {
        let brief = format!("# Brief\n\n{}\n", "b".repeat(1 << 20));
        let lines = plain(&brief, 64);
        assert_eq!(lines[0], "# Brief");
        assert_eq!(lines.len(), 2 + (1 << 20) / 64);
        assert!(lines[2..].iter().all(|l| l.len() == 64));
    }
}
