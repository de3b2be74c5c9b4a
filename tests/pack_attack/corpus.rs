//! The corpus: each case plants one fault in a copy of the basic pack
//! (`tests/fixtures/pack-basic`: labs `first-file`, `second` which needs
//! `first-file`, and `init-only`).

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

use super::runner::{Case, Kind, Setup};
use super::{fields, hostile};

pub(super) const LAB: &str = "first-file/lab.toml";

pub(super) fn case(
    name: &str,
    kind: Kind,
    culprit: &'static str,
    says: &'static str,
    setup: Setup,
) -> Case {
    Case {
        name: Box::leak(name.to_string().into_boxed_str()),
        kind,
        setup,
        culprit,
        says,
        field: None,
        start: false,
        never: None,
    }
}

impl Case {
    pub(super) fn field(mut self, field: &'static str) -> Case {
        self.field = Some(field);
        self
    }
    pub(super) fn start(mut self) -> Case {
        self.start = true;
        self
    }
    pub(super) fn never(mut self, text: &'static str) -> Case {
        self.never = Some(text);
        self
    }
}

/// Removes whatever is at `path` (file, link, folder).
pub(super) fn clear(path: &Path) {
    if let Ok(meta) = fs::symlink_metadata(path) {
        if meta.is_dir() {
            fs::remove_dir_all(path).unwrap();
        } else {
            fs::remove_file(path).unwrap();
        }
    }
}

pub(super) fn fifo(rel: &'static str) -> Setup {
    Box::new(move |pack, _| {
        clear(&pack.join(rel));
        let made = Command::new("mkfifo").arg(pack.join(rel)).status().unwrap();
        assert!(made.success());
    })
}

pub(super) fn socket(rel: &'static str) -> Setup {
    Box::new(move |pack, _| {
        clear(&pack.join(rel));
        // The socket file stays after the listener is dropped.
        std::os::unix::net::UnixListener::bind(pack.join(rel)).unwrap();
    })
}

/// A link at `rel`; `target` is taken as written, with `{out}` standing for
/// the folder outside the pack.
pub(super) fn link(rel: &'static str, target: &'static str) -> Setup {
    Box::new(move |pack, outside| {
        clear(&pack.join(rel));
        let target = target.replace("{out}", &outside.display().to_string());
        symlink(target, pack.join(rel)).unwrap();
    })
}

pub(super) fn edit(rel: &'static str, from: &'static str, to: &'static str) -> Setup {
    Box::new(move |pack, _| {
        let path = pack.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    })
}

/// Adds a check to `first-file/lab.toml`.
pub(super) fn check(body: &'static str) -> Setup {
    Box::new(move |pack, _| {
        let path = pack.join(LAB);
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str(&format!("\n[[check]]\nid = \"attack\"\n{body}\n"));
        fs::write(&path, text).unwrap();
    })
}

pub(super) fn with(f: impl Fn(&Path, &Path) + 'static) -> Setup {
    Box::new(f)
}

pub(super) fn sized(rel: &'static str, bytes: u64) -> Setup {
    Box::new(move |pack, _| {
        clear(&pack.join(rel));
        fs::File::create(pack.join(rel))
            .unwrap()
            .set_len(bytes)
            .unwrap();
    })
}

pub fn cases() -> Vec<Case> {
    let mut all = special_files();
    all.extend(links());
    all.extend(file_shapes());
    all.extend(fields::ranges());
    all.extend(fields::types());
    all.extend(fields::keys());
    all.extend(fields::structure());
    all.extend(hostile::walks());
    all.extend(hostile::limits());
    all.extend(hostile::control_text());
    all.extend(hostile::blank_and_names());
    all.extend(hostile::renamed_broken_labs());
    all
}

fn special_files() -> Vec<Case> {
    let places: [(&'static str, bool); 8] = [
        ("pack.toml", false),
        ("first-file/lab.toml", false),
        ("first-file/brief.md", false),
        ("first-file/starter/README.md", true),
        ("first-file/starter/config/app.conf", true),
        ("first-file/solution/notes.txt", false),
        ("second/lab.toml", false),
        ("second/brief.md", false),
    ];
    let mut out = Vec::new();
    for (rel, starter) in places {
        let planted = [
            ("fifo", fifo(rel), "must be regular files"),
            ("socket", socket(rel), "must be regular files"),
            ("dev-zero", link(rel, "/dev/zero"), "outside the pack"),
            ("dev-urandom", link(rel, "/dev/urandom"), "outside the pack"),
        ];
        for (what, setup, says) in planted {
            let c = case(
                &format!("{what} at {rel}"),
                Kind::SpecialFile,
                rel,
                says,
                setup,
            );
            out.push(if starter { c.start() } else { c });
        }
    }
    out.push(case(
        "brief.md linked to a fifo inside the pack",
        Kind::SpecialFile,
        "first-file/brief.md",
        "must be regular files",
        with(|pack, _| {
            let made = Command::new("mkfifo")
                .arg(pack.join("first-file/solution/pipe"))
                .status()
                .unwrap();
            assert!(made.success());
            clear(&pack.join("first-file/brief.md"));
            symlink("solution/pipe", pack.join("first-file/brief.md")).unwrap();
        }),
    ));
    out
}

#[rustfmt::skip]
fn links() -> Vec<Case> {
    let k = Kind::Link;
    let out_fix = "copy what it points to into the pack";
    let loop_fix = "remove the link that points back";
    let nowhere = "points nowhere";
    vec![
        case("pack.toml links out", k, "pack.toml", out_fix, link("pack.toml", "{out}/secret.txt")),
        case("lab folder links out", k, "first-file", out_fix, link("first-file", "{out}/lab")),
        case("shared folder links out", k, "shared", out_fix, link("shared", "{out}")),
        case("lab.toml links out", k, LAB, out_fix, link(LAB, "{out}/lab/lab.toml")),
        case("brief links out", k, "first-file/brief.md", out_fix, link("first-file/brief.md", "{out}/lab/brief.md")),
        case("starter links out", k, "first-file/starter", out_fix, link("first-file/starter", "{out}/lab/starter")).start(),
        case("solution links out", k, "first-file/solution", out_fix, link("first-file/solution", "{out}/lab/solution")),
        case("starter file links out", k, "first-file/starter/README.md", out_fix, link("first-file/starter/README.md", "{out}/secret.txt")).start(),
        case("starter folder links out", k, "first-file/starter/config", out_fix, link("first-file/starter/config", "{out}/lab/starter/config")).start(),
        case("starter file links out relatively", k, "first-file/starter/x", out_fix, link("first-file/starter/x", "../../../outside/secret.txt")).start(),
        case("solution file links to /etc/passwd", k, "first-file/solution/passwd", out_fix, link("first-file/solution/passwd", "/etc/passwd")),
        case("starter links to itself", k, "first-file/starter/again", loop_fix, link("first-file/starter/again", ".")).start(),
        case("starter links to its lab", k, "first-file/starter/up", loop_fix, link("first-file/starter/up", "..")).start(),
        case("starter links to the pack root", k, "first-file/starter/config/top", loop_fix, link("first-file/starter/config/top", "../../..")).start(),
        case("solution links to itself", k, "first-file/solution/again", loop_fix, link("first-file/solution/again", ".")),
        case("lab folder links to itself", k, "first-file/self", loop_fix, link("first-file/self", ".")),
        case("starter links in a circle", k, "first-file/starter/a", "loop", with(|pack, _| {
            symlink("b", pack.join("first-file/starter/a")).unwrap();
            symlink("a", pack.join("first-file/starter/b")).unwrap();
        })).start(),
        case("lab.toml links to itself", k, LAB, "loop", link(LAB, "lab.toml")),
        case("brief links to itself", k, "first-file/brief.md", "loop", link("first-file/brief.md", "brief.md")),
        case("pack.toml links to itself", k, "pack.toml", "loop", link("pack.toml", "pack.toml")),
        case("starter link points nowhere", k, "first-file/starter/gone", nowhere, link("first-file/starter/gone", "nowhere")).start(),
        case("brief link points nowhere", k, "first-file/brief.md", nowhere, link("first-file/brief.md", "missing.md")),
        case("lab.toml link points nowhere", k, LAB, nowhere, link(LAB, "missing.toml")),
    ]
}

fn not_utf8(rel: &'static str) -> Setup {
    with(move |pack, _| {
        let mut bytes = fs::read(pack.join(rel)).unwrap();
        bytes.extend_from_slice(b"\n# caf\xe9 \xff\xfe\n");
        fs::write(pack.join(rel), bytes).unwrap();
    })
}

fn folder(rel: &'static str) -> Setup {
    with(move |pack, _| {
        clear(&pack.join(rel));
        fs::create_dir(pack.join(rel)).unwrap();
    })
}

fn plain_file(rel: &'static str) -> Setup {
    with(move |pack, _| {
        clear(&pack.join(rel));
        fs::write(pack.join(rel), "not a folder\n").unwrap();
    })
}

#[rustfmt::skip]
fn file_shapes() -> Vec<Case> {
    let k = Kind::FileShape;
    let utf8 = "save the file as UTF-8";
    vec![
        case("lab.toml over 1 MiB", k, LAB, "larger than 1.0 MiB", sized(LAB, 2 << 20)),
        case("brief over 1 MiB", k, "first-file/brief.md", "larger than 1.0 MiB", sized("first-file/brief.md", 2 << 20)),
        case("pack.toml over 1 MiB", k, "pack.toml", "larger than 1.0 MiB", sized("pack.toml", 2 << 20)),
        case("starter file over 64 MiB", k, "first-file/starter/big.bin", "larger than 64.0 MiB", sized("first-file/starter/big.bin", 65 << 20)).start(),
        case("solution file over 64 MiB", k, "first-file/solution/big.bin", "larger than 64.0 MiB", sized("first-file/solution/big.bin", 65 << 20)),
        case("pack.toml not UTF-8", k, "pack.toml", utf8, not_utf8("pack.toml")),
        case("lab.toml not UTF-8", k, LAB, utf8, not_utf8(LAB)),
        case("brief not UTF-8", k, "first-file/brief.md", utf8, not_utf8("first-file/brief.md")),
        case("pack.toml is a folder", k, "pack.toml", "must be a file", folder("pack.toml")),
        case("lab.toml is a folder", k, LAB, "must be a file", folder(LAB)),
        case("brief is a folder", k, "first-file/brief.md", "must be a file", folder("first-file/brief.md")),
        case("starter is a file", k, "first-file/starter", "must be a folder", plain_file("first-file/starter")).start(),
        case("solution is a file", k, "first-file/solution", "must be a folder", plain_file("first-file/solution")),
        case("brief is missing", k, "first-file/brief.md", "every lab needs a brief.md", with(|pack, _| clear(&pack.join("first-file/brief.md")))),
        case("starter is missing", k, "first-file/starter", "every lab needs a starter/", with(|pack, _| clear(&pack.join("first-file/starter")))),
        case("starter nests too deep", k, "first-file/starter", "flatten the folder", with(|pack, _| {
            let deep = (0..40).fold(pack.join("first-file/starter"), |p, i| p.join(format!("d{i}")));
            fs::create_dir_all(deep).unwrap();
        })).start(),
        case("starter holds too many files", k, "first-file/starter/many", "at most 10000", with(|pack, _| {
            let many = pack.join("first-file/starter/many");
            fs::create_dir(&many).unwrap();
            for i in 0..10_001 {
                fs::File::create(many.join(format!("f{i}"))).unwrap();
            }
        })).start(),
        case("too many checks", k, LAB, "more than the limit of 200", with(|pack, _| {
            let lab = pack.join(LAB);
            let mut text = fs::read_to_string(&lab).unwrap();
            for i in 0..201 {
                text.push_str(&format!("\n[[check]]\nid = \"c{i}\"\nkind = \"file.exists\"\npath = \"a\"\n"));
            }
            fs::write(lab, text).unwrap();
        })),
        case("values nested too deep", k, LAB, "nest tables and lists less deeply", with(|pack, _| {
            let lab = pack.join(LAB);
            let deep = format!("minutes = 5\nx = {}", "[".repeat(100_000));
            let text = fs::read_to_string(&lab).unwrap().replacen("minutes = 5", &deep, 1);
            fs::write(lab, text).unwrap();
        })),
    ]
}

pub(super) trait Chain {
    fn chain(self, next: Setup) -> Setup;
}

impl Chain for Setup {
    fn chain(self, next: Setup) -> Setup {
        Box::new(move |pack, outside| {
            self(pack, outside);
            next(pack, outside);
        })
    }
}
