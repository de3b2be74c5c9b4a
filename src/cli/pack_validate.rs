//! `opslab pack validate DIR`: load a pack and report every problem at once,
//! one `file:line:col: message` line each.

use std::path::Path;

use super::paint::Paint;
use super::{CliError, Exit};
use crate::pack::Pack;

pub fn run(dir: &Path) -> Result<Exit, CliError> {
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
            Ok(Exit::Success)
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

/// "1 lab", "3 labs".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
