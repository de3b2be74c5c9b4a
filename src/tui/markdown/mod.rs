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
    let mut lines = Lines {
        done: Vec::new(),
        spans: vec![Span::raw(first.to_string())],
        used: text::width(first),
        rest,
        rest_width: text::width(rest),
        width,
    };
    for (text, style) in pieces {
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                lines.break_line();
            }
            for word in split_keep_spaces(part) {
                lines.push_word(&word, *style);
            }
        }
    }
    lines.done.push(Line::from(lines.spans));
    lines.done
}

/// Lines being filled by [`wrap_pieces`].
struct Lines<'a> {
    done: Vec<Line<'static>>,
    spans: Vec<Span<'static>>,
    /// Columns used on the line being filled.
    used: usize,
    rest: &'a str,
    rest_width: usize,
    width: usize,
}

impl Lines<'_> {
    fn break_line(&mut self) {
        self.done.push(Line::from(std::mem::take(&mut self.spans)));
        self.spans.push(Span::raw(self.rest.to_string()));
        self.used = self.rest_width;
    }

    /// Whether the line being filled has only its prefix.
    fn is_fresh(&self) -> bool {
        self.used <= self.rest_width
    }

    fn push_word(&mut self, word: &str, style: Style) {
        let w = text::width(word);
        let is_space = word.trim().is_empty();
        let room_of_a_line = self.width.saturating_sub(self.rest_width);
        if self.used + w > self.width && !self.is_fresh() {
            if is_space {
                self.break_line();
                return; // spaces at a break are dropped
            }
            if w <= room_of_a_line {
                self.break_line();
            }
        }
        // Longer than any line: fill this one and go on on the next.
        let mut left = word;
        while !is_space && self.used + text::width(left) > self.width {
            let room = self.width.saturating_sub(self.used);
            if room == 0 && !self.is_fresh() {
                self.break_line();
                continue;
            }
            let (head, tail) = text::split_at_width(left, room);
            self.spans.push(Span::styled(head.to_string(), style));
            left = tail;
            if left.is_empty() {
                self.used += text::width(head);
                return;
            }
            self.break_line();
        }
        self.spans.push(Span::styled(left.to_string(), style));
        self.used += text::width(left);
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
    wrap_pieces(
        &[(text.to_string(), style)],
        first,
        rest,
        usize::from(width.max(8)),
    )
}

/// Splits into words and the spaces between them, so styles can change
/// mid-line without losing spaces.
fn split_keep_spaces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_space = false;
    for c in text.chars() {
        let space = c == ' ';
        if space != in_space && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        in_space = space;
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
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
}
