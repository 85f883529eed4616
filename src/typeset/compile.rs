//! Compiling one document: view JSON in, laid-out pages or template errors out.

use std::fmt;

use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst_layout::PagedDocument;

use super::world::{Base, DocWorld, file_id};
use crate::vi::Date;

/// A diagnostic from Typst (or from cutting the PDF), located in a template file where known:
/// a bug in a form or in hoso, not a problem of the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Template file and position, e.g. "/to-trinh/main.typ:12:5", or empty when unknown.
    pub location: String,
    /// Typst's message.
    pub message: String,
    /// Typst's hints.
    pub hints: Vec<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            write!(f, "{}", self.message)?;
        } else {
            write!(f, "{}: {}", self.location, self.message)?;
        }
        for h in &self.hints {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

fn locate(world: &DocWorld, diag: &SourceDiagnostic) -> Diagnostic {
    let location = diag
        .span
        .id()
        .and_then(|id| {
            let path = id.get().vpath().get_with_slash().to_string();
            let source = world.source(id).ok()?;
            let range = world.range(diag.span)?;
            let (line, col) = source.lines().byte_to_line_column(range.start)?;
            Some(format!("{path}:{}:{}", line + 1, col + 1))
        })
        .unwrap_or_default();
    Diagnostic {
        location,
        message: diag.message.to_string(),
        hints: diag.hints.iter().map(|h| h.v.to_string()).collect(),
    }
}

/// Lay out the template at `main_path` (e.g. "/to-trinh/main.typ") with `data` as its
/// `/data.json` and `extra` files at their virtual paths, dated `date`. Warnings are treated
/// as errors: a template that warns (an unknown font, a missing glyph) would print something
/// a clerk did not ask for.
pub(crate) fn compile(
    base: &Base,
    main_path: &str,
    data: Vec<u8>,
    extra: Vec<(String, Bytes)>,
    date: Date,
) -> Result<PagedDocument, Vec<Diagnostic>> {
    let Some(main) = file_id(main_path) else {
        return Err(vec![Diagnostic {
            location: String::new(),
            message: format!("{main_path} is not a valid template path"),
            hints: vec![],
        }]);
    };
    let today = Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8).expect("a valid date");
    let world = DocWorld::new(base, main, data, extra, today);
    let warned = typst::compile::<PagedDocument>(&world);
    let warnings: Vec<Diagnostic> =
        warned.warnings.iter().filter(|d| d.severity == Severity::Warning).map(|d| locate(&world, d)).collect();
    match warned.output {
        Ok(doc) if warnings.is_empty() => Ok(doc),
        Ok(_) => Err(warnings),
        Err(errors) => Err(errors.iter().map(|d| locate(&world, d)).chain(warnings).collect()),
    }
}
