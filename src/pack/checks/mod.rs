//! The check vocabulary, one family a file. Each family is a serde enum tagged
//! by `kind`; unknown fields are errors.

mod compare;
mod container;
mod container_mounts;
mod container_values;
mod docker_queries;
mod file;
mod git;
mod http;
mod image;
mod probe;

pub use compare::{CompareCheck, CompareOp, Comparison, DockerObject, Source};
pub use container::ContainerCheck;
pub use container_mounts::{MountCheck, MountKind, MountSpec};
pub use container_values::{HealthStatus, Limits, PortSpec, Restart, RestartWant, Setting};
pub use docker_queries::{
    label_scope, values, Bounds, ContainerCount, InspectWant, Inspection, ObjectCount, StateFilter,
};
pub use file::{
    split_words, takes_flags, FileStat, FileType, InstructionCheck, InstructionOrder,
    InstructionSpec, ShellForm, StageChoice,
};
pub use file::{DocFormat, DocumentQuery, Expectation, FileCheck, Query, StageCount, Step};
pub use git::{
    CommitCheck, ConfigCheck, ConfigKey, FileAtRev, FileMode, GitCheck, HeadCheck, HistoryCheck,
    NoContent, RefCheck, RevRange, StagedCheck,
};
pub use http::{HeaderExpectation, HttpCheck, LoopbackHost, RequestPath};
pub use image::{exec_form, EnvCheck, EnvWant, ExposedPort, ImageCheck, LabelCheck};
pub use probe::{
    also_probe_kinds, FileWant, ImageFileCheck, ImagePath, ProbeCheck, ProbeTimeout, ReachCheck,
    RunCheck, VolumeFileCheck,
};
