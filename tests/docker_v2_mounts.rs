//! Mounts, users and alternatives against the real daemon: a bind source
//! written relative to the workspace, mount types, `--tmpfs`, an exact set
//! of mounts, and one-of values and patterns for restart policy, user,
//! labels and environment.

mod common;
use common::*;

use opslab::verify::Outcome;

fn check(kind: &str, container: &str, fields: &str) -> String {
    format!("id = \"t\"\nkind = \"container.{kind}\"\ncontainer = \"{container}\"\n{fields}")
}

fn sleeper(name: &str, args: &[&str]) -> Cleanup {
    run_container(name, args, &["sleep", "300"])
}

fn hint_of(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Failed { hint: Some(h), .. } => h.clone(),
        other => panic!("expected a failure with a hint, got {other:#?}"),
    }
}

/// A workspace with a `site/` folder, and the `-v` value that mounts it
/// read-only at nginx's docroot.
fn workspace_with_site() -> (tempfile::TempDir, String) {
    let ws = tempfile::tempdir().unwrap();
    std::fs::create_dir(ws.path().join("site")).unwrap();
    let bind = format!(
        "{}:/usr/share/nginx/html:ro",
        ws.path().join("site").display()
    );
    (ws, bind)
}

const DOCROOT: &str = "destination = \"/usr/share/nginx/html\"";

#[test]
fn a_relative_bind_source_resolves_against_the_workspace() {
    let (ws, bind) = workspace_with_site();
    let name = unique("site");
    let _c = sleeper(&name, &["-v", &bind]);
    for source in ["site", "./site/", "site/../site"] {
        let fields = format!("{DOCROOT}\nsource = \"{source}\"\ntype = \"bind\"\nread_only = true");
        assert_passed(&outcome_in(&check("mount", &name, &fields), ws.path()));
    }

    std::fs::create_dir(ws.path().join("other")).unwrap();
    let fields = format!("{DOCROOT}\nsource = \"other\"");
    let failed = outcome_in(&check("mount", &name, &fields), ws.path());
    let (expected, actual) = assert_failed(&failed);
    assert_eq!(
        expected,
        format!(
            "other mounted at /usr/share/nginx/html (`other` in the workspace is {})",
            ws.path().join("other").display()
        )
    );
    assert_eq!(
        actual,
        format!(
            "{} mounted at /usr/share/nginx/html, read-only",
            ws.path().join("site").display()
        )
    );
    assert!(hint_of(&failed).contains("-v \"$PWD/other\":/usr/share/nginx/html"));
}

#[test]
fn a_workspace_reached_through_a_symlink_still_matches() {
    let (real, bind) = workspace_with_site();
    let links = tempfile::tempdir().unwrap();
    let link = links.path().join("ws");
    std::os::unix::fs::symlink(real.path(), &link).unwrap();
    let name = unique("site-link");
    let _c = sleeper(&name, &["-v", &bind]);
    let fields = format!("{DOCROOT}\nsource = \"site\"");
    assert_passed(&outcome_in(&check("mount", &name, &fields), &link));
}

#[test]
fn a_volume_at_the_docroot_is_not_a_bind_mount() {
    let (ws, _) = workspace_with_site();
    let name = unique("site-vol");
    let volume = unique("site-vol");
    let _c = sleeper(&name, &["-v", &format!("{volume}:/usr/share/nginx/html")])
        .then(&["volume", "rm", &volume]);
    let fields = format!("{DOCROOT}\ntype = \"bind\"");
    let (expected, actual) = assert_failed(&outcome_in(&check("mount", &name, &fields), ws.path()));
    assert_eq!(
        expected,
        "a host folder (bind) mounted at /usr/share/nginx/html"
    );
    assert_eq!(
        actual,
        format!("volume `{volume}` mounted at /usr/share/nginx/html, writable")
    );
    let fields = format!("{DOCROOT}\ntype = \"volume\"\nvolume = \"{volume}\"");
    assert_passed(&outcome_in(&check("mount", &name, &fields), ws.path()));
}

#[test]
fn a_tmpfs_flag_counts_as_a_tmpfs_mount() {
    let name = unique("tmpfs");
    let _c = sleeper(&name, &["--tmpfs", "/www", "--tmpfs", "/cache:ro"]);
    assert_passed(&outcome(&check(
        "mount",
        &name,
        "destination = \"/www\"\ntype = \"tmpfs\"\nread_only = false",
    )));
    assert_passed(&outcome(&check(
        "mount",
        &name,
        "destination = \"/cache\"\ntype = \"tmpfs\"\nread_only = true",
    )));
    let (_, actual) = assert_failed(&outcome(&check(
        "mount",
        &name,
        "destination = \"/www\"\ntype = \"bind\"",
    )));
    assert_eq!(actual, "a tmpfs mounted at /www, writable");
}

#[test]
fn container_mounts_exactly_fails_on_an_extra_volume() {
    let (ws, bind) = workspace_with_site();
    let exact = r#"exactly = [
  { destination = "/usr/share/nginx/html", source = "site", type = "bind", read_only = true },
  { destination = "/www", type = "tmpfs" },
]"#;
    let name = unique("exact");
    let _c = sleeper(&name, &["-v", &bind, "--tmpfs", "/www"]);
    assert_passed(&outcome_in(&check("mounts", &name, exact), ws.path()));

    let extra = unique("exact-extra");
    let volume = unique("exact-vol");
    let _e = sleeper(
        &extra,
        &[
            "-v",
            &bind,
            "--tmpfs",
            "/www",
            "-v",
            &format!("{volume}:/data"),
        ],
    )
    .then(&["volume", "rm", &volume]);
    let failed = outcome_in(&check("mounts", &extra, exact), ws.path());
    let (expected, actual) = assert_failed(&failed);
    assert!(expected.starts_with("exactly these mounts: "), "{expected}");
    assert!(
        actual.ends_with(&format!(
            "not asked for: volume `{volume}` mounted at /data, writable"
        )),
        "{actual}"
    );
    assert!(hint_of(&failed).contains("--tmpfs /www"));

    let missing = unique("exact-missing");
    let _m = sleeper(&missing, &["-v", &bind]);
    let (_, actual) = assert_failed(&outcome_in(&check("mounts", &missing, exact), ws.path()));
    assert!(
        actual.contains("missing: a tmpfs mounted at /www"),
        "{actual}"
    );
    let (expected, _) = assert_failed(&outcome(&check("mounts", &missing, "exactly = []")));
    assert_eq!(expected, "no mounts");
}

#[test]
fn restart_policy_one_of_accepts_either_policy() {
    let fields = "one_of = [\"always\", \"unless-stopped\"]";
    let good = unique("restart-ok");
    let _g = sleeper(&good, &["--restart", "unless-stopped"]);
    assert_passed(&outcome(&check("restart_policy", &good, fields)));

    let bad = unique("restart-bad");
    let _b = sleeper(&bad, &["--restart", "on-failure"]);
    let failed = outcome(&check("restart_policy", &bad, fields));
    let (expected, actual) = assert_failed(&failed);
    assert_eq!(expected, "restart policy `always` or `unless-stopped`");
    assert_eq!(actual, "restart policy `on-failure`");
    assert!(hint_of(&failed).contains(&format!("docker update --restart always {bad}")));

    let err = parse_error(&check(
        "restart_policy",
        &bad,
        "policy = \"always\"\none_of = [\"no\"]",
    ));
    assert!(err.contains("not both"), "{err}");
    let err = parse_error(&check("restart_policy", &bad, ""));
    assert!(err.contains("say which policy"), "{err}");
}

#[test]
fn user_one_of_accepts_a_name_or_uid_with_any_group() {
    let fields = "one_of = [\"app\", \"1000\"]";
    let good = unique("user-ok");
    let _g = sleeper(&good, &["--user", "1000:1000"]);
    assert_passed(&outcome(&check("user", &good, fields)));
    assert_passed(&outcome(&check("user", &good, "user = \"1000\"")));
    assert!(outcome(&check("user", &good, "user = \"1000:0\"")).is_failed());

    let root = unique("user-root");
    let _r = sleeper(&root, &["--user", "0:0"]);
    let (expected, actual) = assert_failed(&outcome(&check("user", &root, fields)));
    assert_eq!(expected, "user `app` or `1000`");
    assert_eq!(actual, "user `0:0`");
}

#[test]
fn a_label_must_be_non_empty_and_env_must_match_a_pattern() {
    let good = unique("label-ok");
    let _g = sleeper(&good, &["--label", "owner=alice", "-e", "VERSION=1.2.3"]);
    let bad = unique("label-bad");
    let _b = sleeper(&bad, &["--label", "owner=", "-e", "VERSION=latest"]);
    let owner = "name = \"owner\"\npattern = \".\"";
    let version = "name = \"VERSION\"\npattern = '^\\d+\\.\\d+\\.\\d+$'";

    assert_passed(&outcome(&check("label", &good, owner)));
    assert_passed(&outcome(&check("env", &good, version)));
    let (expected, actual) = assert_failed(&outcome(&check("label", &bad, owner)));
    assert_eq!(expected, "label `owner` matching /./");
    assert_eq!(actual, "label `owner` set to an empty value");
    let (_, actual) = assert_failed(&outcome(&check("env", &bad, version)));
    assert_eq!(actual, "environment variable `VERSION` set to `latest`");

    let teams = "name = \"owner\"\none_of = [\"alice\", \"bob\"]";
    assert_passed(&outcome(&check("label", &good, teams)));
    let (expected, _) = assert_failed(&outcome(&check("label", &bad, teams)));
    assert_eq!(expected, "label `owner` set to `alice` or `bob`");
}

#[test]
fn mount_types_and_policies_are_checked_at_load() {
    let err = parse_error(&check(
        "mount",
        "web",
        "destination = \"/x\"\ntype = \"nfs\"",
    ));
    assert!(err.contains("type"), "{err}");
    let err = parse_error(&check(
        "mounts",
        "web",
        "exactly = [{ destination = \"/x\", kind = \"bind\" }]",
    ));
    assert!(err.contains("kind"), "{err}");
}

#[test]
fn image_user_one_of_accepts_a_uid_with_any_group() {
    let tag = format!("{}:1", unique("image-user"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        format!("FROM {}\nUSER 1000:1000\n", test_image()),
    )
    .unwrap();
    let _i = Cleanup(vec![vec!["rmi".into(), "-f".into(), tag.clone()]]);
    docker(&["build", "-q", "-t", &tag, dir.path().to_str().unwrap()]);
    let image = |fields: &str| {
        outcome(&format!(
            "id = \"t\"\nkind = \"image.user\"\nimage = \"{tag}\"\n{fields}"
        ))
    };
    assert_passed(&image("one_of = [\"app\", \"1000\"]"));
    assert_passed(&image("user = \"1000\""));
    let (expected, actual) = assert_failed(&image("one_of = [\"app\", \"1001\"]"));
    assert_eq!(expected, format!("image {tag} running as user app or 1001"));
    assert_eq!(actual, "user 1000:1000");
    assert!(image("user = \"1000:0\"").is_failed());
}

#[test]
fn a_mount_type_that_contradicts_its_source_is_a_load_error() {
    let err = parse_error(&check(
        "mount",
        "web",
        "destination = \"/x\"\ntype = \"bind\"\nvolume = \"data\"",
    ));
    assert!(err.contains("`volume` names a volume"), "{err}");
    let err = parse_error(&check(
        "mounts",
        "web",
        "exactly = [{ destination = \"/x\", type = \"tmpfs\", source = \"site\" }]",
    ));
    assert!(err.contains("a tmpfs mount does not have"), "{err}");
    parse_check(&check(
        "mount",
        "web",
        "destination = \"/x\"\nvolume = \"a\"\nsource = \"/b\"",
    ));
}
