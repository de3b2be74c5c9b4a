//! Counts in user-facing text, with their nouns in the right number:
//! "1 check", "2 checks", "1 retry", "2 retries". Every layer's messages
//! use these, so no text says "1 lines".

/// The plural ending for a count: "" for 1, "s" otherwise ("1 line",
/// "2 lines").
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A count and its noun, for nouns whose plural adds an s: "1 check",
/// "0 checks", "2 checks".
pub(crate) fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", plural(n))
}

/// A count and the singular or plural form given: "1 retry", "3 retries".
pub(crate) fn count_as(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "line"), "1 line");
        assert_eq!(count(0, "line"), "0 lines");
        assert_eq!(count(2, "line"), "2 lines");
        assert_eq!(count_as(1, "retry", "retries"), "1 retry");
        assert_eq!(count_as(5, "retry", "retries"), "5 retries");
    }
}
