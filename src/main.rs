//! Stand-in entry until the command line lands: `opslab [--pack DIR]` opens
//! the terminal UI on the built-in pack or the pack in DIR.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pack = match args.as_slice() {
        [] => opslab::pack::Pack::built_in(),
        [flag, dir] if flag == "--pack" => opslab::pack::Pack::from_dir(Path::new(dir)),
        _ => {
            eprintln!("usage: opslab [--pack DIR]");
            return ExitCode::from(2);
        }
    };
    let pack = match pack {
        Ok(pack) => pack,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match opslab::tui::run(pack, opslab::tui::TuiOptions::default()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("opslab: {e}");
            ExitCode::from(2)
        }
    }
}
