//! The TUI's state and the one place it changes: [`App::update`] takes a
//! message (a key, a verification result, a Docker or file event) and
//! returns the effects to carry out (run the checks, watch a workspace,
//! record progress). Nothing here does I/O, so it is tested by feeding
//! messages.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::pack::{Lab, Pack};
use crate::verify::docker::DockerEvent;
use crate::verify::watch::WorkspaceChange;
use crate::verify::{Outcome, Report};
use crate::workspace::Opened;

use super::keys::{Key, KeyContext};
use super::model::{path_view, LabStatus, PathView, ProgressOnDisk, ProgressView};
use super::theme::Theme;

/// Said when the checks cannot run because the workspace is missing.
pub const NO_WORKSPACE_YET: &str =
    "The workspace is not created yet: press s to create it, then the checks run.";

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Brief,
    Checks,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckState {
    /// Not run yet in this session.
    Waiting,
    /// Running now; the previous outcome, if any, is still shown.
    Running(Option<Outcome>),
    Done(Outcome),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckRow {
    pub title: String,
    pub state: CheckState,
}

/// An open lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabScreen {
    /// Index into `pack.labs`.
    pub lab: usize,
    pub focus: Panel,
    pub brief_scroll: u16,
    pub checks_scroll: u16,
    pub checks: Vec<CheckRow>,
    pub workspace: PathBuf,
    /// None until the watcher has looked. Checks run only once it is
    /// known to exist.
    pub workspace_exists: Option<bool>,
    /// `s` was pressed and the workspace is being created.
    pub creating: bool,
    pub watch_error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Path { selected: usize },
    Lab(LabScreen),
    Progress,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Popup {
    Help(KeyContext),
    ConfirmReset {
        lab: usize,
    },
    /// Every check of `lab` passed.
    Success {
        lab: usize,
        next: Option<usize>,
    },
    /// Nothing changed in the open lab for a while: offer a hint.
    Nudge {
        lab: usize,
    },
    Message(String),
}

/// Everything that can happen to the app.
#[derive(Clone, Debug)]
pub enum Msg {
    Key(Key),
    Resize(u16, u16),
    Verified {
        generation: u64,
        report: Report,
    },
    DockerUp,
    DockerDown(String),
    Docker(DockerEvent),
    WorkspaceState {
        watch: u64,
        exists: bool,
    },
    Workspace {
        watch: u64,
        change: WorkspaceChange,
    },
    WatchFailed {
        watch: u64,
        why: String,
    },
    Idle {
        generation: u64,
    },
    ResetDone {
        lab: String,
        result: Result<(), String>,
    },
    /// The workspace `s` asked for is made (or was already there).
    WorkspaceStarted {
        lab: String,
        result: Result<Opened, String>,
    },
    /// The progress file changed on disk (an `opslab` command in another
    /// terminal, or the UI's own write).
    ProgressChanged,
    /// The progress file as read again after [`Effect::ReloadProgress`];
    /// `writes` is the one the effect carried. `Err` says why it could not
    /// be read (damaged, unreadable); the view shown is kept.
    ProgressReloaded {
        writes: u64,
        result: Result<ProgressOnDisk, String>,
    },
    /// Something went wrong in the background that the learner should know.
    Problem(String),
    /// SIGINT, SIGTERM or the terminal going away.
    Quit,
}

/// A change to the learner's recorded progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Opened {
        lab: String,
        at: u64,
        workspace: PathBuf,
    },
    Attempt {
        lab: String,
        at: u64,
        passed: usize,
        failed: usize,
        errors: usize,
    },
    Hint {
        lab: String,
        at: u64,
        shown: usize,
    },
    Done {
        lab: String,
        at: u64,
    },
}

/// Work for the runtime to do.
#[derive(Clone, Debug)]
pub enum Effect {
    Verify {
        generation: u64,
        lab: Box<Lab>,
        workspace: PathBuf,
    },
    Watch {
        watch: u64,
        workspace: PathBuf,
    },
    StopWatching,
    ArmIdle {
        generation: u64,
        after: Duration,
    },
    Record(Record),
    Reset {
        lab: Box<Lab>,
        workspace: PathBuf,
    },
    /// Create the lab's workspace as `opslab start` does and remember it.
    StartWorkspace {
        lab: Box<Lab>,
        workspace: PathBuf,
    },
    /// Read the progress file again, after every progress write asked for
    /// so far (`writes` of them), and answer with [`Msg::ProgressReloaded`].
    ReloadProgress {
        writes: u64,
    },
    /// Write a trace line once the next frame is drawn.
    TraceAfterDraw(&'static str),
    Quit,
}

impl Effect {
    /// Whether carrying out the effect writes the progress file.
    pub fn writes_progress(&self) -> bool {
        matches!(self, Effect::Record(_) | Effect::StartWorkspace { .. })
    }
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
    generation: u64,
    watch: u64,
    idle: u64,
    /// Progress writes asked for so far ([`Effect::Record`] and
    /// [`Effect::StartWorkspace`]); a reload read before the newest of them
    /// is stale.
    pub(super) writes: u64,
}

impl App {
    pub fn new(pack: Pack, progress: ProgressView, settings: Settings) -> App {
        let path = path_view(&pack, &progress);
        let selected = path.next.unwrap_or(0);
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
            generation: 0,
            watch: 0,
            idle: 0,
            writes: 0,
        }
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
            Msg::WatchFailed { watch, why } => {
                if let Some(s) = self.lab_watched(watch) {
                    s.watch_error = Some(why);
                }
                vec![]
            }
            Msg::Idle { generation } => self.on_idle(generation),
            Msg::ResetDone { lab, result } => self.on_reset_done(&lab, result),
            Msg::WorkspaceStarted { lab, result } => self.on_workspace_started(&lab, result),
            Msg::ProgressChanged => vec![Effect::ReloadProgress {
                writes: self.writes,
            }],
            Msg::ProgressReloaded { writes, result } => self.on_progress_reloaded(writes, result),
            Msg::Problem(text) => {
                self.notice = Some(text);
                vec![]
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

    fn lab_watched(&mut self, watch: u64) -> Option<&mut LabScreen> {
        match &mut self.screen {
            Screen::Lab(s) if watch == self.watch => Some(s),
            _ => None,
        }
    }

    fn on_key(&mut self, key: Key) -> Vec<Effect> {
        self.notice = None;
        if matches!(key, Key::Interrupt) {
            return self.quit();
        }
        if let Some(popup) = self.popups.last().cloned() {
            return self.on_popup_key(popup, key);
        }
        match key {
            Key::Char('q') => return self.quit(),
            Key::Char('?') => {
                self.popups.push(Popup::Help(self.key_context()));
                return vec![];
            }
            _ => {}
        }
        let mut effects = match &self.screen {
            Screen::Path { selected } => self.on_path_key(*selected, key),
            Screen::Lab(_) => self.on_lab_key(key),
            Screen::Progress => self.on_progress_key(key),
        };
        if matches!(self.screen, Screen::Lab(_)) {
            effects.push(self.rearm_idle());
        }
        effects
    }

    fn on_popup_key(&mut self, popup: Popup, key: Key) -> Vec<Effect> {
        let close = |app: &mut App| {
            app.popups.pop();
        };
        match (popup, key) {
            (_, Key::Char('q')) => self.quit(),
            (Popup::Help(_), Key::Esc | Key::Enter | Key::Char('?')) => {
                close(self);
                vec![]
            }
            (Popup::ConfirmReset { lab }, Key::Char('y' | 'Y')) => {
                close(self);
                let lab = self.pack.labs[lab].clone();
                let workspace = self.workspace_of(&lab);
                self.notice = Some(format!("Resetting {}…", lab.id));
                vec![Effect::Reset {
                    lab: Box::new(lab),
                    workspace,
                }]
            }
            (Popup::ConfirmReset { .. }, Key::Char('n' | 'N') | Key::Esc | Key::Enter) => {
                close(self);
                vec![]
            }
            (Popup::Success { next, .. }, Key::Enter | Key::Char('n')) => {
                close(self);
                match next {
                    Some(next) => self.open_lab(next),
                    None => vec![],
                }
            }
            (Popup::Nudge { .. }, Key::Enter | Key::Char('h')) => {
                close(self);
                self.reveal_hint()
            }
            (Popup::Success { .. } | Popup::Nudge { .. } | Popup::Message(_), Key::Esc) => {
                close(self);
                vec![]
            }
            (Popup::Message(_), _) => {
                close(self);
                vec![]
            }
            _ => vec![],
        }
    }

    fn on_path_key(&mut self, selected: usize, key: Key) -> Vec<Effect> {
        let last = self.pack.labs.len().saturating_sub(1);
        let page = usize::from(self.size.1.saturating_sub(8).max(1));
        let moved = match key {
            k if k.is_up() => selected.saturating_sub(1),
            k if k.is_down() => (selected + 1).min(last),
            Key::PageUp => selected.saturating_sub(page),
            Key::PageDown => (selected + page).min(last),
            Key::Home | Key::Char('g') => 0,
            Key::End | Key::Char('G') => last,
            Key::Char('n') => self.path.next.unwrap_or(selected),
            Key::Enter | Key::Char('l') | Key::Right if !self.pack.labs.is_empty() => {
                return self.open_lab(selected)
            }
            Key::Char('p') | Key::Tab | Key::BackTab => {
                self.screen = Screen::Progress;
                return vec![];
            }
            _ => selected,
        };
        self.screen = Screen::Path { selected: moved };
        vec![]
    }

    fn on_progress_key(&mut self, key: Key) -> Vec<Effect> {
        match key {
            Key::Esc | Key::Left | Key::Tab | Key::BackTab | Key::Char('p' | 'h') => {
                self.back_to_path(None)
            }
            Key::Enter => match self.suggestion() {
                Some(lab) => self.open_lab(lab),
                None => vec![],
            },
            _ => vec![],
        }
    }

    /// The lab the learner is best off doing now: the smallest available one
    /// when several were opened and none got a green check, else the next.
    pub fn suggestion(&self) -> Option<usize> {
        super::nudge::smallest_when_stuck(&self.pack, &self.progress).or(self.path.next)
    }

    fn back_to_path(&mut self, lab: Option<usize>) -> Vec<Effect> {
        let selected = lab.or(self.path.next).unwrap_or(0);
        let was_lab = matches!(self.screen, Screen::Lab(_));
        self.screen = Screen::Path { selected };
        if was_lab {
            self.generation += 1;
            self.idle += 1;
            return vec![Effect::StopWatching];
        }
        vec![]
    }

    /// Opens a lab: shows its brief, watches its workspace and runs its checks.
    pub fn open_lab(&mut self, index: usize) -> Vec<Effect> {
        let Some(lab) = self.pack.labs.get(index).cloned() else {
            return vec![];
        };
        let workspace = self.workspace_of(&lab);
        self.watch += 1;
        self.popups.clear();
        if self.progress.status(&self.pack, &lab.id) == LabStatus::Locked {
            let missing: Vec<&str> = lab
                .prerequisites
                .iter()
                .filter(|p| !self.progress.is_done(p))
                .map(String::as_str)
                .collect();
            self.notice = Some(format!("Locked: finish {} first", missing.join(", ")));
        }
        self.screen = Screen::Lab(LabScreen {
            lab: index,
            focus: Panel::Brief,
            brief_scroll: 0,
            checks_scroll: 0,
            checks: lab
                .checks
                .iter()
                .map(|c| CheckRow {
                    title: c.title.clone(),
                    state: CheckState::Waiting,
                })
                .collect(),
            workspace: workspace.clone(),
            workspace_exists: None,
            creating: false,
            watch_error: None,
        });
        let mut effects = vec![Effect::Watch {
            watch: self.watch,
            workspace,
        }];
        let entry = self.progress.lab_mut(&lab.id);
        if entry.opened.is_none() {
            entry.opened = Some(self.now);
            effects.push(Effect::Record(Record::Opened {
                lab: lab.id.clone(),
                at: self.now,
                workspace: self.workspace_of(&lab),
            }));
            self.path = path_view(&self.pack, &self.progress);
        }
        effects.extend(self.rerun());
        effects.push(self.rearm_idle());
        self.counted(effects)
    }

    fn on_lab_key(&mut self, key: Key) -> Vec<Effect> {
        let Screen::Lab(s) = &mut self.screen else {
            return vec![];
        };
        let lab = s.lab;
        match key {
            Key::Tab | Key::BackTab => {
                s.focus = match s.focus {
                    Panel::Brief => Panel::Checks,
                    Panel::Checks => Panel::Brief,
                };
            }
            Key::Esc | Key::Left | Key::Char('b') => return self.back_to_path(Some(lab)),
            Key::Char('r') => {
                if s.workspace_exists == Some(false) {
                    self.notice = Some(NO_WORKSPACE_YET.into());
                }
                return self.rerun();
            }
            Key::Char('s') => return self.start_workspace(),
            Key::Char('h') => return self.reveal_hint(),
            Key::Char('R') => self.popups.push(Popup::ConfirmReset { lab }),
            Key::Char('n') => {
                let next = self
                    .path
                    .next
                    .filter(|n| *n != lab)
                    .or_else(|| (lab + 1 < self.pack.labs.len()).then_some(lab + 1));
                return match next {
                    Some(n) => self.open_lab(n),
                    None => vec![],
                };
            }
            Key::Char('p') => {
                let effects = self.back_to_path(Some(lab));
                self.screen = Screen::Progress;
                return effects;
            }
            other => self.scroll(other),
        }
        vec![]
    }

    fn scroll(&mut self, key: Key) {
        let (brief_max, checks_max, page) = super::lab_view::scroll_limits(self);
        let Screen::Lab(s) = &mut self.screen else {
            return;
        };
        let (pos, max) = match s.focus {
            Panel::Brief => (&mut s.brief_scroll, brief_max),
            Panel::Checks => (&mut s.checks_scroll, checks_max),
        };
        *pos = match key {
            k if k.is_up() => pos.saturating_sub(1),
            k if k.is_down() => pos.saturating_add(1),
            Key::PageUp => pos.saturating_sub(page),
            Key::PageDown | Key::Char(' ') => pos.saturating_add(page),
            Key::Home | Key::Char('g') => 0,
            Key::End | Key::Char('G') => max,
            _ => *pos,
        }
        .min(max);
    }

    pub(super) fn clamp_scroll(&mut self) {
        if matches!(self.screen, Screen::Lab(_)) {
            let (brief_max, checks_max, _) = super::lab_view::scroll_limits(self);
            if let Screen::Lab(s) = &mut self.screen {
                s.brief_scroll = s.brief_scroll.min(brief_max);
                s.checks_scroll = s.checks_scroll.min(checks_max);
            }
        }
    }

    /// Starts a new run of the open lab's checks; older runs are superseded.
    /// Nothing runs until the workspace is known to exist: without it every
    /// check would only say the workspace is missing.
    fn rerun(&mut self) -> Vec<Effect> {
        let Screen::Lab(s) = &mut self.screen else {
            return vec![];
        };
        if s.workspace_exists != Some(true) {
            return vec![];
        }
        self.generation += 1;
        for row in &mut s.checks {
            row.state = match std::mem::replace(&mut row.state, CheckState::Waiting) {
                CheckState::Done(o) => CheckState::Running(Some(o)),
                CheckState::Running(o) => CheckState::Running(o),
                CheckState::Waiting => CheckState::Running(None),
            };
        }
        let lab = self.pack.labs[s.lab].clone();
        vec![Effect::Verify {
            generation: self.generation,
            lab: Box::new(lab),
            workspace: s.workspace.clone(),
        }]
    }

    fn rearm_idle(&mut self) -> Effect {
        self.idle += 1;
        Effect::ArmIdle {
            generation: self.idle,
            after: self.settings.idle_after,
        }
    }

    fn reveal_hint(&mut self) -> Vec<Effect> {
        let Screen::Lab(s) = &self.screen else {
            return vec![];
        };
        let lab = &self.pack.labs[s.lab];
        let id = lab.id.clone();
        let total = lab.hints.len();
        let entry = self.progress.lab_mut(&id);
        if entry.hints_used >= total {
            self.notice = Some(if total == 0 {
                "This lab has no hints.".into()
            } else {
                "Every hint is shown; the checklist says what is still missing.".into()
            });
            return vec![];
        }
        entry.hints_used += 1;
        let shown = entry.hints_used;
        if let Screen::Lab(s) = &mut self.screen {
            s.focus = Panel::Checks;
            s.checks_scroll = u16::MAX;
        }
        self.clamp_scroll();
        self.counted(vec![Effect::Record(Record::Hint {
            lab: id,
            at: self.now,
            shown,
        })])
    }

    fn on_verified(&mut self, generation: u64, report: Report) -> Vec<Effect> {
        let Screen::Lab(s) = &mut self.screen else {
            return vec![];
        };
        let lab = &self.pack.labs[s.lab];
        if generation != self.generation || report.lab != lab.id {
            return vec![]; // stale: a newer run was asked for, or the lab changed
        }
        for (row, result) in s.checks.iter_mut().zip(&report.results) {
            row.state = CheckState::Done(result.outcome.clone());
        }
        let (id, index) = (lab.id.clone(), s.lab);
        let (passed, total) = (report.passed(), report.results.len());
        let now = self.now;
        let entry = self.progress.lab_mut(&id);
        entry.attempts.push(super::model::AttemptView {
            at: now,
            passed,
            total,
        });
        if passed > 0 && entry.first_green.is_none() {
            entry.first_green = Some(now);
        }
        let mut effects = vec![
            Effect::Record(Record::Attempt {
                lab: id.clone(),
                at: now,
                passed,
                failed: report.failed(),
                errors: report.errors(),
            }),
            Effect::TraceAfterDraw("checks-drawn"),
        ];
        if report.all_passed() && !entry.is_done() {
            entry.done = Some(now);
            self.path = path_view(&self.pack, &self.progress);
            let next = self.path.next;
            self.popups.retain(|p| !matches!(p, Popup::Nudge { .. }));
            self.popups.push(Popup::Success { lab: index, next });
            effects.push(Effect::Record(Record::Done { lab: id, at: now }));
            effects.push(Effect::TraceAfterDraw("lab-done"));
        }
        self.clamp_scroll();
        self.counted(effects)
    }

    fn open_lab_needs_docker(&self) -> bool {
        self.lab_screen()
            .is_some_and(|s| self.pack.labs[s.lab].needs_docker())
    }

    fn on_docker(&mut self, status: DockerStatus) -> Vec<Effect> {
        if self.docker == status {
            return vec![];
        }
        self.docker = status;
        if self.open_lab_needs_docker() {
            return self.rerun();
        }
        vec![]
    }

    fn on_docker_event(&mut self, event: &DockerEvent) -> Vec<Effect> {
        if !event.changes_state() || !self.open_lab_needs_docker() {
            return vec![];
        }
        let mut effects = self.rerun();
        effects.push(self.rearm_idle());
        effects
    }

    fn on_workspace(&mut self, watch: u64) -> Vec<Effect> {
        let Some(s) = self.lab_watched(watch) else {
            return vec![];
        };
        // Any change inside the workspace means it is there now.
        s.workspace_exists = Some(true);
        let mut effects = self.rerun();
        effects.push(self.rearm_idle());
        effects
    }

    fn on_idle(&mut self, generation: u64) -> Vec<Effect> {
        let Some(s) = self.lab_screen() else {
            return vec![];
        };
        let lab = &self.pack.labs[s.lab];
        let used = self.progress.lab(&lab.id).map_or(0, |p| p.hints_used);
        let done = self.progress.is_done(&lab.id);
        if generation != self.idle || done || used >= lab.hints.len() || !self.popups.is_empty() {
            return vec![];
        }
        self.popups.push(Popup::Nudge { lab: s.lab });
        vec![]
    }

    fn on_reset_done(&mut self, lab: &str, result: Result<(), String>) -> Vec<Effect> {
        match result {
            Err(why) => {
                self.notice = None;
                self.popups
                    .push(Popup::Message(format!("Could not reset {lab}: {why}")));
                vec![]
            }
            Ok(()) => {
                self.notice = Some(format!("{lab} is reset to its starter files."));
                match self.lab_screen() {
                    Some(s) if self.pack.labs[s.lab].id == lab => self.open_lab(s.lab),
                    _ => vec![],
                }
            }
        }
    }

    fn on_workspace_state(&mut self, watch: u64, exists: bool) -> Vec<Effect> {
        let Some(s) = self.lab_watched(watch) else {
            return vec![];
        };
        if s.workspace_exists == Some(true) {
            return vec![]; // a change inside it already said so
        }
        s.workspace_exists = Some(exists);
        self.rerun()
    }

    /// `s`: creates the open lab's workspace, as `opslab start` does.
    fn start_workspace(&mut self) -> Vec<Effect> {
        let Some(index) = self.lab_screen().map(|s| s.lab) else {
            return vec![];
        };
        let lab = self.pack.labs[index].clone();
        let shown = self.workspace_shown(&lab);
        let Screen::Lab(s) = &mut self.screen else {
            return vec![];
        };
        match (s.workspace_exists, s.creating) {
            (Some(false), false) => {
                s.creating = true;
                self.notice = Some(format!("Creating the workspace at {shown}…"));
                let start = Effect::StartWorkspace {
                    workspace: s.workspace.clone(),
                    lab: Box::new(lab),
                };
                self.counted(vec![start])
            }
            (Some(true), _) => {
                self.notice = Some(format!("The workspace already exists: cd {shown}"));
                vec![]
            }
            _ => vec![],
        }
    }

    fn on_workspace_started(&mut self, lab: &str, result: Result<Opened, String>) -> Vec<Effect> {
        let open = self
            .lab_screen()
            .filter(|s| self.pack.labs[s.lab].id == lab)
            .map(|s| s.lab);
        let shown = match self.pack.lab(lab) {
            Some(l) => self.workspace_shown(l),
            None => lab.to_string(),
        };
        if let Screen::Lab(s) = &mut self.screen {
            if open.is_some() {
                s.creating = false;
            }
        }
        match result {
            Err(why) => {
                self.notice = None;
                self.popups.push(Popup::Message(format!(
                    "Could not create the workspace for {lab}: {why}"
                )));
                vec![]
            }
            Ok(opened) => {
                self.notice = Some(match opened {
                    Opened::Created { files } => format!(
                        "Created {shown} with {files} starter file{} in a new git repository. Work there: cd {shown}",
                        if files == 1 { "" } else { "s" }
                    ),
                    Opened::Existing => format!("{shown} already had files; nothing was overwritten."),
                });
                if open.is_none() {
                    return vec![];
                }
                if let Screen::Lab(s) = &mut self.screen {
                    s.workspace_exists = Some(true);
                }
                let mut effects = self.rerun();
                effects.push(self.rearm_idle());
                effects
            }
        }
    }
}
