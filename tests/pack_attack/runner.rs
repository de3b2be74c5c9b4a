//! Runs `opslab` on one generated pack with a deadline and checks what a
//! pack author and a learner would notice: the exit code, the file named,
//! the fix given, no panic, nothing changed outside the case's folders.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A run longer than this is a hang.
const DEADLINE: Duration = Duration::from_secs(20);

/// The fault a case plants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    SpecialFile,
    Link,
    FileShape,
    Range,
    Type,
    Keys,
    Structure,
    Walk,
    Limit,
    Text,
    Names,
}

/// Changes a fresh copy of the basic pack (`pack`) into a hostile one; may
/// also put files in `outside`, a folder next to the pack that the pack
/// must never read from or write to.
pub type Setup = Box<dyn Fn(&Path, &Path)>;

pub struct Case {
    pub name: &'static str,
    pub kind: Kind,
    pub setup: Setup,
    /// The file the message must name, relative to the pack.
    pub culprit: &'static str,
    /// Text the message must hold: the fix or the allowed range.
    pub says: &'static str,
    /// The key whose own line the message must point at (`file:line:col`).
    pub field: Option<&'static str>,
    /// Also run `start first-file`, which copies the starter.
    pub start: bool,
    /// Text that must not appear (a follow-on error).
    pub never: Option<&'static str>,
}

struct Output {
    code: Option<i32>,
    text: String,
}

impl Case {
    /// Builds the pack, runs every command on it, and says what went wrong.
    pub fn attack(&self) -> Result<(), String> {
        let root = tempfile::tempdir().map_err(|e| e.to_string())?;
        let (pack, outside) = (root.path().join("pack"), root.path().join("outside"));
        copy_tree(&fixture(), &pack);
        fs::create_dir_all(outside.join("lab")).unwrap();
        fs::write(outside.join("secret.txt"), "outside the pack\n").unwrap();
        copy_tree(&fixture().join("first-file"), &outside.join("lab"));
        (self.setup)(&pack, &outside);
        let before = (snapshot(&pack), snapshot(&outside));

        let mut runs = vec![
            vec![
                "pack".to_string(),
                "validate".into(),
                pack.display().to_string(),
            ],
            vec!["--pack".into(), pack.display().to_string(), "list".into()],
        ];
        if self.start {
            runs.push(vec![
                "--pack".into(),
                pack.display().to_string(),
                "start".into(),
                "first-file".into(),
            ]);
        }
        let mut problems = Vec::new();
        for args in &runs {
            let out = run(root.path(), args);
            if let Err(why) = self.judge(&pack, &out) {
                problems.push(format!("`opslab {}`: {why}\n{}", args.join(" "), out.text));
            }
        }
        if root.path().join("labs").join("first-file").exists() {
            problems.push("start made a workspace from a pack it should refuse".into());
        }
        if (snapshot(&pack), snapshot(&outside)) != before {
            problems.push("the pack or the folder outside it changed".into());
        }
        match problems.is_empty() {
            true => Ok(()),
            false => Err(format!("[{}] {}", self.name, problems.join("\n"))),
        }
    }

    fn judge(&self, pack: &Path, out: &Output) -> Result<(), String> {
        if out.code.is_none() {
            return Err(format!("hung: killed after {DEADLINE:?}"));
        }
        if out.text.contains("panicked") {
            return Err("panicked".into());
        }
        if out.code != Some(2) {
            return Err(format!("exit code {:?}, not 2", out.code));
        }
        let culprit = pack.join(self.culprit).display().to_string();
        let line = out
            .text
            .lines()
            .find(|l| l.contains(&culprit) && l.contains(self.says))
            .ok_or_else(|| format!("no line names {culprit} and says {:?}", self.says))?;
        if let Some(never) = self.never {
            if out.text.contains(never) {
                return Err(format!("follow-on error {never:?}"));
            }
        }
        if let Some(field) = self.field {
            let after = line.find(&culprit).map_or(0, |i| i + culprit.len());
            let at = line[after..].split(':').nth(1);
            let n: usize = at
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| format!("no line number in {line:?}"))?;
            let text = fs::read_to_string(pack.join(self.culprit)).unwrap_or_default();
            let pointed = text.lines().nth(n - 1).unwrap_or("");
            let own_line = regex::Regex::new(&format!(r"(^|[{{,\s]){field}\s*=")).unwrap();
            if !own_line.is_match(pointed) {
                return Err(format!(
                    "points at line {n} ({pointed:?}), not at `{field}`"
                ));
            }
            // `port`: ..., `header.pattern`: ..., or "unknown kind `x`".
            if !line.contains(&format!("`{field}")) && !line.contains(&format!("{field} `")) {
                return Err(format!("does not name the field `{field}`"));
            }
        }
        Ok(())
    }
}

/// Runs the binary with every folder it may write to inside `root`.
fn run(root: &Path, args: &[String]) -> Output {
    let (stdout, stderr) = (root.join("stdout"), root.join("stderr"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_opslab"))
        .args(args)
        .current_dir(root)
        .env("HOME", root.join("home"))
        .env("XDG_DATA_HOME", root.join("data"))
        .env("XDG_CONFIG_HOME", root.join("config"))
        .env("XDG_STATE_HOME", root.join("state"))
        .env("XDG_CACHE_HOME", root.join("cache"))
        .env("OPSLAB_HOME", root.join("labs"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout).unwrap())
        .stderr(fs::File::create(&stderr).unwrap())
        .spawn()
        .expect("opslab runs");
    let started = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status.code().unwrap_or(-1));
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut text = String::new();
    for file in [stdout, stderr] {
        let mut bytes = Vec::new();
        fs::File::open(file)
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        text.push_str(&String::from_utf8_lossy(&bytes));
    }
    Output { code, text }
}

pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pack-basic")
}

pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// What is in a folder, links not followed, special files not opened:
/// each path with its type, size, and the bytes of small regular files.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (String, u64, Vec<u8>)> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(folder) = todo.pop() {
        let Ok(items) = fs::read_dir(&folder) else {
            continue;
        };
        for item in items.flatten() {
            let path = item.path();
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            let kind = format!("{:?}", meta.file_type());
            let bytes = if meta.is_file() && meta.len() <= 1 << 20 {
                fs::read(&path).unwrap_or_default()
            } else {
                Vec::new()
            };
            if meta.is_dir() {
                todo.push(path.clone());
            }
            out.insert(path, (kind, meta.len(), bytes));
        }
    }
    out
}
