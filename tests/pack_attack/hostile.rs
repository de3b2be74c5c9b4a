//! Cases about what a pack may hold beyond its types: links that branch
//! into an exponential walk, files whose sizes add up past a limit, too
//! many labs or list items, control characters in any text, blank ids,
//! unusable `[resources]` names, starter links into the solution, and a
//! broken lab in a folder named otherwise than its id.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use super::corpus::{case, check, edit, link, with, Chain, LAB};
use super::runner::{Case, Kind, Setup};

/// `shared/s0` .. `shared/s{depth}`, each holding `width` links to the
/// next: `width^depth` paths through `depth + 1` real folders, a file of
/// `bottom` bytes (sparse) in the last one. `at` links to `shared/s0`.
fn branching(at: &'static str, width: usize, depth: usize, bottom: u64) -> Setup {
    with(move |pack, _| {
        let shared = pack.join("shared");
        for i in 0..=depth {
            fs::create_dir_all(shared.join(format!("s{i}"))).unwrap();
        }
        for i in 0..depth {
            for b in 0..width {
                symlink(format!("../s{}", i + 1), shared.join(format!("s{i}/l{b}"))).unwrap();
            }
        }
        let file = fs::File::create(shared.join(format!("s{depth}/big.bin"))).unwrap();
        file.set_len(bottom).unwrap();
        let up = "../".repeat(at.matches('/').count());
        symlink(format!("{up}shared/s0"), pack.join(at)).unwrap();
    })
}

/// `n` sparse files of `each` bytes in `first-file/<folder>/`.
fn sparse_files(folder: &'static str, n: usize, each: u64) -> Setup {
    with(move |pack, _| {
        let dir = pack.join("first-file").join(folder);
        for i in 0..n {
            let f = fs::File::create(dir.join(format!("big{i}.bin"))).unwrap();
            f.set_len(each).unwrap();
        }
    })
}

#[rustfmt::skip]
pub fn walks() -> Vec<Case> {
    let k = Kind::Walk;
    let folders = "more than 2000 folders";
    let bytes = "add up to more than 256.0 MiB";
    vec![
        case("starter links branch 2-way 30 deep", k, "first-file/starter/tree", folders, branching("first-file/starter/tree", 2, 30, 0)).start(),
        case("solution links branch 3-way 20 deep", k, "first-file/solution/tree", folders, branching("first-file/solution/tree", 3, 20, 0)),
        case("lab folder links branch 2-way 25 deep", k, "first-file/tree", folders, branching("first-file/tree", 2, 25, 0)),
        case("starter links multiply a 60 MiB file", k, "first-file/starter/tree", bytes, branching("first-file/starter/tree", 2, 4, 60 << 20)).start(),
        case("starter holds 20 sparse 60 MiB files", k, "first-file/starter/big", bytes, sparse_files("starter", 20, 60 << 20)).start(),
        case("solution holds 5 sparse 60 MiB files", k, "first-file/solution/big", bytes, sparse_files("solution", 5, 60 << 20)),
        case("starter file links into solution", k, "first-file/starter/peek.txt", "leads into solution/", link("first-file/starter/peek.txt", "../solution/notes.txt")).start(),
        case("starter folder links to solution", k, "first-file/starter/peek", "leads into solution/", link("first-file/starter/peek", "../solution")).start(),
        case("starter folder links to solution by a long way", k, "first-file/starter/sol", "leads into solution/", link("first-file/starter/sol", "../../second/../first-file/solution")).start(),
    ]
}

/// A copy of `first-file` as `lab{i}` for i in 0..n, each with its own id.
fn many_labs(n: usize) -> Setup {
    with(move |pack, _| {
        for i in 0..n {
            let dir = pack.join(format!("lab{i}"));
            super::runner::copy_tree(&pack.join("first-file"), &dir);
            let lab = dir.join("lab.toml");
            let text = fs::read_to_string(&lab).unwrap();
            fs::write(
                lab,
                text.replacen("\"first-file\"", &format!("\"lab{i}\""), 1),
            )
            .unwrap();
        }
    })
}

fn long_list(key: &'static str, n: usize) -> String {
    let items: Vec<String> = (0..n).map(|i| format!("\"x{i}\"")).collect();
    format!("{key} = [{}]", items.join(", "))
}

#[rustfmt::skip]
pub fn limits() -> Vec<Case> {
    let k = Kind::Limit;
    let list = "more than the limit of 100";
    let hints = long_list("hints", 101);
    let prereqs = long_list("prerequisites", 150);
    let authors = long_list("authors", 1000);
    let containers = format!("[resources]\n{}", long_list("containers", 101));
    let command = long_list("command", 200);
    vec![
        case("2001 labs", k, "", "more than 2000 labs", many_labs(2001)),
        case("101 hints", k, LAB, list, edit(LAB, "hints = [", Box::leak(format!("{hints}\nold_hints = [").into_boxed_str())).chain(edit(LAB, "old_hints", "x_hints"))).field("hints"),
        case("150 prerequisites", k, LAB, list, edit(LAB, "minutes = 5", Box::leak(format!("minutes = 5\n{prereqs}").into_boxed_str()))).field("prerequisites"),
        case("1000 authors", k, "pack.toml", list, edit("pack.toml", "version = ", Box::leak(format!("{authors}\nversion = ").into_boxed_str()))).field("authors"),
        case("101 resource containers", k, LAB, list, edit(LAB, "[[check]]", Box::leak(format!("{containers}\n\n[[check]]").into_boxed_str()))).field("containers"),
        case("exec command of 200 words", k, LAB, list, check(Box::leak(format!("kind = \"container.exec\"\ncontainer = \"web\"\n{command}").into_boxed_str()))).field("command"),
        case("no labs at all", k, "", "holds no labs", with(|pack, _| {
            for lab in ["first-file", "second", "init-only"] {
                fs::remove_dir_all(pack.join(lab)).unwrap();
            }
        })),
    ]
}

fn brief(text: &'static str) -> Setup {
    with(move |pack, _| fs::write(pack.join("first-file/brief.md"), text).unwrap())
}

#[rustfmt::skip]
pub fn control_text() -> Vec<Case> {
    let k = Kind::Text;
    let ctl = "control character";
    let esc = "U+001B";
    vec![
        case("check title clears the screen", k, LAB, esc, check("kind = \"file.exists\"\npath = \"y\"\ntitle = \"\\u001b[2J\\u001b[Hall good \\u001b]0;PWNED\\u0007\"")).field("title"),
        case("check hint writes the clipboard", k, LAB, esc, check("kind = \"file.exists\"\npath = \"y\"\nhint = \"\\u001b]52;c;ZWNobyBwd25lZA==\\u0007\"")).field("hint"),
        case("lab title with a C1 CSI", k, LAB, "U+009B", edit(LAB, "\"Write your first note\"", "\"Write \\u009b2J\"")).field("title"),
        case("lab summary with a backspace", k, LAB, "U+0008", edit(LAB, "summary = \"Create", "summary = \"\\bCreate")).field("summary"),
        case("hint with a lone carriage return", k, LAB, "U+000D", check("kind = \"file.exists\"\npath = \"y\"\nhint = \"done\\rnot done\"")).field("hint"),
        case("hints item with a bell", k, LAB, "U+0007", edit(LAB, "hints = [", "hints = [\"\\u0007\", ")).field("hints"),
        case("title with a tab", k, LAB, "U+0009", check("kind = \"file.exists\"\npath = \"y\"\ntitle = \"a\\tb\"")).field("title"),
        case("pack title with an escape", k, "pack.toml", esc, edit("pack.toml", "\"CLI fixture pack\"", "\"CLI \\u001b[31mfixture\"")).field("title"),
        case("stage title with DEL", k, "pack.toml", "U+007F", edit("pack.toml", "\"Basics\"", "\"Basics\\u007f\"")).field("title"),
        case("path with a NUL", k, LAB, "U+0000", edit(LAB, "path = \"notes.txt\"", "path = \"a\\u0000b\"")).field("path"),
        case("path with a newline", k, LAB, "U+000A", edit(LAB, "path = \"notes.txt\"", "path = \"a\\nb\"")).field("path"),
        case("check id with an escape", k, LAB, esc, edit(LAB, "id = \"notes\"", "id = \"n\\u001b[8m\"")).field("id"),
        case("resource name with an escape", k, LAB, esc, edit(LAB, "[[check]]", "[resources]\ncontainers = [\"web\\u001b[2J\"]\n\n[[check]]")).field("containers"),
        case("multi-line hint with a tab is fine but an escape is not", k, LAB, esc, check("kind = \"file.exists\"\npath = \"y\"\nhint = \"\"\"\n\tok\n\\u001b[2J\"\"\"")).field("hint"),
        case("brief with colour codes", k, "first-file/brief.md", ctl, brief("Do \x1b[31mthis\x1b[0m.\n")),
        case("brief with a title sequence", k, "first-file/brief.md", "U+0007", brief("# Lab\n\nok\n\x1b]0;PWNED\x07\n")),
        case("brief with a NUL", k, "first-file/brief.md", "U+0000", brief("a\0b\n")),
        case("brief with a lone carriage return", k, "first-file/brief.md", "U+000D", brief("line\roverwritten\n")),
    ]
}

#[rustfmt::skip]
pub fn blank_and_names() -> Vec<Case> {
    let k = Kind::Names;
    let empty = "is empty";
    let docker = "is not a name Docker accepts";
    let own = "one of Docker's own networks";
    let res = |name: &str, body: &'static str, says: &'static str| {
        case(name, k, LAB, says, edit(LAB, "[[check]]", body)).field(body.split('\n').nth(1).unwrap().split(' ').next().unwrap())
    };
    vec![
        case("empty pack id", k, "pack.toml", empty, edit("pack.toml", "id = \"cli-fixture\"", "id = \"\"")).field("id"),
        case("blank pack title", k, "pack.toml", empty, edit("pack.toml", "title = \"CLI fixture pack\"", "title = \"  \"")).field("title"),
        case("empty stage id", k, "pack.toml", empty, edit("pack.toml", "id = \"more\"", "id = \"\"")).field("id"),
        case("empty stage title", k, "pack.toml", empty, edit("pack.toml", "title = \"More\"", "title = \"\"")).field("title"),
        case("empty lab title", k, LAB, empty, edit(LAB, "\"Write your first note\"", "\"\"")).field("title"),
        case("empty check id", k, LAB, empty, edit(LAB, "id = \"notes\"", "id = \"\"")).field("id"),
        case("empty check title", k, LAB, empty, check("kind = \"file.exists\"\npath = \"y\"\ntitle = \"\"")).field("title"),
        res("empty container name", "[resources]\ncontainers = [\"\"]\n\n[[check]]", docker),
        res("container name with a space", "[resources]\ncontainers = [\"a b\"]\n\n[[check]]", docker),
        res("container name --all", "[resources]\ncontainers = [\"--all\"]\n\n[[check]]", docker),
        res("volume name starting with a dash", "[resources]\nvolumes = [\"-v\"]\n\n[[check]]", docker),
        res("image name in upper case", "[resources]\nimages = [\"UPPER/Case\"]\n\n[[check]]", docker),
        res("network bridge", "[resources]\nnetworks = [\"bridge\"]\n\n[[check]]", own),
        res("network host", "[resources]\nnetworks = [\"host\"]\n\n[[check]]", own),
        res("network none", "[resources]\nnetworks = [\"web\", \"none\"]\n\n[[check]]", own),
        res("network -f", "[resources]\nnetworks = [\"-f\"]\n\n[[check]]", docker),
    ]
}

/// `first-file` moved to `01-first`, then broken by `breaking`: `second`
/// still names `first-file` as a prerequisite and must not be blamed.
fn numbered(breaking: impl Fn(&Path) + 'static) -> Setup {
    with(move |pack, _| {
        fs::rename(pack.join("first-file"), pack.join("01-first")).unwrap();
        breaking(&pack.join("01-first/lab.toml"));
    })
}

fn append(text: &'static [u8]) -> impl Fn(&Path) {
    move |lab| {
        let mut bytes = fs::read(lab).unwrap();
        bytes.extend_from_slice(text);
        fs::write(lab, bytes).unwrap();
    }
}

fn rewrite(from: &'static str, to: &'static str) -> impl Fn(&Path) {
    move |lab| {
        let text = fs::read_to_string(lab).unwrap();
        fs::write(
            lab,
            text.replacen(from, to, 1)
                .replacen("path = \"notes.txt\"", "path = 42", 1),
        )
        .unwrap();
    }
}

#[rustfmt::skip]
pub fn renamed_broken_labs() -> Vec<Case> {
    let k = Kind::Structure;
    let follow_on = "is not a lab of this pack";
    let lab = "01-first/lab.toml";
    vec![
        case("numbered lab is not UTF-8", k, lab, "save the file as UTF-8", numbered(append(b"\xff"))).never(follow_on),
        case("numbered lab is over 1 MiB", k, lab, "larger than 1.0 MiB", numbered(|lab| {
            fs::File::options().write(true).open(lab).unwrap().set_len(2 << 20).unwrap();
        })).never(follow_on),
        case("numbered lab.toml links outside", k, lab, "outside the pack", numbered(|lab| {
            fs::remove_file(lab).unwrap();
            symlink("/etc/passwd", lab).unwrap();
        })).never(follow_on),
        case("numbered lab writes a quoted id key", k, lab, "`path`", numbered(rewrite("id = \"first-file\"", "\"id\" = \"first-file\""))).never(follow_on),
        case("numbered lab writes a triple-quoted id", k, lab, "`path`", numbered(rewrite("id = \"first-file\"", "id = \"\"\"first-file\"\"\""))).never(follow_on),
        case("numbered lab writes a literal id", k, lab, "`path`", numbered(rewrite("id = \"first-file\"", "id = 'first-file'"))).never(follow_on),
        case("numbered lab is not TOML", k, lab, "fix the TOML here", numbered(append(b"\nminutes = = 5\n"))).never(follow_on),
    ]
}
