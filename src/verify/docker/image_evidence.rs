//! The evidence of a single-image check: the inspect fields of the image it
//! judged, under Docker's own names (`Config.User`, `Config.ExposedPorts`,
//! `RootFS.Layers`...).

use super::image_facts::{Health, ImageFacts};
use crate::pack::checks::ImageCheck;
use crate::verify::evidence::{or_absent, saw, short_id};

/// Records the fields of `facts` (the image `image` names) that `check`
/// judges.
pub(super) fn record(check: &ImageCheck, image: &str, facts: &ImageFacts) {
    use ImageCheck::*;
    let object = format!("image {image} (sha256:{})", short_id(&facts.id));
    let field = |field: &str, found: String| saw(&object, field, found);
    let words = |w: &[String]| format!("{w:?}");
    match check {
        Size { .. } => field("Size", or_absent(facts.size)),
        Layers { .. } => field("RootFS.Layers (count)", facts.layers.to_string()),
        User { .. } => field("Config.User", facts.user.clone()),
        Healthcheck { .. } => field(
            "Config.Healthcheck.Test",
            match &facts.health {
                Health::NotSet => or_absent(None::<String>),
                Health::Disabled => "[\"NONE\"]".into(),
                Health::Defined(test) => words(test),
            },
        ),
        Exposes { .. } => field("Config.ExposedPorts", facts.exposed.join(", ")),
        Label(l) => field(
            &format!("Config.Labels[\"{}\"]", l.name),
            or_absent(facts.labels.get(&l.name)),
        ),
        Env(e) => field(
            &format!("Config.Env[{}]", e.name),
            or_absent(facts.env_var(&e.name)),
        ),
        Entrypoint { .. } => field("Config.Entrypoint", words(&facts.entrypoint)),
        Cmd { .. } => field("Config.Cmd", words(&facts.cmd)),
        _ => field("Id", facts.id.clone()),
    }
}
