//! Stages 3–5: the complete dossier laid out and exported in chunks, each a few documents (with
//! their evidence) compiled on its own, so a dossier of 500 nominees costs what 25 dossiers of
//! 20 cost, in time and in memory, and its chunks run on every core. A document never spans two
//! chunks: every document starts on a new page with its own page numbers, so it is laid out the
//! same whatever its neighbours. What the pages say is read back per chunk: where each section
//! (a document or an evidence page) starts, where each signer signs, how tall each page is.

use std::ops::{Range, RangeInclusive};

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;
use typst::foundations::Value;

use super::error::{COMPLETE, RenderError, Stage, failed};
use crate::export;
use crate::sign::Spot;
use crate::typeset::introspect::{Marker, markers};
use crate::typeset::world::DOSSIER_PATH;
use crate::typeset::{self, Base};
use crate::vi::Date;
use crate::view::complete::Complete;

/// Label of the marker the kit puts at the start of each section of the complete dossier.
const SECTION_LABEL: &str = "hoso-part";

/// Label of the marker the kit puts in each signer's room to sign.
const SIGNATURE_LABEL: &str = "hoso-signature";

/// How much a chunk holds, in bytes of its sections' view JSON (a report is 2–5 KB, a page of
/// evidence counts [`EVIDENCE_WEIGHT`]): a chunk closes at the first document past this. Small
/// enough that a chunk's layout stays fast and small (Typst's cost per page grows with the
/// pages of one compilation), large enough that the per-compilation cost is shared.
const CHUNK_BUDGET: usize = 48 * 1024;

/// What a page of evidence weighs against [`CHUNK_BUDGET`].
const EVIDENCE_WEIGHT: usize = 8 * 1024;

/// One chunk laid out and exported.
pub(crate) struct Chunk {
    /// The complete's sections it holds.
    pub sections: Range<usize>,
    /// Its PDF/A-2b.
    pub pdf: Vec<u8>,
    /// The first page (from 1, within the chunk) of each of its sections, then one past the last.
    starts: Vec<usize>,
    /// Every signer's room to sign, in document order, on the chunk's pages.
    pub spots: Vec<Spot>,
    /// Each page's height in points.
    pub heights: Vec<f64>,
}

impl Chunk {
    /// Pages in the chunk.
    pub fn page_count(&self) -> usize {
        self.heights.len()
    }

    /// The pages (from 1, within the chunk) of the complete's section `k`, which it holds.
    pub fn pages_of(&self, k: usize) -> RangeInclusive<usize> {
        let i = k - self.sections.start;
        self.starts[i]..=self.starts[i + 1] - 1
    }
}

/// What `/_dossier.typ` reads for one chunk: the dossier's metadata and the chunk's sections.
#[derive(Serialize)]
struct ChunkData<'a> {
    meta: &'a serde_json::Value,
    sections: &'a [serde_json::Value],
}

/// The complete's sections cut into chunks: each starts at a document (its evidence stays with
/// it) and closes once it holds [`CHUNK_BUDGET`]. Depends on the input alone, so the output
/// does too.
fn chunks(complete: &Complete) -> Vec<Range<usize>> {
    let sections = complete.data["sections"].as_array().map(Vec::as_slice).unwrap_or_default();
    let mut out = Vec::new();
    let (mut start, mut weight) = (0, 0);
    for (k, s) in sections.iter().enumerate() {
        let document = s["form"].as_str() != Some("_evidence");
        if document && k > start && weight >= CHUNK_BUDGET {
            out.push(start..k);
            (start, weight) = (k, 0);
        }
        weight += if document { serde_json::to_vec(&s["data"]).map_or(0, |v| v.len()) } else { EVIDENCE_WEIGHT };
    }
    if start < sections.len() {
        out.push(start..sections.len());
    }
    out
}

/// Who watches a layout: the flag that stops it before its next chunk, and who hears of each
/// chunk's pages (the engine's memory budget).
pub(crate) struct Watch<'a> {
    pub cancel: &'a crate::Cancel,
    pub laid_out: &'a (dyn Fn(usize) + Sync),
}

/// Lay `complete` out, dated `date`, chunk by chunk on `workers` threads, export each chunk as
/// PDF/A-2b with an /ID from `ident`, and hand the chunks to `consume` in order, one at a time,
/// as soon as each and those before it are done (so a chunk's PDF is parsed and cut while the
/// next ones are laid out, and dropped after); `laid_out` hears of each chunk's pages (the
/// engine's memory budget). Stops at the first failure, and before a chunk once `cancel` is set.
///
/// Each worker takes one chunk at a time. (Chunks are never rayon tasks: a thread waiting
/// inside Typst's parallel work would steal a whole chunk and start it on top of its own, and a
/// large dossier would end up with every chunk in memory at once.)
pub(crate) fn lay_out(
    base: &Base,
    complete: &Complete,
    date: Date,
    ident: &str,
    workers: usize,
    watch: Watch<'_>,
    consume: &mut (dyn FnMut(Chunk) -> Result<(), RenderError> + Send),
) -> Result<(), RenderError> {
    let Watch { cancel, laid_out } = watch;
    let sections = complete.data["sections"].as_array().map(Vec::as_slice).unwrap_or_default();
    let ranges = chunks(complete);
    let one = |c: usize, range: Range<usize>| -> Result<Chunk, RenderError> {
        cancel.check().map_err(|_| RenderError::Cancelled)?;
        let data = serde_json::to_vec(&ChunkData { meta: &complete.data["meta"], sections: &sections[range.clone()] })
            .expect("views are plain JSON");
        let doc = typeset::compile(base, DOSSIER_PATH, data, complete.files.clone(), date)
            .map_err(failed(Stage::Layout, COMPLETE))?;
        let heights: Vec<f64> = doc.pages().iter().map(|p| p.frame.height().to_pt()).collect();
        let mut starts: Vec<usize> = markers(&doc, SECTION_LABEL).iter().map(|m| m.page).collect();
        starts.push(heights.len() + 1);
        let spots = markers(&doc, SIGNATURE_LABEL).iter().map(spot).collect();
        let pdf = export::pdf(&doc, &format!("{ident}/{c}"), date).map_err(failed(Stage::Export, COMPLETE))?;
        drop(doc);
        laid_out(heights.len());
        Ok(Chunk { sections: range, pdf, starts, spots, heights })
    };
    let workers = workers.clamp(1, ranges.len().max(1));
    if workers == 1 {
        for (c, range) in ranges.into_iter().enumerate() {
            consume(one(c, range)?)?;
        }
        return Ok(());
    }
    // Chunks done out of order wait (as PDF bytes) for those before them. Whoever finishes a
    // chunk hands the waiting ones on in order, unless another worker is already at it; what is
    // left at the end is handed on after the workers stop.
    let waiting: Mutex<BTreeMap<usize, Chunk>> = Mutex::new(BTreeMap::new());
    let consumer = Mutex::new((0usize, consume));
    let failure: Mutex<Option<RenderError>> = Mutex::new(None);
    let taken = AtomicUsize::new(0);
    let stop = |e: RenderError| {
        failure.lock().expect("no panic holds the failure").get_or_insert(e);
        // The render fails anyway: start no other chunk.
        taken.store(ranges.len(), Ordering::SeqCst);
    };
    let hand_on = |next: &mut usize, consume: &mut (dyn FnMut(Chunk) -> Result<(), RenderError> + Send)| {
        loop {
            let Some(chunk) = waiting.lock().expect("no panic holds the queue").remove(next) else { return Ok(()) };
            *next += 1;
            consume(chunk)?;
        }
    };
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let c = taken.fetch_add(1, Ordering::SeqCst);
                    let Some(range) = ranges.get(c) else { break };
                    match one(c, range.clone()) {
                        Ok(chunk) => {
                            waiting.lock().expect("no panic holds the queue").insert(c, chunk);
                        }
                        Err(e) => {
                            stop(e);
                            break;
                        }
                    }
                    if let Ok(mut guard) = consumer.try_lock() {
                        let (next, consume) = &mut *guard;
                        if let Err(e) = hand_on(next, &mut **consume) {
                            stop(e);
                            break;
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().expect("no panic holds the failure") {
        return Err(e);
    }
    let (mut next, consume) = consumer.into_inner().expect("no panic holds the consumer");
    hand_on(&mut next, consume)
}

/// A signature marker as a typed spot: the template gives role, name, width, height and,
/// optionally, the signature image and whether the seal goes over it.
fn spot(m: &Marker) -> Spot {
    let field = |key: &str| match &m.value {
        Value::Dict(d) => d.get(key).ok().cloned(),
        _ => None,
    };
    let text = |key: &str| match field(key) {
        Some(Value::Str(s)) => Some(s.to_string()),
        _ => None,
    };
    let points = |key: &str| match field(key) {
        Some(Value::Length(l)) => l.abs.to_pt(),
        _ => 0.0,
    };
    Spot {
        page: m.page,
        x: m.x,
        y: m.y,
        width: points("width"),
        height: points("height"),
        role: text("role").unwrap_or_default(),
        name: text("name").unwrap_or_default(),
        image: text("image"),
        seal: matches!(field("seal"), Some(Value::Bool(true))),
    }
}
