//! Peak memory of `opslab check` on a very large workspace file.
//!
//! A lab with `file.matches` (the match is on the file's last lines) and
//! `file.not_matches` (nothing matches, so the whole file is read) runs as a
//! whole `opslab check` process, once on a 1 MiB file and once on a 1 GiB
//! file (sparse: zeros, then a few lines of text). The maximum resident set
//! size of that process is read with `/usr/bin/time -f %M` (GNU time); the
//! target is at most 64 MB on the 1 GiB file.
//!
//! Run with `cargo bench --bench safety_files` (`-- --quick`: one run per
//! size instead of three). Needs GNU time at /usr/bin/time and about 1 GiB
//! of free space in the temporary folder (the file is sparse, so it takes
//! far less on most file systems). Results: docs/benchmarks.md.

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const MIB: u64 = 1024 * 1024;

const PACK_TOML: &str = "format = 1\nid = \"bench\"\ntitle = \"Bench\"\nversion = \"1\"\n\n[[stage]]\nid = \"s\"\ntitle = \"S\"\n";

const LAB_TOML: &str = r#"id = "bench"
title = "Large file"
stage = "s"
summary = "A file check on a large file."
minutes = 5

[[check]]
id = "ready"
kind = "file.matches"
path = "big.log"
pattern = "(?m)^status: READY$"

[[check]]
id = "no-errors"
kind = "file.not_matches"
path = "big.log"
pattern = "(?i)\\berror\\b"
"#;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 1 } else { 3 };
    let dir = tempfile::tempdir().expect("temp dir");
    let (pack, home) = fixture(dir.path());
    println!("| file size | runs | max RSS (largest run) | wall time (median) |");
    println!("| --- | ---: | ---: | ---: |");
    for size in [MIB, 1024 * MIB] {
        large_file(&home.join("bench/big.log"), size);
        let mut peaks = Vec::new();
        let mut times = Vec::new();
        for _ in 0..runs {
            let (peak_kib, time) = check_once(&pack, &home, dir.path());
            peaks.push(peak_kib);
            times.push(time);
        }
        times.sort();
        let peak = peaks.iter().max().copied().unwrap_or(0);
        println!(
            "| {} MiB | {runs} | {:.1} MB | {:.2} s |",
            size / MIB,
            peak as f64 * 1024.0 / 1e6,
            times[times.len() / 2].as_secs_f64()
        );
        if size > MIB {
            let mb = peak as f64 * 1024.0 / 1e6;
            let verdict = if mb <= 64.0 { "met" } else { "NOT met" };
            println!("\ntarget max RSS <= 64 MB on the 1 GiB file: {verdict}");
        }
    }
}

/// A pack with the one lab, and an OPSLAB_HOME holding its workspace.
fn fixture(root: &Path) -> (PathBuf, PathBuf) {
    let pack = root.join("pack");
    let lab = pack.join("bench");
    for folder in ["starter", "solution"] {
        std::fs::create_dir_all(lab.join(folder)).unwrap();
    }
    std::fs::write(pack.join("pack.toml"), PACK_TOML).unwrap();
    std::fs::write(lab.join("brief.md"), "Read a large log.\n").unwrap();
    std::fs::write(lab.join("lab.toml"), LAB_TOML).unwrap();
    let home = root.join("home");
    std::fs::create_dir_all(home.join("bench")).unwrap();
    (pack, home)
}

/// `size` bytes of zeros (a hole), then the lines the checks look for.
fn large_file(path: &Path, size: u64) {
    let mut file = File::create(path).unwrap();
    file.set_len(size).unwrap();
    file.seek(SeekFrom::Start(size)).unwrap();
    file.write_all(b"\nstarting\r\nstatus: READY\r\n").unwrap();
}

/// One `opslab check` under GNU time: its max RSS in KiB and wall time.
fn check_once(pack: &Path, home: &Path, root: &Path) -> (u64, Duration) {
    let report = root.join("time.txt");
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .arg(env!("CARGO_BIN_EXE_opslab"))
        .args(["--pack", pack.to_str().unwrap(), "check", "bench"])
        .env("OPSLAB_HOME", home)
        .env("XDG_DATA_HOME", root.join("data"))
        .env("XDG_CONFIG_HOME", root.join("config"))
        .output()
        .expect("GNU time at /usr/bin/time runs opslab");
    let elapsed = start.elapsed();
    assert!(
        out.status.success(),
        "opslab check must pass: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&report).expect("GNU time's report");
    let kib = text
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("no max RSS in GNU time's report: {text}"));
    (kib, elapsed)
}
