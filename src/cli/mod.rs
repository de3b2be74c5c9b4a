//! Headless commands: human and JSON output, exit codes.
//!
//! `main.rs` parses [`Cli`] and calls [`run`]; every command lives in its own
//! file and returns an [`Exit`] (or a [`CliError`] saying what to do).

// Every command prints through `output`, which never panics on a closed
// pipe: these shadow the standard macros in all of `cli/` (macros defined
// with `macro_rules!` take precedence over the prelude's in the modules
// declared after them).
macro_rules! println {
    () => { $crate::cli::output::stdout(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cli::output::stdout(format_args!("{}\n", format_args!($($arg)*))) };
}
macro_rules! print {
    ($($arg:tt)*) => { $crate::cli::output::stdout(format_args!($($arg)*)) };
}
macro_rules! eprintln {
    () => { $crate::cli::output::stderr(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cli::output::stderr(format_args!("{}\n", format_args!($($arg)*))) };
}

pub mod output;

mod busybox;
mod check;
mod check_folder;
mod compose;
mod doctor;
mod error;
mod grade;
mod grade_output;
mod hint;
mod list;
mod pack_new;
mod pack_schema;
mod pack_share;
mod pack_test;
mod pack_validate;
mod paint;
mod report;
mod reset;
mod script;
mod session;
mod setup;
mod setup_state;
mod start;

use std::future::Future;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use error::CliError;
pub use session::{pack_folder, Session};

/// Learn DevOps by doing: hands-on labs checked against your real Docker
/// state and git repository.
#[derive(Debug, Parser)]
#[command(name = "opslab", version, propagate_version = true)]
pub struct Cli {
    /// Use the lab pack in this folder (or the installed pack with this id) instead of the built-in one
    #[arg(long, global = true, value_name = "DIR|ID")]
    pub pack: Option<PathBuf>,
    /// Without a command, opslab opens the terminal UI
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the stages and labs, with your progress and what to do next
    List {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Create a lab's workspace: a git repository holding the starter files
    Start {
        /// The lab id (see `opslab list`)
        lab: String,
        /// Create the workspace in this folder (remembered for later commands)
        #[arg(long, value_name = "DIR")]
        workspace: Option<PathBuf>,
    },
    /// Check your work: run the lab's checks on your Docker state and repo
    Check {
        /// The lab id
        lab: String,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
        /// Under each check, show what it looked at and the value it found
        #[arg(long)]
        explain: bool,
        /// Check this folder (a clone, a CI checkout) instead of the lab's
        /// workspace: nothing is written into it and no progress is recorded
        #[arg(long, value_name = "DIR")]
        workspace: Option<PathBuf>,
        /// With --workspace: also write the report as JUnit XML to FILE
        #[arg(long, value_name = "FILE", requires = "workspace")]
        junit: Option<PathBuf>,
    },
    /// Grade a class: run a lab's repository and file checks over many
    /// student repositories and write CSV and JUnit reports
    Grade {
        /// The lab id
        #[arg(long)]
        lab: String,
        /// The student repositories (folders)
        #[arg(value_name = "REPO")]
        repos: Vec<PathBuf>,
        /// Also grade every folder inside DIR
        #[arg(long, value_name = "DIR")]
        all_in: Option<PathBuf>,
        /// Where to write the CSV report
        #[arg(long, value_name = "FILE", default_value = "grade.csv")]
        csv: PathBuf,
        /// Where to write the JUnit XML report
        #[arg(long, value_name = "FILE", default_value = "grade.xml")]
        junit: PathBuf,
        /// How many repositories to read at a time (default: one per core)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=256))]
        jobs: Option<u32>,
    },
    /// Report your progress: per lab, status, attempts and the checks as
    /// they are now, with their evidence
    Report {
        /// Write the report as JSON to FILE
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Write the checks as JUnit XML to FILE
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
    },
    /// Show the lab's next hint (or hint NUMBER)
    Hint {
        /// The lab id
        lab: String,
        /// Which hint to show, from 1 (the gentlest); without it, the one
        /// after those already shown
        number: Option<usize>,
    },
    /// Restore the starter files and remove the Docker resources the lab declares
    Reset {
        /// The lab id
        lab: String,
        /// Do not ask for confirmation
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Check that Docker, git, the base image, disk space and the progress file are fine
    Doctor,
    /// Build the offline base image opslab/base:1 from this machine's static busybox
    Setup {
        /// With no static busybox here, pull busybox:1.36 from Docker Hub instead
        #[arg(long)]
        online: bool,
    },
    /// Tools for pack authors
    Pack {
        #[command(subcommand)]
        command: PackCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Scaffold a new pack with one documented example lab
    New {
        /// The folder to create (must not exist, or be empty)
        dir: PathBuf,
    },
    /// Write the pack as a .tar.gz to share (ID-VERSION.tar.gz unless --output)
    Export {
        /// The pack folder (holding pack.toml)
        dir: PathBuf,
        /// The file to write
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Validate and install a pack (a folder or .tar.gz) into your packs folder
    Install {
        /// A pack folder or a .tar.gz made by `pack export`
        source: PathBuf,
        /// Trust the pack's scripts without asking
        #[arg(long, conflicts_with = "no_trust")]
        trust: bool,
        /// Install without trusting its scripts, without asking
        #[arg(long)]
        no_trust: bool,
    },
    /// List the installed packs
    List,
    /// Trust an installed pack's scripts (pack test runs them), after showing them
    Trust {
        /// The pack id
        id: String,
        /// Do not ask
        #[arg(long)]
        yes: bool,
    },
    /// Print the JSON Schema of lab.toml or pack.toml, for editor completion
    Schema {
        /// Which file the schema is for
        #[arg(value_enum, default_value = "lab")]
        file: pack_schema::SchemaFile,
        /// Write both schemas (lab.schema.json, pack.schema.json) into this folder instead
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Load a pack and report every problem as file:line:col, then warnings
    Validate {
        /// The pack folder (holding pack.toml)
        dir: PathBuf,
        /// Fail (exit 1) when there are warnings, not only problems
        #[arg(long)]
        strict: bool,
    },
    /// Prove each lab: the starter fails its checks, the solution passes them
    Test {
        /// The pack folder (holding pack.toml)
        dir: PathBuf,
        /// Test only this lab
        #[arg(long, value_name = "ID")]
        lab: Option<String>,
        /// End a stuck step after this many seconds: a script (solve.sh, a
        /// wrong answer, with everything it started) or a run of the checks
        #[arg(long, value_name = "SECS", default_value_t = script::DEFAULT_DEADLINE.as_secs(),
              value_parser = clap::value_parser!(u64).range(1..=86_400))]
        script_timeout: u64,
        /// Run each lab N times; a lab passes only if every run passes, and
        /// one that passes only sometimes is reported as flaky
        #[arg(long, value_name = "N", default_value_t = 1,
              value_parser = clap::value_parser!(u32).range(1..=100))]
        repeat: u32,
        /// Test up to N labs at the same time; labs whose Docker objects
        /// or host ports overlap never run together. 1 tests one at a time
        #[arg(long, short = 'j', value_name = "N", default_value_t = pack_test::DEFAULT_JOBS,
              value_parser = clap::value_parser!(u16).range(1..=64))]
        jobs: u16,
    },
}

/// How a command ended, as the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: everything passed or was done.
    Success,
    /// 1: some check failed (the learner has work to do).
    Failed,
    /// 2: something could not run (bad input, daemon down, setup missing).
    CouldNotRun,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failed => 1,
            Exit::CouldNotRun => 2,
        }
    }
}

/// Runs one command.
/// Runs a command. `cli.command` must be set: with none, the binary opens
/// the terminal UI instead.
pub fn run(cli: Cli) -> Result<Exit, CliError> {
    let pack = cli.pack.as_deref();
    let Some(command) = cli.command else {
        return Err(CliError::NoCommand);
    };
    match command {
        Command::List { json } => list::run(&Session::open(pack)?, json),
        Command::Start { lab, workspace } => start::run(&Session::open(pack)?, &lab, workspace),
        Command::Check {
            lab,
            json,
            explain,
            workspace: Some(folder),
            junit,
        } => check_folder::run(check_folder::FolderCheck {
            pack,
            lab: &lab,
            folder: &folder,
            json,
            explain,
            junit: junit.as_deref(),
        }),
        Command::Check {
            lab, json, explain, ..
        } => check::run(&Session::open(pack)?, &lab, json, explain),
        Command::Grade {
            lab,
            repos,
            all_in,
            csv,
            junit,
            jobs,
        } => grade::run(grade::GradeAsk {
            pack,
            lab: &lab,
            repos,
            all_in,
            csv,
            junit,
            jobs: jobs.map(|j| j as usize),
        }),
        Command::Report { json, junit } => {
            report::run(&Session::open(pack)?, json.as_deref(), junit.as_deref())
        }
        Command::Hint { lab, number } => hint::run(&Session::open(pack)?, &lab, number),
        Command::Reset { lab, yes } => reset::run(&Session::open(pack)?, &lab, yes),
        Command::Doctor => doctor::run(),
        Command::Setup { online } => setup::run(online),
        Command::Pack { command } => match command {
            PackCommand::New { dir } => pack_new::run(&dir),
            PackCommand::Export { dir, output } => pack_share::export(&dir, output),
            PackCommand::Install {
                source,
                trust,
                no_trust,
            } => pack_share::install(
                &source,
                match (trust, no_trust) {
                    (true, _) => pack_share::TrustAnswer::Yes,
                    (_, true) => pack_share::TrustAnswer::No,
                    _ => pack_share::TrustAnswer::Ask,
                },
            ),
            PackCommand::List => pack_share::list(),
            PackCommand::Trust { id, yes } => pack_share::trust_pack(
                &id,
                if yes {
                    pack_share::TrustAnswer::Yes
                } else {
                    pack_share::TrustAnswer::Ask
                },
            ),
            PackCommand::Schema { file, out } => pack_schema::run(file, out.as_deref()),
            PackCommand::Validate { dir, strict } => pack_validate::run(&dir, strict),
            PackCommand::Test {
                dir,
                lab,
                script_timeout,
                repeat,
                jobs,
            } => pack_test::run(
                &dir,
                lab.as_deref(),
                pack_test::Limits {
                    step: std::time::Duration::from_secs(script_timeout),
                    repeat,
                    jobs: usize::from(jobs),
                },
            ),
        },
    }
}

/// Runs async work (Docker, the check engine) to completion.
fn block_on<F: Future>(work: F) -> Result<F::Output, CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(CliError::Runtime)?;
    Ok(runtime.block_on(work))
}
