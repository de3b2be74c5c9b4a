//! The authoring tools against a pack whose id or version is not a plain
//! name (the packs folder and the archive's file are named after them): an
//! id that is a path does not load, a version that is not a file name is a
//! `pack validate --strict` warning, and `pack export` refuses with the fix,
//! writing nothing, instead of an error from deep inside the tar writer.

use std::path::PathBuf;

mod install_support;

use install_support::run_in as run;

/// A scaffolded pack in `DIR/work/p` with `from` replaced by `to` in its
/// pack.toml.
fn pack_with(dir: &std::path::Path, from: &str, to: &str) -> PathBuf {
    let work = dir.join("work");
    std::fs::create_dir_all(&work).unwrap();
    let (code, text) = run(&work, &["pack", "new", "p"]);
    assert_eq!(code, Some(0), "{text}");
    let manifest = work.join("p/pack.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    assert!(text.contains(from), "{text}");
    std::fs::write(&manifest, text.replace(from, to)).unwrap();
    work
}

fn files_under(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        out.push(e.path());
        if e.file_type().unwrap().is_dir() {
            out.extend(files_under(&e.path()));
        }
    }
    out.sort();
    out
}

#[test]
fn adversary_pack_id_with_a_path_does_not_load_and_export_refuses_it() {
    let home = tempfile::tempdir().unwrap();
    let work = pack_with(home.path(), "id = \"p\"", "id = \"../escaped\"");
    let (code, text) = run(&work, &["pack", "validate", "p"]);
    assert_eq!(code, Some(2), "the loader refuses it: {text}");
    assert!(
        text.contains("the pack id \"../escaped\" is not usable"),
        "{text}"
    );
    let before = files_under(home.path());
    let (code, text) = run(&work, &["pack", "export", "p"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("pack.toml:") && text.contains("is not usable"),
        "{text}"
    );
    assert_eq!(files_under(home.path()), before, "export wrote something");
}

#[test]
fn adversary_pack_version_with_a_slash_is_refused_by_export() {
    let home = tempfile::tempdir().unwrap();
    let work = pack_with(home.path(), "version = \"0.1.0\"", "version = \"1/x\"");
    let (code, text) = run(&work, &["pack", "export", "p"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("the version `1/x` cannot be part of a file name"),
        "{text}"
    );
}

fn line_of<'a>(text: &'a str, id: &str) -> &'a str {
    text.lines()
        .find(|l| l.trim_start().starts_with(id))
        .unwrap_or("")
}

#[test]
fn adversary_editing_a_file_a_trusted_script_runs_withdraws_the_trust() {
    let home = tempfile::tempdir().unwrap();
    let work = pack_with(home.path(), "id = \"p\"", "id = \"helper-pack\"");
    let solution = work.join("p/01-hello-script/solution");
    std::fs::write(solution.join("helper.sh"), "echo benign\n").unwrap();
    let solve = std::fs::read_to_string(solution.join("solve.sh")).unwrap();
    std::fs::write(solution.join("solve.sh"), solve + "sh ./helper.sh\n").unwrap();
    let (code, text) = run(&work, &["pack", "install", "p", "--trust"]);
    assert_eq!(code, Some(0), "{text}");
    let (_, list) = run(&work, &["pack", "list"]);
    assert!(line_of(&list, "helper-pack").contains(" trusted"), "{list}");

    // solve.sh is unchanged; the helper it runs is not.
    let marker = home.path().join("ran-the-edited-helper");
    let installed = work.join("data/opslab/packs/helper-pack");
    let helper = installed.join("01-hello-script/solution/helper.sh");
    std::fs::write(&helper, format!("touch {}\n", marker.display())).unwrap();
    let (_, list) = run(&work, &["pack", "list"]);
    assert!(
        line_of(&list, "helper-pack").contains("not trusted"),
        "{list}"
    );
    let (_, text) = run(&work, &["pack", "test", "helper-pack"]);
    assert!(text.contains("not run: pack not trusted"), "{text}");
    assert!(!marker.exists(), "the edited helper ran:\n{text}");
}

#[test]
fn adversary_reinstalling_with_no_trust_withdraws_an_earlier_trust() {
    let home = tempfile::tempdir().unwrap();
    let work = pack_with(home.path(), "id = \"p\"", "id = \"again\"");
    assert_eq!(run(&work, &["pack", "install", "p", "--trust"]).0, Some(0));
    let (code, text) = run(&work, &["pack", "install", "p", "--no-trust"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("not trusted"), "{text}");
    let (_, list) = run(&work, &["pack", "list"]);
    assert!(line_of(&list, "again").contains("not trusted"), "{list}");
}
