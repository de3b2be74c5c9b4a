//! Which containers use a volume or sit on a network, and judging a lab's
//! list of containers against them (`volume.used_by`, `network.connected`).

use std::collections::HashMap;

use bollard::models::ContainerSummary;
use bollard::query_parameters::ListContainersOptionsBuilder;

use super::DockerProbe;
use crate::verify::evidence::saw;
use crate::verify::Outcome;

impl DockerProbe {
    /// Names of all containers (running or stopped) the daemon lists under
    /// `filter=value` and for which `uses` holds. The daemon's volume filter
    /// also matches mount destinations and bind sources, so `uses` makes the
    /// exact decision on the name.
    pub(super) async fn containers_with(
        &self,
        filter: &str,
        value: &str,
        uses: impl Fn(&ContainerSummary) -> bool,
    ) -> Result<Vec<String>, Outcome> {
        let filters = HashMap::from([(filter, vec![value])]);
        let options = ListContainersOptionsBuilder::new()
            .all(true)
            .filters(&filters)
            .build();
        let listed = self
            .client
            .list_containers(Some(options))
            .await
            .map_err(|e| self.could_not_read(&format!("the containers using {value}"), e))?;
        let mut names: Vec<String> = listed
            .iter()
            .filter(|c| uses(c))
            .filter_map(|c| c.names.as_ref()?.first().cloned())
            .map(|n| n.trim_start_matches('/').to_string())
            .collect();
        names.sort();
        saw(
            format!("containers listed with filter {filter}={value}"),
            "Names",
            names.join(", "),
        );
        Ok(names)
    }
}

/// What a membership check found: `present` are the containers using the
/// object, `wanted` those the lab lists.
pub struct Members<'a> {
    /// "mounted by" or "attached".
    pub verb: &'a str,
    pub expected: String,
    pub present: Vec<String>,
    pub wanted: &'a [String],
}

impl Members<'_> {
    /// Passed when every wanted container is present; otherwise names those
    /// that are missing, with `hint_for(first missing)`.
    pub fn judge(self, hint_for: impl FnOnce(&str) -> String) -> Outcome {
        let missing: Vec<&str> = self
            .wanted
            .iter()
            .filter(|w| !self.present.contains(w))
            .map(String::as_str)
            .collect();
        let Some(first) = missing.first() else {
            return Outcome::Passed;
        };
        let actual = if self.present.is_empty() {
            format!("{} no container", self.verb)
        } else {
            format!(
                "{} {} (not {})",
                self.verb,
                self.present.join(", "),
                missing.join(", ")
            )
        };
        let hint = hint_for(first);
        Outcome::failed_with_hint(self.expected, actual, hint)
    }
}
