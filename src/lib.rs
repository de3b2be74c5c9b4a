//! opslab: DevOps labs verified against real Docker state and git repos.
//!
//! Layers, each knowing only those below: `pack` (the lab-pack format),
//! `verify` (probes and the check engine), `progress` and `workspace` (the
//! learner's state), and the front end `cli`.
#![forbid(unsafe_code)]

pub mod cli;
pub mod install;
pub mod pack;
pub mod progress;
pub mod report;
pub mod tui;
pub mod verify;
mod words;
pub mod workspace;
