//! Saying and doing a lab's setup state (`[setup]`) for `start` and
//! `reset`: the Docker objects the lab needs before the learner begins.

use super::paint::Paint;
use crate::pack::{Lab, Pack};
use crate::verify::docker::setup_state::{self, Created};
use crate::verify::DockerProbe;

/// One line per object the setup state creates, in creation order, for
/// `reset`'s preview: `build image opslab/x:1 from <lab>/setup/web`.
pub fn plan(pack: &Pack, lab: &Lab) -> Vec<String> {
    let s = &lab.setup;
    let mut out = Vec::new();
    for image in &s.images {
        let from = pack.source.display(&lab.dir.join(&image.context));
        out.push(format!("build image {} from {from}", image.tag));
    }
    out.extend(
        s.volumes
            .iter()
            .map(|v| format!("create volume {}", v.name)),
    );
    out.extend(
        s.networks
            .iter()
            .map(|n| format!("create network {}", n.name)),
    );
    for c in &s.containers {
        out.push(format!("run container {} from {}", c.name, c.image));
    }
    out
}

/// Creates the setup state and prints one line per object; `false` (after
/// printing why) when something could not be made.
pub async fn create(probe: &DockerProbe, pack: &Pack, lab: &Lab, paint: Paint) -> bool {
    match setup_state::create(probe, pack, lab).await {
        Ok(made) => {
            for m in made {
                print_made(&m, paint);
            }
            true
        }
        Err(e) => {
            println!(
                "{} the lab's setup state is not complete: {e}. Once that is fixed, `opslab reset {}` creates it again.",
                paint.bad("✗"),
                lab.id
            );
            false
        }
    }
}

fn print_made(m: &Created, paint: Paint) {
    if m.existed {
        println!(
            "{} {} {} was already there; left as it is",
            paint.dim("·"),
            m.kind,
            m.name
        );
    } else {
        let verb = match m.kind {
            "image" => "built",
            "container" => "started",
            _ => "created",
        };
        println!(
            "{} {verb} {} {} (setup state)",
            paint.good("✓"),
            m.kind,
            m.name
        );
    }
}
