//! Sharing packs: `pack export` writes a .tar.gz, `pack install` validates
//! and installs it (or a folder) into the learner's packs folder, `--pack
//! ID` opens it, a newer version keeps progress, and hostile archives are
//! refused with nothing written anywhere. Trust: an installed pack's
//! scripts are shown and trusted only when the user says so.

use std::path::Path;

mod install_support;

use install_support::Home;

#[test]
fn an_exported_pack_installs_opens_by_id_and_an_update_keeps_progress() {
    let home = Home::new();
    home.ok(&["pack", "new", "course"]);
    let out = home.ok(&["pack", "export", "course"]);
    assert!(
        out.contains("wrote course-0.1.0.tar.gz (course 0.1.0, 1 lab,"),
        "{out}"
    );
    let out = home.ok(&["pack", "install", "course-0.1.0.tar.gz", "--trust"]);
    assert!(out.contains("installed course 0.1.0"), "{out}");
    assert_eq!(home.installed_names(), ["course"]);
    // Another folder, so `--pack course` can only mean the installed pack.
    std::fs::rename(home.path("course"), home.path("source")).unwrap();
    home.ok(&["--pack", "course", "start", "hello-script"]);
    let ws = home.path("labs/hello-script");
    std::fs::write(ws.join("hello.sh"), "#!/bin/sh\necho \"Hello, opslab\"\n").unwrap();
    let (code, _) = home.run(&["--pack", "course", "check", "hello-script"]);
    assert_eq!(code, Some(1));
    let before = home.ok(&["--pack", "course", "list"]);
    assert!(before.contains("hello-script"), "{before}");
    assert!(
        before.contains("`opslab --pack course "),
        "an installed pack is named by its id: {before}"
    );

    let toml = home.path("source/pack.toml");
    let text = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("version = \"0.1.0\"", "version = \"0.2.0\"");
    std::fs::write(&toml, text).unwrap();
    let out = home.ok(&["pack", "install", "source", "--trust"]);
    assert!(out.contains("updated course from 0.1.0 to 0.2.0"), "{out}");
    let after = home.ok(&["--pack", "course", "list"]);
    let status = |list: &str| {
        list.lines()
            .find(|l| l.contains("hello-script"))
            .map(str::to_string)
    };
    assert_eq!(
        status(&before),
        status(&after),
        "progress of a lab that still exists is kept"
    );
    assert!(!status(&after).unwrap().contains("available"), "{after}");
    assert_eq!(
        home.installed_names(),
        ["course"],
        "no staging or old copy is left"
    );
}

#[test]
fn an_installed_packs_scripts_are_shown_and_trusted_only_when_the_user_says_so() {
    let home = Home::new();
    home.ok(&["pack", "new", "course"]);
    let out = home.ok(&["pack", "install", "course"]);
    assert!(
        out.contains("--- 01-hello-script/solution/solve.sh ---"),
        "{out}"
    );
    assert!(
        out.contains("git commit -qm \"feat: add hello script\""),
        "the script's text is shown: {out}"
    );
    assert!(out.contains("installing it untrusted"), "{out}");
    assert!(home.ok(&["pack", "list"]).contains("not trusted"));
    home.ok(&["pack", "trust", "course", "--yes"]);
    let list = home.ok(&["pack", "list"]);
    assert!(
        list.contains("trusted") && !list.contains("not trusted"),
        "{list}"
    );
    // A new version with a changed script must be trusted again.
    std::fs::write(
        home.path("course/01-hello-script/wrong/not-committed.sh"),
        "#!/bin/sh\necho changed >> hello.sh\n",
    )
    .unwrap();
    home.ok(&["pack", "install", "course", "--no-trust"]);
    assert!(home.ok(&["pack", "list"]).contains("not trusted"));
}

/// A .tar.gz with one entry whose header says `kind`, `name` (written raw,
/// so `..` and absolute names get in), `link` and `data`, after a valid
/// pack.toml.
fn hostile(entries: &[(tar::EntryType, &str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut tar = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::fast(),
    ));
    let pack = b"format = 1\nid = \"evil\"\ntitle = \"Evil\"\nversion = \"1.0.0\"\n[[stage]]\nid = \"s\"\ntitle = \"S\"\n";
    let mut h = tar::Header::new_gnu();
    h.set_path("evil/pack.toml").unwrap();
    h.set_size(pack.len() as u64);
    h.set_mode(0o644);
    h.set_cksum();
    tar.append(&h, &pack[..]).unwrap();
    for (kind, name, link, data) in entries {
        let mut h = tar::Header::new_old();
        h.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        h.set_entry_type(*kind);
        h.set_mode(0o644);
        h.set_size(data.len() as u64);
        if let Some(link) = link {
            h.as_old_mut().linkname[..link.len()].copy_from_slice(link.as_bytes());
        }
        h.set_cksum();
        tar.append(&h, *data).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap()
}

fn assert_refused(home: &Home, archive: &[u8], needle: &str) {
    let file = home.path("evil.tar.gz");
    std::fs::write(&file, archive).unwrap();
    let (code, text) = home.run(&["pack", "install", "evil.tar.gz", "--trust"]);
    assert_ne!(code, Some(0), "{text}");
    assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
    assert!(text.contains("nothing was installed"), "{text}");
    assert!(
        home.installed_names().is_empty(),
        "left behind: {:?}",
        home.installed_names()
    );
}

#[test]
fn hostile_archives_are_refused_and_nothing_lands_anywhere() {
    use tar::EntryType::*;
    let home = Home::new();
    let outside = home.path("data/opslab/escaped");
    assert_refused(
        &home,
        &hostile(&[(Regular, "evil/../../escaped", None, b"x")]),
        "climbs out with `..`",
    );
    assert_refused(
        &home,
        &hostile(&[(Regular, "/tmp/opslab-escaped-abs", None, b"x")]),
        "is an absolute path",
    );
    assert_refused(
        &home,
        &hostile(&[(Symlink, "evil/out", Some("/etc"), b"")]),
        "is a link to the absolute path /etc",
    );
    assert_refused(
        &home,
        &hostile(&[(Symlink, "evil/up", Some("../../.."), b"")]),
        "outside the pack",
    );
    assert_refused(
        &home,
        &hostile(&[
            (Symlink, "evil/in", Some("lab"), b""),
            (Regular, "evil/in/x", None, b"x"),
        ]),
        "would be written through a link",
    );
    assert_refused(
        &home,
        &hostile(&[(Link, "evil/hard", Some("/etc/passwd"), b"")]),
        "is a hard link",
    );
    assert_refused(
        &home,
        &hostile(&[(Char, "evil/null", None, b"")]),
        "is a device file",
    );
    assert_refused(
        &home,
        &hostile(&[(Fifo, "evil/pipe", None, b"")]),
        "is a FIFO",
    );
    let big = vec![0u8; (64 << 20) + 1];
    assert_refused(
        &home,
        &hostile(&[(Regular, "evil/big", None, &big)]),
        "over the 67108864-byte limit",
    );
    assert!(!outside.exists() && !Path::new("/tmp/opslab-escaped-abs").exists());
    let (code, text) = home.run(&["pack", "install", "nonexistent.tar.gz"]);
    assert_eq!(code, Some(2), "{text}");
}

#[test]
fn an_archive_that_is_not_a_valid_pack_is_not_installed() {
    let home = Home::new();
    home.ok(&["pack", "new", "course"]);
    std::fs::write(
        home.path("course/01-hello-script/lab.toml"),
        "id = \"x\"\nminuts = 3\n",
    )
    .unwrap();
    let (code, text) = home.run(&["pack", "install", "course"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("has problems, so it was not installed"),
        "{text}"
    );
    assert!(text.contains("lab.toml"), "{text}");
    assert!(
        home.installed_names().is_empty(),
        "{:?}",
        home.installed_names()
    );
}

#[test]
fn pack_test_runs_no_script_of_an_untrusted_installed_pack() {
    let home = Home::new();
    home.ok(&["pack", "new", "course"]);
    // A solve script that leaves a mark where the test can see it.
    let mark = home.path("solve-ran");
    let solve = home.path("course/01-hello-script/solution/solve.sh");
    let text = std::fs::read_to_string(&solve).unwrap();
    std::fs::write(&solve, format!("{text}touch {}\n", mark.display())).unwrap();
    home.ok(&["pack", "install", "course", "--no-trust"]);
    let installed = home.packs().join("course");
    let (code, text) = home.run(&["pack", "test", installed.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("not run: pack not trusted"), "{text}");
    assert!(text.contains("opslab pack trust course"), "{text}");
    assert!(!mark.exists(), "solve.sh ran for an untrusted pack");
    home.ok(&["pack", "trust", "course", "--yes"]);
    let (code, text) = home.run(&["pack", "test", installed.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{text}");
    assert!(mark.exists(), "a trusted pack's solve.sh runs");
}

#[test]
fn a_pack_id_that_is_a_path_or_hidden_does_not_load() {
    let home = Home::new();
    home.ok(&["pack", "new", "course"]);
    for bad in ["../escaped", "/tmp/x", ".hidden", "-opt"] {
        let toml = home.path("course/pack.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        let start = text.find("id = \"").unwrap() + 6;
        let end = start + text[start..].find('"').unwrap();
        std::fs::write(&toml, format!("{}{bad}{}", &text[..start], &text[end..])).unwrap();
        let (code, text) = home.run(&["pack", "validate", "course"]);
        assert_eq!(code, Some(2), "{bad}: {text}");
        assert!(
            text.contains("pack.toml:") && text.contains("is not usable"),
            "{bad}: {text}"
        );
    }
}
