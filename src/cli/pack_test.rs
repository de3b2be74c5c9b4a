//! `opslab pack test DIR`: for pack authors, proves each lab in scratch
//! workspaces: the starter files do not pass, the solution does, every
//! listed wrong answer fails the checks it names, and cleanup leaves none
//! of the lab's Docker objects behind. Prints a table and exits 1 when any
//! lab fails. Labs run side by side (`--jobs N`), except those whose
//! Docker objects or host ports clash (see [`claims`]).

mod claims;
mod docker_state;
mod judge;
mod lab_run;
mod requirements;
mod schedule;
mod scripts;
mod table;
mod wrong;

use std::path::Path;
use std::time::{Duration, Instant};

use super::paint::Paint;
use super::session::load_pack;
use super::{block_on, script, CliError, Exit};
use crate::pack::Lab;
use crate::verify::{DockerProbe, DockerUnavailable};
use claims::Claims;
use lab_run::Trial;
use table::LabResult;

/// What to test and under which limits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// How long each script (solve.sh, a wrong answer) and each run of the
    /// checks may take.
    pub step: Duration,
    /// How many times each lab runs; it passes only if every run passes.
    pub repeat: u32,
    /// How many labs may run at the same time (at least 1).
    pub jobs: usize,
}

/// How many labs run at once unless `--jobs` says: most of a lab's time is
/// spent waiting (image builds, containers starting, checks retrying), so
/// a few at once fit even a small machine.
pub const DEFAULT_JOBS: u16 = 4;

/// Tests the labs of the pack in `dir` (or only `only`).
pub fn run(dir: &Path, only: Option<&str>, limits: Limits) -> Result<Exit, CliError> {
    let pack = load_pack(Some(dir))?;
    let scripts = crate::install::trust::scripts_allowed(&pack, &super::session::pack_folder(dir));
    let labs: Vec<&Lab> = match only {
        Some(id) => vec![pack.find(id).map_err(CliError::UnknownLab)?],
        None => pack.labs.iter().collect(),
    };
    let paint = Paint::stdout();
    let width = labs.iter().map(|l| l.id.len()).max().unwrap_or(3).max(3);
    let started = Instant::now();
    let work = async {
        let docker = if labs.iter().any(|l| docker_state::lab_uses_docker(l)) {
            DockerProbe::connect().await
        } else {
            Err(DockerUnavailable::NotConnected)
        };
        println!("{}", paint.bold(&table::header(width)));
        let claims: Vec<Claims> = labs.iter().map(|l| Claims::of(l)).collect();
        let docker = &docker;
        let one_lab = |i: usize| {
            every_run(
                Trial {
                    pack: &pack,
                    lab: labs[i],
                    docker,
                    deadline: limits.step,
                    scripts: &scripts,
                },
                limits.repeat,
            )
        };
        let show = |result: &LabResult| print!("{}", table::row(result, width, paint));
        schedule::in_order(&claims, limits.jobs, one_lab, show).await
    };
    // Ctrl-C or a SIGTERM drops the work, which kills every running
    // script's process group and removes the scratch workspaces; the labs'
    // Docker resources are then removed before exiting.
    let ended = block_on(async {
        tokio::select! {
            results = work => Ok(results),
            code = script::end_signal() => Err(code),
        }
    })?;
    let results = match ended {
        Ok(results) => results,
        Err(code) => {
            eprintln!("pack test was interrupted; every running script and every process it started were ended.");
            let _ = block_on(clean_after_interrupt(&labs));
            std::process::exit(code);
        }
    };
    println!(
        "\n{} ({:.1} s)",
        table::summary(&results),
        started.elapsed().as_secs_f64()
    );
    Ok(if results.iter().all(LabResult::passed) {
        Exit::Success
    } else {
        Exit::Failed
    })
}

/// Runs the trial's lab `repeat` times, one run after the other.
async fn every_run(trial: Trial<'_>, repeat: u32) -> LabResult {
    let mut runs = Vec::new();
    for _ in 0..repeat {
        runs.push(lab_run::run(&trial).await);
    }
    LabResult {
        id: trial.lab.id.clone(),
        runs,
    }
}

/// Removes the Docker resources of every lab that was to be tested, so an
/// interrupted run leaves nothing behind; says what it could not remove.
async fn clean_after_interrupt(labs: &[&Lab]) {
    let docker = DockerProbe::connect().await;
    for lab in labs.iter().filter(|l| docker_state::lab_uses_docker(l)) {
        for problem in docker_state::remove(&docker, lab, "after the interruption").await {
            eprintln!("{problem}");
        }
    }
}
