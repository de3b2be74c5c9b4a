//! `opslab reset LAB`: put the starter files back and remove the Docker
//! resources the lab declares, after saying what will happen and asking.

use std::io::{BufRead, IsTerminal, Write};

use super::paint::Paint;
use super::session::Session;
use super::{block_on, CliError, Exit};
use crate::pack::Lab;
use crate::verify::docker::admin::{self, Removed};
use crate::verify::DockerProbe;
use crate::workspace::{Found, Workspace};

pub fn run(session: &Session, lab_id: &str, yes: bool) -> Result<Exit, CliError> {
    let lab = session.lab(lab_id)?;
    let workspace = session.workspace(lab)?;
    let present = workspace.path.is_dir();
    print!("{}", plan(session, lab, &workspace, present)?);
    if !yes && !confirmed()? {
        println!("Nothing was changed.");
        return Ok(Exit::Success);
    }
    let paint = Paint::stdout();
    if present {
        let files = workspace.restore_starter(&session.pack, lab)?;
        println!(
            "{} restored {}",
            paint.good("✓"),
            crate::words::count(files.len(), "starter file")
        );
    }
    if lab.resources.is_empty() && lab.setup.is_empty() {
        return Ok(Exit::Success);
    }
    let probe = block_on(DockerProbe::connect())??;
    let projects = &lab.resources.compose_projects;
    let mut results = block_on(admin::remove_projects(&probe, projects))?;
    results.extend(block_on(admin::remove_resources(&probe, &lab.resources))?);
    let mut all_ok = true;
    for (kind, name, removed) in results {
        match removed {
            Removed::Removed => println!("{} removed {kind} {name}", paint.good("✓")),
            Removed::Missing => println!("{} {kind} {name} was not there", paint.dim("·")),
            Removed::Failed(why) => {
                all_ok = false;
                println!("{} {why}", paint.bad("✗"));
            }
        }
    }
    if all_ok && !lab.setup.is_empty() {
        all_ok = block_on(super::setup_state::create(
            &probe,
            &session.pack,
            lab,
            paint,
        ))?;
    }
    Ok(if all_ok {
        Exit::Success
    } else {
        Exit::CouldNotRun
    })
}

/// What reset is about to do, one line per action. A link or anything else
/// in the way of a starter file is an error here, before anything changes.
fn plan(session: &Session, lab: &Lab, ws: &Workspace, present: bool) -> Result<String, CliError> {
    let mut out = format!("Reset {} ({}):\n", lab.title, lab.id);
    if present {
        let files = ws.starter_plan(&session.pack, lab)?;
        out.push_str(&format!(
            "  put the starter files back in {}:\n",
            ws.path.display()
        ));
        if files.is_empty() {
            out.push_str("    (the lab has no starter files)\n");
        }
        for file in &files {
            let (verb, why) = match file.found {
                Found::Different => ("replace", "its content differs from the starter"),
                Found::Nothing => ("create ", "it is missing"),
                Found::Same => ("keep   ", "it is as it started"),
            };
            out.push_str(&format!("    {verb} {} ({why})\n", file.path.display()));
        }
        out.push_str("  (other files and the git history stay as they are)\n");
    } else {
        out.push_str(&format!(
            "  no workspace at {}, so no files to restore\n",
            ws.path.display()
        ));
    }
    for (kind, name) in admin::removal_order(&lab.resources) {
        let extra = match kind {
            admin::ResourceKind::Container => " (forcibly, with its anonymous volumes)",
            _ => "",
        };
        out.push_str(&format!("  remove {kind} {name}{extra}\n"));
    }
    out.push_str(&project_plan(&lab.resources.compose_projects)?);
    let setup = super::setup_state::plan(&session.pack, lab);
    if !setup.is_empty() {
        out.push_str("  then create the lab's setup state again:\n");
        for line in setup {
            out.push_str(&format!("    {line}\n"));
        }
    }
    Ok(out)
}

/// The preview lines for the lab's compose projects: each object found by
/// its project label, or what will be removed when Docker cannot be asked.
fn project_plan(projects: &[String]) -> Result<String, CliError> {
    if projects.is_empty() {
        return Ok(String::new());
    }
    let label = admin::PROJECT_LABEL;
    let found = block_on(async {
        let probe = DockerProbe::connect().await.map_err(|e| e.to_string())?;
        let mut all = Vec::new();
        for project in projects {
            all.push((project, admin::project_objects(&probe, project).await?));
        }
        Ok::<_, String>(all)
    })?;
    let mut out = String::new();
    let Ok(found) = found else {
        for project in projects {
            out.push_str(&format!("  remove every container (forcibly), network and volume labelled {label}={project}\n"));
        }
        return Ok(out);
    };
    for (project, objects) in found {
        if objects.is_empty() {
            out.push_str(&format!(
                "  compose project {project}: nothing labelled {label}={project} is there\n"
            ));
        }
        for o in objects {
            let extra = match o.kind {
                admin::ResourceKind::Container => ", forcibly",
                _ => "",
            };
            out.push_str(&format!(
                "  remove {} {} (compose project {project}{extra})\n",
                o.kind, o.name
            ));
        }
    }
    Ok(out)
}

/// Asks y/N on the terminal; without a terminal, refuses.
fn confirmed() -> Result<bool, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::NeedsConfirmation);
    }
    print!("Go ahead? [y/N] ");
    let io_err = |source| CliError::Io {
        what: "read your answer".into(),
        source,
    };
    std::io::stdout().flush().map_err(io_err)?;
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(io_err)?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}
