//! Image, volume and network checks against the real daemon: small images
//! built from the busybox test image, real volumes, user-defined networks
//! and containers on them.

mod common;
use common::*;

use std::sync::{RwLock, RwLockReadGuard};

use opslab::verify::docker::endpoint::{Endpoint, Origin};
use opslab::verify::{run_check, Context, DockerUnavailable, Outcome};

/// Every test holds this for reading; the read-only test holds it for
/// writing, so nothing else in this file changes Docker while it compares.
static DOCKER_STATE: RwLock<()> = RwLock::new(());

fn shared() -> RwLockReadGuard<'static, ()> {
    DOCKER_STATE.read().unwrap_or_else(|e| e.into_inner())
}

/// An image built for one test, removed (with its build steps) at the end.
struct Image {
    tag: String,
    _cleanup: Cleanup,
}

/// Builds `FROM <test image>` plus `body` under a unique tag. A unique
/// first step keeps the build cache of each test apart, so removing one
/// test's image never pulls a cached step from under another's build.
fn build_image(prefix: &str, body: &str) -> Image {
    let tag = format!("{}:1", unique(prefix));
    let dir = tempfile::tempdir().unwrap();
    let dockerfile = format!(
        "FROM {}\nLABEL opslab.test.build=\"{tag}\"\n{body}\n",
        test_image()
    );
    std::fs::write(dir.path().join("Dockerfile"), dockerfile).unwrap();
    let cleanup = Cleanup(vec![vec!["rmi".into(), "-f".into(), tag.clone()]]);
    docker(&["build", "-q", "-t", &tag, dir.path().to_str().unwrap()]);
    Image {
        tag,
        _cleanup: cleanup,
    }
}

/// An image with a non-root user, a health check, two exposed ports,
/// labels, environment and exec-form ENTRYPOINT/CMD.
const FULL: &str = r#"USER 1000:1000
HEALTHCHECK --interval=5s CMD true
EXPOSE 8080/tcp 53/udp
LABEL team=web org.opencontainers.image.version="1.2.0"
ENV APP_MODE=production GREETING="hello world"
ENTRYPOINT ["/bin/sh", "-c"]
CMD ["httpd -f -p 8080"]"#;

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

#[test]
fn image_exists_for_a_built_image_and_not_for_an_unknown_one() {
    let _s = shared();
    let image = build_image("exists", "");
    assert_passed(&run("image.exists", &format!("image = \"{}\"", image.tag)));

    let missing = format!("{}:1", unique("never-built"));
    let failed = run("image.exists", &format!("image = \"{missing}\""));
    let (expected, actual) = assert_failed(&failed);
    assert_eq!(expected, format!("an image {missing}"));
    assert_eq!(actual, format!("no image {missing} on this machine"));
    assert!(hint_of(&failed).contains(&format!("docker build -t {missing} .")));
}

#[test]
fn a_missing_tag_of_a_repository_that_has_others_says_docker_tag() {
    let _s = shared();
    let image = build_image("retag", "");
    let (repo, _) = image.tag.rsplit_once(':').unwrap();
    let wanted = format!("{repo}:2");
    let failed = run("image.exists", &format!("image = \"{wanted}\""));
    let (_, actual) = assert_failed(&failed);
    assert_eq!(
        actual,
        format!("no image {wanted} on this machine (there is {})", image.tag)
    );
    let hint = hint_of(&failed);
    assert!(
        hint.contains(&format!("docker tag {} {wanted}", image.tag)),
        "{hint}"
    );
}

#[test]
fn the_healthcheck_hint_probes_the_port_the_image_exposes() {
    let _s = shared();
    let image = build_image("health-port", "EXPOSE 9090");
    let failed = run("image.healthcheck", &format!("image = \"{}\"", image.tag));
    let hint = hint_of(&failed);
    assert!(hint.contains("http://127.0.0.1:9090/"), "{hint}");
    let bare = hint_of(&run(
        "image.healthcheck",
        &format!("image = \"{}\"", test_image()),
    ));
    assert!(!bare.contains("8080") && !bare.contains(":80/"), "{bare}");
}

#[test]
fn image_size_passes_under_the_limit_and_fails_over_it() {
    let _s = shared();
    let big = build_image(
        "size",
        "RUN dd if=/dev/zero of=/ballast bs=1048576 count=3 2>/dev/null",
    );
    let fields = |image: &str| format!("image = \"{image}\"\nat_most = \"4m\"");
    assert_passed(&run("image.size", &fields(test_image())));

    let (expected, actual) = assert_failed(&run("image.size", &fields(&big.tag)));
    assert!(expected.contains("at most 4.0 MiB"), "{expected}");
    assert!(actual.ends_with("MiB"), "{actual}");
    let mib: f64 = actual.trim_end_matches(" MiB").parse().unwrap();
    assert!(mib > 4.0 && mib < 6.0, "{actual}");
}

#[test]
fn image_layers_counts_filesystem_layers() {
    let _s = shared();
    let three = build_image("layers", "RUN touch /marker");
    let fields = |image: &str| format!("image = \"{image}\"\nat_most = 2");
    assert_passed(&run("image.layers", &fields(test_image())));

    let (expected, actual) = assert_failed(&run("image.layers", &fields(&three.tag)));
    assert!(expected.contains("at most 2 layers"), "{expected}");
    assert_eq!(actual, "3 layers");
}

#[test]
fn image_user_rejects_root_and_compares_a_named_user() {
    let _s = shared();
    let full = build_image("user", FULL);
    let tag = &full.tag;
    assert_passed(&run("image.user", &format!("image = \"{tag}\"")));
    assert_passed(&run(
        "image.user",
        &format!("image = \"{tag}\"\nuser = \"1000:1000\""),
    ));

    let root = run("image.user", &format!("image = \"{}\"", test_image()));
    let (expected, actual) = assert_failed(&root);
    assert!(expected.contains("other than root"), "{expected}");
    assert_eq!(actual, "root (no USER set)");
    assert!(hint_of(&root).contains("USER"));

    let other = run("image.user", &format!("image = \"{tag}\"\nuser = \"app\""));
    let (expected, actual) = assert_failed(&other);
    assert!(expected.contains("user app"), "{expected}");
    assert_eq!(actual, "user 1000:1000");
}

#[test]
fn image_user_counts_an_explicit_root_as_root() {
    let _s = shared();
    let root = build_image("user-root", "USER root:root");
    let (_, actual) = assert_failed(&run("image.user", &format!("image = \"{}\"", root.tag)));
    assert_eq!(actual, "root (USER root:root)");
}

#[test]
fn image_healthcheck_needs_one_that_is_not_none() {
    let _s = shared();
    let full = build_image("health", FULL);
    let none = build_image("health-none", "HEALTHCHECK NONE");
    assert_passed(&run(
        "image.healthcheck",
        &format!("image = \"{}\"", full.tag),
    ));

    let absent = run(
        "image.healthcheck",
        &format!("image = \"{}\"", test_image()),
    );
    let (expected, actual) = assert_failed(&absent);
    assert!(expected.contains("HEALTHCHECK"), "{expected}");
    assert_eq!(actual, "no HEALTHCHECK");
    assert!(hint_of(&absent).contains("HEALTHCHECK CMD"));

    let off = run("image.healthcheck", &format!("image = \"{}\"", none.tag));
    assert!(assert_failed(&off).1.contains("HEALTHCHECK NONE"));
}

#[test]
fn image_exposes_matches_port_and_protocol() {
    let _s = shared();
    let full = build_image("exposes", FULL);
    let tag = &full.tag;
    assert_passed(&run(
        "image.exposes",
        &format!("image = \"{tag}\"\nport = 8080"),
    ));
    assert_passed(&run(
        "image.exposes",
        &format!("image = \"{tag}\"\nport = \"53/udp\""),
    ));

    let tcp = run("image.exposes", &format!("image = \"{tag}\"\nport = 53"));
    let (expected, actual) = assert_failed(&tcp);
    assert!(expected.contains("53/tcp"), "{expected}");
    assert_eq!(actual, "exposes 53/udp, 8080/tcp");
    assert!(hint_of(&tcp).contains("EXPOSE 53"));

    let none = run(
        "image.exposes",
        &format!("image = \"{}\"\nport = 8080", test_image()),
    );
    assert_eq!(assert_failed(&none).1, "no exposed ports");
}

#[test]
fn image_label_checks_name_and_value() {
    let _s = shared();
    let full = build_image("label", FULL);
    let tag = &full.tag;
    assert_passed(&run(
        "image.label",
        &format!("image = \"{tag}\"\nname = \"team\""),
    ));
    assert_passed(&run(
        "image.label",
        &format!("image = \"{tag}\"\nname = \"team\"\nvalue = \"web\""),
    ));

    let wrong = run(
        "image.label",
        &format!("image = \"{tag}\"\nname = \"team\"\nvalue = \"api\""),
    );
    let (expected, actual) = assert_failed(&wrong);
    assert!(expected.contains("team=\"api\""), "{expected}");
    assert_eq!(actual, "label team=\"web\"");

    let absent = run(
        "image.label",
        &format!("image = \"{}\"\nname = \"team\"", test_image()),
    );
    assert!(assert_failed(&absent).1.starts_with("no label team"));
}

#[test]
fn image_env_checks_presence_value_and_pattern() {
    let _s = shared();
    let full = build_image("env", FULL);
    let tag = &full.tag;
    let env = |rest: &str| run("image.env", &format!("image = \"{tag}\"\n{rest}"));
    assert_passed(&env("name = \"APP_MODE\""));
    assert_passed(&env("name = \"APP_MODE\"\nvalue = \"production\""));
    assert_passed(&env("name = \"GREETING\"\npattern = \"^hello\""));

    let (expected, actual) = assert_failed(&env("name = \"APP_MODE\"\nvalue = \"dev\""));
    assert_eq!(expected, format!("image {tag} with APP_MODE=dev"));
    assert_eq!(actual, "APP_MODE=production");

    let (expected, actual) = assert_failed(&env("name = \"GREETING\"\npattern = \"^bye\""));
    assert!(expected.contains("matching /^bye/"), "{expected}");
    assert_eq!(actual, "GREETING=hello world");

    let (_, actual) = assert_failed(&env("name = \"DATABASE_URL\""));
    assert_eq!(actual, "DATABASE_URL not set");
}

#[test]
fn image_entrypoint_and_cmd_compare_exec_form() {
    let _s = shared();
    let full = build_image("command", FULL);
    let tag = &full.tag;
    assert_passed(&run(
        "image.entrypoint",
        &format!("image = \"{tag}\"\nvalue = [\"/bin/sh\", \"-c\"]"),
    ));
    assert_passed(&run(
        "image.cmd",
        &format!("image = \"{tag}\"\nvalue = [\"httpd -f -p 8080\"]"),
    ));

    let plain = test_image();
    let entry = run(
        "image.entrypoint",
        &format!("image = \"{plain}\"\nvalue = [\"/bin/sh\", \"-c\"]"),
    );
    assert_eq!(assert_failed(&entry).1, "no ENTRYPOINT");

    let cmd = run(
        "image.cmd",
        &format!("image = \"{plain}\"\nvalue = [\"httpd\", \"-f\"]"),
    );
    let (expected, actual) = assert_failed(&cmd);
    assert!(expected.contains(r#"CMD ["httpd", "-f"]"#), "{expected}");
    assert_eq!(actual, r#"CMD ["sh"]"#);
}

#[test]
fn shell_form_cmd_fails_with_a_hint_about_exec_form() {
    let _s = shared();
    let shell = build_image("shell-form", "CMD httpd -f -p 8080");
    let failed = run(
        "image.cmd",
        &format!(
            "image = \"{}\"\nvalue = [\"httpd\", \"-f\", \"-p\", \"8080\"]",
            shell.tag
        ),
    );
    let (_, actual) = assert_failed(&failed);
    assert!(actual.contains("/bin/sh"), "{actual}");
    assert!(hint_of(&failed).contains("exec form"));
}

#[test]
fn image_same_compares_what_two_references_point_at() {
    let _s = shared();
    let built = build_image("same", FULL);
    let promoted = format!("{}:stable", unique("same-promoted"));
    let _untag = Cleanup(vec![vec!["rmi".into(), "-f".into(), promoted.clone()]]);
    docker(&["tag", &built.tag, &promoted]);
    let same = |a: &str, b: &str| run("image.same", &format!("image = \"{a}\"\nother = \"{b}\""));
    assert_passed(&same(&built.tag, &promoted));

    let (expected, actual) = assert_failed(&same(&built.tag, test_image()));
    assert!(expected.contains("the same image"), "{expected}");
    assert!(actual.contains(&format!("{} is ", built.tag)), "{actual}");

    let missing = format!("{}:1", unique("same-missing"));
    let absent = same(&built.tag, &missing);
    assert_eq!(
        assert_failed(&absent).1,
        format!("no image {missing} on this machine")
    );
    assert!(hint_of(&absent).contains("docker tag"));
}

#[test]
fn volume_exists_with_its_driver() {
    let _s = shared();
    let volume = unique("vol");
    let _rm = Cleanup(vec![vec![
        "volume".into(),
        "rm".into(),
        "-f".into(),
        volume.clone(),
    ]]);
    docker(&["volume", "create", &volume]);
    assert_passed(&run("volume.exists", &format!("volume = \"{volume}\"")));
    assert_passed(&run(
        "volume.exists",
        &format!("volume = \"{volume}\"\ndriver = \"local\""),
    ));

    let (expected, actual) = assert_failed(&run(
        "volume.exists",
        &format!("volume = \"{volume}\"\ndriver = \"nfs\""),
    ));
    assert!(expected.contains("driver nfs"), "{expected}");
    assert_eq!(actual, "driver local");

    let missing = unique("vol-missing");
    let absent = run("volume.exists", &format!("volume = \"{missing}\""));
    assert_eq!(
        assert_failed(&absent).1,
        format!("no volume {missing} on this machine")
    );
    assert!(hint_of(&absent).contains("docker volume create"));
}

#[test]
fn volume_used_by_needs_every_listed_container_to_mount_it() {
    let _s = shared();
    let data = unique("vol-data");
    let data_old = format!("{data}-old"); // a near name, mounted by another container
    let unused = unique("vol-unused");
    let (web, worker) = (unique("web"), unique("worker"));
    let _volumes = Cleanup(
        [&data, &data_old, &unused]
            .iter()
            .map(|v| vec!["volume".into(), "rm".into(), "-f".into(), v.to_string()])
            .collect(),
    );
    for v in [&data, &data_old, &unused] {
        docker(&["volume", "create", v]);
    }
    let _web = run_container(&web, &["-v", &format!("{data}:/data")], &["sleep", "300"]);
    let _worker = run_container(
        &worker,
        &["-v", &format!("{data_old}:/data")],
        &["sleep", "300"],
    );

    let used_by = |volume: &str, names: &str| {
        run(
            "volume.used_by",
            &format!("volume = \"{volume}\"\ncontainers = [{names}]"),
        )
    };
    assert_passed(&used_by(&data, &format!("\"{web}\"")));

    let both = used_by(&data, &format!("\"{web}\", \"{worker}\""));
    let (expected, actual) = assert_failed(&both);
    assert!(expected.contains(&worker), "{expected}");
    assert_eq!(actual, format!("mounted by {web} (not {worker})"));
    assert!(hint_of(&both).contains(&format!("-v {data}:")));

    let (_, actual) = assert_failed(&used_by(&unused, &format!("\"{web}\"")));
    assert_eq!(actual, "mounted by no container");

    let missing = unique("vol-missing");
    let (_, actual) = assert_failed(&used_by(&missing, &format!("\"{web}\"")));
    assert!(actual.starts_with("no volume"), "{actual}");
}

#[test]
fn network_exists_with_its_driver() {
    let _s = shared();
    let network = unique("net");
    let _rm = Cleanup(vec![vec!["network".into(), "rm".into(), network.clone()]]);
    docker(&["network", "create", &network]);
    assert_passed(&run("network.exists", &format!("network = \"{network}\"")));
    assert_passed(&run(
        "network.exists",
        &format!("network = \"{network}\"\ndriver = \"bridge\""),
    ));

    let (expected, actual) = assert_failed(&run(
        "network.exists",
        &format!("network = \"{network}\"\ndriver = \"overlay\""),
    ));
    assert!(expected.contains("driver overlay"), "{expected}");
    assert_eq!(actual, "driver bridge");

    let missing = unique("net-missing");
    let absent = run("network.exists", &format!("network = \"{missing}\""));
    assert_eq!(
        assert_failed(&absent).1,
        format!("no network {missing} on this machine")
    );
    assert!(hint_of(&absent).contains("docker network create"));
}

#[test]
fn network_connected_needs_every_listed_container_attached() {
    let _s = shared();
    let network = unique("net-app");
    let (api, db, loner) = (unique("api"), unique("db"), unique("loner"));
    let _rm = Cleanup(vec![vec!["network".into(), "rm".into(), network.clone()]]);
    docker(&["network", "create", &network]);
    let _api = run_container(&api, &["--network", &network], &["sleep", "300"]);
    let _loner = run_container(&loner, &[], &["sleep", "300"]);
    // Created but never started: attached all the same.
    let _db = Cleanup::container(&db);
    docker(&[
        "create",
        "--name",
        &db,
        "--network",
        &network,
        test_image(),
        "sleep",
        "300",
    ]);

    let connected = |names: &str| {
        run(
            "network.connected",
            &format!("network = \"{network}\"\ncontainers = [{names}]"),
        )
    };
    assert_passed(&connected(&format!("\"{api}\", \"{db}\"")));

    let failed = connected(&format!("\"{api}\", \"{loner}\""));
    let (expected, actual) = assert_failed(&failed);
    assert!(expected.contains(&loner), "{expected}");
    let mut present = [api.clone(), db.clone()];
    present.sort();
    assert_eq!(
        actual,
        format!("attached: {} (not {loner})", present.join(", "))
    );
    assert!(hint_of(&failed).contains(&format!("docker network connect {network} {loner}")));
}

#[test]
fn checks_cannot_run_without_the_daemon() {
    let check = parse_check(&check("image.exists", "image = \"opslab/web:1\""));
    let down = DockerUnavailable::NotAnswering {
        endpoint: Endpoint {
            host: "unix:///nowhere.sock".into(),
            origin: Origin::Default,
        },
        cause: "connection refused".into(),
    };
    let ctx = Context::new(std::env::temp_dir(), Err(down));
    let outcome = runtime().block_on(run_check(&check, &ctx)).outcome;
    match outcome {
        Outcome::Error { why } => {
            assert!(
                why.contains("could not reach the Docker daemon at unix:///nowhere.sock"),
                "{why}"
            )
        }
        other => panic!("expected an error, got {other:#?}"),
    }
}

#[test]
fn bad_fields_are_load_errors() {
    let both = parse_error(&check(
        "image.env",
        "image = \"x\"\nname = \"A\"\nvalue = \"1\"\npattern = \"1\"",
    ));
    assert!(both.contains("not both"), "{both}");
    let port = parse_error(&check("image.exposes", "image = \"x\"\nport = \"80/http\""));
    assert!(port.contains("protocol"), "{port}");
    let size = parse_error(&check("image.size", "image = \"x\"\nat_most = \"big\""));
    assert!(size.contains("not a size"), "{size}");
    let extra = parse_error(&check("volume.exists", "volume = \"v\"\ncolour = \"red\""));
    assert!(extra.contains("colour"), "{extra}");
    let empty = parse_error(&check(
        "network.connected",
        "network = \"n\"\ncontainers = []",
    ));
    assert!(empty.contains("`containers` is empty"), "{empty}");
    let title = parse_check(&check("image.user", "image = \"web:1\"")).title;
    assert_eq!(title, "Image `web:1` does not run as root");
}

/// Images, volumes, networks and containers this test process made, with
/// what identifies their state.
fn our_objects() -> Vec<String> {
    let ours = format!("-{}-", std::process::id());
    let lists = [
        docker(&[
            "image",
            "ls",
            "-a",
            "--no-trunc",
            "--format",
            "{{.Repository}}:{{.Tag}} {{.ID}}",
        ]),
        docker(&["volume", "ls", "--format", "{{.Name}} {{.Driver}}"]),
        docker(&[
            "network",
            "ls",
            "--no-trunc",
            "--format",
            "{{.Name}} {{.ID}}",
        ]),
        docker(&[
            "ps",
            "-a",
            "--no-trunc",
            "--format",
            "{{.Names}} {{.State}} {{.Mounts}} {{.Networks}}",
        ]),
    ];
    let mut lines: Vec<String> = lists
        .iter()
        .flat_map(|l| l.lines())
        .filter(|l| l.contains(&ours))
        .map(String::from)
        .collect();
    lines.sort();
    lines
}

#[test]
fn checks_leave_images_volumes_and_networks_unchanged() {
    let _alone = DOCKER_STATE.write().unwrap_or_else(|e| e.into_inner());
    let image = build_image("readonly", FULL);
    let (volume, network, box_) = (unique("ro-vol"), unique("ro-net"), unique("ro-box"));
    let _rm = Cleanup(vec![
        vec!["volume".into(), "rm".into(), "-f".into(), volume.clone()],
        vec!["network".into(), "rm".into(), network.clone()],
    ]);
    docker(&["volume", "create", &volume]);
    docker(&["network", "create", &network]);
    let _box = run_container(
        &box_,
        &["-v", &format!("{volume}:/data"), "--network", &network],
        &["sleep", "300"],
    );
    let (ghost_image, ghost_volume, ghost_net) = (
        format!("{}:1", unique("ro-ghost")),
        unique("ro-ghost-vol"),
        unique("ro-ghost-net"),
    );
    let before = our_objects();

    let tag = &image.tag;
    let checks = [
        check("image.exists", &format!("image = \"{ghost_image}\"")),
        check(
            "image.size",
            &format!("image = \"{tag}\"\nat_most = \"1k\""),
        ),
        check("image.layers", &format!("image = \"{tag}\"\nat_most = 1")),
        check("image.user", &format!("image = \"{tag}\"\nuser = \"root\"")),
        check("image.healthcheck", &format!("image = \"{tag}\"")),
        check("image.exposes", &format!("image = \"{tag}\"\nport = 9999")),
        check("image.label", &format!("image = \"{tag}\"\nname = \"x\"")),
        check("image.env", &format!("image = \"{tag}\"\nname = \"X\"")),
        check(
            "image.entrypoint",
            &format!("image = \"{tag}\"\nvalue = [\"x\"]"),
        ),
        check("image.cmd", &format!("image = \"{tag}\"\nvalue = [\"x\"]")),
        check(
            "image.same",
            &format!("image = \"{tag}\"\nother = \"{ghost_image}\""),
        ),
        check("volume.exists", &format!("volume = \"{ghost_volume}\"")),
        check(
            "volume.used_by",
            &format!("volume = \"{volume}\"\ncontainers = [\"{box_}\", \"{ghost_volume}\"]"),
        ),
        check("network.exists", &format!("network = \"{ghost_net}\"")),
        check(
            "network.connected",
            &format!("network = \"{network}\"\ncontainers = [\"{box_}\", \"{ghost_net}\"]"),
        ),
    ];
    for text in &checks {
        let outcome = outcome(text);
        assert!(!outcome.is_error(), "{text}\n{outcome:#?}");
    }

    assert_eq!(before, our_objects());
    assert!(before.iter().any(|l| l.contains(&box_)), "{before:#?}");
}
