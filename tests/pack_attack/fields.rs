//! Cases about what `lab.toml` and `pack.toml` say: numbers out of range,
//! wrong types, duplicate, unknown and missing keys, and pack structure
//! (prerequisites, stages, ids). Each pack holds one fault; field faults
//! must be reported at the field's own line, naming it.

use std::fs;

use super::corpus::{case, check, clear, edit, fifo, with, Chain, LAB};
use super::runner::{Case, Kind, Setup};

#[rustfmt::skip]
pub fn ranges() -> Vec<Case> {
    let k = Kind::Range;
    let port = "from 1 to 65535";
    let count = "from 0 to 1000000";
    let code = "from 0 to 255";
    let size = "1 TiB";
    let within = "at most 10m";
    let r = |name: &str, says: &'static str, field: &'static str, setup: Setup| case(name, k, LAB, says, setup).field(field);
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
        r("commits at_least 0 always passes", "always pass", "at_least", check("kind = \"git.commits\"\nat_least = 0")),
        r("logs at_least 0 always passes", "always pass", "at_least", check("kind = \"container.logs\"\ncontainer = \"web\"\npattern = \"x\"\nat_least = 0")),
        r("layers at_most 0 never passes", "never pass", "at_most", check("kind = \"image.layers\"\nimage = \"x\"\nat_most = 0")),
        r("container port +80", "1 to 65535", "port", check("kind = \"container.port\"\ncontainer = \"web\"\nport = \"+80/tcp\"")),
        r("host_port text +8080", port, "host_port", check("kind = \"container.port\"\ncontainer = \"web\"\nport = 80\nhost_port = \"+8080\"")),
        r("exposed port text -0", "1 to 65535", "port", check("kind = \"image.exposes\"\nimage = \"x\"\nport = \"-0\"")),
        r("host_ip is a name", "not an IP address", "host_ip", check("kind = \"container.port\"\ncontainer = \"web\"\nport = 80\nhost_ip = \"localhost\"")),
        r("host_ip holds a port", "not an IP address", "host_ip", check("kind = \"container.port\"\ncontainer = \"web\"\nport = 80\nhost_ip = \"127.0.0.1:8080\"")),
        r("merged into itself", "always passes", "into", check("kind = \"git.merged\"\nbranch = \"a\"\ninto = \"a\"")),
        r("mount destination relative", "not an absolute path", "destination", check("kind = \"container.mount\"\ncontainer = \"web\"\ndestination = \"www\"")),
    ]
}

#[rustfmt::skip]
pub fn types() -> Vec<Case> {
    let k = Kind::Type;
    let quotes = "double quotes";
    let t = |name: &str, culprit: &'static str, says: &'static str, field: &'static str, setup: Setup| case(name, k, culprit, says, setup).field(field);
    vec![
        t("path is a number", LAB, quotes, "path", edit(LAB, "path = \"notes.txt\"", "path = 42")),
        t("minutes past any integer", LAB, "from 1 to 600", "minutes", edit(LAB, "minutes = 5", "minutes = 99999999999999999999")),
        t("port past any integer", LAB, "from 1 to 65535", "port", check("kind = \"http.get\"\nport = 99999999999999999999")),
        t("container port with a fraction", LAB, "string of digits", "port", check("kind = \"container.port\"\ncontainer = \"web\"\nport = 80.5")).never("enum"),
        t("workspace is text", LAB, "expected a table", "workspace", edit(LAB, "minutes = 5", "minutes = 5\nworkspace = \"init\"")).never("struct"),
        t("header is text", LAB, "expected a table", "header", check("kind = \"http.get\"\nport = 80\nheader = \"X-Foo\"")).never("struct"),
        t("within without a unit", LAB, "has no unit", "within", check("kind = \"http.get\"\nport = 80\nwithin = \"5\"")),
        t("lab id too long after a comment", LAB, "1 to 64", "id", edit(LAB, "id = \"first-file\"", "# Guided lab\nid = \"a1234567890123456789012345678901234567890123456789012345678901234\"").chain(edit("second/lab.toml", "[\"first-file\"]", "[]"))),
        t("format 2 at its line", "pack.toml", "set `format = 1`", "format", edit("pack.toml", "format = 1", "format = 2")),
        t("second bad check after a first", LAB, "from 1 to 65535", "port", edit(LAB, "path = \"notes.txt\"", "path = 42").chain(check("kind = \"http.get\"\nport = 70000"))),
        t("third bad check after two", LAB, "at most 10m", "within", edit(LAB, "path = \"notes.txt\"", "path = 42").chain(edit(LAB, "kind = \"git.clean\"", "kind = \"git.clean\"\nwithin = 5")).chain(check("kind = \"http.get\"\nport = 80\nwithin = \"11m\""))),
        t("single-quoted id then a bad path", LAB, quotes, "path", check("kind = \"file.exists\"\npath = 42").chain(edit(LAB, "id = \"attack\"", "id = 'attack'"))),
        t("check header with spaces", LAB, quotes, "path", check("kind = \"file.exists\"\npath = 42").chain(edit(LAB, "\n[[check]]\nid = \"attack\"", "\n[[ check ]]\nid = \"attack\""))),
        t("copied check with a bad path", LAB, quotes, "path", check("kind = \"file.exists\"\npath = 7").chain(edit(LAB, "id = \"attack\"", "id = \"notes\""))),
        t("minutes is text", LAB, "without quotes", "minutes", edit(LAB, "minutes = 5", "minutes = \"five\"")),
        t("title is a number", LAB, quotes, "title", edit(LAB, "title = \"Write your first note\"", "title = 5")),
        t("hints is a number", "init-only/lab.toml", "a list", "hints", edit("init-only/lab.toml", "minutes = 5", "minutes = 5\nhints = 3")),
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
        t("check id is a number", LAB, quotes, "id", check("kind = \"file.exists\"\npath = \"a\"\nid = 7").chain(edit(LAB, "id = \"attack\"\n", ""))),
        t("header pattern is a number", LAB, quotes, "header", check("kind = \"http.get\"\nport = 80\nheader = { name = \"x\", pattern = 5 }")),
        t("metric label is a number", LAB, quotes, "labels", check("kind = \"http.metric\"\nport = 80\nmetric = \"m\"\nlabels = { a = 1 }")),
        t("resources containers is text", LAB, "a list", "containers", edit(LAB, "minutes = 5", "minutes = 5\nresources = { containers = \"web\" }")),
    ]
}

#[rustfmt::skip]
pub fn keys() -> Vec<Case> {
    let k = Kind::Keys;
    let spelling = "or fix its spelling";
    vec![
        case("duplicate top-level key", k, LAB, "duplicate key `minutes`", edit(LAB, "minutes = 5", "minutes = 5\nminutes = 6")).field("minutes"),
        case("duplicate key in a check", k, LAB, "duplicate key `path`", check("kind = \"file.exists\"\npath = \"a\"\npath = \"b\"")).field("path"),
        case("duplicate key in pack.toml", k, "pack.toml", "duplicate key `title`", edit("pack.toml", "version = ", "title = \"again\"\nversion = ")).field("title"),
        case("unknown top-level key", k, LAB, spelling, edit(LAB, "minutes = 5", "minutes = 5\ncolour = \"red\"")).field("colour"),
        case("unknown key in a check", k, LAB, spelling, check("kind = \"container.running\"\ncontaner = \"web\"")).field("contaner"),
        case("unknown key in pack.toml", k, "pack.toml", spelling, edit("pack.toml", "version = ", "colour = \"red\"\nversion = ")),
        case("unknown key in workspace", k, "init-only/lab.toml", spelling, edit("init-only/lab.toml", "git = \"init\"", "gitt = \"init\"")),
        case("missing field in a check", k, LAB, "add `path = ...`", check("kind = \"file.exists\"")),
        case("check without kind", k, LAB, "has no `kind`", check("path = \"a\"")),
        case("check without id", k, LAB, "add `id = ", edit(LAB, "id = \"notes\"\n", "")),
        case("unknown kind", k, LAB, "unknown kind `file.exist`", check("kind = \"file.exist\"\npath = \"a\"")).field("kind"),
        case("unknown restart policy", k, LAB, "sometimes", check("kind = \"container.restart_policy\"\ncontainer = \"web\"\npolicy = \"sometimes\"")).field("policy"),
        case("lab without title", k, LAB, "add `title = ...`", edit(LAB, "title = \"Write your first note\"\n", "")),
        case("empty lab.toml", k, LAB, "missing field", with(|pack, _| fs::write(pack.join(LAB), "").unwrap())),
        case("lab.toml is not TOML", k, LAB, "fix the TOML here", edit(LAB, "minutes = 5", "minutes = = 5")),
        case("pack.toml is not TOML", k, "pack.toml", "fix the TOML here", edit("pack.toml", "format = 1", "format = [")),
    ]
}

#[rustfmt::skip]
pub fn structure() -> Vec<Case> {
    let k = Kind::Structure;
    let follow_on = "is not a lab of this pack";
    vec![
        case("prerequisite unknown", k, "second/lab.toml", "fix the id or remove it", edit("second/lab.toml", "[\"first-file\"]", "[\"nope\"]")),
        case("prerequisite is itself", k, LAB, "prerequisites form a cycle", edit(LAB, "minutes = 5", "minutes = 5\nprerequisites = [\"first-file\"]")),
        case("prerequisites in a cycle", k, LAB, "prerequisites form a cycle", edit(LAB, "minutes = 5", "minutes = 5\nprerequisites = [\"second\"]")),
        case("prerequisite has a type error", k, LAB, "`path`", edit(LAB, "path = \"notes.txt\"", "path = 42")).never(follow_on),
        case("prerequisite is not TOML", k, LAB, "fix the TOML here", edit(LAB, "minutes = 5", "minutes = = 5")).never(follow_on),
        case("prerequisite lab.toml is a folder", k, LAB, "must be a file", with(|pack, _| {
            clear(&pack.join(LAB));
            fs::create_dir(pack.join(LAB)).unwrap();
        })).never(follow_on),
        case("prerequisite has a FIFO brief", k, "first-file/brief.md", "must be regular files", fifo("first-file/brief.md")).never(follow_on),
        case("prerequisite is in a renamed folder", k, "renamed/lab.toml", "`path`", with(|pack, _| {
            fs::rename(pack.join("first-file"), pack.join("renamed")).unwrap();
            let lab = pack.join("renamed/lab.toml");
            let text = fs::read_to_string(&lab).unwrap().replace("path = \"notes.txt\"", "path = 42");
            fs::write(lab, text).unwrap();
        })).never(follow_on),
        case("format 2", k, "pack.toml", "set `format = 1`", edit("pack.toml", "format = 1", "format = 2")),
        case("format overflows", k, "pack.toml", "`format`", edit("pack.toml", "format = 1", "format = 99999999999999999999")),
        case("stage not declared", k, LAB, "is not declared in pack.toml", edit(LAB, "stage = \"basics\"", "stage = \"nowhere\"")),
        case("two labs share an id", k, "init-only/lab.toml", "must be unique", edit("init-only/lab.toml", "id = \"init-only\"", "id = \"first-file\"")),
        case("lab id unusable", k, LAB, "not usable as a folder name", edit(LAB, "id = \"first-file\"", "id = \"First File\"").chain(edit("second/lab.toml", "[\"first-file\"]", "[]"))),
        case("two checks share an id", k, LAB, "give each check its own id", edit(LAB, "id = \"committed\"", "id = \"notes\"")),
        case("no checks", k, "init-only/lab.toml", "add at least one [[check]]", with(|pack, _| {
            let lab = pack.join("init-only/lab.toml");
            let text = fs::read_to_string(&lab).unwrap();
            let cut = text.find("[[check]]").unwrap();
            fs::write(lab, &text[..cut]).unwrap();
        })),
        case("path leaves the workspace", k, LAB, "leaves its folder", edit(LAB, "path = \"notes.txt\"", "path = \"../notes.txt\"")).field("path"),
        case("path is absolute", k, LAB, "is absolute", edit(LAB, "path = \"notes.txt\"", "path = \"/etc/passwd\"")).field("path"),
        case("http host not loopback", k, LAB, "loopback", check("kind = \"http.get\"\nport = 80\nhost = \"example.com\"")).field("host"),
        case("regex does not compile", k, LAB, "fix the pattern", check("kind = \"file.matches\"\npath = \"a\"\npattern = \"(\"")).field("pattern"),
        case("regex too large once compiled", k, LAB, "too large once compiled", check("kind = \"file.matches\"\npath = \"a\"\npattern = '\\w{300}'")).field("pattern"),
        case("patterns too large together", k, LAB, "the patterns of one pack may take together", with(|pack, _| {
            let lab = pack.join(LAB);
            let mut text = fs::read_to_string(&lab).unwrap();
            for i in 0..80 {
                text.push_str(&format!("\n[[check]]\nid = \"p{i}\"\nkind = \"file.matches\"\npath = \"a\"\npattern = '\\w{{20}}'\n"));
            }
            fs::write(lab, text).unwrap();
        })).field("pattern"),
        case("check written as a single table", k, "init-only/lab.toml", "double brackets", edit("init-only/lab.toml", "[[check]]", "[check]")),
        case("no stages", k, "pack.toml", "add a [[stage]] table", with(|pack, _| {
            let text = fs::read_to_string(pack.join("pack.toml")).unwrap();
            fs::write(pack.join("pack.toml"), &text[..text.find("[[stage]]").unwrap()]).unwrap();
        })).never("add `stage = ...`"),
        case("empty stage list", k, "pack.toml", "add a [[stage]] table", with(|pack, _| {
            let text = fs::read_to_string(pack.join("pack.toml")).unwrap();
            fs::write(pack.join("pack.toml"), format!("{}stage = []\n", &text[..text.find("[[stage]]").unwrap()])).unwrap();
        })).never("use one of: \n"),
        case("starter is a fifo", k, "first-file/starter", "must be a folder", fifo("first-file/starter")).never("replace it with one").start(),
        case("no pack.toml", k, "pack.toml", "point --pack at a folder", with(|pack, _| clear(&pack.join("pack.toml")))),
    ]
}
