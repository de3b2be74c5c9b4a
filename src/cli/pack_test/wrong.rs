//! The wrong-answer step of `pack test`: for each `[[wrong_answer]]`, a
//! fresh workspace is solved, the mistake's script is applied, and every
//! check the wrong answer names must end failed.

use super::judge;
use super::lab_run::{checks, Scratch, Trial};
use super::scripts;
use crate::pack::WrongAnswer;

/// Applies one wrong answer in a fresh, solved workspace; its problems
/// (none when the lab catches it). Every problem names the wrong answer.
pub async fn try_one(trial: &Trial<'_>, wrong: &WrongAnswer) -> Vec<String> {
    let step = format!("wrong answer `{}`", wrong.id);
    let scratch = match Scratch::new(trial).await {
        Ok(s) => s,
        Err(e) => return vec![format!("{step}: {e}")],
    };
    let place = scratch.place(trial);
    if let Err(e) = scripts::apply_solution(&place).await {
        return vec![format!("{step}: solving first: {e}")];
    }
    if let Err(e) = scripts::run_lab_script(&place, &trial.lab.dir.join(&wrong.script)).await {
        return vec![format!("{step}: {e}")];
    }
    match checks(trial, &scratch.workspace, &format!("checking {step}")).await {
        Ok(report) => judge::wrong_answer_problems(&wrong.id, &wrong.fails, &report),
        Err(e) => vec![e],
    }
}
