//! The evidence behind a verdict: what a check looked at (the object, the
//! field or query, the value found), for passes as much as for failures, so
//! a learner or a grader can see why a check said what it said.
//!
//! Probes record evidence where they read a value, with [`saw`]; the engine
//! collects what one attempt recorded (see [`collect`]) into its
//! `CheckResult`. Work moved to the blocking pool records through
//! [`spawn_blocking`], which carries the attempt's collector along.

use std::cell::RefCell;
use std::future::Future;
use std::sync::{Arc, Mutex};

use serde::Serialize;

/// The longest `found` value kept, in characters; a longer one is cut and
/// says where.
pub const FOUND_LIMIT: usize = 200;
/// The `found` value when there is nothing at all to find.
pub const ABSENT: &str = "(absent)";

/// One thing a check looked at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The thing looked at, in its field's terms: `container web (id
    /// 3f2a1b9c0d12)`, `file Dockerfile`, `repository . at HEAD (commit
    /// 1a2b3c4)`, `GET http://127.0.0.1:8080/health`.
    pub object: String,
    /// The field or query read: Docker's inspect path
    /// (`State.Health.Status`), a document query (`jobs.test.needs`), a
    /// git term (`commit message of HEAD`), an HTTP part (`status`).
    pub field: String,
    /// The value found, at most [`FOUND_LIMIT`] characters (a cut value
    /// ends saying where it was cut), or [`ABSENT`] when there is none.
    pub found: String,
}

type Sink = Arc<Mutex<Vec<Evidence>>>;

tokio::task_local! {
    static SINK: Sink;
}

thread_local! {
    /// The collector of the attempt a blocking-pool closure works for.
    static BLOCKING_SINK: RefCell<Option<Sink>> = const { RefCell::new(None) };
}

/// Records that the running check looked at `field` of `object` and found
/// `found` (cut to [`FOUND_LIMIT`]; an empty value is recorded as found,
/// pass [`ABSENT`] when there was nothing). Outside a check run it does
/// nothing.
pub fn saw(object: impl Into<String>, field: impl Into<String>, found: impl AsRef<str>) {
    if let Some(sink) = current() {
        let evidence = Evidence {
            object: object.into(),
            field: field.into(),
            found: shortened(found.as_ref()),
        };
        if let Ok(mut seen) = sink.lock() {
            if !seen.contains(&evidence) {
                seen.push(evidence);
            }
        }
    }
}

/// Whether the running check has recorded anything yet.
pub fn recorded_any() -> bool {
    current().is_some_and(|s| s.lock().map(|v| !v.is_empty()).unwrap_or(false))
}

fn current() -> Option<Sink> {
    SINK.try_with(Arc::clone)
        .ok()
        .or_else(|| BLOCKING_SINK.with(|s| s.borrow().clone()))
}

/// Runs `work` with a fresh collector and returns its output with what it
/// recorded. What was recorded before `work` was dropped (a timeout) is
/// kept too: pass a future that ends on its own and read the evidence after.
pub async fn collect<F: Future>(work: F) -> (F::Output, Vec<Evidence>) {
    let sink: Sink = Arc::default();
    let output = SINK.scope(Arc::clone(&sink), work).await;
    let seen = sink.lock().map(|mut v| std::mem::take(&mut *v));
    (output, seen.unwrap_or_default())
}

/// `tokio::task::spawn_blocking`, with the running check's collector
/// available to [`saw`] inside `work`.
pub fn spawn_blocking<F, R>(work: F) -> tokio::task::JoinHandle<R>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    let sink = current();
    tokio::task::spawn_blocking(move || {
        let before = BLOCKING_SINK.with(|s| s.replace(sink));
        let output = work();
        BLOCKING_SINK.with(|s| s.replace(before));
        output
    })
}

/// `text` as a `found` value: at most [`FOUND_LIMIT`] characters, a cut
/// one ending `… (cut at N of M characters)`.
pub fn shortened(text: &str) -> String {
    let total = text.chars().count();
    match text.char_indices().nth(FOUND_LIMIT) {
        Some((at, _)) => format!(
            "{}… (cut at {FOUND_LIMIT} of {total} characters)",
            &text[..at]
        ),
        None => text.to_string(),
    }
}

/// `Some(value)` as it is, `None` as [`ABSENT`].
pub fn or_absent(value: Option<impl ToString>) -> String {
    value.map_or_else(|| ABSENT.to_string(), |v| v.to_string())
}

/// The first 12 characters of an ID, without `sha256:`, as `docker ps`
/// shows it.
pub fn short_id(id: &str) -> &str {
    let id = id.strip_prefix("sha256:").unwrap_or(id);
    id.get(..12).unwrap_or(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_and_say_where() {
        let long = "é".repeat(250);
        let cut = shortened(&long);
        assert!(cut.starts_with(&"é".repeat(FOUND_LIMIT)));
        assert!(cut.ends_with("… (cut at 200 of 250 characters)"), "{cut}");
        assert_eq!(shortened("short"), "short");
    }

    #[tokio::test]
    async fn what_a_check_saw_is_collected_also_on_the_blocking_pool() {
        let ((), seen) = collect(async {
            saw("file a", "text", "x");
            spawn_blocking(|| saw("file b", "text", "y")).await.unwrap();
            saw("file a", "text", "x");
        })
        .await;
        let objects: Vec<&str> = seen.iter().map(|e| e.object.as_str()).collect();
        assert_eq!(objects, ["file a", "file b"]);
    }

    #[test]
    fn outside_a_check_nothing_is_recorded() {
        saw("file a", "text", "x");
        assert!(!recorded_any());
    }
}
