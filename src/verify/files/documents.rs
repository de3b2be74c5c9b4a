//! Structured documents (YAML, JSON, TOML, HCL) read into one JSON-like
//! value, so a single query language walks them all.
//!
//! HCL (Terraform) is read by hcl-rs: blocks nest by their labels
//! (`resource "aws_s3_bucket" "logs" { bucket = "x" }` is
//! `resource.aws_s3_bucket.logs.bucket`), repeated label-less blocks such as
//! two `ingress { }` become a list, and expressions that are not plain values
//! become their source text in `${...}`: `var.name` reads as `"${var.name}"`.

use serde_json::{Map, Number, Value};

use crate::pack::checks::DocFormat;

/// Parses `text` as `format`. The error is a short message that names the
/// line, for the learner.
pub fn parse(format: DocFormat, text: &str) -> Result<Value, String> {
    match format {
        DocFormat::Yaml => super::yaml::parse(text).map_err(|e| first_lines(&e)),
        DocFormat::Json => serde_json::from_str(text).map_err(|e| e.to_string()),
        DocFormat::Toml => text
            .parse::<toml::Table>()
            .map(|t| toml_to_json(toml::Value::Table(t)))
            .map_err(|e| toml_message(text, &e)),
        DocFormat::Hcl => hcl::from_str::<Value>(text).map_err(|e| hcl_message(&e)),
    }
}

/// A TOML value as the JSON-like value queries see: dates and times become
/// their text.
pub fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => {
            Number::from_f64(f).map_or_else(|| Value::String(f.to_string()), Value::Number)
        }
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect::<Map<String, Value>>(),
        ),
    }
}

fn toml_message(text: &str, err: &toml::de::Error) -> String {
    let message = err.message().trim_end();
    match err.span() {
        Some(span) => {
            let (line, column) = crate::pack::line_column(text, span.start);
            format!("line {line}, column {column}: {message}")
        }
        None => message.to_string(),
    }
}

fn hcl_message(err: &hcl::Error) -> String {
    match err {
        hcl::Error::Parse(e) => {
            let at = e.location();
            format!(
                "line {}, column {}: {}",
                at.line(),
                at.column(),
                e.message()
            )
        }
        other => first_lines(&other.to_string()),
    }
}

/// Parser messages can carry a drawn snippet of the file; keep the message
/// lines that say what and where, joined into one line.
fn first_lines(message: &str) -> String {
    let kept: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty() && !l.starts_with('|') && !l.starts_with('^') && !starts_with_gutter(l)
        })
        .take(3)
        .collect();
    if kept.is_empty() {
        message.trim().to_string()
    } else {
        kept.join(" ")
    }
}

/// A snippet line such as `12 | foo: [` drawn under an error.
fn starts_with_gutter(line: &str) -> bool {
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && line[digits..].trim_start().starts_with('|')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn terraform_blocks_nest_by_labels() {
        let doc = parse(
            DocFormat::Hcl,
            "variable \"env\" {\n  default = \"dev\"\n}\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs-${var.env}\"\n  tags = { Env = var.env }\n  count = 2\n}\n",
        )
        .unwrap();
        assert_eq!(doc["variable"]["env"]["default"], json!("dev"));
        let bucket = &doc["resource"]["aws_s3_bucket"]["logs"];
        assert_eq!(bucket["bucket"], json!("logs-${var.env}"));
        assert_eq!(bucket["tags"]["Env"], json!("${var.env}"));
        assert_eq!(bucket["count"], json!(2));
    }

    #[test]
    fn repeated_blocks_and_references() {
        let doc = parse(
            DocFormat::Hcl,
            "resource \"aws_security_group\" \"web\" {\n  ingress {\n    from_port = 80\n  }\n  ingress {\n    from_port = 443\n  }\n}\nresource \"aws_security_group\" \"db\" {\n  vpc_id = aws_vpc.main.id\n}\n",
        )
        .unwrap();
        let groups = &doc["resource"]["aws_security_group"];
        assert_eq!(groups["web"]["ingress"][1]["from_port"], json!(443));
        assert_eq!(groups["db"]["vpc_id"], json!("${aws_vpc.main.id}"));
    }

    #[test]
    fn toml_dates_become_text() {
        let doc = parse(
            DocFormat::Toml,
            "[server]\nport = 8080\nwhen = 2024-05-01\n",
        )
        .unwrap();
        assert_eq!(doc["server"]["port"], json!(8080));
        assert_eq!(doc["server"]["when"], json!("2024-05-01"));
    }

    #[test]
    fn errors_name_the_line() {
        for (format, text) in [
            (DocFormat::Json, "{\n  \"a\": 1,\n  \"b\" 2\n}"),
            (DocFormat::Toml, "a = 1\nb = = 2\n"),
            (DocFormat::Yaml, "a: 1\n b: 2\n- c\n"),
            (DocFormat::Hcl, "resource \"x\" {\n  a = \n}\n"),
        ] {
            let err = parse(format, text).unwrap_err();
            assert!(err.contains("line") || err.contains(':'), "{format}: {err}");
            assert!(!err.contains('\n'), "{format}: one line please: {err}");
        }
    }
}
