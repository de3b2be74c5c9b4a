//! Probe checks against the real daemon: `probe.run` (exit code, stdout and
//! stderr apart), `image.file`, `volume.file` and `network.reach`, and the
//! probe container's lifecycle (labelled, time-bounded, always removed).

mod common;
mod probe_support;

use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use opslab::verify::{run_check, Context, DockerProbe, Outcome};
use probe_support::base_image;

/// Builds `dockerfile` (on top of the test image) as a unique tag, removed
/// with the returned guard.
fn build(prefix: &str, dockerfile: &str, files: &[(&str, &str)]) -> (String, Cleanup) {
    let tag = format!("{}:1", unique(prefix));
    let guard = Cleanup(vec![vec![
        "image".into(),
        "rm".into(),
        "-f".into(),
        tag.clone(),
    ]]);
    rebuild(&tag, dockerfile, files);
    (tag, guard)
}

fn rebuild(tag: &str, dockerfile: &str, files: &[(&str, &str)]) {
    let dir = tempfile::tempdir().unwrap();
    let text = dockerfile.replace("BASE", test_image());
    std::fs::write(dir.path().join("Dockerfile"), text).unwrap();
    for (name, body) in files {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    docker(&["build", "-q", "-t", tag, dir.path().to_str().unwrap()]);
}

/// Containers made from `image`, running or not.
fn containers_from(image: &str) -> String {
    docker(&["ps", "-a", "-q", "--filter", &format!("ancestor={image}")])
}

/// Runs one check and returns its outcome and how long it took.
fn timed(toml_text: &str) -> (Outcome, Duration) {
    let check = parse_check(toml_text);
    runtime().block_on(async {
        let ctx = Context::new(std::env::temp_dir(), DockerProbe::connect().await);
        let result = run_check(&check, &ctx).await;
        (result.outcome, result.elapsed)
    })
}

fn run_toml(image: &str, extra: &str) -> String {
    format!("id = \"c\"\nkind = \"probe.run\"\nimage = \"{image}\"\n{extra}")
}

#[test]
fn an_image_that_prints_hello_on_stdout_and_exits_0_passes() {
    let (image, _guard) = build("hello", "FROM BASE\nCMD [\"echo\", \"Hello\"]\n", &[]);
    let check = run_toml(&image, "stdout_matches = \"^Hello$\"\nstderr = \"\"");
    // The first probe of the process also looks for stale probes.
    assert_passed(&timed(&check).0);
    let (outcome, took) = timed(&check);
    assert_passed(&outcome);
    eprintln!("one probe.run check took {took:?}");
    assert_eq!(containers_from(&image), "", "the probe was not removed");
}

#[test]
fn hello_printed_on_stderr_does_not_count_as_stdout() {
    let (image, _guard) = build(
        "hello-err",
        "FROM BASE\nCMD [\"sh\", \"-c\", \"echo Hello >&2\"]\n",
        &[],
    );
    let outcome = timed(&run_toml(&image, "stdout_matches = \"Hello\"")).0;
    let (expected, actual) = assert_failed(&outcome);
    assert!(expected.contains("on stdout"), "{expected}");
    assert!(
        actual.contains("nothing on stdout") && actual.contains("Hello"),
        "{actual}"
    );
    // Said as stderr, it passes.
    assert_passed(&timed(&run_toml(&image, "stderr_matches = \"Hello\"")).0);
}

#[test]
fn an_image_that_echoes_the_wrong_text_fails_showing_the_text() {
    let (image, _guard) = build(
        "hello-wrong",
        "FROM BASE\nCMD [\"echo\", \"Goodbye\"]\n",
        &[],
    );
    let (expected, actual) = assert_failed(&timed(&run_toml(&image, "stdout = \"Hello\"")).0);
    assert!(expected.contains("\"Hello\""), "{expected}");
    assert!(actual.contains("Goodbye"), "{actual}");
}

#[test]
fn the_exit_code_command_and_user_are_judged() {
    let image = test_image();
    let exits_3 = run_toml(image, "command = [\"sh\", \"-c\", \"echo oops; exit 3\"]");
    let (expected, actual) = assert_failed(&timed(&exits_3).0);
    assert!(expected.contains("exits with code 0"), "{expected}");
    assert!(
        actual.contains("code 3") && actual.contains("oops"),
        "{actual}"
    );
    let as_nobody = run_toml(
        image,
        "command = [\"id\", \"-u\"]\nuser = \"65534\"\nstdout = \"65534\"",
    );
    assert_passed(&timed(&as_nobody).0);
    let no_network = run_toml(
        image,
        "command = [\"ls\", \"/sys/class/net\"]\nstdout = \"lo\"",
    );
    assert_passed(&timed(&no_network).0);
}

#[test]
fn a_probe_that_times_out_fails_and_is_removed() {
    let (image, _guard) = build("sleeper", "FROM BASE\nCMD [\"sleep\", \"60\"]\n", &[]);
    let started = Instant::now();
    let (outcome, _) = timed(&run_toml(&image, "timeout = \"1s\""));
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "the probe hung"
    );
    let (_, actual) = assert_failed(&outcome);
    assert!(actual.contains("still running"), "{actual}");
    assert_eq!(containers_from(&image), "", "the probe was not removed");
}

#[test]
fn an_image_whose_own_command_is_missing_fails_naming_it_not_as_could_not_run() {
    let (image, _guard) = build("no-script", "FROM BASE\nCMD [\"/hello.sh\"]\n", &[]);
    let outcome = timed(&run_toml(&image, "stdout = \"Hello\"")).0;
    let (expected, actual) = assert_failed(&outcome);
    assert!(expected.contains("CMD or ENTRYPOINT"), "{expected}");
    assert_eq!(actual, "its command `/hello.sh` is not in the image");
    assert_eq!(containers_from(&image), "", "the probe was not removed");
    let (bare, _bare_guard) = build("no-cmd", "FROM BASE\nENTRYPOINT []\nCMD []\n", &[]);
    let (_, actual) = assert_failed(&timed(&run_toml(&bare, "")).0);
    assert!(actual.contains("no CMD and no ENTRYPOINT"), "{actual}");
    let (fixed, _fixed_guard) = build(
        "script",
        "FROM BASE\nCOPY hello.sh /hello.sh\nCMD [\"sh\", \"/hello.sh\"]\n",
        &[("hello.sh", "echo Hello\n")],
    );
    assert_passed(&timed(&run_toml(&fixed, "stdout = \"Hello\"")).0);
}

#[test]
fn trailing_blank_lines_in_the_output_are_shown_escaped() {
    let image = test_image();
    let extra = "command = [\"printf\", \"Hello\\\\n\\\\n\"]\nstdout = \"Hello\"";
    let (_, actual) = assert_failed(&timed(&run_toml(image, extra)).0);
    assert_eq!(actual, "stdout was \"Hello\\n\\n\"");
    let once = "command = [\"echo\", \"Hello\"]\nstdout = \"Hello\"";
    assert_passed(&timed(&run_toml(image, once)).0);
}

#[test]
fn a_missing_image_fails_naming_it() {
    let image = format!("{}:1", unique("nothing"));
    let (expected, actual) = assert_failed(&timed(&run_toml(&image, "")).0);
    assert!(
        expected.contains(&image) && actual.contains("no image"),
        "{actual}"
    );
}

fn image_file(image: &str, extra: &str) -> String {
    format!("id = \"f\"\nkind = \"image.file\"\nimage = \"{image}\"\npath = \"/etc/app/app.conf\"\n{extra}")
}

#[test]
fn a_file_in_the_image_counts_only_once_the_image_is_rebuilt() {
    let dockerfile = "FROM BASE\nCOPY app.conf /etc/app/app.conf\n";
    let (image, _guard) = build("conf", dockerfile, &[("app.conf", "mode=dev\n")]);
    let check = image_file(&image, "matches = \"(?m)^mode=prod$\"");
    // The learner edits the file next to the Dockerfile but does not rebuild.
    let (expected, actual) = assert_failed(&timed(&check).0);
    assert!(expected.contains("/etc/app/app.conf"), "{expected}");
    assert!(actual.contains("mode=dev"), "{actual}");
    rebuild(&image, dockerfile, &[("app.conf", "mode=prod\n")]);
    let (outcome, took) = timed(&check);
    assert_passed(&outcome);
    eprintln!("one image.file check took {took:?}");
    assert_eq!(containers_from(&image), "", "the probe was not removed");
}

#[test]
fn a_file_is_read_from_an_image_without_a_shell_or_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("etc/app")).unwrap();
    std::fs::write(dir.path().join("app.conf"), "mode=prod\n").unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM scratch\nCOPY --chmod=640 app.conf /etc/app/app.conf\n",
    )
    .unwrap();
    let image = format!("{}:1", unique("scratch"));
    let _guard = Cleanup(vec![vec![
        "image".into(),
        "rm".into(),
        "-f".into(),
        image.clone(),
    ]]);
    let out = Command::new("docker")
        .args(["build", "-q", "-t", &image, dir.path().to_str().unwrap()])
        .env("DOCKER_BUILDKIT", "1")
        .output()
        .unwrap();
    if !out.status.success() {
        // Without BuildKit `--chmod` is unknown: set the mode another way.
        std::fs::write(
            dir.path().join("Dockerfile"),
            "FROM scratch\nCOPY app.conf /etc/app/app.conf\n",
        )
        .unwrap();
        docker(&["build", "-q", "-t", &image, dir.path().to_str().unwrap()]);
    }
    let mode = if out.status.success() { "0640" } else { "0644" };
    let wrong = if out.status.success() { "0644" } else { "0640" };
    assert_passed(
        &timed(&image_file(
            &image,
            &format!("matches = \"mode=prod\"\nmode = \"{mode}\""),
        ))
        .0,
    );
    let (_, actual) = assert_failed(&timed(&image_file(&image, &format!("mode = \"{wrong}\""))).0);
    assert!(actual.contains(mode), "{actual}");
    let elsewhere = image_file(&image, "").replace("/etc/app/app.conf", "/etc/app/other.conf");
    let (_, actual) = assert_failed(&timed(&elsewhere).0);
    assert!(actual.contains("no /etc/app/other.conf"), "{actual}");
    assert_passed(&timed(&elsewhere.replace("path =", "exists = false\npath =")).0);
}

fn volume_file(volume: &str, extra: &str) -> String {
    format!(
        "id = \"v\"\nkind = \"volume.file\"\nvolume = \"{volume}\"\npath = \"index.html\"\n{extra}"
    )
}

#[test]
fn a_volume_keeps_the_file_its_writer_left_after_the_writer_is_gone() {
    base_image();
    let volume = unique("data");
    let _guard = Cleanup(vec![vec![
        "volume".into(),
        "rm".into(),
        "-f".into(),
        volume.clone(),
    ]]);
    docker(&["volume", "create", &volume]);
    let write = |text: &str| {
        let script = format!("echo '<p>{text}</p>' > /data/index.html");
        docker(&[
            "run",
            "--rm",
            "-v",
            &format!("{volume}:/data"),
            test_image(),
            "sh",
            "-c",
            &script,
        ]);
    };
    write("Draft");
    let check = volume_file(&volume, "matches = \"Saved\"");
    let (expected, actual) = assert_failed(&timed(&check).0);
    assert!(expected.contains(&volume), "{expected}");
    assert!(actual.contains("Draft"), "{actual}");
    write("Saved");
    let (outcome, took) = timed(&check);
    assert_passed(&outcome);
    eprintln!("one volume.file check took {took:?}");
    // The volume is mounted by no container: the probe is gone.
    let users = docker(&["ps", "-a", "-q", "--filter", &format!("volume={volume}")]);
    assert_eq!(users, "", "the probe was not removed");
    let (_, actual) =
        assert_failed(&timed(&volume_file(&volume, "").replace("index.html", "missing.html")).0);
    assert!(actual.contains("no missing.html"), "{actual}");
}

#[test]
fn a_missing_volume_fails_and_is_not_created() {
    let volume = unique("no-such-volume");
    let (_, actual) = assert_failed(&timed(&volume_file(&volume, "")).0);
    assert!(actual.contains("no volume"), "{actual}");
    let listed = docker(&["volume", "ls", "-q", "--filter", &format!("name={volume}")]);
    assert_eq!(listed, "", "checking created the volume");
}

fn reach(network: &str, host: &str, extra: &str) -> String {
    format!(
        "id = \"r\"\nkind = \"network.reach\"\nnetwork = \"{network}\"\nhost = \"{host}\"\n{extra}"
    )
}

#[test]
fn a_name_resolves_and_its_port_answers_on_its_network_but_not_from_the_default_bridge() {
    base_image();
    let network = unique("backend");
    let cache = unique("cache");
    let _guard = Cleanup::container(&cache).then(&["network", "rm", &network]);
    docker(&["network", "create", &network]);
    let _c = run_container(
        &cache,
        &["--network", &network],
        &["nc", "-ll", "-p", "6379", "-e", "/bin/cat"],
    );
    let (outcome, took) = timed(&reach(&network, &cache, "port = 6379"));
    assert_passed(&outcome);
    eprintln!("one network.reach check took {took:?}");
    let (expected, actual) = assert_failed(&timed(&reach(&network, &cache, "port = 6380")).0);
    assert!(expected.contains("6380"), "{expected}");
    assert!(actual.contains("nothing accepts connections"), "{actual}");
    assert_passed(&timed(&reach("bridge", &cache, "resolves = false")).0);
    let (_, actual) = assert_failed(&timed(&reach("bridge", &cache, "")).0);
    assert!(actual.contains("no container or alias"), "{actual}");
    let members = docker(&[
        "network",
        "inspect",
        "--format",
        "{{len .Containers}}",
        &network,
    ]);
    assert_eq!(members, "1", "the probe stayed on the network");
}

#[test]
fn probe_checks_with_bad_fields_do_not_load() {
    let e = parse_error("id = \"x\"\nkind = \"image.file\"\nimage = \"a:1\"\npath = \"etc/x\"");
    assert!(e.contains("not absolute"), "{e}");
    let e = parse_error("id = \"x\"\nkind = \"probe.run\"\nimage = \"a:1\"\ntimeout = \"1m\"");
    assert!(e.contains("\"100ms\" to \"15s\""), "{e}");
    let e = parse_error("id = \"x\"\nkind = \"network.reach\"\nnetwork = \"n\"\nhost = \"h\"\nresolves = false\nport = 80");
    assert!(e.contains("leave out `port`"), "{e}");
    let e = parse_error("id = \"x\"\nkind = \"volume.file\"\nvolume = \"v\"\npath = \"../x\"");
    assert!(e.contains("inside the volume"), "{e}");
    let e = parse_error(
        "id = \"x\"\nkind = \"image.file\"\nimage = \"a:1\"\npath = \"/x\"\nmode = \"rwx\"",
    );
    assert!(e.contains("not a file mode"), "{e}");
    let e = parse_error("id = \"x\"\nkind = \"probe.run\"\nimage = \"a:1\"\nstdot = \"Hello\"");
    assert!(e.contains("stdot"), "{e}");
}

/// A pack with one lab `p` whose only check is `check` (TOML), and the
/// environment that makes `opslab` use it; returns (home, pack dir).
fn one_check_pack(check: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("labs/p")).unwrap();
    let pack = home.path().join("pack");
    for d in ["starter", "solution"] {
        std::fs::create_dir_all(pack.join("p").join(d)).unwrap();
    }
    std::fs::write(pack.join("pack.toml"), "format = 1\nid = \"probe\"\ntitle = \"P\"\nversion = \"1\"\n[[stage]]\nid = \"s\"\ntitle = \"S\"\n").unwrap();
    std::fs::write(pack.join("p/brief.md"), "Probe.\n").unwrap();
    let lab = format!("id = \"p\"\ntitle = \"P\"\nstage = \"s\"\nsummary = \"s\"\nminutes = 5\n\n[[check]]\n{check}\n");
    std::fs::write(pack.join("p/lab.toml"), lab).unwrap();
    (home, pack)
}

/// Sends `signal` to `opslab check` while its probe runs: the run ends
/// with `status` (128 + the signal's number) and its probe is gone.
fn stopping_a_check_run_removes_its_probe(signal: &str, status: i32) {
    // An image of its own (a label per signal): `ancestor=` filters by
    // image ID, which equal Dockerfiles would share across these tests.
    let dockerfile = format!("FROM BASE\nLABEL signal={signal}\nCMD [\"sleep\", \"60\"]\n");
    let (image, _guard) = build("interrupted", &dockerfile, &[]);
    let (home, pack) = one_check_pack(&run_toml(&image, "timeout = \"15s\""));
    let mut run = Command::new(env!("CARGO_BIN_EXE_opslab"))
        .args(["--pack", pack.to_str().unwrap(), "check", "p"])
        .env("HOME", home.path())
        .env("OPSLAB_HOME", home.path().join("labs"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while docker(&["ps", "-q", "--filter", &format!("ancestor={image}")]).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "no probe started"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let kill = Command::new("kill")
        .args([signal, &run.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let ended = run.wait().unwrap();
    assert_eq!(ended.code(), Some(status), "{signal}: {ended:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{signal} did not end the run"
    );
    assert_eq!(containers_from(&image), "", "the probe outlived {signal}");
}

#[test]
fn ctrl_c_during_a_check_run_removes_its_probe() {
    stopping_a_check_run_removes_its_probe("-INT", 130);
}

#[test]
fn sigterm_during_a_check_run_removes_its_probe() {
    stopping_a_check_run_removes_its_probe("-TERM", 143);
}

#[test]
fn sighup_during_a_check_run_removes_its_probe() {
    stopping_a_check_run_removes_its_probe("-HUP", 129);
}

#[test]
fn a_run_removes_the_probes_of_runs_that_died_and_keeps_those_of_live_runs() {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    let later = (std::time::SystemTime::now() + Duration::from_secs(600))
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let leftover = |prefix: &str, owner: &str| {
        let name = unique(prefix);
        docker(&[
            "create",
            "--name",
            &name,
            "--label",
            "org.opslab.probe=1",
            "--label",
            &format!("org.opslab.probe.owner={owner}"),
            "--label",
            &format!("org.opslab.probe.expires={later}"),
            test_image(),
        ]);
        name
    };
    // No process has an id above the kernel's pid_max.
    let dead = leftover("dead-run", &format!("99999999@{}", host.trim()));
    let live = leftover("live-run", "1@another-machine");
    let _guard = Cleanup::container(&dead).then(&["rm", "-f", &live]);
    let (home, pack) = one_check_pack(&run_toml(test_image(), "command = [\"true\"]"));
    let out = Command::new(env!("CARGO_BIN_EXE_opslab"))
        .args(["--pack", pack.to_str().unwrap(), "check", "p"])
        .env("HOME", home.path())
        .env("OPSLAB_HOME", home.path().join("labs"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let names = docker(&[
        "ps",
        "-a",
        "--format",
        "{{.Names}}",
        "--filter",
        "label=org.opslab.probe",
    ]);
    assert!(
        !names.lines().any(|n| n == dead),
        "the dead run's probe is still there"
    );
    assert!(
        names.lines().any(|n| n == live),
        "a live run's probe was removed"
    );
}

#[test]
fn every_example_in_the_probe_checks_page_loads() {
    let page = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/checks/probe.md"),
    )
    .unwrap();
    let mut kinds = Vec::new();
    for block in page.split("```toml\n").skip(1) {
        let block = block.split("```").next().unwrap();
        for table in block.split("[[check]]\n").filter(|t| !t.trim().is_empty()) {
            let check = parse_check(table);
            kinds.push(
                table
                    .lines()
                    .find(|l| l.starts_with("kind"))
                    .unwrap()
                    .to_string(),
            );
            assert!(!check.title.is_empty());
        }
    }
    for kind in ["probe.run", "image.file", "volume.file", "network.reach"] {
        assert!(
            kinds.iter().any(|k| k.contains(kind)),
            "no example of {kind}"
        );
    }
}

#[test]
fn a_misspelt_image_kind_lists_the_probe_kinds_too() {
    let e = parse_error("id = \"x\"\nkind = \"image.fiel\"\nimage = \"a:1\"");
    assert!(
        e.contains("`image.exists`") && e.contains("`image.file`"),
        "{e}"
    );
    let e = parse_error("id = \"x\"\nkind = \"probe.runn\"\nimage = \"a:1\"");
    assert!(e.contains("`probe.run`"), "{e}");
}

#[test]
fn the_hint_for_a_name_that_does_not_resolve_fits_the_network_asked_about() {
    base_image();
    let network = unique("front");
    let name = unique("absent");
    let _guard = Cleanup(vec![vec!["network".into(), "rm".into(), network.clone()]]);
    docker(&["network", "create", &network]);
    let hint_of = |net: &str| format!("{:?}", timed(&reach(net, &name, "")).0);
    let on_bridge = hint_of("bridge");
    assert!(
        on_bridge.contains("default bridge network gives containers no names"),
        "{on_bridge}"
    );
    let on_host = hint_of("host");
    assert!(!on_host.contains("bridge"), "{on_host}");
    assert!(on_host.contains("on the host network"), "{on_host}");
    let on_own = hint_of(&network);
    assert!(!on_own.contains("bridge"), "{on_own}");
    assert!(
        on_own.contains(&format!("docker network connect {network} {name}")),
        "{on_own}"
    );
}
