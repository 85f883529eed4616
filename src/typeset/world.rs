//! The Typst world: one shared [`Base`] and a cheap [`DocWorld`] per document.
//!
//! The project root is the forms folder: `/_common/nd30.typ`, `/to-trinh/main.typ`, … Each
//! document's data is the virtual file `/data.json`, always at that one path (file ids are
//! interned for the whole process), and templates find it through the constant input
//! `sys.inputs.data`, so the library, and everything Typst memoises, is the same for all.

use std::collections::HashMap;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Dict, Duration, IntoValue};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::Fonts;
use crate::form::Catalog;

/// Virtual path of the per-document data file.
pub(crate) const DATA_PATH: &str = "/data.json";

/// Virtual path of the complete dossier's main file, generated from the catalog: it imports
/// every form's `document.typ` and lays out the sections listed in `/data.json` one after another.
pub(crate) const DOSSIER_PATH: &str = "/_dossier.typ";

/// The file id of [`DATA_PATH`], interned once.
static DATA_ID: LazyLock<FileId> = LazyLock::new(|| file_id(DATA_PATH).expect("valid virtual path"));

/// Intern a project path like "/to-trinh/main.typ".
pub(crate) fn file_id(path: &str) -> Option<FileId> {
    Some(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).ok()?).intern())
}

/// What every document shares: the library, the fonts, and every form file, parsed once.
pub(crate) struct Base {
    library: LazyHash<Library>,
    fonts: Fonts,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
}

impl Base {
    /// Load the library, take the fonts, and parse every `.typ` file of the catalog.
    pub fn new(catalog: &Catalog, fonts: Fonts) -> Self {
        let mut inputs = Dict::new();
        inputs.insert("data".into(), DATA_PATH.into_value());
        Self::with_inputs(catalog, fonts, inputs)
    }

    /// The forms folder as the stock `typst` CLI sees it: no inputs, so every template reads
    /// the `sample.json` beside it. Tests use it to prove each template stands alone.
    pub fn standalone(catalog: &Catalog, fonts: Fonts) -> Self {
        Self::with_inputs(catalog, fonts, Dict::new())
    }

    fn with_inputs(catalog: &Catalog, fonts: Fonts, inputs: Dict) -> Self {
        let library = LazyHash::new(Library::builder().with_inputs(inputs).build());
        let mut sources = HashMap::new();
        let mut files = HashMap::new();
        let id = file_id(DOSSIER_PATH).expect("valid virtual path");
        sources.insert(id, Source::new(id, dossier_source(catalog)));
        for (path, bytes) in catalog.files() {
            let Some(id) = file_id(&format!("/{path}")) else {
                continue;
            };
            if path.ends_with(".typ")
                && let Ok(text) = std::str::from_utf8(bytes)
            {
                sources.insert(id, Source::new(id, text.to_string()));
            }
            files.insert(id, Bytes::new(bytes.to_vec()));
        }
        Base { library, fonts, sources, files }
    }

    /// The fonts documents are set in.
    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }
}

/// The main file of the complete dossier: imports every form's `document.typ` (forms without
/// one are stand-alone only) and lays out the sections `/data.json` lists, in order.
pub(crate) fn dossier_source(catalog: &Catalog) -> String {
    let mut imports = String::from("#import \"/_common/nd30.typ\": *\n");
    let mut table = String::from("#let forms = (\n  \"_evidence\": evidence-page,\n");
    // Forms on their own sheet (the certificate) set it around their sections.
    let mut sheets = String::from("#let sheets = (\n");
    for (k, f) in catalog.forms().iter().enumerate() {
        if catalog.files().any(|(p, _)| p == format!("{}/document.typ", f.dir)) {
            imports.push_str(&format!("#import \"/{}/document.typ\": document as form-{k}\n", f.dir));
            table.push_str(&format!("  \"{}\": form-{k},\n", f.id));
            if let Some(s) = f.meta.page {
                sheets.push_str(&format!(
                    "  \"{}\": (width: {}mm, height: {}mm, margin: {}mm, header: none),\n",
                    f.id, s.width_mm, s.height_mm, s.margin_mm
                ));
            }
        }
    }
    table.push_str(")\n");
    sheets.push_str(")\n");
    format!(
        "{imports}{table}{sheets}#let d = json(sys.inputs.data)\n#show: setup.with(d.meta)\n#for (k, section) in d.sections.enumerate() {{\n  let piece = if type(section.data) == dictionary {{ section.data.at(\"piece\", default: none) }}\n  let body = {{\n    if piece == none or piece.from == 0 {{ part-start(section.bookmark, level: section.at(\"level\", default: 1), index: k) }} else {{ piece-start(piece, index: k) }}\n    (forms.at(section.form))(section.data)\n  }}\n  if section.form in sheets {{ set page(..sheets.at(section.form)); body }} else {{ body }}\n}}\n"
    )
}

/// One document's world: the shared base plus its main file, data, extra files and date.
pub(crate) struct DocWorld<'a> {
    base: &'a Base,
    main: FileId,
    data: Bytes,
    extra: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl<'a> DocWorld<'a> {
    /// A world that compiles `main` with `data` served at `/data.json` and `extra` files (the
    /// evidence pages) at their virtual paths; `today` is what Typst's `datetime.today()`
    /// answers (the document's date, never the clock).
    pub fn new(base: &'a Base, main: FileId, data: Vec<u8>, extra: Vec<(String, Bytes)>, today: Datetime) -> Self {
        let extra = extra.into_iter().filter_map(|(p, b)| Some((file_id(&p)?, b))).collect();
        DocWorld { base, main, data: Bytes::new(data), extra, today }
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.base.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.base.fonts.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.base.sources.get(&id) {
            Some(s) => Ok(s.clone()),
            None if self.base.files.contains_key(&id) || self.extra.contains_key(&id) || id == *DATA_ID => {
                Err(FileError::NotSource)
            }
            None => Err(FileError::NotFound(id.get().vpath().get_with_slash().into())),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == *DATA_ID {
            return Ok(self.data.clone());
        }
        if let Some(b) = self.extra.get(&id) {
            return Ok(b.clone());
        }
        self.base.files.get(&id).cloned().ok_or_else(|| FileError::NotFound(id.get().vpath().get_with_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.base.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
