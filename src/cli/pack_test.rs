//! `opslab pack test DIR`: for pack authors, proves each lab in a scratch
//! workspace: the starter files do not pass, the solution does. The Docker
//! resources each lab declares are removed afterwards.

use std::path::Path;
use std::time::Duration;

/// Who a reference solution's commits are by, unless the environment says.
const SOLUTION_IDENTITY: [(&str, &str); 4] = [
    ("GIT_AUTHOR_NAME", "Reference Solution"),
    ("GIT_AUTHOR_EMAIL", "solution@opslab.invalid"),
    ("GIT_COMMITTER_NAME", "Reference Solution"),
    ("GIT_COMMITTER_EMAIL", "solution@opslab.invalid"),
];

use super::paint::Paint;
use super::script::{self, Ending, Finished};
use super::session::load_pack;
use super::{block_on, CliError, Exit};
use crate::pack::{Lab, Pack};
use crate::verify::docker::admin::{self, Removed};
use crate::verify::{verify, Context, DockerProbe, DockerUnavailable, Outcome, Report};
use crate::workspace::{Workspace, SOLVE_SCRIPT};

/// Tests the labs of the pack in `dir` (or only `only`); each lab's
/// `solve.sh` may run for at most `deadline`.
pub fn run(dir: &Path, only: Option<&str>, deadline: Duration) -> Result<Exit, CliError> {
    let pack = load_pack(Some(dir))?;
    let labs: Vec<&Lab> = match only {
        Some(id) => vec![pack.find(id).map_err(CliError::UnknownLab)?],
        None => pack.labs.iter().collect(),
    };
    let paint = Paint::stdout();
    let work = async {
        let docker = if labs
            .iter()
            .any(|l| l.needs_docker() || !l.resources.is_empty() || !l.setup.is_empty())
        {
            DockerProbe::connect().await
        } else {
            Err(DockerUnavailable::NotConnected)
        };
        let mut all = Vec::new();
        for lab in &labs {
            let problems = test_lab(&pack, lab, &docker, deadline).await;
            print_lab(lab, &problems, paint);
            all.push(problems.is_empty());
        }
        all
    };
    // Ctrl-C or a SIGTERM drops the work, which kills a running solve.sh's
    // process group and removes the scratch workspace.
    let ended = block_on(async {
        tokio::select! {
            all = work => Ok(all),
            code = script::end_signal() => Err(code),
        }
    })?;
    let passed = match ended {
        Ok(all) => all,
        Err(code) => {
            eprintln!("pack test was interrupted; the running solve.sh and every process it started were ended.");
            std::process::exit(code);
        }
    };
    let good = passed.iter().filter(|ok| **ok).count();
    let bad = passed.len() - good;
    let total = crate::words::count(passed.len(), "lab");
    match good {
        // "0 of 1 lab pass" agrees with neither count.
        0 => println!("\nNo lab passes its test (0 of {total})"),
        1 => println!("\n1 of {total} passes its test"),
        _ => println!("\n{good} of {total} pass their test"),
    }
    Ok(if bad == 0 {
        Exit::Success
    } else {
        Exit::Failed
    })
}

fn print_lab(lab: &Lab, problems: &[String], paint: Paint) {
    println!("{} {}", paint.ok(problems.is_empty()), lab.id);
    for p in problems {
        println!("    {p}");
    }
}

/// Everything wrong with one lab; empty when it is fine.
async fn test_lab(
    pack: &Pack,
    lab: &Lab,
    docker: &Result<DockerProbe, DockerUnavailable>,
    deadline: Duration,
) -> Vec<String> {
    let mut problems = Vec::new();
    let scratch = match tempfile::Builder::new()
        .prefix("opslab-pack-test-")
        .tempdir()
    {
        Ok(d) => d,
        Err(e) => return vec![format!("cannot make a scratch folder: {e}")],
    };
    let workspace = Workspace::new(scratch.path().join(&lab.id));
    if let Err(e) = workspace.create(pack, lab) {
        return vec![format!("cannot create the workspace: {e}")];
    }
    match create_setup(pack, lab, docker).await {
        Some(problem) => problems.push(problem),
        None => {
            prove(
                pack,
                lab,
                &workspace,
                scratch.path(),
                docker,
                deadline,
                &mut problems,
            )
            .await
        }
    }
    if let (Ok(probe), false) = (docker, lab.resources.is_empty()) {
        for (kind, name, removed) in admin::remove_resources(probe, &lab.resources).await {
            if let Removed::Failed(why) = removed {
                problems.push(format!("cleaning up {kind} {name}: {why}"));
            }
        }
    }
    problems
}

/// The starter fails, the solution passes: what is wrong goes to `problems`.
async fn prove(
    pack: &Pack,
    lab: &Lab,
    workspace: &Workspace,
    scratch: &Path,
    docker: &Result<DockerProbe, DockerUnavailable>,
    deadline: Duration,
    problems: &mut Vec<String>,
) {
    let before = run_checks(lab, workspace, docker).await;
    starter_problems(&before, problems);
    if before.errors() > 0 {
        // A check that could not run (the daemon gone, a probe timing out)
        // says nothing about the lab, and solve.sh would meet the same
        // trouble: the lab is reported as not tested, not run further.
        problems.push(
            "not tested further: fix what the \"could not run\" lines say, then run pack test again".into(),
        );
        return;
    }
    if let Err(e) = apply_solution(pack, lab, workspace, scratch, deadline).await {
        problems.push(e);
    } else {
        let after = run_checks(lab, workspace, docker).await;
        solution_problems(&after, problems);
    }
}

/// Removes the lab's resources and creates its setup state, as a fresh
/// `opslab start` would find and make them; the problem when it cannot.
async fn create_setup(
    pack: &Pack,
    lab: &Lab,
    docker: &Result<DockerProbe, DockerUnavailable>,
) -> Option<String> {
    if lab.setup.is_empty() {
        return None;
    }
    let probe = match docker {
        Ok(p) => p,
        Err(e) => return Some(format!("cannot create the setup state: {e}")),
    };
    for (kind, name, removed) in admin::remove_resources(probe, &lab.resources).await {
        if let Removed::Failed(why) = removed {
            return Some(format!(
                "removing {kind} {name} before the setup state: {why}"
            ));
        }
    }
    match crate::verify::docker::setup_state::create(probe, pack, lab).await {
        Ok(_) => None,
        Err(e) => Some(format!("cannot create the setup state: {e}")),
    }
}

async fn run_checks(
    lab: &Lab,
    workspace: &Workspace,
    docker: &Result<DockerProbe, DockerUnavailable>,
) -> Report {
    let ctx = Context::new(workspace.path.clone(), docker.clone());
    verify(lab, &ctx).await
}

fn starter_problems(report: &Report, problems: &mut Vec<String>) {
    for r in &report.results {
        if let Outcome::Error { why } = &r.outcome {
            problems.push(format!("starter: check `{}` could not run: {why}", r.id));
        }
    }
    if report.failed() == 0 && report.errors() == 0 {
        problems.push(
            "starter: every check already passes, so the lab asks nothing of the learner; make at least one check fail on the starter files".into(),
        );
    }
}

fn solution_problems(report: &Report, problems: &mut Vec<String>) {
    for r in &report.results {
        match &r.outcome {
            Outcome::Passed => {}
            Outcome::Failed {
                expected, actual, ..
            } => problems.push(format!(
                "solution: check `{}` fails: expected {expected}, found {actual}",
                r.id
            )),
            Outcome::Error { why } => {
                problems.push(format!("solution: check `{}` could not run: {why}", r.id))
            }
            Outcome::Waiting { what, .. } => {
                problems.push(format!("solution: check `{}` waits for: {what}", r.id))
            }
        }
    }
}

/// Copies the solution files, then runs `solution/solve.sh` (if any) with
/// `sh` in the workspace, under `deadline` (see [`script`]).
async fn apply_solution(
    pack: &Pack,
    lab: &Lab,
    workspace: &Workspace,
    scratch: &Path,
    deadline: Duration,
) -> Result<(), String> {
    workspace
        .apply_solution(pack, lab)
        .map_err(|e| format!("cannot copy the solution: {e}"))?;
    let script_rel = lab.solution_dir().join(SOLVE_SCRIPT);
    if !pack.source.exists(&script_rel) {
        return Ok(());
    }
    let script = pack
        .source
        .read(&script_rel)
        .map_err(|e| format!("cannot read {}: {e}", pack.source.display(&script_rel)))?;
    let script_path = scratch.join(SOLVE_SCRIPT);
    std::fs::write(&script_path, script)
        .map_err(|e| format!("cannot write {}: {e}", script_path.display()))?;
    let mut solve = tokio::process::Command::new("sh");
    solve
        .arg(&script_path)
        .current_dir(&workspace.path)
        .env("OPSLAB_WORKSPACE", &workspace.path)
        .env("OPSLAB_LAB", &lab.id);
    // Solutions commit like a learner would; a machine with no git identity
    // (a fresh CI runner) must not make them fail.
    for (key, value) in SOLUTION_IDENTITY {
        if std::env::var_os(key).is_none() {
            solve.env(key, value);
        }
    }
    let finished = script::run(solve, deadline)
        .await
        .map_err(|e| format!("cannot run sh: {e}"))?;
    let shown = pack.source.display(&script_rel);
    let ended = match finished.ending {
        Ending::Exited(status) if status.success() => return Ok(()),
        Ending::Exited(status) => format!("{shown} failed ({status})"),
        Ending::TimedOut => format!(
            "{shown} ran out of time: still running after {} s, so it and every process it started were ended; make it finish sooner, or give it longer with `--script-timeout SECS`",
            deadline.as_secs()
        ),
    };
    Err(ended + &last_output(&finished))
}

/// The script's last lines of output, for its failure message: those of
/// stderr, else of stdout.
fn last_output(finished: &Finished) -> String {
    let tail = if finished.stderr.is_empty() {
        &finished.stdout
    } else {
        &finished.stderr
    };
    let lines = tail.last_lines(5, 200);
    if lines.is_empty() {
        return "; it printed nothing".into();
    }
    format!("; its last output: {}", lines.join(" | "))
}
