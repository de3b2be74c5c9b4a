//! `opslab hint LAB`: reveal the lab's hints one at a time.

use super::paint::Paint;
use super::session::{warn_unsaved, Session};
use super::{CliError, Exit};

pub fn run(session: &Session, lab_id: &str) -> Result<Exit, CliError> {
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
    let shown_before = session.progress.lab(pack, id).map_or(0, |r| r.hints_used);
    let recorded = session.record(|p| p.record_hint(pack, id, total));
    // Unsaved, the hint is still shown: the one after those recorded.
    let n = match &recorded {
        Ok(n) => *n,
        Err(_) => session.progress.clone().record_hint(pack, id, total),
    };
    if shown_before >= total {
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
    }
    Ok(Exit::Success)
}
