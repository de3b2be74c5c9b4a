//! A lab brief, from Markdown to wrapped terminal lines: headings, lists,
//! emphasis, inline code, code blocks, quotes and rules.

mod blocks;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use self::blocks::{blocks, Block};
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
        .saturating_sub(block.first_prefix.chars().count())
        .max(4);
    let mut out = Vec::new();
    for line in text.trim_end_matches('\n').lines() {
        let chars: Vec<char> = line.chars().collect();
        let mut chunks = chars.chunks(room).peekable();
        if chunks.peek().is_none() {
            out.push(Line::from(block.first_prefix.clone()));
        }
        for chunk in chunks {
            out.push(Line::from(vec![
                Span::raw(block.first_prefix.clone()),
                Span::styled(chunk.iter().collect::<String>(), style),
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

/// Word-wraps styled pieces to `width`, with `first` before the first line
/// and `rest` (a hanging indent) before the others. `\n` breaks a line.
pub fn wrap_pieces(
    pieces: &[(String, Style)],
    first: &str,
    rest: &str,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut spans: Vec<Span<'static>> = vec![Span::raw(first.to_string())];
    let mut used = Span::raw(first).width();
    let rest_width = Span::raw(rest).width();
    let mut new_line = |spans: &mut Vec<Span<'static>>, used: &mut usize| {
        lines.push(Line::from(std::mem::take(spans)));
        spans.push(Span::raw(rest.to_string()));
        *used = rest_width;
    };
    for (text, style) in pieces {
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                new_line(&mut spans, &mut used);
            }
            for word in split_keep_spaces(part) {
                let w = Span::raw(word.as_str()).width();
                let is_space = word.trim().is_empty();
                if used + w > width && used > rest_width {
                    new_line(&mut spans, &mut used);
                    if is_space {
                        continue;
                    }
                }
                spans.push(Span::styled(word, *style));
                used += w;
            }
        }
    }
    lines.push(Line::from(spans));
    lines
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
    fn long_paragraphs_wrap_at_words_with_hanging_indent() {
        let lines = plain("1. alpha beta gamma delta epsilon", 16);
        assert_eq!(lines, vec!["1. alpha beta", "   gamma delta", "   epsilon"]);
    }
}
