//! Evaluating container checks.

use crate::pack::checks::ContainerCheck;
use crate::verify::{Context, Outcome};

pub async fn evaluate_container(check: &ContainerCheck, ctx: &Context) -> Outcome {
    let docker = match ctx.docker() {
        Ok(d) => d,
        Err(o) => return o,
    };
    match check {
        ContainerCheck::Running { container } => {
            match docker.client.inspect_container(container, None).await {
                Ok(info) => {
                    let running = info.state.and_then(|s| s.running).unwrap_or(false);
                    Outcome::expect(running, "running", "not running")
                }
                Err(e) => Outcome::error(e.to_string()),
            }
        }
    }
}
