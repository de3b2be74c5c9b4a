//! The allowed range of every number a lab file holds: ports, counts, exit
//! codes, HTTP statuses, minutes. Each field is read through one of these
//! functions (`#[serde(deserialize_with = ...)]`), so a value out of range is
//! a load error naming the range, never a wrapped or panicking number later.
//! Durations and sizes check their own ranges in `types.rs`.

use serde::de::{Deserialize, Deserializer, Error};

/// Ports: 1 to 65535 (0 means "any" to the OS, never a real port).
pub const PORTS: (i64, i64) = (1, 65535);
/// Counts (`at_least`, `at_most`, `max_retries`, ...): 0 to 1,000,000.
pub const COUNTS: (i64, i64) = (0, 1_000_000);
/// Process exit codes: 0 to 255.
pub const EXIT_CODES: (i64, i64) = (0, 255);
/// HTTP status codes: 100 to 599.
pub const STATUSES: (i64, i64) = (100, 599);
/// A lab's estimated `minutes`: 1 to 600.
pub const MINUTES: (i64, i64) = (1, 600);

/// A whole number within `range`, named `what` in the message.
fn whole<'de, D: Deserializer<'de>>(
    d: D,
    (low, high): (i64, i64),
    what: &str,
) -> Result<i64, D::Error> {
    let n = i64::deserialize(d)?;
    if (low..=high).contains(&n) {
        Ok(n)
    } else {
        Err(D::Error::custom(format!(
            "{n} is out of range; {what} is a whole number from {low} to {high}"
        )))
    }
}

/// Converts a number already checked against a range that fits `T`.
fn fit<T: TryFrom<i64>, E: Error>(n: i64) -> Result<T, E> {
    T::try_from(n).map_err(|_| E::custom(format!("{n} is out of range")))
}

/// A port, 1 to 65535.
pub fn port<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    fit(whole(d, PORTS, "a port")?)
}

/// An HTTP status, 100 to 599.
pub fn status<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    fit(whole(d, STATUSES, "an HTTP status")?)
}

/// A process exit code, 0 to 255.
pub fn exit_code<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    whole(d, EXIT_CODES, "an exit code")
}

/// A lab's `minutes`, 1 to 600.
pub fn minutes<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    fit(whole(d, MINUTES, "`minutes`")?)
}

/// A count, 0 to 1,000,000.
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    fit(whole(d, COUNTS, "a count")?)
}

/// A lower bound on a count, 1 to 1,000,000: "at least 0" always holds,
/// so a check with it could never fail.
pub fn at_least<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    match whole(d, COUNTS, "a count")? {
        0 => Err(D::Error::custom(
            "`at_least = 0` would make the check always pass; write a whole number from 1 to 1000000",
        )),
        n => fit(n),
    }
}

/// An upper bound on a count that is never 0 (an image's layers), 1 to
/// 1,000,000: "at most 0" never holds, so a check with it could never pass.
pub fn at_most_positive<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    match whole(d, COUNTS, "a count")? {
        0 => Err(D::Error::custom(
            "`at_most = 0` would make the check never pass; write a whole number from 1 to 1000000",
        )),
        n => fit(n),
    }
}

/// A count, 0 to 1,000,000, as a `usize`.
pub fn count_usize<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    fit(whole(d, COUNTS, "a count")?)
}

/// An optional count (for `#[serde(default)]` fields).
pub fn some_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    count(d).map(Some)
}

/// An optional count as a `usize` (for `#[serde(default)]` fields).
pub fn some_count_usize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    count_usize(d).map(Some)
}

/// Whether a port number read from text (`"80/tcp"`) is in range: digits
/// only (no sign), 1 to 65535.
pub fn port_number(text: &str) -> Option<u16> {
    let digits = text.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u16>().ok().filter(|n| *n >= 1)
}

/// A finite number (no `nan`, no `inf`).
pub fn some_finite<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let n = f64::deserialize(d)?;
    if n.is_finite() {
        Ok(Some(n))
    } else {
        Err(D::Error::custom(format!(
            "{n} is not a usable number; write a finite number such as 1 or 0.5"
        )))
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize, Debug, schemars::JsonSchema)]
    struct T {
        #[serde(deserialize_with = "super::port")]
        port: u16,
    }

    #[test]
    fn ports_outside_1_to_65535_are_refused_with_the_range() {
        assert_eq!(toml::from_str::<T>("port = 80").unwrap().port, 80);
        for bad in ["0", "70000", "-1"] {
            let e = toml::from_str::<T>(&format!("port = {bad}")).unwrap_err();
            assert!(e.message().contains("from 1 to 65535"), "{e}");
        }
    }
}
