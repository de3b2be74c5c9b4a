//! Every Docker call has a deadline. Against fake daemons on 127.0.0.1 that
//! stall (one never answers, one answers the ping and then stalls, one
//! stalls in the middle of a log), `check`, `doctor` and `reset` end in
//! seconds with exit code 2 and a message naming the endpoint, and a check
//! with `within` ends soon after it. The bounds asserted are far above
//! normal (a few seconds) and far below the waits these fakes caused before
//! (120 s, 240 s).

mod common;
mod docker_pack;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use common::*;
use docker_pack::*;
use opslab::verify::docker::endpoint::{Endpoint, Origin};
use opslab::verify::{run_check, Context, DockerProbe, Outcome};

/// How the fake daemon behaves.
#[derive(Clone, Copy)]
enum Fake {
    /// Accepts connections and never says a word.
    Silent,
    /// Answers `/_ping` as Engine 20.10 does, then stalls on everything else.
    PingThenStall,
    /// Answers the ping and inspecting container `web`, then starts the
    /// log stream and stalls in its middle.
    StallInLogs,
}

/// Starts a fake daemon; returns its `tcp://127.0.0.1:PORT`.
fn fake_daemon(fake: Fake) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            thread::spawn(move || serve(fake, stream));
        }
    });
    format!("tcp://127.0.0.1:{port}")
}

fn serve(fake: Fake, mut stream: TcpStream) {
    let path = match fake {
        Fake::Silent => String::new(),
        _ => request_path(&mut stream),
    };
    let answer = if path.ends_with("/_ping") {
        Some(reply("text/plain", "OK"))
    } else if matches!(fake, Fake::StallInLogs) && path.ends_with("/containers/web/json") {
        Some(reply("application/json", INSPECT_WEB))
    } else if matches!(fake, Fake::StallInLogs) && path.contains("/logs") {
        let head = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/vnd.docker.raw-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
        let _ = stream.write_all(head.as_bytes());
        // One stdout frame, "starting\n", then nothing more.
        let frame = b"\x01\x00\x00\x00\x00\x00\x00\x09starting\n";
        let _ = stream.write_all(format!("{:x}\r\n", frame.len()).as_bytes());
        let _ = stream.write_all(frame);
        let _ = stream.write_all(b"\r\n");
        None
    } else {
        None
    };
    match answer {
        Some(text) => {
            let _ = stream.write_all(text.as_bytes());
        }
        None => thread::sleep(Duration::from_secs(300)),
    }
}

const INSPECT_WEB: &str = r#"{"Id":"0123456789abcdef","Name":"/web","State":{"Status":"running","Running":true},"Config":{},"HostConfig":{"LogConfig":{"Type":"json-file","Config":{}}}}"#;

fn reply(content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// The path of the request on `stream` (its head is read whole).
fn request_path(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    let target = head.split_whitespace().nth(1).unwrap_or("");
    target.split('?').next().unwrap_or("").to_string()
}

/// A lab with one container check and three declared resources, started.
/// Reset gives up on the rest once the daemon has not answered for one.
fn started_lab() -> OneLab {
    let lab = OneLab::new(
        "[resources]\ncontainers = [\"web\"]\nnetworks = [\"web-net\"]\nvolumes = [\"web-data\"]\n\n[[check]]\nid = \"c\"\nkind = \"container.running\"\ncontainer = \"web\"\n",
    );
    lab.start();
    lab
}

/// Runs `check`, `doctor` and `reset --yes` at once against `host` and
/// asserts each ends in time with exit 2 and names the endpoint.
fn each_command_gives_up(host: &str) {
    let lab = started_lab();
    let env = [("DOCKER_HOST", host)];
    let runs: Vec<(&str, Run)> = thread::scope(|s| {
        let commands: [&[&str]; 3] = [&["check", "lab"], &["doctor"], &["reset", "lab", "--yes"]];
        let handles: Vec<_> = commands
            .iter()
            .map(|args| (args[0], s.spawn(|| lab.run(args, &env))))
            .collect();
        handles
            .into_iter()
            .map(|(name, h)| (name, h.join().unwrap()))
            .collect()
    });
    let named = format!("could not reach the Docker daemon at {host} (from DOCKER_HOST)");
    for (command, run) in runs {
        assert_eq!(run.code, Some(2), "`{command}` exit code:\n{}", run.text);
        assert!(
            run.took < Duration::from_secs(20),
            "`{command}` took {:?}",
            run.took
        );
        assert!(run.text.contains(&named), "`{command}` said:\n{}", run.text);
        assert!(
            !run.text.contains("systemctl"),
            "`{command}` said:\n{}",
            run.text
        );
    }
}

#[test]
fn check_doctor_and_reset_give_up_in_seconds_on_a_daemon_that_never_answers() {
    each_command_gives_up(&fake_daemon(Fake::Silent));
}

#[test]
fn check_doctor_and_reset_give_up_in_seconds_on_a_daemon_that_stalls_after_the_ping() {
    each_command_gives_up(&fake_daemon(Fake::PingThenStall));
}

#[test]
fn a_logs_check_with_within_ends_soon_after_it_when_the_log_stream_stalls() {
    let host = fake_daemon(Fake::StallInLogs);
    let check = parse_check(
        "id = \"t\"\nkind = \"container.logs\"\ncontainer = \"web\"\npattern = \"ready\"\nwithin = \"1s\"",
    );
    let dir = tempfile::tempdir().unwrap();
    let (outcome, took) = runtime().block_on(async {
        let endpoint = Endpoint {
            host: host.clone(),
            origin: Origin::DockerHost,
        };
        let probe = DockerProbe::connect_to(endpoint).await;
        let ctx = Context::new(dir.path().to_path_buf(), probe);
        let started = Instant::now();
        let result = run_check(&check, &ctx).await;
        (result.outcome, started.elapsed())
    });
    assert!(took < Duration::from_secs(6), "the check took {took:?}");
    match outcome {
        Outcome::Error { why } => {
            assert!(why.contains("stopped after"), "{why}");
            assert!(
                why.contains(&format!("Docker daemon at {host} (from DOCKER_HOST)")),
                "{why}"
            );
        }
        other => panic!("expected could not run, got {other:#?}"),
    }
}
