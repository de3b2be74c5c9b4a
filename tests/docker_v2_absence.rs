//! Absence and counts against the real daemon: an object that must be gone
//! (even stopped), an image that must not set a variable, and counts of
//! containers and images within a label scope, whose failures list what
//! was found.

mod common;
use common::*;

use opslab::verify::Outcome;

fn check(kind: &str, fields: &str) -> String {
    format!("id = \"t\"\nkind = \"{kind}\"\n{fields}")
}

fn run(kind: &str, fields: &str) -> Outcome {
    outcome(&check(kind, fields))
}

fn hint_of(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Failed { hint: Some(h), .. } => h.clone(),
        other => panic!("expected a failure with a hint, got {other:#?}"),
    }
}

/// Builds `FROM <test image>` plus `body` as `tag`; returns the image ID.
fn build(tag: &str, body: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let dockerfile = format!(
        "FROM {}\nLABEL opslab.test.build=\"{tag}\"\n{body}\n",
        test_image()
    );
    std::fs::write(dir.path().join("Dockerfile"), dockerfile).unwrap();
    docker(&["build", "-q", "-t", tag, dir.path().to_str().unwrap()])
}

#[test]
fn container_absent_passes_when_gone_and_fails_even_when_stopped() {
    let name = unique("legacy-api");
    let fields = format!("container = \"{name}\"");
    assert_passed(&run("container.absent", &fields));

    let guard = Cleanup::container(&name);
    docker(&["create", "--name", &name, test_image(), "true"]);
    let failed = run("container.absent", &fields);
    let (expected, actual) = assert_failed(&failed);
    assert_eq!(expected, format!("no container named `{name}`"));
    assert_eq!(
        actual,
        format!("container `{name}` exists (created (never started))")
    );
    assert!(hint_of(&failed).contains(&format!("docker rm -f {name}")));

    docker(&["start", &name]);
    docker(&["wait", &name]);
    let (_, actual) = assert_failed(&run("container.absent", &fields));
    assert_eq!(
        actual,
        format!("container `{name}` exists (exited (code 0))")
    );

    drop(guard);
    assert_passed(&run("container.absent", &fields));
}

#[test]
fn container_absent_is_not_fooled_by_an_id_prefix() {
    let name = unique("prefix");
    let _c = run_container(&name, &[], &["sleep", "300"]);
    let id = docker(&["inspect", "-f", "{{.Id}}", &name]);
    assert_passed(&run(
        "container.absent",
        &format!("container = \"{}\"", &id[..12]),
    ));
}

#[test]
fn image_volume_and_network_absent_fail_while_the_object_exists() {
    let tag = format!("{}:1", unique("gone-image"));
    let volume = unique("gone-volume");
    let network = unique("gone-network");
    assert_passed(&run("image.absent", &format!("image = \"{tag}\"")));
    assert_passed(&run("volume.absent", &format!("volume = \"{volume}\"")));
    assert_passed(&run("network.absent", &format!("network = \"{network}\"")));

    let _i = Cleanup(vec![vec!["rmi".into(), "-f".into(), tag.clone()]]);
    build(&tag, "");
    let failed = run("image.absent", &format!("image = \"{tag}\""));
    let (_, actual) = assert_failed(&failed);
    assert!(
        actual.starts_with(&format!("image {tag} exists (ID ")),
        "{actual}"
    );
    assert!(hint_of(&failed).contains(&format!("docker rmi {tag}")));

    let user = unique("gone-user");
    let _v = Cleanup::container(&user).then(&["volume", "rm", &volume]);
    docker(&["volume", "create", &volume]);
    docker(&[
        "create",
        "--name",
        &user,
        "-v",
        &format!("{volume}:/data"),
        test_image(),
    ]);
    let failed = run("volume.absent", &format!("volume = \"{volume}\""));
    let (_, actual) = assert_failed(&failed);
    assert_eq!(
        actual,
        format!("volume {volume} exists (mounted by {user})")
    );
    assert!(hint_of(&failed).contains(&format!("docker rm -f {user}")));

    let _n = Cleanup(vec![vec!["network".into(), "rm".into(), network.clone()]]);
    docker(&["network", "create", &network]);
    let (expected, actual) =
        assert_failed(&run("network.absent", &format!("network = \"{network}\"")));
    assert_eq!(expected, format!("no network {network}"));
    assert_eq!(actual, format!("network {network} exists"));
}

#[test]
fn image_env_set_false_fails_when_the_dockerfile_sets_the_variable() {
    let debug = format!("{}:1", unique("env-debug"));
    let clean = format!("{}:1", unique("env-clean"));
    let _g = Cleanup(vec![
        vec!["rmi".into(), "-f".into(), debug.clone()],
        vec!["rmi".into(), "-f".into(), clean.clone()],
    ]);
    build(&debug, "ENV DEBUG=1 MODE=prod");
    build(&clean, "ENV MODE=prod");
    let fields = |image: &str| format!("image = \"{image}\"\nname = \"DEBUG\"\nset = false");

    assert_passed(&run("image.env", &fields(&clean)));
    let failed = run("image.env", &fields(&debug));
    let (expected, actual) = assert_failed(&failed);
    assert_eq!(expected, format!("image {debug} without DEBUG"));
    assert_eq!(actual, "DEBUG=1");
    assert!(hint_of(&failed).contains("remove `ENV DEBUG=...`"));
    assert_eq!(
        parse_check(&check("image.env", &fields(&debug))).title,
        format!("Image `{debug}` does not set `DEBUG`")
    );

    let both = format!("{}\nvalue = \"1\"", fields(&debug));
    assert!(parse_error(&check("image.env", &both)).contains("drop `value` and `pattern`"));
}

#[test]
fn container_count_counts_running_containers_in_a_label_scope() {
    let app = unique("web");
    let label = format!("app={app}");
    let names: Vec<String> = (0..3).map(|i| format!("{app}-{i}")).collect();
    let guards: Vec<Cleanup> = names
        .iter()
        .map(|n| run_container(n, &["--label", &label], &["sleep", "300"]))
        .collect();
    let fields = format!("labels = {{ app = \"{app}\" }}\nstate = \"running\"\nequals = 2");

    let failed = run("container.count", &fields);
    let (expected, actual) = assert_failed(&failed);
    assert_eq!(
        expected,
        format!("exactly 2 running containers with label `app={app}`")
    );
    assert_eq!(
        actual,
        format!(
            "3 running containers with label `app={app}`: `{0}` (running), `{1}` (running), `{2}` (running)",
            names[0], names[1], names[2]
        )
    );
    assert!(hint_of(&failed).contains(&format!("docker ps -a --filter label=app={app}")));

    docker(&["rm", "-f", &names[2]]);
    assert_passed(&run("container.count", &fields));

    docker(&["stop", "-t", "0", &names[1]]);
    let (_, actual) = assert_failed(&run("container.count", &fields));
    assert_eq!(
        actual,
        format!(
            "1 running container with label `app={app}`: `{}` (running); also in scope but not running: `{}` (exited)",
            names[0], names[1]
        )
    );
    let any = format!("labels = {{ app = \"{app}\" }}\nat_least = 2");
    assert_passed(&run("container.count", &any));

    let named = format!("labels = {{ app = \"{app}\" }}\nname = '-0$'\nequals = 1");
    assert_passed(&run("container.count", &named));
    let from =
        |image: &str| format!("labels = {{ app = \"{app}\" }}\nimage = \"{image}\"\nat_least = 2");
    assert_passed(&run("container.count", &from(test_image())));
    let other = format!("{}:1", unique("never-built"));
    let (expected, actual) = assert_failed(&run("container.count", &from(&other)));
    assert_eq!(
        expected,
        format!("at least 2 containers with label `app={app}` from image `{other}`")
    );
    assert_eq!(
        actual,
        format!("no container with label `app={app}` from image `{other}`")
    );
    drop(guards);
}

#[test]
fn image_count_finds_a_dangling_image_left_by_a_rebuild() {
    let project = unique("shop");
    let tag = format!("{project}:1");
    let body = |n: u32| format!("LABEL project=\"{project}\"\nRUN echo {n} > /build");
    let old = build(&tag, &body(1));
    let new = build(&tag, &body(2));
    let _g = Cleanup(vec![
        vec!["rmi".into(), "-f".into(), tag.clone()],
        vec!["rmi".into(), "-f".into(), old.clone()],
        vec!["rmi".into(), "-f".into(), new.clone()],
    ]);
    let fields = format!("labels = {{ project = \"{project}\" }}\ndangling = true\nequals = 0");
    assert_eq!(
        parse_check(&check("image.count", &fields)).title,
        format!("Exactly 0 dangling images with label `project={project}`")
    );

    let failed = run("image.count", &fields);
    let (_, actual) = assert_failed(&failed);
    let short = &old.trim_start_matches("sha256:")[..12];
    assert_eq!(
        actual,
        format!("1 dangling image with label `project={project}`: {short} (dangling)")
    );
    assert!(hint_of(&failed).contains("docker image prune"));
    let tagged = format!("labels = {{ project = \"{project}\" }}\ndangling = false\nequals = 1");
    assert_passed(&run("image.count", &tagged));

    docker(&["rmi", &old]);
    assert_passed(&run("image.count", &fields));
}

#[test]
fn counts_that_cannot_pass_or_say_nothing_are_load_errors() {
    let err = parse_error(&check("container.count", "labels = { a = \"b\" }"));
    assert!(err.contains("say how many"), "{err}");
    let err = parse_error(&check("image.count", "equals = 1\nat_most = 2"));
    assert!(err.contains("not both"), "{err}");
    let err = parse_error(&check("container.count", "at_least = 3\nat_most = 1"));
    assert!(err.contains("nothing can pass"), "{err}");
    let err = parse_error(&check(
        "container.count",
        "state = \"sleeping\"\nequals = 1",
    ));
    assert!(err.contains("state"), "{err}");
    let err = parse_error(&check("container.count", "equals = -1"));
    assert!(err.contains("out of range"), "{err}");
}

#[test]
fn set_false_requires_a_variable_or_label_to_be_missing() {
    let clean = unique("unset-ok");
    let _c = run_container(&clean, &["-e", "MODE=prod"], &["sleep", "300"]);
    let dirty = unique("unset-bad");
    let _d = run_container(
        &dirty,
        &["-e", "DEBUG=1", "--label", "temporary=yes"],
        &["sleep", "300"],
    );
    let debug = |c: &str| format!("container = \"{c}\"\nname = \"DEBUG\"\nset = false");
    let temp = |c: &str| format!("container = \"{c}\"\nname = \"temporary\"\nset = false");

    assert_passed(&run("container.env", &debug(&clean)));
    assert_passed(&run("container.label", &temp(&clean)));
    let failed = run("container.env", &debug(&dirty));
    let (expected, actual) = assert_failed(&failed);
    assert_eq!(expected, "environment variable `DEBUG` not set");
    assert_eq!(actual, "environment variable `DEBUG` set to `1`");
    assert!(hint_of(&failed).contains("without `-e DEBUG`"));
    let (_, actual) = assert_failed(&run("container.label", &temp(&dirty)));
    assert_eq!(actual, "label `temporary` set to `yes`");
    assert_eq!(
        parse_check(&check("container.env", &debug(&dirty))).title,
        format!("Container `{dirty}` has no environment variable `DEBUG`")
    );
    let err = parse_error(&check(
        "container.label",
        &format!("{}\npattern = \".\"", temp(&dirty)),
    ));
    assert!(
        err.contains("drop `value`, `one_of` and `pattern`"),
        "{err}"
    );

    let tag = format!("{}:1", unique("unset-label"));
    let _i = Cleanup(vec![vec!["rmi".into(), "-f".into(), tag.clone()]]);
    build(&tag, "LABEL temporary=yes");
    let no_label = format!("image = \"{tag}\"\nname = \"temporary\"\nset = false");
    let (expected, actual) = assert_failed(&run("image.label", &no_label));
    assert_eq!(expected, format!("image {tag} without label temporary"));
    assert_eq!(actual, "label temporary=\"yes\"");
    let other = format!("image = \"{tag}\"\nname = \"owner\"\nset = false");
    assert_passed(&run("image.label", &other));
}

#[test]
fn volume_and_network_counts_list_what_they_find() {
    let scope = unique("scope");
    let label = format!("scope={scope}");
    let volumes: Vec<String> = (0..2).map(|i| format!("{scope}-v{i}")).collect();
    let network = format!("{scope}-net");
    let user = format!("{scope}-user");
    let _g = Cleanup::container(&user)
        .then(&["volume", "rm", &volumes[0]])
        .then(&["volume", "rm", &volumes[1]])
        .then(&["network", "rm", &network]);
    for v in &volumes {
        docker(&["volume", "create", "--label", &label, v]);
    }
    docker(&["network", "create", "--label", &label, &network]);
    docker(&[
        "create",
        "--name",
        &user,
        "-v",
        &format!("{}:/data", volumes[0]),
        test_image(),
    ]);

    let unused = format!("labels = {{ scope = \"{scope}\" }}\ndangling = true\nequals = 0");
    let failed = run("volume.count", &unused);
    let (expected, actual) = assert_failed(&failed);
    assert_eq!(
        expected,
        format!("exactly 0 unused volumes with label `scope={scope}`")
    );
    assert_eq!(
        actual,
        format!("1 unused volume with label `scope={scope}`: {}", volumes[1])
    );
    assert!(hint_of(&failed).contains("docker volume prune --filter label=scope="));
    let all = format!("labels = {{ scope = \"{scope}\" }}\nequals = 2");
    assert_passed(&run("volume.count", &all));

    assert_passed(&run(
        "network.count",
        &format!("labels = {{ scope = \"{scope}\" }}\nequals = 1"),
    ));
    let (_, actual) = assert_failed(&run(
        "network.count",
        &format!("labels = {{ scope = \"{scope}\" }}\nat_least = 2"),
    ));
    assert_eq!(
        actual,
        format!("1 network with label `scope={scope}`: {network}")
    );
}
