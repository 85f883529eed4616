//! A problem found in a dossier: where it is (a JSON path), what is wrong, and how to fix it.
//!
//! Every step of the pipeline collects problems instead of stopping at the first one, so a
//! clerk sees the whole list for a dossier at once.

use std::fmt;

use serde::Serialize;

use crate::messages::{Lang, Text};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For information: nothing to fix (e.g. the file is in an older format, read as the current).
    Note,
    /// Rendering goes on, but a clerk should look (e.g. a superseded form).
    Warning,
    /// The dossier cannot be rendered until this is fixed.
    Error,
}

/// One thing wrong with a dossier, pointing at the data that causes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// JSON path of the offending value, e.g. `nominees[3].birth_date`; empty for the whole file.
    pub path: String,
    /// What kind of problem it is, in every language: the catalogue key of the message (e.g.
    /// `date.not-real`), for programs that react to one kind of problem.
    pub code: String,
    /// What is wrong, naming the offending value where there is one, in [`Problem::lang`].
    pub message: String,
    /// How to fix it, when there is something useful to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The place in words, as a clerk reads the dossier, e.g. "người được đề nghị thứ 4 (Trần
    /// Văn Bình), ngày sinh" (positions count from 1 there, from 0 in `path`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The line (from 1) of the value in the dossier file, when the problem came from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The column (from 1, in characters) of the value on that line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The language `message`, `hint` and `place` are in (Vietnamese unless translated with
    /// [`Problems::in_language`]).
    #[serde(skip)]
    pub lang: Lang,
    #[serde(skip)]
    text: Option<Text>,
    #[serde(skip)]
    hint_text: Option<Text>,
    #[serde(skip)]
    places: Option<Box<[String; 2]>>,
}

impl Problem {
    /// An error at `path`.
    pub fn error(path: impl Into<String>, message: Text) -> Self {
        Self::said(Severity::Error, path.into(), message)
    }

    /// A warning at `path`.
    pub fn warning(path: impl Into<String>, message: Text) -> Self {
        Self::said(Severity::Warning, path.into(), message)
    }

    /// A note at `path`.
    pub fn note(path: impl Into<String>, message: Text) -> Self {
        Self::said(Severity::Note, path.into(), message)
    }

    fn said(severity: Severity, path: String, message: Text) -> Self {
        Self {
            severity,
            path,
            code: message.key().to_string(),
            message: message.render(Lang::Vi),
            text: Some(message),
            ..Self::blank()
        }
    }

    /// A problem with nothing said yet.
    fn blank() -> Self {
        Self {
            severity: Severity::Error,
            path: String::new(),
            message: String::new(),
            hint: None,
            place: None,
            line: None,
            column: None,
            code: String::new(),
            lang: Lang::Vi,
            text: None,
            hint_text: None,
            places: None,
        }
    }

    /// The same problem with a hint attached.
    pub fn with_hint(mut self, hint: Text) -> Self {
        self.hint(hint);
        self
    }

    /// The same problem said in `lang`: message, hint and place.
    pub fn in_language(mut self, lang: Lang) -> Self {
        self.translate(lang);
        self
    }

    fn translate(&mut self, lang: Lang) {
        if let Some(t) = &self.text {
            self.message = t.render(lang);
        }
        if let Some(t) = &self.hint_text {
            self.hint = Some(t.render(lang));
        }
        if let Some(places) = &self.places {
            self.place = Some(places[usize::from(lang == Lang::En)].clone());
        }
        self.lang = lang;
    }

    /// Set the place in words, in Vietnamese and in English.
    pub(crate) fn set_places(&mut self, vi: String, en: String) {
        self.place = Some(if self.lang == Lang::En { en.clone() } else { vi.clone() });
        self.places = Some(Box::new([vi, en]));
    }

    /// Whether this problem blocks rendering.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    /// The problem as the command line prints it, labels in [`Problem::lang`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = |t: Text| t.render(self.lang);
        let label = word(match self.severity {
            Severity::Error => crate::t!("label.error"),
            Severity::Warning => crate::t!("label.warning"),
            Severity::Note => crate::t!("label.note"),
        });
        if self.path.is_empty() {
            write!(f, "{label}: {}", self.message)?;
        } else {
            write!(f, "{label}: {}: {}", self.path, self.message)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  {}: {hint}", word(crate::t!("label.hint")))?;
        }
        let at = word(crate::t!("label.at"));
        match (self.line, self.column, &self.place) {
            (Some(l), Some(c), Some(place)) => {
                write!(f, "\n  {at}: {}: {place}", word(crate::t!("label.line-column", line = l, column = c)))?;
            }
            (Some(l), Some(c), None) => {
                write!(f, "\n  {at}: {}", word(crate::t!("label.line-column", line = l, column = c)))?
            }
            (_, _, Some(place)) => write!(f, "\n  {at}: {place}")?,
            _ => {}
        }
        Ok(())
    }
}

/// The problems found so far in one dossier, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Record one problem.
    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    /// Record an error at `path`.
    pub fn error(&mut self, path: impl Into<String>, message: Text) -> &mut Problem {
        self.0.push(Problem::error(path, message));
        self.0.last_mut().expect("just pushed")
    }

    /// Record a warning at `path`.
    pub fn warning(&mut self, path: impl Into<String>, message: Text) -> &mut Problem {
        self.0.push(Problem::warning(path, message));
        self.0.last_mut().expect("just pushed")
    }

    /// Record a note at `path`.
    pub fn note(&mut self, path: impl Into<String>, message: Text) -> &mut Problem {
        self.0.push(Problem::note(path, message));
        self.0.last_mut().expect("just pushed")
    }

    /// The same problems said in `lang` (they are found in Vietnamese): messages, hints,
    /// places and the labels the command line prints.
    pub fn in_language(mut self, lang: Lang) -> Self {
        self.0.iter_mut().for_each(|p| p.translate(lang));
        self
    }

    /// Rewrite every problem's path with `f` (e.g. back to where an older format has it).
    pub fn map_paths(&mut self, f: impl Fn(&str) -> String) {
        for p in &mut self.0 {
            p.path = f(&p.path);
        }
    }

    /// Change every problem in place.
    pub(crate) fn for_each_mut(&mut self, f: impl FnMut(&mut Problem)) {
        self.0.iter_mut().for_each(f);
    }

    /// Take over another list's problems.
    pub fn extend(&mut self, other: Problems) {
        self.0.extend(other.0);
    }

    /// Whether any problem blocks rendering.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Problem::is_error)
    }

    /// Whether nothing was found at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems, in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.0.iter()
    }

    /// Only the warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(|p| p.severity == Severity::Warning)
    }
}

impl Problem {
    /// Set the hint in place (for chaining on [`Problems::error`]).
    pub fn hint(&mut self, hint: Text) -> &mut Self {
        self.hint = Some(hint.render(self.lang));
        self.hint_text = Some(hint);
        self
    }
}

impl IntoIterator for Problems {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl std::error::Error for Problems {}

impl FromIterator<Problem> for Problems {
    fn from_iter<I: IntoIterator<Item = Problem>>(iter: I) -> Self {
        let mut out = Problems::new();
        for p in iter {
            out.push(p);
        }
        out
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.0 {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}

/// A JSON path under construction: `nominees[3].birth_date`.
pub fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") }
}

/// A JSON path for an array element: `nominees[3]`.
pub fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}
