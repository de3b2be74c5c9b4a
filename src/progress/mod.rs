//! The learner's progress, stored atomically in the user's data folder.
//!
//! One JSON file (`$XDG_DATA_HOME/opslab/progress.json`) keyed by pack id,
//! then lab id. [`ProgressStore`] reads and writes it; [`Progress`] is the
//! data with the operations the front ends need (record an attempt, reveal a
//! hint, tell a lab's status).

mod error;
mod record;
mod status;
mod store;

pub use error::ProgressError;
pub use record::{now, Attempt, LabProgress, PackProgress, Progress, ATTEMPTS_KEPT};
pub use status::LabStatus;
pub use store::{data_dir, Loaded, MovedAside, ProgressStore, FILE_NAME};
