//! The hostile-pack corpus and the harness that runs the real binary on
//! each pack.

mod corpus;
mod fields;
mod hostile;
mod runner;

pub use corpus::cases;
pub use runner::{Case, Kind};
