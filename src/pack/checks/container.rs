//! Container checks (`container.*`): state, configuration and logs of one
//! container, and commands run inside it.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", deny_unknown_fields)]
pub enum ContainerCheck {
    /// The container exists and is running.
    #[serde(rename = "container.running")]
    Running { container: String },
}

impl ContainerCheck {
    pub fn describe(&self) -> String {
        match self {
            ContainerCheck::Running { container } => format!("Container `{container}` is running"),
        }
    }

    /// Whether the check waits for something to settle (health, logs).
    pub fn waits(&self) -> bool {
        false
    }
}
