//! The `opslab` binary: parse the command line, then run the command, or open
//! the terminal UI when there is none (`opslab`, `opslab --pack DIR`).

use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = opslab::cli::Cli::parse();
    let outcome = match cli.command {
        None => ui(cli.pack.as_deref()),
        Some(_) => opslab::cli::run(cli)
            .map(|exit| exit.code())
            .map_err(anyhow::Error::from),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn ui(pack_dir: Option<&Path>) -> anyhow::Result<u8> {
    let pack = match pack_dir {
        Some(dir) => opslab::pack::Pack::from_dir(dir)?,
        None => opslab::pack::Pack::built_in()?,
    };
    opslab::tui::run(pack, opslab::tui::TuiOptions::default())?;
    Ok(0)
}
