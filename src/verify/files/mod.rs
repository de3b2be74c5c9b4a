//! File checks on the learner's workspace.

use crate::pack::checks::FileCheck;
use crate::verify::{Context, Outcome};

pub async fn evaluate(check: &FileCheck, ctx: &Context) -> Outcome {
    match check {
        FileCheck::Exists { path } => {
            let full = path.under(&ctx.workspace);
            Outcome::expect(
                full.exists(),
                format!("{path} exists"),
                format!("no file at {path}"),
            )
        }
    }
}
