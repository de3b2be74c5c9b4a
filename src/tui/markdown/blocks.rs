//! Markdown events gathered into blocks: a heading, a paragraph, a list
//! item, a code block, each with its styled pieces and indentation, ready
//! to be wrapped.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};

use super::code_text;
use crate::tui::theme::Theme;

/// A block before wrapping: styled pieces and how to indent them.
pub struct Block {
    pub pieces: Vec<(String, Style)>,
    pub first_prefix: String,
    pub rest_prefix: String,
    /// Code: lines kept as written, cut rather than wrapped at words.
    pub verbatim: bool,
}

/// The blocks of `text`, in order.
pub fn blocks(text: &str, theme: Theme) -> Vec<Block> {
    let mut blocks = Blocks {
        theme,
        out: Vec::new(),
        cur: None,
        styles: vec![Style::new()],
        lists: Vec::new(),
        quote: 0,
    };
    for event in Parser::new(text) {
        blocks.event(event);
    }
    blocks.flush();
    blocks.out
}

/// Markdown events gathered into blocks, with the lists, quotes and inline
/// styles open at the current event.
struct Blocks {
    theme: Theme,
    out: Vec<Block>,
    cur: Option<Block>,
    styles: Vec<Style>,
    /// One entry per open list: the next number, or None for bullets.
    lists: Vec<Option<u64>>,
    quote: usize,
}

impl Blocks {
    fn event(&mut self, event: Event) {
        let theme = self.theme;
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                let verbatim = self.cur.as_ref().is_some_and(|b| b.verbatim);
                let style = if verbatim { theme.code() } else { self.style() };
                self.current().pieces.push((t.to_string(), style));
            }
            Event::Code(t) => {
                let piece = (code_text(&t, theme), theme.code());
                self.current().pieces.push(piece);
            }
            Event::SoftBreak => self.push_break(" "),
            Event::HardBreak => self.push_break("\n"),
            Event::Rule => {
                self.flush();
                let mut b = block(String::new(), String::new(), false);
                b.pieces.push(("────────".into(), theme.dim()));
                self.out.push(b);
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        let indent = self.indent();
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                let mark = match level {
                    HeadingLevel::H1 => "# ",
                    HeadingLevel::H2 => "## ",
                    _ => "### ",
                };
                let mut b = block(String::new(), String::new(), false);
                b.pieces.push((mark.to_string(), self.theme.heading()));
                self.cur = Some(b);
                self.styles.push(self.theme.heading());
            }
            Tag::Paragraph if self.cur.is_none() => {
                self.cur = Some(block(indent.clone(), indent, false));
            }
            Tag::List(first) => {
                self.flush();
                self.lists.push(first);
            }
            Tag::Item => {
                self.flush();
                let mark = self.item_mark();
                let rest = indent.clone() + &" ".repeat(crate::tui::text::width(&mark));
                self.cur = Some(block(indent + &mark, rest, false));
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush();
                let pad = indent + "    ";
                self.cur = Some(block(pad.clone(), pad, true));
            }
            Tag::Emphasis => self.push_style(Modifier::ITALIC),
            Tag::Strong => self.push_style(Modifier::BOLD),
            Tag::Link { .. } => self.push_style(Modifier::UNDERLINED),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                self.styles.pop();
                self.flush();
            }
            TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock => self.flush(),
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link => {
                self.styles.pop();
            }
            _ => {}
        }
    }

    /// How deep the current event sits: two spaces per nested list, a bar
    /// per quote.
    fn indent(&self) -> String {
        "  ".repeat(self.lists.len().saturating_sub(1)) + &"│ ".repeat(self.quote)
    }

    /// `"3. "` in a numbered list (counting on), else a bullet.
    fn item_mark(&mut self) -> String {
        match self.lists.last_mut() {
            Some(Some(n)) => {
                *n += 1;
                format!("{}. ", *n - 1)
            }
            _ => "• ".to_string(),
        }
    }

    /// The block being gathered, or a new paragraph when there is none.
    fn current(&mut self) -> &mut Block {
        let indent = self.indent();
        self.cur
            .get_or_insert_with(|| block(indent.clone(), indent, false))
    }

    fn push_break(&mut self, text: &str) {
        if let Some(b) = self.cur.as_mut() {
            b.pieces.push((text.into(), Style::new()));
        }
    }

    fn style(&self) -> Style {
        *self.styles.last().unwrap_or(&Style::new())
    }

    fn push_style(&mut self, m: Modifier) {
        let top = self.style();
        self.styles.push(top.add_modifier(m));
    }

    fn flush(&mut self) {
        if let Some(b) = self.cur.take() {
            self.out.push(b);
        }
    }
}

fn block(first_prefix: String, rest_prefix: String, verbatim: bool) -> Block {
    Block {
        pieces: Vec::new(),
        first_prefix,
        rest_prefix,
        verbatim,
    }
}
