//! Writing a report file so that a reader never sees half of it.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `target` atomically: into a new temporary file in the
/// same folder, flushed, then renamed over `target` (readable by everyone,
/// as a report is meant to be shared). On failure `target` is untouched
/// and the temporary file is gone. The folder must exist.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".opslab-report.")
        .suffix(".tmp")
        .tempfile_in(&folder)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(temp.path(), fs::Permissions::from_mode(0o644))?;
    }
    temp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_replaced_whole_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.xml");
        fs::write(&target, "old").unwrap();
        write_atomically(&target, b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_missing_folder_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("no/such/report.xml");
        assert!(write_atomically(&target, b"x").is_err());
        assert!(!target.exists());
    }
}
