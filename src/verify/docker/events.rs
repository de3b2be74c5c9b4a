//! A read-only stream of the daemon's events (containers started, images
//! built, volumes removed...), turned into our own small type so front ends
//! can re-run checks when Docker state changes without importing bollard.

use bollard::models::{EventMessage, EventMessageTypeEnum};
use bollard::query_parameters::EventsOptions;
use futures::{Stream, StreamExt};

use super::probe::DockerProbe;

/// What kind of Docker object an event is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DockerObject {
    Container,
    Image,
    Volume,
    Network,
    /// Builder, daemon, plugin and swarm events.
    Other,
}

/// One thing that happened in the daemon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DockerEvent {
    pub object: DockerObject,
    /// The daemon's action word: `start`, `die`, `destroy`, `tag`, ...
    pub action: String,
    /// The object's name when the daemon gives one, else its id.
    pub name: String,
}

impl DockerEvent {
    /// Whether the event can change what a check sees. Exec events are left
    /// out: `container.exec` checks cause them, and re-running on them would
    /// loop forever.
    pub fn changes_state(&self) -> bool {
        self.object != DockerObject::Other && !self.action.starts_with("exec_")
    }
}

/// The daemon's events from now on, or from `since` (Unix seconds) so a
/// reconnect misses nothing. The stream ends when the connection drops; an
/// item is an error when the connection broke, with the reason in words.
pub fn events(
    probe: &DockerProbe,
    since: Option<i64>,
) -> impl Stream<Item = Result<DockerEvent, String>> + 'static {
    let options = EventsOptions {
        since: since.map(|s| s.to_string()),
        ..EventsOptions::default()
    };
    probe
        .client
        .events(Some(options))
        .map(|item| item.map(convert).map_err(|e| e.to_string()))
}

fn convert(message: EventMessage) -> DockerEvent {
    let object = match message.typ {
        Some(EventMessageTypeEnum::CONTAINER) => DockerObject::Container,
        Some(EventMessageTypeEnum::IMAGE) => DockerObject::Image,
        Some(EventMessageTypeEnum::VOLUME) => DockerObject::Volume,
        Some(EventMessageTypeEnum::NETWORK) => DockerObject::Network,
        _ => DockerObject::Other,
    };
    let actor = message.actor.unwrap_or_default();
    let name = actor
        .attributes
        .as_ref()
        .and_then(|a| a.get("name").cloned())
        .or(actor.id)
        .unwrap_or_default();
    DockerEvent {
        object,
        action: message.action.unwrap_or_default(),
        name,
    }
}
