//! HTTP checks: a GET to a port on this machine.

use crate::pack::checks::HttpCheck;
use crate::verify::{Context, Outcome};

pub async fn evaluate(check: &HttpCheck, _ctx: &Context) -> Outcome {
    match check {
        HttpCheck::Get { .. } => Outcome::error("not yet implemented"),
    }
}
