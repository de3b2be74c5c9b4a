//! The Prometheus text exposition format: one sample a line, as
//! `name{label="value",...} value [timestamp]`, with `#` comments (`# HELP`,
//! `# TYPE`). Lines that do not read as samples are skipped.

use std::fmt;

/// One sample of a series.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    pub name: String,
    pub labels: Vec<(String, String)>,
    pub value: f64,
}

impl Sample {
    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Display for Sample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if !self.labels.is_empty() {
            let pairs: Vec<String> = self
                .labels
                .iter()
                .map(|(n, v)| format!("{n}={v:?}"))
                .collect();
            write!(f, "{{{}}}", pairs.join(","))?;
        }
        write!(f, " {}", self.value)
    }
}

/// Every sample on the page, in order.
pub fn parse(text: &str) -> Vec<Sample> {
    text.lines().filter_map(sample).collect()
}

fn sample(line: &str) -> Option<Sample> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let name_end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(line.len());
    let name = &line[..name_end];
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut rest = &line[name_end..];
    let mut labels = Vec::new();
    if let Some(inside) = rest.strip_prefix('{') {
        let (parsed, after) = parse_labels(inside)?;
        labels = parsed;
        rest = after;
    }
    let value = value(rest.split_whitespace().next()?)?;
    Some(Sample {
        name: name.to_string(),
        labels,
        value,
    })
}

/// Labels up to the closing `}`, and the text after it.
fn parse_labels(mut text: &str) -> Option<(Vec<(String, String)>, &str)> {
    let mut labels = Vec::new();
    loop {
        text = text.trim_start();
        if let Some(after) = text.strip_prefix('}') {
            return Some((labels, after));
        }
        let (name, after) = text.split_once('=')?;
        let (value, after) = quoted(after.trim_start())?;
        labels.push((name.trim().to_string(), value));
        text = after.trim_start();
        text = text.strip_prefix(',').unwrap_or(text);
    }
}

/// A double-quoted label value with `\\`, `\"` and `\n` escapes.
fn quoted(text: &str) -> Option<(String, &str)> {
    let body = text.strip_prefix('"')?;
    let mut value = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, &body[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => value.push('\n'),
                other => value.push(other),
            },
            other => value.push(other),
        }
    }
    None
}

fn value(text: &str) -> Option<f64> {
    match text {
        "+Inf" | "Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        "NaN" => Some(f64::NAN),
        other => other.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="400"}    3 1395066363000

# Escaping in label values:
msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9
metric_without_timestamp_and_labels 12.47
something_weird{problem="division by zero"} +Inf
http_request_duration_seconds_bucket{le="0.05",} 24054
not_a_number NaN
<html>not metrics</html>
"#;

    #[test]
    fn reads_samples_labels_and_values() {
        let samples = parse(PAGE);
        assert_eq!(samples.len(), 7);
        assert_eq!(samples[0].name, "http_requests_total");
        assert_eq!(samples[0].label("code"), Some("200"));
        assert_eq!(samples[0].value, 1027.0);
        assert_eq!(samples[1].value, 3.0);
        assert_eq!(samples[2].label("path"), Some(r"C:\DIR\FILE.TXT"));
        assert_eq!(
            samples[2].label("error"),
            Some("Cannot find file:\n\"FILE.TXT\"")
        );
        assert_eq!(samples[3].labels, vec![]);
        assert_eq!(samples[4].value, f64::INFINITY);
        assert_eq!(samples[5].label("le"), Some("0.05"));
        assert!(samples[6].value.is_nan());
    }

    #[test]
    fn shows_like_the_page() {
        let s = &parse("up{job=\"web\"} 1\n")[0];
        assert_eq!(s.to_string(), "up{job=\"web\"} 1");
    }
}
