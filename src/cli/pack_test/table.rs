//! The table `pack test` prints: one row per lab (starter, solution, wrong
//! answers caught, seconds), each lab's problems under its row, then the
//! summary line.

use super::lab_run::{LabRun, Step};
use crate::cli::paint::Paint;

/// Every run of one lab (`--repeat N` gives N).
pub struct LabResult {
    pub id: String,
    pub runs: Vec<LabRun>,
}

impl LabResult {
    /// A lab passes only if every run passes.
    pub fn passed(&self) -> bool {
        self.runs.iter().all(LabRun::passed)
    }

    /// Some runs passed and some failed.
    pub fn flaky(&self) -> bool {
        !self.passed() && self.runs.iter().any(LabRun::passed)
    }

    /// The run the row shows: the first that failed, else the last.
    fn shown(&self) -> Option<&LabRun> {
        self.runs
            .iter()
            .find(|r| !r.passed())
            .or_else(|| self.runs.last())
    }
}

/// The header row; `width` is the widest lab id.
pub fn header(width: usize) -> String {
    format!(
        "  {:<width$}  {:<7}  {:<8}  {:<5}  {:>7}",
        "lab", "starter", "solution", "wrong", "seconds"
    )
}

/// The lab's row and, under it, its problems (each once, with the run it
/// came from when there were several).
pub fn row(result: &LabResult, width: usize, paint: Paint) -> String {
    let Some(run) = result.shown() else {
        return String::new();
    };
    let seconds: f64 = result.runs.iter().map(|r| r.elapsed.as_secs_f64()).sum();
    let wrong = match run.wrong {
        Some((_, 0)) | None => "-".to_string(),
        Some((caught, total)) => format!("{caught}/{total}"),
    };
    let mut out = format!(
        "{} {:<width$}  {:<7}  {:<8}  {:<5}  {seconds:>7.1}",
        paint.ok(result.passed()),
        result.id,
        word(run.starter),
        word(run.solution),
        wrong,
    );
    let failed = result.runs.iter().filter(|r| !r.passed()).count();
    let total = result.runs.len();
    if result.flaky() {
        out.push_str(&format!(
            "  {}",
            paint.warn(&format!("flaky: failed {failed} of {total} runs"))
        ));
    } else if total > 1 {
        out.push_str(&format!("  ({} runs)", total));
    }
    out.push('\n');
    let mut seen: Vec<&str> = Vec::new();
    for (n, r) in result.runs.iter().enumerate() {
        for p in &r.problems {
            if seen.contains(&p.as_str()) {
                continue;
            }
            seen.push(p);
            match total {
                1 => out.push_str(&format!("    {p}\n")),
                _ => out.push_str(&format!("    run {}: {p}\n", n + 1)),
            }
        }
    }
    out
}

fn word(step: Step) -> &'static str {
    match step {
        Step::Good => "ok",
        Step::Bad => "FAIL",
        Step::NotRun => "-",
    }
}

/// The closing line: how many labs pass, and which were flaky.
pub fn summary(results: &[LabResult]) -> String {
    let good = results.iter().filter(|r| r.passed()).count();
    let total = crate::words::count(results.len(), "lab");
    let mut line = match good {
        // "0 of 1 lab pass" agrees with neither count.
        0 => format!("No lab passes its test (0 of {total})"),
        1 => format!("1 of {total} passes its test"),
        _ => format!("{good} of {total} pass their test"),
    };
    let flaky: Vec<&str> = results
        .iter()
        .filter(|r| r.flaky())
        .map(|r| r.id.as_str())
        .collect();
    if !flaky.is_empty() {
        line.push_str(&format!(
            "; flaky (passed some runs, failed others): {}",
            flaky.join(", ")
        ));
    }
    line
}
