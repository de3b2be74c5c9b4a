//! The corpus: each case plants one fault in a copy of the basic pack
//! (`tests/fixtures/pack-basic`: labs `first-file`, `second` which needs
//! `first-file`, and `init-only`).

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

use super::runner::{Case, Kind, Setup};

const LAB: &str = "first-file/lab.toml";

fn case(name: &str, kind: Kind, culprit: &'static str, says: &'static str, setup: Setup) -> Case {
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
    fn field(mut self, field: &'static str) -> Case {
        self.field = Some(field);
        self
    }
    fn start(mut self) -> Case {
        self.start = true;
        self
    }
    fn never(mut self, text: &'static str) -> Case {
        self.never = Some(text);
        self
    }
}

/// Removes whatever is at `path` (file, link, folder).
fn clear(path: &Path) {
    if let Ok(meta) = fs::symlink_metadata(path) {
        if meta.is_dir() {
            fs::remove_dir_all(path).unwrap();
        } else {
            fs::remove_file(path).unwrap();
        }
    }
}

fn fifo(rel: &'static str) -> Setup {
    Box::new(move |pack, _| {
        clear(&pack.join(rel));
        let made = Command::new("mkfifo").arg(pack.join(rel)).status().unwrap();
        assert!(made.success());
    })
}

fn socket(rel: &'static str) -> Setup {
    Box::new(move |pack, _| {
        clear(&pack.join(rel));
        // The socket file stays after the listener is dropped.
        std::os::unix::net::UnixListener::bind(pack.join(rel)).unwrap();
    })
}

/// A link at `rel`; `target` is taken as written, with `{out}` standing for
/// the folder outside the pack.
fn link(rel: &'static str, target: &'static str) -> Setup {
    Box::new(move |pack, outside| {
        clear(&pack.join(rel));
        let target = target.replace("{out}", &outside.display().to_string());
        symlink(target, pack.join(rel)).unwrap();
    })
}

fn edit(rel: &'static str, from: &'static str, to: &'static str) -> Setup {
    Box::new(move |pack, _| {
        let path = pack.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    })
}

/// Adds a check to `first-file/lab.toml`.
fn check(body: &'static str) -> Setup {
    Box::new(move |pack, _| {
        let path = pack.join(LAB);
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str(&format!("\n[[check]]\nid = \"attack\"\n{body}\n"));
        fs::write(&path, text).unwrap();
    })
}

fn with(f: impl Fn(&Path, &Path) + 'static) -> Setup {
    Box::new(f)
}

fn sized(rel: &'static str, bytes: u64) -> Setup {
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
    all.extend(ranges());
    all.extend(types());
    all.extend(keys());
    all.extend(structure());
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

fn links() -> Vec<Case> {
    let k = Kind::Link;
    let out_fix = "copy what it points to into the pack";
    let loop_fix = "remove the link that points back";
    let nowhere = "points nowhere";
    vec![
        case(
            "pack.toml links out",
            k,
            "pack.toml",
            out_fix,
            link("pack.toml", "{out}/secret.txt"),
        ),
        case(
            "lab folder links out",
            k,
            "first-file",
            out_fix,
            link("first-file", "{out}/lab"),
        ),
        case(
            "shared folder links out",
            k,
            "shared",
            out_fix,
            link("shared", "{out}"),
        ),
        case(
            "lab.toml links out",
            k,
            LAB,
            out_fix,
            link(LAB, "{out}/lab/lab.toml"),
        ),
        case(
            "brief links out",
            k,
            "first-file/brief.md",
            out_fix,
            link("first-file/brief.md", "{out}/lab/brief.md"),
        ),
        case(
            "starter links out",
            k,
            "first-file/starter",
            out_fix,
            link("first-file/starter", "{out}/lab/starter"),
        )
        .start(),
        case(
            "solution links out",
            k,
            "first-file/solution",
            out_fix,
            link("first-file/solution", "{out}/lab/solution"),
        ),
        case(
            "starter file links out",
            k,
            "first-file/starter/README.md",
            out_fix,
            link("first-file/starter/README.md", "{out}/secret.txt"),
        )
        .start(),
        case(
            "starter folder links out",
            k,
            "first-file/starter/config",
            out_fix,
            link("first-file/starter/config", "{out}/lab/starter/config"),
        )
        .start(),
        case(
            "starter file links out relatively",
            k,
            "first-file/starter/x",
            out_fix,
            link("first-file/starter/x", "../../../outside/secret.txt"),
        )
        .start(),
        case(
            "solution file links to /etc/passwd",
            k,
            "first-file/solution/passwd",
            out_fix,
            link("first-file/solution/passwd", "/etc/passwd"),
        ),
        case(
            "starter links to itself",
            k,
            "first-file/starter/again",
            loop_fix,
            link("first-file/starter/again", "."),
        )
        .start(),
        case(
            "starter links to its lab",
            k,
            "first-file/starter/up",
            loop_fix,
            link("first-file/starter/up", ".."),
        )
        .start(),
        case(
            "starter links to the pack root",
            k,
            "first-file/starter/config/top",
            loop_fix,
            link("first-file/starter/config/top", "../../.."),
        )
        .start(),
        case(
            "solution links to itself",
            k,
            "first-file/solution/again",
            loop_fix,
            link("first-file/solution/again", "."),
        ),
        case(
            "lab folder links to itself",
            k,
            "first-file/self",
            loop_fix,
            link("first-file/self", "."),
        ),
        case(
            "starter links in a circle",
            k,
            "first-file/starter/a",
            "loop",
            with(|pack, _| {
                symlink("b", pack.join("first-file/starter/a")).unwrap();
                symlink("a", pack.join("first-file/starter/b")).unwrap();
            }),
        )
        .start(),
        case(
            "lab.toml links to itself",
            k,
            LAB,
            "loop",
            link(LAB, "lab.toml"),
        ),
        case(
            "brief links to itself",
            k,
            "first-file/brief.md",
            "loop",
            link("first-file/brief.md", "brief.md"),
        ),
        case(
            "pack.toml links to itself",
            k,
            "pack.toml",
            "loop",
            link("pack.toml", "pack.toml"),
        ),
        case(
            "starter link points nowhere",
            k,
            "first-file/starter/gone",
            nowhere,
            link("first-file/starter/gone", "nowhere"),
        )
        .start(),
        case(
            "brief link points nowhere",
            k,
            "first-file/brief.md",
            nowhere,
            link("first-file/brief.md", "missing.md"),
        ),
        case(
            "lab.toml link points nowhere",
            k,
            LAB,
            nowhere,
            link(LAB, "missing.toml"),
        ),
    ]
}

fn file_shapes() -> Vec<Case> {
    let k = Kind::FileShape;
    let utf8 = "save the file as UTF-8";
    let not_utf8 = |rel: &'static str| {
        with(move |pack, _| {
            let mut bytes = fs::read(pack.join(rel)).unwrap();
            bytes.extend_from_slice(b"\n# caf\xe9 \xff\xfe\n");
            fs::write(pack.join(rel), bytes).unwrap();
        })
    };
    let folder = |rel: &'static str| {
        with(move |pack, _| {
            clear(&pack.join(rel));
            fs::create_dir(pack.join(rel)).unwrap();
        })
    };
    let file = |rel: &'static str| {
        with(move |pack, _| {
            clear(&pack.join(rel));
            fs::write(pack.join(rel), "not a folder\n").unwrap();
        })
    };
    vec![
        case(
            "lab.toml over 1 MiB",
            k,
            LAB,
            "larger than 1.0 MiB",
            sized(LAB, 2 << 20),
        ),
        case(
            "brief over 1 MiB",
            k,
            "first-file/brief.md",
            "larger than 1.0 MiB",
            sized("first-file/brief.md", 2 << 20),
        ),
        case(
            "pack.toml over 1 MiB",
            k,
            "pack.toml",
            "larger than 1.0 MiB",
            sized("pack.toml", 2 << 20),
        ),
        case(
            "starter file over 64 MiB",
            k,
            "first-file/starter/big.bin",
            "larger than 64.0 MiB",
            sized("first-file/starter/big.bin", 65 << 20),
        )
        .start(),
        case(
            "solution file over 64 MiB",
            k,
            "first-file/solution/big.bin",
            "larger than 64.0 MiB",
            sized("first-file/solution/big.bin", 65 << 20),
        ),
        case(
            "pack.toml not UTF-8",
            k,
            "pack.toml",
            utf8,
            not_utf8("pack.toml"),
        ),
        case("lab.toml not UTF-8", k, LAB, utf8, not_utf8(LAB)),
        case(
            "brief not UTF-8",
            k,
            "first-file/brief.md",
            utf8,
            not_utf8("first-file/brief.md"),
        ),
        case(
            "pack.toml is a folder",
            k,
            "pack.toml",
            "must be a file",
            folder("pack.toml"),
        ),
        case(
            "lab.toml is a folder",
            k,
            LAB,
            "must be a file",
            folder(LAB),
        ),
        case(
            "brief is a folder",
            k,
            "first-file/brief.md",
            "must be a file",
            folder("first-file/brief.md"),
        ),
        case(
            "starter is a file",
            k,
            "first-file/starter",
            "must be a folder",
            file("first-file/starter"),
        )
        .start(),
        case(
            "solution is a file",
            k,
            "first-file/solution",
            "must be a folder",
            file("first-file/solution"),
        ),
        case(
            "brief is missing",
            k,
            "first-file/brief.md",
            "every lab needs a brief.md",
            with(|pack, _| clear(&pack.join("first-file/brief.md"))),
        ),
        case(
            "starter is missing",
            k,
            "first-file/starter",
            "every lab needs a starter/",
            with(|pack, _| clear(&pack.join("first-file/starter"))),
        ),
        case(
            "starter nests too deep",
            k,
            "first-file/starter",
            "flatten the folder",
            with(|pack, _| {
                let deep = (0..40).fold(pack.join("first-file/starter"), |p, i| {
                    p.join(format!("d{i}"))
                });
                fs::create_dir_all(deep).unwrap();
            }),
        )
        .start(),
        case(
            "starter holds too many files",
            k,
            "first-file/starter/many",
            "at most 10000",
            with(|pack, _| {
                let many = pack.join("first-file/starter/many");
                fs::create_dir(&many).unwrap();
                for i in 0..10_001 {
                    fs::File::create(many.join(format!("f{i}"))).unwrap();
                }
            }),
        )
        .start(),
    ]
}

fn ranges() -> Vec<Case> {
    let k = Kind::Range;
    let port = "from 1 to 65535";
    let count = "from 0 to 1000000";
    let code = "from 0 to 255";
    let size = "1 TiB";
    let within = "at most 10m";
    let r = |name: &str, says: &'static str, field: &'static str, setup: Setup| {
        case(name, k, LAB, says, setup).field(field)
    };
    vec![
        r("minutes 0", "from 1 to 600", "minutes", edit(LAB, "minutes = 5", "minutes = 0")),
        r("minutes 70000", "from 1 to 600", "minutes", edit(LAB, "minutes = 5", "minutes = 70000")),
        r("minutes negative", "from 1 to 600", "minutes", edit(LAB, "minutes = 5", "minutes = -1")),
        r("within u64 max", within, "within", check("kind = \"http.get\"\nport = 8080\nwithin = \"18446744073709551615s\"")),
        r("within 11m", within, "within", check("kind = \"http.get\"\nport = 8080\nwithin = \"11m\"")),
        r("within huge ms", within, "within", check("kind = \"http.get\"\nport = 8080\nwithin = \"99999999999999999999999ms\"")),
        r("within minutes overflow", within, "within", check("kind = \"http.get\"\nport = 8080\nwithin = \"307445734561825861m\"")),
        r("http port 0", port, "port", check("kind = \"http.get\"\nport = 0")),
        r("http port 70000", port, "port", check("kind = \"http.get\"\nport = 70000")),
        r("http port negative", port, "port", check("kind = \"http.get\"\nport = -1")),
        r("http port i64 max", port, "port", check("kind = \"http.get\"\nport = 9223372036854775807")),
        r("http status 42", "from 100 to 599", "status", check("kind = \"http.get\"\nport = 80\nstatus = 42")),
        r("http status 1000", "from 100 to 599", "status", check("kind = \"http.get\"\nport = 80\nstatus = 1000")),
        r("metric port 70000", port, "port", check("kind = \"http.metric\"\nport = 70000\nmetric = \"up\"")),
        r("metric at_least nan", "finite", "at_least", check("kind = \"http.metric\"\nport = 80\nmetric = \"up\"\nat_least = nan")),
        r("metric at_least inf", "finite", "at_least", check("kind = \"http.metric\"\nport = 80\nmetric = \"up\"\nat_least = inf")),
        r("host_port 0", port, "host_port", check("kind = \"container.port\"\ncontainer = \"web\"\nport = 80\nhost_port = 0")),
        r("host_port 70000", port, "host_port", check("kind = \"container.port\"\ncontainer = \"web\"\nport = 80\nhost_port = 70000")),
        r("host_port text 70000", port, "host_port", check("kind = \"container.port\"\ncontainer = \"web\"\nport = 80\nhost_port = \"70000\"")),
        r("container port 70000/tcp", "1 to 65535", "port", check("kind = \"container.port\"\ncontainer = \"web\"\nport = \"70000/tcp\"")),
        r("container port 0", "1 to 65535", "port", check("kind = \"container.port\"\ncontainer = \"web\"\nport = 0")),
        r("exposed port 0", "1 to 65535", "port", check("kind = \"image.exposes\"\nimage = \"x\"\nport = 0")),
        r("exposed port 70000", "1 to 65535", "port", check("kind = \"image.exposes\"\nimage = \"x\"\nport = 70000")),
        r("exit code 256", code, "code", check("kind = \"container.exit_code\"\ncontainer = \"web\"\ncode = 256")),
        r("exit code negative", code, "code", check("kind = \"container.exit_code\"\ncontainer = \"web\"\ncode = -1")),
        r("exec exit code 300", code, "exit_code", check("kind = \"container.exec\"\ncontainer = \"web\"\ncommand = [\"true\"]\nexit_code = 300")),
        r("logs at_least negative", count, "at_least", check("kind = \"container.logs\"\ncontainer = \"web\"\npattern = \"x\"\nat_least = -1")),
        r("logs at_least huge", count, "at_least", check("kind = \"container.logs\"\ncontainer = \"web\"\npattern = \"x\"\nat_least = 2000000")),
        r("logs_json lines negative", count, "at_least_lines", check("kind = \"container.logs_json\"\ncontainer = \"web\"\nat_least_lines = -5")),
        r("commits at_least huge", count, "at_least", check("kind = \"git.commits\"\nat_least = 99999999999")),
        r("max_retries negative", count, "max_retries", check("kind = \"container.restart_policy\"\ncontainer = \"web\"\npolicy = \"on-failure\"\nmax_retries = -1")),
        r("layers negative", count, "at_most", check("kind = \"image.layers\"\nimage = \"x\"\nat_most = -1")),
        r("image size overflow", size, "at_most", check("kind = \"image.size\"\nimage = \"x\"\nat_most = \"18446744073709551615g\"")),
        r("image size zero", size, "at_most", check("kind = \"image.size\"\nimage = \"x\"\nat_most = 0")),
        r("image size negative", size, "at_most", check("kind = \"image.size\"\nimage = \"x\"\nat_most = -5")),
        r("image size 2000g", size, "at_most", check("kind = \"image.size\"\nimage = \"x\"\nat_most = \"2000g\"")),
        r("memory limit overflow", size, "memory_at_most", check("kind = \"container.limits\"\ncontainer = \"web\"\nmemory_at_most = \"99999999999999g\"")),
        r("cpus huge", "at most 1024", "cpus_at_most", check("kind = \"container.limits\"\ncontainer = \"web\"\ncpus_at_most = 1e9")),
        r("cpus negative", "at most 1024", "cpus_at_most", check("kind = \"container.limits\"\ncontainer = \"web\"\ncpus_at_most = -1.0")),
        r("query count negative", count, "count_at_least", check("kind = \"file.query\"\npath = \"a.json\"\nquery = \"a\"\ncount_at_least = -1")),
        r("stages at_least negative", count, "at_least", check("kind = \"dockerfile.stages\"\nat_least = -3")),
        r("stages at_most huge", count, "at_most", check("kind = \"dockerfile.stages\"\nat_most = 5000000")),
    ]
}

fn types() -> Vec<Case> {
    let k = Kind::Type;
    let quotes = "double quotes";
    let t = |name: &str,
             culprit: &'static str,
             says: &'static str,
             field: &'static str,
             setup: Setup| case(name, k, culprit, says, setup).field(field);
    vec![
        t("path is a number", LAB, quotes, "path", edit(LAB, "path = \"notes.txt\"", "path = 42")),
        t("minutes is text", LAB, "without quotes", "minutes", edit(LAB, "minutes = 5", "minutes = \"five\"")),
        t("title is a number", LAB, quotes, "title", edit(LAB, "title = \"Write your first note\"", "title = 5")),
        t("hints is a number", LAB, "a list", "hints", edit("init-only/lab.toml", "minutes = 5", "minutes = 5\nhints = 3")).culprit_at("init-only/lab.toml"),
        t("offline is text", LAB, "true or false", "offline", edit(LAB, "minutes = 5", "minutes = 5\noffline = \"yes\"")),
        t("prerequisites is text", "second/lab.toml", "a list", "prerequisites", edit("second/lab.toml", "prerequisites = [\"first-file\"]", "prerequisites = \"first-file\"")),
        t("check title is a number", LAB, quotes, "title", check("kind = \"file.exists\"\npath = \"a\"\ntitle = 5")),
        t("within is a number", LAB, quotes, "within", check("kind = \"http.get\"\nport = 80\nwithin = 5")),
        t("kind is a number", LAB, "must be a string", "kind", check("kind = 5")),
        t("pattern is a number", LAB, quotes, "pattern", check("kind = \"file.matches\"\npath = \"a\"\npattern = 1")),
        t("port is text", LAB, "whole number", "port", check("kind = \"http.get\"\nport = \"abc\"")),
        t("port is a float", LAB, "whole number", "port", check("kind = \"http.get\"\nport = 80.5")),
        t("container is a list", LAB, quotes, "container", check("kind = \"container.running\"\ncontainer = []")),
        t("command is text", LAB, "a list", "command", check("kind = \"container.exec\"\ncontainer = \"web\"\ncommand = \"nginx -t\"")),
        t("at_least is text", LAB, "whole number", "at_least", check("kind = \"git.commits\"\nat_least = \"two\"")),
        t("read_only is text", LAB, "true or false", "read_only", check("kind = \"container.mount\"\ncontainer = \"web\"\ndestination = \"/data\"\nread_only = \"yes\"")),
        t("resources containers is text", LAB, "a list", "containers", edit(LAB, "minutes = 5", "minutes = 5\nresources = { containers = \"web\" }")),
    ]
}

impl Case {
    fn culprit_at(mut self, culprit: &'static str) -> Case {
        self.culprit = culprit;
        self
    }
}

fn keys() -> Vec<Case> {
    let k = Kind::Keys;
    let spelling = "or fix its spelling";
    vec![
        case(
            "duplicate top-level key",
            k,
            LAB,
            "duplicate key `minutes`",
            edit(LAB, "minutes = 5", "minutes = 5\nminutes = 6"),
        )
        .field("minutes"),
        case(
            "duplicate key in a check",
            k,
            LAB,
            "duplicate key `path`",
            check("kind = \"file.exists\"\npath = \"a\"\npath = \"b\""),
        )
        .field("path"),
        case(
            "duplicate key in pack.toml",
            k,
            "pack.toml",
            "duplicate key `title`",
            edit("pack.toml", "version = ", "title = \"again\"\nversion = "),
        )
        .field("title"),
        case(
            "unknown top-level key",
            k,
            LAB,
            spelling,
            edit(LAB, "minutes = 5", "minutes = 5\ncolour = \"red\""),
        )
        .field("colour"),
        case(
            "unknown key in a check",
            k,
            LAB,
            spelling,
            check("kind = \"container.running\"\ncontaner = \"web\""),
        )
        .field("contaner"),
        case(
            "unknown key in pack.toml",
            k,
            "pack.toml",
            spelling,
            edit("pack.toml", "version = ", "colour = \"red\"\nversion = "),
        ),
        case(
            "unknown key in workspace",
            k,
            "init-only/lab.toml",
            spelling,
            edit("init-only/lab.toml", "git = \"init\"", "gitt = \"init\""),
        ),
        case(
            "missing field in a check",
            k,
            LAB,
            "add `path = ...`",
            check("kind = \"file.exists\""),
        ),
        case(
            "check without kind",
            k,
            LAB,
            "has no `kind`",
            check("path = \"a\""),
        ),
        case(
            "check without id",
            k,
            LAB,
            "add `id = ",
            edit(LAB, "id = \"notes\"\n", ""),
        ),
        case(
            "unknown kind",
            k,
            LAB,
            "unknown kind `file.exist`",
            check("kind = \"file.exist\"\npath = \"a\""),
        ),
        case(
            "unknown restart policy",
            k,
            LAB,
            "sometimes",
            check(
                "kind = \"container.restart_policy\"\ncontainer = \"web\"\npolicy = \"sometimes\"",
            ),
        )
        .field("policy"),
        case(
            "lab without title",
            k,
            LAB,
            "add `title = ...`",
            edit(LAB, "title = \"Write your first note\"\n", ""),
        ),
        case(
            "empty lab.toml",
            k,
            LAB,
            "missing field",
            with(|pack, _| fs::write(pack.join(LAB), "").unwrap()),
        ),
        case(
            "lab.toml is not TOML",
            k,
            LAB,
            "",
            edit(LAB, "minutes = 5", "minutes = = 5"),
        ),
        case(
            "pack.toml is not TOML",
            k,
            "pack.toml",
            "",
            edit("pack.toml", "format = 1", "format = ["),
        ),
    ]
}

fn structure() -> Vec<Case> {
    let k = Kind::Structure;
    let follow_on = "is not a lab of this pack";
    vec![
        case(
            "prerequisite unknown",
            k,
            "second/lab.toml",
            "fix the id or remove it",
            edit("second/lab.toml", "[\"first-file\"]", "[\"nope\"]"),
        ),
        case(
            "prerequisite is itself",
            k,
            LAB,
            "prerequisites form a cycle",
            edit(
                LAB,
                "minutes = 5",
                "minutes = 5\nprerequisites = [\"first-file\"]",
            ),
        ),
        case(
            "prerequisites in a cycle",
            k,
            LAB,
            "prerequisites form a cycle",
            edit(
                LAB,
                "minutes = 5",
                "minutes = 5\nprerequisites = [\"second\"]",
            ),
        ),
        case(
            "prerequisite has a type error",
            k,
            LAB,
            "`path`",
            edit(LAB, "path = \"notes.txt\"", "path = 42"),
        )
        .never(follow_on),
        case(
            "prerequisite is not TOML",
            k,
            LAB,
            "",
            edit(LAB, "minutes = 5", "minutes = = 5"),
        )
        .never(follow_on),
        case(
            "prerequisite lab.toml is a folder",
            k,
            LAB,
            "must be a file",
            with(|pack, _| {
                clear(&pack.join(LAB));
                fs::create_dir(pack.join(LAB)).unwrap();
            }),
        )
        .never(follow_on),
        case(
            "prerequisite has a FIFO brief",
            k,
            "first-file/brief.md",
            "must be regular files",
            fifo("first-file/brief.md"),
        )
        .never(follow_on),
        case(
            "prerequisite is in a renamed folder",
            k,
            "renamed/lab.toml",
            "`path`",
            with(|pack, _| {
                fs::rename(pack.join("first-file"), pack.join("renamed")).unwrap();
                let lab = pack.join("renamed/lab.toml");
                let text = fs::read_to_string(&lab)
                    .unwrap()
                    .replace("path = \"notes.txt\"", "path = 42");
                fs::write(lab, text).unwrap();
            }),
        )
        .never(follow_on),
        case(
            "format 2",
            k,
            "pack.toml",
            "set `format = 1`",
            edit("pack.toml", "format = 1", "format = 2"),
        ),
        case(
            "format overflows",
            k,
            "pack.toml",
            "",
            edit("pack.toml", "format = 1", "format = 99999999999999999999"),
        ),
        case(
            "stage not declared",
            k,
            LAB,
            "is not declared in pack.toml",
            edit(LAB, "stage = \"basics\"", "stage = \"nowhere\""),
        ),
        case(
            "two labs share an id",
            k,
            "init-only/lab.toml",
            "must be unique",
            edit(
                "init-only/lab.toml",
                "id = \"init-only\"",
                "id = \"first-file\"",
            ),
        ),
        case(
            "lab id unusable",
            k,
            LAB,
            "not usable as a folder name",
            edit(LAB, "id = \"first-file\"", "id = \"First File\"").chain(edit(
                "second/lab.toml",
                "[\"first-file\"]",
                "[]",
            )),
        ),
        case(
            "two checks share an id",
            k,
            LAB,
            "give each check its own id",
            edit(LAB, "id = \"committed\"", "id = \"notes\""),
        ),
        case(
            "no checks",
            k,
            "init-only/lab.toml",
            "add at least one [[check]]",
            with(|pack, _| {
                let lab = pack.join("init-only/lab.toml");
                let text = fs::read_to_string(&lab).unwrap();
                let cut = text.find("[[check]]").unwrap();
                fs::write(lab, &text[..cut]).unwrap();
            }),
        ),
        case(
            "path leaves the workspace",
            k,
            LAB,
            "leaves its folder",
            edit(LAB, "path = \"notes.txt\"", "path = \"../notes.txt\""),
        )
        .field("path"),
        case(
            "path is absolute",
            k,
            LAB,
            "is absolute",
            edit(LAB, "path = \"notes.txt\"", "path = \"/etc/passwd\""),
        )
        .field("path"),
        case(
            "http host not loopback",
            k,
            LAB,
            "loopback",
            check("kind = \"http.get\"\nport = 80\nhost = \"example.com\""),
        )
        .field("host"),
        case(
            "regex does not compile",
            k,
            LAB,
            "fix the pattern",
            check("kind = \"file.matches\"\npath = \"a\"\npattern = \"(\""),
        )
        .field("pattern"),
        case(
            "no pack.toml",
            k,
            "pack.toml",
            "point --pack at a folder",
            with(|pack, _| clear(&pack.join("pack.toml"))),
        ),
    ]
}

trait Chain {
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
