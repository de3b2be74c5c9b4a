//! Small value types used by lab files: regular expressions, workspace-relative
//! paths, durations and byte sizes. Each one validates itself while the lab file
//! is read, so a bad value is reported with the file, line and column.

use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use serde::de::{Deserialize, Deserializer, Error};

use super::pattern_budget::{self, Refused};

/// A regular expression, compiled when the lab file is loaded, within the
/// limits of `pattern_budget`.
#[derive(Clone)]
pub struct Pattern(pub regex::Regex);

impl Pattern {
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
    pub fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/", self.0.as_str())
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/", self.0.as_str())
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        pattern_budget::compile(&text)
            .map(Pattern)
            .map_err(|e| D::Error::custom(pattern_error(&text, e)))
    }
}

/// What is wrong with a pattern, and how to fix it.
fn pattern_error(text: &str, refused: Refused) -> String {
    let e = match refused {
        Refused::TooLarge => return format!(
            "the regular expression {text:?} is too large once compiled (over 1 MiB); repeat less, or use an ASCII class such as [A-Za-z0-9_] instead of \\w"
        ),
        Refused::PackFull => return format!(
            "the regular expression {text:?} goes over the 64 MiB the patterns of one pack may take together; simplify the largest patterns (a Unicode class such as \\w repeated many times is large)"
        ),
        Refused::Invalid(e) => e,
    };
    let why = e.to_string();
    let why = why.lines().last().unwrap_or("syntax error");
    format!(
        "invalid regular expression {text:?}: {}; fix the pattern (Rust regex syntax, escape special characters with \\)",
        why.trim_start_matches("error: ").trim_end_matches('.')
    )
}

/// A relative path that stays inside the folder it is resolved against
/// (the learner's workspace, or a lab folder): no absolute paths, no `..`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RelPath(PathBuf);

impl RelPath {
    pub fn new(text: &str) -> Result<Self, String> {
        let path = Path::new(text);
        if text.is_empty() {
            return Err("the path is empty; give a path relative to the workspace".into());
        }
        for part in path.components() {
            match part {
                Component::Normal(_) | Component::CurDir => {}
                Component::ParentDir => {
                    return Err(format!(
                        "the path {text:?} leaves its folder through `..`; use a path inside it"
                    ))
                }
                Component::RootDir | Component::Prefix(_) => {
                    return Err(format!(
                        "the path {text:?} is absolute; use a path relative to the workspace"
                    ))
                }
            }
        }
        Ok(RelPath(path.to_path_buf()))
    }

    pub fn as_path(&self) -> &Path {
        &self.0
    }

    /// The path resolved against `base`.
    pub fn under(&self, base: &Path) -> PathBuf {
        base.join(&self.0)
    }
}

impl fmt::Display for RelPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.display())
    }
}

impl<'de> Deserialize<'de> for RelPath {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        RelPath::new(&text).map_err(D::Error::custom)
    }
}

/// A duration written as `"500ms"`, `"5s"` or `"2m"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span(pub Duration);

impl Span {
    /// The longest duration a lab may give (`within`): 10 minutes.
    pub const MAX: Duration = Duration::from_secs(600);

    /// Reads `"500ms"`, `"5s"` or `"2m"`, at most [`Span::MAX`].
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let fix = "write a duration such as \"500ms\", \"5s\" or \"2m\"";
        let range = "a duration is at most 10m (600s)";
        if number.is_empty() {
            return Err(format!("{text:?} is not a duration; {fix}"));
        }
        let too_long = || format!("{text:?} is out of range; {range}");
        let n: u64 = number.parse().map_err(|_| too_long())?;
        let millis = match unit.trim() {
            "ms" => Some(n),
            "s" => n.checked_mul(1000),
            "m" => n.checked_mul(60_000),
            "" => return Err(format!("{text:?} has no unit; {fix}")),
            _ => return Err(format!("{text:?} has an unknown unit; {fix}")),
        };
        match millis.map(Duration::from_millis) {
            Some(d) if d <= Self::MAX => Ok(Span(d)),
            _ => Err(too_long()),
        }
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Span::parse(&text).map_err(D::Error::custom)
    }
}

/// A size in bytes, written as a number of bytes or as `"512k"`, `"64m"`,
/// `"1g"` (powers of 1024, as Docker reads them; `"20MB"` is accepted too).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Bytes(pub u64);

impl Bytes {
    /// The largest size a lab may give: 1 TiB (`"1024g"`).
    pub const MAX: Bytes = Bytes(1 << 40);

    /// Reads a size, from 1 byte to [`Bytes::MAX`].
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim().to_ascii_lowercase();
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (number, unit) = t.split_at(split);
        let fix = "write a size such as 1048576, \"512k\", \"64m\" or \"1g\"";
        if number.is_empty() {
            return Err(format!("{text:?} is not a size; {fix}"));
        }
        let factor: u64 = match unit.trim() {
            "" | "b" => 1,
            "k" | "kb" | "kib" => 1 << 10,
            "m" | "mb" | "mib" => 1 << 20,
            "g" | "gb" | "gib" => 1 << 30,
            _ => return Err(format!("{text:?} has an unknown unit; {fix}")),
        };
        let size = number
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(factor));
        Self::within_range(size).ok_or_else(|| Self::out_of_range(text))
    }

    fn within_range(size: Option<u64>) -> Option<Bytes> {
        size.filter(|n| (1..=Self::MAX.0).contains(n)).map(Bytes)
    }

    fn out_of_range(text: &str) -> String {
        format!("{text:?} is out of range; a size is from 1 byte to 1024g (1 TiB)")
    }
}

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0;
        if b >= 1 << 30 && b % (1 << 20) == 0 {
            write!(f, "{:.1} GiB", b as f64 / (1u64 << 30) as f64)
        } else if b >= 1 << 20 {
            write!(f, "{:.1} MiB", b as f64 / (1u64 << 20) as f64)
        } else if b >= 1 << 10 {
            write!(f, "{:.1} KiB", b as f64 / 1024.0)
        } else {
            write!(f, "{b} B")
        }
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize, schemars::JsonSchema)]
        #[serde(untagged)]
        enum Raw {
            Number(i64),
            Text(String),
        }
        let raw = Raw::deserialize(d).map_err(|_| {
            D::Error::custom("a size is a number of bytes or a string such as \"64m\"")
        })?;
        match raw {
            Raw::Number(n) => Bytes::within_range(u64::try_from(n).ok())
                .ok_or_else(|| D::Error::custom(Bytes::out_of_range(&n.to_string()))),
            Raw::Text(t) => Bytes::parse(&t).map_err(D::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relpath_rejects_escapes() {
        assert!(RelPath::new("a/b.txt").is_ok());
        assert!(RelPath::new("../x").unwrap_err().contains(".."));
        assert!(RelPath::new("/etc/passwd")
            .unwrap_err()
            .contains("absolute"));
        assert!(RelPath::new("a/../../x").is_err());
    }

    #[test]
    fn spans_and_sizes_parse() {
        assert_eq!(Span::parse("500ms").unwrap().0, Duration::from_millis(500));
        assert_eq!(Span::parse("2m").unwrap().0, Duration::from_secs(120));
        assert!(Span::parse("5 parsecs").is_err());
        assert_eq!(Bytes::parse("64m").unwrap().0, 64 << 20);
        assert_eq!(Bytes::parse("20MB").unwrap().0, 20 << 20);
        assert!(Bytes::parse("lots").is_err());
    }

    #[test]
    fn huge_spans_and_sizes_are_out_of_range_not_overflows() {
        for text in [
            "18446744073709551615s",
            "99999999999999999999999m",
            "11m",
            "601s",
        ] {
            assert!(
                Span::parse(text).unwrap_err().contains("at most 10m"),
                "{text}"
            );
        }
        assert_eq!(Span::parse("10m").unwrap().0, Span::MAX);
        for text in ["18446744073709551615g", "0", "1025g"] {
            assert!(
                Bytes::parse(text).unwrap_err().contains("out of range"),
                "{text}"
            );
        }
    }
}

crate::pack::schema_support::string_schema!(
    Pattern,
    r#"a regular expression (Rust regex syntax: https://docs.rs/regex/latest/regex/#syntax)"#
);
crate::pack::schema_support::string_schema!(
    RelPath,
    r#"a path relative to the workspace, using `/`, without `..`"#
);
crate::pack::schema_support::number_or_string_schema!(
    Bytes,
    r#"a size: a number of bytes, or a string such as "64m", "5MiB""#
);
