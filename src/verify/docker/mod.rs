//! The Docker probe: the only module that imports bollard. It turns the
//! Engine API's types into small types of our own at its edge. Everything
//! here reads, except `admin`, which setup and reset use to build the base
//! image and remove what a lab declares.

pub mod admin;
mod container;
mod image;
pub mod info;
mod probe;

pub use container::evaluate_container;
pub use image::evaluate_image;
pub use probe::{endpoint, DockerProbe, DockerUnavailable, Memo};
