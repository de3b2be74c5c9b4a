//! Finding a static busybox on this machine for `opslab setup`, by reading
//! its ELF program headers: a dynamically linked one names an interpreter
//! (PT_INTERP) and would not run in an image built FROM scratch.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Where a busybox is looked for when OPSLAB_BUSYBOX is not set.
const CANDIDATES: [&str; 2] = ["/bin/busybox", "/usr/bin/busybox"];

const INSTALL: &str = "Install one with `sudo apt-get install busybox-static` (or set OPSLAB_BUSYBOX to a statically linked busybox), or run `opslab setup --online` to pull busybox:1.36 instead.";

/// A static busybox binary ready to go into an image.
pub struct Busybox {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// Lower-case hex sha256 of the file.
    pub sha256: String,
}

/// OPSLAB_BUSYBOX if set (and then only it), else the usual places.
pub fn find() -> Result<Busybox, String> {
    if let Some(path) = std::env::var_os("OPSLAB_BUSYBOX").filter(|p| !p.is_empty()) {
        return load(Path::new(&path)).map_err(|why| format!("OPSLAB_BUSYBOX: {why}. {INSTALL}"));
    }
    let mut seen = Vec::new();
    for candidate in CANDIDATES {
        let path = Path::new(candidate);
        if !path.exists() {
            continue;
        }
        match load(path) {
            Ok(found) => return Ok(found),
            Err(why) => seen.push(why),
        }
    }
    if seen.is_empty() {
        seen.push(format!("no busybox at {}", CANDIDATES.join(" or ")));
    }
    Err(format!("{}. {INSTALL}", seen.join("; ")))
}

fn load(path: &Path) -> Result<Busybox, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    match linkage(&bytes).map_err(|why| format!("{} {why}", path.display()))? {
        Linkage::Static => {}
        Linkage::Dynamic => {
            return Err(format!(
                "{} is not statically linked, so it cannot run in an image built FROM scratch",
                path.display()
            ))
        }
    }
    let sha256 = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Busybox {
        path: path.to_path_buf(),
        bytes,
        sha256,
    })
}

#[derive(Debug, PartialEq, Eq)]
pub enum Linkage {
    Static,
    Dynamic,
}

const PT_INTERP: u32 = 3;

/// Static or dynamic, from the ELF program headers.
pub fn linkage(elf: &[u8]) -> Result<Linkage, String> {
    if elf.len() < 0x34 || &elf[..4] != b"\x7fELF" {
        return Err("is not an ELF executable".into());
    }
    let little = match elf[5] {
        1 => true,
        2 => false,
        _ => return Err("has an unknown ELF byte order".into()),
    };
    let (phoff, phentsize, phnum) = match elf[4] {
        1 => (
            read(elf, 0x1C, 4, little),
            read(elf, 0x2A, 2, little),
            read(elf, 0x2C, 2, little),
        ),
        2 => (
            read(elf, 0x20, 8, little),
            read(elf, 0x36, 2, little),
            read(elf, 0x38, 2, little),
        ),
        _ => return Err("has an unknown ELF class".into()),
    };
    let cut = || "is cut short (its program headers are missing)".to_string();
    let (phoff, phentsize, phnum) = (
        phoff.ok_or_else(cut)?,
        phentsize.ok_or_else(cut)?,
        phnum.ok_or_else(cut)?,
    );
    for i in 0..phnum {
        let at = phoff
            .checked_add(i.checked_mul(phentsize).ok_or_else(cut)?)
            .ok_or_else(cut)?;
        let p_type = read(elf, at as usize, 4, little).ok_or_else(cut)?;
        if p_type == u64::from(PT_INTERP) {
            return Ok(Linkage::Dynamic);
        }
    }
    Ok(Linkage::Static)
}

/// An unsigned integer of `len` bytes at `at`, or None past the end.
fn read(bytes: &[u8], at: usize, len: usize, little: bool) -> Option<u64> {
    let slice = bytes.get(at..at.checked_add(len)?)?;
    let fold = |acc: u64, b: &u8| (acc << 8) | u64::from(*b);
    Some(if little {
        slice.iter().rev().fold(0, fold)
    } else {
        slice.iter().fold(0, fold)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_not_elf() {
        assert!(linkage(b"#!/bin/sh\necho hi\n").is_err());
        assert!(linkage(&[0x7f, b'E', b'L', b'F']).is_err());
    }

    #[test]
    fn host_binaries_are_told_apart() {
        let env = std::fs::read("/usr/bin/env").expect("/usr/bin/env exists");
        assert_eq!(linkage(&env), Ok(Linkage::Dynamic));
        let busybox = std::fs::read("/bin/busybox")
            .expect("a static busybox at /bin/busybox (apt-get install busybox-static)");
        assert_eq!(linkage(&busybox), Ok(Linkage::Static));
    }

    #[test]
    fn truncated_headers_are_reported_not_panicked_on() {
        let mut elf = std::fs::read("/usr/bin/env").expect("/usr/bin/env exists");
        elf.truncate(0x40);
        assert!(linkage(&elf).is_err());
    }
}
