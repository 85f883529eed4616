//! Many dossiers in one run: find them under a folder, render each into its own output folder
//! (mirroring the input tree) in parallel on one shared [`Engine`], keep going past bad ones,
//! skip those whose inputs have not changed, and report.
//!
//! Memory stays flat however many dossiers run: each worker holds one dossier at a time (laid
//! out in bounded chunks), no more chunks are laid out at once than there are cores (a
//! render's extra layout threads work only on cores the workers have given back,
//! [`crate::Cores`]), at most one finished render per worker waits for the writer thread (which
//! writes and syncs each dossier's files together, so no render thread waits for the disk), and
//! Typst's memoisation cache is evicted by the engine's memory budget, every few dozen pages
//! laid out (see [`Engine`]). The largest dossiers start first, so the last ones are small; a
//! large one still running at the end gets the cores the others give back.
//!
//! An unchanged dossier is recognised before it is checked: its manifest records a key of its
//! text and of every file read from its folder ([`crate::manifest::Raw`]), so a re-run reads
//! and hashes, nothing more.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::Serialize;
use serde_json::Value;

use crate::engine::Engine;
use crate::host;
use crate::inputs::{self, Variant};
use crate::output::{Output, Wait};
use crate::problem::{Problem, Problems};
use crate::profile::{Stage as Spent, timed};

/// How a batch runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Worker threads; 0 means one per core plus one (to cover waits for the disk).
    pub jobs: usize,
    /// Render even dossiers whose inputs are unchanged since their last render.
    pub force: bool,
    /// Lay the signature and seal images onto the pages (visually signed copies).
    pub stamp: bool,
}

/// A file under the input folder that is not a dossier, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// Path relative to the input folder.
    pub path: PathBuf,
    /// Why it was skipped (in `report.json`: in Vietnamese).
    pub reason: crate::messages::Text,
}

/// What happened to one dossier.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
#[non_exhaustive]
pub enum Status {
    /// Rendered and written.
    Rendered {
        /// Documents written (the complete dossier included).
        documents: usize,
        /// Pages written.
        pages: usize,
    },
    /// Inputs unchanged since the last render: nothing to do.
    Unchanged,
    /// Refused or failed: every problem, with JSON paths.
    Failed {
        /// The problems (for a template or I/O failure, one problem without a path).
        problems: Vec<Problem>,
    },
    /// Not started or not written because the run was interrupted.
    Cancelled,
}

/// One dossier's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Path relative to the input folder.
    pub path: PathBuf,
    /// Output folder, relative to the output folder.
    pub out: PathBuf,
    /// What happened.
    #[serde(flatten)]
    pub status: Status,
}

/// The run report (`report.json`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Dossiers rendered and written.
    pub rendered: usize,
    /// Dossiers skipped as unchanged.
    pub unchanged: usize,
    /// Dossiers that failed.
    pub failed: usize,
    /// Dossiers not done because of an interruption.
    pub cancelled: usize,
    /// Pages written.
    pub pages: usize,
    /// Wall time of the run, in seconds.
    pub seconds: f64,
    /// Every dossier, in input order.
    pub dossiers: Vec<Outcome>,
    /// Files that were not dossiers.
    pub skipped: Vec<Skipped>,
}

/// Whether `text` is a dossier: a JSON object whose `format` is hoso's. A file that names the
/// format but does not parse is still a dossier (and fails with its syntax error).
fn is_dossier(text: &str) -> Result<(), crate::messages::Text> {
    match serde_json::from_str::<Value>(text) {
        Ok(v) if v.get("format").and_then(Value::as_str).is_some_and(|f| f.starts_with("hoso/")) => Ok(()),
        Ok(_) => Err(crate::t!("batch.no-format")),
        Err(_) if text.contains("\"hoso/") => Ok(()),
        Err(e) => Err(crate::t!("batch.not-json", error = e.to_string())),
    }
}

/// Whether a file's first bytes say it is a dossier: `"format": "hoso/…"` (as UTF-8) near its
/// start, where hoso and the clerk's tools write it. Other files are read and parsed whole
/// ([`is_dossier`]); a year-end folder holds gigabytes of dossiers, which a re-run must not
/// read twice.
fn says_dossier(head: &[u8]) -> bool {
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
    };
    text.match_indices("\"format\"").any(|(at, _)| {
        let rest = text[at + 8..].trim_start();
        rest.strip_prefix(':').is_some_and(|r| r.trim_start().starts_with("\"hoso/"))
    })
}

/// Every dossier under `root` (sorted, relative paths) and the files skipped with a note.
/// Output folders of earlier runs (`.hoso` temporaries, hidden folders) are not entered.
pub fn discover(root: &Path) -> std::io::Result<(Vec<PathBuf>, Vec<Skipped>)> {
    discover_except(root, None)
}

/// [`discover`], not entering `out` (the batch's own output folder, when it lies under `root`:
/// `hoso batch . -o out` must not find its own manifests).
pub fn discover_except(root: &Path, out: Option<&Path>) -> std::io::Result<(Vec<PathBuf>, Vec<Skipped>)> {
    if !root.is_dir() {
        let what = if root.exists() { "is a file, not a folder" } else { "does not exist" };
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, what));
    }
    let out = out.and_then(|o| o.canonicalize().ok());
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    let walk = walkdir::WalkDir::new(root).sort_by_file_name().into_iter().filter_entry(|e| {
        e.depth() == 0
            || !(e.file_name().to_string_lossy().starts_with('.')
                || out.as_deref().is_some_and(|o| e.path().canonicalize().is_ok_and(|p| p == o)))
    });
    for entry in walk {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry.path().strip_prefix(root).expect("under the root").to_path_buf();
        if entry.depth() == 0
            || entry.path().extension().and_then(|e| e.to_str()).is_none_or(|e| !e.eq_ignore_ascii_case("json"))
        {
            continue;
        }
        // A `.json` entry that is no plain file is named in the report, never passed over in
        // silence (and never opened: a FIFO would block the run).
        let kind = entry.file_type();
        if !kind.is_file() {
            let reason = if kind.is_symlink() {
                crate::t!("batch.link")
            } else if kind.is_dir() {
                crate::t!("batch.folder")
            } else {
                crate::t!("batch.not-a-file")
            };
            skipped.push(Skipped { path: rel, reason });
            continue;
        }
        if host::read_head(entry.path(), 4096).is_ok_and(|head| says_dossier(&head)) {
            found.push(rel);
            continue;
        }
        match host::read_text(entry.path()) {
            Ok(text) => match is_dossier(&text) {
                Ok(()) => found.push(rel),
                Err(reason) => skipped.push(Skipped { path: rel, reason }),
            },
            // A dossier that cannot be read is a failed dossier (its render says why), not a
            // file to pass over: the batch must not look done with it missing.
            Err(_) => found.push(rel),
        }
    }
    Ok((found, skipped))
}

/// The output folder of a dossier: its path without the extension, under the output root.
pub fn out_dir(rel: &Path) -> PathBuf {
    rel.with_extension("")
}

fn failed(message: crate::messages::Text) -> Status {
    Status::Failed { problems: vec![Problem::error("", message)] }
}

/// A pool of `jobs` worker threads, or none when the system cannot start them.
fn thread_pool(jobs: usize) -> Option<rayon::ThreadPool> {
    #[cfg(test)]
    if NO_POOL.load(Ordering::SeqCst) {
        return None;
    }
    rayon::ThreadPoolBuilder::new().num_threads(jobs).build().ok()
}

/// In tests: act as if the system could not start the pool's threads.
#[cfg(test)]
static NO_POOL: AtomicBool = AtomicBool::new(false);

/// What a worker made of one dossier: its outcome, or a render still to be written.
enum Step {
    Done(Status),
    /// The folder (relative to the output) and the render to write there.
    Write(PathBuf, Box<crate::Rendered>),
}

impl From<Status> for Step {
    fn from(s: Status) -> Self {
        Step::Done(s)
    }
}

/// Write a render into the folder `rel` of the batch's output `out` as a whole set (signed
/// files replaced only with `force`; nothing outside `out`, whatever links are planted there):
/// the dossier's status.
fn write(out: &Output, rel: &Path, rendered: &crate::Rendered, force: bool) -> Status {
    let written = out
        .within(rel, Wait::Block)
        .map_err(crate::WriteError::from)
        .and_then(|folder| rendered.write_into(&folder, force));
    match written {
        Ok(_) => Status::Rendered { documents: rendered.documents.len(), pages: rendered.pages() },
        Err(e) => {
            failed(crate::t!("batch.cannot-write", dir = out.path().join(rel).display().to_string(), error = e.text()))
        }
    }
}

/// Render one dossier for `out`, unless unchanged or cancelled. Unchanged is decided twice:
/// first by the raw inputs (before any check), then, when a file was touched but says the same,
/// by the checked data's key.
/// Its chunks are laid out on this thread and on up to `threads` - 1 more cores borrowed from
/// `cores`.
fn one(
    engine: &Engine,
    (root, rel, out): (&Path, &Path, &Output),
    options: &Options,
    (threads, cores): (usize, &crate::Cores),
    cancel: &AtomicBool,
) -> Step {
    if cancel.load(Ordering::SeqCst) {
        return Status::Cancelled.into();
    }
    let dir = out.path().join(out_dir(rel));
    let path = root.join(rel);
    let render_options =
        crate::RenderOptions { stamp: options.stamp, threads, cores: Some(cores), ..Default::default() };
    let variant = Variant { only: None, stamp: options.stamp };
    let fingerprint = engine.fingerprint();
    let last = if options.force { None } else { inputs::last_render(&dir) };
    let folder = path.parent().unwrap_or(root);
    // Untouched since the last render (same size and time, every input): nothing is read.
    let own = host::file_mark(&path);
    if let Some(last) = &last
        && !last.raw.marks.is_empty()
        && inputs::marks(fingerprint, variant, own.clone(), &last.raw.files, folder).as_ref() == Some(&last.raw.marks)
    {
        return Status::Unchanged.into();
    }
    let (text, note) = match timed(Spent::Read, || host::read_text_said(&path)) {
        Ok(t) => t,
        Err(e) => {
            let why = match e.get_ref().and_then(|r| r.downcast_ref::<crate::messages::TextError>()) {
                Some(crate::messages::TextError(t)) => crate::messages::Arg::Text(t.clone()),
                None => crate::messages::Arg::Plain(e.to_string()),
            };
            return failed(crate::t!("batch.cannot-read", error = why)).into();
        }
    };
    if let Some(last) = &last
        && inputs::same_raw(fingerprint, last, variant, &text, folder)
    {
        return Status::Unchanged.into();
    }
    let checked = match timed(Spent::Check, || engine.check_in(&text, Some(folder))) {
        Err(mut problems) => {
            if let Some(note) = note {
                problems.note("", note);
            }
            return Status::Failed { problems: problems.into_iter().collect() }.into();
        }
        Ok(c) => c,
    };
    let key = engine.render_key(&checked, &render_options);
    if last.is_some_and(|m| m.inputs == key) {
        return Status::Unchanged.into();
    }
    let rendered = match engine.render_with(&checked, &render_options) {
        Ok(r) => r,
        Err(e) => return failed(crate::t!("batch.render-failed", error = e.to_string())).into(),
    };
    if cancel.load(Ordering::SeqCst) {
        return Status::Cancelled.into();
    }
    let mut rendered = rendered;
    rendered.manifest.raw.marks =
        inputs::marks(fingerprint, variant, own, &rendered.manifest.raw.files, folder).unwrap_or_default();
    Step::Write(out_dir(rel), Box::new(rendered))
}

/// Render every dossier in `dossiers` (paths relative to `root`) into `out` (opened, and so
/// locked for this run, by the caller: two batches never write into one folder at once),
/// calling `done` after each one (from worker threads) and stopping early when `cancel` is set.
#[allow(clippy::too_many_arguments)] // each is one input of a run; a struct of them would only rename them
pub fn run(
    engine: &Engine,
    root: &Path,
    dossiers: &[PathBuf],
    skipped: Vec<Skipped>,
    out: &Output,
    options: &Options,
    cancel: &AtomicBool,
    done: &(dyn Fn(&Outcome) + Sync),
) -> Report {
    let started = host::now();
    // One worker per core by default: the writes (and the waits for the disk) are the writer
    // thread's.
    let jobs =
        if options.jobs == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { options.jobs };
    // One long-running loop per thread of a dedicated pool, each pulling the next dossier; no
    // dossier is ever a rayon task. Typst's own parallel work runs on the same threads, and a
    // thread waiting inside a compile can only pick up such small pieces, never start another
    // dossier on top of its unfinished one (which would make memory grow with the batch).
    // The largest dossiers first (by file size, the only measure before reading them), so a
    // large one is never left alone on one core at the end while the others idle; the report
    // keeps the given order.
    // Each worker renders its dossier on its own core; a render's other layout threads use
    // only cores a worker has given back, having run out of dossiers (see `Cores`), so the
    // dossiers still running at the end of the run get every core, and no more chunks are laid
    // out at once than there are cores.
    let sizes: Vec<u64> = dossiers.iter().map(|rel| host::size(&root.join(rel)).unwrap_or(0)).collect();
    let mut order: Vec<usize> = (0..dossiers.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let cores = crate::Cores::new();
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Outcome>>> = dossiers.iter().map(|_| Mutex::new(None)).collect();
    let finish = |i: usize, status: Status| {
        let rel = &dossiers[i];
        let outcome = Outcome { path: rel.clone(), out: out_dir(rel), status };
        done(&outcome);
        *slots[i].lock().expect("no panics while holding a slot") = Some(outcome);
    };
    // Renders are written (and synced) by one writer thread, so the render threads never wait
    // for the disk; at most `jobs` renders wait for it, so memory stays bounded.
    let (to_writer, writes) = std::sync::mpsc::sync_channel::<(usize, PathBuf, Box<crate::Rendered>)>(jobs);
    // Without a pool of its own (the system would not start its threads), the batch still runs,
    // one dossier at a time on this thread.
    let pool = thread_pool(jobs);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for (i, dir, rendered) in writes {
                let status = if cancel.load(Ordering::SeqCst) {
                    Status::Cancelled
                } else {
                    timed(Spent::Write, || write(out, &dir, &rendered, options.force))
                };
                finish(i, status);
            }
        });
        let work = || {
            while let Some(&i) = order.get(next.fetch_add(1, Ordering::SeqCst)) {
                let rel = &dossiers[i];
                match one(engine, (root, rel, out), options, (jobs, &cores), cancel) {
                    Step::Done(status) => finish(i, status),
                    Step::Write(dir, rendered) => {
                        let sent = timed(Spent::Wait, || to_writer.send((i, dir, rendered)));
                        if let Err(std::sync::mpsc::SendError((i, dir, rendered))) = sent {
                            finish(i, write(out, &dir, &rendered, options.force));
                        }
                    }
                }
            }
            cores.give_back();
        };
        match &pool {
            Some(pool) => drop(pool.broadcast(|_| work())),
            None => work(),
        }
        drop(to_writer);
    });
    let outcomes: Vec<Outcome> =
        slots.into_iter().filter_map(|s| s.into_inner().expect("no panics while holding a slot")).collect();
    let count = |f: fn(&Status) -> bool| outcomes.iter().filter(|o| f(&o.status)).count();
    Report {
        rendered: count(|s| matches!(s, Status::Rendered { .. })),
        unchanged: count(|s| matches!(s, Status::Unchanged)),
        failed: count(|s| matches!(s, Status::Failed { .. })),
        cancelled: count(|s| matches!(s, Status::Cancelled)),
        pages: outcomes.iter().map(|o| if let Status::Rendered { pages, .. } = o.status { pages } else { 0 }).sum(),
        seconds: started.elapsed().as_secs_f64(),
        dossiers: outcomes,
        skipped,
    }
}

impl Report {
    /// Write `report.json` into `out`, atomically.
    pub fn write(&self, out: &Output) -> std::io::Result<PathBuf> {
        out.write("report.json", &serde_json::to_vec_pretty(self).expect("reports serialise"))
    }

    /// The failed dossiers' problems, for printing.
    pub fn failures(&self) -> impl Iterator<Item = (&Path, Problems)> {
        self.dossiers.iter().filter_map(|o| match &o.status {
            Status::Failed { problems } => Some((o.path.as_path(), problems.iter().cloned().collect())),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the batch against a system that will not start its threads: it runs the
    /// dossiers on the calling thread instead of panicking.
    #[test]
    fn a_batch_without_a_thread_pool_still_runs() {
        NO_POOL.store(true, Ordering::SeqCst);
        let engine = Engine::new().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let out = tempfile::tempdir().unwrap();
        let output = Output::open(out.path(), Wait::No).unwrap();
        let dossiers = vec![PathBuf::from("vi-nguoi-ngheo-2023.json")];
        let cancel = AtomicBool::new(false);
        let report = run(&engine, &root, &dossiers, Vec::new(), &output, &Options::default(), &cancel, &|_| {});
        NO_POOL.store(false, Ordering::SeqCst);
        assert_eq!(report.rendered, 1, "{:?}", report.dossiers);
    }
}
