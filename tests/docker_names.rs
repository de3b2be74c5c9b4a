//! Docker objects are addressed by their exact names. The daemon resolves a
//! name it does not know as an ID prefix, so a lab asking for container `db`
//! could see (and reset could delete) a container whose ID starts with
//! `db`. These tests make such an object and show that checks do not find
//! it and reset leaves it alone, while exactly named objects still work.

mod common;
mod docker_pack;

use common::*;
use docker_pack::*;

/// Makes objects with `make` (which returns the new object's ID and its
/// cleanup) until one's two-hex ID prefix is shared by no other object of
/// its kind and names none; returns that prefix.
fn object_with_lone_prefix(
    mut make: impl FnMut() -> (String, Cleanup),
    all_ids: impl Fn() -> String,
    names: impl Fn() -> String,
) -> (String, Cleanup) {
    for _ in 0..40 {
        let (id, guard) = make();
        let taken = names();
        let named = |p: &str| taken.lines().any(|n| n.trim().trim_start_matches('/') == p);
        if let Some(prefix) = lone_prefix(&id, &all_ids(), named) {
            return (prefix, guard);
        }
    }
    panic!("no object with an unshared ID prefix after 40 tries");
}

fn container_with_lone_prefix() -> (String, String, Cleanup) {
    let name = unique("prefix-owner");
    let (prefix, guard) = object_with_lone_prefix(
        || {
            let temp = unique("prefix-try");
            let guard = Cleanup::container(&temp);
            let id = docker_ok(&["create", "--name", &temp, test_image(), "true"]);
            (id, guard)
        },
        || docker_ok(&["ps", "-aq", "--no-trunc"]),
        || docker_ok(&["ps", "-a", "--format", "{{.Names}}"]),
    );
    // Renamed, as a learner's unrelated container would be named.
    let old = &guard.0[0][3];
    docker_ok(&["rename", old, &name]);
    (prefix, name.clone(), Cleanup::container(&name))
}

#[test]
fn a_container_id_prefix_is_not_a_container_name_in_checks_or_reset() {
    let (prefix, unrelated, _guard) = container_with_lone_prefix();
    let exact = unique("exact");
    let _exact = run_container(&exact, &[], &["sleep", "300"]);

    let failed = outcome(&format!(
        "id = \"t\"\nkind = \"container.exists\"\ncontainer = \"{prefix}\""
    ));
    let (_, actual) = assert_failed(&failed);
    assert_eq!(actual, format!("no container named `{prefix}`"));

    let lab = OneLab::new(&format!(
        "[resources]\ncontainers = [\"{prefix}\", \"{exact}\"]\n\n[[check]]\nid = \"c\"\nkind = \"container.exists\"\ncontainer = \"{prefix}\"\n"
    ));
    lab.start();
    let check = lab.run(&["check", "lab"], &[]);
    assert_eq!(check.code, Some(1), "{}", check.text);
    assert!(
        check
            .text
            .contains(&format!("no container named `{prefix}`")),
        "{}",
        check.text
    );

    let reset = lab.run(&["reset", "lab", "--yes"], &[]);
    assert_eq!(reset.code, Some(0), "{}", reset.text);
    assert!(
        reset
            .text
            .contains(&format!("container {prefix} was not there")),
        "{}",
        reset.text
    );
    assert!(
        reset.text.contains(&format!("removed container {exact}")),
        "{}",
        reset.text
    );
    assert!(
        exists("container", &unrelated),
        "reset removed `{unrelated}`"
    );
    assert!(
        !exists("container", &exact),
        "reset left the declared `{exact}`"
    );
}

#[test]
fn a_network_id_prefix_is_not_a_network_name_in_checks_or_reset() {
    let (prefix, guard) = object_with_lone_prefix(
        || {
            let name = unique("prefix-net");
            let guard = Cleanup(vec![vec!["network".into(), "rm".into(), name.clone()]]);
            (docker_ok(&["network", "create", &name]), guard)
        },
        || docker_ok(&["network", "ls", "-q", "--no-trunc"]),
        || docker_ok(&["network", "ls", "--format", "{{.Name}}"]),
    );
    let unrelated = guard.0[0][2].clone();

    let failed = outcome(&format!(
        "id = \"t\"\nkind = \"network.exists\"\nnetwork = \"{prefix}\""
    ));
    let (_, actual) = assert_failed(&failed);
    assert_eq!(actual, format!("no network {prefix} on this machine"));

    let lab = OneLab::new(&format!(
        "[resources]\nnetworks = [\"{prefix}\"]\n\n[[check]]\nid = \"n\"\nkind = \"network.exists\"\nnetwork = \"{prefix}\"\n"
    ));
    lab.start();
    let reset = lab.run(&["reset", "lab", "--yes"], &[]);
    assert_eq!(reset.code, Some(0), "{}", reset.text);
    assert!(
        reset
            .text
            .contains(&format!("network {prefix} was not there")),
        "{}",
        reset.text
    );
    assert!(exists("network", &unrelated), "reset removed `{unrelated}`");
}

#[test]
fn an_image_id_prefix_is_not_an_image_reference_in_checks_or_reset() {
    let base = test_image();
    let (prefix, guard) = object_with_lone_prefix(
        || {
            // A label makes a new image with an ID of its own.
            let tag = format!("{}:1", unique("prefix-image"));
            let dir = tempfile::tempdir().unwrap();
            let dockerfile = format!("FROM {base}\nLABEL org.opslab.test=\"{tag}\"\n");
            std::fs::write(dir.path().join("Dockerfile"), dockerfile).unwrap();
            let guard = Cleanup(vec![vec!["rmi".into(), tag.clone()]]);
            docker_ok(&["build", "-q", "-t", &tag, text(dir.path())]);
            (
                docker_ok(&["image", "inspect", "-f", "{{.Id}}", &tag]),
                guard,
            )
        },
        || docker_ok(&["images", "-aq", "--no-trunc"]),
        || docker_ok(&["images", "--format", "{{.Repository}}"]),
    );
    let tag = guard.0[0][1].clone();
    let id = docker_ok(&["image", "inspect", "-f", "{{.Id}}", &tag]);

    let exists_check =
        |image: &str| format!("id = \"t\"\nkind = \"image.exists\"\nimage = \"{image}\"");
    let (_, actual) = assert_failed(&outcome(&exists_check(&prefix)));
    assert!(
        actual.starts_with(&format!("no image {prefix} on this machine")),
        "{actual}"
    );
    assert_passed(&outcome(&exists_check(&tag)));
    assert_passed(&outcome(&exists_check(&id)));

    let lab = OneLab::new(&format!(
        "[resources]\nimages = [\"{prefix}\"]\n\n[[check]]\nid = \"i\"\nkind = \"image.exists\"\nimage = \"{prefix}\"\n"
    ));
    lab.start();
    let reset = lab.run(&["reset", "lab", "--yes"], &[]);
    assert_eq!(reset.code, Some(0), "{}", reset.text);
    assert!(
        reset
            .text
            .contains(&format!("image {prefix} was not there")),
        "{}",
        reset.text
    );
    assert!(exists("image", &tag), "reset removed `{tag}`");
}

#[test]
fn reset_removes_an_exactly_named_volume_and_image_tag_only() {
    let volume = unique("exact-vol");
    let _v = Cleanup(vec![vec!["volume".into(), "rm".into(), volume.clone()]]);
    docker_ok(&["volume", "create", &volume]);
    let tag = format!("{}:1", unique("exact-tag"));
    let _t = Cleanup(vec![vec!["rmi".into(), tag.clone()]]);
    docker_ok(&["tag", test_image(), &tag]);

    let lab = OneLab::new(&format!(
        "[resources]\nvolumes = [\"{volume}\"]\nimages = [\"{tag}\"]\n\n[[check]]\nid = \"v\"\nkind = \"volume.exists\"\nvolume = \"{volume}\"\n"
    ));
    lab.start();
    let reset = lab.run(&["reset", "lab", "--yes"], &[]);
    assert_eq!(reset.code, Some(0), "{}", reset.text);
    assert!(!exists("volume", &volume), "{}", reset.text);
    assert!(!exists("image", &tag), "{}", reset.text);
    assert!(
        exists("image", test_image()),
        "untagging removed the image itself"
    );
}
