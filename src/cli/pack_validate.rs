//! `opslab pack validate DIR`: load a pack and report every problem at once,
//! one `file:line:col: message` line each; then the warnings of
//! [`crate::pack::lint`], which fail validation only with `--strict`.

use std::path::Path;

use super::paint::Paint;
use super::{CliError, Exit};
use crate::pack::Pack;

/// Exit codes: 0 valid (warnings allowed unless `strict`), 1 warnings with
/// `strict`, 2 problems.
pub fn run(dir: &Path, strict: bool) -> Result<Exit, CliError> {
    let paint = Paint::stdout();
    match Pack::from_dir(dir) {
        Ok(pack) => {
            let checks: usize = pack.labs.iter().map(|l| l.checks.len()).sum();
            println!(
                "{} {} {} ({}): {}, {}, {}",
                paint.good("✓"),
                pack.id,
                pack.version,
                pack.title,
                count(pack.stages.len(), "stage"),
                count(pack.labs.len(), "lab"),
                count(checks, "check")
            );
            for stage in &pack.stages {
                let ids: Vec<&str> = pack.labs_in(&stage.id).map(|l| l.id.as_str()).collect();
                println!(
                    "  {}: {}",
                    stage.id,
                    if ids.is_empty() {
                        "no labs".to_string()
                    } else {
                        ids.join(", ")
                    }
                );
            }
            Ok(report_warnings(&pack, strict, paint))
        }
        Err(errors) => {
            for problem in &errors.0 {
                println!("{problem}");
            }
            let n = errors.0.len();
            println!(
                "\n{} {} in {}",
                paint.bad("✗"),
                crate::words::count(n, "problem"),
                dir.display()
            );
            Ok(Exit::CouldNotRun)
        }
    }
}

/// Prints the lint warnings; the exit they lead to.
fn report_warnings(pack: &Pack, strict: bool, paint: Paint) -> Exit {
    let warnings = crate::pack::lint::warnings(pack);
    if warnings.is_empty() {
        return Exit::Success;
    }
    println!();
    for w in &warnings {
        println!("warning: {w}");
    }
    let n = crate::words::count(warnings.len(), "warning");
    if strict {
        println!("\n{} {n}, and --strict makes warnings fail", paint.bad("✗"));
        Exit::Failed
    } else {
        println!("\n{n} (they do not fail validation; --strict makes them fail)");
        Exit::Success
    }
}

/// "1 lab", "3 labs".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
