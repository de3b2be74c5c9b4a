//! The `opslab` binary: parse the command line, then run the command, or open
//! the terminal UI when there is none (`opslab`, `opslab --pack DIR`).

use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use opslab::cli::output;

fn main() -> ExitCode {
    let cli = opslab::cli::Cli::parse();
    let outcome = match cli.command {
        None => ui(cli.pack.as_deref()),
        Some(_) => command(cli),
    };
    let code = match outcome {
        Ok(code) => code,
        Err(e) => {
            output::stderr(format_args!("error: {e}\n"));
            2
        }
    };
    // Output lost to a closed reader is not an error; lost to anything else
    // (a full disk), it is.
    if output::failed() {
        return ExitCode::from(2);
    }
    ExitCode::from(code)
}

/// Runs a command. A bug that panics ends it with exit code 2 and the panic
/// message above it, like any other "could not run", never with Rust's 101.
fn command(cli: opslab::cli::Cli) -> anyhow::Result<u8> {
    match std::panic::catch_unwind(AssertUnwindSafe(|| opslab::cli::run(cli))) {
        Ok(done) => Ok(done?.code()),
        Err(_) => Err(anyhow::anyhow!(
            "opslab stopped on an internal error (described above); please report it"
        )),
    }
}

fn ui(pack_dir: Option<&Path>) -> anyhow::Result<u8> {
    let pack = match pack_dir {
        Some(dir) => opslab::pack::Pack::from_dir(&opslab::cli::pack_folder(dir))?,
        None => opslab::pack::Pack::built_in()?,
    };
    opslab::tui::run(pack, opslab::tui::TuiOptions::default())?;
    Ok(0)
}
