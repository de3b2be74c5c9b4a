//! Reports for graders and CI: a run of a lab's checks as rows (one per
//! check, with its evidence), written as JUnit XML or CSV; and grading a
//! lab's repository and file checks over many student repositories.
//!
//! Everything here only reads the folders it reports on; the files it
//! writes (the reports themselves) are written atomically.

mod class;
mod csv_file;
mod files;
mod junit;
mod rows;
mod scope;
mod write;

pub use class::{grade, Grading, Student, StudentFolder};
pub use csv_file::grade_csv;
pub use junit::{document, suite, Suite};
pub use rows::{utc_time, CheckRow, Evidence, Status};
pub use scope::{repository_checks, Skipped};
pub use write::write_atomically;
