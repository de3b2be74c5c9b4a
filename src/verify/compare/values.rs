//! How `compare` holds two values against each other, and shows them: the
//! equality a lab author means (numbers by value whether written as text
//! or not, Docker IDs by prefix), numbers and sizes for `less` and
//! `greater`, and short, readable renderings for messages.

use serde_json::Value;

use crate::pack::types::Bytes;
use crate::verify::files::{same, short};

/// Whether two values are the same as a learner would read them: text
/// equal, numbers equal by value (`"8080"` equals `8080`), booleans equal
/// to their text, and a Docker ID equal to its short form (`3f2a9c1d0e7b`
/// equals `sha256:3f2a9c1d0e7b...`); lists item by item, in order.
pub(super) fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x == y || same_id(x, y),
        (Value::String(s), Value::Number(_)) | (Value::Number(_), Value::String(s)) => {
            let other = if matches!(a, Value::String(_)) { b } else { a };
            text_number(s).is_some_and(|n| same(&n, other))
        }
        (Value::String(s), Value::Bool(v)) | (Value::Bool(v), Value::String(s)) => {
            s.trim() == v.to_string()
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        _ => same(a, b),
    }
}

/// Whether two texts are the same Docker ID, one possibly short (at least
/// 12 hex digits) and either possibly written with `sha256:`.
fn same_id(a: &str, b: &str) -> bool {
    let bare = |s: &str| s.strip_prefix("sha256:").unwrap_or(s).to_ascii_lowercase();
    let (a, b) = (bare(a), bare(b));
    let hex = |s: &str| s.len() >= 12 && s.chars().all(|c| c.is_ascii_hexdigit());
    if !hex(&a) || !hex(&b) {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.len() == 64 && long.starts_with(&short)
}

/// A text that is a number, as a JSON number (whole numbers exactly).
fn text_number(text: &str) -> Option<Value> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i64>() {
        return Some(Value::from(n));
    }
    t.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Value::from)
}

/// The value as a number for `less` and `greater`: a number, a text that is
/// one, or a size such as `"20MB"` or `"512k"` (in bytes).
pub(super) fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => match text_number(s) {
            Some(n) => n.as_f64(),
            None => Bytes::parse(s).ok().map(|b| b.0 as f64),
        },
        _ => None,
    }
}

/// A value for messages: text in backticks (cut to a readable length, its
/// first line when it has several), lists item by item, other values as
/// compact JSON.
pub(super) fn shown(value: &Value) -> String {
    match value {
        Value::String(s) if s.is_empty() => "nothing (it is empty)".into(),
        Value::String(s) => text(s),
        Value::Array(items) if items.is_empty() => "no values".into(),
        Value::Array(items) => listed(items),
        other => short(other),
    }
}

/// `` `a`, `b`, `c` and 3 more ``.
pub(super) fn listed(items: &[Value]) -> String {
    let mut parts: Vec<String> = items.iter().take(6).map(shown).collect();
    if items.len() > 6 {
        parts.push(format!("and {} more", items.len() - 6));
    }
    parts.join(", ")
}

fn text(s: &str) -> String {
    let lines = s.lines().count();
    let first = s.lines().next().unwrap_or("");
    let cut = |t: &str| match t.chars().count() > 80 {
        true => format!("{}...", t.chars().take(77).collect::<String>()),
        false => t.to_string(),
    };
    match lines > 1 {
        true => format!("`{}` ... ({lines} lines)", cut(first).replace('`', "'")),
        false => format!("`{}`", cut(s).replace('`', "'")),
    }
}

/// Where two texts of several lines (or long ones) first differ:
/// "they first differ at line 3: `<h1>Old</h1>` against `<h1>New</h1>`".
pub(super) fn first_difference(a: &str, b: &str) -> Option<String> {
    let long = |t: &str| t.contains('\n') || t.chars().count() > 80;
    if a == b || !(long(a) || long(b)) {
        return None;
    }
    let (mut x, mut y) = (a.lines(), b.lines());
    for line in 1.. {
        match (x.next(), y.next()) {
            (Some(p), Some(q)) if p == q => continue,
            (Some(p), Some(q)) => {
                return Some(format!(
                    "they first differ at line {line}: {} against {}",
                    text(p),
                    text(q)
                ))
            }
            (Some(_), None) | (None, Some(_)) => {
                let (longer, n) = match a.lines().count() > b.lines().count() {
                    true => ("the first", a.lines().count()),
                    false => ("the second", b.lines().count()),
                };
                return Some(format!(
                    "they agree up to line {}, then {longer} goes on to line {n}",
                    line - 1
                ));
            }
            (None, None) => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_and_ids_compare_as_a_learner_reads_them() {
        assert!(equal(&json!("8080"), &json!(8080)));
        assert!(equal(&json!(1.5), &json!(" 1.5 ")));
        assert!(!equal(&json!("8080x"), &json!(8080)));
        assert!(equal(&json!("true"), &json!(true)));
        let id = "sha256:3f2a9c1d0e7b4a5f6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b";
        assert!(equal(&json!(id), &json!("3f2a9c1d0e7b")));
        assert!(equal(&json!(&id[7..]), &json!(id)));
        assert!(!equal(&json!(id), &json!("3f2a9c1d0e7c")));
        assert!(
            !equal(&json!(id), &json!("3f2a9c")),
            "too short to be an ID"
        );
        assert!(!equal(&json!("abc"), &json!("ABC")));
    }

    #[test]
    fn sizes_and_numeric_text_are_numbers() {
        assert_eq!(number(&json!("20MB")), Some(20.0 * 1024.0 * 1024.0));
        assert_eq!(number(&json!(" 42\n")), Some(42.0));
        assert_eq!(number(&json!("many")), None);
        assert_eq!(number(&json!(true)), None);
    }

    #[test]
    fn long_texts_say_where_they_differ() {
        let a = "<html>\n<h1>Old</h1>\n</html>";
        let b = "<html>\n<h1>New</h1>\n</html>";
        assert_eq!(
            first_difference(a, b).unwrap(),
            "they first differ at line 2: `<h1>Old</h1>` against `<h1>New</h1>`"
        );
        assert!(first_difference("a\nb", "a\nb\nc")
            .unwrap()
            .contains("agree up to line 2, then the second goes on to line 3"));
        assert_eq!(first_difference("a", "b"), None);
        assert_eq!(shown(&json!("a\nb")), "`a` ... (2 lines)");
    }
}
