//! Watches a learner's workspace for changes that can change a check's
//! verdict: files being written, and git's HEAD, refs and index moving.
//! Bursts (an editor saving, `git commit` writing a dozen files) are
//! debounced into one [`WorkspaceChange`].
//!
//! Reads are ignored (the checks themselves open files and must not trigger
//! themselves), and so is the churn under `.git/objects` and `.git/logs`.
//!
//! A workspace made with `git worktree add` keeps its git files elsewhere:
//! its `.git` is a file naming its own git folder
//! (`MAIN/.git/worktrees/NAME`: HEAD, index) inside the main repository's
//! shared folder (refs, packed-refs). Both are watched too, and their
//! changes are reported as if they were under the workspace's `.git`.
//!
//! [`watch_file`] follows one file that is replaced by rename (as the
//! progress file is): it watches the file's folder and reports a burst that
//! touched the file's name.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;
use tokio::time::{timeout_at, Instant};

/// How long a burst must be quiet before it is reported.
pub const DEBOUNCE: Duration = Duration::from_millis(150);
/// The longest a change waits while a burst goes on.
const MAX_WAIT: Duration = Duration::from_millis(1000);

/// What changed in the workspace since the last report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkspaceChange {
    /// The workspace folder did not exist and now does.
    Appeared,
    /// Files or git refs changed; the paths are relative to the workspace.
    Changed { paths: Vec<PathBuf> },
}

/// Why the workspace cannot be watched.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {path} for changes: {cause}; press `r` to run the checks by hand")]
pub struct WatchError {
    pub path: String,
    pub cause: String,
}

/// A running watch. Dropping it stops watching.
pub struct WorkspaceWatch {
    task: tokio::task::JoinHandle<()>,
}

impl Drop for WorkspaceWatch {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts watching `workspace` (which may not exist yet: then its nearest
/// existing parent is watched until it appears). Changes arrive on the
/// returned receiver, at most one per `debounce` of quiet. Must be called
/// inside a tokio runtime.
pub fn watch(
    workspace: &Path,
    debounce: Duration,
) -> Result<(WorkspaceWatch, mpsc::UnboundedReceiver<WorkspaceChange>), WatchError> {
    let (raw_tx, raw_rx) = mpsc::unbounded_channel::<Event>();
    let watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
        if let Ok(event) = event {
            let _ = raw_tx.send(event);
        }
    })
    .map_err(|e| error(workspace, e))?;
    let mut armed = Armed {
        watcher,
        target: workspace.to_path_buf(),
        mode: RecursiveMode::Recursive,
        on_parent: None,
        follow_git: true,
        linked: None,
    };
    armed.arm()?;
    let (tx, rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(debounce_loop(armed, raw_rx, tx, debounce));
    Ok((WorkspaceWatch { task }, rx))
}

fn error(path: &Path, e: notify::Error) -> WatchError {
    WatchError {
        path: path.display().to_string(),
        cause: e.to_string(),
    }
}

/// The notify watcher and what it is pointed at.
struct Armed {
    watcher: RecommendedWatcher,
    /// The folder to watch (a workspace, or the folder of a watched file).
    target: PathBuf,
    mode: RecursiveMode,
    /// The existing parent watched while the target does not exist.
    on_parent: Option<PathBuf>,
    /// Whether to watch the git folders of a linked worktree.
    follow_git: bool,
    /// The linked worktree's git folders being watched.
    linked: Option<LinkedGitDirs>,
}

/// Where a linked worktree's git files are: its own folder (HEAD, index)
/// and the shared folder of the main repository (refs, packed-refs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedGitDirs {
    /// `MAIN/.git/worktrees/NAME`.
    pub own: PathBuf,
    /// `MAIN/.git`.
    pub common: PathBuf,
}

impl LinkedGitDirs {
    /// The git folders of the repository in `workspace` when they lie
    /// outside it (its `.git` is a `gitdir:` file), else `None`.
    pub fn of(workspace: &Path) -> Option<LinkedGitDirs> {
        let text = small_file(&workspace.join(".git"))?;
        let own = text.lines().find_map(|l| l.strip_prefix("gitdir:"))?.trim();
        let own = workspace.join(own).canonicalize().ok()?;
        let common = match small_file(&own.join("commondir")) {
            Some(rel) => own.join(rel.trim()).canonicalize().ok()?,
            None => own.clone(),
        };
        Some(LinkedGitDirs { own, common })
    }

    /// An event path in these folders as the workspace-relative path it
    /// stands for (`.git/HEAD`, `.git/refs/heads/x`), when it is one that
    /// can change a verdict: the worktree's own HEAD and index, and the
    /// shared refs.
    pub fn as_workspace_path(&self, path: &Path) -> Option<PathBuf> {
        let rel = match path.strip_prefix(&self.own) {
            Ok(rel) => rel,
            Err(_) => path
                .strip_prefix(&self.common)
                .ok()
                .filter(|rel| rel.starts_with("refs") || *rel == Path::new("packed-refs"))?,
        };
        let shown = Path::new(".git").join(rel);
        is_relevant(&shown).then_some(shown)
    }

    fn watch(&self, watcher: &mut RecommendedWatcher) -> Result<(), WatchError> {
        watcher
            .watch(&self.own, RecursiveMode::NonRecursive)
            .map_err(|e| error(&self.own, e))?;
        watcher
            .watch(&self.common, RecursiveMode::NonRecursive)
            .map_err(|e| error(&self.common, e))?;
        let refs = self.common.join("refs");
        watcher
            .watch(&refs, RecursiveMode::Recursive)
            .map_err(|e| error(&refs, e))
    }

    fn unwatch(&self, watcher: &mut RecommendedWatcher) {
        for folder in [&self.own, &self.common, &self.common.join("refs")] {
            let _ = watcher.unwatch(folder);
        }
    }
}

impl Armed {
    fn arm(&mut self) -> Result<(), WatchError> {
        if self.target.is_dir() {
            if let Some(parent) = self.on_parent.take() {
                let _ = self.watcher.unwatch(&parent);
            }
            self.watcher
                .watch(&self.target, self.mode)
                .map_err(|e| error(&self.target, e))?;
            return self.arm_linked();
        }
        let parent = self
            .target
            .ancestors()
            .skip(1)
            .find(|p| p.is_dir())
            .map(Path::to_path_buf)
            .ok_or_else(|| WatchError {
                path: self.target.display().to_string(),
                cause: "no parent folder exists".into(),
            })?;
        if self.on_parent.as_ref() != Some(&parent) {
            if let Some(old) = self.on_parent.take() {
                let _ = self.watcher.unwatch(&old);
            }
            self.watcher
                .watch(&parent, RecursiveMode::NonRecursive)
                .map_err(|e| error(&parent, e))?;
            self.on_parent = Some(parent);
        }
        Ok(())
    }
}

/// The text of a small regular file (a `gitdir:` or `commondir` file); a
/// FIFO or device there is not read, so it cannot block the watcher.
fn small_file(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > 64 * 1024 {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

impl Armed {
    /// Watches the git folders of a linked worktree at the target, if it
    /// is one (again, when the workspace's `.git` file changed).
    fn arm_linked(&mut self) -> Result<(), WatchError> {
        if !self.follow_git {
            return Ok(());
        }
        let linked = LinkedGitDirs::of(&self.target);
        if linked == self.linked {
            return Ok(());
        }
        if let Some(old) = self.linked.take() {
            old.unwatch(&mut self.watcher);
        }
        if let Some(new) = &linked {
            new.watch(&mut self.watcher)?;
        }
        self.linked = linked;
        Ok(())
    }

    /// The workspace-relative paths of `events` that can change a verdict,
    /// the linked worktree's git folders included.
    fn changed_paths(&mut self, events: &[Event]) -> Vec<PathBuf> {
        let mut paths = relevant_paths(&self.target, events);
        let dot_git = self.target.join(".git");
        if events.iter().any(|e| e.paths.contains(&dot_git)) {
            let _ = self.arm_linked();
        }
        if let Some(linked) = &self.linked {
            paths.extend(
                events
                    .iter()
                    .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                    .flat_map(|e| e.paths.iter())
                    .filter_map(|p| linked.as_workspace_path(p)),
            );
            paths.sort();
            paths.dedup();
        }
        paths
    }
}

async fn debounce_loop(
    mut armed: Armed,
    mut raw: mpsc::UnboundedReceiver<Event>,
    tx: mpsc::UnboundedSender<WorkspaceChange>,
    debounce: Duration,
) {
    while let Some(first) = raw.recv().await {
        let Some(events) = burst(first, &mut raw, debounce).await else {
            return;
        };
        let report = if armed.on_parent.is_some() {
            // Waiting for the workspace to appear: re-arm on any change nearby.
            let _ = armed.arm();
            armed
                .on_parent
                .is_none()
                .then_some(WorkspaceChange::Appeared)
        } else {
            let paths = armed.changed_paths(&events);
            (!paths.is_empty()).then_some(WorkspaceChange::Changed { paths })
        };
        if let Some(change) = report {
            if tx.send(change).is_err() {
                return;
            }
        }
    }
}

/// Gathers the events that follow `first` until `debounce` passes quietly
/// (or [`MAX_WAIT`] after `first`). None when the watcher has gone.
async fn burst(
    first: Event,
    raw: &mut mpsc::UnboundedReceiver<Event>,
    debounce: Duration,
) -> Option<Vec<Event>> {
    let mut events = vec![first];
    let cap = Instant::now() + MAX_WAIT;
    loop {
        let quiet_until = (Instant::now() + debounce).min(cap);
        match timeout_at(quiet_until, raw.recv()).await {
            Ok(Some(event)) => events.push(event),
            Ok(None) => return None,
            Err(_) => return Some(events),
        }
    }
}

/// The workspace-relative paths of the events that can change a verdict,
/// sorted and without repeats.
pub fn relevant_paths(workspace: &Path, events: &[Event]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = events
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
        .flat_map(|e| e.paths.iter())
        .filter_map(|p| p.strip_prefix(workspace).ok())
        .filter(|rel| is_relevant(rel))
        .map(Path::to_path_buf)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether a change at `rel` (relative to the workspace) matters: anything
/// outside `.git`, and inside it only HEAD, refs, packed-refs and the index,
/// of the repository or of a submodule's git folder (`.git/modules/NAME`).
pub fn is_relevant(rel: &Path) -> bool {
    let Ok(in_git) = rel.strip_prefix(".git") else {
        return true;
    };
    if in_git.extension().is_some_and(|e| e == "lock") {
        return false;
    }
    if in_git.starts_with("modules") {
        let inside = |name: &str| in_git.components().any(|c| c.as_os_str() == name);
        let named = |name: &str| in_git.file_name().is_some_and(|f| f == name);
        return !inside("objects")
            && !inside("logs")
            && (inside("refs") || named("HEAD") || named("index") || named("packed-refs"));
    }
    in_git == Path::new("HEAD")
        || in_git == Path::new("packed-refs")
        || in_git == Path::new("index")
        || in_git.starts_with("refs")
        || GIT_STATE.iter().any(|name| in_git.starts_with(name))
}

/// What `git.config` and `git.head` read besides HEAD, refs and the index:
/// the repository's config, and the files that say an operation (merge,
/// cherry-pick, revert, bisect, rebase, `git am`) is under way.
const GIT_STATE: [&str; 8] = [
    "config",
    "MERGE_HEAD",
    "CHERRY_PICK_HEAD",
    "REVERT_HEAD",
    "BISECT_LOG",
    "rebase-merge",
    "rebase-apply",
    "sequencer",
];

/// A running watch of one file. Dropping it stops watching.
pub struct FileWatch {
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FileWatch {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The watched file was written, replaced, created or removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileChanged;

/// Starts watching `file`, which is replaced by rename rather than written
/// in place, so its folder is watched (or, while the folder does not exist,
/// its nearest existing parent). A burst that touched the file is reported
/// once it has been quiet for `debounce`; reads are not reported, so the
/// reader of the file does not wake itself. Must be called inside a tokio
/// runtime.
pub fn watch_file(
    file: &Path,
    debounce: Duration,
) -> Result<(FileWatch, mpsc::UnboundedReceiver<FileChanged>), WatchError> {
    let (Some(folder), Some(name)) = (file.parent(), file.file_name()) else {
        return Err(WatchError {
            path: file.display().to_string(),
            cause: "it is not a file in a folder".into(),
        });
    };
    let (raw_tx, raw_rx) = mpsc::unbounded_channel::<Event>();
    let watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
        if let Ok(event) = event {
            let _ = raw_tx.send(event);
        }
    })
    .map_err(|e| error(file, e))?;
    let mut armed = Armed {
        watcher,
        target: folder.to_path_buf(),
        mode: RecursiveMode::NonRecursive,
        on_parent: None,
        follow_git: false,
        linked: None,
    };
    armed.arm()?;
    let (tx, rx) = mpsc::unbounded_channel();
    let name = name.to_os_string();
    let task = tokio::spawn(file_loop(armed, name, raw_rx, tx, debounce));
    Ok((FileWatch { task }, rx))
}

async fn file_loop(
    mut armed: Armed,
    name: OsString,
    mut raw: mpsc::UnboundedReceiver<Event>,
    tx: mpsc::UnboundedSender<FileChanged>,
    debounce: Duration,
) {
    while let Some(first) = raw.recv().await {
        let Some(events) = burst(first, &mut raw, debounce).await else {
            return;
        };
        let waited = armed.on_parent.is_some();
        if waited || !armed.target.is_dir() {
            // The folder appeared, or went away: follow it.
            let _ = armed.arm();
        }
        let file = armed.target.join(&name);
        let appeared = waited && armed.on_parent.is_none() && file.exists();
        if (appeared || touches(&file, &events)) && tx.send(FileChanged).is_err() {
            return;
        }
    }
}

/// Whether any event other than a read names `file`.
fn touches(file: &Path, events: &[Event]) -> bool {
    events
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
        .flat_map(|e| e.paths.iter())
        .any(|p| p == file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_submodules_git_folder_counts_like_the_repositorys_own() {
        assert!(is_relevant(Path::new(".git/modules/lib/HEAD")));
        assert!(is_relevant(Path::new(".git/modules/lib/index")));
        assert!(is_relevant(Path::new(
            ".git/modules/libs/a/refs/heads/main"
        )));
        assert!(!is_relevant(Path::new(".git/modules/lib/objects/ab/cd")));
        assert!(!is_relevant(Path::new(".git/modules/lib/logs/HEAD")));
        assert!(!is_relevant(Path::new(".git/modules/lib/index.lock")));
    }

    #[test]
    fn the_repositorys_config_and_operation_state_count() {
        assert!(is_relevant(Path::new(".git/config")));
        assert!(is_relevant(Path::new(".git/MERGE_HEAD")));
        assert!(is_relevant(Path::new(".git/rebase-merge/done")));
        assert!(!is_relevant(Path::new(".git/COMMIT_EDITMSG")));
        assert!(!is_relevant(Path::new(".git/config.lock")));
    }

    #[test]
    fn a_linked_worktrees_folders_map_to_its_dot_git() {
        let linked = LinkedGitDirs {
            own: PathBuf::from("/r/.git/worktrees/wt"),
            common: PathBuf::from("/r/.git"),
        };
        let at = |p: &str| linked.as_workspace_path(Path::new(p));
        assert_eq!(at("/r/.git/worktrees/wt/HEAD"), Some(".git/HEAD".into()));
        assert_eq!(at("/r/.git/worktrees/wt/index"), Some(".git/index".into()));
        assert_eq!(
            at("/r/.git/refs/heads/feature"),
            Some(".git/refs/heads/feature".into())
        );
        assert_eq!(at("/r/.git/packed-refs"), Some(".git/packed-refs".into()));
        // The main worktree's own HEAD and index, and object churn, are not
        // this workspace's.
        assert_eq!(at("/r/.git/HEAD"), None);
        assert_eq!(at("/r/.git/index"), None);
        assert_eq!(at("/r/.git/objects/ab/cd"), None);
        assert_eq!(at("/r/.git/worktrees/wt/logs/HEAD"), None);
    }
}
