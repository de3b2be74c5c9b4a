//! The optional fields of `file.exists` that say what the thing at `path`
//! is: its type, where a symbolic link points, whether it is executable,
//! whether it is empty. Checked as a whole when the lab is loaded, so no
//! combination can be given that no file could pass.

use std::fmt;

use serde::Deserialize;

use crate::pack::types::RelPath;

/// What kind of thing sits at a path, as `lstat` sees it (a link is a link,
/// not what it points at).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FileType {
    /// A regular file.
    File,
    /// A folder.
    Dir,
    /// A symbolic link.
    Symlink,
}

impl fmt::Display for FileType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileType::File => "a regular file",
            FileType::Dir => "a folder",
            FileType::Symlink => "a symbolic link",
        })
    }
}

/// `file.exists`, validated. With only `path` it is the format-1 check
/// "something is there"; every other field adds a demand.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawStat")]
pub struct FileStat {
    pub path: RelPath,
    /// The type the thing must have (`target` implies `Symlink`).
    pub kind: Option<FileType>,
    /// Where a symbolic link points, as written in the link (relative to
    /// the link's folder); an absolute link to the same place also passes.
    pub target: Option<String>,
    /// Whether some execute bit (user, group or other) must be set (`true`)
    /// or none (`false`).
    pub executable: Option<bool>,
    /// A file with no bytes, a folder with no entries (`true`), or the
    /// opposite (`false`).
    pub empty: Option<bool>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawStat {
    path: RelPath,
    #[serde(rename = "type")]
    kind: Option<FileType>,
    target: Option<String>,
    executable: Option<bool>,
    empty: Option<bool>,
}

impl TryFrom<RawStat> for FileStat {
    type Error = String;

    fn try_from(raw: RawStat) -> Result<Self, String> {
        let kind = match (raw.kind, &raw.target) {
            (Some(k), Some(_)) if k != FileType::Symlink => {
                return Err(format!(
                    "`target` is where a symbolic link points, but `type` is \"{}\"; remove `target` or write `type = \"symlink\"`",
                    type_word(k)
                ))
            }
            (None, Some(_)) => Some(FileType::Symlink),
            (k, _) => k,
        };
        if let Some(t) = &raw.target {
            if t.trim().is_empty() {
                return Err("`target` is empty; write where the link points, such as `target = \"releases/v2\"`".into());
            }
        }
        if kind == Some(FileType::Symlink) && (raw.empty.is_some() || raw.executable.is_some()) {
            return Err("`empty` and `executable` describe a file or folder, not a link; check the link with `type = \"symlink\"` and what it points at with a second `file.exists` on the target's path".into());
        }
        if kind == Some(FileType::Dir) && raw.executable.is_some() {
            return Err("`executable` is about files; a folder's execute bit only lets it be entered, so remove `executable` or use `type = \"file\"`".into());
        }
        Ok(FileStat {
            path: raw.path,
            kind,
            target: raw.target,
            executable: raw.executable,
            empty: raw.empty,
        })
    }
}

/// The word an author writes in `type = "..."`.
pub fn type_word(kind: FileType) -> &'static str {
    match kind {
        FileType::File => "file",
        FileType::Dir => "dir",
        FileType::Symlink => "symlink",
    }
}

impl FileStat {
    /// Whether only presence is asked (the format-1 `file.exists`).
    pub fn is_plain(&self) -> bool {
        self.kind.is_none()
            && self.target.is_none()
            && self.executable.is_none()
            && self.empty.is_none()
    }

    /// How well the check says only that something is there, for inferring
    /// needs: 0 with `path` alone, 1 with only `type`, none when it asks
    /// more (an `executable` check failing must not hold back a check of
    /// the same file's text).
    pub fn existence_rank(&self) -> Option<u8> {
        let only_type = self.target.is_none() && self.executable.is_none() && self.empty.is_none();
        match (self.kind, only_type) {
            (None, true) => Some(0),
            (Some(_), true) => Some(1),
            _ => None,
        }
    }

    /// What the check wants, as one sentence: "`site` is an empty
    /// folder", "`current` is a symbolic link to `releases/v2`".
    pub fn describe(&self) -> String {
        let path = &self.path;
        if let Some(target) = &self.target {
            return format!("`{path}` is a symbolic link to `{target}`");
        }
        if self.is_plain() {
            return format!("`{path}` exists");
        }
        let noun = match self.kind {
            Some(FileType::Dir) => "folder",
            Some(FileType::Symlink) => "symbolic link",
            Some(FileType::File) => "file",
            None if self.executable.is_some() => "file",
            None => "file or folder",
        };
        let mut words = Vec::new();
        if self.empty == Some(true) {
            words.push("empty");
        }
        if self.executable == Some(true) {
            words.push("executable");
        }
        words.push(noun);
        let phrase = words.join(" ");
        let article = if phrase.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        let mut sentence = format!("`{path}` is {article} {phrase}");
        if self.empty == Some(false) {
            sentence.push_str(" that is not empty");
        }
        if self.executable == Some(false) {
            sentence.push_str(" that is not executable");
        }
        sentence
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(fields: &str) -> FileStat {
        toml::from_str(&format!("path = \"x\"\n{fields}")).unwrap()
    }

    #[test]
    fn only_presence_or_type_makes_an_existence_check_for_needs() {
        assert_eq!(stat("").existence_rank(), Some(0));
        assert_eq!(stat("type = \"dir\"").existence_rank(), Some(1));
        assert_eq!(stat("executable = true").existence_rank(), None);
        assert_eq!(stat("type = \"dir\"\nempty = true").existence_rank(), None);
        assert_eq!(stat("target = \"y\"").existence_rank(), None);
    }

    #[test]
    fn sentences_read_as_the_author_means_them() {
        assert_eq!(stat("").describe(), "`x` exists");
        assert_eq!(
            stat("type = \"dir\"\nempty = true").describe(),
            "`x` is an empty folder"
        );
        assert_eq!(
            stat("executable = true").describe(),
            "`x` is an executable file"
        );
        assert_eq!(
            stat("type = \"file\"\nempty = false").describe(),
            "`x` is a file that is not empty"
        );
        assert_eq!(
            stat("target = \"y\"").describe(),
            "`x` is a symbolic link to `y`"
        );
    }
}

crate::pack::schema_support::schema_from!(FileStat, RawStat);
