//! Many dossiers in one run: find them under a folder, render each into its own output folder
//! (mirroring the input tree) in parallel on one shared [`Engine`], keep going past bad ones,
//! skip those whose inputs have not changed, and report.
//!
//! Memory stays flat however many dossiers run: each worker holds one dossier at a time, and
//! Typst's memoisation cache is evicted after every dossier, failed ones included.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::Serialize;
use serde_json::Value;

use crate::engine::Engine;
use crate::manifest::Manifest;
use crate::problem::{Problem, Problems};
use crate::{host, output};

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
    /// Why it was skipped.
    pub reason: String,
}

/// What happened to one dossier.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
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
fn is_dossier(text: &str) -> Result<(), String> {
    match serde_json::from_str::<Value>(text) {
        Ok(v) if v.get("format").and_then(Value::as_str).is_some_and(|f| f.starts_with("hoso/")) => Ok(()),
        Ok(_) => Err("a JSON file without \"format\": \"hoso/1\"".into()),
        Err(_) if text.contains("\"hoso/") => Ok(()),
        Err(e) => Err(format!("not a JSON dossier ({e})")),
    }
}

/// Every dossier under `root` (sorted, relative paths) and the files skipped with a note.
/// Output folders of earlier runs (`.hoso` temporaries, hidden folders) are not entered.
pub fn discover(root: &Path) -> std::io::Result<(Vec<PathBuf>, Vec<Skipped>)> {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    let walk = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry.map_err(std::io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).expect("under the root").to_path_buf();
        if entry.path().extension().and_then(|e| e.to_str()).is_none_or(|e| !e.eq_ignore_ascii_case("json")) {
            continue;
        }
        match host::read_text(entry.path()) {
            Ok(text) => match is_dossier(&text) {
                Ok(()) => found.push(rel),
                Err(reason) => skipped.push(Skipped { path: rel, reason }),
            },
            Err(e) => skipped.push(Skipped { path: rel, reason: format!("unreadable: {e}") }),
        }
    }
    Ok((found, skipped))
}

/// The output folder of a dossier: its path without the extension, under the output root.
pub fn out_dir(rel: &Path) -> PathBuf {
    rel.with_extension("")
}

/// The input key recorded by the last render in `dir`, if every file it lists is there.
fn last_key(dir: &Path) -> Option<String> {
    let manifest = Manifest::read(dir)?;
    manifest.documents.iter().all(|d| dir.join(&d.file).is_file()).then_some(manifest.inputs)
}

fn failed(message: String) -> Status {
    Status::Failed { problems: vec![Problem::error("", message)] }
}

/// Render one dossier into `out`, unless unchanged or cancelled.
fn one(engine: &Engine, root: &Path, rel: &Path, out: &Path, options: &Options, cancel: &AtomicBool) -> Status {
    if cancel.load(Ordering::SeqCst) {
        return Status::Cancelled;
    }
    let dir = out.join(out_dir(rel));
    let checked = match engine.check_file(&root.join(rel)) {
        Err(e) => return failed(format!("cannot read the dossier: {e}")),
        Ok(Err(problems)) => return Status::Failed { problems: problems.into_iter().collect() },
        Ok(Ok(c)) => c,
    };
    let render_options = crate::RenderOptions { only: None, stamp: options.stamp };
    let key = engine.render_key(&checked, &render_options);
    if !options.force && last_key(&dir).as_deref() == Some(key.as_str()) {
        return Status::Unchanged;
    }
    let rendered = match engine.render_with(&checked, &render_options) {
        Ok(r) => r,
        Err(e) => return failed(e.to_string()),
    };
    if cancel.load(Ordering::SeqCst) {
        return Status::Cancelled;
    }
    match rendered.write(&dir) {
        Ok(_) => Status::Rendered { documents: rendered.documents.len(), pages: rendered.pages() },
        Err(e) => failed(format!("cannot write into {}: {e}", dir.display())),
    }
}

/// Render every dossier in `dossiers` (paths relative to `root`) into `out`, calling `done`
/// after each one (from worker threads) and stopping early when `cancel` is set.
#[allow(clippy::too_many_arguments)] // each is one input of a run; a struct of them would only rename them
pub fn run(
    engine: &Engine,
    root: &Path,
    dossiers: &[PathBuf],
    skipped: Vec<Skipped>,
    out: &Path,
    options: &Options,
    cancel: &AtomicBool,
    done: &(dyn Fn(&Outcome) + Sync),
) -> Report {
    let started = host::now();
    // One more worker than cores by default: every dossier ends in file writes (each synced
    // to disk), and the extra worker keeps the cores busy while one waits for the disk.
    let jobs =
        if options.jobs == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) + 1 } else { options.jobs };
    // One long-running loop per thread of a dedicated pool, each pulling the next dossier; no
    // dossier is ever a rayon task. Typst's own parallel work runs on the same threads, and a
    // thread waiting inside a compile can only pick up such small pieces, never start another
    // dossier on top of its unfinished one (which would make memory grow with the batch).
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Outcome>>> = dossiers.iter().map(|_| Mutex::new(None)).collect();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build().expect("a thread pool");
    pool.broadcast(|_| {
        loop {
            let i = next.fetch_add(1, Ordering::SeqCst);
            let Some(rel) = dossiers.get(i) else { break };
            let status = one(engine, root, rel, out, options, cancel);
            // Forget what Typst memoised for documents not seen in the last few dossiers.
            typst::comemo::evict(2 * jobs);
            let outcome = Outcome { path: rel.clone(), out: out_dir(rel), status };
            done(&outcome);
            *slots[i].lock().expect("no panics while holding a slot") = Some(outcome);
        }
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
    pub fn write(&self, out: &Path) -> std::io::Result<PathBuf> {
        let path = out.join("report.json");
        output::write_atomic(&path, &serde_json::to_vec_pretty(self).expect("reports serialise"))?;
        Ok(path)
    }

    /// The failed dossiers' problems, for printing.
    pub fn failures(&self) -> impl Iterator<Item = (&Path, Problems)> {
        self.dossiers.iter().filter_map(|o| match &o.status {
            Status::Failed { problems } => {
                let mut p = Problems::new();
                problems.iter().cloned().for_each(|x| p.push(x));
                Some((o.path.as_path(), p))
            }
            _ => None,
        })
    }
}
