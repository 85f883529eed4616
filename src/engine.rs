//! The [`Engine`]: forms, fonts and Typst's library loaded once, then any number of dossiers
//! checked and rendered through the whole pipeline. Thread-safe: share it by reference.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::dossier::{self, Dossier};
use crate::evidence::{self, Evidence};
use crate::form::{Catalog, CatalogError, Form, Part};
use crate::problem::{Problems, index, join};
use crate::typeset::{self, Base, Fonts, TemplateError, world::DOSSIER_PATH};
use crate::view::{self, View};
use crate::{cut, export, host, signature};

/// File name of the complete dossier.
pub const DOSSIER_FILE: &str = "ho-so.pdf";

/// Where the engine takes its forms and fonts from.
#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    /// A folder laid out like `forms/` to use instead of the compiled-in forms.
    pub forms_dir: Option<PathBuf>,
    /// Folders of extra fonts; none by default, so no host font is ever read unasked.
    pub font_dirs: Vec<PathBuf>,
}

/// Why an engine could not start.
#[derive(Debug)]
pub enum EngineError {
    /// The forms are broken (a bad `form.toml`, a form without `main.typ`).
    Forms(CatalogError),
    /// A font folder could not be read.
    Fonts(PathBuf, std::io::Error),
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::Forms(e) => write!(f, "{e}"),
            EngineError::Fonts(p, e) => write!(f, "cannot read fonts from {}: {e}", p.display()),
        }
    }
}

impl std::error::Error for EngineError {}

/// A dossier that passed every check, with what rendering needs besides the data.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The typed dossier. Renders use the views built when it was checked: a changed dossier
    /// must be checked again.
    pub dossier: Dossier,
    /// Problems that do not block rendering (a superseded form, say).
    pub warnings: Problems,
    /// Its evidence files, read from the dossier's folder.
    pub evidence: Vec<Evidence>,
    /// Its signature and seal images, by the path the dossier gives.
    pub images: std::collections::BTreeMap<String, crate::stamp::SignImage>,
    /// The views the check built (form id, view), in filing order, so a render does not
    /// build them again.
    views: Vec<(String, View)>,
    /// [`Engine::inputs_key`] of this dossier, computed once.
    key: String,
}

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
    /// Its empty signature fields (none in the complete dossier, which is filed, not signed).
    pub fields: Vec<signature::Field>,
}

/// Everything one render produced: the documents and the manifest describing them.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The documents in filing order; the complete dossier last (unless `--only`).
    pub documents: Vec<Document>,
    /// `manifest.json`: each document's form, version, file, pages and SHA-256; the evidence.
    pub manifest: Value,
}

/// File name of the manifest written beside the documents.
pub const MANIFEST_FILE: &str = "manifest.json";

impl Rendered {
    /// Write every document and `manifest.json` into `dir`, each atomically (temporary file,
    /// then rename); returns the paths written.
    pub fn write(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let manifest = serde_json::to_vec_pretty(&self.manifest).expect("manifests serialise");
        let files = self.documents.iter().map(|d| (d.file_name.as_str(), d.pdf.as_slice()));
        crate::output::write_all(dir, files.chain([(MANIFEST_FILE, manifest.as_slice())]))
    }

    /// Total pages of every document written (the complete dossier included).
    pub fn pages(&self) -> usize {
        self.documents.iter().map(|d| d.pages).sum()
    }
}

/// Why a dossier was not rendered.
#[derive(Debug)]
pub enum RenderError {
    /// The data is wrong: every problem, with its JSON path.
    Invalid(Problems),
    /// `--only` named a form that does not exist.
    UnknownForm(String),
    /// A template failed (a bug in a form, not in the data).
    Template {
        /// The form whose template failed ("ho-so" for the complete dossier).
        form: String,
        /// Typst's diagnostics, located in the template files.
        errors: Vec<TemplateError>,
    },
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Invalid(p) => write!(f, "{p}"),
            RenderError::UnknownForm(id) => write!(f, "no form named \"{id}\" (see `hoso forms`)"),
            RenderError::Template { form, errors } => {
                writeln!(f, "the template of form \"{form}\" failed:")?;
                for e in errors {
                    writeln!(f, "  {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for RenderError {}

/// One document to render: its form and its view.
#[derive(Debug, Clone)]
pub struct Planned<'a> {
    /// The form (the version chosen for the dossier's date).
    pub form: &'a Form,
    /// The view its template reads.
    pub view: View,
}

/// Forms, fonts and the Typst base, loaded once.
pub struct Engine {
    catalog: Catalog,
    base: Base,
    fingerprint: String,
}

impl Engine {
    /// An engine with the compiled-in forms and fonts.
    pub fn new() -> Result<Self, EngineError> {
        Self::with_options(&EngineOptions::default())
    }

    /// An engine with forms and extra fonts taken from where `options` say.
    pub fn with_options(options: &EngineOptions) -> Result<Self, EngineError> {
        let catalog = match &options.forms_dir {
            Some(dir) => Catalog::from_dir(dir),
            None => Catalog::embedded(),
        }
        .map_err(EngineError::Forms)?;
        let mut extra = Vec::new();
        for dir in &options.font_dirs {
            extra.extend(host::font_files(dir).map_err(|e| EngineError::Fonts(dir.clone(), e))?);
        }
        let mut h = String::from(env!("CARGO_PKG_VERSION"));
        for (path, bytes) in catalog.files() {
            h.push_str(&format!("\n{path} {}", evidence::sha256(bytes)));
        }
        for f in &extra {
            h.push_str(&format!("\nfont {}", evidence::sha256(f)));
        }
        let fingerprint = evidence::sha256(h.as_bytes());
        let base = Base::new(&catalog, Fonts::with_extra(extra));
        Ok(Engine { catalog, base, fingerprint })
    }

    /// The forms this engine renders.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// What decides the output besides the data: engine version, every form file and extra
    /// font (SHA-256, hex). Part of each render's input key.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The key of everything a render of `checked` depends on: the engine fingerprint, the
    /// dossier's data and its evidence files (computed once, when it was checked). Equal keys
    /// give byte-identical output, so a batch may skip a dossier whose last render has the
    /// same key.
    pub fn inputs_key(&self, checked: &Checked) -> String {
        checked.key.clone()
    }

    /// [`Engine::inputs_key`] together with the render options that change the output
    /// (`only`, `stamp`): the key a manifest records.
    pub fn render_key(&self, checked: &Checked, options: &RenderOptions) -> String {
        if options.only.is_none() && !options.stamp {
            return checked.key.clone();
        }
        let with = format!("{}\nonly {:?}\nstamp {}", checked.key, options.only, options.stamp);
        evidence::sha256(with.as_bytes())
    }

    fn key_of(&self, d: &Dossier, evidence: &[Evidence]) -> String {
        let data = serde_json::to_string(d).expect("dossiers serialise");
        let mut h = format!("{}\n{}", self.fingerprint, evidence::sha256(data.as_bytes()));
        for e in evidence {
            h.push_str(&format!("\n{} {}", e.path, e.sha256));
        }
        evidence::sha256(h.as_bytes())
    }

    /// Check a dossier file: read it (through [`host`]) and check it, evidence resolved
    /// against its folder. An unreadable file is an `Err` of the I/O error.
    pub fn check_file(&self, path: &Path) -> std::io::Result<Result<Checked, Problems>> {
        let text = host::read_text(path)?;
        let dir = path.parent().map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p });
        Ok(self.check_in(&text, dir))
    }

    /// Check dossier text that has no folder (evidence paths cannot be resolved).
    pub fn check(&self, text: &str) -> Result<Checked, Problems> {
        self.check_in(text, None)
    }

    /// Load, validate and cross-check dossier text, including what only the forms can tell
    /// (wording overrides, form versions) and the evidence in `dir`. Every problem is
    /// returned at once.
    pub fn check_in(&self, text: &str, dir: Option<&Path>) -> Result<Checked, Problems> {
        let (value, found) = dossier::load(text, self.base.fonts())?;
        let valid = dossier::validate(value, found)?;
        let mut problems = valid.warnings;
        let d = valid.dossier;
        self.check_names(&d, &mut problems);
        let evidence = evidence::load(&d, dir, &mut problems);
        let images = crate::stamp::load(&d, dir, &mut problems);
        let views = self.plan(&d, &mut problems).into_iter().map(|p| (p.form.id.clone(), p.view)).collect();
        if problems.has_errors() {
            return Err(problems);
        }
        let key = self.key_of(&d, &evidence);
        Ok(Checked { dossier: d, warnings: problems, evidence, images, views, key })
    }

    /// Wording keys and form names the dossier gives must exist.
    fn check_names(&self, d: &Dossier, problems: &mut Problems) {
        let keys: Vec<&str> =
            self.catalog.forms().iter().flat_map(|f| f.meta.wording.keys().map(String::as_str)).collect();
        for key in d.wording.keys() {
            if !keys.contains(&key.as_str()) {
                let p = problems.error(join("wording", key), "is not a wording key of any form");
                match crate::dossier::shape::closest(key, keys.iter().copied()) {
                    Some(c) => p.hint(format!("did you mean `{c}`?")),
                    None => p.hint(format!("the keys are: {}", keys.join(", "))),
                };
            }
        }
        for (i, id) in d.forms.iter().enumerate() {
            if self.catalog.get(id).is_none() {
                let ids: Vec<&str> = self.catalog.forms().iter().map(|f| f.id.as_str()).collect();
                let p = problems.error(index("forms", i), format!("\"{id}\" is not a form"));
                match crate::dossier::shape::closest(id, ids.iter().copied()) {
                    Some(c) => p.hint(format!("did you mean \"{c}\"?")),
                    None => p.hint(format!("the forms are: {}", ids.join(", "))),
                };
            }
        }
    }

    /// The form chosen for each part and the views of every document, in filing order: the
    /// letter with its list, the minutes, one report per nominee in list order. Problems
    /// (and warnings about superseded forms) are recorded, not returned.
    pub fn plan(&self, d: &Dossier, problems: &mut Problems) -> Vec<Planned<'_>> {
        let mut out = Vec::new();
        for part in [Part::Proposal, Part::Minutes, Part::Report] {
            let Some((form, warning)) = self.catalog.select(part, d.proposal.date.0, &d.forms) else { continue };
            if let Some(w) = warning {
                problems.warning(if d.forms.contains(&form.id) { "forms" } else { "proposal.date" }, w);
            }
            let views = self.views_of(d, &form.id, problems).unwrap_or_default();
            out.extend(views.into_iter().map(|view| Planned { form, view }));
        }
        out
    }

    /// The views one form (any version) makes of this dossier, whatever its date: one for a
    /// per-dossier form, one per nominee for a report form. `None` for an unknown form.
    pub fn views_of(&self, d: &Dossier, id: &str, problems: &mut Problems) -> Option<Vec<View>> {
        let form = self.catalog.get(id)?;
        Some(match form.meta.part {
            Part::Proposal => view::proposal::view(d, form, problems).into_iter().collect(),
            Part::Minutes => view::minutes::view(d, form, problems).into_iter().collect(),
            Part::Report => view::list_order(d)
                .into_iter()
                .enumerate()
                .filter_map(|(k, i)| view::report::view(d, form, i, k, problems))
                .collect(),
        })
    }

    /// Render a checked dossier in memory: every document in filing order and the complete
    /// dossier `ho-so.pdf` with its bookmarks and evidence, plus the manifest; or, with
    /// `only`, that form's documents alone.
    ///
    /// The dossier is laid out and exported once, as the complete file; each document is then
    /// cut out of that PDF with its own metadata and signature fields ([`cut`]).
    pub fn render(&self, checked: &Checked, only: Option<&str>) -> Result<Rendered, RenderError> {
        self.render_with(checked, &RenderOptions { only, stamp: false })
    }

    /// [`Engine::render`] with every option: `stamp` also lays the dossier's signature and seal
    /// images onto the pages, where the manifest says they go.
    pub fn render_with(&self, checked: &Checked, options: &RenderOptions) -> Result<Rendered, RenderError> {
        let only = options.only;
        let d = &checked.dossier;
        if let Some(id) = only
            && self.catalog.get(id).is_none()
        {
            return Err(RenderError::UnknownForm(id.to_string()));
        }
        let plan: Vec<Planned> = checked
            .views
            .iter()
            .filter_map(|(id, view)| Some(Planned { form: self.catalog.get(id)?, view: view.clone() }))
            .collect();
        let selected: Vec<&Planned> = plan.iter().filter(|p| only.is_none_or(|id| id == p.form.id)).collect();
        let parts: Vec<(&str, &View)> = selected.iter().map(|p| (p.form.id.as_str(), &p.view)).collect();
        let evidence = if only.is_none() { checked.evidence.as_slice() } else { &[] };
        let whole = view::dossier::view(d, &parts, evidence);
        let template = |form: &str| {
            let form = form.to_string();
            move |errors| RenderError::Template { form, errors }
        };
        let bytes = serde_json::to_vec(&whole.data).expect("views are plain JSON");
        let paged = typeset::compile(&self.base, DOSSIER_PATH, bytes, whole.files, d.proposal.date)
            .map_err(template("ho-so"))?;
        let total = paged.pages().len();
        let mut starts: Vec<usize> = typeset::introspect::markers(&paged, "hoso-part").iter().map(|m| m.page).collect();
        starts.push(total + 1);
        let signatures = typeset::introspect::markers(&paged, "hoso-signature");
        let heights: Vec<f64> = paged.pages().iter().map(|p| p.frame.height().to_pt()).collect();

        // The whole is exported once; every document is cut out of that one PDF.
        let ident = format!(
            "hoso/dossier/{}/{}/{}",
            d.agency.abbreviation,
            d.proposal.date.iso(),
            d.proposal.number.0.unwrap_or_default()
        );
        let whole_pdf = export::pdf(&paged, &ident, d.proposal.date).map_err(template("ho-so"))?;
        let whole_cut = cut::Whole::parse(&whole_pdf).map_err(|e| cut_failed("ho-so", e))?;
        let seal = d.agency.seal_image.as_deref().and_then(|f| checked.images.get(f).map(|img| (f, img)));
        let stamp = options.stamp.then_some(&checked.images);
        let mut documents = Vec::new();
        let mut taken = std::collections::HashSet::new();
        for (p, &part) in selected.iter().zip(&whole.doc_parts) {
            let pages = starts[part]..=starts[part + 1] - 1;
            let meta = &p.view.data["meta"];
            let piece = cut::Part {
                pages: pages.clone(),
                title: meta["title"].as_str().unwrap_or_default(),
                subject: meta["subject"].as_str().unwrap_or_default(),
                keywords: meta["keywords"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|k| k.as_str().map(str::to_string))
                    .collect(),
            };
            let mut fields = signature::fields(&signatures, *pages.start(), *pages.end(), &heights);
            for f in &mut fields {
                let sig = f.image.as_deref().and_then(|file| checked.images.get(file).map(|img| (file, img)));
                let (s, sl) = crate::stamp::place(f, sig, if f.seal { seal } else { None });
                (f.signature_image, f.seal_image) = (s, sl);
            }
            let pdf = whole_cut.cut(&piece, &p.view.ident, &fields, stamp).map_err(|e| cut_failed(&p.form.id, e))?;
            let mut name = format!("{}.pdf", p.view.file_stem);
            for k in 2.. {
                if taken.insert(name.clone()) {
                    break;
                }
                name = format!("{}-{k}.pdf", p.view.file_stem);
            }
            documents.push(Document {
                form: Some(p.form.id.clone()),
                nominee: p.view.nominee.map(|i| d.nominees[i].id.clone()),
                file_name: name,
                title: p.view.bookmark.clone(),
                pdf,
                pages: pages.count(),
                fields,
            });
        }
        if only.is_none() {
            let title = whole.data["meta"]["title"].as_str().unwrap_or_default().to_string();
            documents.push(Document {
                form: None,
                nominee: None,
                file_name: DOSSIER_FILE.into(),
                title,
                pdf: whole_pdf,
                pages: total,
                fields: Vec::new(),
            });
        }
        let mut manifest = manifest(&plan, &documents, checked);
        manifest["inputs"] = json!(self.render_key(checked, options));
        Ok(Rendered { documents, manifest })
    }
}

/// A document that could not be cut out of the dossier's PDF (a bug, reported like a
/// template's).
fn cut_failed(form: &str, message: String) -> RenderError {
    RenderError::Template {
        form: form.to_string(),
        errors: vec![TemplateError { location: String::new(), message, hints: vec![] }],
    }
}

/// `manifest.json`: what was rendered from which form version, with checksums, and the
/// evidence included. No dates or paths of this machine, so it is reproducible too.
fn manifest(plan: &[Planned], documents: &[Document], checked: &Checked) -> Value {
    let docs: Vec<Value> = documents
        .iter()
        .map(|doc| {
            let form = doc.form.as_deref().and_then(|id| plan.iter().find(|p| p.form.id == id)).map(|p| p.form);
            json!({
                "file": doc.file_name,
                "title": doc.title,
                "form": doc.form,
                "version": form.map(|f| f.meta.legal_basis.clone()),
                "nominee": doc.nominee,
                "pages": doc.pages,
                "sha256": evidence::sha256(&doc.pdf),
                "signature_fields": doc.fields,
            })
        })
        .collect();
    let ev: Vec<Value> = checked
        .evidence
        .iter()
        .map(|e| json!({"nominee": checked.dossier.nominees[e.nominee].id, "file": e.path, "pages": e.pages.len(), "sha256": e.sha256}))
        .collect();
    json!({
        "generator": export::creator(),
        "documents": docs,
        "evidence": ev,
        "warnings": checked.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
    })
}
