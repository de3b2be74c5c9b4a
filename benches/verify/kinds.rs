//! Each check kind alone, side by side in one run: the eight kinds of the
//! 8-check lab, and a lab of the v2 vocabulary: a probe container that runs
//! the image (`probe.run`) and one that reads a file from it
//! (`image.file`), an inspect query (`container.inspect`), the git index
//! (`git.staged`), a file at HEAD (`git.file`), a Dockerfile instruction
//! (`dockerfile.instruction`) and a file's type (`file.exists` with
//! `type`), plus `container.running`, which the inspect query waits for.
//!
//! A kind alone is `run_check` on a fresh context (nothing cached, the
//! Docker connection kept, as the terminal UI has it). For the probes, the
//! same work through the docker CLI is timed as well, and the bench ends by
//! asserting that no probe container of this process is left.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use opslab::pack::{Lab, Pack};
use opslab::verify::{run_check, verify, Context};
use tokio::runtime::Runtime;

use crate::{median, ms, percentile};

/// The id of the v2 lab in its pack.
pub const LAB: &str = "v2";
/// Kinds that create a probe container: their target is 300 ms.
const PROBE_KINDS: [&str; 2] = ["probe.run", "image.file"];

/// The v2 lab's checks, on the bench's container, image and workspace.
pub fn checks() -> String {
    let crate::Names { container, image } = crate::names();
    format!(
        r#"
[[check]]
id = "running"
kind = "container.running"
container = "{container}"

[[check]]
id = "says-hello"
kind = "probe.run"
image = "{image}"
command = ["echo", "hello"]
stdout = "hello"
stderr = ""

[[check]]
id = "passwd-in-image"
kind = "image.file"
image = "{image}"
path = "/etc/passwd"
matches = "(?m)^app:"

[[check]]
id = "restart-policy"
kind = "container.inspect"
name = "{container}"
query = "HostConfig.RestartPolicy.Name"
one_of = ["no", "unless-stopped"]

[[check]]
id = "notes-staged"
kind = "git.staged"
path = "notes.md"
contains = "Saved"

[[check]]
id = "user-committed"
kind = "git.file"
path = "Dockerfile"
matches = "(?m)^USER app$"

[[check]]
id = "cmd-exec"
kind = "dockerfile.instruction"
instruction = "CMD"
form = "exec"

[[check]]
id = "server-executable"
kind = "file.exists"
path = "bin/server"
type = "file"
executable = true
"#
    )
}

/// What the v2 lab needs in the workspace beyond the 8-check lab's
/// committed Dockerfile: a staged `notes.md` and an executable
/// `bin/server`.
pub fn prepare_workspace(workspace: &Path) {
    std::fs::write(workspace.join("notes.md"), "Saved the volume.\n").unwrap();
    crate::git(workspace, &["add", "notes.md"]);
    std::fs::create_dir_all(workspace.join("bin")).unwrap();
    let server = workspace.join("bin/server");
    std::fs::write(&server, "#!/bin/sh\necho serving\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&server, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Measures the v2 lab as a whole, then every kind of both labs alone,
/// then the probes' docker CLI equivalents, and prints the tables.
pub fn run(rt: &Runtime, ctx: &Context, lab8: &Lab, pack_v2: &Path, quick: bool) {
    let (n_fast, n_probe, n_lab, n_cli) = if quick {
        (20, 5, 5, 3)
    } else {
        (200, 30, 20, 8)
    };
    let pack = Pack::from_dir(pack_v2).unwrap_or_else(|e| panic!("v2 pack: {e}"));
    let lab = pack.lab(LAB).expect("v2 lab").clone();
    let report = rt.block_on(verify(&lab, &ctx.fresh()));
    assert!(report.all_passed(), "the v2 lab must pass: {report:#?}");
    let whole = crate::measure(n_lab, || {
        assert!(rt.block_on(verify(&lab, &ctx.fresh())).all_passed());
    });

    println!("| check kind (lab) | runs | median | p95 | target | median / target |");
    println!("| --- | ---: | ---: | ---: | --- | ---: |");
    println!(
        "| whole v2 lab, {} checks | {} | {:.2} ms | {:.2} ms | | |",
        lab.checks.len(),
        whole.len(),
        ms(median(&whole)),
        ms(percentile(&whole, 95)),
    );
    for (lab, toml, tag) in [(&lab, checks(), "v2"), (lab8, crate::bench_checks(), "8")] {
        for (id, kind) in kinds_of(&toml) {
            let check = lab.checks.iter().find(|c| c.id == id).expect("check id");
            let probe = PROBE_KINDS.contains(&kind.as_str());
            let xs = crate::measure(if probe { n_probe } else { n_fast }, || {
                let result = rt.block_on(run_check(check, &ctx.fresh()));
                assert!(result.outcome.is_passed(), "{id}: {:?}", result.outcome);
            });
            let target = if probe { 300.0 } else { 1.0 };
            println!(
                "| `{kind}` ({tag}) | {} | {:.2} ms | {:.2} ms | median <= {target} ms | {:.2} |",
                xs.len(),
                ms(median(&xs)),
                ms(percentile(&xs, 95)),
                ms(median(&xs)) / target,
            );
        }
    }
    println!();
    cli_equivalents(n_cli);
    assert_no_probe_left();
}

/// The check ids and kinds of a lab's `[[check]]` tables, in order.
fn kinds_of(toml_text: &str) -> Vec<(String, String)> {
    let table: toml::Table = toml::from_str(toml_text).expect("bench checks are TOML");
    let checks = table["check"].as_array().expect("[[check]] tables");
    let field = |c: &toml::Value, key: &str| c[key].as_str().expect("a string").to_string();
    checks
        .iter()
        .map(|c| (field(c, "id"), field(c, "kind")))
        .collect()
}

/// The probes' work through the docker CLI: `docker run --rm` for
/// `probe.run`; `docker create`, `docker cp` and `docker rm` for
/// `image.file`.
fn cli_equivalents(n: usize) {
    let image = &crate::names().image;
    let run = crate::measure(n, || {
        let out = docker_out(&[
            "run",
            "--rm",
            "--network",
            "none",
            "--log-driver",
            "json-file",
            image,
            "echo",
            "hello",
        ]);
        assert_eq!(out.trim(), "hello");
    });
    let read = crate::measure(n, || {
        let id = docker_out(&["create", "--network", "none", image]);
        let id = id.trim();
        let passwd = docker_out(&["cp", &format!("{id}:/etc/passwd"), "-"]);
        docker_out(&["rm", "-f", id]);
        assert!(passwd.contains("app:"));
    });
    println!("| docker CLI equivalent | runs | median | p95 |");
    println!("| --- | ---: | ---: | ---: |");
    for (name, xs) in [
        ("`docker run --rm` (as `probe.run`)", &run),
        ("`docker create` + `cp` + `rm` (as `image.file`)", &read),
    ] {
        println!(
            "| {name} | {} | {:.2} ms | {:.2} ms |",
            xs.len(),
            ms(median(xs)),
            ms(percentile(xs, 95)),
        );
    }
}

/// No probe container made by this process is left on the daemon.
fn assert_no_probe_left() {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let owner = format!("{}@{}", std::process::id(), host.trim());
    // Removal of a probe whose check was cut short runs in the background.
    std::thread::sleep(Duration::from_millis(200));
    let left = docker_out(&[
        "ps",
        "-aq",
        "--filter",
        &format!("label=org.opslab.probe.owner={owner}"),
    ]);
    assert!(left.trim().is_empty(), "probe containers left: {left}");
}

fn docker_out(args: &[&str]) -> String {
    let out = Command::new("docker")
        .args(args)
        .output()
        .expect("docker CLI");
    assert!(
        out.status.success(),
        "docker {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
