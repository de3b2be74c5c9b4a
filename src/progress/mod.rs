//! The learner's progress, stored atomically in the user's data folder.
//!
//! One JSON file (`$XDG_DATA_HOME/opslab/progress.json`) keyed by pack id,
//! then lab id. [`ProgressStore`] reads it and changes it under a lock
//! shared by every opslab process; [`Progress`] is the data with the
//! operations the front ends need (record an attempt, reveal a hint, tell a
//! lab's status). Fields this build does not know are kept as they are, and
//! a file from a newer opslab (a higher `version`) is never written over.

mod aside;
pub(crate) mod atomic_write;
mod error;
mod lock;
mod locked;
mod record;
mod status;
mod store;

pub use aside::MovedAside;
pub use error::ProgressError;
pub use locked::Locked;
pub use record::{
    now, Attempt, LabProgress, PackProgress, Progress, Unknown, ATTEMPTS_KEPT, LAYOUT,
};
pub use status::LabStatus;
pub use store::{data_dir, Loaded, ProgressStore, FILE_NAME};
