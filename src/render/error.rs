//! How a render fails: the stage that failed and what Typst or the cut said. A render never
//! fails for the data's sake (the check finds those problems first); a failure is a bug in a
//! form or in hoso, or a render that was cancelled.

use std::fmt;

use crate::typeset::Diagnostic;

/// The name of the complete dossier in errors (it has no form of its own).
pub(crate) const COMPLETE: &str = "ho-so";

/// The stage of a render that failed (see [the pipeline](crate#the-pipeline)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
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
#[non_exhaustive]
pub enum RenderError {
    /// `only` named a form that does not exist.
    UnknownForm(String),
    /// The render was stopped by [`super::RenderOptions::cancel`].
    Cancelled,
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
            RenderError::Cancelled => crate::cancel::Cancelled.fmt(f),
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
pub(crate) fn failed(stage: Stage, form: &str) -> impl FnOnce(Vec<Diagnostic>) -> RenderError {
    let form = form.to_string();
    move |errors| RenderError::Failed { stage, form, errors }
}

/// A cut's failure (one message, no location).
pub(crate) fn cut_failed(form: &str) -> impl FnOnce(String) -> RenderError {
    let form = form.to_string();
    move |message| RenderError::Failed {
        stage: Stage::Cut,
        form,
        errors: vec![Diagnostic { location: String::new(), message, hints: vec![] }],
    }
}
