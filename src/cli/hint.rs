//! `opslab hint LAB`: reveal the lab's hints one at a time.

use super::paint::Paint;
use super::session::{warn_unsaved, Session};
use super::{CliError, Exit};

/// Shows hint `number` (1-based), or the one after those already shown,
/// and records how far the learner has looked.
pub fn run(session: &Session, lab_id: &str, number: Option<usize>) -> Result<Exit, CliError> {
    let lab = session.lab(lab_id)?;
    let total = lab.hints.len();
    if total == 0 {
        println!(
            "Lab `{}` has no hints. Read the brief again, and run `{}` to see what is still missing.",
            lab.id,
            session.command(&format!("check {}", lab.id))
        );
        return Ok(Exit::Success);
    }
    let (pack, id) = (&session.pack.id, &lab.id);
    if let Some(asked) = number {
        if asked == 0 || asked > total {
            return Err(CliError::Usage(format!(
                "lab `{id}` has {}; ask for a number from 1 to {total}",
                crate::words::count(total, "hint")
            )));
        }
    }
    let shown_before = session.progress.lab(pack, id).map_or(0, |r| r.hints_used);
    let reveal = |p: &mut crate::progress::Progress| match number {
        Some(asked) if asked <= p.lab(pack, id).map_or(0, |r| r.hints_used) => asked,
        Some(asked) => {
            while p.record_hint(pack, id, total) < asked {}
            asked
        }
        None => p.record_hint(pack, id, total),
    };
    let recorded = session.record(reveal);
    // Unsaved, the hint is still shown: the one after those recorded.
    let n = match &recorded {
        Ok(n) => *n,
        Err(_) => reveal(&mut session.progress.clone()),
    };
    if number.is_none() && shown_before >= total {
        match total {
            1 => println!("The only hint is shown; here it is again.\n"),
            _ => println!("All {total} hints are shown; here is the last one again.\n"),
        }
    }
    let text = &lab.hints[n.saturating_sub(1).min(total - 1)];
    println!(
        "{} {}",
        Paint::stdout().bold(&format!("hint {n} of {total}:")),
        text.trim()
    );
    if let Err(e) = recorded {
        warn_unsaved(&e);
        if n < total {
            // Without a record the next call would show this hint again.
            println!(
                "Next hint: `{}`",
                session.command(&format!("hint {id} {}", n + 1))
            );
        }
    }
    Ok(Exit::Success)
}
