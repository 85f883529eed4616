//! Pipeline steps 1–3 for one dossier: load, validate and cross-check it, read its evidence and
//! signature images, choose the form version of each part and build every document's view.
//! The result is a [`Checked`] dossier a render needs nothing else for.

use std::path::Path;

use crate::cancel::Cancel;
use crate::dossier::{self, Dossier};
use crate::evidence::{self, Evidence};
use crate::form::{Catalog, Form, Part};
use crate::inputs;
use crate::kit::Kit;
use crate::problem::{Problems, index, join};
use crate::sign::images::{self, Images};
use crate::view::{self, View};

/// A dossier that passed every check, with what rendering needs besides the data.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The typed dossier. Renders use the views built when it was checked: a changed dossier
    /// must be checked again.
    pub dossier: Dossier,
    /// Problems that do not block rendering (a superseded form, say).
    pub warnings: Problems,
    /// Its evidence files, read from the dossier's folder.
    pub(crate) evidence: Vec<Evidence>,
    /// The emblem images of its decisions' certificates: (decision index, kind, bytes).
    pub(crate) emblems: Vec<(usize, evidence::Kind, Vec<u8>)>,
    /// Its signature and seal images, by the path the dossier gives.
    pub(crate) images: Images,
    /// The documents to render, in filing order: the form chosen for each and its view.
    pub(crate) views: Vec<(String, View)>,
    /// The key of the data and evidence with the engine's fingerprint, computed once.
    pub(crate) key: String,
    /// What was read, as read: SHA-256 of the dossier's text, and every file read from its
    /// folder (evidence, emblems, signature and seal images) with its SHA-256, by the path the
    /// dossier gives. A batch compares these before checking anything ([`crate::manifest::Raw`]).
    pub(crate) read: (String, Vec<(String, String)>),
}

/// One document a render of a checked dossier writes, before it is rendered.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Planned {
    /// The form it is rendered from, e.g. "to-trinh".
    pub form: String,
    /// Its file name, e.g. "01-to-trinh.pdf".
    pub file: String,
    /// Its title in the complete dossier's bookmarks.
    pub title: String,
    /// The id of the nominee a report is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nominee: Option<String>,
}

impl Checked {
    /// The documents a render writes, in filing order (without the complete dossier), for a
    /// caller that shows one of them (the workbench's preview).
    pub fn outline(&self) -> Vec<Planned> {
        self.views
            .iter()
            .map(|(form, v)| Planned {
                form: form.clone(),
                file: format!("{}.pdf", v.file_stem),
                title: v.bookmark.clone(),
                nominee: v.nominee.map(|i| self.dossier.nominees[i].id.clone()),
            })
            .collect()
    }

    /// The evidence files the dossier names, as it names them.
    pub fn evidence_files(&self) -> impl Iterator<Item = &str> {
        self.evidence.iter().map(|e| e.path.as_str())
    }
}

/// Check dossier `text` whose folder (for evidence and images) is `dir`; `cancel` stops it
/// between steps (then the one problem says so).
pub(crate) fn check(kit: &Kit, text: &str, dir: Option<&Path>, cancel: &Cancel) -> Result<Checked, Problems> {
    let stopped = |_| {
        let mut p = Problems::new();
        p.error("", crate::t!("work.cancelled"));
        p
    };
    let catalog = kit.catalog();
    let located = |mut p: Problems| {
        crate::locate::locate(&mut p, text);
        p
    };
    let (value, found) = dossier::load(text, kit.base().fonts()).map_err(located)?;
    cancel.check().map_err(stopped)?;
    let valid = dossier::validate(value, found).map_err(located)?;
    cancel.check().map_err(stopped)?;
    let mut problems = valid.warnings;
    let d = valid.dossier;
    let mut later = Problems::new();
    check_names(catalog, &d, &mut later);
    let evidence = evidence::load(&d, dir, &mut later, cancel).map_err(stopped)?;
    cancel.check().map_err(stopped)?;
    let emblems = evidence::emblems(&d, dir, &mut later);
    let images = images::load(&d, dir, &mut later);
    let views = plan(catalog, &d, &mut later).into_iter().map(|(form, view)| (form.id.clone(), view)).collect();
    if let Some(map) = &valid.v1_paths {
        later.map_paths(|p| map.v1_path(p));
    }
    problems.extend(later);
    crate::locate::locate(&mut problems, text);
    if problems.has_errors() {
        return Err(problems);
    }
    let key = inputs::data_key(kit.fingerprint(), &d, &evidence, &emblems, &images);
    let read = (evidence::sha256(text.as_bytes()), inputs::files_read(&d, &evidence, &emblems, &images));
    Ok(Checked { dossier: d, warnings: problems, evidence, emblems, images, views, key, read })
}

/// The forms, wording keys and labels the dossier names must exist; a key given to the wrong
/// form says which forms have it.
fn check_names(catalog: &Catalog, d: &Dossier, problems: &mut Problems) {
    let ids: Vec<&str> = catalog.forms().iter().map(|f| f.id.as_str()).collect();
    let unknown_form = |at: String, id: &str, problems: &mut Problems| {
        let p = problems.error(at, crate::t!("form.unknown", id = id));
        match dossier::shape::closest(id, ids.iter().copied()) {
            Some(c) => p.hint(crate::t!("hint.did-you-mean", value = format!("\"{c}\""))),
            None => p.hint(crate::t!("hint.the-forms", forms = ids.join(", "))),
        };
    };
    for (field, entries, what) in
        [("wording", &d.wording, crate::t!("word.wording-key")), ("labels", &d.labels, crate::t!("word.label"))]
    {
        for (form_id, keys) in entries {
            let at = join(field, form_id);
            let Some(form) = catalog.get(form_id) else {
                unknown_form(at, form_id, problems);
                continue;
            };
            let own: Vec<&str> = if field == "wording" {
                form.meta.wording.keys().map(String::as_str).collect()
            } else {
                form.meta.labels.keys().map(String::as_str).collect()
            };
            for key in keys.keys() {
                if own.contains(&key.as_str()) {
                    continue;
                }
                let p =
                    problems.error(join(&at, key), crate::t!("form.not-a-key", what = what.clone(), form = form_id));
                let elsewhere: Vec<&str> = catalog
                    .forms()
                    .iter()
                    .filter(|f| {
                        if field == "wording" {
                            f.meta.wording.contains_key(key)
                        } else {
                            f.meta.labels.contains_key(key)
                        }
                    })
                    .map(|f| f.id.as_str())
                    .collect();
                if !elsewhere.is_empty() {
                    p.hint(crate::t!("hint.key-belongs-to", key = key, forms = elsewhere.join(", ")));
                } else if let Some(c) = dossier::shape::closest(key, own.iter().copied()) {
                    p.hint(crate::t!("hint.did-you-mean", value = format!("`{c}`")));
                } else {
                    p.hint(crate::t!("hint.keys-of-form", what = what.clone(), form = form_id, keys = own.join(", ")));
                }
            }
        }
    }
    for (i, id) in d.forms.iter().enumerate() {
        if catalog.get(id).is_none() {
            unknown_form(index("forms", i), id, problems);
        }
    }
}

/// Record a form choice's warning once.
fn note_choice(d: &Dossier, form: &Form, warning: Option<crate::messages::Text>, problems: &mut Problems) {
    if let Some(w) = warning
        && !problems.iter().any(|p| p.message == w.to_string())
    {
        problems.warning(if d.forms.contains(&form.id) { "forms" } else { "proposals" }, w);
    }
}

/// The form chosen for each document and its view, in filing order: a letter with its list per
/// higher authority, the minutes, one report per nominee who needs one, in list order. Problems
/// (and warnings about superseded forms) are recorded, not returned.
fn plan<'c>(catalog: &'c Catalog, d: &Dossier, problems: &mut Problems) -> Vec<(&'c Form, View)> {
    let date = d.date();
    let mut out = Vec::new();
    if let Some((form, warning)) = catalog.select(Part::Proposal, date, &d.forms, None) {
        note_choice(d, form, warning, problems);
        for p in &d.proposals {
            let goes = d.awards.iter().any(|a| a.authority == p.authority && !view::passed_for(d, &a.id).is_empty());
            if goes && let Some(v) = view::proposal::view(d, form, p, problems) {
                out.push((form, v));
            }
        }
    }
    if let Some((form, warning)) = catalog.select(Part::Minutes, date, &d.forms, None) {
        note_choice(d, form, warning, problems);
        out.extend(view::minutes::view(d, form, problems).map(|v| (form, v)));
    }
    for (k, i) in reported(d).into_iter().enumerate() {
        let kind = d.passed_awards(i).into_iter().find(|a| a.report).map(|a| a.commendation_in(d));
        if let Some((form, warning)) = catalog.select(Part::Report, date, &d.forms, kind) {
            note_choice(d, form, warning, problems);
            out.extend(view::report::view(d, form, i, k, problems).map(|v| (form, v)));
        }
    }
    // The unit's own decisions, each with its list, then its certificates.
    for k in 0..d.decisions.len() {
        let date = d.decisions[k].date;
        let decision = catalog.select(Part::Decision, date, &d.forms, None);
        if let Some((form, warning)) = &decision {
            let form: &Form = form;
            note_choice(d, form, warning.clone(), problems);
            out.extend(view::decision::view(d, form, k, catalog.salary(), problems).map(|v| (form, v)));
        }
        if let Some((form, warning)) = catalog.select(Part::Certificate, date, &d.forms, None) {
            note_choice(d, form, warning, problems);
            let decision = decision.map(|(f, _)| f);
            out.extend(view::certificate::views(d, form, decision, k, problems).into_iter().map(|v| (form, v)));
        }
    }
    out
}

/// The nominees whose reports go in the dossier, in list order: those passed for a title or
/// award that asks for a report.
fn reported(d: &Dossier) -> Vec<usize> {
    view::proposed(d).into_iter().filter(|&i| d.passed_awards(i).iter().any(|a| a.report)).collect()
}

/// The views one form (any version) makes of this dossier, whatever its date: one per letter,
/// one for the minutes, one per reported nominee. `None` for an unknown form.
pub(crate) fn views_of(catalog: &Catalog, d: &Dossier, id: &str, problems: &mut Problems) -> Option<Vec<View>> {
    let form = catalog.get(id)?;
    Some(match form.meta.part {
        Part::Proposal => d.proposals.iter().filter_map(|p| view::proposal::view(d, form, p, problems)).collect(),
        Part::Minutes => view::minutes::view(d, form, problems).into_iter().collect(),
        Part::Report => reported(d)
            .into_iter()
            .enumerate()
            .filter_map(|(k, i)| view::report::view(d, form, i, k, problems))
            .collect(),
        Part::Decision => (0..d.decisions.len())
            .filter_map(|k| view::decision::view(d, form, k, catalog.salary(), problems))
            .collect(),
        Part::Certificate => (0..d.decisions.len())
            .flat_map(|k| {
                let decision = catalog.select(Part::Decision, d.decisions[k].date, &d.forms, None).map(|(f, _)| f);
                view::certificate::views(d, form, decision, k, problems)
            })
            .collect(),
    })
}
