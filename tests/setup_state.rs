//! A lab's setup state (`[setup]`): Docker objects that exist before the
//! learner starts. `start` creates them with their `docker run` options,
//! `reset` removes and re-creates them (and says so first), `pack test`
//! creates them before checking the starter, and loading refuses setup
//! objects that reset could not remove. Real daemon, real files.

mod common;
mod docker_pack;

use common::{docker, test_image, unique, Cleanup};
use docker_pack::{exists, OneLab};

/// A lab whose setup builds an image from `setup/web`, makes a volume and
/// a network, and runs a container on them; the check wants MODE=prod
/// while setup starts it with MODE=dev (a drifted deployment).
fn drift_lab(tag: &str, base: &str) -> (OneLab, [String; 3], Cleanup) {
    let [web, net, data] = [
        unique("setup-web"),
        unique("setup-net"),
        unique("setup-data"),
    ];
    let body = format!(
        r#"[resources]
containers = ["{web}"]
images = ["{tag}"]
volumes = ["{data}"]
networks = ["{net}"]

[[setup.image]]
tag = "{tag}"
context = "setup/web"

[[setup.volume]]
name = "{data}"

[[setup.network]]
name = "{net}"

[[setup.container]]
name = "{web}"
image = "{tag}"
command = ["sleep", "300"]
env = ["MODE=dev"]
network = "{net}"
aliases = ["web"]
volumes = ["{data}:/data:ro"]
labels = {{ tier = "web" }}
restart = "unless-stopped"
user = "1000"

[[check]]
id = "mode"
kind = "container.env"
container = "{web}"
name = "MODE"
value = "prod"
"#
    );
    let lab = OneLab::new(&body);
    let ctx = lab.path("pack/lab/setup/web");
    std::fs::create_dir_all(&ctx).unwrap();
    std::fs::write(
        ctx.join("Dockerfile"),
        format!("FROM {base}\nCOPY motd /etc/motd\n"),
    )
    .unwrap();
    std::fs::write(ctx.join("motd"), "from the lab's own folder\n").unwrap();
    let cleanup = Cleanup::container(&web)
        .then(&["network", "rm", &net])
        .then(&["volume", "rm", &data])
        .then(&["rmi", "-f", tag]);
    (lab, [web, net, data], cleanup)
}

#[test]
fn start_creates_the_setup_state_with_its_docker_run_options() {
    let tag = format!("{}:1", unique("setup-img"));
    let (lab, [web, net, data], _cleanup) = drift_lab(&tag, test_image());
    let run = lab.run(&["start", "lab"], &[]);
    assert_eq!(run.code, Some(0), "{}", run.text);
    assert!(
        run.text
            .contains(&format!("started container {web} (setup state)")),
        "{}",
        run.text
    );
    let seen = docker(&[
        "inspect",
        "-f",
        "{{.State.Running}} {{.Config.User}} {{index .Config.Labels \"tier\"}} {{.HostConfig.RestartPolicy.Name}} {{range .Config.Env}}{{.}} {{end}}",
        &web,
    ]);
    assert!(
        seen.starts_with("true 1000 web unless-stopped MODE=dev"),
        "{seen}"
    );
    let aliases = docker(&[
        "inspect",
        "-f",
        &format!("{{{{json (index .NetworkSettings.Networks \"{net}\").Aliases}}}}"),
        &web,
    ]);
    assert!(aliases.contains("\"web\""), "{aliases}");
    let mounts = docker(&[
        "inspect",
        "-f",
        "{{range .Mounts}}{{.Name}}:{{.Destination}}:{{.RW}}{{end}}",
        &web,
    ]);
    assert_eq!(mounts, format!("{data}:/data:false"));
    assert_eq!(
        docker(&["exec", &web, "cat", "/etc/motd"]),
        "from the lab's own folder"
    );
}

#[test]
fn reset_says_it_will_recreate_the_setup_state_then_does() {
    let tag = format!("{}:1", unique("setup-img"));
    let (lab, [web, _net, _data], _cleanup) = drift_lab(&tag, test_image());
    lab.start();
    // The learner (or a wrong turn) changes the deployment by hand.
    docker(&["rm", "-f", &web]);
    docker(&[
        "run",
        "-d",
        "--name",
        &web,
        "-e",
        "MODE=prod",
        test_image(),
        "sleep",
        "300",
    ]);
    let run = lab.run(&["reset", "lab", "--yes"], &[]);
    assert_eq!(run.code, Some(0), "{}", run.text);
    let preview = run.text.split("✓ restored").next().unwrap();
    assert!(
        preview.contains("then create the lab's setup state again"),
        "{preview}"
    );
    assert!(
        preview.contains(&format!("run container {web} from {tag}")),
        "{preview}"
    );
    let env = docker(&["inspect", "-f", "{{range .Config.Env}}{{.}} {{end}}", &web]);
    assert!(
        env.contains("MODE=dev"),
        "reset did not re-create the setup container: {env}"
    );
}

#[test]
fn pack_test_checks_the_starter_against_the_setup_state() {
    let tag = format!("{}:1", unique("setup-img"));
    let (lab, [web, net, data], _cleanup) = drift_lab(&tag, test_image());
    std::fs::write(
        lab.path("pack/lab/solution/solve.sh"),
        format!("set -e\ndocker rm -f {web} >/dev/null\ndocker run -d --name {web} -e MODE=prod {tag} sleep 300 >/dev/null\n"),
    )
    .unwrap();
    let run = lab.run(&["pack", "test", lab.path("pack").to_str().unwrap()], &[]);
    assert_eq!(run.code, Some(0), "{}", run.text);
    for (kind, name) in [
        ("container", &web),
        ("network", &net),
        ("volume", &data),
        ("image", &tag),
    ] {
        assert!(!exists(kind, name), "pack test left {kind} {name} behind");
    }
}

#[test]
fn start_leaves_an_existing_setup_container_alone_and_says_so() {
    let tag = format!("{}:1", unique("setup-img"));
    let (lab, [web, _net, _data], _cleanup) = drift_lab(&tag, test_image());
    docker(&[
        "run",
        "-d",
        "--name",
        &web,
        "-e",
        "MODE=mine",
        test_image(),
        "sleep",
        "300",
    ]);
    let run = lab.run(&["start", "lab"], &[]);
    assert_eq!(run.code, Some(0), "{}", run.text);
    assert!(
        run.text
            .contains(&format!("container {web} was already there; left as it is")),
        "{}",
        run.text
    );
    let env = docker(&["inspect", "-f", "{{range .Config.Env}}{{.}} {{end}}", &web]);
    assert!(env.contains("MODE=mine"), "{env}");
}

#[test]
fn a_failing_setup_build_is_reported_and_the_workspace_still_starts() {
    let tag = format!("{}:1", unique("setup-img"));
    let (lab, _names, _cleanup) = drift_lab(&tag, "opslab-test/no-such-base:1");
    let run = lab.run(&["start", "lab"], &[]);
    assert_eq!(run.code, Some(0), "{}", run.text);
    assert!(
        run.text.contains("the lab's setup state is not complete"),
        "{}",
        run.text
    );
    assert!(run.text.contains("opslab reset lab"), "{}", run.text);
    assert!(lab.path("labs/lab/README.md").exists());
}

#[test]
fn setup_objects_missing_from_resources_or_mounting_host_paths_do_not_load() {
    let lab = OneLab::new(
        r#"[[setup.volume]]
name = "opslab-test-unlisted"

[[setup.container]]
name = "opslab-test-web"
image = "opslab/base:1"
volumes = ["/etc:/host-etc"]
ports = ["80"]

[[check]]
id = "x"
kind = "file.exists"
path = "README.md"

[[wrong_answer]]
id = "gone"
title = "The file is gone"
script = "wrong/gone.sh"
fails = ["y"]
"#,
    );
    let run = lab.run(
        &["pack", "validate", lab.path("pack").to_str().unwrap()],
        &[],
    );
    assert_eq!(run.code, Some(2), "{}", run.text);
    for needle in [
        "the setup volume `opslab-test-unlisted` is not listed in [resources] `volumes`",
        "the setup container `opslab-test-web` is not listed in [resources] `containers`",
        "`/etc` is a host path; setup containers mount named volumes only",
        "port \"80\": expected `[ip:]host_port:container_port[/tcp|/udp]`",
        "wrong/gone.sh does not exist",
        "says it fails the check `y`, but the lab has no such check",
    ] {
        assert!(
            run.text.contains(needle),
            "missing {needle:?} in:\n{}",
            run.text
        );
    }
    assert!(
        run.text.contains("lab.toml:"),
        "problems name the file and line: {}",
        run.text
    );
}
