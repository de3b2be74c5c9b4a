//! Each `[[check]]` table of a `lab.toml` read on its own, so that one run
//! reports every bad check rather than the first. A table is read from a
//! copy of the file where everything outside it is blanked out (newlines
//! kept), so the parser's own spans, lines and columns stay those of the
//! file.

use std::ops::Range;

use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::check::Check;
use super::error::PackProblem;
use super::lab_load::MAX_CHECKS;

/// The checks of a file, and nothing else.
#[derive(Deserialize)]
struct ChecksOnly {
    #[serde(default, rename = "check")]
    _checks: Vec<Check>,
}

/// The byte ranges of the `[[check]]` tables of `text` and a problem for
/// each table that does not load, made by `to_problem` from the parser's
/// error and the blanked copy. Nothing when `text` is not valid TOML.
pub(crate) fn problems(
    file: &str,
    text: &str,
    to_problem: fn(&str, &str, &toml::de::Error) -> PackProblem,
) -> (Vec<Range<usize>>, Vec<PackProblem>) {
    let Ok(doc) = DeTable::parse(text) else {
        return Default::default();
    };
    let Some(DeValue::Array(checks)) = doc.get_ref().get("check").map(|c| c.get_ref()) else {
        return Default::default();
    };
    let mut ranges = Vec::new();
    let mut found = Vec::new();
    for item in checks.iter().take(MAX_CHECKS + 1) {
        let range = item.span().start..end(item).max(item.span().end);
        let alone = blank_outside(text, range.clone());
        if let Err(e) = toml::from_str::<ChecksOnly>(&alone) {
            found.push(to_problem(file, &alone, &e));
        }
        ranges.push(range);
    }
    (ranges, found)
}

/// Where a value ends, nested keys and values included.
fn end(item: &Spanned<DeValue<'_>>) -> usize {
    let inner = match item.get_ref() {
        DeValue::Table(t) => t
            .iter()
            .map(|(k, v)| k.span().end.max(end(v)))
            .max()
            .unwrap_or(0),
        DeValue::Array(a) => a.iter().map(end).max().unwrap_or(0),
        _ => 0,
    };
    inner.max(item.span().end)
}

/// `text` with every character outside `keep` turned into spaces of the
/// same length, newlines kept, cut after `keep`.
fn blank_outside(text: &str, keep: Range<usize>) -> String {
    let mut out = String::with_capacity(keep.end);
    for (at, c) in text[..keep.end.min(text.len())].char_indices() {
        if keep.contains(&at) || c == '\n' {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(file: &str, text: &str, e: &toml::de::Error) -> PackProblem {
        PackProblem::from_toml(file, text, e)
    }

    #[test]
    fn every_bad_check_is_reported_at_its_own_table() {
        let text = "id = \"a\"\n\n[[check]]\nid = \"x\"\nkind = \"file.exists\"\npath = 1\n\n[[check]]\nid = \"ok\"\nkind = \"file.exists\"\npath = \"a\"\n\n[[check]]\nid = \"y\"\nkind = \"file.exists\"\npath = 2\n";
        let (ranges, found) = problems("lab.toml", text, place);
        assert_eq!(ranges.len(), 3);
        let lines: Vec<usize> = found.iter().filter_map(|p| p.at).map(|a| a.0).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            lines[0] >= 3 && lines[0] <= 6 && lines[1] >= 13,
            "{lines:?}"
        );
    }
}
