//! Running a lab's shell scripts for `pack test`: `solution/solve.sh` after
//! the solution files are copied, and each `wrong/NAME.sh`. Each runs with
//! `sh` in the workspace, from a copy kept outside it (so the learner's
//! repository never holds it), under the deadline and process-group rules
//! of [`script`](super::super::script).

use std::path::Path;
use std::time::Duration;

use crate::cli::script::{self, Ending, Finished};
use crate::pack::{Lab, Pack};
use crate::workspace::{Workspace, SOLVE_SCRIPT};

/// Who a reference solution's commits are by, unless the environment says.
const SOLUTION_IDENTITY: [(&str, &str); 4] = [
    ("GIT_AUTHOR_NAME", "Reference Solution"),
    ("GIT_AUTHOR_EMAIL", "solution@opslab.invalid"),
    ("GIT_COMMITTER_NAME", "Reference Solution"),
    ("GIT_COMMITTER_EMAIL", "solution@opslab.invalid"),
];

/// Where a scratch workspace is and how long each script may run.
pub struct Place<'a> {
    pub pack: &'a Pack,
    pub lab: &'a Lab,
    pub workspace: &'a Workspace,
    /// A folder outside the workspace for copies of the scripts.
    pub scratch: &'a Path,
    pub deadline: Duration,
}

/// Copies the solution files, then runs `solution/solve.sh` (if any).
pub async fn apply_solution(place: &Place<'_>) -> Result<(), String> {
    place
        .workspace
        .apply_solution(place.pack, place.lab)
        .map_err(|e| format!("cannot copy the solution: {e}"))?;
    let script_rel = place.lab.solution_dir().join(SOLVE_SCRIPT);
    if !place.pack.source.exists(&script_rel) {
        return Ok(());
    }
    run_lab_script(place, &script_rel).await
}

/// Runs the lab's script at `script_rel` (a path inside the pack) with `sh`
/// in the workspace. The error names the script, how it ended and its last
/// output.
pub async fn run_lab_script(place: &Place<'_>, script_rel: &Path) -> Result<(), String> {
    let pack = place.pack;
    let shown = pack.source.display(script_rel);
    let script = pack
        .source
        .read(script_rel)
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    let name = script_rel
        .file_name()
        .map_or_else(|| "script.sh".into(), |n| n.to_string_lossy().into_owned());
    let script_path = place.scratch.join(format!("opslab-{name}"));
    std::fs::write(&script_path, script)
        .map_err(|e| format!("cannot write {}: {e}", script_path.display()))?;
    let mut command = tokio::process::Command::new("sh");
    command
        .arg(&script_path)
        .current_dir(&place.workspace.path)
        .env("OPSLAB_WORKSPACE", &place.workspace.path)
        .env("OPSLAB_LAB", &place.lab.id);
    // Scripts commit like a learner would; a machine with no git identity
    // (a fresh CI runner) must not make them fail.
    for (key, value) in SOLUTION_IDENTITY {
        if std::env::var_os(key).is_none() {
            command.env(key, value);
        }
    }
    let finished = script::run(command, place.deadline)
        .await
        .map_err(|e| format!("cannot run sh: {e}"))?;
    let ended = match finished.ending {
        Ending::Exited(status) if status.success() => return Ok(()),
        Ending::Exited(status) => format!("{shown} failed ({status})"),
        Ending::TimedOut => format!(
            "{shown} ran out of time: still running after {} s, so it and every process it started were ended; make it finish sooner, or give it longer with `--script-timeout SECS`",
            place.deadline.as_secs()
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
