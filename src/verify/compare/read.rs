//! Reading one side of a `compare` check through the probes that already
//! read each source: Docker inspect data, workspace files and documents,
//! git at a revision, an HTTP page, or the literal the lab wrote.

use serde_json::Value;

use crate::pack::checks::{Query, Source};
use crate::pack::types::{Pattern, RelPath};
use crate::verify::evidence::{saw, short_id, ABSENT};
use crate::verify::files::{read_document, read_text, select, toml_to_json, why_nothing};
use crate::verify::{docker, git, http, Context, Outcome};

/// What one side read.
pub(super) struct Reading {
    /// The source in the learner's words ("container `web`'s `Image`").
    pub what: String,
    /// The values found: one, or several for a wildcard query or for many
    /// containers.
    pub values: Vec<Value>,
    /// Whether the source is a list by nature (a wildcard query, many
    /// containers), so that one value found is still a list of one.
    pub many: bool,
    /// Whether the source is a text (file, git file, page): it "holds" its
    /// value rather than "is" it.
    pub text: bool,
    /// Whether the lab wrote the value itself.
    pub literal: bool,
    /// A command that shows the learner what this side reads.
    pub look: Option<String>,
}

impl Reading {
    /// The one value, when there is exactly one.
    pub fn one(&self) -> Option<&Value> {
        match self.values.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// The values as a set: the items of the one list read, or the values.
    pub fn members(&self) -> Vec<&Value> {
        match (self.many, self.values.as_slice()) {
            (false, [Value::Array(items)]) => items.iter().collect(),
            _ => self.values.iter().collect(),
        }
    }

    /// "`answers.txt` holds `172.18.0.5`".
    pub fn says(&self) -> String {
        let shown = match self.one() {
            Some(v) if !self.many => super::values::shown(v),
            _ => match self.values.is_empty() {
                true => "no values".into(),
                false => super::values::listed(&self.values),
            },
        };
        let verb = if self.text { "holds" } else { "is" };
        format!("{} {verb} {shown}", self.what)
    }
}

/// What a source gave, before it is named.
struct Read {
    values: Vec<Value>,
    many: bool,
    text: bool,
    look: Option<String>,
}

impl Read {
    /// One value (a text when `text`), and the command that shows it.
    fn one(value: Value, text: bool, look: String) -> Read {
        Read {
            values: vec![value],
            many: false,
            text,
            look: Some(look),
        }
    }
}

/// Reads `source`; a side that cannot be read ends the check with that
/// side's outcome (`expected` is the check's sentence).
pub(super) async fn side(
    source: &Source,
    ctx: &Context,
    expected: &str,
) -> Result<Reading, Outcome> {
    let read = match source {
        Source::Inspect { .. } | Source::Containers { .. } => {
            from_docker(source, ctx, expected).await?
        }
        Source::Literal(value) => Read {
            values: vec![toml_to_json(value.clone())],
            many: false,
            text: false,
            look: None,
        },
        _ => from_workspace(source, ctx, expected).await?,
    };
    let compared = match read.values.as_slice() {
        [one] if !read.many => super::values::shown(one),
        [] => ABSENT.to_string(),
        all => super::values::listed(all),
    };
    saw(source.describe(), "value compared", compared);
    Ok(Reading {
        what: source.describe(),
        values: read.values,
        many: read.many,
        text: read.text,
        literal: matches!(source, Source::Literal(_)),
        look: read.look,
    })
}

/// An object's inspect data, or that of every container with some labels.
async fn from_docker(source: &Source, ctx: &Context, expected: &str) -> Result<Read, Outcome> {
    let docker = ctx.docker()?;
    let (found, look, query) = match source {
        Source::Inspect {
            object,
            name,
            query,
        } => {
            let doc = docker::inspect_data(docker, *object, name).await?;
            let word = object.word();
            let look = format!("docker {word} inspect {name}");
            (vec![(format!("{word} `{name}`"), doc)], look, query)
        }
        Source::Containers {
            labels,
            state,
            query,
        } => {
            let found = docker::labelled_containers(docker, labels, *state).await?;
            let filters: String = labels
                .iter()
                .map(|(k, v)| format!(" --filter label={k}={v}"))
                .collect();
            let named = found
                .into_iter()
                .map(|(name, doc)| (format!("container `{name}`"), doc))
                .collect();
            (named, format!("docker ps -a{filters}"), query)
        }
        _ => return Err(Outcome::error("not a Docker source")),
    };
    let mut values = Vec::new();
    for (place, doc) in &found {
        let object = match doc.get("Id").and_then(Value::as_str) {
            Some(id) => format!("{} (id {})", place.replace('`', ""), short_id(id)),
            None => place.replace('`', ""),
        };
        let found = select(doc, &query.steps);
        let seen = match found.is_empty() {
            true => ABSENT.to_string(),
            false => crate::verify::files::listing(&found),
        };
        saw(object, query.to_string(), seen);
        values.extend(queried(
            doc,
            query,
            &format!("of {place}"),
            expected,
            &look,
        )?);
    }
    Ok(Read {
        values,
        many: query.has_wildcard() || matches!(source, Source::Containers { .. }),
        text: false,
        look: Some(look),
    })
}

/// A workspace file (text, capture or document), git, or a page.
async fn from_workspace(source: &Source, ctx: &Context, expected: &str) -> Result<Read, Outcome> {
    Ok(match source {
        Source::Text { path, capture } => {
            let text = trimmed(&read_text(ctx, path).await?);
            let value = match capture {
                None => text,
                Some(pattern) => captured(pattern, &text, path, expected)?,
            };
            Read::one(
                Value::String(value),
                capture.is_none(),
                format!("cat {path}"),
            )
        }
        Source::Document {
            path,
            format,
            query,
        } => {
            let doc = read_document(ctx, path, *format).await?;
            let found = select(&doc, &query.steps);
            let seen = match found.is_empty() {
                true => ABSENT.to_string(),
                false => crate::verify::files::listing(&found),
            };
            saw(format!("file {path}"), query.to_string(), seen);
            let look = format!("cat {path}");
            let values = queried(&doc, query, &format!("in `{path}`"), expected, &look)?;
            Read {
                values,
                many: query.has_wildcard(),
                text: false,
                look: Some(look),
            }
        }
        Source::Git { repo, rev, path } => {
            let found = git::read_at(ctx, repo.as_ref(), rev, path.as_ref(), expected).await?;
            match path {
                Some(p) => Read::one(
                    Value::String(trimmed(&found)),
                    true,
                    format!("git show {rev}:{p}"),
                ),
                None => Read::one(Value::String(found), false, format!("git rev-parse {rev}")),
            }
        }
        Source::Http { host, port, path } => {
            let body = http::page(host, *port, path, expected).await?;
            let look = format!("curl -s http://{}{path}", host.with_port(*port));
            Read::one(Value::String(trimmed(&body)), true, look)
        }
        _ => return Err(Outcome::error("not a workspace source")),
    })
}

/// The values `query` finds in `doc`. A plain query that reaches nothing
/// fails, saying where it stopped; a wildcard query may find none.
fn queried(
    doc: &Value,
    query: &Query,
    place: &str,
    expected: &str,
    look: &str,
) -> Result<Vec<Value>, Outcome> {
    let found = select(doc, &query.steps);
    if found.is_empty() && !query.has_wildcard() {
        return Err(Outcome::failed_with_hint(
            expected,
            format!(
                "nothing at `{query}` {place}: {}",
                why_nothing(doc, &query.steps)
            ),
            format!("`{look}` shows what there is; the query follows its keys from the top"),
        ));
    }
    Ok(found.into_iter().map(|f| f.value.clone()).collect())
}

/// The text a source compares: line ends as `\n`, surrounding whitespace
/// (such as the final newline) left out.
fn trimmed(text: &str) -> String {
    text.replace("\r\n", "\n").trim().to_string()
}

/// The first group `pattern` captures in `text` (its whole match when it
/// has no group).
fn captured(
    pattern: &Pattern,
    text: &str,
    path: &RelPath,
    expected: &str,
) -> Result<String, Outcome> {
    let found = pattern.0.captures(text).map(|c| {
        c.iter()
            .skip(1)
            .flatten()
            .next()
            .or_else(|| c.get(0))
            .map(|m| m.as_str().to_string())
            .unwrap_or_default()
    });
    found.ok_or_else(|| {
        Outcome::failed_with_hint(
            expected,
            format!("nothing in `{path}` matches {pattern}"),
            format!("`cat {path}` shows what it holds"),
        )
    })
}
