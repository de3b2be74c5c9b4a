//! `opslab start LAB`: create the workspace (or resume an existing one) and
//! say where to go and what to do first.

use std::path::PathBuf;

use super::paint::Paint;
use super::session::{warn_moved, warn_unsaved, Session};
use super::{CliError, Exit};
use crate::pack::Lab;
use crate::progress::now;
use crate::workspace::{start_lab, Opened, Workspace};

pub fn run(session: &Session, lab_id: &str, folder: Option<PathBuf>) -> Result<Exit, CliError> {
    let lab = session.lab(lab_id)?;
    let paint = Paint::stdout();
    let missing = session.progress.missing_prerequisites(&session.pack, lab);
    if !missing.is_empty() {
        eprintln!(
            "note: `{}` comes after {}, not done yet. Starting anyway; come back to them if you get stuck.",
            lab.id,
            missing.join(", ")
        );
    }
    warn_missing_tools(lab)?;
    let workspace = match folder {
        Some(dir) => Workspace::new(std::path::absolute(&dir).map_err(|source| CliError::Io {
            what: format!("use the folder {}", dir.display()),
            source,
        })?),
        None => session.workspace(lab)?,
    };
    let started = start_lab(&session.store, &session.pack, lab, &workspace, now())?;
    warn_moved(started.moved_aside);
    let path = workspace.path.display();
    match started.opened {
        Opened::Created { files } => {
            println!(
                "{} Created the workspace for {} at {path} ({}, in a new git repository).",
                paint.good("✓"),
                paint.bold(&lab.title),
                crate::words::count(files, "starter file")
            );
            create_setup_state(session, lab, paint);
        }
        Opened::Existing => println!(
            "The workspace for {} already exists at {path}; nothing was overwritten. Carry on where you left off.",
            paint.bold(&lab.title)
        ),
    }
    println!("\n  cd {path}\n");
    println!("{}\n", first_step(lab));
    println!(
        "When you think it is done: {}",
        paint.bold(&session.command(&format!("check {}", lab.id)))
    );
    println!("Stuck? {}", session.command(&format!("hint {}", lab.id)));
    if let Some(e) = started.not_recorded {
        warn_unsaved(&e);
    }
    Ok(Exit::Success)
}

/// A lab that uses Docker Compose still starts without it, with a warning
/// saying how to install it.
fn warn_missing_tools(lab: &Lab) -> Result<(), CliError> {
    if lab.requires.contains(&crate::pack::Requirement::Compose)
        && super::block_on(super::compose::find())?.is_none()
    {
        eprintln!("warning: {}", super::compose::missing_for(&lab.id));
    }
    Ok(())
}

/// Creates the Docker objects the lab starts with, if it declares any. A
/// daemon that is down does not stop the start: the learner is told how to
/// create them later.
fn create_setup_state(session: &Session, lab: &Lab, paint: Paint) {
    if lab.setup.is_empty() {
        return;
    }
    println!("Preparing the lab's Docker objects:");
    let made = super::block_on(async {
        match crate::verify::DockerProbe::connect().await {
            Ok(probe) => super::setup_state::create(&probe, &session.pack, lab, paint).await,
            Err(e) => {
                println!(
                    "{} {e}. The lab needs Docker objects that could not be made; once Docker runs, `opslab reset {}` creates them.",
                    paint.bad("✗"),
                    lab.id
                );
                false
            }
        }
    });
    if !matches!(made, Ok(true)) {
        eprintln!(
            "note: the workspace is ready, but the lab's Docker objects are not all there yet."
        );
    }
}

/// The brief's first paragraph of prose, or the lab's summary.
fn first_step(lab: &Lab) -> String {
    let paragraph: Vec<&str> = lab
        .brief
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty() || l.starts_with('#'))
        .take_while(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    if paragraph.is_empty() {
        lab.summary.clone()
    } else {
        paragraph.join(" ")
    }
}
