//! The `opslab` binary: parse the command line, run it, exit with its code.
//! With no command (`opslab` or `opslab --pack DIR`) it opens the terminal UI.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    if let Some(pack_dir) = ui_wanted() {
        return ui(pack_dir);
    }
    let cli = opslab::cli::Cli::parse();
    match opslab::cli::run(cli).map_err(anyhow::Error::from) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// `Some(pack folder)` when no command is given: `opslab`, `opslab --pack
/// DIR` or `opslab --pack=DIR`.
fn ui_wanted() -> Option<Option<PathBuf>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => Some(None),
        [flag, dir] if flag == "--pack" => Some(Some(PathBuf::from(dir))),
        [one] => one.strip_prefix("--pack=").map(|d| Some(PathBuf::from(d))),
        _ => None,
    }
}

fn ui(pack_dir: Option<PathBuf>) -> ExitCode {
    let pack = match &pack_dir {
        Some(dir) => opslab::pack::Pack::from_dir(dir),
        None => opslab::pack::Pack::built_in(),
    };
    let pack = match pack {
        Ok(pack) => pack,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match opslab::tui::run(pack, opslab::tui::TuiOptions::default()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
