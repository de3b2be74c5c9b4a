//! The lab-pack format: a folder with `pack.toml` and one folder per lab,
//! loaded into validated domain types. Nothing here touches Docker or git.

mod check;
mod check_tables;
pub mod checks;
mod disk;
mod error;
mod explain;
mod lab;
mod lab_extras;
mod lab_extras_rules;
mod lab_load;
mod lab_rules;
pub mod lint;
mod needs;
mod objects;
mod pattern_budget;
mod plain_text;
mod ranges;
mod resource_names;
pub mod schema;
mod schema_support;
mod source;
pub mod types;
mod validate;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use check::{family_of, Check, CheckSpec};
pub use disk::{FILE_LIMIT, LAB_BYTES, MAX_DEPTH, MAX_FILES, MAX_FOLDERS, TEXT_LIMIT};
pub use error::{line_column, PackErrors, PackFileError, PackProblem};
pub use lab::{Lab, RepoStart, Resources, WorkspaceSpec};
pub use lab_extras::{
    parse_port, parse_volume, PortMapping, Requirement, RestartPolicy, SetupContainer, SetupImage,
    SetupNetwork, SetupState, SetupVolume, VolumeMount, WrongAnswer,
};
pub use lab_load::MAX_CHECKS;
pub use needs::{Need, Wait};
pub use pattern_budget::{PACK_PATTERNS, PATTERN_LIMIT};
pub use plain_text::MAX_LIST;
pub use source::{Entry, PackSource};

/// Whether `id` can be a pack id: it names the installed pack's folder
/// (`packs/ID`) and keys the learner's progress, so it is 1 to 64 ASCII
/// letters, digits, `-` and `_`, not starting with `-`: never a path, a
/// hidden name or an option.
pub fn pack_id_fits(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The pack format version this build reads.
pub const FORMAT_VERSION: u32 = 1;
/// Most labs in one pack.
pub const MAX_LABS: usize = 2000;
/// Largest sum of the sizes of every lab's files in one pack: 1 GiB.
pub const PACK_BYTES: u64 = 1 << 30;

#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
}

/// `pack.toml` as written.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PackFile {
    format: u32,
    id: String,
    title: String,
    version: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(rename = "stage")]
    stages: Vec<Stage>,
}

/// A loaded, validated pack.
#[derive(Clone, Debug)]
pub struct Pack {
    pub id: String,
    pub title: String,
    pub version: String,
    pub description: String,
    pub authors: Vec<String>,
    pub stages: Vec<Stage>,
    /// Labs in learning order: by stage, then by folder name.
    pub labs: Vec<Lab>,
    pub source: PackSource,
}

impl Pack {
    /// The pack built into the binary.
    pub fn built_in() -> Result<Pack, PackErrors> {
        Pack::load(PackSource::BuiltIn)
    }

    /// A pack in a folder on disk.
    pub fn from_dir(dir: &Path) -> Result<Pack, PackErrors> {
        let manifest = dir.join("pack.toml");
        if std::fs::symlink_metadata(&manifest).is_err() {
            let fix = "point --pack at a folder holding pack.toml and one folder per lab";
            let (file, why) = if dir.is_dir() {
                (&manifest, "no pack.toml here")
            } else if dir.exists() {
                (&dir.to_path_buf(), "not a folder")
            } else {
                (&dir.to_path_buf(), "no such folder")
            };
            return Err(PackErrors(vec![PackProblem::new(
                file.display().to_string(),
                format!("{why}; {fix}"),
            )]));
        }
        Pack::load(PackSource::Dir(dir.to_path_buf()))
    }

    /// Loads every file of the pack and reports every problem found.
    pub fn load(source: PackSource) -> Result<Pack, PackErrors> {
        pattern_budget::within_budget(|| Pack::load_all(source))
    }

    fn load_all(source: PackSource) -> Result<Pack, PackErrors> {
        let mut problems = Vec::new();
        let manifest_path = PathBuf::from("pack.toml");
        let manifest_name = source.display(&manifest_path);
        let text = source
            .read_text(&manifest_path)
            .map_err(|e| PackErrors(vec![e.to_problem()]))?;
        problems.extend(plain_text::toml_problems(&manifest_name, &text));
        let manifest: PackFile = toml::from_str(&text).map_err(|e| {
            let mut problem = PackProblem::from_toml(&manifest_name, &text, &e);
            if problem.message.starts_with("missing field `stage`") {
                problem.message = "no stages; add a [[stage]] table with `id` and `title` for each stage (see docs/pack-format.md)".into();
            }
            PackErrors(vec![problem])
        })?;
        if manifest.format != FORMAT_VERSION {
            problems.push(validate::place(
                PackProblem::new(
                    &manifest_name,
                    format!(
                        "format {} is not one this opslab reads; set `format = {FORMAT_VERSION}` or update opslab",
                        manifest.format
                    ),
                ),
                &text,
                validate::key_offset(&text, "format"),
            ));
        }
        if manifest.stages.is_empty() {
            problems.push(validate::place(
                PackProblem::new(
                    &manifest_name,
                    "no stages; add a [[stage]] table with `id` and `title` for each stage (see docs/pack-format.md)",
                ),
                &text,
                validate::key_offset(&text, "stage"),
            ));
        }
        let entries = source.list(Path::new("")).map_err(|e| {
            PackErrors(vec![PackProblem::new(
                source.display(Path::new("")),
                format!("cannot list the pack folder: {e}; check that it is readable"),
            )])
        })?;
        let (labs, broken) = Pack::load_labs(&source, entries, &mut problems);
        let mut pack = Pack {
            id: manifest.id,
            title: manifest.title,
            version: manifest.version,
            description: manifest.description,
            authors: manifest.authors,
            stages: manifest.stages,
            labs,
            source,
        };
        validate::check_pack(&pack, &text, &broken, &mut problems);
        if !problems.is_empty() {
            return Err(PackErrors(problems));
        }
        let order: Vec<&str> = pack.stages.iter().map(|s| s.id.as_str()).collect();
        pack.labs.sort_by_key(|lab| {
            let stage = order
                .iter()
                .position(|s| *s == lab.stage)
                .unwrap_or(usize::MAX);
            (stage, lab.dir.clone())
        });
        Ok(pack)
    }

    /// Every lab folder of the pack (at most `MAX_LABS`), loaded; the labs
    /// that fail are remembered in `BrokenLabs` and their problems added.
    fn load_labs(
        source: &PackSource,
        entries: Vec<Entry>,
        problems: &mut Vec<PackProblem>,
    ) -> (Vec<Lab>, lab_load::BrokenLabs) {
        let mut labs = Vec::new();
        let mut broken = lab_load::BrokenLabs::default();
        let (mut count, mut bytes) = (0, 0u64);
        let root = source.display(Path::new(""));
        for entry in entries {
            if let Some(problem) = entry.problem {
                problems.push(problem);
                continue;
            }
            if !entry.is_dir || !source.exists(&entry.path.join("lab.toml")) {
                continue; // folders without lab.toml (docs, shared assets) are not labs
            }
            count += 1;
            if count > MAX_LABS {
                problems.push(PackProblem::new(&root, format!("holds more than {MAX_LABS} labs, the limit for one pack; split it into several packs (docs/pack-format.md, \"Limits\")")));
                break;
            }
            match lab_load::load_lab(source, &entry.path, &mut bytes) {
                Ok(lab) => labs.push(lab),
                Err(mut p) => {
                    broken.add(source, &entry.path);
                    problems.append(&mut p);
                }
            }
        }
        if bytes > PACK_BYTES {
            problems.push(PackProblem::new(&root, format!("the files of its labs add up to more than {} (counting each file as large as it claims to be), the limit for one pack; make them smaller or split the pack (docs/pack-format.md, \"Limits\")", types::Bytes(PACK_BYTES))));
        }
        if count == 0 {
            problems.push(PackProblem::new(&root, "holds no labs; add a folder with lab.toml, brief.md, starter/ and solution/ (docs/pack-format.md)"));
        }
        (labs, broken)
    }

    pub fn lab(&self, id: &str) -> Option<&Lab> {
        self.labs.iter().find(|l| l.id == id)
    }

    pub fn labs_in<'a>(&'a self, stage: &'a str) -> impl Iterator<Item = &'a Lab> + 'a {
        self.labs.iter().filter(move |l| l.stage == stage)
    }

    /// The lab with this id, or an error that lists the ids there are.
    pub fn find(&self, id: &str) -> Result<&Lab, String> {
        self.lab(id).ok_or_else(|| {
            let close: Vec<&str> = self
                .labs
                .iter()
                .map(|l| l.id.as_str())
                .filter(|l| l.contains(id) || id.contains(*l))
                .collect();
            let mut msg = format!("there is no lab `{id}` in pack `{}`", self.id);
            if !close.is_empty() {
                msg.push_str(&format!("; did you mean {}?", close.join(", ")));
            } else {
                msg.push('.');
            }
            msg.push_str(" Run `opslab list` to see every lab.");
            msg
        })
    }
}
