//! The files a check reads, and their SHA-256, so a grade says exactly
//! which content was judged.

use std::fs::{self, File};
use std::io;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::rows::Evidence;
use crate::pack::checks::{FileCheck, Source};
use crate::pack::types::RelPath;
use crate::pack::CheckSpec;

/// The workspace files a check reads (none for git checks: the commit id
/// names what they read).
pub fn files_read(spec: &CheckSpec) -> Vec<&RelPath> {
    match spec {
        CheckSpec::File(c) => vec![file_of(c)],
        CheckSpec::Compare(c) => {
            let comparison = c.comparison();
            [&comparison.left, &comparison.right]
                .into_iter()
                .filter_map(|side| match side {
                    Source::Text { path, .. } | Source::Document { path, .. } => Some(path),
                    _ => None,
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

fn file_of(check: &FileCheck) -> &RelPath {
    match check {
        FileCheck::Exists(s) => &s.path,
        FileCheck::Query(q) => &q.path,
        FileCheck::Stages(s) => &s.path,
        FileCheck::Instruction(i) => &i.path,
        FileCheck::Order(o) => &o.path,
        FileCheck::Absent { path }
        | FileCheck::Matches { path, .. }
        | FileCheck::NotMatches { path, .. }
        | FileCheck::Base { path, .. }
        | FileCheck::User { path }
        | FileCheck::Healthcheck { path }
        | FileCheck::NoLatest { path }
        | FileCheck::Dockerignore { path, .. } => path,
    }
}

/// `file PATH · sha256: HEX` for a regular file inside `repo`; for
/// anything else, what is there instead. Links are not followed out of
/// the repository.
pub fn file_hash(repo: &Path, file: &RelPath) -> Evidence {
    let path = file.under(repo);
    let found = match fs::metadata(&path) {
        Err(_) => "(absent)".to_string(),
        Ok(m) if m.is_dir() => "(a folder)".to_string(),
        Ok(m) if !m.is_file() => "(not a regular file)".to_string(),
        Ok(_) if !inside(repo, &path) => "(a link out of the repository: not read)".to_string(),
        Ok(_) => sha256(&path).unwrap_or_else(|e| format!("(unreadable: {e})")),
    };
    Evidence::new(format!("file {file}"), "sha256", found)
}

fn inside(repo: &Path, path: &Path) -> bool {
    match (repo.canonicalize(), path.canonicalize()) {
        (Ok(repo), Ok(path)) => path.starts_with(repo),
        _ => false,
    }
}

fn sha256(path: &Path) -> io::Result<String> {
    let mut hasher = Sha256::new();
    io::copy(&mut File::open(path)?, &mut hasher)?;
    Ok(format!("{:x}", hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_named_by_its_sha256_and_a_missing_one_says_so() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "hello\n").unwrap();
        let seen = file_hash(dir.path(), &RelPath::new("a.txt").unwrap());
        assert_eq!(
            seen.found,
            "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
        );
        let gone = file_hash(dir.path(), &RelPath::new("b.txt").unwrap());
        assert_eq!(gone.found, "(absent)");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_repository_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::NamedTempFile::new().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("x")).unwrap();
        let seen = file_hash(dir.path(), &RelPath::new("x").unwrap());
        assert!(seen.found.contains("not read"), "{}", seen.found);
    }
}
