//! `file.query`: parse the learner's document and hold what the query finds
//! against the one expectation of the check.

use serde_json::Value;

use super::documents::{self, toml_to_json};
use super::select::{select, why_nothing, Found};
use super::{module, sniff};
use crate::pack::checks::{DocFormat, DocumentQuery, Expectation};
use crate::pack::types::RelPath;
use crate::verify::evidence::{saw, ABSENT};
use crate::verify::{Context, Outcome};

pub async fn evaluate(check: &DocumentQuery, ctx: &Context) -> Outcome {
    let folder = check.format == DocFormat::Hcl && module::is_folder(ctx, &check.path).await;
    let doc = match folder {
        true => module::read(ctx, &check.path).await,
        false => read_one(check, ctx).await,
    };
    let object = match folder {
        true => format!("folder {} (read as one Terraform module)", check.path),
        false => format!("file {}", check.path),
    };
    match doc {
        Ok(doc) => {
            let found = select(&doc, &check.query.steps);
            let seen = match found.is_empty() {
                true => ABSENT.to_string(),
                false => listing(&found),
            };
            saw(object, check.query.to_string(), seen);
            judge(check, &doc, &found)
        }
        Err(outcome) => outcome,
    }
}

/// Reads and parses the one document at the check's path.
async fn read_one(check: &DocumentQuery, ctx: &Context) -> Result<Value, Outcome> {
    read_document(ctx, &check.path, check.format).await
}

/// Reads and parses the one document at `path` as `format`; a missing file
/// or one that does not parse fails, saying how to fix it.
pub(crate) async fn read_document(
    ctx: &Context,
    path: &RelPath,
    format: DocFormat,
) -> Result<Value, Outcome> {
    let text = super::read_text(ctx, path).await?;
    documents::parse(format, &text).map_err(|why| {
        saw(format!("file {path}"), format!("parsed as {format}"), &why);
        if let Some(outcome) = sniff::not_the_format(path, format, &text) {
            return outcome;
        }
        Outcome::failed_with_hint(
            format!("`{path}` is valid {format}"),
            format!("{path} does not parse: {why}"),
            "fix the syntax at the line named (indentation and quotes are the usual suspects), then check again",
        )
    })
}

/// What a query found, or why it found nothing.
fn found_or(found: &[Found], nothing: impl Fn() -> String) -> String {
    if found.is_empty() {
        nothing()
    } else {
        listing(found)
    }
}

fn judge(check: &DocumentQuery, doc: &Value, found: &[Found]) -> Outcome {
    let DocumentQuery { path, query, .. } = check;
    let nothing = || format!("nothing at `{query}`: {}", why_nothing(doc, &query.steps));
    match &check.expect {
        Expectation::Exists(true) => Outcome::expect(
            !found.is_empty(),
            format!("`{query}` in `{path}`"),
            nothing(),
        ),
        Expectation::Exists(false) => Outcome::expect(
            found.is_empty(),
            format!("no `{query}` in `{path}`"),
            format!("found {}", listing(found)),
        ),
        Expectation::Equals(want) => {
            let want = toml_to_json(want.clone());
            let ok = found.iter().any(|f| same(f.value, &want));
            let actual = found_or(found, nothing);
            Outcome::expect(
                ok,
                format!("`{query}` in `{path}` equal to {}", short(&want)),
                actual,
            )
        }
        Expectation::Matches(pattern) => {
            let ok = found.iter().any(|f| pattern.is_match(&text_of(f.value)));
            let actual = found_or(found, nothing);
            Outcome::expect(
                ok,
                format!("`{query}` in `{path}` matching {pattern}"),
                actual,
            )
        }
        Expectation::CountAtLeast(n) => {
            let count = count(check, found);
            let actual = if found.is_empty() {
                nothing()
            } else {
                format!("{count} found")
            };
            Outcome::expect(
                count >= *n,
                format!("at least {n} of `{query}` in `{path}`"),
                actual,
            )
        }
        Expectation::Count(n) => {
            let count = count(check, found);
            let actual = if found.is_empty() {
                format!("0 found ({})", nothing())
            } else {
                format!("{count} found: {}", listing_of(check, found))
            };
            Outcome::expect(
                count == *n,
                format!("exactly {n} of `{query}` in `{path}`"),
                actual,
            )
        }
        Expectation::SameSet(items) => same_set(check, found, items, nothing),
    }
}

/// The entries counted: the matches, or the items of the one list or
/// table a plain query reaches.
fn members<'a>(check: &DocumentQuery, found: &[Found<'a>]) -> Vec<&'a Value> {
    match found {
        [one] if !check.query.has_wildcard() => match one.value {
            Value::Array(items) => items.iter().collect(),
            Value::Object(map) => map.values().collect(),
            other => vec![other],
        },
        _ => found.iter().map(|f| f.value).collect(),
    }
}

fn listing_of(check: &DocumentQuery, found: &[Found]) -> String {
    match found {
        [one] if !check.query.has_wildcard() => short(one.value),
        _ => listing(found),
    }
}

fn same_set(
    check: &DocumentQuery,
    found: &[Found],
    items: &[toml::Value],
    nothing: impl Fn() -> String,
) -> Outcome {
    let DocumentQuery { path, query, .. } = check;
    let want: Vec<Value> = items.iter().cloned().map(toml_to_json).collect();
    let have = members(check, found);
    let missing: Vec<String> = want
        .iter()
        .filter(|w| !have.iter().any(|h| same(h, w)))
        .map(short)
        .collect();
    let extra: Vec<String> = have
        .iter()
        .filter(|h| !want.iter().any(|w| same(h, w)))
        .map(|h| short(h))
        .collect();
    let expected = format!(
        "the set of `{query}` in `{path}` equal to {}",
        short(&Value::Array(want.clone()))
    );
    if missing.is_empty() && extra.is_empty() {
        return Outcome::Passed;
    }
    let mut parts = Vec::new();
    if found.is_empty() {
        parts.push(nothing());
    } else {
        if !missing.is_empty() {
            parts.push(format!("missing {}", missing.join(", ")));
        }
        if !extra.is_empty() {
            parts.push(format!("not asked for {}", extra.join(", ")));
        }
        parts.push(format!("found {}", listing_of(check, found)));
    }
    Outcome::failed(expected, parts.join("; "))
}

/// How many things the query found: the matches of a wildcard query, or the
/// entries of the one list or table a plain query reaches.
fn count(check: &DocumentQuery, found: &[Found]) -> usize {
    members(check, found).len()
}

/// Equality as a lab author means it: numbers by value (1 equals 1.0),
/// everything else structurally.
pub(crate) fn same(have: &Value, want: &Value) -> bool {
    match (have, want) {
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => a.as_f64() == b.as_f64(),
        },
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, x)| b.get(k).is_some_and(|y| same(x, y)))
        }
        _ => have == want,
    }
}

/// The text a pattern is matched against: strings as they are, other values
/// as compact JSON.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `path = value` for the first few things found.
pub(crate) fn listing(found: &[Found]) -> String {
    let mut parts: Vec<String> = found
        .iter()
        .take(4)
        .map(|f| format!("{} = {}", f.at, short(f.value)))
        .collect();
    if found.len() > 4 {
        parts.push(format!("and {} more", found.len() - 4));
    }
    parts.join("; ")
}

/// A value as compact JSON, cut to a readable length.
pub(crate) fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 100 {
        let cut: String = text.chars().take(97).collect();
        format!("{cut}...")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::same;
    use serde_json::json;

    #[test]
    fn numbers_compare_by_value() {
        assert!(same(&json!(1), &json!(1.0)));
        assert!(same(&json!({"a": [1, 2.0]}), &json!({"a": [1.0, 2]})));
        assert!(!same(&json!("1"), &json!(1)));
        assert!(!same(&json!([1]), &json!([1, 2])));
    }
}
