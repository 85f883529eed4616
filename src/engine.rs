//! The [`Engine`]: forms, fonts and Typst's library loaded once, then any number of dossiers
//! checked and rendered through the whole pipeline. Thread-safe: share it by reference.

use std::fmt;
use std::path::PathBuf;

use crate::dossier::{self, Dossier, Valid};
use crate::form::{Catalog, CatalogError, Form, Part};
use crate::problem::{Problems, join};
use crate::typeset::{self, Base, Fonts, TemplateError};
use crate::view::{self, View};
use crate::{export, host};

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

/// One rendered document, in memory.
#[derive(Debug, Clone)]
pub struct Document {
    /// The form it was rendered from, e.g. "to-trinh".
    pub form: String,
    /// Its file name, e.g. "01-to-trinh.pdf".
    pub file_name: String,
    /// The PDF/A-2b file.
    pub pdf: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
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
        /// The form whose template failed.
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

/// Forms, fonts and the Typst base, loaded once.
pub struct Engine {
    catalog: Catalog,
    base: Base,
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
        let base = Base::new(&catalog, Fonts::with_extra(extra));
        Ok(Engine { catalog, base })
    }

    /// The forms this engine renders.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Load and validate dossier text, including what only the forms can tell (wording
    /// overrides that do not exist or do not render). Every problem is returned at once.
    pub fn check(&self, text: &str) -> Result<Valid, Problems> {
        let (value, found) = dossier::load(text, self.base.fonts())?;
        let mut valid = dossier::validate(value, found)?;
        let mut problems = std::mem::take(&mut valid.warnings);
        let keys: Vec<&str> = self
            .catalog
            .forms()
            .iter()
            .flat_map(|f| f.meta.wording.keys().map(String::as_str))
            .collect();
        for key in valid.dossier.wording.keys() {
            if !keys.contains(&key.as_str()) {
                let p = problems.error(join("wording", key), "is not a wording key of any form");
                match crate::dossier::shape::closest(key, keys.iter().copied()) {
                    Some(c) => p.hint(format!("did you mean `{c}`?")),
                    None => p.hint(format!("the keys are: {}", keys.join(", "))),
                };
            }
        }
        for form in self.catalog.forms() {
            self.view(&valid.dossier, form, &mut problems);
        }
        if problems.has_errors() {
            return Err(problems);
        }
        valid.warnings = problems;
        Ok(valid)
    }

    /// The view one form reads for this dossier; problems are recorded, not returned.
    pub fn view(&self, d: &Dossier, form: &Form, problems: &mut Problems) -> Option<View> {
        match form.meta.part {
            Part::Proposal => view::proposal(d, form, problems),
        }
    }

    /// Render every form (or only `only`) for a valid dossier, in filing order, in memory.
    pub fn render(&self, d: &Dossier, only: Option<&str>) -> Result<Vec<Document>, RenderError> {
        let forms: Vec<&Form> = match only {
            Some(id) => vec![
                self.catalog
                    .get(id)
                    .ok_or_else(|| RenderError::UnknownForm(id.to_string()))?,
            ],
            None => self.catalog.forms(),
        };
        let mut problems = Problems::new();
        let views: Vec<(&Form, View)> = forms
            .iter()
            .filter_map(|f| self.view(d, f, &mut problems).map(|v| (*f, v)))
            .collect();
        if problems.has_errors() {
            return Err(RenderError::Invalid(problems));
        }
        let mut docs = Vec::with_capacity(views.len());
        for (form, v) in views {
            let template = |errors| RenderError::Template {
                form: form.id.clone(),
                errors,
            };
            let data = serde_json::to_vec(&v.data).expect("views are plain JSON");
            let paged =
                typeset::compile(&self.base, &form.main_path(), data, v.date).map_err(template)?;
            let pdf = export::pdf(&paged, &v.ident, v.date).map_err(template)?;
            docs.push(Document {
                form: form.id.clone(),
                file_name: format!("{}.pdf", v.file_stem),
                pdf,
                pages: paged.pages().len(),
            });
        }
        Ok(docs)
    }
}
