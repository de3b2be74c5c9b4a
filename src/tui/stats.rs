//! Numbers for the progress screen, computed from recorded progress: what
//! was done each day, the current streak, and how long labs took to their
//! first green check. Days are UTC days.

use std::collections::BTreeMap;

use super::model::ProgressView;

const DAY: u64 = 24 * 60 * 60;

/// What happened on one day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DayActivity {
    /// Days since the Unix epoch.
    pub day: u64,
    pub checks_run: usize,
    pub labs_done: usize,
}

/// Activity per day for the `days` days ending with the day of `now`.
pub fn activity(progress: &ProgressView, now: u64, days: usize) -> Vec<DayActivity> {
    let today = now / DAY;
    let mut by_day: BTreeMap<u64, DayActivity> = BTreeMap::new();
    for lab in progress.labs.values() {
        for a in &lab.attempts {
            by_day.entry(a.at / DAY).or_default().checks_run += 1;
        }
        if let Some(done) = lab.done {
            by_day.entry(done / DAY).or_default().labs_done += 1;
        }
    }
    (0..days as u64)
        .rev()
        .map(|back| today.saturating_sub(back))
        .map(|day| DayActivity {
            day,
            ..by_day.get(&day).copied().unwrap_or_default()
        })
        .collect()
}

/// Days in a row with some activity, ending today (or yesterday, so a
/// streak is not lost before today's work starts).
pub fn streak(progress: &ProgressView, now: u64) -> usize {
    let active: std::collections::BTreeSet<u64> = progress
        .labs
        .values()
        .flat_map(|l| {
            l.attempts
                .iter()
                .map(|a| a.at)
                .chain(l.opened)
                .chain(l.done)
        })
        .map(|t| t / DAY)
        .collect();
    let today = now / DAY;
    let mut day = if active.contains(&today) {
        today
    } else {
        today.saturating_sub(1)
    };
    let mut count = 0;
    while active.contains(&day) {
        count += 1;
        if day == 0 {
            break;
        }
        day -= 1;
    }
    count
}

/// For each lab where the learner's work turned a check green (see
/// [`first_own_green`](super::model::first_own_green)): seconds from
/// opening it to then, most recent first.
pub fn time_to_green(progress: &ProgressView) -> Vec<(String, u64)> {
    let mut out: Vec<(u64, String, u64)> = progress
        .labs
        .iter()
        .filter_map(|(id, p)| {
            let (opened, green) = (p.opened?, p.first_green?);
            Some((green, id.clone(), green.saturating_sub(opened)))
        })
        .collect();
    out.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    out.into_iter().map(|(_, id, secs)| (id, secs)).collect()
}

/// "45 s", "12 min", "3 h 5 min".
pub fn duration_words(secs: u64) -> String {
    match secs {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min", s / 60),
        s => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

/// Day of the month (UTC) of a day number, for chart labels.
pub fn day_of_month(day: u64) -> u32 {
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = day as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    (doy - (153 * mp + 2) / 5 + 1) as u32
}
