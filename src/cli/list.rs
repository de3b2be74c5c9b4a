//! `opslab list`: stages and labs in order, with status and what to do next.

use serde_json::json;

use super::paint::Paint;
use super::session::Session;
use super::{CliError, Exit};
use crate::pack::Lab;
use crate::progress::LabStatus;

pub fn run(session: &Session, json: bool) -> Result<Exit, CliError> {
    if json {
        println!("{}", as_json(session));
    } else {
        print!("{}", as_text(session, Paint::stdout()));
    }
    Ok(Exit::Success)
}

fn as_json(session: &Session) -> serde_json::Value {
    let (pack, progress) = (&session.pack, &session.progress);
    let lab_json = |lab: &Lab| {
        json!({
            "id": lab.id,
            "title": lab.title,
            "minutes": lab.minutes,
            "status": progress.status(pack, lab),
            "prerequisites": lab.prerequisites,
            "missing_prerequisites": progress.missing_prerequisites(pack, lab),
        })
    };
    let stages: Vec<_> = pack
        .stages
        .iter()
        .map(|stage| {
            json!({
                "id": stage.id,
                "title": stage.title,
                "labs": pack.labs_in(&stage.id).map(lab_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "pack": { "id": pack.id, "title": pack.title, "version": pack.version },
        "stages": stages,
        "next": progress.next_lab(pack).map(|l| l.id.clone()),
    })
}

fn as_text(session: &Session, paint: Paint) -> String {
    let (pack, progress) = (&session.pack, &session.progress);
    let width = pack.labs.iter().map(|l| l.id.len()).max().unwrap_or(0);
    let mut out = format!(
        "{} ({} {})\n",
        paint.bold(&pack.title),
        pack.id,
        pack.version
    );
    for stage in &pack.stages {
        out.push_str(&format!("\n{}\n", paint.bold(&stage.title)));
        let mut any = false;
        for lab in pack.labs_in(&stage.id) {
            any = true;
            let status = progress.status(pack, lab);
            let mut line = format!(
                "  {} {:<11}  {:<width$}  {} ({} min)",
                mark(status, paint),
                status.label(),
                lab.id,
                lab.title,
                lab.minutes,
            );
            if status == LabStatus::Locked {
                let missing = progress.missing_prerequisites(pack, lab).join(", ");
                line.push_str(&paint.dim(&format!("  needs: {missing}")));
            }
            out.push_str(&line);
            out.push('\n');
        }
        if !any {
            out.push_str(&paint.dim("  (no labs yet)\n"));
        }
    }
    out.push('\n');
    match progress.next_lab(pack) {
        Some(lab) => {
            let verb = match progress.status(pack, lab) {
                LabStatus::InProgress => "continue",
                _ => "start",
            };
            out.push_str(&format!(
                "Next: {} ({}). Run `{}` to {verb}.\n",
                lab.id,
                lab.title,
                session.command(&format!("start {}", lab.id))
            ));
        }
        None if pack.labs.is_empty() => out.push_str("This pack has no labs yet.\n"),
        None => out.push_str("Every lab is done. Well done!\n"),
    }
    out
}

/// The status's mark, shared with the terminal UI, coloured as the UI
/// colours it.
fn mark(status: LabStatus, paint: Paint) -> String {
    let symbol = status.symbol();
    match status {
        LabStatus::Done => paint.good(symbol),
        LabStatus::InProgress => paint.warn(symbol),
        LabStatus::Available => symbol.to_string(),
        LabStatus::Locked => paint.dim(symbol),
    }
}
