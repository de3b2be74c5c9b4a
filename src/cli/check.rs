//! `opslab check LAB`: run the lab's checks in its workspace, show what
//! passed and, for what did not, what was expected and what was found.

use serde::Serialize;

use super::paint::Paint;
use super::session::Session;
use super::{block_on, CliError, Exit};
use crate::pack::Lab;
use crate::progress::{now, Attempt};
use crate::verify::{verify, Context, DockerProbe, Outcome, Report};
use crate::words::count;

/// The JSON form: the report plus counts.
#[derive(Serialize)]
struct JsonReport<'a> {
    #[serde(flatten)]
    report: &'a Report,
    /// The id of the pack the lab is from.
    pack: &'a str,
    workspace: String,
    total: usize,
    passed: usize,
    failed: usize,
    errors: usize,
    /// Checks not judged because a check they need did not pass.
    waiting: usize,
}

/// Prints `report` as JSON: the report (each check with its evidence), the
/// pack's id, the folder checked and the counts.
pub(super) fn print_json(
    pack: &str,
    folder: &std::path::Path,
    report: &Report,
) -> Result<(), CliError> {
    let out = JsonReport {
        report,
        pack,
        workspace: folder.display().to_string(),
        total: report.results.len(),
        passed: report.passed(),
        failed: report.failed(),
        errors: report.errors(),
        waiting: report.waiting(),
    };
    let text = serde_json::to_string_pretty(&out).map_err(|e| CliError::Io {
        what: "write the report as JSON".into(),
        source: e.into(),
    })?;
    println!("{text}");
    Ok(())
}

/// Runs the lab's checks and prints the report: as JSON (which always
/// carries each check's evidence) or as text, with the evidence under each
/// check when `explain` is set.
pub fn run(session: &Session, lab_id: &str, json: bool, explain: bool) -> Result<Exit, CliError> {
    let lab = session.lab(lab_id)?;
    let workspace = session.workspace(lab)?;
    if !workspace.path.is_dir() {
        return Err(CliError::NoWorkspace {
            lab: lab.id.clone(),
            path: workspace.path,
            start: session.command(&format!("start {}", lab.id)),
        });
    }
    let report = block_on(run_checks(lab, workspace.path.clone()))?;
    let attempt = Attempt::from_report(&report, now());
    let first_pass = session
        .progress
        .lab(&session.pack.id, &lab.id)
        .is_none_or(|r| r.first_pass.is_none())
        && attempt.all_passed();
    if json {
        print_json(&session.pack.id, &workspace.path, &report)?;
    } else {
        print!(
            "{}",
            as_text(session, lab, &report, first_pass, explain, Paint::stdout())
        );
    }
    session.record_or_warn(|p| p.record_attempt(&session.pack.id, &lab.id, attempt));
    Ok(exit_for(&report))
}

pub(super) async fn run_checks(lab: &Lab, workspace: std::path::PathBuf) -> Report {
    let ctx = if lab.needs_docker() {
        Context::new(workspace, DockerProbe::connect().await)
    } else {
        Context::without_docker(workspace)
    };
    tokio::select! {
        report = verify(lab, &ctx) => report,
        status = stop_signal() => interrupted(&ctx, status).await,
    }
}

/// Waits for Ctrl-C (SIGINT), SIGTERM or SIGHUP (a closed terminal) and
/// returns the status a program ended by that signal has: 128 + its number.
/// A signal that cannot be listened for is never awaited.
async fn stop_signal() -> i32 {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let listen = |kind: SignalKind| signal(kind).ok();
        let (mut term, mut hup) = (
            listen(SignalKind::terminate()),
            listen(SignalKind::hangup()),
        );
        tokio::select! {
            Ok(()) = tokio::signal::ctrl_c() => 130,
            Some(()) = next(&mut term) => 143,
            Some(()) = next(&mut hup) => 129,
        }
    }
    #[cfg(not(unix))]
    {
        match tokio::signal::ctrl_c().await {
            Ok(()) => 130,
            Err(_) => std::future::pending().await,
        }
    }
}

/// The next delivery of a signal, or never when it could not be listened for.
#[cfg(unix)]
async fn next(signal: &mut Option<tokio::signal::unix::Signal>) -> Option<()> {
    match signal {
        Some(s) => s.recv().await,
        None => std::future::pending().await,
    }
}

/// Ctrl-C, SIGTERM or SIGHUP during a run: remove the run's probe
/// containers, then end as that signal ends a program (`status`).
async fn interrupted(ctx: &Context, status: i32) -> ! {
    if let Ok(docker) = ctx.docker() {
        if let Err(e) = crate::verify::docker::remove_own_probes(docker).await {
            eprintln!(
                "opslab: {e}; `docker ps -a --filter label=org.opslab.probe` lists what is left"
            );
        }
    }
    std::process::exit(status)
}

/// 2 if anything could not run, else 1 if anything failed, else 0.
pub(super) fn exit_for(report: &Report) -> Exit {
    if report.errors() > 0 {
        Exit::CouldNotRun
    } else if report.failed() > 0 {
        Exit::Failed
    } else {
        Exit::Success
    }
}

fn as_text(
    session: &Session,
    lab: &Lab,
    report: &Report,
    first_pass: bool,
    explain: bool,
    paint: Paint,
) -> String {
    let mut out = format!("{} ({})\n", paint.bold(&lab.title), lab.id);
    for result in &report.results {
        out.push_str(&format!(
            "  {} {}\n",
            paint.mark(&result.outcome),
            result.title
        ));
        out.push_str(&details(&result.outcome));
        if explain {
            out.push_str(&paint.evidence(&result.evidence));
        }
    }
    out.push('\n');
    out.push_str(&summary(session, lab, report, first_pass));
    out.push('\n');
    out
}

/// The lines under a check that did not pass.
pub(super) fn details(outcome: &Outcome) -> String {
    let mut out = String::new();
    match outcome {
        Outcome::Passed => {}
        Outcome::Failed {
            expected,
            actual,
            hint,
            also,
        } => {
            out.push_str(&format!("      expected: {expected}\n"));
            out.push_str(&format!("      found:    {actual}\n"));
            if let Some(hint) = hint {
                out.push_str(&format!("      hint:     {hint}\n"));
            }
            if let Some(also) = also {
                out.push_str(&format!("      also:     {also}\n"));
            }
        }
        Outcome::Error { why } => {
            out.push_str(&format!("      could not run: {why}\n"));
        }
        Outcome::Waiting { what, .. } => {
            out.push_str(&format!("      waits for: {what}\n"));
        }
    }
    out
}

fn summary(session: &Session, lab: &Lab, report: &Report, first_pass: bool) -> String {
    let again = session.command(&format!("check {}", lab.id));
    if report.errors() > 0 {
        let errors = report.errors();
        let (lines, are) = if errors == 1 {
            ("line is", "it says")
        } else {
            ("lines are", "they say")
        };
        return format!(
            "{}. The ! {lines} not about your work: fix what {are}, then run `{again}` again.",
            tally(report)
        );
    }
    if report.failed() > 0 {
        let hint = session.command(&format!("hint {}", lab.id));
        let lines = if report.failed() == 1 {
            "line"
        } else {
            "lines"
        };
        return format!(
            "{}. Fix the ✗ {lines} and run `{again}` again (stuck? `{hint}`).",
            tally(report)
        );
    }
    let mut text = match report.results.len() {
        1 => "The check passes.".to_string(),
        total => format!("All {total} checks pass."),
    };
    if first_pass {
        text.push_str(&format!(" Lab `{}` is done!", lab.id));
        let mut after = session.progress.clone();
        after.record_attempt(
            &session.pack.id,
            &lab.id,
            Attempt::from_report(report, now()),
        );
        if let Some(next) = after.next_lab(&session.pack) {
            text.push_str(&format!(
                " Next: `{}`",
                session.command(&format!("start {}", next.id))
            ));
        }
    }
    text
}

/// "0 of 6 checks pass, 1 fails, 5 wait ...": every count that is not
/// zero, each verb agreeing with its count.
fn tally(report: &Report) -> String {
    fn verb(n: usize, one: &'static str, many: &'static str) -> &'static str {
        if n == 1 {
            one
        } else {
            many
        }
    }
    if let [only] = report.results.as_slice() {
        return match only.outcome {
            Outcome::Passed => "The check passes",
            Outcome::Failed { .. } => "The check fails",
            Outcome::Waiting { .. } => "The check waits for a check it needs",
            Outcome::Error { .. } => "The check could not run",
        }
        .to_string();
    }
    let passed = report.passed();
    let mut parts = vec![format!(
        "{passed} of {} {}",
        count(report.results.len(), "check"),
        verb(passed, "passes", "pass")
    )];
    let failed = report.failed();
    if failed > 0 {
        parts.push(format!("{failed} {}", verb(failed, "fails", "fail")));
    }
    if report.errors() > 0 {
        parts.push(format!("{} could not run", report.errors()));
    }
    let waiting = report.waiting();
    if waiting > 0 {
        parts.push(format!(
            "{waiting} {} (·)",
            verb(
                waiting,
                "waits for a check it needs",
                "wait for checks they need"
            )
        ));
    }
    parts.join(", ")
}
