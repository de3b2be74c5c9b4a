//! HTTP checks: a GET to a published port on this machine, judged by its
//! status, body and headers, or read as a Prometheus metrics page. Nothing
//! answering is the learner's to fix (Failed); the engine retries until the
//! check's `within` runs out, so a server that is still starting gets time.

mod client;
mod metrics;

use std::collections::BTreeMap;

use client::{Response, Trouble};
use metrics::Sample;

use crate::pack::checks::{HeaderExpectation, HttpCheck, LoopbackHost, RequestPath};
use crate::pack::types::Pattern;
use crate::verify::evidence::{or_absent, saw};
use crate::verify::{Context, Outcome};

pub async fn evaluate(check: &HttpCheck, _ctx: &Context) -> Outcome {
    match check {
        HttpCheck::Get {
            port,
            path,
            host,
            status,
            body,
            header,
        } => {
            let address = host.with_port(*port);
            let response = match client::get(host.name(), *port, path.as_str()).await {
                Ok(r) => r,
                Err(trouble) => return no_answer(trouble, &address, *port),
            };
            judge_get(
                &response,
                &format!("http://{address}{path}"),
                *status,
                body.as_ref(),
                header.as_ref(),
            )
        }
        HttpCheck::Metric {
            port,
            path,
            host,
            metric,
            labels,
            at_least,
        } => {
            let address = host.with_port(*port);
            let url = format!("http://{address}{path}");
            match client::get(host.name(), *port, path.as_str()).await {
                Err(trouble) => no_answer(trouble, &address, *port),
                Ok(r) if !(200..300).contains(&r.status) => Outcome::failed_with_hint(
                    format!("a metrics page at {url}"),
                    format!("status {} {}", r.status, r.reason).trim_end().to_string(),
                    "check the path of the metrics page (often /metrics) and that the exporter is enabled",
                ),
                Ok(r) => judge_metric(&r, &url, metric, labels.as_ref(), *at_least),
            }
        }
    }
}

/// The body `GET http://host:port/path` answers with, for `compare`. No
/// answer, or a status other than 2xx, fails: the page is not there to
/// compare.
pub(crate) async fn page(
    host: &LoopbackHost,
    port: u16,
    path: &RequestPath,
    expected: &str,
) -> Result<String, Outcome> {
    let address = host.with_port(port);
    match client::get(host.name(), port, path.as_str()).await {
        Err(trouble) => Err(no_answer(trouble, &address, port)),
        Ok(r) if !(200..300).contains(&r.status) => Err(Outcome::failed_with_hint(
            expected,
            format!("GET http://{address}{path} answered status {} {}", r.status, r.reason)
                .trim_end()
                .to_string(),
            format!("`curl -i http://{address}{path}` shows the answer; check the path and what the server serves there"),
        )),
        Ok(r) => Ok(r.body),
    }
}

fn judge_get(
    response: &Response,
    url: &str,
    status: u16,
    body: Option<&Pattern>,
    header: Option<&HeaderExpectation>,
) -> Outcome {
    if response.status != status {
        return Outcome::failed(
            format!("status {status} from GET {url}"),
            format!("status {} {}", response.status, response.reason)
                .trim_end()
                .to_string(),
        );
    }
    if let Some(pattern) = body.filter(|p| !p.is_match(&response.body)) {
        return Outcome::failed(
            format!("a body from {url} matching {pattern}"),
            body_words(&response.body),
        );
    }
    let Some(h) = header else {
        return Outcome::Passed;
    };
    let value = response.header(&h.name);
    saw(
        format!("GET {url}"),
        format!("header {}", h.name),
        or_absent(value),
    );
    Outcome::expect(
        value.is_some_and(|v| h.pattern.is_match(v)),
        format!("a `{}` header from {url} matching {}", h.name, h.pattern),
        match value {
            Some(v) => format!("{}: {v}", h.name),
            None => format!("no `{}` header", h.name),
        },
    )
}

/// The outcome when no HTTP answer came.
fn no_answer(trouble: Trouble, address: &str, port: u16) -> Outcome {
    let expected = format!("an answer on {address}");
    match trouble {
        Trouble::Refused => Outcome::failed_with_hint(
            expected,
            format!("nothing is listening on {address}"),
            // The port the server listens on inside the container is not
            // known here, so the example does not guess one.
            format!("start the container and publish the port its server listens on at this one: `docker run -p 127.0.0.1:{port}:PORT ...`, with PORT the server's port inside the container"),
        ),
        Trouble::Closed => Outcome::failed_with_hint(
            expected,
            format!("{address} accepted the connection and closed it without answering"),
            "the port is published but nothing answers behind it: is the server in the container running, listening on the container port you published, and on 0.0.0.0 rather than 127.0.0.1?",
        ),
        Trouble::Silent => Outcome::failed(
            expected,
            format!("no answer from {address} within {} s", client::PATIENCE.as_secs()),
        ),
        Trouble::NotHttp(start) => Outcome::failed(
            format!("an HTTP answer on {address}"),
            format!("an answer that is not HTTP: {start}"),
        ),
        Trouble::Broken(why) => Outcome::failed(expected, format!("the answer broke off: {why}")),
        Trouble::Other(e) => Outcome::error(format!("could not connect to {address}: {e}")),
    }
}

/// What the body looked like, briefly.
fn body_words(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        return "the body is empty".into();
    }
    let start: String = flat.chars().take(120).collect();
    let more = if flat.chars().count() > 120 {
        "..."
    } else {
        ""
    };
    format!(
        "the body ({}) reads: {start}{more}",
        crate::words::count(body.len(), "byte")
    )
}

fn judge_metric(
    response: &Response,
    url: &str,
    metric: &str,
    labels: Option<&BTreeMap<String, String>>,
    at_least: Option<f64>,
) -> Outcome {
    let samples = metrics::parse(&response.body);
    let series: Vec<&Sample> = samples.iter().filter(|s| s.name == metric).collect();
    let shown: Vec<String> = series.iter().map(|s| s.to_string()).collect();
    saw(
        format!("GET {url}"),
        format!("series {metric}"),
        or_absent((!shown.is_empty()).then(|| shown.join("; "))),
    );
    let fits = |s: &&Sample| {
        labels.is_none_or(|want| want.iter().all(|(k, v)| s.label(k) == Some(v.as_str())))
            && at_least.is_none_or(|n| s.value >= n)
    };
    let expected = wanted_series(metric, labels, at_least);
    if series.iter().any(fits) {
        return Outcome::Passed;
    }
    if series.is_empty() {
        return Outcome::failed(expected, absent(metric, &samples));
    }
    let shown: Vec<String> = series.iter().take(6).map(|s| s.to_string()).collect();
    let more = if series.len() > 6 {
        format!(" and {} more", series.len() - 6)
    } else {
        String::new()
    };
    Outcome::failed(
        expected,
        format!("series found: {}{more}", shown.join("; ")),
    )
}

fn wanted_series(
    metric: &str,
    labels: Option<&BTreeMap<String, String>>,
    at_least: Option<f64>,
) -> String {
    let mut text = format!("a series `{metric}");
    if let Some(labels) = labels.filter(|l| !l.is_empty()) {
        let pairs: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
        text.push_str(&format!("{{{}}}", pairs.join(",")));
    }
    text.push('`');
    if let Some(n) = at_least {
        text.push_str(&format!(" with a value of at least {n}"));
    }
    text
}

/// The metric is not on the page: say so, and name close relatives (a
/// histogram's `_bucket`, `_count`...) or what is there instead.
fn absent(metric: &str, samples: &[Sample]) -> String {
    let mut seen = std::collections::HashSet::new();
    let names: Vec<&str> = samples
        .iter()
        .map(|s| s.name.as_str())
        .filter(|n| seen.insert(*n))
        .collect();
    if names.is_empty() {
        return "the page has no metrics at all".into();
    }
    let close: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| n.starts_with(metric) || metric.starts_with(*n))
        .take(5)
        .collect();
    if !close.is_empty() {
        return format!(
            "metric `{metric}` is absent; close names: {}",
            close.join(", ")
        );
    }
    let some: Vec<&str> = names.iter().copied().take(5).collect();
    format!(
        "metric `{metric}` is absent; the page has {} other metric names, such as {}",
        names.len(),
        some.join(", ")
    )
}
