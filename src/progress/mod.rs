//! The learner's progress, stored atomically in the user's data folder.
