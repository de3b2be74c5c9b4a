//! Inspect queries against the real daemon: `container.inspect`,
//! `image.inspect`, `volume.inspect` and `network.inspect` walk what
//! `docker inspect` shows, with the expectations of `file.query` and its
//! words for a query that reaches nothing.

mod common;
use common::*;

use opslab::verify::Outcome;

fn check(kind: &str, name: &str, fields: &str) -> String {
    format!("id = \"t\"\nkind = \"{kind}\"\nname = \"{name}\"\n{fields}")
}

fn run(kind: &str, name: &str, fields: &str) -> Outcome {
    outcome(&check(kind, name, fields))
}

fn hint_of(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Failed { hint: Some(h), .. } => h.clone(),
        other => panic!("expected a failure with a hint, got {other:#?}"),
    }
}

#[test]
fn container_inspect_reads_any_field_of_the_inspect_data() {
    let name = unique("inspect");
    let _c = run_container(
        &name,
        &["--restart", "unless-stopped", "--label", "tier=web"],
        &["sleep", "300"],
    );
    let kind = "container.inspect";
    let policy = "query = \"HostConfig.RestartPolicy.Name\"";
    assert_passed(&run(
        kind,
        &name,
        &format!("{policy}\nequals = \"unless-stopped\""),
    ));
    assert_passed(&run(
        kind,
        &name,
        &format!("{policy}\none_of = [\"always\", \"unless-stopped\"]"),
    ));
    assert_passed(&run(
        kind,
        &name,
        "query = \"State.Running\"\nequals = true",
    ));
    assert_passed(&run(
        kind,
        &name,
        "query = \"Config.Labels.tier\"\nmatches = \"^w\"",
    ));
    assert_passed(&run(
        kind,
        &name,
        "query = \"HostConfig.Privileged\"\nequals = false",
    ));

    let failed = run(
        kind,
        &name,
        &format!("{policy}\none_of = [\"always\", \"no\"]"),
    );
    let (expected, actual) = assert_failed(&failed);
    assert_eq!(
        expected,
        format!("`HostConfig.RestartPolicy.Name` of container `{name}` one of \"always\", \"no\"")
    );
    assert_eq!(actual, "HostConfig.RestartPolicy.Name = \"unless-stopped\"");
    assert!(hint_of(&failed).contains(&format!("docker container inspect {name}")));

    let (_, actual) = assert_failed(&run(kind, &name, "query = \"Config.Labels.owner\""));
    assert!(
        actual.starts_with("nothing at `Config.Labels.owner`: `Config.Labels` has no key `owner`"),
        "{actual}"
    );
    let (_, actual) = assert_failed(&run(
        kind,
        &name,
        "query = \"Config.Labels.tier\"\nexists = false",
    ));
    assert_eq!(actual, "found Config.Labels.tier = \"web\"");
}

#[test]
fn container_inspect_counts_and_names_a_missing_container() {
    let name = unique("inspect-count");
    let volume = unique("inspect-count");
    let _c = run_container(
        &name,
        &["-v", &format!("{volume}:/data"), "--tmpfs", "/www"],
        &["sleep", "300"],
    )
    .then(&["volume", "rm", &volume]);
    let kind = "container.inspect";
    assert_passed(&run(kind, &name, "query = \"Mounts\"\ncount = 1"));
    let (expected, actual) =
        assert_failed(&run(kind, &name, "query = \"Mounts\"\ncount_at_least = 2"));
    assert_eq!(
        expected,
        format!("at least 2 of `Mounts` of container `{name}`")
    );
    assert!(actual.starts_with("1 found: "), "{actual}");
    assert_passed(&run(
        kind,
        &name,
        "query = \"HostConfig.Tmpfs.*\"\ncount = 1",
    ));

    let missing = unique("inspect-none");
    let (_, actual) = assert_failed(&run(kind, &missing, "query = \"State.Running\""));
    assert_eq!(actual, format!("no container named `{missing}`"));
}

#[test]
fn image_volume_and_network_inspect_read_their_own_data() {
    let tag = format!("{}:1", unique("inspect-image"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        format!("FROM {}\nENV MODE=prod\nLABEL project=shop\n", test_image()),
    )
    .unwrap();
    let _i = Cleanup(vec![vec!["rmi".into(), "-f".into(), tag.clone()]]);
    docker(&["build", "-q", "-t", &tag, dir.path().to_str().unwrap()]);
    assert_passed(&run(
        "image.inspect",
        &tag,
        "query = \"Config.Env[*]\"\nequals = \"MODE=prod\"",
    ));
    assert_passed(&run(
        "image.inspect",
        &tag,
        "query = \"Config.Labels.project\"\nequals = \"shop\"",
    ));
    let (_, actual) = assert_failed(&run(
        "image.inspect",
        &tag,
        "query = \"Config.Env[*]\"\nmatches = \"^DEBUG=\"",
    ));
    assert!(actual.contains("Config.Env[0] = "), "{actual}");

    let volume = unique("inspect-vol");
    let _v = Cleanup(vec![vec!["volume".into(), "rm".into(), volume.clone()]]);
    docker(&["volume", "create", "--label", "backup=daily", &volume]);
    assert_passed(&run(
        "volume.inspect",
        &volume,
        "query = \"Driver\"\nequals = \"local\"",
    ));
    let (expected, actual) = assert_failed(&run(
        "volume.inspect",
        &volume,
        "query = \"Labels.backup\"\nequals = \"weekly\"",
    ));
    assert_eq!(
        expected,
        format!("`Labels.backup` of volume `{volume}` equal to \"weekly\"")
    );
    assert_eq!(actual, "Labels.backup = \"daily\"");

    let network = unique("inspect-net");
    let _n = Cleanup(vec![vec!["network".into(), "rm".into(), network.clone()]]);
    docker(&["network", "create", "--internal", &network]);
    assert_passed(&run(
        "network.inspect",
        &network,
        "query = \"Internal\"\nequals = true",
    ));
    assert_passed(&run(
        "network.inspect",
        &network,
        "query = \"IPAM.Config[0].Subnet\"\nmatches = '^\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+$'",
    ));
    let (_, actual) = assert_failed(&run(
        "network.inspect",
        &network,
        "query = \"Driver\"\nequals = \"overlay\"",
    ));
    assert_eq!(actual, "Driver = \"bridge\"");
    let gone = unique("inspect-gone");
    let (_, actual) = assert_failed(&run("network.inspect", &gone, "query = \"Driver\""));
    assert_eq!(actual, format!("no network {gone} on this machine"));
}

#[test]
fn inspect_checks_take_one_expectation() {
    let err = parse_error(&check(
        "container.inspect",
        "web",
        "query = \"State.Running\"\nequals = true\nexists = true",
    ));
    assert!(err.contains("give only one of"), "{err}");
    let err = parse_error(&check("image.inspect", "web:1", "query = \"a..b\""));
    assert!(err.contains("position 2"), "{err}");
    let err = parse_error(&check(
        "volume.inspect",
        "v",
        "query = \"Driver\"\none_of = []",
    ));
    assert!(err.contains("`one_of` is empty"), "{err}");
    let t = parse_check(&check(
        "network.inspect",
        "backend",
        "query = \"Internal\"\nequals = true",
    ));
    assert_eq!(t.title, "Network `backend` has `Internal` equal to true");
}

#[test]
fn an_inspect_check_waits_for_its_container_and_absence_waits_for_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("pack.toml"),
        "format = 1\nid = \"v2\"\ntitle = \"V2\"\nversion = \"0.1.0\"\n\n[[stage]]\nid = \"s\"\ntitle = \"S\"\n",
    )
    .unwrap();
    let lab = root.join("lab");
    for sub in ["starter", "solution"] {
        std::fs::create_dir_all(lab.join(sub)).unwrap();
        std::fs::write(lab.join(sub).join("README.md"), "lab\n").unwrap();
    }
    std::fs::write(lab.join("brief.md"), "# Lab\n").unwrap();
    let checks = r#"
[[check]]
id = "exists"
kind = "container.exists"
container = "web"

[[check]]
id = "policy"
kind = "container.inspect"
name = "web"
query = "HostConfig.RestartPolicy.Name"
equals = "always"

[[check]]
id = "gone"
kind = "container.absent"
container = "web"

[[check]]
id = "count"
kind = "container.count"
labels = { app = "web" }
equals = 1
"#;
    std::fs::write(
        lab.join("lab.toml"),
        format!(
            "id = \"lab\"\ntitle = \"Lab\"\nstage = \"s\"\nsummary = \"x\"\nminutes = 1\n{checks}"
        ),
    )
    .unwrap();
    let pack = opslab::pack::Pack::from_dir(root).unwrap();
    let lab = pack.lab("lab").unwrap();
    let needs_of = |id: &str| -> Vec<String> {
        let check = lab.checks.iter().find(|c| c.id == id).unwrap();
        check.needs.iter().map(|n| n.check.clone()).collect()
    };
    assert_eq!(needs_of("policy"), vec!["exists".to_string()]);
    assert!(needs_of("gone").is_empty());
    assert!(needs_of("count").is_empty());
}

/// The fenced TOML blocks of a Markdown page.
fn toml_blocks(page: &str) -> Vec<String> {
    page.split("```toml\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn every_example_on_the_docker_check_pages_loads() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut loaded = Vec::new();
    for page in ["docs/checks/container.md", "docs/checks/image.md"] {
        let text = std::fs::read_to_string(root.join(page)).unwrap();
        for block in toml_blocks(&text) {
            let table: toml::Table = toml::from_str(&block)
                .unwrap_or_else(|e| panic!("{page}: an example is not TOML: {e}\n{block}"));
            let Some(toml::Value::Array(checks)) = table.get("check") else {
                continue;
            };
            for check in checks {
                let check: opslab::pack::Check = check
                    .clone()
                    .try_into()
                    .unwrap_or_else(|e| panic!("{page}: an example does not load: {e}\n{block}"));
                loaded.push(check.id);
            }
        }
    }
    for id in [
        "legacy-gone",
        "two-web",
        "only-the-site",
        "pruned",
        "no-debug",
        "subnet",
    ] {
        assert!(
            loaded.iter().any(|l| l == id),
            "example `{id}` is on a page"
        );
    }
}

#[test]
fn the_new_docker_kinds_change_nothing_they_look_at() {
    let scope = unique("ro-v2");
    let label = format!("scope={scope}");
    let name = format!("{scope}-c");
    let volume = format!("{scope}-v");
    let network = format!("{scope}-n");
    let _g = Cleanup::container(&name)
        .then(&["volume", "rm", &volume])
        .then(&["network", "rm", &network]);
    docker(&["volume", "create", "--label", &label, &volume]);
    docker(&["network", "create", "--label", &label, &network]);
    let _c = run_container(
        &name,
        &[
            "--label",
            &label,
            "-v",
            &format!("{volume}:/data"),
            "--tmpfs",
            "/www",
            "--network",
            &network,
            "--restart",
            "unless-stopped",
        ],
        &["sleep", "300"],
    );
    let image = test_image();
    let scoped = format!("labels = {{ scope = \"{scope}\" }}");
    let checks = [
        format!("kind = \"container.absent\"\ncontainer = \"{name}\""),
        format!("kind = \"image.absent\"\nimage = \"{image}\""),
        format!("kind = \"volume.absent\"\nvolume = \"{volume}\""),
        format!("kind = \"network.absent\"\nnetwork = \"{network}\""),
        format!("kind = \"container.count\"\n{scoped}\nstate = \"running\"\nequals = 1"),
        format!("kind = \"image.count\"\n{scoped}\ndangling = true\nequals = 0"),
        format!("kind = \"volume.count\"\n{scoped}\ndangling = true\nequals = 0"),
        format!("kind = \"network.count\"\n{scoped}\nequals = 1"),
        format!("kind = \"container.inspect\"\nname = \"{name}\"\nquery = \"Mounts\"\ncount = 1"),
        format!("kind = \"image.inspect\"\nname = \"{image}\"\nquery = \"Config.Cmd\""),
        format!("kind = \"volume.inspect\"\nname = \"{volume}\"\nquery = \"Labels.scope\""),
        format!("kind = \"network.inspect\"\nname = \"{network}\"\nquery = \"Labels.scope\""),
        format!("kind = \"container.mounts\"\ncontainer = \"{name}\"\nexactly = [{{ destination = \"/www\", type = \"tmpfs\" }}]"),
        format!("kind = \"container.mount\"\ncontainer = \"{name}\"\ndestination = \"/data\"\nsource = \"data\""),
        format!("kind = \"container.label\"\ncontainer = \"{name}\"\nname = \"scope\"\nset = false"),
        format!("kind = \"container.restart_policy\"\ncontainer = \"{name}\"\none_of = [\"always\"]"),
    ];
    let snapshot = || {
        [
            docker(&["container", "inspect", &name]),
            docker(&["volume", "inspect", &volume]),
            docker(&["network", "inspect", &network]),
            docker(&["image", "inspect", image]),
        ]
    };
    let before = snapshot();
    let mut failed = 0;
    for body in &checks {
        let result = outcome(&format!("id = \"t\"\n{body}"));
        assert!(!result.is_error(), "{body}: {result:?}");
        failed += usize::from(result.is_failed());
    }
    assert_eq!(before, snapshot(), "a check changed what it looked at");
    // The absence checks, the container mount set, the label and the
    // policy fail; counts and inspects pass: both paths ran.
    assert_eq!(failed, 8);
}
