//! The [`Engine`]: forms, fonts and Typst's library loaded once, then any number of dossiers
//! checked ([`crate::check`]) and rendered ([`crate::render`]). Thread-safe: share it by
//! reference.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cancel::Cancel;
use crate::check::{self, Checked};
use crate::form::{Catalog, CatalogError, Form};
use crate::inputs::{self, Variant};
use crate::kit::Kit;
use crate::render::{self, RenderError, RenderOptions, Rendered};
use crate::typeset::{Base, Fonts};
use crate::{evidence, host, view};

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
#[non_exhaustive]
pub enum EngineError {
    /// The forms are broken (a bad `form.toml`, a form without `main.typ`): the message.
    Forms(String),
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

impl std::error::Error for EngineError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EngineError::Fonts(_, e) => Some(e),
            EngineError::Forms(_) => None,
        }
    }
}

impl From<CatalogError> for EngineError {
    fn from(e: CatalogError) -> Self {
        EngineError::Forms(e.0)
    }
}

/// The data one form's template reads for one document of a dossier (what `hoso view`
/// prints, and what a form's `sample.json` holds).
#[derive(Debug, Clone)]
pub struct TemplateData {
    /// The nominee a per-nominee document is about (their id).
    pub nominee: Option<String>,
    /// The JSON the template reads as `/data.json`.
    pub data: Value,
}

/// Forms, fonts and the Typst base, loaded once.
pub struct Engine {
    kit: Kit,
    extra_fonts: Vec<Vec<u8>>,
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
        }?;
        let mut extra_fonts = Vec::new();
        for dir in &options.font_dirs {
            extra_fonts.extend(host::font_files(dir).map_err(|e| EngineError::Fonts(dir.clone(), e))?);
        }
        let mut h = String::from(env!("CARGO_PKG_VERSION"));
        for (path, bytes) in catalog.files() {
            h.push_str(&format!("\n{path} {}", evidence::sha256(bytes)));
        }
        for f in &extra_fonts {
            h.push_str(&format!("\nfont {}", evidence::sha256(f)));
        }
        let fingerprint = evidence::sha256(h.as_bytes());
        let base = Base::new(&catalog, Fonts::with_extra(extra_fonts.clone()));
        Ok(Engine { kit: Kit::new(catalog, base, fingerprint), extra_fonts })
    }

    /// A starting dossier for the kind of unit `kind` (e.g. "truong"; [`Engine::unit_kinds`]),
    /// under form pack `pack` if given, with the guide to write beside it; an unknown kind or
    /// pack is said in words.
    pub fn starter(&self, kind: &str, pack: Option<&str>) -> Result<crate::Starter, crate::messages::Text> {
        crate::starter::starter(self.kit.catalog(), kind, pack)
    }

    /// The kinds of unit a starting dossier is made for, under `pack` if given: (the kind's
    /// name, e.g. "truong", what it is in Vietnamese).
    pub fn unit_kinds(&self, pack: Option<&str>) -> Vec<(String, String)> {
        crate::starter::kinds(self.kit.catalog(), pack)
    }

    /// The national law's data (`forms/_common/law/`): instruments, rules, who decides what.
    pub fn law(&self) -> &crate::law::Law {
        self.kit.catalog().laws(None).into_iter().next().expect("the national law is always there")
    }

    /// The form packs (a province's or ministry's forms and rules), by id.
    pub fn packs(&self) -> Vec<&crate::law::Pack> {
        self.kit.catalog().packs().collect()
    }

    /// The forms this engine renders, in filing order.
    pub fn forms(&self) -> Vec<&Form> {
        self.kit.catalog().forms()
    }

    /// The kit (for the benchmark's floor: Typst alone on the shared base).
    #[cfg(feature = "bench")]
    pub(crate) fn kit(&self) -> &Kit {
        &self.kit
    }

    /// The forms catalogue (the benchmark's stock-CLI runs; the lists' prize money reads its
    /// salary table).
    pub(crate) fn catalog(&self) -> &Catalog {
        self.kit.catalog()
    }

    /// What decides the output besides the data: engine version, every form file and extra
    /// font (SHA-256, hex). Part of each render's input key.
    pub fn fingerprint(&self) -> &str {
        self.kit.fingerprint()
    }

    /// The key of everything a render of `checked` with `options` depends on: the engine
    /// fingerprint, the dossier's data and evidence (hashed once, when it was checked), and
    /// the options that change the output (`only`, `stamp`). Equal keys give byte-identical
    /// output, so a batch may skip a dossier whose last render recorded the same key
    /// (see `inputs.rs` for the three keys).
    pub fn render_key(&self, checked: &Checked, options: &RenderOptions) -> String {
        inputs::render_key(&checked.key, Variant { only: options.only, stamp: options.stamp })
    }

    /// The key of a render's inputs as read (see [`crate::manifest::Raw`]): the engine
    /// fingerprint, `only` and `stamp`, `text_sha256` (of the dossier's text) and each
    /// (path, SHA-256) of `files`, the files read from its folder.
    pub fn raw_key(&self, options: &RenderOptions, text_sha256: &str, files: &[(String, String)]) -> String {
        let variant = Variant { only: options.only, stamp: options.stamp };
        inputs::raw_key(self.kit.fingerprint(), variant, text_sha256, files)
    }

    /// Check a dossier file: read it (through the host seam) and check it, evidence resolved
    /// against its folder. An unreadable file is an `Err` of the I/O error.
    pub fn check_file(&self, path: &Path) -> std::io::Result<Result<Checked, crate::Problems>> {
        let (text, note) = host::read_text_said(path)?;
        let dir = path.parent().map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p });
        let mut result = self.check_in(&text, dir);
        if let Some(note) = note {
            let problems = match &mut result {
                Ok(c) => &mut c.warnings,
                Err(p) => p,
            };
            problems.note("", note).hint(crate::t!("hint.save-as-utf8"));
        }
        Ok(result)
    }

    /// Check dossier text that has no folder (evidence paths cannot be resolved).
    pub fn check(&self, text: &str) -> Result<Checked, crate::Problems> {
        self.check_in(text, None)
    }

    /// Load, validate and cross-check dossier text, including what only the forms can tell
    /// (wording overrides, form versions) and the evidence and images in `dir`. Every problem
    /// is returned at once.
    pub fn check_in(&self, text: &str, dir: Option<&Path>) -> Result<Checked, crate::Problems> {
        check::check(&self.kit, text, dir, &Cancel::new())
    }

    /// [`Engine::check_in`] that gives up once `cancel` is set (between its steps: each
    /// evidence file and page, the validation, the views); the one problem then says so.
    pub fn check_cancellable(
        &self,
        text: &str,
        dir: Option<&Path>,
        cancel: &Cancel,
    ) -> Result<Checked, crate::Problems> {
        check::check(&self.kit, text, dir, cancel)
    }

    /// A draft of dossier `text` for the preview while problems remain: every stage of the check
    /// run (so every problem is listed at once), the documents that can be laid out planned;
    /// `Err` only when the text is no dossier of the format's shape. A draft
    /// ([`Checked::is_draft`]) is for showing the clerk, never for filing: [`Engine::check`]
    /// refuses the same text.
    /// `today` (the caller's date: hoso reads no clock) stands in for the dates not yet written.
    pub fn draft(
        &self,
        text: &str,
        dir: Option<&Path>,
        today: Option<crate::vi::Date>,
        cancel: &Cancel,
    ) -> Result<Checked, crate::Problems> {
        check::examine(&self.kit, text, dir, today, cancel)
    }

    /// Render a checked dossier in memory: every document in filing order and the complete
    /// dossier `ho-so.pdf` with its bookmarks and evidence, plus the manifest; or, with
    /// `only`, that form's documents alone.
    pub fn render(&self, checked: &Checked, only: Option<&str>) -> Result<Rendered, RenderError> {
        self.render_with(checked, &RenderOptions { only, ..RenderOptions::default() })
    }

    /// [`Engine::render`] with every option: `stamp` also lays the dossier's signature and seal
    /// images onto the pages, where the manifest says they go. See [the pipeline](crate#the-pipeline) for the
    /// stages.
    pub fn render_with(&self, checked: &Checked, options: &RenderOptions) -> Result<Rendered, RenderError> {
        render::render(&self.kit, checked, options)
    }

    /// The data form `form` (any version, whatever the dossier's date) gives its template for
    /// each of its documents of this dossier: one for a per-dossier form, one per nominee for
    /// a report form. `None` for an unknown form.
    pub fn template_data(&self, checked: &Checked, form: &str) -> Option<Vec<TemplateData>> {
        let mut problems = crate::Problems::new();
        let views = check::views_of(self.kit.catalog(), &checked.dossier, &checked.roster, form, &mut problems)?;
        Some(
            views
                .into_iter()
                .map(|v| TemplateData {
                    nominee: v.nominee.map(|i| checked.dossier.nominees[i].id.clone()),
                    data: v.data,
                })
                .collect(),
        )
    }

    /// The variables wording templates see for this dossier (`agency`, `award`, `counts`, …).
    pub fn wording_context(&self, checked: &Checked) -> Value {
        view::context(&checked.dossier, &checked.roster)
    }

    /// The organisation's signature information on an attachment (Decree 30, Phụ lục I
    /// II.8.b): `lines` (the document's number and symbol, the signing time) set by
    /// `forms/_common/chu-ky-kem-theo.typ` in Times New Roman's metric twin, 10 pt, black, as a
    /// one-page PDF/A whose page is exactly the text; `hoso sign --attachment` draws it as the
    /// signature's appearance.
    #[cfg(feature = "sign")]
    pub fn signature_text(&self, lines: &[String]) -> Result<Vec<u8>, String> {
        let data = serde_json::to_vec(&serde_json::json!({ "lines": lines })).expect("JSON");
        let date = crate::dossier::Date::from_ymd(2000, 1, 1).expect("a valid date");
        let show =
            |errors: Vec<crate::Diagnostic>| errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join("; ");
        let doc = crate::typeset::compile(self.kit.base(), "/_common/chu-ky-kem-theo.typ", data, Vec::new(), date)
            .map_err(show)?;
        crate::export::pdf(&doc, "chu-ky-kem-theo", date).map_err(show)
    }

    /// Compile form `form`'s `main.typ` as the stock `typst` CLI sees it (`--root` the forms
    /// folder, no inputs, so it reads the `sample.json` beside it), for template authors;
    /// returns its page count.
    pub fn compile_sample(&self, form: &str) -> Result<usize, RenderError> {
        let form = self.kit.catalog().get(form).ok_or_else(|| RenderError::UnknownForm(form.to_string()))?;
        let base = Base::standalone(self.kit.catalog(), Fonts::with_extra(self.extra_fonts.clone()));
        let date = crate::dossier::Date::from_ymd(2000, 1, 1).expect("a valid date");
        crate::typeset::compile(&base, &form.main_path(), Vec::new(), Vec::new(), date)
            .map(|doc| doc.pages().len())
            .map_err(|errors| RenderError::Failed { stage: render::Stage::Layout, form: form.id.clone(), errors })
    }
}
