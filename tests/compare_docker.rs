//! `compare` against the real daemon: a value read from Docker held
//! against a value from a workspace file, another Docker object, or a
//! literal. Each case has its passing state passing and its failing state
//! failing.

mod common;
use common::*;

use std::path::Path;

use opslab::verify::Outcome;

/// A `compare` check with the given `left`, `right` and `op`.
fn compare(left: &str, right: &str, op: &str) -> String {
    format!("id = \"t\"\nkind = \"compare\"\nleft = {left}\nright = {right}\nop = \"{op}\"\n")
}

fn hint_of(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Failed { hint: Some(h), .. } => h.clone(),
        other => panic!("expected a failure with a hint, got {other:#?}"),
    }
}

/// Builds `tag` from the test image with a label (a new image ID for each
/// `build` value) and, when `bytes` > 0, a file of that many bytes.
fn build(tag: &str, build: &str, bytes: usize) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut dockerfile = format!("FROM {}\nLABEL build={build}\n", test_image());
    if bytes > 0 {
        std::fs::write(dir.path().join("blob"), vec![b'x'; bytes]).unwrap();
        dockerfile.push_str("COPY blob /blob\n");
    }
    std::fs::write(dir.path().join("Dockerfile"), dockerfile).unwrap();
    docker(&["build", "-q", "-t", tag, dir.path().to_str().unwrap()]);
    docker(&["image", "inspect", "-f", "{{.Id}}", tag])
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn a_container_of_a_rebuilt_tag_no_longer_runs_the_current_image() {
    let tag = format!("{}:1", unique("app"));
    let name = unique("current");
    let first = build(&tag, "1", 0);
    let _guard = Cleanup::container(&name)
        .then(&["rmi", "-f", &tag])
        .then(&["rmi", "-f", &first]);
    docker(&["run", "-d", "--name", &name, &tag, "sleep", "300"]);
    let check = compare(
        &format!("{{ container = \"{name}\", query = \"Image\" }}"),
        &format!("{{ image = \"{tag}\", query = \"Id\" }}"),
        "equal",
    );
    assert_passed(&outcome(&check));

    let second = build(&tag, "2", 0);
    assert_ne!(first, second, "the rebuild makes a new image");
    let failed = outcome(&check);
    let (expected, actual) = assert_failed(&failed);
    assert_eq!(
        expected,
        format!("container `{name}`'s `Image` equal to image `{tag}`'s `Id`")
    );
    assert_eq!(
        actual,
        format!("container `{name}`'s `Image` is `{first}`; image `{tag}`'s `Id` is `{second}`")
    );
    assert_eq!(
        hint_of(&failed),
        format!(
            "A container keeps the image it was created from, whatever its tag names later: remove `{name}` (`docker rm -f {name}`) and run it again from `{tag}`. `docker container inspect {name}` and `docker image inspect {tag}` show the two values this check reads."
        )
    );
    // The tag the container was created with still reads the same.
    assert_eq!(
        docker(&["container", "inspect", "-f", "{{.Config.Image}}", &name]),
        tag
    );
}

#[test]
fn answers_txt_must_hold_the_containers_address_id_or_pid() {
    let network = unique("backend");
    let name = unique("web");
    let _net = Cleanup(vec![vec!["network".into(), "rm".into(), network.clone()]]);
    docker(&["network", "create", &network]);
    let _c = run_container(&name, &["--network", &network], &["sleep", "300"]);
    let query = format!("NetworkSettings.Networks.{network}.IPAddress");
    let ip = docker(&[
        "container",
        "inspect",
        "-f",
        &format!("{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}"),
        &name,
    ]);
    let dir = tempfile::tempdir().unwrap();
    let check = compare(
        "{ file = \"answers.txt\" }",
        &format!("{{ container = \"{name}\", query = \"{query}\" }}"),
        "equal",
    );
    write(dir.path(), "answers.txt", &format!("{ip}\n"));
    assert_passed(&outcome_in(&check, dir.path()));

    write(dir.path(), "answers.txt", "10.99.99.99\n");
    let (_, actual) = assert_failed(&outcome_in(&check, dir.path()));
    assert_eq!(
        actual,
        format!("`answers.txt` holds `10.99.99.99`; container `{name}`'s `{query}` is `{ip}`")
    );

    // Its full ID (the short form `docker ps` shows counts too), by default.
    let id = docker(&["container", "inspect", "-f", "{{.Id}}", &name]);
    let by_id = compare(
        "{ file = \"answers.txt\" }",
        &format!("{{ container = \"{name}\" }}"),
        "equal",
    );
    write(dir.path(), "answers.txt", &id);
    assert_passed(&outcome_in(&by_id, dir.path()));
    write(dir.path(), "answers.txt", &id[..12]);
    assert_passed(&outcome_in(&by_id, dir.path()));
    write(dir.path(), "answers.txt", &"0".repeat(64));
    assert_failed(&outcome_in(&by_id, dir.path()));

    // The PID of its main process as the host sees it: text against a number.
    let pid = docker(&["container", "inspect", "-f", "{{.State.Pid}}", &name]);
    let by_pid = compare(
        "{ file = \"answers.txt\", capture = 'pid: *(\\d+)' }",
        &format!("{{ container = \"{name}\", query = \"State.Pid\" }}"),
        "equal",
    );
    write(
        dir.path(),
        "answers.txt",
        &format!("name: web\npid: {pid}\n"),
    );
    assert_passed(&outcome_in(&by_pid, dir.path()));
    write(dir.path(), "answers.txt", "name: web\npid: 1\n");
    let (_, actual) = assert_failed(&outcome_in(&by_pid, dir.path()));
    assert_eq!(
        actual,
        format!("what /pid: *(\\d+)/ captures in `answers.txt` is `1`; container `{name}`'s `State.Pid` is {pid}")
    );
}

#[test]
fn a_missing_answer_file_or_container_fails_on_that_side() {
    let dir = tempfile::tempdir().unwrap();
    let name = unique("nobody");
    let check = compare(
        "{ file = \"answers.txt\" }",
        &format!("{{ container = \"{name}\" }}"),
        "equal",
    );
    let (_, actual) = assert_failed(&outcome_in(&check, dir.path()));
    assert!(actual.contains("answers.txt"), "{actual}");
    write(dir.path(), "answers.txt", "x");
    let (_, actual) = assert_failed(&outcome_in(&check, dir.path()));
    assert!(
        actual.contains(&format!("no container named `{name}`")),
        "{actual}"
    );
}

#[test]
fn terraform_state_ids_are_exactly_the_running_containers_of_the_stack() {
    let stack = unique("stack");
    let label = format!("stack={stack}");
    let (a, b, stopped) = (unique("a"), unique("b"), unique("stopped"));
    let _a = run_container(&a, &["--label", &label], &["sleep", "300"]);
    let _b = run_container(&b, &["--label", &label], &["sleep", "300"]);
    let _s = Cleanup::container(&stopped);
    docker(&[
        "create",
        "--name",
        &stopped,
        "--label",
        &label,
        test_image(),
    ]);
    let id = |n: &str| docker(&["container", "inspect", "-f", "{{.Id}}", n]);
    let state = |ids: &[String]| {
        let instances: Vec<String> = ids
            .iter()
            .map(|i| format!("{{\"instances\": [{{\"attributes\": {{\"id\": \"{i}\"}}}}]}}"))
            .collect();
        format!(
            "{{\"version\": 4, \"resources\": [{}]}}",
            instances.join(", ")
        )
    };
    let check = compare(
        "{ file = \"terraform.tfstate\", query = \"resources[*].instances[*].attributes.id\" }",
        &format!("{{ containers = {{ stack = \"{stack}\" }}, state = \"running\" }}"),
        "same_set",
    );
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "terraform.tfstate", &state(&[id(&b), id(&a)]));
    assert_passed(&outcome_in(&check, dir.path()));

    // A stale state: one ID is of a container that is gone.
    let gone = "f".repeat(64);
    write(
        dir.path(),
        "terraform.tfstate",
        &state(&[id(&a), gone.clone()]),
    );
    let (expected, actual) = assert_failed(&outcome_in(&check, dir.path()));
    assert_eq!(
        expected,
        format!("`resources[*].instances[*].attributes.id` in `terraform.tfstate` the same set as `Id` of the running containers with label `stack={stack}`")
    );
    assert_eq!(
        actual,
        format!(
            "only in `resources[*].instances[*].attributes.id` in `terraform.tfstate`: `{gone}`; only in `Id` of the running containers with label `stack={stack}`: `{}`",
            id(&b)
        )
    );

    // Without `state`, the stopped container of the stack counts too.
    let any = compare(
        "{ file = \"terraform.tfstate\", query = \"resources[*].instances[*].attributes.id\" }",
        &format!("{{ containers = {{ stack = \"{stack}\" }} }}"),
        "same_set",
    );
    write(dir.path(), "terraform.tfstate", &state(&[id(&a), id(&b)]));
    let (_, actual) = assert_failed(&outcome_in(&any, dir.path()));
    assert!(actual.contains(&id(&stopped)), "{actual}");
}

#[test]
fn a_slim_image_is_smaller_than_the_full_one() {
    let (slim, full) = (
        format!("{}:slim", unique("app")),
        format!("{}:full", unique("app")),
    );
    let _guard = Cleanup(vec![
        vec!["rmi".into(), "-f".into(), slim.clone()],
        vec!["rmi".into(), "-f".into(), full.clone()],
    ]);
    build(&slim, "slim", 0);
    build(&full, "full", 2 << 20);
    let sides = |a: &str, b: &str, op: &str| {
        compare(
            &format!("{{ image = \"{a}\", query = \"Size\" }}"),
            &format!("{{ image = \"{b}\", query = \"Size\" }}"),
            op,
        )
    };
    assert_passed(&outcome(&sides(&slim, &full, "less")));
    assert_passed(&outcome(&sides(&full, &slim, "greater")));
    let (expected, actual) = assert_failed(&outcome(&sides(&full, &slim, "less")));
    assert_eq!(
        expected,
        format!("image `{full}`'s `Size` less than image `{slim}`'s `Size`")
    );
    let size = |t: &str| docker(&["image", "inspect", "-f", "{{.Size}}", t]);
    assert_eq!(
        actual,
        format!(
            "image `{full}`'s `Size` is {}; image `{slim}`'s `Size` is {}",
            size(&full),
            size(&slim)
        )
    );
    // A size written in the lab reads as bytes.
    let under = compare(
        &format!("{{ image = \"{full}\", query = \"Size\" }}"),
        "{ value = \"1g\" }",
        "less",
    );
    assert_passed(&outcome(&under));
}

#[test]
fn a_new_image_differs_from_the_id_written_before_it() {
    let tag = format!("{}:2", unique("app"));
    let _guard = Cleanup(vec![vec!["rmi".into(), "-f".into(), tag.clone()]]);
    let id = build(&tag, "2", 0);
    let previous = docker(&["image", "inspect", "-f", "{{.Id}}", test_image()]);
    let check = compare(
        &format!("{{ image = \"{tag}\" }}"),
        "{ file = \".previous-image-id\" }",
        "different",
    );
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".previous-image-id", &format!("{previous}\n"));
    assert_passed(&outcome_in(&check, dir.path()));

    write(dir.path(), ".previous-image-id", &format!("{id}\n"));
    let (expected, actual) = assert_failed(&outcome_in(&check, dir.path()));
    assert_eq!(
        expected,
        format!("image `{tag}`'s `Id` different from `.previous-image-id`")
    );
    assert_eq!(
        actual,
        format!("image `{tag}`'s `Id` is `{id}`, and so is `.previous-image-id`")
    );
    // The short ID `docker images` prints is the same image.
    let short = &id["sha256:".len().."sha256:".len() + 12];
    write(dir.path(), ".previous-image-id", short);
    assert_failed(&outcome_in(&check, dir.path()));
}

#[test]
fn comparing_changes_nothing_it_reads() {
    let stack = unique("ro-stack");
    let name = unique("ro");
    let _c = run_container(
        &name,
        &["--label", &format!("stack={stack}")],
        &["sleep", "300"],
    );
    let image = test_image();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "answers.txt", "x\n");
    let checks = [
        compare(
            &format!("{{ container = \"{name}\", query = \"Image\" }}"),
            &format!("{{ image = \"{image}\" }}"),
            "equal",
        ),
        compare(
            "{ file = \"answers.txt\" }",
            &format!("{{ containers = {{ stack = \"{stack}\" }} }}"),
            "same_set",
        ),
    ];
    let snapshot = || {
        [
            docker(&["container", "inspect", &name]),
            docker(&["image", "inspect", image]),
            std::fs::read_to_string(dir.path().join("answers.txt")).unwrap(),
        ]
    };
    let before = snapshot();
    let results: Vec<Outcome> = checks.iter().map(|c| outcome_in(c, dir.path())).collect();
    assert!(results[0].is_passed(), "{:?}", results[0]);
    assert!(results[1].is_failed(), "{:?}", results[1]);
    assert_eq!(before, snapshot(), "a compare changed what it read");
}
