//! What `hoso-bench` needs to run the stock `typst` CLI on exactly the files hoso renders
//! (feature `bench`, not part of the library's stable surface).

use serde_json::{Value, json};

use crate::check::Checked;
use crate::engine::Engine;
use crate::profile::{Stage, timed};
use crate::typeset::fonts::EMBEDDED;
use crate::typeset::world::dossier_source;

/// The complete dossier's main file in the forms folder written for the stock CLI.
pub const DOSSIER_MAIN: &str = "_dossier.typ";

/// One `typst compile` of one document: its main file (relative to the forms folder), the
/// data its template reads, and the extra files it needs (virtual path, bytes).
pub struct TypstJob {
    /// Main file, e.g. "to-trinh/main.typ".
    pub main: String,
    /// The data, written as a JSON file the template reads through `sys.inputs.data`.
    pub data: Value,
    /// Extra files (evidence pages of the complete dossier) by virtual path.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Every document of `checked` as the stock CLI would compile it, the complete dossier last;
/// `k` keeps the evidence file names of different dossiers apart.
pub fn typst_jobs(engine: &Engine, checked: &Checked, k: usize) -> Vec<TypstJob> {
    let catalog = engine.catalog();
    let planned: Vec<(&str, &crate::view::View)> =
        checked.views.iter().filter(|(id, _)| catalog.get(id).is_some()).map(|(id, v)| (id.as_str(), v)).collect();
    let complete =
        crate::view::complete::view(&checked.dossier, planned.iter().copied(), &checked.evidence, &checked.emblems);
    let mut data = json!({ "meta": complete.meta_data, "sections": complete.sections });
    let mut files = Vec::new();
    for section in data["sections"].as_array_mut().into_iter().flatten() {
        if let Some(virtual_path) = section["data"]["image"].as_str() {
            let moved = format!("/_bench/{k}{}", virtual_path.replace('/', "-"));
            let bytes = complete.files.iter().find(|(p, _)| p == virtual_path).map(|(_, b)| b.to_vec());
            files.push((moved.clone(), bytes.unwrap_or_default()));
            section["data"]["image"] = json!(moved);
        }
    }
    let mut jobs: Vec<TypstJob> = planned
        .iter()
        .map(|(id, v)| {
            // A pack's form lives in its pack's folder: the path is the form's, not its id's.
            let main = catalog.get(id).map(|f| f.main_path().trim_start_matches('/').to_string());
            TypstJob { main: main.unwrap_or_else(|| format!("{id}/main.typ")), data: v.data.clone(), files: Vec::new() }
        })
        .collect();
    jobs.push(TypstJob { main: DOSSIER_MAIN.into(), data, files });
    jobs
}

/// The forms folder as the stock CLI needs it: every form file and the complete dossier's main
/// file, by path relative to the folder.
pub fn project_files(engine: &Engine) -> Vec<(String, Vec<u8>)> {
    let catalog = engine.catalog();
    let mut files: Vec<(String, Vec<u8>)> = catalog.files().map(|(p, b)| (p.to_string(), b.to_vec())).collect();
    files.push((DOSSIER_MAIN.into(), dossier_source(catalog).into_bytes()));
    files
}

/// The compiled-in font files.
pub fn fonts() -> &'static [&'static [u8]] {
    &EMBEDDED
}

/// One compilation a render made, recorded for the floor: the complete dossier's main file
/// (always [`DOSSIER_MAIN`]) with this data and these extra files, dated `date`, and whether
/// the render dropped Typst's cache after it (a piece of a long list).
pub struct Compilation {
    /// The chunk's data, as `/data.json`.
    pub data: Vec<u8>,
    /// Extra files (evidence pages) by virtual path.
    pub files: Vec<(String, Vec<u8>)>,
    /// The document's date (year, month, day).
    pub date: (i32, u32, u32),
    /// Whether the render evicted the whole cache after it (a piece).
    pub piece: bool,
}

/// The recorder of compilations, on while [`recording`] runs.
static RECORDER: std::sync::Mutex<Option<Vec<(usize, Compilation)>>> = std::sync::Mutex::new(None);

/// Note a compilation of chunk `c` (called by the layout; does nothing unless recording).
pub(crate) fn record(
    c: usize,
    data: &[u8],
    files: &[(String, typst::foundations::Bytes)],
    date: crate::vi::Date,
    piece: bool,
) {
    let mut guard = RECORDER.lock().expect("no panic holds the recorder");
    if let Some(list) = guard.as_mut() {
        let files = files.iter().map(|(p, b)| (p.clone(), b.to_vec())).collect();
        list.push((
            c,
            Compilation { data: data.to_vec(), files, date: (date.year(), date.month(), date.day()), piece },
        ));
    }
}

/// Run `f` (a render) and return what it returned with every compilation it made, in chunk
/// order (a chunk's pieces in their order). Renders must not run on other threads meanwhile.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Vec<Compilation>) {
    *RECORDER.lock().expect("no panic holds the recorder") = Some(Vec::new());
    let out = f();
    let mut list = RECORDER.lock().expect("no panic holds the recorder").take().unwrap_or_default();
    // Chunks run on several threads; pieces of one chunk run in order on one.
    list.sort_by_key(|(c, _)| *c);
    (out, list.into_iter().map(|(_, c)| c).collect())
}

impl Compilation {
    /// The compilation as bytes ([`Compilation::from_bytes`] reads them back).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.data.len() + 64);
        let mut put = |b: &[u8]| {
            out.extend_from_slice(&(b.len() as u64).to_le_bytes());
            out.extend_from_slice(b);
        };
        put(format!("{} {} {} {}", self.date.0, self.date.1, self.date.2, u8::from(self.piece)).as_bytes());
        put(&self.data);
        for (path, bytes) in &self.files {
            put(path.as_bytes());
            put(bytes);
        }
        out
    }

    /// Read what [`Compilation::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Option<Compilation> {
        let mut rest = bytes;
        let mut take = || -> Option<&[u8]> {
            let n = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?) as usize;
            let (b, r) = rest.get(8..)?.split_at_checked(n)?;
            rest = r;
            Some(b)
        };
        let head = std::str::from_utf8(take()?).ok()?.to_string();
        let mut it = head.split(' ').map(|s| s.parse::<i64>().ok());
        let date = (it.next()?? as i32, it.next()?? as u32, it.next()?? as u32);
        let piece = it.next()?? == 1;
        let data = take()?.to_vec();
        let mut files = Vec::new();
        while let Some(path) = take() {
            let path = String::from_utf8(path.to_vec()).ok()?;
            files.push((path, take()?.to_vec()));
        }
        Some(Compilation { data, files, date, piece })
    }
}

/// The floor of one compilation: Typst lays it out and exports it as PDF/A-2b on the engine's
/// shared base, and the engine's cache budget hears of its pages, nothing else (no check, no
/// cut, no write). Returns its pages.
pub fn floor(engine: &Engine, c: Compilation) -> Result<usize, String> {
    let date = crate::vi::Date::from_ymd(c.date.0, c.date.1, c.date.2).ok_or("a bad date")?;
    let files = c.files.into_iter().map(|(p, b)| (p, typst::foundations::Bytes::new(b))).collect();
    let kit = engine.kit();
    let said = |e: Vec<crate::typeset::Diagnostic>| e.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("; ");
    let doc = timed(Stage::Layout, || {
        crate::typeset::compile(kit.base(), crate::typeset::world::DOSSIER_PATH, c.data, files, date)
    })
    .map_err(said)?;
    let pages = doc.pages().len();
    timed(Stage::Export, || crate::export::pdf(&doc, "hoso/floor", date)).map_err(said)?;
    drop(doc);
    kit.laid_out(pages);
    if c.piece {
        typst::comemo::evict(0);
    }
    Ok(pages)
}

/// CPU seconds this process has spent in each stage of its renders so far (see
/// `profile.rs`): stage name, seconds.
pub fn profile() -> Vec<(String, f64)> {
    crate::profile::spent()
}
