//! The TUI's state and the one place it changes: [`App::update`] takes a
//! message (a key, a verification result, a Docker or file event) and
//! returns the effects to carry out (run the checks, watch a workspace,
//! record progress). Nothing here does I/O, so it is tested by feeding
//! messages.
//!
//! `update` hands each message to a handler in one of the files below,
//! one concern a file: keys and moving between screens (`navigate`), the
//! open lab (`lab`), its workspace (`workspace`), popups (`popup_keys`),
//! Docker and the idle timer (`events`), progress written elsewhere
//! (`reload`), and switching packs (`packs`).

mod events;
mod lab;
mod message;
mod navigate;
mod packs;
mod popup_keys;
mod reload;
mod screen;
mod workspace;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::pack::{Lab, Pack};

use super::frame::{MIN_HEIGHT, MIN_WIDTH};
use super::keys::KeyContext;
use super::model::{path_view, PathView, ProgressView};
use super::theme::Theme;

pub use message::{Effect, Msg, Record};
pub use packs::{PackChoice, PackReady, Picker};
pub use screen::{CheckRow, CheckState, LabScreen, Panel, Popup, Screen};

/// How long a lab may sit with no change before a hint is offered.
pub const IDLE_NUDGE: Duration = Duration::from_secs(5 * 60);

/// What the app needs from outside besides the pack and progress.
#[derive(Clone, Debug)]
pub struct Settings {
    pub theme: Theme,
    /// Workspaces live at `<workspace_root>/<lab id>`.
    pub workspace_root: PathBuf,
    /// Shown instead of `workspace_root` in paths (e.g. "~/opslab").
    pub workspace_display: String,
    /// Workspaces made somewhere other than under the root, by lab id.
    pub workspaces: BTreeMap<String, PathBuf>,
    /// How the learner runs opslab: `opslab`, or `opslab --pack DIR`.
    pub command: String,
    /// Unix seconds now; tests pass a fixed clock.
    pub clock: fn() -> u64,
    pub idle_after: Duration,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DockerStatus {
    /// Not known yet (the first connection attempt is under way).
    Unknown,
    Up,
    /// Why it is down, and how to fix it.
    Down(String),
}

pub struct App {
    pub pack: Pack,
    pub progress: ProgressView,
    pub path: PathView,
    pub screen: Screen,
    pub popups: Vec<Popup>,
    pub docker: DockerStatus,
    pub settings: Settings,
    /// Unix seconds at the last update.
    pub now: u64,
    pub size: (u16, u16),
    /// A one-line note in the status bar, cleared by the next key.
    pub notice: Option<String>,
    pub quitting: bool,
    /// How far the popup on top is scrolled (when taller than the window).
    pub popup_scroll: u16,
    /// The worker that failed and why, when that is what ended the app.
    pub failure: Option<(&'static str, String)>,
    /// The pack picker (`P`), while it is open.
    pub picker: Option<Picker>,
    /// The folder of the pack the UI was opened on (None for the built-in
    /// pack), listed by the picker even after switching away from it.
    opened_on: Option<PathBuf>,
    generation: u64,
    watch: u64,
    idle: u64,
    /// Progress writes asked for so far ([`Effect::Record`] and
    /// [`Effect::StartWorkspace`]); a reload read before the newest of them
    /// is stale.
    writes: u64,
}

impl App {
    pub fn new(pack: Pack, progress: ProgressView, settings: Settings) -> App {
        let path = path_view(&pack, &progress);
        let selected = path.next.unwrap_or(0);
        let opened_on = pack.source.root().map(PathBuf::from);
        App {
            now: (settings.clock)(),
            pack,
            progress,
            path,
            screen: Screen::Path { selected },
            popups: Vec::new(),
            docker: DockerStatus::Unknown,
            settings,
            size: (80, 24),
            notice: None,
            quitting: false,
            failure: None,
            picker: None,
            opened_on,
            popup_scroll: 0,
            generation: 0,
            watch: 0,
            idle: 0,
            writes: 0,
        }
    }

    /// Whether the window is below [`MIN_WIDTH`]×[`MIN_HEIGHT`], where
    /// only "Window too small" is shown and only `q`, Ctrl-C and resizing act.
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// The generation of the newest verification asked for.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn workspace_of(&self, lab: &Lab) -> PathBuf {
        match self.settings.workspaces.get(&lab.id) {
            Some(path) => path.clone(),
            None => self.settings.workspace_root.join(&lab.id),
        }
    }

    /// The lab's workspace as shown: under the root as `~/opslab/<lab>`.
    pub fn workspace_shown(&self, lab: &Lab) -> String {
        let path = self.workspace_of(lab);
        match path.strip_prefix(&self.settings.workspace_root) {
            Ok(rel) => format!("{}/{}", self.settings.workspace_display, rel.display()),
            Err(_) => path.display().to_string(),
        }
    }

    pub fn lab_screen(&self) -> Option<&LabScreen> {
        match &self.screen {
            Screen::Lab(s) => Some(s),
            _ => None,
        }
    }

    pub fn key_context(&self) -> KeyContext {
        match self.screen {
            Screen::Path { .. } => KeyContext::Path,
            Screen::Lab(_) => KeyContext::Lab,
            Screen::Progress => KeyContext::Progress,
        }
    }

    /// Applies one message and says what to do next.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        self.now = (self.settings.clock)();
        let top = self.popups.last().cloned();
        let effects = self.dispatch(msg);
        if self.popups.last() != top.as_ref() {
            self.popup_scroll = 0; // a new popup starts at its top
        }
        effects
    }

    fn dispatch(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => self.on_key(key),
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.clamp_scroll();
                vec![]
            }
            Msg::Verified { generation, report } => self.on_verified(generation, report),
            Msg::DockerUp => self.on_docker(DockerStatus::Up),
            Msg::DockerDown(why) => self.on_docker(DockerStatus::Down(why)),
            Msg::Docker(event) => self.on_docker_event(&event),
            Msg::WorkspaceState { watch, exists } => self.on_workspace_state(watch, exists),
            Msg::Workspace { watch, .. } => self.on_workspace(watch),
            Msg::WatchFailed { watch, why } => self.on_watch_failed(watch, why),
            Msg::Idle { generation } => self.on_idle(generation),
            Msg::ResetDone { lab, result } => self.on_reset_done(&lab, result),
            Msg::WorkspaceStarted { lab, result } => self.on_workspace_started(&lab, result),
            Msg::ProgressChanged => vec![Effect::ReloadProgress {
                writes: self.writes,
            }],
            Msg::ProgressReloaded { writes, result } => self.on_progress_reloaded(writes, result),
            Msg::PacksListed { asked, choices } => self.on_packs_listed(asked, choices),
            Msg::Problem(text) => {
                self.notice = Some(text);
                vec![]
            }
            Msg::WorkerFailed { worker, why } => {
                self.failure = Some((worker, why));
                self.quit()
            }
            Msg::Quit => self.quit(),
        }
    }

    /// Notes the progress writes among `effects`, where they are made, so
    /// that a reload asked for later is read after them.
    fn counted(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        self.writes += effects.iter().filter(|e| e.writes_progress()).count() as u64;
        effects
    }

    fn quit(&mut self) -> Vec<Effect> {
        self.quitting = true;
        vec![Effect::StopWatching, Effect::Quit]
    }
}
