//! Pipeline steps 1–3 for one dossier: load, validate and cross-check it, read its evidence and
//! signature images, choose the form version of each part and build every document's view.
//! The result is a [`Checked`] dossier a render needs nothing else for.

use std::path::Path;

use crate::dossier::{self, Dossier};
use crate::engine::Engine;
use crate::evidence::{self, Evidence};
use crate::form::{Catalog, Form, Part};
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
    /// Its signature and seal images, by the path the dossier gives.
    pub(crate) images: Images,
    /// The documents to render, in filing order: the form chosen for each and its view.
    pub(crate) views: Vec<(String, View)>,
    /// The key of the data and evidence with the engine's fingerprint, computed once.
    pub(crate) key: String,
}

impl Checked {
    /// The evidence files the dossier names, as it names them.
    pub fn evidence_files(&self) -> impl Iterator<Item = &str> {
        self.evidence.iter().map(|e| e.path.as_str())
    }
}

/// Check dossier `text` whose folder (for evidence and images) is `dir`.
pub(crate) fn check(engine: &Engine, text: &str, dir: Option<&Path>) -> Result<Checked, Problems> {
    let catalog = engine.catalog();
    let (value, found) = dossier::load(text, engine.base().fonts())?;
    let valid = dossier::validate(value, found)?;
    let mut problems = valid.warnings;
    let d = valid.dossier;
    check_names(catalog, &d, &mut problems);
    let evidence = evidence::load(&d, dir, &mut problems);
    let images = images::load(&d, dir, &mut problems);
    let views = plan(catalog, &d, &mut problems).into_iter().map(|(form, view)| (form.id.clone(), view)).collect();
    if problems.has_errors() {
        return Err(problems);
    }
    let key = key_of(engine.fingerprint(), &d, &evidence);
    Ok(Checked { dossier: d, warnings: problems, evidence, images, views, key })
}

/// The input key: the engine's fingerprint, the data and every evidence file's checksum.
fn key_of(fingerprint: &str, d: &Dossier, evidence: &[Evidence]) -> String {
    let data = serde_json::to_string(d).expect("dossiers serialise");
    let mut h = format!("{fingerprint}\n{}", evidence::sha256(data.as_bytes()));
    for e in evidence {
        h.push_str(&format!("\n{} {}", e.path, e.sha256));
    }
    evidence::sha256(h.as_bytes())
}

/// Wording keys and form names the dossier gives must exist.
fn check_names(catalog: &Catalog, d: &Dossier, problems: &mut Problems) {
    let keys: Vec<&str> = catalog.forms().iter().flat_map(|f| f.meta.wording.keys().map(String::as_str)).collect();
    for key in d.wording.keys() {
        if !keys.contains(&key.as_str()) {
            let p = problems.error(join("wording", key), "is not a wording key of any form");
            match dossier::shape::closest(key, keys.iter().copied()) {
                Some(c) => p.hint(format!("did you mean `{c}`?")),
                None => p.hint(format!("the keys are: {}", keys.join(", "))),
            };
        }
    }
    for (i, id) in d.forms.iter().enumerate() {
        if catalog.get(id).is_none() {
            let ids: Vec<&str> = catalog.forms().iter().map(|f| f.id.as_str()).collect();
            let p = problems.error(index("forms", i), format!("\"{id}\" is not a form"));
            match dossier::shape::closest(id, ids.iter().copied()) {
                Some(c) => p.hint(format!("did you mean \"{c}\"?")),
                None => p.hint(format!("the forms are: {}", ids.join(", "))),
            };
        }
    }
}

/// The form chosen for each part and the views of every document, in filing order: the
/// letter with its list, the minutes, one report per nominee in list order. Problems (and
/// warnings about superseded forms) are recorded, not returned.
fn plan<'c>(catalog: &'c Catalog, d: &Dossier, problems: &mut Problems) -> Vec<(&'c Form, View)> {
    let mut out = Vec::new();
    for part in [Part::Proposal, Part::Minutes, Part::Report] {
        let Some((form, warning)) = catalog.select(part, d.proposal.date, &d.forms) else { continue };
        if let Some(w) = warning {
            problems.warning(if d.forms.contains(&form.id) { "forms" } else { "proposal.date" }, w);
        }
        let views = views_of(catalog, d, &form.id, problems).unwrap_or_default();
        out.extend(views.into_iter().map(|view| (form, view)));
    }
    out
}

/// The views one form (any version) makes of this dossier, whatever its date: one for a
/// per-dossier form, one per nominee for a report form. `None` for an unknown form.
pub(crate) fn views_of(catalog: &Catalog, d: &Dossier, id: &str, problems: &mut Problems) -> Option<Vec<View>> {
    let form = catalog.get(id)?;
    Some(match form.meta.part {
        Part::Proposal => view::proposal::view(d, form, problems).into_iter().collect(),
        Part::Minutes => view::minutes::view(d, form, problems).into_iter().collect(),
        Part::Report => view::proposed(d)
            .into_iter()
            .enumerate()
            .filter_map(|(k, i)| view::report::view(d, form, i, k, problems))
            .collect(),
    })
}
