//! Rules on the text of a pack before anything shows it. Pack text is
//! printed to the learner's terminal as written, so no string of
//! `pack.toml` or `lab.toml` and no line of `brief.md` may hold a control
//! character (escape sequences could clear the screen, retitle the window
//! or write the clipboard; a NUL or newline breaks paths and the
//! checklist). Lists are bounded, and ids and titles may not be blank.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::error::PackProblem;

/// Most items in any list of `pack.toml` or `lab.toml` (hints,
/// prerequisites, resources, a command's words...). Checks have their own
/// limit, [`super::MAX_CHECKS`].
pub const MAX_LIST: usize = 100;

/// Most problems of this kind reported for one file.
const MAX_REPORTED: usize = 20;

/// Control characters, blank ids and titles and overlong lists in a TOML
/// file, each at the line and column of the value. A file that is not
/// valid TOML yields nothing here: its syntax error is reported elsewhere.
pub(crate) fn toml_problems(file: &str, text: &str) -> Vec<PackProblem> {
    let Ok(doc) = DeTable::parse(text) else {
        return Vec::new();
    };
    toml_problems_in(file, text, doc.get_ref())
}

/// [`toml_problems`] of a document already parsed from `text`.
pub(crate) fn toml_problems_in(file: &str, text: &str, doc: &DeTable<'_>) -> Vec<PackProblem> {
    let mut out = Vec::new();
    table(doc, true, &mut |offset, message| {
        if out.len() < MAX_REPORTED {
            out.push(PackProblem::new(file, message).at_offset(text, offset));
        }
    });
    out.sort_by_key(|p| p.at);
    out
}

/// Control characters in a Markdown brief, at their line and column.
pub(crate) fn brief_problems(file: &str, text: &str) -> Vec<PackProblem> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let crlf = c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n');
        if forbidden(c) && !crlf && out.len() < MAX_REPORTED {
            out.push(
                PackProblem::new(
                    file,
                    format!(
                        "holds the control character {}; remove it (the brief is shown in the learner's terminal, where control characters can clear the screen or change its title)",
                        name(c)
                    ),
                )
                .at_offset(text, at),
            );
        }
    }
    out
}

/// Control characters other than newline and tab.
fn forbidden(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Keys whose values name something (a file, an object, a check) or label
/// a line: a newline or tab there breaks paths, commands and the checklist.
const ONE_LINE: [&str; 24] = [
    "id",
    "title",
    "kind",
    "stage",
    "path",
    "prerequisites",
    "needs",
    "containers",
    "images",
    "volumes",
    "networks",
    "container",
    "image",
    "volume",
    "network",
    "name",
    "destination",
    "source",
    "branch",
    "into",
    "host",
    "version",
    "authors",
    "metric",
];

/// The first character not allowed in a value of `key`.
fn first_forbidden(key: &str, s: &str) -> Option<char> {
    let one_line = ONE_LINE.contains(&key);
    s.chars()
        .find(|c| forbidden(*c) || (one_line && c.is_control()))
}

/// `U+001B (escape)`-style name of a character.
fn name(c: char) -> String {
    let known = match c {
        '\0' => " (NUL)",
        '\u{1b}' => " (escape)",
        '\r' => " (carriage return)",
        '\n' => " (newline)",
        '\t' => " (tab)",
        '\u{7}' => " (bell)",
        '\u{8}' => " (backspace)",
        _ => "",
    };
    format!("U+{:04X}{known}", c as u32)
}

type Report<'a> = dyn FnMut(usize, String) + 'a;

fn table(t: &DeTable<'_>, top: bool, report: &mut Report<'_>) {
    for (key, item) in t {
        let k = key.get_ref();
        if let Some(c) = k.chars().find(|c| forbidden(*c)) {
            report(
                key.span().start,
                format!("a key holds the control character {}; remove it", name(c)),
            );
        }
        value(k, item, top, report);
    }
}

/// One value of the key `key`; `top` when the key is in the file's root
/// table.
fn value(key: &str, item: &Spanned<DeValue<'_>>, top: bool, report: &mut Report<'_>) {
    let at = item.span().start;
    match item.get_ref() {
        DeValue::String(s) => string(key, s, at, report),
        DeValue::Table(t) => table(t, false, report),
        DeValue::Array(items) => {
            let is_checks = top && key == "check";
            if items.len() > MAX_LIST && !is_checks {
                report(
                    at,
                    format!(
                        "`{key}` holds {} items, more than the limit of {MAX_LIST}; keep the list shorter (docs/pack-format.md, \"Limits\")",
                        items.len()
                    ),
                );
            }
            for inner in items.iter() {
                value(key, inner, false, report);
            }
        }
        _ => {}
    }
}

fn string(key: &str, s: &str, at: usize, report: &mut Report<'_>) {
    if let Some(c) = first_forbidden(key, s) {
        report(
            at,
            format!(
                "`{key}` holds the control character {}; remove it (pack text is shown in the learner's terminal, where control characters can clear the screen or change its title)",
                name(c)
            ),
        );
    } else if matches!(key, "id" | "title") && s.trim().is_empty() {
        report(
            at,
            match key {
                "id" => "`id` is empty; give it one, such as `my-lab` (lower-case letters, digits and dashes)".to_string(),
                _ => format!("`{key}` is empty; give it a few words"),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_in_strings_keys_and_lists_are_placed_at_their_value() {
        let text =
            "id = \"a\"\nhints = [\"ok\", \"\\u001b[2J\"]\n[[check]]\ntitle = \"x\\u0007\"\n";
        let found = toml_problems("lab.toml", text);
        let at: Vec<_> = found.iter().map(|p| p.at).collect();
        assert_eq!(at, vec![Some((2, 16)), Some((4, 9))], "{found:?}");
        assert!(found[0].message.contains("U+001B (escape)"));
    }

    #[test]
    fn blank_ids_and_titles_are_refused_but_other_blank_text_is_not() {
        let text = "id = \" \"\nsummary = \"\"\n[[stage]]\nid = \"s\"\ntitle = \"\"\n";
        let found = toml_problems("pack.toml", text);
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn crlf_is_allowed_in_a_brief_but_a_lone_carriage_return_is_not() {
        assert!(brief_problems("b.md", "a\r\nb\n\tc\n").is_empty());
        let found = brief_problems("b.md", "ok\nx\ry \u{1b}[31m\n");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].at, Some((2, 2)));
    }
}
