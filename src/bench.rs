//! What `hoso-bench` needs to run the stock `typst` CLI on exactly the files hoso renders
//! (feature `bench`, not part of the library's stable surface).

use serde_json::{Value, json};

use crate::check::Checked;
use crate::engine::Engine;
use crate::typeset::fonts::EMBEDDED;
use crate::typeset::world::dossier_source;

/// The complete dossier's main file in the forms folder written for the stock CLI.
pub const DOSSIER_MAIN: &str = "_dossier.typ";

/// One `typst compile` of one document: its main file (relative to the forms folder), the
/// data its template reads, and the extra files it needs (virtual path, bytes).
pub struct TypstJob {
    /// Main file, e.g. "to-trinh/main.typ".
    pub main: String,
    /// The data, written as a JSON file the template reads through `sys.inputs.data`.
    pub data: Value,
    /// Extra files (evidence pages of the complete dossier) by virtual path.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Every document of `checked` as the stock CLI would compile it, the complete dossier last;
/// `k` keeps the evidence file names of different dossiers apart.
pub fn typst_jobs(engine: &Engine, checked: &Checked, k: usize) -> Vec<TypstJob> {
    let catalog = engine.catalog();
    let planned: Vec<(&str, &crate::view::View)> =
        checked.views.iter().filter(|(id, _)| catalog.get(id).is_some()).map(|(id, v)| (id.as_str(), v)).collect();
    let complete =
        crate::view::complete::view(&checked.dossier, planned.iter().copied(), &checked.evidence, &checked.emblems);
    let mut data = json!({ "meta": complete.meta_data, "sections": complete.sections });
    let mut files = Vec::new();
    for section in data["sections"].as_array_mut().into_iter().flatten() {
        if let Some(virtual_path) = section["data"]["image"].as_str() {
            let moved = format!("/_bench/{k}{}", virtual_path.replace('/', "-"));
            let bytes = complete.files.iter().find(|(p, _)| p == virtual_path).map(|(_, b)| b.to_vec());
            files.push((moved.clone(), bytes.unwrap_or_default()));
            section["data"]["image"] = json!(moved);
        }
    }
    let mut jobs: Vec<TypstJob> = planned
        .iter()
        .map(|(id, v)| {
            // A pack's form lives in its pack's folder: the path is the form's, not its id's.
            let main = catalog.get(id).map(|f| f.main_path().trim_start_matches('/').to_string());
            TypstJob { main: main.unwrap_or_else(|| format!("{id}/main.typ")), data: v.data.clone(), files: Vec::new() }
        })
        .collect();
    jobs.push(TypstJob { main: DOSSIER_MAIN.into(), data, files });
    jobs
}

/// The forms folder as the stock CLI needs it: every form file and the complete dossier's main
/// file, by path relative to the folder.
pub fn project_files(engine: &Engine) -> Vec<(String, Vec<u8>)> {
    let catalog = engine.catalog();
    let mut files: Vec<(String, Vec<u8>)> = catalog.files().map(|(p, b)| (p.to_string(), b.to_vec())).collect();
    files.push((DOSSIER_MAIN.into(), dossier_source(catalog).into_bytes()));
    files
}

/// The compiled-in font files.
pub fn fonts() -> &'static [&'static [u8]] {
    &EMBEDDED
}
