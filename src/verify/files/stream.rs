//! Searching a file of any size for a regular expression with bounded
//! memory.
//!
//! The file is read as a stream, `\r\n` turned into `\n` on the way (so
//! `(?m)^EXPOSE 8080$` matches a Dockerfile saved on Windows), and searched
//! in windows of [`STEP`] new bytes. Each window also holds the last
//! [`REACH`] bytes of the one before it and a few bytes on either side for
//! look-around (`^`, `$`, `\b`), so every match up to [`REACH`] long is found
//! wherever it lies, and nothing is found that the whole text would not
//! match. A match longer than [`REACH`] (a `(?s)` pattern spanning over
//! 1 MiB of text) may be missed. Memory stays near `STEP + REACH`
//! whatever the size of the file.

use std::io::{self, Read};

use regex_automata::meta::Regex;
use regex_automata::Input;

/// New bytes searched per window.
pub const STEP: usize = 4 * 1024 * 1024;
/// The longest match that is always found: the overlap between windows.
pub const REACH: usize = 1024 * 1024;
/// Bytes kept on each side of a window for look-around assertions (one
/// UTF-8 character).
const CONTEXT: usize = 4;
/// The longest line shown when a match is reported.
const SHOWN: usize = 120;

/// What a search of a whole file found.
#[derive(Debug, PartialEq, Eq)]
pub struct Search {
    /// The first match found: its 1-based line number and the (trimmed,
    /// shortened) text of that line.
    pub found: Option<(usize, String)>,
    /// How many lines the file has, counted up to the match when there is
    /// one (as `str::lines` counts them: a last line needs no `\n`).
    pub lines: usize,
}

/// Searches everything `reader` gives for `regex`.
pub fn search(reader: impl Read, regex: &Regex) -> io::Result<Search> {
    let mut text = Normalized::new(reader);
    let mut buf: Vec<u8> = Vec::with_capacity(STEP + REACH + 2 * CONTEXT);
    // Where in `buf` the next window starts, and the lines dropped before
    // `buf[0]`.
    let (mut start, mut dropped_lines) = (0usize, 0usize);
    loop {
        let eof = text.fill(&mut buf, start + STEP + CONTEXT)?;
        let end = if eof { buf.len() } else { buf.len() - CONTEXT };
        if let Some(m) = regex.search(&Input::new(&buf).range(start..end)) {
            let number = dropped_lines + count_lines(&buf[..m.start()]) + 1;
            return Ok(Search {
                found: Some((number, line_around(&buf, m.start()))),
                lines: number,
            });
        }
        if eof {
            let last_open = buf.last().is_some_and(|b| *b != b'\n');
            return Ok(Search {
                found: None,
                lines: dropped_lines + count_lines(&buf) + usize::from(last_open),
            });
        }
        let next = end.saturating_sub(REACH).max(start);
        let drop = next.saturating_sub(CONTEXT);
        dropped_lines += count_lines(&buf[..drop]);
        buf.drain(..drop);
        start = next - drop;
    }
}

fn count_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// The trimmed text of the line holding byte `at`, cut to [`SHOWN`]
/// characters (and to what the window holds of a very long line).
fn line_around(buf: &[u8], at: usize) -> String {
    let from = buf[..at]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let to = buf[at..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(buf.len(), |i| at + i);
    let from = from.max(at.saturating_sub(4 * SHOWN));
    let to = to.min(at + 4 * SHOWN);
    let line = String::from_utf8_lossy(&buf[from..to]);
    let line = line.trim();
    if line.chars().count() > SHOWN {
        format!("{}...", line.chars().take(SHOWN - 3).collect::<String>())
    } else {
        line.to_string()
    }
}

/// A reader whose `\r\n` pairs come out as `\n`.
struct Normalized<R> {
    inner: R,
    chunk: Vec<u8>,
    /// A `\r` that ended the last chunk, held until the next byte is known.
    held_cr: bool,
    eof: bool,
}

impl<R: Read> Normalized<R> {
    fn new(inner: R) -> Self {
        Normalized {
            inner,
            chunk: vec![0; 64 * 1024],
            held_cr: false,
            eof: false,
        }
    }

    /// Appends to `buf` until it holds `want` bytes or the text ends;
    /// returns whether it ended.
    fn fill(&mut self, buf: &mut Vec<u8>, want: usize) -> io::Result<bool> {
        while buf.len() < want && !self.eof {
            let n = match self.inner.read(&mut self.chunk) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if n == 0 {
                self.eof = true;
                if std::mem::take(&mut self.held_cr) {
                    buf.push(b'\r');
                }
                break;
            }
            self.push(buf, n);
        }
        Ok(self.eof)
    }

    fn push(&mut self, buf: &mut Vec<u8>, n: usize) {
        let mut rest = &self.chunk[..n];
        if std::mem::take(&mut self.held_cr) && rest.first() != Some(&b'\n') {
            buf.push(b'\r');
        }
        while let Some(i) = rest.iter().position(|b| *b == b'\r') {
            buf.extend_from_slice(&rest[..i]);
            match rest.get(i + 1) {
                Some(b'\n') => {}
                Some(_) => buf.push(b'\r'),
                None => self.held_cr = true,
            }
            rest = &rest[i + 1..];
        }
        buf.extend_from_slice(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &[u8], pattern: &str) -> Search {
        search(text, &Regex::new(pattern).unwrap()).unwrap()
    }

    /// A reader that hands out one byte at a time, so every chunk boundary
    /// (a `\r` at the end of one, `\n` at the start of the next) is tried.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let Some((first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            out[0] = *first;
            self.0 = rest;
            Ok(1)
        }
    }

    #[test]
    fn crlf_line_ends_read_as_lf_across_chunks() {
        let text = b"FROM alpine\r\nEXPOSE 8080\r\nlone\rcr\r";
        let mut out = Vec::new();
        let mut reader = Normalized::new(Trickle(text));
        assert!(reader.fill(&mut out, usize::MAX).unwrap());
        assert_eq!(out, b"FROM alpine\nEXPOSE 8080\nlone\rcr\r");
        assert!(run(text, r"(?m)^EXPOSE 8080$").found.is_some());
    }

    #[test]
    fn counts_lines_as_str_lines_does() {
        for text in ["", "a", "a\n", "a\nb", "a\n\nb\n"] {
            assert_eq!(
                run(text.as_bytes(), "zzz").lines,
                text.lines().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn finds_matches_across_window_edges_with_true_context() {
        // A match straddling the first window's end, and anchors that must
        // see the real neighbours of the window's edges.
        let mut text = vec![b'x'; STEP - 3];
        text.extend_from_slice(b"\nneedle here\nend");
        let found = run(&text, r"(?m)^needle here$").found.unwrap();
        assert_eq!(found, (2, "needle here".to_string()));
        assert!(run(&text, r"x\z").found.is_none());
        assert!(run(&text, r"(?m)^x+$").found.is_some());
        assert!(run(&text, r"(?m)^ere$").found.is_none());
        assert!(run(&text, r"end\z").found.is_some());
    }

    #[test]
    fn a_match_within_reach_is_found_in_a_later_window() {
        let mut text = vec![b'a'; 3 * STEP];
        text.extend_from_slice(b"\nBEGIN\n");
        text.extend(std::iter::repeat_n(b'b', REACH / 2));
        text.extend_from_slice(b"\nEND\n");
        let found = run(&text, r"(?s)BEGIN.*END").found.unwrap();
        assert_eq!(found.0, 2);
        assert!(run(&text, r"(?m)^END$").found.is_some());
    }
}
