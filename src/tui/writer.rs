//! The one reader and writer of the progress file while the UI runs: jobs
//! are done in order on a thread of their own (file copies and git are
//! blocking, so they stay off the UI loop). Every write re-reads the file
//! first, so changes made by `opslab` commands in another terminal are kept;
//! every reload is read after the UI's earlier writes, so the UI is never
//! shown a file that lacks its own changes. Each write holds the progress
//! lock from its read to its rename, as `opslab` commands do, so updates
//! made at the same moment queue instead of overwriting each other.
//!
//! The last good copy of the file is kept: if another program leaves the
//! file damaged, a reload says so instead of showing nothing, and the next
//! write moves the damaged file aside and saves the last good progress (with
//! the new change) in its place, rather than starting over from empty.

use std::path::PathBuf;
use std::sync::mpsc;

use super::app::{Msg, Record};
use super::model::ProgressOnDisk;
use super::store::on_disk;
use crate::pack::{Lab, Pack};
use crate::progress::{Attempt, Locked, Progress, ProgressError, ProgressStore};
use crate::workspace::{start_lab, Workspace};

/// Work for the progress writer.
#[derive(Debug)]
pub enum Job {
    Record(Record),
    /// Create a lab's workspace as `opslab start` does (which records it in
    /// the progress), then answer with [`Msg::WorkspaceStarted`].
    Start {
        lab: Box<Lab>,
        workspace: PathBuf,
    },
    /// Read the file again and answer with [`Msg::ProgressReloaded`];
    /// `writes` is passed back as it came.
    Reload {
        writes: u64,
    },
    /// Record into this pack from now on (the learner switched packs).
    Pack(Box<Pack>),
}

/// Starts the writer thread; it runs until the returned sender is dropped.
pub fn spawn(
    pack: Pack,
    store: ProgressStore,
    results: tokio::sync::mpsc::UnboundedSender<Msg>,
) -> mpsc::Sender<Job> {
    let (tx, rx) = mpsc::channel::<Job>();
    let failures = results.clone();
    let thread = std::thread::spawn(move || {
        let mut writer = Writer {
            last_good: store.inspect().ok().flatten(),
            pack,
            store,
            results,
        };
        for job in rx {
            super::workers::panic_for_test("progress writer");
            if let Some(msg) = writer.run(job) {
                writer.say(msg);
            }
        }
    });
    watch_thread(thread, failures);
    tx
}

/// A panic on the writer thread ends the UI with a message (through
/// [`Msg::WorkerFailed`]) instead of leaving it running with nobody to
/// save progress.
fn watch_thread(
    thread: std::thread::JoinHandle<()>,
    failures: tokio::sync::mpsc::UnboundedSender<Msg>,
) {
    std::thread::spawn(move || {
        if let Err(panic) = thread.join() {
            let why = super::workers::panic_message(panic.as_ref());
            let _ = failures.send(Msg::WorkerFailed {
                worker: "progress writer",
                why,
            });
        }
    });
}

struct Writer {
    pack: Pack,
    store: ProgressStore,
    /// The file as last read or written whole, for when it is found damaged.
    last_good: Option<Progress>,
    results: tokio::sync::mpsc::UnboundedSender<Msg>,
}

impl Writer {
    fn say(&self, msg: Msg) {
        // The UI loop has ended when this fails; nobody is left to tell.
        let _ = self.results.send(msg);
    }

    fn run(&mut self, job: Job) -> Option<Msg> {
        match job {
            Job::Record(record) => self
                .record(&record)
                .err()
                .map(|e| Msg::Problem(format!("Progress not saved: {e}"))),
            Job::Start { lab, workspace } => Some(self.start(&lab, workspace)),
            Job::Reload { writes } => Some(Msg::ProgressReloaded {
                writes,
                result: self.reload(),
            }),
            Job::Pack(pack) => {
                self.pack = *pack;
                None
            }
        }
    }

    fn reload(&mut self) -> Result<ProgressOnDisk, String> {
        match self.store.inspect() {
            Ok(progress) => {
                let progress = progress.unwrap_or_default();
                let shown = on_disk(&progress, &self.pack.id);
                self.last_good = Some(progress);
                Ok(shown)
            }
            Err(ProgressError::Corrupt { .. }) => Err("the progress file is damaged".into()),
            Err(ProgressError::Read { source, .. }) => {
                Err(format!("the progress file cannot be read ({source})"))
            }
            Err(e) => Err(e.to_string()),
        }
    }

    /// One read-modify-write under the progress lock, as every `opslab`
    /// command does, so the UI and commands in other terminals never lose
    /// each other's updates.
    fn record(&mut self, record: &Record) -> Result<(), ProgressError> {
        let locked = self.store.lock()?;
        let (mut progress, _) = self.load_for_write(&locked)?;
        apply(&mut progress, &self.pack.id, record);
        locked.save(&progress)?;
        self.last_good = Some(progress);
        Ok(())
    }

    /// The file's progress, ready to change while `locked` is held, and
    /// whether it had to be replaced. A damaged file is moved aside (as
    /// every `opslab` command does) and the last good copy used instead.
    fn load_for_write(&mut self, locked: &Locked) -> Result<(Progress, bool), ProgressError> {
        let loaded = locked.load()?;
        let Some(moved) = loaded.moved_aside else {
            return Ok((loaded.progress, false));
        };
        let Some(kept) = self.last_good.clone() else {
            self.say(Msg::Problem(format!(
                "Your progress file was damaged; it was moved to {} and a new one started.",
                moved.to.display()
            )));
            return Ok((loaded.progress, false));
        };
        self.say(Msg::Problem(format!(
            "Your progress file was damaged; it was moved to {} and the progress shown here saved in its place.",
            moved.to.display()
        )));
        Ok((kept, true))
    }

    /// Before a workspace is recorded: a damaged file is moved aside and
    /// the last good progress saved in its place.
    fn repair(&mut self) -> Result<(), ProgressError> {
        let locked = self.store.lock()?;
        let (progress, replaced) = self.load_for_write(&locked)?;
        if replaced {
            locked.save(&progress)?;
        }
        Ok(())
    }

    fn start(&mut self, lab: &Lab, workspace: PathBuf) -> Msg {
        let result = self.repair().map_err(|e| e.to_string()).and_then(|()| {
            let workspace = Workspace::new(workspace);
            start_lab(
                &self.store,
                &self.pack,
                lab,
                &workspace,
                crate::progress::now(),
            )
            .map_err(|e| e.to_string())
        });
        if let Some(e) = result.as_ref().ok().and_then(|s| s.not_recorded.as_ref()) {
            self.say(Msg::Problem(format!(
                "The workspace is made, but progress not saved: {e}"
            )));
        }
        Msg::WorkspaceStarted {
            lab: lab.id.clone(),
            result: result.map(|started| started.opened),
        }
    }
}

fn apply(progress: &mut Progress, pack: &str, record: &Record) {
    match record {
        // The workspace is remembered only once it exists, so a workspace
        // root changed before `opslab start` is still honoured.
        Record::Opened { lab, at, workspace } if workspace.is_dir() => {
            progress.record_open(pack, lab, workspace, *at)
        }
        Record::Opened { lab, at, .. } => {
            progress.lab_mut(pack, lab).first_opened.get_or_insert(*at);
        }
        Record::Attempt {
            lab,
            at,
            passed,
            failed,
            errors,
        } => progress.record_attempt(pack, lab, Attempt::new(*at, *passed, *failed, *errors)),
        Record::Hint { lab, shown, .. } => {
            let entry = progress.lab_mut(pack, lab);
            entry.hints_used = entry.hints_used.max(*shown);
        }
        // record_attempt marks the lab done when every check passes.
        Record::Done { .. } => {}
    }
}
