//! The walk `start` copies a starter with (`PackSource::files_below`) refuses
//! what `pack validate` refuses, with the same path, and never blocks on a
//! FIFO or follows a link out of the pack.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

use opslab::pack::PackSource;

fn pack_with_starter() -> (tempfile::TempDir, PackSource) {
    let root = tempfile::tempdir().unwrap();
    let starter = root.path().join("pack/lab/starter");
    fs::create_dir_all(starter.join("config")).unwrap();
    fs::write(starter.join("README.md"), "Start here.\n").unwrap();
    fs::write(starter.join("config/app.conf"), "port = 80\n").unwrap();
    let source = PackSource::Dir(root.path().join("pack"));
    (root, source)
}

fn starter(source: &PackSource) -> Result<Vec<String>, String> {
    source
        .files_below(Path::new("lab/starter"))
        .map(|files| files.iter().map(|f| f.display().to_string()).collect())
        .map_err(|e| e.to_string())
}

#[test]
fn a_plain_starter_lists_every_file() {
    let (_root, source) = pack_with_starter();
    assert_eq!(
        starter(&source).unwrap(),
        ["lab/starter/README.md", "lab/starter/config/app.conf"]
    );
}

#[test]
fn a_starter_link_looping_back_is_refused_with_its_path() {
    let (root, source) = pack_with_starter();
    symlink(".", root.path().join("pack/lab/starter/again")).unwrap();
    let error = starter(&source).unwrap_err();
    assert!(error.contains("lab/starter/again"), "{error}");
    assert!(error.contains("loop"), "{error}");
    let (_, problems) = source.walk(Path::new("lab"));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].to_string().contains("lab/starter/again"));
}

#[test]
fn a_starter_link_out_of_the_pack_is_refused_not_followed() {
    let (root, source) = pack_with_starter();
    fs::create_dir(root.path().join("outside")).unwrap();
    fs::write(root.path().join("outside/secret"), "x").unwrap();
    symlink(
        root.path().join("outside"),
        root.path().join("pack/lab/starter/out"),
    )
    .unwrap();
    let error = starter(&source).unwrap_err();
    assert!(
        error.contains("lab/starter/out") && error.contains("outside the pack"),
        "{error}"
    );
}

#[test]
fn a_fifo_in_the_starter_is_refused_by_its_type_and_never_opened() {
    let (root, source) = pack_with_starter();
    let fifo = root.path().join("pack/lab/starter/notes.txt");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // Opening a FIFO waits for a writer: a regression would hang, so the
    // reads run on a thread with a bound far above their normal time.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let read = source.read(Path::new("lab/starter/notes.txt"));
        let _ = tx.send((starter(&source), read.map_err(|e| e.to_string())));
    });
    let (walked, read) = rx
        .recv_timeout(std::time::Duration::from_secs(15))
        .expect("reading a pack with a FIFO ends within 15 s");
    let error = walked.unwrap_err();
    assert!(error.contains("named pipe"), "{error}");
    let read = read.unwrap_err();
    assert!(read.contains("not a plain file"), "{read}");
    drop(root);
}
