//! The verifier is read-only: a full `opslab check` run over a lab that
//! touches every family (container, image, volume, network, file, Dockerfile,
//! document, git, HTTP) leaves the Docker objects and the workspace, `.git`
//! included, exactly as they were.
//!
//! `container.exec` is left out on purpose: running a command in the
//! container is the one effect a lab author may declare. Probe checks are
//! in: the only objects they create are probe containers (labelled
//! `org.opslab.probe=1`), and those are gone when the run ends.

mod common;
mod probe_support;

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use common::*;

fn tree_snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                todo.push(path);
            } else {
                let mut bytes = std::fs::read(&path).unwrap();
                bytes.extend(format!("|{:?}", meta.modified().unwrap()).as_bytes());
                out.insert(rel, bytes);
            }
        }
    }
    out
}

fn docker_snapshot(objects: &[(&str, &str)]) -> Vec<String> {
    objects
        .iter()
        .map(|(kind, name)| docker(&[kind, "inspect", name]))
        .collect()
}

#[test]
fn a_full_check_run_changes_neither_docker_nor_the_workspace() {
    let image = test_image();
    probe_support::base_image();
    let name = unique("ro");
    let volume = unique("ro-vol");
    let network = unique("ro-net");
    let _cleanup = Cleanup::container(&name)
        .then(&["volume", "rm", "-f", &volume])
        .then(&["network", "rm", &network]);
    docker(&["volume", "create", &volume]);
    docker(&["network", "create", &network]);
    let _c = run_container(
        &name,
        &[
            "-p", "127.0.0.1::80", "-v", &format!("{volume}:/data"), "--network", &network,
            "-e", "MODE=ro", "--read-only",
            "--tmpfs",
            "/tmp",
        ],
        &["sh", "-c", "echo kept > /data/kept.txt && mkdir -p /tmp/www && echo '{\"level\":\"info\",\"message\":\"up\",\"timestamp\":1}' && echo hello > /tmp/www/index.html && exec httpd -f -p 80 -h /tmp/www"],
    );
    let port = docker(&["port", &name, "80/tcp"]);
    let port = port
        .lines()
        .next()
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();

    let home = tempfile::tempdir().unwrap();
    let ws = home.path().join("labs/ro");
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::write(
        ws.join("Dockerfile"),
        "FROM opslab/base:1\nUSER app\nHEALTHCHECK CMD true\n",
    )
    .unwrap();
    std::fs::write(
        ws.join("stack.yaml"),
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\nOutputs:\n  N:\n    Value: !Ref B\n",
    )
    .unwrap();
    std::fs::write(ws.join("notes.txt"), "draft\n").unwrap();
    git(&ws, &["init", "-q", "-b", "main"]);
    git(&ws, &["add", "Dockerfile", "stack.yaml"]);
    git(&ws, &["commit", "-qm", "feat: first"]);
    git(&ws, &["tag", "-a", "v1", "-m", "v1"]);
    git(&ws, &["branch", "feature"]);

    let pack = home.path().join("pack");
    let lab = pack.join("ro");
    for d in ["starter", "solution"] {
        std::fs::create_dir_all(lab.join(d)).unwrap();
    }
    std::fs::write(pack.join("pack.toml"), "format = 1\nid = \"ro\"\ntitle = \"RO\"\nversion = \"1\"\n[[stage]]\nid = \"s\"\ntitle = \"S\"\n").unwrap();
    std::fs::write(lab.join("brief.md"), "Look, do not touch.\n").unwrap();
    let checks = [
        format!("kind = \"container.running\"\ncontainer = \"{name}\""),
        format!("kind = \"container.port\"\ncontainer = \"{name}\"\nport = \"80/tcp\"\nhost_ip = \"127.0.0.1\""),
        format!("kind = \"container.env\"\ncontainer = \"{name}\"\nname = \"MODE\"\nvalue = \"ro\""),
        format!("kind = \"container.read_only\"\ncontainer = \"{name}\""),
        format!("kind = \"container.logs_json\"\ncontainer = \"{name}\""),
        format!("kind = \"container.mount\"\ncontainer = \"{name}\"\ndestination = \"/data\"\nvolume = \"{volume}\""),
        format!("kind = \"image.exists\"\nimage = \"{image}\""),
        format!("kind = \"volume.used_by\"\nvolume = \"{volume}\"\ncontainers = [\"{name}\"]"),
        format!("kind = \"network.connected\"\nnetwork = \"{network}\"\ncontainers = [\"{name}\"]"),
        format!("kind = \"http.get\"\nport = {port}\nbody = \"hello\""),
        "kind = \"file.query\"\npath = \"stack.yaml\"\nquery = \"Outputs.N.Value.Ref\"\nequals = \"B\"".to_string(),
        "kind = \"dockerfile.user\"".to_string(),
        "kind = \"git.committed\"\npath = \"Dockerfile\"".to_string(),
        "kind = \"git.clean\"".to_string(),
        "kind = \"git.tag\"\nname = \"v1\"\nannotated = true".to_string(),
        "kind = \"git.no_secret\"".to_string(),
        "kind = \"git.merged\"\nbranch = \"feature\"".to_string(),
        "kind = \"git.ignored\"\npath = \"notes.txt\"".to_string(),
        format!("kind = \"probe.run\"\nimage = \"{image}\"\ncommand = [\"echo\", \"hi\"]\nstdout = \"hi\""),
        format!("kind = \"image.file\"\nimage = \"{image}\"\npath = \"/bin/busybox\""),
        format!("kind = \"volume.file\"\nvolume = \"{volume}\"\npath = \"kept.txt\"\nmatches = \"kept\""),
        format!("kind = \"network.reach\"\nnetwork = \"{network}\"\nhost = \"{name}\"\nport = 80"),
    ];
    let mut lab_toml =
        String::from("id = \"ro\"\ntitle = \"RO\"\nstage = \"s\"\nsummary = \"s\"\nminutes = 5\n");
    for (i, c) in checks.iter().enumerate() {
        lab_toml.push_str(&format!("\n[[check]]\nid = \"c{i}\"\n{c}\n"));
    }
    std::fs::write(lab.join("lab.toml"), lab_toml).unwrap();

    let objects = [
        ("container", name.as_str()),
        ("volume", &volume),
        ("network", &network),
        ("image", image),
    ];
    let docker_before = docker_snapshot(&objects);
    let tree_before = tree_snapshot(&ws);
    let since = docker(&["system", "info", "--format", "{{.SystemTime}}"]);
    for _ in 0..3 {
        let out = Command::new(env!("CARGO_BIN_EXE_opslab"))
            .args(["--pack", pack.to_str().unwrap(), "check", "ro", "--json"])
            .env("HOME", home.path())
            .env("OPSLAB_HOME", home.path().join("labs"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
        // Every check ran: the only failures are the ones this workspace earns
        // (notes.txt is untracked and not ignored), none could not run.
        assert_eq!(report["errors"], 0, "{report:#}");
        let failed: Vec<&str> = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] == "failed")
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(failed, ["c13", "c17"], "{report:#}");
    }
    assert_eq!(
        docker_snapshot(&objects),
        docker_before,
        "Docker objects changed"
    );
    assert_eq!(tree_snapshot(&ws), tree_before, "the workspace changed");
    probes_came_and_went(&since, &volume, &network);
}

/// Container events since `since` (on the daemon's clock), one line each:
/// `ACTION ID`, with `filters` (`label=...`, `network=...`) applied.
fn events(since: &str, filters: &[&str], format: &str) -> Vec<String> {
    let until = docker(&["system", "info", "--format", "{{.SystemTime}}"]);
    let mut args = vec![
        "events", "--since", since, "--until", &until, "--format", format,
    ];
    for f in filters {
        args.extend(["--filter", f]);
    }
    docker(&args).lines().map(str::to_string).collect()
}

/// The probes of the run were created and removed, and no container but
/// a probe joined the learner's network or mounted the learner's volume.
fn probes_came_and_went(since: &str, volume: &str, network: &str) {
    let probe_events = events(
        since,
        &["type=container", "label=org.opslab.probe=1"],
        "{{.Action}} {{.Actor.ID}}",
    );
    let with = |action: &str| -> std::collections::BTreeSet<String> {
        probe_events
            .iter()
            .filter_map(|e| e.strip_prefix(&format!("{action} ")))
            .map(str::to_string)
            .collect()
    };
    let created = with("create");
    // Four probe checks, three runs.
    assert_eq!(created.len(), 12, "{probe_events:#?}");
    assert_eq!(with("destroy"), created, "a probe was not removed");
    let leftovers = docker(&[
        "ps",
        "-a",
        "-q",
        "--no-trunc",
        "--filter",
        "label=org.opslab.probe",
    ]);
    for id in &created {
        assert!(
            !leftovers.contains(id.as_str()),
            "probe {id} is still there"
        );
    }
    let joined = events(
        since,
        &[
            "type=network",
            &format!("network={network}"),
            "event=connect",
        ],
        "{{.Actor.Attributes.container}}",
    );
    let mounted = events(
        since,
        &["type=volume", &format!("volume={volume}"), "event=mount"],
        "{{.Actor.Attributes.container}}",
    );
    for id in joined.iter().chain(&mounted) {
        assert!(
            created.contains(id),
            "container {id} joined the learner's network or mounted the learner's volume, and it is no probe"
        );
    }
    // Each run's network.reach probe joined the network, and its
    // volume.file probe mounted the volume (read-only).
    assert_eq!(joined.len(), 3, "{joined:?}");
    assert_eq!(mounted.len(), 3, "{mounted:?}");
}
