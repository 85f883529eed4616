//! A render, stage by stage. [`crate::Engine::render_with`] runs them in this order, and the
//! code reads as the list:
//!
//! 1. **plan** — the documents to make: the views the check built, or only one form's;
//! 2. **views** — the complete dossier as one view: every document in filing order with the
//!    evidence after each report (`view/bundle.rs`);
//! 3. **layout** — Typst lays the whole dossier out once; the pages say where each document
//!    starts and where each signer signs (`render/layout.rs`);
//! 4. **export** — the laid-out dossier becomes one PDF/A-2b, `ho-so.pdf`
//!    (`export.rs`);
//! 5. **cut** — that PDF is parsed once (`cut.rs`);
//! 6. **documents** — each document is cut out of it with its own metadata, bookmark,
//!    signature fields and (with `stamp`) images, and named;
//! 7. **manifest** — what was made from what ([`crate::manifest`]).

pub(crate) mod layout;

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::check::Checked;
use crate::cut::{Cutter, Slice};
use crate::engine::Engine;
use crate::form::Form;
use crate::manifest::Manifest;
use crate::sign::{Field, field};
use crate::typeset::Diagnostic;
use crate::vi;
use crate::view::{self, View, bundle::Bundle, sentence_start};
use crate::{export, output};

/// File name of the complete dossier.
pub const DOSSIER_FILE: &str = "ho-so.pdf";

/// File name of the manifest written beside the documents.
pub const MANIFEST_FILE: &str = "manifest.json";

/// The name of the complete dossier in errors (it has no form of its own).
const BUNDLE: &str = "ho-so";

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions<'a> {
    /// Only this form's documents, and no complete dossier.
    pub only: Option<&'a str>,
    /// Lay the signature and seal images onto the pages (visually signed copies).
    pub stamp: bool,
}

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
    /// file names of the documents it prints, in order; empty for every other document.
    pub gathers: Vec<String>,
}

/// Everything one render produced: the documents and the manifest describing them.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The documents in filing order; the complete dossier last (unless `only`).
    pub documents: Vec<Document>,
    /// What `manifest.json` says: each document's form, version, file, pages, SHA-256 and
    /// signature fields; the evidence; the warnings; the input key.
    pub manifest: Manifest,
}

impl Rendered {
    /// Every file of the render as (file name, bytes), in writing order: the documents, then
    /// `manifest.json`.
    pub fn files(&self) -> impl Iterator<Item = (&str, Cow<'_, [u8]>)> {
        let docs = self.documents.iter().map(|d| (d.file_name.as_str(), Cow::Borrowed(d.pdf.as_slice())));
        docs.chain(std::iter::once((MANIFEST_FILE, Cow::Owned(self.manifest.to_json()))))
    }

    /// Write every file into `dir`, each atomically (temporary file, then rename); returns
    /// the paths written.
    pub fn write(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let files: Vec<(&str, Cow<[u8]>)> = self.files().collect();
        output::write_all(dir, files.iter().map(|(n, b)| (*n, b.as_ref())))
    }

    /// Total pages of every document (the complete dossier included).
    pub fn pages(&self) -> usize {
        self.documents.iter().map(|d| d.pages).sum()
    }
}

/// The stage of a render that failed (see [`crate::render`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Typst could not lay a template out: a bug in a form.
    Layout,
    /// The laid-out pages could not become PDF/A: a bug in a form (an image, a font).
    Export,
    /// A document could not be cut out of the complete PDF: a bug in hoso.
    Cut,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Layout => "layout",
            Stage::Export => "PDF export",
            Stage::Cut => "cutting the documents",
        })
    }
}

/// Why a checked dossier was not rendered. Never the data's fault: data problems are found
/// by the check, before any render.
#[derive(Debug)]
pub enum RenderError {
    /// `only` named a form that does not exist.
    UnknownForm(String),
    /// A stage failed: a bug in a form or in hoso, not in the data.
    Failed {
        /// Where it failed.
        stage: Stage,
        /// The form concerned ("ho-so" for the complete dossier).
        form: String,
        /// What Typst or the cut said, located in the template files where known.
        errors: Vec<Diagnostic>,
    },
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::UnknownForm(id) => write!(f, "no form named \"{id}\" (see `hoso forms`)"),
            RenderError::Failed { stage, form, errors } => {
                writeln!(f, "{stage} failed for form \"{form}\":")?;
                for e in errors {
                    writeln!(f, "  {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for RenderError {}

/// A stage's failure for `form`.
fn failed(stage: Stage, form: &str) -> impl FnOnce(Vec<Diagnostic>) -> RenderError {
    let form = form.to_string();
    move |errors| RenderError::Failed { stage, form, errors }
}

/// A cut's failure (one message, no location).
fn cut_failed(form: &str) -> impl FnOnce(String) -> RenderError {
    let form = form.to_string();
    move |message| RenderError::Failed {
        stage: Stage::Cut,
        form,
        errors: vec![Diagnostic { location: String::new(), message, hints: vec![] }],
    }
}

/// One document to render: its form and its view.
pub(crate) struct Planned<'a> {
    /// The form (the version chosen for the dossier's date).
    pub form: &'a Form,
    /// The view its template reads.
    pub view: &'a View,
}

/// Render `checked` with `engine`, stage by stage.
pub(crate) fn render(engine: &Engine, checked: &Checked, options: &RenderOptions) -> Result<Rendered, RenderError> {
    let d = &checked.dossier;
    let plan = plan(engine, checked, options.only)?;
    let evidence = if options.only.is_none() { checked.evidence.as_slice() } else { &[] };
    let bundle = view::bundle::view(d, plan.iter().map(|p| (p.form.id.as_str(), p.view)), evidence, &checked.emblems);
    let layout = layout::lay_out(engine.base(), &bundle, d.date()).map_err(failed(Stage::Layout, BUNDLE))?;
    let ident = format!("hoso/dossier/{}/{}/{}", d.agency.abbreviation, d.date().iso(), d.number().unwrap_or_default());
    let pdf = export::pdf(&layout.doc, &ident, d.date()).map_err(failed(Stage::Export, BUNDLE))?;
    let cutter = Cutter::parse(&pdf).map_err(cut_failed(BUNDLE))?;
    let mut documents = documents(&plan, &bundle, &layout, &cutter, checked, options.stamp)?;
    if options.only.is_none() {
        documents.push(Document {
            form: None,
            nominee: None,
            file_name: DOSSIER_FILE.into(),
            title: bundle.meta.title.clone(),
            pages: layout.page_count(),
            pdf,
            fields: Vec::new(),
            gathers: Vec::new(),
        });
    }
    let manifest = Manifest::new(&plan, &documents, checked, engine.render_key(checked, options));
    Ok(Rendered { documents, manifest })
}

/// Stage 1: the documents to make, in filing order: all the check planned, or `only`'s.
fn plan<'a>(engine: &'a Engine, checked: &'a Checked, only: Option<&str>) -> Result<Vec<Planned<'a>>, RenderError> {
    let catalog = engine.catalog();
    if let Some(id) = only
        && catalog.get(id).is_none()
    {
        return Err(RenderError::UnknownForm(id.to_string()));
    }
    Ok(checked
        .views
        .iter()
        .filter(|(id, _)| only.is_none_or(|o| o == id))
        .filter_map(|(id, view)| Some(Planned { form: catalog.get(id)?, view }))
        .collect())
}

/// Stage 6: each planned document cut out of the complete PDF, with its signature fields
/// (and, with `stamp`, its images drawn), under a file name no other document has.
fn documents(
    plan: &[Planned],
    bundle: &Bundle,
    layout: &layout::Layout,
    cutter: &Cutter,
    checked: &Checked,
    stamp: bool,
) -> Result<Vec<Document>, RenderError> {
    let d = &checked.dossier;
    let seal = d.agency.seal_image.as_deref();
    let mut taken = HashSet::new();
    let mut documents = Vec::new();
    let mut unique = |stem: &str| {
        let mut name = format!("{stem}.pdf");
        for k in 2.. {
            if taken.insert(name.clone()) {
                break;
            }
            name = format!("{stem}-{k}.pdf");
        }
        name
    };
    let cut = |pages: std::ops::RangeInclusive<usize>, meta: &view::Meta, ident: &str, form: &str| {
        let fields = field::fields(&layout.spots, &pages, &layout.heights, &checked.images, seal);
        let slice = Slice { pages, meta };
        let pdf = cutter.cut(&slice, ident, &fields, stamp.then_some(&checked.images)).map_err(cut_failed(form))?;
        Ok::<_, RenderError>((pdf, fields))
    };
    // Documents printed together (a decision's certificates) also make one combined file,
    // cut from the first page of the first to the last page of the last.
    // (file stem, first page, last page, the first document's plan entry and index)
    let mut group: Option<(String, usize, usize, &Planned, usize)> = None;
    let mut combined = Vec::new();
    for (k, (p, &section)) in plan.iter().zip(&bundle.document_sections).enumerate() {
        let pages = layout.pages_of(section);
        let (first, last) = (*pages.start(), *pages.end());
        let (pdf, fields) = cut(pages.clone(), &p.view.meta, &p.view.ident, &p.form.id)?;
        documents.push(Document {
            form: Some(p.form.id.clone()),
            nominee: p.view.nominee.map(|i| d.nominees[i].id.clone()),
            file_name: unique(&p.view.file_stem),
            title: p.view.bookmark.clone(),
            pdf,
            pages: pages.count(),
            fields,
            gathers: Vec::new(),
        });
        match (&mut group, &p.view.group) {
            (Some((stem, _, end, _, _)), Some(g)) if stem == g => *end = last,
            (_, g) => {
                if let Some(done) = group.take() {
                    combined.push((k, done));
                }
                group = g.clone().map(|g| (g, first, last, p, k));
            }
        }
    }
    if let Some(done) = group.take() {
        combined.push((plan.len(), done));
    }
    // Each combined file goes right after the documents it gathers.
    for (at, (stem, first, last, p, start)) in combined.into_iter().rev() {
        let count = at - start;
        let mut meta = p.view.meta.clone();
        meta.title = format!("{} ({} bản, tệp in)", sentence_start(&p.form.meta.title), vi::pad2(count as u64));
        let ident = format!("{}/all", p.view.ident);
        let (pdf, _) = cut(first..=last, &meta, &ident, &p.form.id)?;
        let gathers = documents[start..at].iter().map(|x| x.file_name.clone()).collect();
        documents.insert(
            at,
            Document {
                form: Some(p.form.id.clone()),
                nominee: None,
                file_name: unique(&stem),
                title: meta.title.clone(),
                pdf,
                pages: last - first + 1,
                fields: Vec::new(),
                gathers,
            },
        );
    }
    Ok(documents)
}
