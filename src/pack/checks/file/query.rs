//! The query syntax of `file.query`: a path into a parsed document.
//!
//! `Resources.*.Type`, `jobs.build.steps[0].run`, `resource.aws_s3_bucket.logs`,
//! `Outputs.Url.Value."Fn::Sub"`. Keys are separated by dots; `[n]` picks an
//! element of a list; `*` (or `[*]`) stands for every key of a table or every
//! element of a list; `[key=value]` keeps, of every element of a list (or
//! entry of a table), those whose `key` holds `value`
//! (`scrape_configs[job_name=node].static_configs[*].targets[*]`); a key or
//! value holding dots, brackets, quotes, `=` or spaces is written in double
//! or single quotes.

use std::fmt;

use serde::de::{Deserialize, Deserializer, Error};

/// One step of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A key of a table (mapping, object).
    Key(String),
    /// An element of a list, counted from 0.
    Index(usize),
    /// Every key of a table or every element of a list.
    Any,
    /// Every element of a list (or entry of a table) that is a table whose
    /// `key` holds `value`: a string equal to it, or a number or boolean
    /// written as it (`[port=80]` keeps `port: 80` and `port: "80"`).
    Filter { key: String, value: String },
}

/// A parsed query, kept with its text for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pub steps: Vec<Step>,
    text: String,
}

impl Query {
    pub fn parse(text: &str) -> Result<Query, String> {
        let steps = Parser::new(text)
            .steps()
            .map_err(|why| format!("the query {text:?} {why}; write keys separated by dots, such as `jobs.build.steps[0].run` (quote keys holding dots: `Outputs.\"my.key\"`)"))?;
        Ok(Query {
            steps,
            text: text.to_string(),
        })
    }

    /// Whether the query can match more than one place.
    pub fn has_wildcard(&self) -> bool {
        self.steps
            .iter()
            .any(|s| matches!(s, Step::Any | Step::Filter { .. }))
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Query {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Query::parse(&text).map_err(D::Error::custom)
    }
}

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            chars: text.char_indices().peekable(),
        }
    }

    fn steps(mut self) -> Result<Vec<Step>, String> {
        let mut steps = Vec::new();
        if self.chars.peek().is_none() {
            return Err("is empty".into());
        }
        if self.chars.peek().map(|&(_, c)| c) != Some('[') {
            steps.push(self.key()?);
        }
        while let Some((at, c)) = self.chars.next() {
            match c {
                '.' => steps.push(self.key()?),
                '[' => steps.push(self.index(at)?),
                other => return Err(format!("has an unexpected {other:?} at position {at}")),
            }
        }
        Ok(steps)
    }

    fn key(&mut self) -> Result<Step, String> {
        match self.chars.peek().copied() {
            Some((_, '"')) | Some((_, '\'')) => self.quoted(),
            Some((_, '*')) => {
                self.chars.next();
                Ok(Step::Any)
            }
            Some((at, _)) => {
                let mut key = String::new();
                while let Some(&(_, c)) = self.chars.peek() {
                    if matches!(c, '.' | '[' | ']' | '"' | '\'') || c.is_whitespace() {
                        break;
                    }
                    key.push(c);
                    self.chars.next();
                }
                if key.is_empty() {
                    return Err(format!("has an empty key at position {at}"));
                }
                Ok(Step::Key(key))
            }
            None => Err("ends with a dot".into()),
        }
    }

    fn quoted(&mut self) -> Result<Step, String> {
        let (start, quote) = self.chars.next().ok_or("ends early")?;
        let mut key = String::new();
        loop {
            match self.chars.next() {
                Some((_, '\\')) => match self.chars.next() {
                    Some((_, c)) => key.push(c),
                    None => break,
                },
                Some((_, c)) if c == quote => return Ok(Step::Key(key)),
                Some((_, c)) => key.push(c),
                None => break,
            }
        }
        Err(format!(
            "has a quote at position {start} that is never closed"
        ))
    }

    fn index(&mut self, open: usize) -> Result<Step, String> {
        let mut inside = String::new();
        let mut quote = None;
        let mut equals = None;
        while let Some((_, c)) = self.chars.next() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), '\\') => {
                    if let Some((_, next)) = self.chars.next() {
                        inside.push(next);
                    }
                    continue;
                }
                (None, '"' | '\'') => quote = Some(c),
                (None, '=') if equals.is_none() => equals = Some(inside.len()),
                (None, ']') => {
                    return match equals {
                        Some(at) => filter(&inside[..at], &inside[at + 1..], open),
                        None => index_of(&inside, open),
                    };
                }
                _ => {}
            }
            if !(quote.is_none() && matches!(c, '"' | '\'') || quote == Some(c)) {
                inside.push(c);
            }
        }
        Err(format!("has a `[` at position {open} that is never closed"))
    }
}

fn index_of(inside: &str, open: usize) -> Result<Step, String> {
    match inside.trim() {
        "*" => Ok(Step::Any),
        n => n.parse().map(Step::Index).map_err(|_| {
            format!("has [{inside}] at position {open}; an index is a number such as [0], [*], or a filter such as [name=web]")
        }),
    }
}

fn filter(key: &str, value: &str, open: usize) -> Result<Step, String> {
    let (key, value) = (key.trim(), value.trim());
    if key.is_empty() {
        return Err(format!(
            "has a filter at position {open} with no key before `=`; write it as [job_name=node]"
        ));
    }
    Ok(Step::Filter {
        key: key.to_string(),
        value: value.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(text: &str) -> Vec<Step> {
        Query::parse(text).unwrap().steps
    }

    fn key(k: &str) -> Step {
        Step::Key(k.into())
    }

    #[test]
    fn dotted_keys_indices_and_wildcards() {
        assert_eq!(
            steps("jobs.build.steps[0].run"),
            vec![
                key("jobs"),
                key("build"),
                key("steps"),
                Step::Index(0),
                key("run")
            ]
        );
        assert_eq!(
            steps("Resources.*.Type"),
            vec![key("Resources"), Step::Any, key("Type")]
        );
        assert_eq!(steps("[2][*]"), vec![Step::Index(2), Step::Any]);
        assert!(Query::parse("a.*").unwrap().has_wildcard());
        assert!(!Query::parse("a.b[1]").unwrap().has_wildcard());
    }

    #[test]
    fn quoted_keys_keep_dots_and_colons() {
        assert_eq!(
            steps(r#"Outputs.Url.Value."Fn::Sub""#),
            vec![key("Outputs"), key("Url"), key("Value"), key("Fn::Sub")]
        );
        assert_eq!(steps("'a.b'.c"), vec![key("a.b"), key("c")]);
        assert_eq!(steps(r#""say \"hi\"""#), vec![key("say \"hi\"")]);
        assert_eq!(
            steps("Fn::GetAtt[0]"),
            vec![key("Fn::GetAtt"), Step::Index(0)]
        );
    }

    #[test]
    fn malformed_queries_say_where() {
        assert!(Query::parse("").unwrap_err().contains("empty"));
        assert!(Query::parse("a..b").unwrap_err().contains("position 2"));
        assert!(Query::parse("a.").unwrap_err().contains("ends with a dot"));
        assert!(Query::parse("a[x]").unwrap_err().contains("[x]"));
        assert!(Query::parse("a[0").unwrap_err().contains("never closed"));
        assert!(Query::parse("'a").unwrap_err().contains("never closed"));
        assert!(Query::parse("a b").is_err());
        assert!(Query::parse("a[=x]").unwrap_err().contains("no key"));
        assert!(Query::parse("a[k=x").unwrap_err().contains("never closed"));
    }

    #[test]
    fn filters_pick_items_by_a_sibling_key() {
        let filter = |k: &str, v: &str| Step::Filter {
            key: k.into(),
            value: v.into(),
        };
        assert_eq!(
            steps("scrape_configs[job_name=node].static_configs[*].targets[*]"),
            vec![
                key("scrape_configs"),
                filter("job_name", "node"),
                key("static_configs"),
                Step::Any,
                key("targets"),
                Step::Any
            ]
        );
        assert_eq!(
            steps(r#"jobs[ "job.name" = 'a]b=c' ]"#),
            vec![key("jobs"), filter("job.name", "a]b=c")]
        );
        assert_eq!(steps("a[k=]"), vec![key("a"), filter("k", "")]);
        assert!(Query::parse("a[k=v]").unwrap().has_wildcard());
    }
}

crate::pack::schema_support::string_schema!(
    Query,
    r#"a query into a document: keys joined by `.`, list indexes `[0]`, filters `[key=value]`"#
);
