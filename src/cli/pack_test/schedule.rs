//! Running the labs of `pack test` side by side: at most `jobs` at once,
//! never two whose [`Claims`] clash, with each result handed on in the
//! pack's order as soon as it and every result before it are in.
//!
//! Everything runs on the calling task (no spawned tasks): dropping the
//! future drops every lab run in progress, which ends its scripts' process
//! groups and removes its scratch folder.

use std::future::Future;

use futures::stream::{FuturesUnordered, StreamExt};

use super::claims::Claims;

/// Runs `run(i)` for every index of `claims` (one per lab, in pack order),
/// at most `jobs` (at least 1) at a time. A lab waits while it clashes with
/// a running lab or with an earlier lab still waiting, so labs that clash
/// run in pack order. `done` sees each result in index order; the results
/// come back in index order too.
pub async fn in_order<T, F, Fut>(
    claims: &[Claims],
    jobs: usize,
    run: F,
    mut done: impl FnMut(&T),
) -> Vec<T>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = T>,
{
    let jobs = jobs.max(1);
    let mut waiting: Vec<usize> = (0..claims.len()).collect();
    let mut running: Vec<usize> = Vec::new();
    let mut tasks = FuturesUnordered::new();
    let mut results: Vec<Option<T>> = (0..claims.len()).map(|_| None).collect();
    let mut shown = 0;
    loop {
        let mut k = 0;
        while k < waiting.len() && running.len() < jobs {
            let i = waiting[k];
            let blocked = running
                .iter()
                .chain(&waiting[..k])
                .any(|&other| claims[other].clash(&claims[i]));
            if blocked {
                k += 1;
                continue;
            }
            waiting.remove(k);
            running.push(i);
            let lab = run(i);
            tasks.push(async move { (i, lab.await) });
        }
        let Some((i, result)) = tasks.next().await else {
            break;
        };
        running.retain(|&r| r != i);
        results[i] = Some(result);
        while let Some(Some(result)) = results.get(shown) {
            done(result);
            shown += 1;
        }
    }
    results.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// Runs `claims.len()` labs that each log `+i`, yield `i + 1` times,
    /// then log `-i`; the log, and the order `done` saw.
    fn trace(claims: &[Claims], jobs: usize) -> (Vec<String>, Vec<usize>) {
        let log = RefCell::new(Vec::new());
        let mut seen = Vec::new();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let results = runtime.block_on(in_order(
            claims,
            jobs,
            |i| {
                let log = &log;
                async move {
                    log.borrow_mut().push(format!("+{i}"));
                    for _ in 0..=i {
                        tokio::task::yield_now().await;
                    }
                    log.borrow_mut().push(format!("-{i}"));
                    i
                }
            },
            |i| seen.push(*i),
        ));
        assert_eq!(results, (0..claims.len()).collect::<Vec<_>>());
        (log.into_inner(), seen)
    }

    /// The most labs running at once in a log.
    fn most_at_once(log: &[String]) -> usize {
        let mut now: usize = 0;
        let mut most = 0;
        for entry in log {
            now = if entry.starts_with('+') {
                now + 1
            } else {
                now - 1
            };
            most = most.max(now);
        }
        most
    }

    #[test]
    fn at_most_jobs_labs_run_at_once_and_results_come_in_order() {
        let free: Vec<Claims> = (0..5).map(|_| Claims::default()).collect();
        let (log, seen) = trace(&free, 3);
        assert_eq!(most_at_once(&log), 3, "{log:?}");
        // The shortest lab ends first, yet results keep the pack's order.
        assert_eq!(log[3], "-0", "{log:?}");
        assert_eq!(seen, vec![0, 1, 2, 3, 4]);
        let (log, _) = trace(&free, 1);
        assert_eq!(most_at_once(&log), 1, "{log:?}");
    }

    #[test]
    fn clashing_labs_never_overlap_and_keep_the_pack_order() {
        let claims = vec![
            Claims::owning("web"),
            Claims::owning("db"),
            Claims::owning("web"),
            Claims::default(),
        ];
        let (log, seen) = trace(&claims, 4);
        let at = |e: &str| log.iter().position(|l| l == e).unwrap();
        assert!(at("-0") < at("+2"), "{log:?}");
        // The others do not wait for them.
        assert!(at("+1") < at("-0") && at("+3") < at("-0"), "{log:?}");
        assert_eq!(seen, vec![0, 1, 2, 3]);
    }
}
