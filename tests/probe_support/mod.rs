//! What the probe tests share: the offline base image the probes of
//! `volume.file` and `network.reach` run from.
#![allow(dead_code)]

use std::process::Command;

/// `opslab/base:1`, built with `opslab setup` when this machine has none yet
/// (a fresh CI machine, or one where only some test binaries ran).
pub fn base_image() -> &'static str {
    let present = Command::new("docker")
        .args(["image", "inspect", "opslab/base:1"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !present {
        let home = tempfile::tempdir().unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_opslab"))
            .arg("setup")
            .env("HOME", home.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "opslab setup failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    "opslab/base:1"
}
