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
use super::piece::{self, Rows};
use crate::export;
use crate::profile::{Stage as Spent, timed};
use crate::sign::Spot;
use crate::typeset::introspect::{Marker, markers};
use crate::typeset::world::DOSSIER_PATH;
use crate::typeset::{self, Base};
use crate::vi::Date;
use crate::view::complete::{Complete, Section};

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

/// Label of the marker on the first page of a document or an appendix (its page count starts
/// again at 1).
const FIRST_PAGE_LABEL: &str = "hoso-first-page";

/// One compilation's PDF/A-2b and the pages of it the chunk keeps (from 1).
pub(crate) struct Part {
    /// The exported PDF.
    pub pdf: Vec<u8>,
    /// Its pages that belong to the chunk: all of them, or a piece's up to where the next
    /// one starts.
    pub pages: RangeInclusive<usize>,
}

/// One chunk laid out and exported.
pub(crate) struct Chunk {
    /// The complete's sections it holds.
    pub sections: Range<usize>,
    /// Its PDFs, in order: one, or one a piece for a document laid out in pieces
    /// ([`piece`]); the chunk's pages are their kept pages one after another.
    pub parts: Vec<Part>,
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
    sections: &'a [Section<'a>],
}

/// A chunk to lay out: sections compiled together, or one document with more rows than a
/// piece holds, laid out in pieces along its form's row path.
enum Planned<'a> {
    Sections(Range<usize>),
    Pieces { section: usize, rows: Rows, path: &'a str },
}

/// The complete's sections cut into chunks: each starts at a document (its evidence stays with
/// it) and closes once it holds [`CHUNK_BUDGET`]; a document whose form has a row path
/// (`rows_of`) and more than `piece_rows` rows is a chunk of its own, in pieces. Depends on the
/// input alone, so the output does too.
fn chunks<'a>(complete: &Complete, rows_of: &dyn Fn(&str) -> Option<&'a str>, piece_rows: usize) -> Vec<Planned<'a>> {
    let sections = &complete.sections;
    let mut out = Vec::new();
    let (mut start, mut weight) = (0, 0);
    for (k, s) in sections.iter().enumerate() {
        let document = s.form != "_evidence";
        let pieced = document
            .then(|| rows_of(s.form))
            .flatten()
            .and_then(|path| Some((piece::number(&s.data, path)?, path)))
            .filter(|(rows, _)| rows.total > piece_rows);
        if document && k > start && (weight >= CHUNK_BUDGET || pieced.is_some()) {
            out.push(Planned::Sections(start..k));
            (start, weight) = (k, 0);
        }
        if let Some((rows, path)) = pieced {
            out.push(Planned::Pieces { section: k, rows, path });
            (start, weight) = (k + 1, 0);
            continue;
        }
        weight += if document { serde_json::to_vec(&s.data).map_or(0, |v| v.len()) } else { EVIDENCE_WEIGHT };
    }
    if start < sections.len() {
        out.push(Planned::Sections(start..sections.len()));
    }
    out
}

/// Who watches a layout: the flag that stops it before its next chunk, and who hears of each
/// chunk's pages (the engine's memory budget).
pub(crate) struct Watch<'a> {
    pub cancel: &'a crate::Cancel,
    pub laid_out: &'a (dyn Fn(usize) + Sync),
    /// The cores of a run of many renders: the layout's threads beyond its first lay out a
    /// chunk only on a core borrowed from it.
    pub cores: Option<&'a crate::Cores>,
}

/// Where a form's rows are (its `rows` path) and how many a piece holds.
pub(crate) struct Pieces<'a> {
    pub rows_of: &'a (dyn Fn(&str) -> Option<&'a str> + Sync),
    pub rows: usize,
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
// (Each argument is a different thing the layout is told; bundling them would only rename them.)
#[allow(clippy::too_many_arguments)]
pub(crate) fn lay_out(
    base: &Base,
    complete: &Complete,
    date: Date,
    ident: &str,
    workers: usize,
    pieces: Pieces<'_>,
    watch: Watch<'_>,
    consume: &mut (dyn FnMut(Chunk) -> Result<(), RenderError> + Send),
) -> Result<(), RenderError> {
    let Watch { cancel, laid_out, cores } = watch;
    let sections = &complete.sections;
    let ranges = chunks(complete, pieces.rows_of, pieces.rows.max(1));
    let meta = &complete.meta_data;
    // A later piece of a document goes on from the page before: no first-page mark at its start.
    let mut goes_on = meta.clone();
    goes_on["goes_on"] = serde_json::Value::Bool(true);
    let compile = |c: usize, sections: &[Section], later: bool, pieced: bool| {
        let meta = if later { &goes_on } else { meta };
        let data =
            timed(Spent::Plan, || serde_json::to_vec(&ChunkData { meta, sections }).expect("views are plain JSON"));
        #[cfg(feature = "bench")]
        crate::bench::record(c, &data, &complete.files, date, pieced);
        #[cfg(not(feature = "bench"))]
        let _ = (c, pieced);
        timed(Spent::Layout, || typeset::compile(base, DOSSIER_PATH, data, complete.files.clone(), date))
            .map_err(failed(Stage::Layout, COMPLETE))
    };
    let whole = |c: usize, range: Range<usize>| -> Result<Chunk, RenderError> {
        cancel.check().map_err(|_| RenderError::Cancelled)?;
        let doc = compile(c, &sections[range.clone()], false, false)?;
        let (heights, starts, spots) = timed(Spent::Introspect, || {
            let heights: Vec<f64> = doc.pages().iter().map(|p| p.frame.height().to_pt()).collect();
            let mut starts: Vec<usize> = markers(&doc, SECTION_LABEL).iter().map(|m| m.page).collect();
            starts.push(heights.len() + 1);
            let spots: Vec<Spot> = markers(&doc, SIGNATURE_LABEL).iter().map(spot).collect();
            (heights, starts, spots)
        });
        let pdf = timed(Spent::Export, || export::pdf(&doc, &format!("{ident}/{c}"), date))
            .map_err(failed(Stage::Export, COMPLETE))?;
        drop(doc);
        laid_out(heights.len());
        let pages = 1..=heights.len();
        Ok(Chunk { sections: range, parts: vec![Part { pdf, pages }], starts, spots, heights })
    };
    // One document in pieces (see `piece`): each piece from the row and page the last one
    // stopped at; the whole document at once if a piece finds no page to stop at.
    let in_pieces = |c: usize, k: usize, rows: &Rows, path: &str| -> Result<Chunk, RenderError> {
        let (mut from, mut page) = (0, 1);
        let (mut parts, mut heights, mut spots) = (Vec::new(), Vec::<f64>::new(), Vec::<Spot>::new());
        loop {
            cancel.check().map_err(|_| RenderError::Cancelled)?;
            let to = (from + pieces.rows.max(1)).min(rows.total);
            let mut section = sections[k].clone();
            section.data = std::borrow::Cow::Owned(piece::piece(rows, path, from, to, page));
            let doc = compile(c, std::slice::from_ref(&section), from > 0, true)?;
            let count = doc.pages().len();
            let next = if to == rows.total {
                None
            } else {
                let starts = markers(&doc, piece::ROW_LABEL);
                let ends = markers(&doc, piece::ROW_END_LABEL);
                match piece::restart(&starts, &ends, rows, count, from) {
                    Some((p, row)) => {
                        let firsts: Vec<usize> = markers(&doc, FIRST_PAGE_LABEL).iter().map(|m| m.page).collect();
                        Some((p - 1, row, piece::page_number(p, page, &firsts)))
                    }
                    None => {
                        drop(doc);
                        return whole(c, k..k + 1);
                    }
                }
            };
            let kept = next.map_or(count, |(kept, _, _)| kept);
            let before = heights.len();
            heights.extend(doc.pages()[..kept].iter().map(|p| p.frame.height().to_pt()));
            spots.extend(markers(&doc, SIGNATURE_LABEL).iter().filter(|m| m.page <= kept).map(|m| {
                let mut s = spot(m);
                s.page += before;
                s
            }));
            let pdf = timed(Spent::Export, || export::pdf(&doc, &format!("{ident}/{c}/{}", parts.len()), date))
                .map_err(failed(Stage::Export, COMPLETE))?;
            drop(doc);
            laid_out(count);
            // A piece's cache is of no use to the next (other rows): dropped at once, so the
            // memory stays that of one piece.
            typst::comemo::evict(0);
            parts.push(Part { pdf, pages: 1..=kept });
            let Some((_, row, number)) = next else { break };
            (from, page) = (row, number);
        }
        let starts = vec![1, heights.len() + 1];
        Ok(Chunk { sections: k..k + 1, parts, starts, spots, heights })
    };
    let one = |c: usize, planned: &Planned| match planned {
        Planned::Sections(range) => whole(c, range.clone()),
        Planned::Pieces { section, rows, path } => in_pieces(c, *section, rows, path),
    };
    let workers = workers.clamp(1, ranges.len().max(1));
    if workers == 1 {
        for (c, planned) in ranges.iter().enumerate() {
            consume(one(c, planned)?)?;
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
    // The first worker is this thread; the others, in a run of many renders, each lay out a
    // chunk only on a core borrowed for it.
    let work = |helper: bool| {
        loop {
            let lent = match cores.filter(|_| helper) {
                Some(cores) => match cores.borrow(|| taken.load(Ordering::SeqCst) < ranges.len()) {
                    Some(lent) => Some(lent),
                    None => break,
                },
                None => None,
            };
            let c = taken.fetch_add(1, Ordering::SeqCst);
            if c + 1 >= ranges.len()
                && let Some(cores) = cores
            {
                // The last chunk is taken: the threads waiting for a core need not.
                cores.wake();
            }
            let Some(planned) = ranges.get(c) else { break };
            match one(c, planned) {
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
            drop(lent);
        }
        // Nothing left for this render: its threads waiting for a core need not.
        if let Some(cores) = cores {
            cores.wake();
        }
    };
    std::thread::scope(|s| {
        for _ in 1..workers {
            s.spawn(|| work(true));
        }
        work(false);
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
