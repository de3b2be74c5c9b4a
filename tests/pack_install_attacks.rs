//! `pack install` against crafted archives the `tar` crate would never
//! write: a pack id that is a path, links that stay inside the archive but
//! leave the pack's own folder once it is renamed into place, entries that
//! are not files yet carry content (a decompression bomb), entries given
//! twice, names with control characters. Each is refused naming the entry,
//! with nothing written outside the packs folder and nothing installed.

use std::io::Write;
use std::path::Path;

mod install_support;

use install_support::Home;

impl Home {
    /// A fresh scaffolded pack `p` in the home folder, its files as
    /// (archive name under `top/`, bytes, mode).
    fn scaffold(&self, top: &str) -> Vec<Entry> {
        let (code, text) = self.run(&["pack", "new", "p"]);
        assert_eq!(code, Some(0), "{text}");
        let mut out = vec![Entry::dir(top)];
        walk(&self.path("p"), Path::new(top), &mut out);
        out
    }
    /// Everything in the data folder, hidden names included.
    fn data_tree(&self) -> Vec<String> {
        let mut out = Vec::new();
        list(&self.path("data"), "", &mut out);
        out.sort();
        out
    }
    fn install(&self, entries: &[Entry]) -> (Option<i32>, String) {
        let file = self.path("crafted.tar.gz");
        std::fs::write(&file, tar_gz(entries)).unwrap();
        self.run(&["pack", "install", file.to_str().unwrap(), "--no-trust"])
    }
}

fn walk(dir: &Path, name: &Path, out: &mut Vec<Entry>) {
    let mut items: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    items.sort_by_key(|e| e.file_name());
    for item in items {
        let child = name.join(item.file_name());
        let shown = child.to_str().unwrap();
        if item.file_type().unwrap().is_dir() {
            out.push(Entry::dir(shown));
            walk(&item.path(), &child, out);
        } else {
            use std::os::unix::fs::PermissionsExt;
            let mode = item.metadata().unwrap().permissions().mode() & 0o777;
            let mut file = Entry::file(shown, &std::fs::read(item.path()).unwrap());
            file.mode = mode;
            out.push(file);
        }
    }
}

fn list(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    for item in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = format!("{prefix}{}", item.file_name().to_string_lossy());
        if item.file_type().unwrap().is_dir() {
            list(&item.path(), &format!("{name}/"), out);
        }
        out.push(name);
    }
}

/// One raw tar entry: any name, type and claimed size.
#[derive(Clone)]
struct Entry {
    name: Vec<u8>,
    kind: u8,
    link: Vec<u8>,
    data: Vec<u8>,
    /// The size the header claims (the data is padded with zeros to it).
    size: u64,
    mode: u32,
}

impl Entry {
    fn file(name: &str, data: &[u8]) -> Entry {
        Entry {
            name: name.into(),
            kind: b'0',
            link: Vec::new(),
            data: data.to_vec(),
            size: data.len() as u64,
            mode: 0o644,
        }
    }
    fn dir(name: &str) -> Entry {
        Entry {
            kind: b'5',
            mode: 0o755,
            ..Entry::file(name, b"")
        }
    }
    fn symlink(name: &str, to: &str) -> Entry {
        Entry {
            kind: b'2',
            link: to.into(),
            mode: 0o777,
            ..Entry::file(name, b"")
        }
    }
}

fn octal(field: &mut [u8], value: u64) {
    let text = format!("{value:0width$o}", width = field.len() - 1);
    field[..text.len()].copy_from_slice(text.as_bytes());
}

fn tar_gz(entries: &[Entry]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for e in entries {
        let mut h = [0u8; 512];
        h[..e.name.len()].copy_from_slice(&e.name);
        octal(&mut h[100..108], e.mode as u64);
        octal(&mut h[108..116], 0);
        octal(&mut h[116..124], 0);
        octal(&mut h[124..136], e.size);
        octal(&mut h[136..148], 0);
        h[156] = e.kind;
        h[157..157 + e.link.len()].copy_from_slice(&e.link);
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|b| *b as u32).sum();
        let text = format!("{sum:06o}\0 ");
        h[148..156].copy_from_slice(text.as_bytes());
        gz.write_all(&h).unwrap();
        gz.write_all(&e.data).unwrap();
        let zeros = vec![0u8; 1 << 16];
        let mut left = e.size - e.data.len() as u64;
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            gz.write_all(&zeros[..n]).unwrap();
            left -= n as u64;
        }
        let pad = (512 - (e.size % 512) as usize) % 512;
        gz.write_all(&vec![0u8; pad]).unwrap();
    }
    gz.write_all(&[0u8; 1024]).unwrap();
    gz.finish().unwrap()
}

fn with_id(mut entries: Vec<Entry>, id: &str) -> Vec<Entry> {
    for e in &mut entries {
        if e.name.ends_with(b"/pack.toml") {
            let text = String::from_utf8(e.data.clone()).unwrap();
            e.data = text.replace("id = \"p\"", &format!("id = {id:?}")).into();
            e.size = e.data.len() as u64;
        }
    }
    entries
}

#[test]
fn attack_pack_id_naming_a_path_outside_the_packs_folder_is_refused() {
    for id in [
        "../escaped",
        "/tmp/opslab-attack-absolute-id",
        ".hidden",
        "a/b",
    ] {
        let home = Home::new();
        let entries = with_id(home.scaffold("top"), id);
        let (code, text) = home.install(&entries);
        assert_eq!(code, Some(2), "id {id:?} was accepted:\n{text}");
        // Refused when the pack loads, before anything is placed.
        assert!(
            text.contains("is not usable") && text.contains("not installed"),
            "{text}"
        );
        assert_eq!(home.data_tree(), vec!["opslab", "opslab/packs"], "{id}");
        assert!(!Path::new("/tmp/opslab-attack-absolute-id").exists());
    }
}

#[test]
fn attack_link_inside_the_archive_but_outside_the_pack_folder_is_refused() {
    let home = Home::new();
    let first = home.scaffold("top");
    assert_eq!(home.install(&first).0, Some(0));
    assert!(home.path("data/opslab/packs/p/pack.toml").is_file());
    let before = home.data_tree();
    // `top/notes` -> `../top/README.md` resolves while staged (the staging
    // folder holds `top`), but once `top` is renamed to `packs/p` it points
    // at `packs/top/README.md`: another installed pack, or nothing.
    let mut entries = first.clone();
    entries.push(Entry::symlink("top/notes", "../top/README.md"));
    let (code, text) = home.install(&entries);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("`top/notes`"), "{text}");
    assert_eq!(home.data_tree(), before, "the installed version changed");
}

#[test]
fn attack_directory_entry_carrying_content_is_refused_unread() {
    let home = Home::new();
    let mut entries = home.scaffold("top");
    let mut bomb = Entry::dir("top/bomb");
    bomb.size = 8 << 20;
    entries.push(bomb);
    let (code, text) = home.install(&entries);
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("`top/bomb` is not a file yet carries"),
        "{text}"
    );
    assert_eq!(home.data_tree(), vec!["opslab", "opslab/packs"]);
}

#[test]
fn attack_entries_given_twice_are_refused_by_name() {
    let cases: [(&str, Vec<Entry>); 3] = [
        (
            "file then link",
            vec![
                Entry::file("top/x", b"a"),
                Entry::symlink("top/x", "pack.toml"),
            ],
        ),
        (
            "folder then file",
            vec![Entry::dir("top/x"), Entry::file("top/x", b"a")],
        ),
        (
            "file then file",
            vec![Entry::file("top/x", b"a"), Entry::file("top/x", b"b")],
        ),
    ];
    for (what, extra) in cases {
        let home = Home::new();
        let mut entries = home.scaffold("top");
        entries.extend(extra);
        let (code, text) = home.install(&entries);
        assert_eq!(code, Some(2), "{what}: {text}");
        assert!(text.contains("`top/x` appears twice"), "{what}: {text}");
        assert_eq!(home.data_tree(), vec!["opslab", "opslab/packs"]);
    }
}

#[test]
fn attack_names_with_control_characters_are_refused_and_shown_escaped() {
    let home = Home::new();
    let mut entries = home.scaffold("top");
    entries.push(Entry::file("top/evil\nname\x1b[31m", b"x"));
    let (code, text) = home.install(&entries);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("control character"), "{text}");
    assert!(
        !text.contains('\x1b'),
        "the escape reached the terminal: {text:?}"
    );
    assert_eq!(home.data_tree(), vec!["opslab", "opslab/packs"]);
}

#[test]
fn attack_invalid_pack_is_named_as_in_the_archive_not_the_gone_staging_folder() {
    let home = Home::new();
    let entries = with_id(home.scaffold("top"), "");
    let (code, text) = home.install(&entries);
    assert_eq!(code, Some(2), "{text}");
    assert!(!text.contains(".installing-"), "{text}");
    assert!(text.contains("top/pack.toml:"), "{text}");
}

#[test]
fn attack_huge_long_name_record_is_refused_before_it_is_read_into_memory() {
    let home = Home::new();
    let mut entries = home.scaffold("top");
    let mut long = Entry::file("././@LongLink", b"top/x");
    long.kind = b'L';
    long.size = 1 << 20;
    entries.push(long);
    entries.push(Entry::file("placeholder", b"x"));
    let (code, text) = home.install(&entries);
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("is a long-name or extended header of 1048576 bytes"),
        "{text}"
    );
    assert_eq!(home.data_tree(), vec!["opslab", "opslab/packs"]);
}

#[test]
fn attack_too_many_entries_are_refused_before_any_is_written() {
    let home = Home::new();
    let mut entries = home.scaffold("top");
    entries.extend((0..10_001).map(|i| Entry::file(&format!("top/many/f{i}"), b"")));
    let (code, text) = home.install(&entries);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("bytes or 10000 files"), "{text}");
    assert_eq!(home.data_tree(), vec!["opslab", "opslab/packs"]);
}
