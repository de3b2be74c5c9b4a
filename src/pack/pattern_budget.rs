//! How much memory the regular expressions of one pack may take together.
//! Each pattern is compiled against the regex crate's size limit; the
//! limit it compiled under is charged to the pack's budget, so a pack of
//! many checks cannot make loading take gigabytes or minutes.

use std::cell::Cell;

/// The most one compiled pattern may take: 1 MiB.
pub const PATTERN_LIMIT: usize = 1 << 20;
/// The limits a pattern is tried against, smallest first; it is charged
/// the first it compiles under. Most real patterns take under 4 KiB.
const LADDER: [usize; 3] = [4 << 10, 64 << 10, PATTERN_LIMIT];
/// The most the patterns of one pack may take together: 64 MiB.
pub const PACK_PATTERNS: usize = 64 << 20;

thread_local! {
    static LEFT: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Runs `load` with a budget of `PACK_PATTERNS` for the patterns it
/// compiles on this thread. Outside a budget, patterns are only held to
/// `PATTERN_LIMIT` each.
pub fn within_budget<T>(load: impl FnOnce() -> T) -> T {
    let before = LEFT.with(|left| left.replace(Some(PACK_PATTERNS)));
    let out = load();
    LEFT.with(|left| left.set(before));
    out
}

/// Why a pattern could not be compiled within the limits.
pub enum Refused {
    /// The pattern alone is over `PATTERN_LIMIT`.
    TooLarge,
    /// The pack's patterns together are over `PACK_PATTERNS`.
    PackFull,
    /// Not a valid pattern.
    Invalid(regex::Error),
}

/// Compiles `text`, smallest limit first, and charges the limit it
/// compiled under.
pub fn compile(text: &str) -> Result<regex::Regex, Refused> {
    let left = LEFT.with(Cell::get).unwrap_or(usize::MAX);
    for limit in LADDER {
        match regex::RegexBuilder::new(text)
            .size_limit(limit.min(left))
            .build()
        {
            Ok(regex) => {
                LEFT.with(|l| l.set(l.get().map(|n| n.saturating_sub(limit))));
                return Ok(regex);
            }
            Err(regex::Error::CompiledTooBig(_)) if left < limit => return Err(Refused::PackFull),
            Err(regex::Error::CompiledTooBig(_)) => continue,
            Err(e) => return Err(Refused::Invalid(e)),
        }
    }
    Err(Refused::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_runs_out_of_pattern_budget_and_a_lone_pattern_does_not() {
        let big = r"\w{20}"; // between 64 KiB and 1 MiB compiled
        let refused = within_budget(|| (0..100).map(|_| compile(big)).position(|r| r.is_err()));
        assert_eq!(refused, Some(PACK_PATTERNS / PATTERN_LIMIT));
        assert!(
            (0..3).all(|_| compile(big).is_ok()),
            "no budget outside a pack"
        );
        assert!(matches!(compile(r"\w{200}"), Err(Refused::TooLarge)));
        assert!(matches!(compile("("), Err(Refused::Invalid(_))));
    }
}
