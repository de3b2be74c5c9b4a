//! The `opslab` binary: parse the command line, then run the command, or open
//! the terminal UI when there is none (`opslab`, `opslab --pack DIR`).

use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use opslab::cli::output;

fn main() -> ExitCode {
    let cli = opslab::cli::Cli::parse();
    let outcome = match cli.command {
        None => ui(cli.pack.as_deref()),
        Some(_) => opslab::cli::run(cli)
            .map(|exit| exit.code())
            .map_err(anyhow::Error::from),
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

fn ui(pack_dir: Option<&Path>) -> anyhow::Result<u8> {
    let pack = match pack_dir {
        Some(dir) => opslab::pack::Pack::from_dir(dir)?,
        None => opslab::pack::Pack::built_in()?,
    };
    opslab::tui::run(pack, opslab::tui::TuiOptions::default())?;
    Ok(0)
}
