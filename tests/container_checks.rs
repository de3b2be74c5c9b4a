//! The container checks against real containers: each kind passes on a
//! container set up as the lab wants and fails, saying what it found, on one
//! that differs.

mod common;
use common::*;

use opslab::pack::{Lab, Resources, WorkspaceSpec};
use opslab::verify::docker::endpoint::{Endpoint, Origin};
use opslab::verify::{run_check, verify, Context, DockerUnavailable, Outcome};

/// The TOML of one check on `container`, with the kind's own fields.
fn check(kind: &str, container: &str, fields: &str) -> String {
    format!("id = \"t\"\nkind = \"container.{kind}\"\ncontainer = \"{container}\"\n{fields}")
}

/// `docker create` (the container exists but never starts); removed at the end.
fn create_container(name: &str, args: &[&str]) -> Cleanup {
    let mut all = vec!["create", "--name", name];
    all.extend_from_slice(args);
    all.push(test_image());
    all.extend_from_slice(&["sleep", "300"]);
    let guard = Cleanup::container(name);
    docker(&all);
    guard
}

/// A container that has run `sh -c 'exit CODE'` and stopped.
fn exited_container(name: &str, code: u8) -> Cleanup {
    let guard = run_container(name, &[], &["sh", "-c", &format!("exit {code}")]);
    docker(&["wait", name]);
    guard
}

fn sleeper(name: &str, args: &[&str]) -> Cleanup {
    run_container(name, args, &["sleep", "300"])
}

fn hint_of(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Failed { hint, .. } => hint.clone().unwrap_or_default(),
        other => panic!("expected a failure, got {other:#?}"),
    }
}

#[test]
fn exists_passes_for_a_stopped_container_and_fails_for_a_missing_one() {
    let name = unique("exists");
    let _c = create_container(&name, &[]);
    assert_passed(&outcome(&check("exists", &name, "")));

    let missing = unique("missing");
    let failed = outcome(&check("exists", &missing, ""));
    let (expected, actual) = assert_failed(&failed);
    assert_eq!(expected, format!("a container named `{missing}`"));
    assert_eq!(actual, format!("no container named `{missing}`"));
    assert!(hint_of(&failed).contains("docker ps -a"));
}

#[test]
fn running_fails_for_an_exited_container_with_its_exit_code() {
    let up = unique("running");
    let _u = sleeper(&up, &[]);
    assert_passed(&outcome(&check("running", &up, "")));

    let down = unique("stopped");
    let _d = exited_container(&down, 3);
    let failed = outcome(&check("running", &down, ""));
    let (expected, actual) = assert_failed(&failed);
    assert!(expected.contains("running"), "{expected}");
    assert!(actual.contains("exited (code 3)"), "{actual}");
    assert!(hint_of(&failed).contains(&format!("docker start {down}")));
}

#[test]
fn exit_code_compares_codes_and_rejects_a_running_container() {
    let done = unique("exit");
    let _d = exited_container(&done, 3);
    assert_passed(&outcome(&check("exit_code", &done, "code = 3")));
    let (expected, actual) = assert_failed(&outcome(&check("exit_code", &done, "code = 0")));
    assert!(expected.contains("exited with code 0"), "{expected}");
    assert!(actual.contains("exited with code 3"), "{actual}");

    let up = unique("exit-running");
    let _u = sleeper(&up, &[]);
    let (_, actual) = assert_failed(&outcome(&check("exit_code", &up, "code = 0")));
    assert!(actual.contains("still running"), "{actual}");
}

#[test]
fn image_matches_by_reference_or_by_id() {
    let name = unique("image");
    let _c = sleeper(&name, &[]);
    assert_passed(&outcome(&check(
        "image",
        &name,
        &format!("image = \"{TEST_IMAGE}\""),
    )));
    let id = docker(&["image", "inspect", "-f", "{{.Id}}", TEST_IMAGE]);
    assert_passed(&outcome(&check(
        "image",
        &name,
        &format!("image = \"{id}\""),
    )));
    let alias = format!("{}:alias", unique("image-alias"));
    let _tag = Cleanup(vec![vec!["rmi".into(), alias.clone()]]);
    docker(&["tag", TEST_IMAGE, &alias]);
    assert_passed(&outcome(&check(
        "image",
        &name,
        &format!("image = \"{alias}\""),
    )));

    let other = "opslab-test/no-such-image:1";
    let (expected, actual) = assert_failed(&outcome(&check(
        "image",
        &name,
        &format!("image = \"{other}\""),
    )));
    assert!(expected.contains(other), "{expected}");
    assert!(actual.contains(TEST_IMAGE), "{actual}");
}

#[test]
fn port_shows_every_binding_found() {
    let name = unique("port");
    let _c = sleeper(&name, &["-p", "127.0.0.1::80"]);
    let mapped = docker(&["port", &name, "80/tcp"]);
    let host_port = mapped.rsplit(':').next().unwrap().to_string();
    assert_passed(&outcome(&check("port", &name, "port = 80")));
    assert_passed(&outcome(&check(
        "port",
        &name,
        &format!("port = \"80/tcp\"\nhost_ip = \"127.0.0.1\"\nhost_port = {host_port}"),
    )));

    let (expected, actual) = assert_failed(&outcome(&check(
        "port",
        &name,
        &format!("port = 80\nhost_ip = \"0.0.0.0\"\nhost_port = \"{host_port}\""),
    )));
    assert_eq!(
        expected,
        format!("port 80/tcp published on 0.0.0.0:{host_port}")
    );
    assert_eq!(
        actual,
        format!("port 80/tcp published on 127.0.0.1:{host_port}")
    );

    let (expected, actual) = assert_failed(&outcome(&check("port", &name, "port = \"53/udp\"")));
    assert_eq!(expected, "port 53/udp published");
    assert!(actual.contains("80/tcp"), "{actual}");

    let bare = unique("port-none");
    let _b = sleeper(&bare, &[]);
    let (_, actual) = assert_failed(&outcome(&check("port", &bare, "port = 80")));
    assert_eq!(actual, "no ports published");
}

#[test]
fn port_on_a_stopped_container_with_the_binding_says_start_it_not_recreate() {
    let name = unique("port-stopped");
    let _c = create_container(&name, &["-p", "127.0.0.1:0:80"]);
    let failed = outcome(&check("port", &name, "port = 80\nhost_ip = \"127.0.0.1\""));
    let (_, actual) = assert_failed(&failed);
    assert!(actual.contains("published only while it runs"), "{actual}");
    let hint = hint_of(&failed);
    assert_eq!(hint, format!("Start it with `docker start {name}`."));

    let other = outcome(&check("port", &name, "port = 8080"));
    let (_, actual) = assert_failed(&other);
    let hint = hint_of(&other);
    assert!(actual.contains("not running"), "{actual}");
    assert!(
        hint.contains(&format!(
            "docker rm -f {name} && docker run -d --name {name} -p 8080"
        )),
        "{hint}"
    );
}

#[test]
fn every_recreate_hint_removes_the_old_container_first() {
    let name = unique("recreate");
    let _c = sleeper(&name, &[]);
    let recreating = [
        check("port", &name, "port = 80"),
        check("env", &name, "name = \"MISSING\""),
        check("label", &name, "name = \"missing\""),
        check("mount", &name, "destination = \"/data\""),
        check("user", &name, ""),
        check("read_only", &name, ""),
        check("log_driver", &name, "driver = \"local\""),
        check("image", &name, "image = \"opslab-test/other:1\""),
    ];
    for toml in recreating {
        let hint = hint_of(&outcome(&toml));
        assert!(
            hint.contains(&format!("docker rm -f {name}")),
            "{toml}\n{hint}"
        );
    }
}

#[test]
fn env_checks_presence_value_and_pattern() {
    let name = unique("env");
    let _c = sleeper(&name, &["-e", "APP_ENV=production"]);
    assert_passed(&outcome(&check("env", &name, "name = \"APP_ENV\"")));
    assert_passed(&outcome(&check(
        "env",
        &name,
        "name = \"APP_ENV\"\nvalue = \"production\"",
    )));
    assert_passed(&outcome(&check(
        "env",
        &name,
        "name = \"APP_ENV\"\npattern = \"^prod\"",
    )));

    let (expected, actual) = assert_failed(&outcome(&check(
        "env",
        &name,
        "name = \"APP_ENV\"\nvalue = \"dev\"",
    )));
    assert!(expected.contains("set to `dev`"), "{expected}");
    assert!(actual.contains("set to `production`"), "{actual}");
    let (_, actual) = assert_failed(&outcome(&check(
        "env",
        &name,
        "name = \"APP_ENV\"\npattern = \"^dev\"",
    )));
    assert!(actual.contains("`production`"), "{actual}");
    let (_, actual) = assert_failed(&outcome(&check("env", &name, "name = \"DEBUG\"")));
    assert_eq!(actual, "environment variable `DEBUG` not set");
}

#[test]
fn label_checks_presence_and_value() {
    let name = unique("label");
    let _c = sleeper(&name, &["--label", "tier=web"]);
    assert_passed(&outcome(&check("label", &name, "name = \"tier\"")));
    assert_passed(&outcome(&check(
        "label",
        &name,
        "name = \"tier\"\nvalue = \"web\"",
    )));

    let (expected, actual) = assert_failed(&outcome(&check(
        "label",
        &name,
        "name = \"tier\"\nvalue = \"db\"",
    )));
    assert_eq!(expected, "label `tier` set to `db`");
    assert_eq!(actual, "label `tier` set to `web`");
    let (_, actual) = assert_failed(&outcome(&check("label", &name, "name = \"owner\"")));
    assert_eq!(actual, "label `owner` not set");
}

#[test]
fn mount_checks_volume_bind_source_and_access() {
    let name = unique("mount");
    let volume = unique("mount-vol");
    let dir = tempfile::tempdir().unwrap();
    let bind = format!("{}:/src", dir.path().display());
    let _c = sleeper(&name, &["-v", &format!("{volume}:/data:ro"), "-v", &bind])
        .then(&["volume", "rm", &volume]);
    let vol_fields = format!("destination = \"/data\"\nvolume = \"{volume}\"\nread_only = true");
    assert_passed(&outcome(&check("mount", &name, &vol_fields)));
    let src_fields = format!(
        "destination = \"/src/\"\nsource = \"{}\"",
        dir.path().display()
    );
    assert_passed(&outcome(&check("mount", &name, &src_fields)));

    let (expected, actual) = assert_failed(&outcome(&check(
        "mount",
        &name,
        "destination = \"/data\"\nread_only = false",
    )));
    assert!(expected.contains("writable"), "{expected}");
    assert_eq!(
        actual,
        format!("volume `{volume}` mounted at /data, read-only")
    );
    let (_, actual) = assert_failed(&outcome(&check(
        "mount",
        &name,
        "destination = \"/src\"\nvolume = \"src\"",
    )));
    assert!(
        actual.contains(&format!("{} mounted at /src", dir.path().display())),
        "{actual}"
    );
    let (_, actual) = assert_failed(&outcome(&check("mount", &name, "destination = \"/cache\"")));
    assert!(actual.starts_with("nothing mounted at /cache"), "{actual}");
    assert!(actual.contains(&format!("volume `{volume}`")), "{actual}");
}

#[test]
fn network_checks_membership_and_aliases() {
    let name = unique("net");
    let network = unique("net-n");
    let _n = Cleanup(vec![vec!["network".into(), "rm".into(), network.clone()]]);
    docker(&["network", "create", &network]);
    let _c = sleeper(&name, &["--network", &network, "--network-alias", "api"]);
    let on = |extra: &str| {
        check(
            "network",
            &name,
            &format!("network = \"{network}\"\n{extra}"),
        )
    };
    assert_passed(&outcome(&on("")));
    assert_passed(&outcome(&on("aliases = [\"api\"]")));
    assert_passed(&outcome(&on(&format!("aliases = [\"{name}\"]"))));

    let (expected, actual) = assert_failed(&outcome(&on("aliases = [\"api\", \"db\"]")));
    assert!(expected.contains("`db`"), "{expected}");
    assert!(
        actual.contains("`api`") && !actual.contains("`db`"),
        "{actual}"
    );
    let (expected, actual) =
        assert_failed(&outcome(&check("network", &name, "network = \"backend\"")));
    assert_eq!(expected, "on network `backend`");
    assert_eq!(actual, format!("on networks `{network}`"));
}

#[test]
fn restart_policy_compares_name_and_retries() {
    let name = unique("restart");
    let _c = sleeper(&name, &["--restart", "on-failure:3"]);
    assert_passed(&outcome(&check(
        "restart_policy",
        &name,
        "policy = \"on-failure\"",
    )));
    assert_passed(&outcome(&check(
        "restart_policy",
        &name,
        "policy = \"on-failure\"\nmax_retries = 3",
    )));

    let (expected, actual) = assert_failed(&outcome(&check(
        "restart_policy",
        &name,
        "policy = \"always\"",
    )));
    assert_eq!(expected, "restart policy `always`");
    assert_eq!(actual, "restart policy `on-failure` with at most 3 retries");

    let plain = unique("restart-no");
    let _p = sleeper(&plain, &[]);
    let failed = outcome(&check(
        "restart_policy",
        &plain,
        "policy = \"unless-stopped\"",
    ));
    let (_, actual) = assert_failed(&failed);
    assert_eq!(actual, "restart policy `no`");
    assert!(hint_of(&failed).contains("docker update --restart unless-stopped"));
}

#[test]
fn health_waits_for_the_healthcheck_and_asks_for_one_when_missing() {
    let healthy = unique("healthy");
    let _h = sleeper(
        &healthy,
        &["--health-cmd", "true", "--health-interval", "1s"],
    );
    assert_passed(&outcome(&format!(
        "{}within = \"30s\"",
        check("health", &healthy, "")
    )));

    let sick = unique("unhealthy");
    let sick_args = [
        "--health-cmd",
        "false",
        "--health-interval",
        "1s",
        "--health-retries",
        "1",
    ];
    let _s = sleeper(&sick, &sick_args);
    let wants_unhealthy = check("health", &sick, "status = \"unhealthy\"\nwithin = \"30s\"");
    assert_passed(&outcome(&wants_unhealthy));
    let (expected, actual) = assert_failed(&outcome(&check("health", &sick, "within = \"1s\"")));
    assert!(expected.contains("healthy"), "{expected}");
    assert!(actual.contains("health is `unhealthy`"), "{actual}");

    let plain = unique("no-health");
    let _p = sleeper(&plain, &[]);
    let failed = outcome(&check("health", &plain, "within = \"1s\""));
    let (_, actual) = assert_failed(&failed);
    assert!(actual.contains("has no healthcheck"), "{actual}");
    assert!(hint_of(&failed).contains("HEALTHCHECK"));
}

#[test]
fn limits_must_be_set_and_not_above_the_maximum() {
    let name = unique("limits");
    let _c = sleeper(&name, &["--memory", "64m", "--cpus", "0.5"]);
    assert_passed(&outcome(&check(
        "limits",
        &name,
        "memory_at_most = \"64m\"\ncpus_at_most = 0.5",
    )));
    assert_passed(&outcome(&check("limits", &name, "memory_at_most = \"1g\"")));

    let (expected, actual) = assert_failed(&outcome(&check(
        "limits",
        &name,
        "memory_at_most = \"32m\"",
    )));
    assert_eq!(expected, "a memory limit of at most 32.0 MiB");
    assert_eq!(actual, "a memory limit of 64.0 MiB");
    let (_, actual) = assert_failed(&outcome(&check("limits", &name, "cpus_at_most = 0.25")));
    assert_eq!(actual, "a CPU limit of 0.5 CPUs");

    let plain = unique("limits-none");
    let _p = sleeper(&plain, &[]);
    let (_, actual) = assert_failed(&outcome(&check(
        "limits",
        &plain,
        "memory_at_most = \"64m\"\ncpus_at_most = 1",
    )));
    assert_eq!(actual, "no memory limit and no CPU limit");
}

#[test]
fn limits_without_any_limit_do_not_load() {
    let error = parse_error(&check("limits", "web", ""));
    assert!(error.contains("at least one limit"), "{error}");
}

#[test]
fn user_must_be_non_root_or_the_one_named() {
    let name = unique("user");
    let _c = sleeper(&name, &["--user", "1000:1000"]);
    assert_passed(&outcome(&check("user", &name, "")));
    assert_passed(&outcome(&check("user", &name, "user = \"1000:1000\"")));
    let (expected, actual) = assert_failed(&outcome(&check("user", &name, "user = \"app\"")));
    assert_eq!(expected, "user `app`");
    assert_eq!(actual, "user `1000:1000`");

    let root = unique("user-root");
    let _r = sleeper(&root, &[]);
    let failed = outcome(&check("user", &root, ""));
    let (expected, actual) = assert_failed(&failed);
    assert_eq!(expected, "a non-root user");
    assert_eq!(actual, "root (no user set)");
    assert!(hint_of(&failed).contains("--user"));
}

#[test]
fn read_only_root_filesystem() {
    let name = unique("ro");
    let _c = sleeper(&name, &["--read-only"]);
    assert_passed(&outcome(&check("read_only", &name, "")));
    let plain = unique("rw");
    let _p = sleeper(&plain, &[]);
    let (expected, actual) = assert_failed(&outcome(&check("read_only", &plain, "")));
    assert_eq!(expected, "a read-only root filesystem");
    assert_eq!(actual, "a writable root filesystem");
}

#[test]
fn not_privileged_fails_for_a_privileged_container() {
    let plain = unique("unpriv");
    let _p = create_container(&plain, &[]);
    assert_passed(&outcome(&check("not_privileged", &plain, "")));
    // Created, not started: this sandbox cannot start privileged containers,
    // and the flag is configuration either way.
    let name = unique("priv");
    let _c = create_container(&name, &["--privileged"]);
    let (_, actual) = assert_failed(&outcome(&check("not_privileged", &name, "")));
    assert!(actual.contains("--privileged"), "{actual}");
}

#[test]
fn log_driver_compares_driver_and_options() {
    let name = unique("logdriver");
    let _c = sleeper(
        &name,
        &["--log-driver", "json-file", "--log-opt", "max-size=10m"],
    );
    assert_passed(&outcome(&check(
        "log_driver",
        &name,
        "driver = \"json-file\"",
    )));
    let with_size = "driver = \"json-file\"\noptions = { max-size = \"10m\" }";
    assert_passed(&outcome(&check("log_driver", &name, with_size)));

    let (expected, actual) = assert_failed(&outcome(&check(
        "log_driver",
        &name,
        "driver = \"json-file\"\noptions = { max-size = \"5m\" }",
    )));
    assert_eq!(expected, "log driver `json-file` with max-size=5m");
    assert_eq!(actual, "log driver `json-file` with max-size=10m");
    let (_, actual) = assert_failed(&outcome(&check("log_driver", &name, "driver = \"local\"")));
    assert!(actual.contains("`json-file`"), "{actual}");
}

#[test]
fn logs_count_matching_lines_from_stdout_and_stderr() {
    let name = unique("logs");
    let script = "echo ready; echo ready on stderr >&2; echo other; sleep 300";
    let _c = run_container(&name, &[], &["sh", "-c", script]);
    let toml = |fields: &str| check("logs", &name, fields);
    assert_passed(&outcome(&toml(
        "pattern = \"^ready\"\nat_least = 2\nwithin = \"20s\"",
    )));

    let (expected, actual) = assert_failed(&outcome(&toml(
        "pattern = \"^ready\"\nat_least = 3\nwithin = \"1s\"",
    )));
    assert_eq!(
        expected,
        format!("container `{name}` logged at least 3 lines matching /^ready/")
    );
    assert_eq!(
        actual,
        format!("container `{name}` logged 3 lines, 2 matching /^ready/")
    );

    let quiet = unique("logs-quiet");
    let _q = sleeper(&quiet, &[]);
    let (_, actual) = assert_failed(&outcome(&check(
        "logs",
        &quiet,
        "pattern = \"ready\"\nwithin = \"1s\"",
    )));
    assert!(actual.contains("has logged nothing"), "{actual}");
}

#[test]
fn logs_of_a_container_that_keeps_none_fail_with_the_fix() {
    let name = unique("logs-none");
    let _c = sleeper(&name, &["--log-driver", "none"]);
    for kind in ["logs", "logs_json"] {
        let fields = if kind == "logs" {
            "pattern = \"ready\""
        } else {
            ""
        };
        let (_, actual) = assert_failed(&outcome(&check(kind, &name, fields)));
        assert_eq!(
            actual,
            format!("container `{name}` uses the log driver `none`, which keeps no logs")
        );
    }
}

#[test]
fn logs_json_needs_every_line_to_be_an_object_with_the_fields() {
    let good = unique("json");
    let line = r#"{"level":"info","message":"up","timestamp":"2024-01-01T00:00:00Z"}"#;
    let _g = run_container(
        &good,
        &[],
        &[
            "sh",
            "-c",
            &format!("echo '{line}'; echo; echo '{line}'; sleep 300"),
        ],
    );
    assert_passed(&outcome(&check(
        "logs_json",
        &good,
        "at_least_lines = 2\nwithin = \"20s\"",
    )));
    let fewer = check("logs_json", &good, "at_least_lines = 5\nwithin = \"1s\"");
    let (expected, actual) = assert_failed(&outcome(&fewer));
    assert_eq!(expected, "at least 5 JSON log lines");
    assert!(actual.contains("only 2 lines"), "{actual}");

    let mixed = unique("json-mixed");
    let script = format!("echo '{line}'; echo starting up; sleep 300");
    let _m = run_container(&mixed, &[], &["sh", "-c", &script]);
    let (expected, actual) =
        assert_failed(&outcome(&check("logs_json", &mixed, "within = \"2s\"")));
    assert!(expected.contains("level, message, timestamp"), "{expected}");
    assert_eq!(actual, "line 2 is not JSON: `starting up`");

    let partial = unique("json-partial");
    let script = r#"echo '{"level":"info","message":"up"}'; sleep 300"#;
    let _p = run_container(&partial, &[], &["sh", "-c", script]);
    let (_, actual) = assert_failed(&outcome(&check("logs_json", &partial, "within = \"2s\"")));
    assert!(
        actual.starts_with("line 1 has no field `timestamp`"),
        "{actual}"
    );
}

#[test]
fn exec_checks_exit_code_and_output() {
    let name = unique("exec");
    let _c = sleeper(&name, &[]);
    let run = |fields: &str| outcome(&check("exec", &name, fields));
    assert_passed(&run(
        "command = [\"sh\", \"-c\", \"echo hello\"]\noutput = \"^hello\"",
    ));
    assert_passed(&run(
        "command = [\"sh\", \"-c\", \"exit 2\"]\nexit_code = 2",
    ));

    let failed = run("command = [\"sh\", \"-c\", \"echo nope >&2; exit 2\"]");
    let (expected, actual) = assert_failed(&failed);
    assert_eq!(
        expected,
        "`sh -c 'echo nope >&2; exit 2'` exits with code 0"
    );
    assert_eq!(
        actual,
        "`sh -c 'echo nope >&2; exit 2'` exited with code 2: `nope`"
    );
    assert!(hint_of(&failed).contains(&format!("docker exec {name} sh -c")));
    let (_, actual) = assert_failed(&run("command = [\"echo\", \"bye\"]\noutput = \"hello\""));
    assert_eq!(actual, "`echo bye` printed `bye`");

    let stopped = unique("exec-stopped");
    let _s = exited_container(&stopped, 0);
    let (_, actual) = assert_failed(&outcome(&check("exec", &stopped, "command = [\"true\"]")));
    assert!(actual.contains("is exited"), "{actual}");
}

#[test]
fn bad_fields_are_load_errors() {
    let unknown = parse_error(&check("running", "web", "colour = \"blue\""));
    assert!(unknown.contains("colour"), "{unknown}");
    let port = parse_error(&check("port", "web", "port = \"80/xyz\""));
    assert!(port.contains("unknown protocol"), "{port}");
    let command = parse_error(&check("exec", "web", "command = []"));
    assert!(command.contains("`command` is empty"), "{command}");
    let policy = parse_error(&check("restart_policy", "web", "policy = \"sometimes\""));
    assert!(policy.contains("sometimes"), "{policy}");
    let pattern = parse_error(&check("logs", "web", "pattern = \"(\""));
    assert!(pattern.contains("invalid regular expression"), "{pattern}");
}

#[test]
fn titles_say_what_the_check_wants() {
    let title = |kind: &str, fields: &str| parse_check(&check(kind, "web", fields)).title;
    assert_eq!(title("running", ""), "Container `web` is running");
    assert_eq!(
        title(
            "port",
            "port = 80\nhost_ip = \"127.0.0.1\"\nhost_port = 8080"
        ),
        "Container `web` publishes port 80/tcp on 127.0.0.1:8080"
    );
    assert_eq!(title("health", ""), "Container `web` is healthy");
    assert_eq!(
        title("limits", "memory_at_most = \"64m\""),
        "Container `web` has a memory limit of at most 64.0 MiB"
    );
}

/// Every kind, over one container, in one run (the way a lab runs them).
fn every_kind(name: &str) -> Vec<opslab::pack::Check> {
    let bodies = [
        ("exists", ""),
        ("running", ""),
        ("image", "image = \"opslab-test/busybox:1\""),
        ("port", "port = 80"),
        ("env", "name = \"APP_ENV\""),
        ("label", "name = \"tier\""),
        ("mount", "destination = \"/data\""),
        ("network", "network = \"bridge\""),
        ("restart_policy", "policy = \"no\""),
        ("limits", "memory_at_most = \"64m\""),
        ("user", ""),
        ("read_only", ""),
        ("not_privileged", ""),
        ("log_driver", "driver = \"json-file\""),
        ("logs", "pattern = \"up\"\nwithin = \"20s\""),
        ("exec", "command = [\"cat\", \"/proc/1/cmdline\"]"),
        ("exit_code", "code = 0"),
        ("health", "within = \"1s\""),
        ("logs_json", "within = \"1s\""),
    ];
    bodies
        .iter()
        .enumerate()
        .map(|(i, (kind, fields))| {
            parse_check(&check(kind, name, fields).replace("id = \"t\"", &format!("id = \"c{i}\"")))
        })
        .collect()
}

#[test]
fn a_run_leaves_the_container_as_it_was() {
    let name = unique("untouched");
    let args = [
        "-p",
        "127.0.0.1::80",
        "-e",
        "APP_ENV=x",
        "--label",
        "tier=web",
        "-v",
        "/data",
    ];
    let _c = run_container(&name, &args, &["sh", "-c", "echo up; sleep 300"]);
    let before = docker(&["inspect", "-f", "{{json .State}}{{json .Config}}", &name]);
    let lab = Lab {
        id: "untouched".into(),
        title: "Untouched".into(),
        stage: "containers".into(),
        summary: String::new(),
        minutes: 1,
        prerequisites: vec![],
        offline: true,
        hints: vec![],
        workspace: WorkspaceSpec::default(),
        resources: Resources::default(),
        checks: every_kind(&name),
        requires: vec![],
        wrong_answers: vec![],
        setup: Default::default(),
        brief: String::new(),
        dir: "labs/untouched".into(),
    };
    let dir = tempfile::tempdir().unwrap();
    let report = runtime().block_on(async {
        let ctx = Context::new(
            dir.path().to_path_buf(),
            opslab::verify::DockerProbe::connect().await,
        );
        verify(&lab, &ctx).await
    });
    let after = docker(&["inspect", "-f", "{{json .State}}{{json .Config}}", &name]);
    assert_eq!(before, after, "the run changed the container");
    assert_eq!(report.errors(), 0, "{:#?}", report.results);
    assert!(report.passed() >= 12, "{:#?}", report.results);
    assert!(report.failed() >= 3, "{:#?}", report.results);
}

#[test]
fn an_unreachable_daemon_is_an_error_not_a_failure() {
    let check = parse_check(&check("running", "web", ""));
    let dir = tempfile::tempdir().unwrap();
    let down = DockerUnavailable::NotAnswering {
        endpoint: Endpoint {
            host: "unix:///nonexistent.sock".into(),
            origin: Origin::Default,
        },
        cause: "no such file".into(),
    };
    let ctx = Context::new(dir.path().to_path_buf(), Err(down));
    let result = runtime().block_on(run_check(&check, &ctx));
    match result.outcome {
        Outcome::Error { why } => assert!(why.contains("unix:///nonexistent.sock"), "{why}"),
        other => panic!("expected an error, got {other:#?}"),
    }
}
