//! The Docker probe: the only module that imports bollard. It turns the
//! Engine API's types into small types of our own at its edge. Everything
//! here reads, except `admin`, which setup and reset use to build the base
//! image and remove what a lab declares.

mod absence;
pub mod admin;
mod container;
mod container_config;
mod container_evidence;
mod container_exec;
mod container_facts;
mod container_logs;
mod container_state;
mod container_wiring;
mod counts;
pub mod endpoint;
pub mod events;
mod exact;
mod image;
mod image_evidence;
mod image_facts;
mod image_members;
mod image_rules;
pub mod info;
mod inspect;
mod negotiate;
mod network;
mod probe;
mod probe_container;
mod probe_file;
mod probe_reach;
mod probe_refused;
mod probe_run;
pub mod setup_state;
mod volume;

pub(crate) use container::attempt_container;
pub use container::evaluate_container;
pub use container_exec::ExecRun;
pub use container_facts::{ContainerFacts, MountFact, PublishedPort};
pub use endpoint::{resolve_endpoint, Endpoint, EndpointError};
pub use events::{events, DockerEvent, DockerObject};
pub use image::evaluate_image;
pub use image_facts::{Health, ImageFacts};
pub(crate) use inspect::{inspect_data, labelled_containers};
pub use network::NetworkFacts;
pub use probe::{
    ContainerLookup, DaemonError, DockerProbe, DockerUnavailable, Memo, REQUEST_LIMIT_SECS,
};
pub use probe_container::{
    leave_no_probes, remove_own_probes, EXPIRES_LABEL, OWNER_LABEL, PROBE_LABEL,
};
pub use probe_run::{evaluate_probe, ProbeRun};
pub use volume::VolumeFacts;
