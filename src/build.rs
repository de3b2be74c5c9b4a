//! Build script: the built-in pack (`labs/`) is embedded in the binary
//! with `include_dir!`, which cargo does not know to watch; this tells
//! cargo to rebuild when any file below `labs/` changes, so the binary
//! never carries a stale pack.

fn main() {
    println!("cargo:rerun-if-changed=labs");
    println!("cargo:rerun-if-changed=src/build.rs");
}
