//! One run of `pack test` on one lab: the starter step, the solution step,
//! one step per wrong answer, and the cleanup, each in a fresh scratch
//! workspace with the lab's Docker resources removed first.

use std::path::Path;
use std::time::{Duration, Instant};

use super::docker_state::{self, create_setup, leftover_problems};
use super::judge;
use super::scripts::{self, Place};
use crate::pack::{Lab, Pack};
use crate::verify::{verify, Context, DockerProbe, DockerUnavailable, Report};
use crate::workspace::Workspace;

/// How one step ended, for the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// It did what it must (the starter failed, the solution passed).
    Good,
    Bad,
    /// It was not reached.
    NotRun,
}

/// What one run found about one lab.
#[derive(Debug)]
pub struct LabRun {
    pub starter: Step,
    pub solution: Step,
    /// Wrong answers caught, and how many the lab lists; `None` when they
    /// were not tried.
    pub wrong: Option<(usize, usize)>,
    /// Everything wrong, one sentence each; empty when the lab passes.
    pub problems: Vec<String>,
    pub elapsed: Duration,
}

impl LabRun {
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// What every step of a run shares.
pub struct Trial<'a> {
    pub pack: &'a Pack,
    pub lab: &'a Lab,
    pub docker: &'a Result<DockerProbe, DockerUnavailable>,
    /// How long each script, and each run of the checks, may take.
    pub deadline: Duration,
    /// Whether the pack's scripts may run here (see
    /// [`crate::install::trust::scripts_allowed`]); the reason when not.
    pub scripts: &'a Result<(), String>,
}

/// Runs every step on the lab and cleans up, whatever happened.
pub async fn run(trial: &Trial<'_>) -> LabRun {
    let started = Instant::now();
    let mut run = LabRun {
        starter: Step::NotRun,
        solution: Step::NotRun,
        wrong: None,
        problems: Vec::new(),
        elapsed: Duration::ZERO,
    };
    if let Some(missing) = super::requirements::missing(trial.lab).await {
        run.problems.push(missing);
        run.elapsed = started.elapsed();
        return run;
    }
    main_steps(trial, &mut run).await;
    if run.solution == Step::Good {
        wrong_answers(trial, &mut run).await;
    }
    let lab = trial.lab;
    run.problems
        .extend(docker_state::remove(trial.docker, lab, "cleanup").await);
    run.problems
        .extend(leftover_problems(trial.docker, lab).await);
    run.elapsed = started.elapsed();
    run
}

/// The starter must fail a check; after the solution, all must pass.
async fn main_steps(trial: &Trial<'_>, run: &mut LabRun) {
    let scratch = match Scratch::new(trial).await {
        Ok(s) => s,
        Err(e) => return run.problems.push(e),
    };
    let before = match checks(trial, &scratch.workspace, "checking the starter").await {
        Ok(report) => report,
        Err(e) => return run.problems.push(e),
    };
    let starter = judge::starter_problems(&before);
    run.starter = step(starter.is_empty());
    run.problems.extend(starter);
    if before.errors() > 0 {
        // A check that could not run (the daemon gone, a probe timing out)
        // says nothing about the lab, and solve.sh would meet the same
        // trouble: the lab is reported as not tested, not run further.
        run.starter = Step::Bad;
        run.problems.push(
            "not tested further: fix what the \"could not run\" lines say, then run pack test again".into(),
        );
        return;
    }
    if let Err(why) = trial.scripts {
        // The starter was checked (declarative checks are safe from any
        // pack); solve.sh and the wrong answers are scripts.
        return run
            .problems
            .push(format!("solution and wrong answers {why}"));
    }
    if let Err(e) = scripts::apply_solution(&scratch.place(trial)).await {
        run.solution = Step::Bad;
        return run.problems.push(format!("solution: {e}"));
    }
    let after = match checks(trial, &scratch.workspace, "checking the solution").await {
        Ok(report) => report,
        Err(e) => {
            run.solution = Step::Bad;
            return run.problems.push(e);
        }
    };
    let problems = judge::solution_problems("solution", &after);
    run.solution = step(problems.is_empty());
    run.problems.extend(problems);
}

/// Each wrong answer, applied to a freshly solved workspace, must fail the
/// checks it names.
async fn wrong_answers(trial: &Trial<'_>, run: &mut LabRun) {
    let listed = &trial.lab.wrong_answers;
    let mut caught = 0;
    for wrong in listed {
        let problems = super::wrong::try_one(trial, wrong).await;
        caught += usize::from(problems.is_empty());
        run.problems.extend(problems);
    }
    run.wrong = Some((caught, listed.len()));
}

fn step(good: bool) -> Step {
    if good {
        Step::Good
    } else {
        Step::Bad
    }
}

/// A fresh workspace in a temporary folder (removed when dropped), with the
/// lab's Docker resources removed and its setup state created.
pub struct Scratch {
    dir: tempfile::TempDir,
    pub workspace: Workspace,
}

impl Scratch {
    pub async fn new(trial: &Trial<'_>) -> Result<Scratch, String> {
        let dir = tempfile::Builder::new()
            .prefix("opslab-pack-test-")
            .tempdir()
            .map_err(|e| format!("cannot make a scratch folder: {e}"))?;
        let workspace = Workspace::new(dir.path().join(&trial.lab.id));
        workspace
            .create(trial.pack, trial.lab)
            .map_err(|e| format!("cannot create the workspace: {e}"))?;
        let removed = docker_state::remove(trial.docker, trial.lab, "before the run").await;
        if let Some(first) = removed.into_iter().next() {
            return Err(first);
        }
        create_setup(trial.docker, trial.pack, trial.lab)
            .await
            .map_err(|e| format!("setup state: {e}"))?;
        Ok(Scratch { dir, workspace })
    }

    pub fn place<'a>(&'a self, trial: &Trial<'a>) -> Place<'a> {
        Place {
            pack: trial.pack,
            lab: trial.lab,
            workspace: &self.workspace,
            scratch: self.scratch_path(),
            deadline: trial.deadline,
        }
    }

    fn scratch_path(&self) -> &Path {
        self.dir.path()
    }
}

/// Runs the lab's checks on `workspace`, bounded by the trial's deadline;
/// the error names `step`.
pub async fn checks(
    trial: &Trial<'_>,
    workspace: &Workspace,
    step: &str,
) -> Result<Report, String> {
    let ctx = Context::new(workspace.path.clone(), trial.docker.clone());
    tokio::time::timeout(trial.deadline, verify(trial.lab, &ctx))
        .await
        .map_err(|_| {
            format!(
                "{step}: the checks were still running after {} s and were stopped; is the Docker daemon very slow? Give them longer with `--script-timeout SECS`",
                trial.deadline.as_secs()
            )
        })
}
