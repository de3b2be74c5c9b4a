//! What a lab needs beyond Docker and git (`requires = ["compose"]`):
//! pack test fails a lab whose tools are missing with the install advice,
//! rather than with a confusing error from its solve.sh.

use crate::cli::compose;
use crate::pack::{Lab, Requirement};

/// Whether the lab uses Docker Compose.
pub fn needs_compose(lab: &Lab) -> bool {
    lab.requires.contains(&Requirement::Compose)
}

/// The sentence saying what the lab needs and this machine lacks, if
/// anything.
pub async fn missing(lab: &Lab) -> Option<String> {
    if needs_compose(lab) && compose::find().await.is_none() {
        return Some(compose::missing_for(&lab.id));
    }
    None
}
