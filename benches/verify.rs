//! Verification speed, side by side in one run:
//!
//! (a) a lab of 8 mixed checks verified in-process (one Docker connection,
//!     as the terminal UI does it),
//! (b) the same lab as a whole `opslab check` process,
//! (c) the same checks as a bash script calling the docker CLI, the way
//!     hosted lab platforms verify,
//!
//! and loading + validating a generated pack of 1,000 labs;
//!
//! then each check kind alone, those of the 8-check lab and those of a lab
//! of the v2 vocabulary (probe containers, inspect queries, the git index,
//! git at a revision, Dockerfile instructions, file types): see `kinds`.
//!
//! Run with `cargo bench --bench verify` (needs a Docker daemon and
//! /bin/busybox; `tests/run.sh` sets both up). Results: docs/benchmarks.md.
//! The Docker objects it makes have names of their own (process id and
//! time), and are removed at the end, also when the bench fails.

#[path = "verify/kinds.rs"]
mod kinds;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use opslab::pack::Pack;
use opslab::verify::{verify, Context, DockerProbe};

/// The bench's own Docker objects: unique to this run.
struct Names {
    container: String,
    image: String,
}

fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let tag = format!("{}-{nanos}", std::process::id());
        Names {
            container: format!("opslab-bench-web-{tag}"),
            image: format!("opslab-bench-{tag}/site:1"),
        }
    })
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (n_a, n_b, n_c, n_load) = if quick {
        (20, 5, 3, 3)
    } else {
        (300, 60, 20, 15)
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let _cleanup = Cleanup;
    let fixture = Fixture::create(dir.path());

    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    let pack = Pack::from_dir(&fixture.pack).unwrap_or_else(|e| panic!("bench pack: {e}"));
    let lab = pack.lab("bench").expect("bench lab").clone();
    let docker = rt.block_on(DockerProbe::connect());
    let ctx = Context::new(fixture.workspace.clone(), docker);
    let report = rt.block_on(verify(&lab, &ctx));
    assert!(report.all_passed(), "the bench lab must pass: {report:#?}");
    // What is timed includes recording each check's evidence.
    assert!(
        report.results.iter().all(|r| !r.evidence.is_empty()),
        "every check of the bench lab records evidence: {report:#?}"
    );

    let a = measure(n_a, || {
        let ctx = ctx.fresh();
        let report = rt.block_on(verify(&lab, &ctx));
        assert!(report.all_passed());
    });
    let b = measure(n_b, || {
        let out = Command::new(env!("CARGO_BIN_EXE_opslab"))
            .args(["--pack", fixture.pack.to_str().unwrap(), "check", "bench"])
            .env("OPSLAB_HOME", &fixture.home)
            .env("XDG_DATA_HOME", fixture.home.join("data"))
            .env("XDG_CONFIG_HOME", fixture.home.join("config"))
            .output()
            .expect("opslab runs");
        assert!(
            out.status.success(),
            "opslab check failed: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    });
    let c = measure(n_c, || {
        let out = Command::new("bash")
            .arg(&fixture.script)
            .current_dir(&fixture.workspace)
            .output()
            .expect("bash runs");
        assert!(
            out.status.success(),
            "verify.sh failed: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    });
    let big = tempfile::tempdir().expect("temp dir");
    generate_pack(big.path(), 1000);
    let load = measure(n_load, || {
        let pack = Pack::from_dir(big.path()).expect("generated pack loads");
        assert_eq!(pack.labs.len(), 1000);
    });

    println!("| measurement | runs | median | p95 | target |");
    println!("| --- | ---: | ---: | ---: | --- |");
    row("(a) 8 checks in-process", &a, "median <= 3 ms");
    row("(b) `opslab check` process", &b, "median <= 15 ms");
    row("(c) bash + docker CLI script", &c, "(b) >= 10x faster");
    row("load + validate 1,000 labs", &load, "<= 100 ms");
    println!();
    println!(
        "ratios (medians): (c)/(b) = {:.1}x, (c)/(a) = {:.0}x, (b)/(a) = {:.1}x",
        ms(median(&c)) / ms(median(&b)),
        ms(median(&c)) / ms(median(&a)),
        ms(median(&b)) / ms(median(&a)),
    );
    println!();
    kinds::run(&rt, &ctx, &lab, &fixture.pack_v2, quick);
}

fn measure(n: usize, mut f: impl FnMut()) -> Vec<Duration> {
    f(); // warm-up
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect()
}

fn median(xs: &[Duration]) -> Duration {
    percentile(xs, 50)
}

fn percentile(xs: &[Duration], p: usize) -> Duration {
    let mut v = xs.to_vec();
    v.sort();
    v[((v.len() - 1) * p) / 100]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn row(name: &str, xs: &[Duration], target: &str) {
    println!(
        "| {name} | {} | {:.2} ms | {:.2} ms | {target} |",
        xs.len(),
        ms(median(xs)),
        ms(percentile(xs, 95))
    );
}

/// The Docker objects, workspace, pack and script the three variants check.
struct Fixture {
    pack: std::path::PathBuf,
    /// A pack with the lab of the v2 vocabulary (see `kinds`).
    pack_v2: std::path::PathBuf,
    home: std::path::PathBuf,
    workspace: std::path::PathBuf,
    script: std::path::PathBuf,
}

impl Fixture {
    fn create(root: &Path) -> Fixture {
        let Names { container, image } = names();
        let build = root.join("build");
        std::fs::create_dir_all(build.join("bin")).unwrap();
        std::fs::copy("/bin/busybox", build.join("bin/busybox"))
            .expect("/bin/busybox (busybox-static)");
        std::fs::write(
            build.join("Dockerfile"),
            "FROM scratch\nCOPY bin/busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n\
             RUN echo 'app:x:1000:1000::/tmp:/bin/sh' > /etc/passwd\nUSER app\nCMD [\"sh\"]\n",
        )
        .unwrap();
        docker(&["build", "-q", "-t", image, build.to_str().unwrap()]);
        docker(&[
            "run",
            "-d",
            "--name",
            container,
            "-p",
            "127.0.0.1::80",
            "-e",
            "MODE=bench",
            image,
            "sleep",
            "3600",
        ]);

        let home = root.join("home");
        let workspace = home.join("bench");
        std::fs::create_dir_all(&workspace).unwrap();
        std::fs::write(
            workspace.join("Dockerfile"),
            "FROM opslab/base:1\nUSER app\nCMD [\"sh\"]\n",
        )
        .unwrap();
        git(&workspace, &["init", "-q", "-b", "main"]);
        git(&workspace, &["add", "."]);
        git(&workspace, &["commit", "-qm", "feat: container image"]);
        kinds::prepare_workspace(&workspace);

        let pack = root.join("pack");
        write_lab(&pack, "bench", &bench_checks());
        std::fs::write(pack.join("pack.toml"), PACK_TOML).unwrap();
        let pack_v2 = root.join("pack-v2");
        write_lab(&pack_v2, kinds::LAB, &kinds::checks());
        std::fs::write(pack_v2.join("pack.toml"), PACK_TOML).unwrap();
        let script = root.join("verify.sh");
        std::fs::write(&script, bash_script()).unwrap();
        Fixture {
            pack,
            pack_v2,
            home,
            workspace,
            script,
        }
    }
}

/// Removes the bench's container and image, also when the bench panics.
struct Cleanup;

impl Drop for Cleanup {
    fn drop(&mut self) {
        let Names { container, image } = names();
        let _ = Command::new("docker")
            .args(["rm", "-f", container])
            .output();
        let _ = Command::new("docker").args(["rmi", "-f", image]).output();
    }
}

const PACK_TOML: &str = "format = 1\nid = \"bench\"\ntitle = \"Bench\"\nversion = \"1\"\n\n[[stage]]\nid = \"s\"\ntitle = \"S\"\n";

fn bench_checks() -> String {
    let Names { container, image } = names();
    format!(
        r#"
[[check]]
id = "running"
kind = "container.running"
container = "{container}"

[[check]]
id = "image"
kind = "container.image"
container = "{container}"
image = "{image}"

[[check]]
id = "port"
kind = "container.port"
container = "{container}"
port = "80/tcp"
host_ip = "127.0.0.1"

[[check]]
id = "env"
kind = "container.env"
container = "{container}"
name = "MODE"
value = "bench"

[[check]]
id = "image-exists"
kind = "image.exists"
image = "{image}"

[[check]]
id = "image-user"
kind = "image.user"
image = "{image}"

[[check]]
id = "dockerfile"
kind = "file.matches"
path = "Dockerfile"
pattern = "(?m)^USER app$"

[[check]]
id = "committed"
kind = "git.committed"
path = "Dockerfile"
"#
    )
}

/// The same eight checks as a hosted lab platform's verify script.
fn bash_script() -> String {
    let Names { container, image } = names();
    format!(
        r#"#!/usr/bin/env bash
set -u
fail=0
[ "$(docker inspect -f '{{{{.State.Running}}}}' {container} 2>/dev/null)" = true ] || fail=1
[ "$(docker inspect -f '{{{{.Config.Image}}}}' {container} 2>/dev/null)" = "{image}" ] || fail=1
docker port {container} 80/tcp 2>/dev/null | grep -q '^127\.0\.0\.1:' || fail=1
docker inspect -f '{{{{range .Config.Env}}}}{{{{println .}}}}{{{{end}}}}' {container} | grep -qx 'MODE=bench' || fail=1
docker image inspect {image} >/dev/null 2>&1 || fail=1
user=$(docker image inspect -f '{{{{.Config.User}}}}' {image})
case "$user" in ""|0|root|0:0|root:root) fail=1 ;; esac
grep -qx 'USER app' Dockerfile || fail=1
git ls-tree --name-only HEAD Dockerfile | grep -qx Dockerfile || fail=1
exit $fail
"#
    )
}

fn write_lab(pack: &Path, id: &str, checks: &str) {
    let dir = pack.join(id);
    std::fs::create_dir_all(dir.join("starter")).unwrap();
    std::fs::create_dir_all(dir.join("solution")).unwrap();
    std::fs::write(dir.join("brief.md"), "Do the thing.\n").unwrap();
    std::fs::write(
        dir.join("lab.toml"),
        format!(
            "id = \"{id}\"\ntitle = \"Lab {id}\"\nstage = \"s\"\nsummary = \"A generated lab.\"\nminutes = 5\n{checks}"
        ),
    )
    .unwrap();
}

/// A pack of `n` labs, each with a chain prerequisite and mixed checks.
fn generate_pack(root: &Path, n: usize) {
    std::fs::write(root.join("pack.toml"), PACK_TOML).unwrap();
    for i in 0..n {
        let pre = if i > 0 {
            format!("prerequisites = [\"lab-{:04}\"]\n", i - 1)
        } else {
            String::new()
        };
        write_lab(
            root,
            &format!("lab-{i:04}"),
            &format!("{pre}{}", bench_checks()),
        );
    }
}

fn docker(args: &[&str]) {
    let out = Command::new("docker")
        .args(args)
        .output()
        .expect("docker CLI");
    assert!(
        out.status.success(),
        "docker {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.com")
        .env("GIT_COMMITTER_NAME", "Bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.com")
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
