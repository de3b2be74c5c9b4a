//! HTTP checks (`http.get`, `http.metric`) against a real busybox httpd in a
//! container with a published port, a port nothing listens on, a server that
//! comes up while the check waits, and a local server that answers chunked.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

use common::{
    assert_failed, assert_passed, docker, outcome, parse_error, run_container, test_image, unique,
    Cleanup,
};

const METRICS: &str = r#"# HELP http_requests_total Requests served.
# TYPE http_requests_total counter
http_requests_total{code="200",method="get"} 42
http_requests_total{code="500",method="get"} 3
# HELP build_info Build facts.
# TYPE build_info gauge
build_info{version="1.4.2",note="say \"hi\""} 1
request_seconds_bucket{le="+Inf"} 45
request_seconds_count 45
"#;

/// The shell command that writes the site and runs httpd in the foreground.
fn site_command(delay_seconds: u32) -> String {
    format!(
        "mkdir -p /www && echo '<h1>hello opslab</h1>' > /www/index.html && printf '%s' '{}' > /www/metrics && sleep {delay_seconds} && exec httpd -f -p 80 -h /www",
        METRICS.replace('\'', "'\\''")
    )
}

/// A running httpd container and the host port its port 80 is published on.
fn web_server() -> (Cleanup, u16) {
    let name = unique("httpd");
    let guard = run_container(
        &name,
        &["-p", "127.0.0.1::80"],
        &["sh", "-c", &site_command(0)],
    );
    let port = published_port(&name);
    (guard, port)
}

fn published_port(name: &str) -> u16 {
    let mapping = docker(&["port", name, "80/tcp"]);
    let first = mapping.lines().next().unwrap_or_default();
    first
        .rsplit(':')
        .next()
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or_else(|| panic!("no published port in {mapping:?}"))
}

/// A port nothing listens on (bound and released at once).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs a check; checks meant to pass get time for a slow start.
fn run(kind: &str, port: u16, rest: &str) -> opslab::verify::Outcome {
    let within = if rest.contains("within") {
        ""
    } else {
        "within = \"10s\"\n"
    };
    outcome(&format!(
        "id = \"c\"\nkind = \"{kind}\"\nport = {port}\n{within}{rest}"
    ))
}

fn get(port: u16, rest: &str) -> opslab::verify::Outcome {
    run("http.get", port, rest)
}

fn metric(port: u16, rest: &str) -> opslab::verify::Outcome {
    run("http.metric", port, rest)
}

#[test]
fn get_passes_on_status_body_and_header() {
    let (_guard, port) = web_server();
    assert_passed(&get(port, ""));
    assert_passed(&get(
        port,
        "body = 'hello opslab'\nheader = { name = \"content-type\", pattern = \"text/html\" }",
    ));
    assert_passed(&get(port, "path = \"/missing.html\"\nstatus = 404"));
    assert_passed(&get(port, "host = \"localhost\"\nbody = 'hello'"));
}

#[test]
fn get_fails_with_what_came_back() {
    let (_guard, port) = web_server();
    let (expected, actual) =
        assert_failed(&get(port, "path = \"/missing.html\"\nwithin = \"200ms\""));
    assert!(
        expected.contains(&format!(
            "status 200 from GET http://127.0.0.1:{port}/missing.html"
        )),
        "{expected}"
    );
    assert!(actual.starts_with("status 404"), "{actual}");

    let (expected, actual) = assert_failed(&get(port, "body = 'goodbye'\nwithin = \"200ms\""));
    assert!(expected.contains("matching /goodbye/"), "{expected}");
    assert!(actual.contains("reads: <h1>hello opslab</h1>"), "{actual}");

    let (_, actual) = assert_failed(&get(
        port,
        "header = { name = \"X-Frame-Options\", pattern = \"DENY\" }\nwithin = \"200ms\"",
    ));
    assert_eq!(actual, "no `X-Frame-Options` header");
}

#[test]
fn metrics_series_labels_and_values() {
    let (_guard, port) = web_server();
    assert_passed(&metric(port, "metric = \"http_requests_total\""));
    assert_passed(&metric(
        port,
        "metric = \"http_requests_total\"\nlabels = { code = \"200\" }\nat_least = 40",
    ));
    assert_passed(&metric(
        port,
        "metric = \"build_info\"\nlabels = { note = 'say \"hi\"' }",
    ));

    let (expected, actual) = assert_failed(&metric(
        port,
        "metric = \"http_requests_total\"\nlabels = { code = \"500\" }\nat_least = 10\nwithin = \"200ms\"",
    ));
    assert!(
        expected
            .contains("a series `http_requests_total{code=\"500\"}` with a value of at least 10"),
        "{expected}"
    );
    assert!(
        actual.contains("http_requests_total{code=\"500\",method=\"get\"} 3"),
        "{actual}"
    );

    let (_, actual) = assert_failed(&metric(
        port,
        "metric = \"request_seconds\"\nwithin = \"200ms\"",
    ));
    assert!(
        actual.contains("metric `request_seconds` is absent"),
        "{actual}"
    );
    assert!(actual.contains("request_seconds_bucket"), "{actual}");

    let (_, actual) = assert_failed(&metric(
        port,
        "metric = \"up\"\npath = \"/nothing\"\nwithin = \"200ms\"",
    ));
    assert!(actual.starts_with("status 404"), "{actual}");
}

#[test]
fn nothing_listening_is_a_failure_with_a_hint() {
    let port = free_port();
    let result = get(port, "within = \"300ms\"");
    let (expected, actual) = assert_failed(&result);
    assert_eq!(expected, format!("an answer on 127.0.0.1:{port}"));
    assert_eq!(actual, format!("nothing is listening on 127.0.0.1:{port}"));
    match result {
        opslab::verify::Outcome::Failed { hint: Some(h), .. } => {
            // The host port is the check's; the container port is not
            // known, so no port 80 is guessed for it.
            assert!(h.contains(&format!("-p 127.0.0.1:{port}:PORT")), "{h}");
            assert!(!h.contains(&format!("{port}:80")), "{h}");
        }
        other => panic!("expected a hint, got {other:?}"),
    }
}

#[test]
fn a_published_port_with_no_server_behind_it_fails() {
    let name = unique("silent");
    let _guard = run_container(&name, &["-p", "127.0.0.1::80"], &["sleep", "60"]);
    let port = published_port(&name);
    let (_, actual) = assert_failed(&get(port, "within = \"300ms\""));
    assert!(
        actual.contains("closed it without answering") || actual.contains("nothing is listening"),
        "{actual}"
    );
}

#[test]
fn the_check_waits_for_a_server_that_comes_up() {
    test_image();
    let port = free_port();
    let name = unique("late");
    let _guard = Cleanup::container(&name);
    let starter = {
        let name = name.clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_secs(1));
            let publish = format!("127.0.0.1:{port}:80");
            common::run_container(&name, &["-p", &publish], &["sh", "-c", &site_command(0)])
        })
    };
    let result = get(port, "within = \"20s\"\nbody = 'hello opslab'");
    let started = starter.join().expect("the container starts");
    assert_passed(&result);
    drop(started);
}

#[test]
fn a_chunked_metrics_page_is_read_whole() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = thread::spawn(move || {
        let (mut socket, _) = listener.accept().unwrap();
        let mut request = [0u8; 2048];
        let _ = socket.read(&mut request);
        let mut answer = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nTransfer-Encoding: chunked\r\n\r\n",
        );
        for piece in [
            "# TYPE jobs_done counter\njobs_",
            "done{queue=\"mail\"} 7\n",
            "jobs_done{queue=\"sms\"} 2\n",
        ] {
            answer.push_str(&format!("{:x}\r\n{piece}\r\n", piece.len()));
        }
        answer.push_str("0\r\n\r\n");
        socket.write_all(answer.as_bytes()).unwrap();
    });
    assert_passed(&metric(
        port,
        "metric = \"jobs_done\"\nlabels = { queue = \"sms\" }\nat_least = 2",
    ));
    server.join().unwrap();
}

#[test]
fn only_this_machine_may_be_asked() {
    let err = parse_error("id = \"x\"\nkind = \"http.get\"\nport = 80\nhost = \"example.com\"");
    assert!(err.contains("loopback"), "{err}");
    let err = parse_error("id = \"x\"\nkind = \"http.get\"\nport = 80\npath = \"health\"");
    assert!(err.contains("must start with `/`"), "{err}");
    let err = parse_error("id = \"x\"\nkind = \"http.metric\"\nport = 80");
    assert!(err.contains("metric"), "{err}");
}
