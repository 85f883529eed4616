//! A render, stage by stage. [`crate::Engine::render_with`] runs them in this order, and the
//! code reads as the list:
//!
//! 1. **plan** — the documents to make: the views the check built, or only one form's;
//! 2. **views** — the complete dossier as one view: every document in filing order with the
//!    evidence after each report (`view/complete.rs`);
//! 3. **layout** — Typst lays the dossier out in chunks of a few documents, each compiled on
//!    its own and all on every core, so time and memory grow with the dossier, not faster; the
//!    pages say where each document starts and where each signer signs (`render/layout.rs`);
//! 4. **export** — each chunk becomes a PDF/A-2b (`export.rs`), parsed once (`cut.rs`);
//! 5. **documents** — each document is cut out of its chunk with its own metadata, bookmark,
//!    signature fields and (with `stamp`) images, and named; a decision's certificates are
//!    also assembled into one print file;
//! 6. **complete dossier** — `ho-so.pdf` assembled from the chunks' PDFs, one structure tree
//!    and one outline;
//! 7. **manifest** — what was made from what ([`crate::manifest`]).

pub(crate) mod error;
pub(crate) mod layout;
pub(crate) mod piece;

pub use error::{RenderError, Stage};

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::check::Checked;
use crate::cut::{Assembler, Cutter, Pages};
use crate::evidence;
use crate::form::Form;
use crate::inputs::{self, Variant};
use crate::kit::Kit;
use crate::manifest::{DocumentEntry, EvidenceEntry, Manifest};
use crate::output::{Output, OutputError, Wait};
use crate::profile::{Stage as Spent, timed};
use crate::sign::{Field, field};
use crate::vi;
use crate::view::{self, View, complete::Complete, sentence_start};
use error::{COMPLETE, cut_failed};

/// File name of the complete dossier.
pub const COMPLETE_FILE: &str = "ho-so.pdf";

/// Longest file stem written, in bytes (ASCII): a name is cut at a word before this, so that
/// every file system and archive (255 bytes a name, 260 a Windows path) takes it.
const MAX_STEM: usize = 80;

pub use crate::manifest::MANIFEST_FILE;

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions<'a> {
    /// Only this form's documents, and no complete dossier.
    pub only: Option<&'a str>,
    /// Lay the signature and seal images onto the pages (visually signed copies).
    pub stamp: bool,
    /// Threads laying out a dossier's chunks at once, at most: 0 for one per core.
    pub threads: usize,
    /// The cores of a run of many renders (a batch): the render lays out on its own thread,
    /// and on more (up to `threads`) only on cores no other render holds (see [`crate::Cores`]).
    pub cores: Option<&'a crate::Cores>,
    /// Stops the render between its steps (each chunk laid out, each chunk cut) once set:
    /// then [`RenderError::Cancelled`].
    pub cancel: Option<&'a crate::Cancel>,
    /// Rows of a long list laid out in one piece, each compiled on its own so memory stays
    /// bounded (0: 400, about 13 pages of a decision's list); the pages are the same whatever
    /// the number.
    pub piece_rows: usize,
    /// Whether a decision's certificates are also written one file each beside their print
    /// file: `None` (the default) for each up to 200 certificates (`CERTIFICATE_FILES_UP_TO`) and
    /// the print file alone above (the file a printer takes; a large run's thousands of
    /// files would take hundreds of MB).
    pub certificate_files: Option<bool>,
}

/// Certificates written one file each by default, at most (above, the print file alone).
pub const CERTIFICATE_FILES_UP_TO: usize = 200;

/// One rendered document, in memory.
#[derive(Debug, Clone)]
pub struct Document {
    /// The form it was rendered from, e.g. "to-trinh"; `None` for the complete dossier.
    pub form: Option<String>,
    /// The id of the nominee a report is about.
    pub nominee: Option<String>,
    /// Its file name, e.g. "01-to-trinh.pdf".
    pub file_name: String,
    /// Its title in the complete dossier's bookmarks.
    pub title: String,
    /// The PDF/A-2b file.
    pub pdf: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Its empty signature fields (none in the complete dossier, which is filed, not signed,
    /// nor in a print file).
    pub fields: Vec<Field>,
    /// For a print file (all of a decision's certificates in one file, for the printer): the
    /// file names of the documents it prints, in order; empty for every other document, and
    /// when those are not written one by one.
    pub gathers: Vec<String>,
    /// For a print file whose certificates are not written one by one (see
    /// [`RenderOptions::certificate_files`]): the nominee of each, in order (an awarded
    /// collective or person's id; "" for a certificate not tied to one).
    pub nominees: Vec<String>,
}

/// Everything one render produced: the documents and the manifest describing them.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The documents in filing order; the complete dossier last (unless `only`).
    pub documents: Vec<Document>,
    /// What `manifest.json` says: each document's form, version, file, pages, SHA-256 and
    /// signature fields; the evidence; the warnings; the input key.
    pub manifest: Manifest,
    /// Whether only one form's documents were rendered (`only`): then the render is not a complete
    /// set, and writing it replaces those documents alone.
    pub partial: bool,
}

/// Why a render was not written into its folder. Nothing was changed in the folder.
#[derive(Debug)]
#[non_exhaustive]
pub enum WriteError {
    /// Files hoso would replace or remove carry a digital signature: they are kept unless the
    /// write is forced.
    Signed(Vec<String>),
    /// Another run is writing into the folder (when told not to wait).
    Busy(PathBuf),
    /// A symbolic link stands where the output folder belongs, or leads out of it.
    Link(PathBuf),
    /// The folder or a file could not be written.
    Io(std::io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.text().fmt(f)
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl WriteError {
    /// What went wrong, to be said in any language.
    pub fn text(&self) -> crate::messages::Text {
        match self {
            WriteError::Signed(files) => crate::t!("write.signed", files = files.join(", ")),
            WriteError::Busy(p) => crate::t!("write.busy", dir = p.display().to_string()),
            WriteError::Link(p) => crate::t!("write.link", path = p.display().to_string()),
            WriteError::Io(e) => crate::t!("cli.as-is", error = e.to_string()),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

impl From<OutputError> for WriteError {
    fn from(e: OutputError) -> Self {
        match e {
            OutputError::Busy(p) => WriteError::Busy(p),
            OutputError::Link(p) => WriteError::Link(p),
            OutputError::Io(e) => WriteError::Io(e),
        }
    }
}

/// Whether `bytes` are a PDF that carries a digital signature (a signature dictionary's
/// `/ByteRange`, which hoso's empty fields never have).
fn signed(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF") && bytes.windows(10).any(|w| w == b"/ByteRange")
}

impl Rendered {
    /// Every file of the render as (file name, bytes), in writing order: the documents, then
    /// `manifest.json`.
    pub fn files(&self) -> impl Iterator<Item = (&str, Cow<'_, [u8]>)> {
        let docs = self.documents.iter().map(|d| (d.file_name.as_str(), Cow::Borrowed(d.pdf.as_slice())));
        docs.chain(std::iter::once((MANIFEST_FILE, Cow::Owned(self.manifest.to_json()))))
    }

    /// Write the render into `dir` as one complete set ([`Rendered::write_into`]), the folder
    /// opened (created if missing) and locked for this run, waiting for another run that
    /// writes into it. Returns the paths written.
    pub fn write_set(&self, dir: &Path, force: bool) -> Result<Vec<PathBuf>, WriteError> {
        let out = Output::open(dir, Wait::Block)?;
        self.write_into(&out, force)
    }

    /// Write the render into the open folder `out` as one complete set: every file is written
    /// beside the old ones and synced, and only then renamed over them, so a failure leaves the
    /// previous set as it was; then the files of the previous set (as its manifest lists them)
    /// that this one does not contain are removed. A file that would be replaced or removed and
    /// carries a digital signature stops the write ([`WriteError::Signed`]) unless `force`. A
    /// partial render (`only`) replaces its documents alone and updates their entries in the
    /// folder's manifest, if there is one. Nothing outside the folder is touched, through a
    /// link or otherwise. Returns the paths written.
    pub fn write_into(&self, out: &Output, force: bool) -> Result<Vec<PathBuf>, WriteError> {
        let old = out.read(MANIFEST_FILE).and_then(|b| Manifest::from_json(&b));
        let mut files: Vec<(&str, Cow<[u8]>)> =
            self.documents.iter().map(|d| (d.file_name.as_str(), Cow::Borrowed(d.pdf.as_slice()))).collect();
        let mut stale = Vec::new();
        if self.partial {
            if let Some(mut m) = old {
                for entry in &self.manifest.documents {
                    match m.documents.iter_mut().find(|e| e.file == entry.file) {
                        Some(e) => *e = entry.clone(),
                        None => m.documents.push(entry.clone()),
                    }
                }
                files.push((MANIFEST_FILE, Cow::Owned(m.to_json())));
            }
        } else {
            if let Some(m) = &old {
                stale = m
                    .documents
                    .iter()
                    .map(|e| e.file.as_str())
                    .filter(|f| !self.documents.iter().any(|d| d.file_name == *f))
                    .filter(|f| crate::evidence::safe_relative(f).is_ok() && !f.contains('/') && !f.starts_with('.'))
                    .map(str::to_string)
                    .collect();
            }
            files.push((MANIFEST_FILE, Cow::Owned(self.manifest.to_json())));
        }
        if !force {
            let touched = files.iter().map(|(n, _)| n.to_string()).chain(stale.iter().cloned());
            let signed: Vec<String> = touched.filter(|n| out.read(n).is_some_and(|b| signed(&b))).collect();
            if !signed.is_empty() {
                return Err(WriteError::Signed(signed));
            }
        }
        let written = out.write_all(files.iter().map(|(n, b)| (*n, b.as_ref())))?;
        for f in stale {
            out.remove(&f)?;
        }
        Ok(written)
    }

    /// [`Rendered::write_set`], replacing signed files too.
    pub fn write(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        self.write_set(dir, true).map_err(|e| match e {
            WriteError::Io(e) => e,
            other => std::io::Error::other(other.to_string()),
        })
    }

    /// Total pages of every document (the complete dossier included).
    pub fn pages(&self) -> usize {
        self.documents.iter().map(|d| d.pages).sum()
    }
}

/// One document to render: its form and its view.
pub(crate) struct ToRender<'a> {
    /// The form (the version chosen for the dossier's date).
    pub form: &'a Form,
    /// The view its template reads.
    pub view: &'a View,
}

/// Render `checked` with `kit`, stage by stage.
pub(crate) fn render(kit: &Kit, checked: &Checked, options: &RenderOptions) -> Result<Rendered, RenderError> {
    let d = &checked.dossier;
    let plan = plan(kit, checked, options.only)?;
    let evidence = if options.only.is_none() { checked.evidence.as_slice() } else { &[] };
    let complete = timed(Spent::Plan, || {
        view::complete::view(d, plan.iter().map(|p| (p.form.id.as_str(), p.view)), evidence, &checked.emblems)
    });
    let ident = format!("hoso/dossier/{}/{}/{}", d.agency.abbreviation, d.date().iso(), d.number().unwrap_or_default());
    let workers = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let mut made = Cuts::new(&plan, &complete, checked, options);
    let never = crate::Cancel::new();
    let cancel = options.cancel.unwrap_or(&never);
    let rows_of = |form: &str| plan.iter().find(|p| p.form.id == form).and_then(|p| p.form.meta.rows.as_deref());
    let rows = if options.piece_rows == 0 { piece::PIECE_ROWS } else { options.piece_rows };
    layout::lay_out(
        kit.base(),
        &complete,
        d.date(),
        &ident,
        workers,
        layout::Pieces { rows_of: &rows_of, rows },
        layout::Watch { cancel, laid_out: &|pages| kit.laid_out(pages), cores: options.cores },
        &mut |chunk| {
            cancel.check().map_err(|_| RenderError::Cancelled)?;
            timed(Spent::Cut, || made.take(&chunk))
        },
    )?;
    let documents = timed(Spent::Finish, || made.finish(&complete, &ident))?;
    let variant = Variant { only: options.only, stamp: options.stamp };
    let manifest = timed(Spent::Manifest, || manifest(&plan, &documents, checked, kit.fingerprint(), variant));
    Ok(Rendered { documents, manifest, partial: options.only.is_some() })
}

/// Stage 7: the manifest of `documents`, rendered from the `plan` of `checked` as `variant`.
fn manifest(
    plan: &[ToRender],
    documents: &[Document],
    checked: &Checked,
    fingerprint: &str,
    variant: Variant,
) -> Manifest {
    let documents = documents
        .iter()
        .map(|doc| {
            let form = doc.form.as_deref().and_then(|id| plan.iter().find(|p| p.form.id == id)).map(|p| p.form);
            DocumentEntry {
                file: doc.file_name.clone(),
                title: doc.title.clone(),
                form: doc.form.clone(),
                version: form.map(|f| f.meta.legal_basis.clone()),
                form_checked: form.map(|f| f.meta.checked),
                nominee: doc.nominee.clone(),
                pages: doc.pages,
                sha256: evidence::sha256(&doc.pdf),
                signature_fields: doc.fields.clone(),
                gathers: doc.gathers.clone(),
                prints: doc.nominees.clone(),
            }
        })
        .collect();
    let evidence = checked
        .evidence
        .iter()
        .map(|e| EvidenceEntry {
            nominee: checked.dossier.nominees[e.nominee].id.clone(),
            file: e.path.clone(),
            pages: e.pages.len(),
            sha256: e.sha256.clone(),
        })
        .collect();
    Manifest {
        generator: crate::export::creator(),
        documents,
        evidence,
        warnings: checked.warnings.warnings().map(|w| w.to_string()).collect(),
        inputs: inputs::render_key(&checked.key, variant),
        raw: inputs::raw(fingerprint, variant, &checked.read),
    }
}

/// Stage 1: the documents to make, in filing order: all the check planned, or `only`'s.
fn plan<'a>(kit: &'a Kit, checked: &'a Checked, only: Option<&str>) -> Result<Vec<ToRender<'a>>, RenderError> {
    let catalog = kit.catalog();
    if let Some(id) = only
        && catalog.get(id).is_none()
    {
        return Err(RenderError::UnknownForm(id.to_string()));
    }
    Ok(checked
        .views
        .iter()
        .filter(|(id, _)| only.is_none_or(|o| o == id))
        .filter_map(|(id, view)| Some(ToRender { form: catalog.get(id)?, view }))
        .collect())
}

/// One document cut: its PDF, its signature fields, its pages.
type Cut = (Vec<u8>, Vec<Field>, usize);

/// Stages 5 and 6, chunk by chunk as the layout hands them on, in order: each planned
/// document cut out of its chunk's PDF with its signature fields (and, with `stamp`, its
/// images drawn); the chunk's pages added to `ho-so.pdf` and to the print files gathering
/// several documents (a decision's certificates). Then each document is named (no two alike)
/// and the print files go after the documents they gather.
struct Cuts<'a> {
    plan: &'a [ToRender<'a>],
    checked: &'a Checked,
    stamp: bool,
    /// Each planned document: its section in the complete dossier, and once cut, its PDF, fields, pages.
    sections: Vec<usize>,
    cut: Vec<Option<Cut>>,
    /// The complete dossier, unless only one form is rendered.
    complete: Option<Assembler>,
    /// Print files: file stem, the documents it gathers (plan indices), and the file so far.
    groups: Vec<(String, Range<usize>, Assembler)>,
    /// Whether the documents a print file gathers are written one file each too.
    each: bool,
}

impl<'a> Cuts<'a> {
    fn new(plan: &'a [ToRender<'a>], complete: &Complete, checked: &'a Checked, options: &RenderOptions) -> Self {
        let mut groups: Vec<(String, Range<usize>, Assembler)> = Vec::new();
        for (k, p) in plan.iter().enumerate() {
            match (groups.last_mut(), &p.view.group) {
                (Some((stem, range, _)), Some(g)) if stem == g && range.end == k => range.end = k + 1,
                (_, Some(g)) => groups.push((g.clone(), k..k + 1, Assembler::new(true))),
                _ => {}
            }
        }
        let gathered: usize = groups.iter().map(|(_, range, _)| range.len()).sum();
        let each = options.certificate_files.unwrap_or(gathered <= CERTIFICATE_FILES_UP_TO);
        Cuts {
            each,
            plan,
            checked,
            stamp: options.stamp,
            sections: complete.document_sections.clone(),
            cut: plan.iter().map(|_| None).collect(),
            complete: options.only.is_none().then(|| Assembler::new(true)),
            groups,
        }
    }

    /// Cut the documents of `chunk` and add its pages to the files that gather them.
    fn take(&mut self, chunk: &layout::Chunk) -> Result<(), RenderError> {
        if chunk.parts.len() > 1 {
            return self.take_pieces(chunk);
        }
        // A chunk of whole documents is one compilation: its pages are its one PDF's.
        let cutter = Cutter::parse(&chunk.parts[0].pdf).map_err(cut_failed(COMPLETE))?;
        let seal = self.checked.dossier.agency.seal_image.as_deref();
        let images = &self.checked.images;
        for (k, &section) in self.sections.iter().enumerate() {
            if !chunk.sections.contains(&section) {
                continue;
            }
            let p = &self.plan[k];
            let pages = chunk.pages_of(section);
            let count = pages.clone().count();
            let group = self.groups.iter_mut().find(|(_, range, _)| range.contains(&k));
            if group.is_some() && !self.each {
                // A certificate in its print file only.
                self.cut[k] = Some((Vec::new(), Vec::new(), count));
            } else {
                let fields = field::fields(&chunk.spots, &pages, &chunk.heights, images, seal);
                let stamp = self.stamp.then_some(images);
                let part = [Pages { source: &cutter, pages: pages.clone() }];
                let pdf = crate::cut::cut(&part, &p.view.meta, &p.view.ident, &fields, stamp)
                    .map_err(cut_failed(&p.form.id))?;
                self.cut[k] = Some((pdf, fields, count));
            }
            if let Some((_, _, file)) = group {
                file.add(&Pages { source: &cutter, pages }).map_err(cut_failed(&p.form.id))?;
            }
        }
        if let Some(complete) = &mut self.complete {
            complete.add(&Pages { source: &cutter, pages: 1..=chunk.page_count() }).map_err(cut_failed(COMPLETE))?;
        }
        Ok(())
    }

    /// [`Cuts::take`] for one document laid out in pieces: each piece's PDF parsed, its kept
    /// pages copied into the document and `ho-so.pdf`, and dropped before the next is parsed.
    fn take_pieces(&mut self, chunk: &layout::Chunk) -> Result<(), RenderError> {
        let section = chunk.sections.start;
        // Only a planned document is laid out in pieces.
        let k = self
            .sections
            .iter()
            .position(|s| *s == section)
            .ok_or_else(|| cut_failed(COMPLETE)("pieces of no planned document".into()))?;
        let p = &self.plan[k];
        let mut document = Assembler::new(false);
        for part in &chunk.parts {
            let cutter = Cutter::parse(&part.pdf).map_err(cut_failed(&p.form.id))?;
            let pages = Pages { source: &cutter, pages: part.pages.clone() };
            document.add(&pages).map_err(cut_failed(&p.form.id))?;
            if let Some(complete) = &mut self.complete {
                complete.add(&pages).map_err(cut_failed(COMPLETE))?;
            }
        }
        let images = &self.checked.images;
        let seal = self.checked.dossier.agency.seal_image.as_deref();
        let pages = 1..=chunk.page_count();
        let fields = field::fields(&chunk.spots, &pages, &chunk.heights, images, seal);
        let pdf = document
            .finish(&p.view.meta, &p.view.ident, &fields, self.stamp.then_some(images))
            .map_err(cut_failed(&p.form.id))?;
        self.cut[k] = Some((pdf, fields, chunk.page_count()));
        Ok(())
    }

    /// The documents in filing order, named, with the print files and `ho-so.pdf` last.
    fn finish(self, complete: &Complete, ident: &str) -> Result<Vec<Document>, RenderError> {
        let d = &self.checked.dossier;
        let mut taken = HashSet::new();
        let mut unique = |stem: &str| {
            let stem = vi::slug::bounded(stem, MAX_STEM);
            let mut name = format!("{stem}.pdf");
            for k in 2.. {
                if taken.insert(name.clone()) {
                    break;
                }
                name = format!("{stem}-{k}.pdf");
            }
            name
        };
        let mut documents = Vec::new();
        // Plan index → place in `documents`, for the print files to go after theirs.
        let mut placed = Vec::new();
        for (k, (p, cut)) in self.plan.iter().zip(self.cut).enumerate() {
            let (pdf, fields, pages) =
                cut.ok_or_else(|| cut_failed(&p.form.id)("a document was never laid out".into()))?;
            placed.push(documents.len());
            if !self.each && self.groups.iter().any(|(_, range, _)| range.contains(&k)) {
                continue;
            }
            documents.push(Document {
                form: Some(p.form.id.clone()),
                nominee: p.view.nominee.map(|i| d.nominees[i].id.clone()),
                file_name: unique(&p.view.file_stem),
                title: p.view.bookmark.clone(),
                pdf,
                pages,
                fields,
                gathers: Vec::new(),
                nominees: Vec::new(),
            });
        }
        // Each print file goes right after the documents it gathers (or where they would be).
        for (stem, range, file) in self.groups.into_iter().rev() {
            let p = &self.plan[range.start];
            let mut meta = p.view.meta.clone();
            meta.title =
                format!("{} ({} bản, tệp in)", sentence_start(&p.form.meta.title), vi::pad2(range.len() as u64));
            let pages = file.page_count();
            let pdf =
                file.finish(&meta, &format!("{}/all", p.view.ident), &[], None).map_err(cut_failed(&p.form.id))?;
            let at = placed.get(range.end).copied().unwrap_or(documents.len());
            let (gathers, nominees) = if self.each {
                (documents[placed[range.start]..at].iter().map(|x| x.file_name.clone()).collect(), Vec::new())
            } else {
                let nominee =
                    |k: usize| self.plan[k].view.nominee.map(|i| d.nominees[i].id.clone()).unwrap_or_default();
                (Vec::new(), range.clone().map(nominee).collect())
            };
            documents.insert(
                at,
                Document {
                    form: Some(p.form.id.clone()),
                    nominee: None,
                    file_name: unique(&stem),
                    title: meta.title.clone(),
                    pdf,
                    pages,
                    fields: Vec::new(),
                    gathers,
                    nominees,
                },
            );
        }
        if let Some(assembled) = self.complete {
            let pages = assembled.page_count();
            let pdf = assembled.finish(&complete.meta, ident, &[], None).map_err(cut_failed(COMPLETE))?;
            documents.push(Document {
                form: None,
                nominee: None,
                file_name: COMPLETE_FILE.into(),
                title: complete.meta.title.clone(),
                pages,
                pdf,
                fields: Vec::new(),
                gathers: Vec::new(),
                nominees: Vec::new(),
            });
        }
        Ok(documents)
    }
}
