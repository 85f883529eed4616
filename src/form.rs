//! Forms are folders: `forms/<id>/form.toml` (metadata and wording) beside `main.typ`, with the
//! shared Decree 30 layout in `forms/_common/`. The catalog holds every form's files, either
//! compiled into the binary or read from a folder given at run time.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::dossier::{BlankItem, Commendation};
use crate::law::{Law, Pack};
use crate::prize::{SalaryTable, TABLE_FILE};
use crate::vi::Date;

/// The folder of the national law's data, relative to the forms folder.
pub(crate) const LAW_DIR: &str = "_common/law/";

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/forms.rs"));
}

/// The part of the dossier a form prints; it decides the view the template reads and how many
/// documents it makes (a letter per higher authority, the minutes once, a report per reported
/// nominee, a decision per own authority, a certificate per awardee), so a new form of a known
/// part (a newer decree's letter, say) is a folder and no Rust change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Part {
    /// The proposal letter with its nominee list.
    Proposal,
    /// The council meeting minutes.
    Minutes,
    /// One achievement report per nominee.
    Report,
    /// The unit's own decision with its list (one per own authority).
    Decision,
    /// One certificate per awardee of a decision.
    Certificate,
}

/// A form's metadata, from its `form.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormMeta {
    /// Human title, e.g. "Tờ trình đề nghị khen thưởng (kèm theo danh sách)".
    pub title: String,
    /// Document type printed as the document's title, e.g. "TỜ TRÌNH".
    pub document: String,
    /// Type abbreviation in the document symbol (Decree 30, Appendix III), e.g. "TTr".
    pub abbreviation: String,
    /// The legal instrument and template number the layout follows.
    pub legal_basis: String,
    /// The form's number as the instrument gives it, e.g. "Mẫu số 07"; empty when unknown.
    #[serde(default)]
    pub form_number: String,
    /// The form's title as the instrument gives it.
    #[serde(default)]
    pub official_title: String,
    /// Whether this form's labels were checked against the official text. An unchecked form
    /// says so in `hoso forms` and in the manifest, so a clerk knows to compare (and to correct
    /// the labels in the dossier's `labels` where they differ).
    #[serde(default)]
    pub checked: bool,
    /// Where the form's text comes from, and what is known or not about it.
    #[serde(default)]
    pub provenance: String,
    /// For report forms: the kinds of commendation it serves ("chuyen_de", "cong_trang", …);
    /// empty for any.
    #[serde(default)]
    pub commendation: Vec<Commendation>,
    /// The titles and awards it is made for, by name (a province's form for its own title);
    /// empty for any.
    #[serde(default)]
    pub awards: Vec<String>,
    /// First day this form may be used.
    pub valid_from: Date,
    /// Last day this form may be used, if it has been superseded.
    #[serde(default)]
    pub valid_to: Option<Date>,
    /// Which part of the dossier the form prints, and so which view it reads.
    pub part: Part,
    /// Position in filing order (lower first).
    pub order: u32,
    /// Wording the unit may override: minijinja templates by key, rendered to plain text.
    #[serde(default)]
    pub wording: BTreeMap<String, String>,
    /// Fixed labels the template prints (section titles, signature captions), kept here so a
    /// wrong label is corrected in the form's folder, not in code.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// For certificates: where each variable item stands, in mm on the sheet (the default blank
    /// a unit copies and measures against its own, see `hoso forms --blank`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub items: BTreeMap<String, BlankItem>,
    /// A sheet other than Decree 30's A4 portrait with its margins and page numbers (the
    /// certificate's A4 landscape, edge to edge); none for Decree 30 documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<Paper>,
    /// A report form's skeleton: the lines of its section I, how its sections II and III are
    /// divided, the place in its date line (absent: section I as hoso's plain list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportSkeleton>,
    /// Where the form's long lists are: the keys from its view down to each array of rows,
    /// dotted, alternatives split by `|` (e.g. `"lists.groups.rows"`). A document with more
    /// rows than a piece holds is laid out in pieces of rows, each compiled on its own, so its
    /// memory stays bounded; its template then reads `d.piece` (see the kit's `starts-here`).
    /// Absent: always laid out whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<String>,
}

/// The skeleton of a report form, as the official form lays it out.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSkeleton {
    /// Section I of an individual's report, entry by entry.
    #[serde(default)]
    pub individual: Vec<SkeletonEntry>,
    /// Section I of a collective's report, entry by entry.
    #[serde(default)]
    pub collective: Vec<SkeletonEntry>,
    /// For an individual, section II opens with this label's heading ("1. Quyền hạn, nhiệm vụ
    /// …") and the profile's `duties`, then `results`' heading, the sections numbered under it.
    #[serde(default)]
    pub duties: Option<String>,
    /// The label of the heading the individual's sections go under ("2. Thành tích …").
    #[serde(default)]
    pub results: Option<String>,
    /// Section III in two tables: the titles (label keys `awards_titles`, `col_title`,
    /// `col_title_decision`) and the awards (`awards_awards`, `col_award`, `col_decision`).
    #[serde(default)]
    pub split_awards: bool,
    /// The date line's place: "province" (the agency's province, Decree 98/2023 Form 02 note
    /// 1) or, by default, the agency's place.
    #[serde(default)]
    pub date_place: Option<String>,
    /// Label keys printed as headings after the individual's sections in section II (Hà
    /// Nội's "3. Cá nhân cam kết …").
    #[serde(default)]
    pub closing: Vec<String>,
    /// The signature blocks in reading order, two to a row (absent: the certifier's or
    /// endorser's left, the reporter's or head's right).
    #[serde(default)]
    pub signers: Vec<SignerSlot>,
    /// Where the skeleton comes from and how far it was checked.
    #[serde(default)]
    pub source: String,
}

/// One signature block of a report's skeleton.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignerSlot {
    /// The label of its caption ("XÁC NHẬN CỦA CẤP TRÌNH KHEN").
    pub label: String,
    /// The labels of its notes, one per line ("(Ghi rõ nội dung xác nhận)", "(Ký, đóng dấu)").
    #[serde(default)]
    pub notes: Vec<String>,
    /// Who signs: "reporter" (the individual, or a collective's head), "endorser" (the
    /// endorser, else the certifier), or "blank" (someone the dossier does not name: a
    /// residential group, the commune of residence).
    pub who: String,
    /// The signature field's role, e.g. "xac_nhan_noi_cu_tru".
    #[serde(default)]
    pub role: String,
}

/// One entry of a report's section I.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkeletonEntry {
    /// A heading line: the label with this key ("1. Đặc điểm, tình hình:").
    #[serde(default)]
    pub heading: Option<String>,
    /// A "- Label: value" line of these fields (several: on one line, as "Sinh ngày …
    /// Giới tính …"); printed with its labels even when the dossier leaves a value out, so the
    /// form keeps its lines.
    #[serde(default)]
    pub line: Vec<String>,
    /// A paragraph: the value of this field alone.
    #[serde(default)]
    pub text: Option<String>,
    /// A line the form does not have, printed only when the dossier gives its value (so that
    /// nothing the clerk wrote is lost: an individual's ethnic group, a collective's staff).
    #[serde(default)]
    pub optional: bool,
}

/// A form's own sheet: size and margin in mm, no page number.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    /// Paper width, mm.
    pub width_mm: f64,
    /// Paper height, mm.
    pub height_mm: f64,
    /// Margin on every side, mm (items are placed from the sheet's corner either way).
    #[serde(default)]
    pub margin_mm: f64,
}

impl FormMeta {
    /// Whether the form may be used for a document dated `date`.
    pub fn valid_on(&self, date: Date) -> bool {
        date >= self.valid_from && self.valid_to.is_none_or(|to| date <= to)
    }
}

/// One form: its id (the folder name), its folder, its pack and its metadata.
#[derive(Debug, Clone, Serialize)]
pub struct Form {
    /// Its folder's name, e.g. "to-trinh" (unique over every pack).
    pub id: String,
    /// Its folder under `forms/`, e.g. "to-trinh" or "packs/ha-noi-71-2025/bao-cao-cdtdut".
    pub dir: String,
    /// The pack it belongs to, if it is not a national form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pack: Option<String>,
    /// What `form.toml` says.
    #[serde(flatten)]
    pub meta: FormMeta,
}

impl Form {
    /// Virtual path of the form's template inside the Typst project, e.g. "/to-trinh/main.typ".
    pub fn main_path(&self) -> String {
        format!("/{}/main.typ", self.dir)
    }

    /// Whether it serves the title or award named `name`.
    pub fn serves(&self, name: &str) -> bool {
        self.meta.awards.is_empty() || self.meta.awards.iter().any(|a| crate::law::same_name(a, name))
    }
}

/// What a document asks of the catalogue: the part it is, its date, the forms the dossier
/// names, and — for a report — the kind of commendation and the titles and awards it supports;
/// the pack the dossier files under.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wanted<'a> {
    pub part: Part,
    pub date: Date,
    pub chosen: &'a [String],
    pub kind: Option<Commendation>,
    pub awards: &'a [&'a str],
    pub pack: Option<&'a str>,
}

/// Every form and every file under `forms/`, keyed by path relative to `forms/`.
#[derive(Debug, Clone)]
pub(crate) struct Catalog {
    forms: BTreeMap<String, Form>,
    files: BTreeMap<String, Vec<u8>>,
    salary: SalaryTable,
    /// The national law's data (`_common/law/`).
    law: Law,
    /// The form packs (`packs/<id>/`), by id.
    packs: BTreeMap<String, Pack>,
}

/// Why the forms could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CatalogError(pub String);

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CatalogError {}

/// What `hoso --version` says besides the program's version: every compiled-in form as "id —
/// legal basis (valid from … [to …])", one per line.
pub fn embedded_versions() -> Vec<String> {
    match Catalog::embedded() {
        Ok(c) => c
            .forms()
            .into_iter()
            .map(|f| {
                let to = f.meta.valid_to.map(|d| format!(" to {d}")).unwrap_or_default();
                format!("{} — {} (valid from {}{to})", f.id, f.meta.legal_basis, f.meta.valid_from)
            })
            .collect(),
        Err(e) => vec![format!("(the compiled-in forms do not load: {e})")],
    }
}

impl Catalog {
    /// The forms compiled into this binary.
    pub(crate) fn embedded() -> Result<Self, CatalogError> {
        Self::from_files(embedded::FORM_FILES.iter().map(|(p, b)| (p.to_string(), b.to_vec())).collect())
    }

    /// The forms in a folder laid out like `forms/` (for template authors iterating on a copy).
    pub(crate) fn from_dir(dir: &Path) -> Result<Self, CatalogError> {
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name() {
            let entry = entry.map_err(|e| CatalogError(format!("cannot read forms folder {}: {e}", dir.display())))?;
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let rel = entry.path().strip_prefix(dir).expect("walkdir stays under its root");
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let bytes = crate::host::read(entry.path())
                .map_err(|e| CatalogError(format!("cannot read {}: {e}", entry.path().display())))?;
            files.insert(rel, bytes);
        }
        Self::from_files(files)
    }

    fn from_files(files: BTreeMap<String, Vec<u8>>) -> Result<Self, CatalogError> {
        let text = |path: &str, bytes: &[u8]| -> Result<String, CatalogError> {
            String::from_utf8(bytes.to_vec()).map_err(|_| CatalogError(format!("forms/{path} is not UTF-8")))
        };
        let mut forms = BTreeMap::new();
        let mut pack_forms: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (path, bytes) in &files {
            let Some(dir) = path.strip_suffix("/form.toml") else { continue };
            let parts: Vec<&str> = dir.split('/').collect();
            let (id, pack) = match parts.as_slice() {
                [id] if !id.starts_with('_') && *id != "packs" => (*id, None),
                ["packs", pack, id] => (*id, Some(pack.to_string())),
                _ => continue,
            };
            let meta: FormMeta =
                toml::from_str(&text(path, bytes)?).map_err(|e| CatalogError(format!("forms/{path}: {e}")))?;
            if !files.contains_key(&format!("{dir}/main.typ")) {
                return Err(CatalogError(format!("forms/{dir}/ has a form.toml but no main.typ")));
            }
            if forms.contains_key(id) {
                return Err(CatalogError(format!("two forms are named \"{id}\": a form's folder name is its id")));
            }
            if let Some(p) = &pack {
                pack_forms.entry(p.clone()).or_default().push(id.to_string());
            }
            forms.insert(id.to_string(), Form { id: id.to_string(), dir: dir.to_string(), pack, meta });
        }
        if forms.is_empty() {
            return Err(CatalogError("no forms found (a form is a folder with form.toml and main.typ)".into()));
        }
        let table = files.get(TABLE_FILE).ok_or_else(|| {
            CatalogError(format!("forms/{TABLE_FILE} is missing: the base-salary table prize money needs"))
        })?;
        let salary = std::str::from_utf8(table)
            .map_err(|e| e.to_string())
            .and_then(SalaryTable::parse)
            .map_err(|e| CatalogError(format!("forms/{TABLE_FILE}: {e}")))?;
        let mut law_files = Vec::new();
        for (path, bytes) in &files {
            if path.starts_with(LAW_DIR) && path.ends_with(".toml") {
                law_files.push((path.clone(), text(path, bytes)?));
            }
        }
        let law = Law::parse(law_files.iter().map(|(p, t)| (p.as_str(), t.as_str()))).map_err(CatalogError)?;
        let mut packs = BTreeMap::new();
        for (path, bytes) in &files {
            let parts: Vec<&str> = path.split('/').collect();
            let ["packs", id, "pack.toml"] = parts.as_slice() else { continue };
            let pack = Pack::parse(id, &text(path, bytes)?, pack_forms.remove(*id).unwrap_or_default())
                .map_err(CatalogError)?;
            packs.insert(id.to_string(), pack);
        }
        if let Some((pack, forms)) = pack_forms.into_iter().next() {
            return Err(CatalogError(format!("forms/packs/{pack}/ has forms ({}) but no pack.toml", forms.join(", "))));
        }
        Ok(Catalog { forms, files, salary, law, packs })
    }

    /// The form packs, by id.
    pub(crate) fn packs(&self) -> impl Iterator<Item = &Pack> {
        self.packs.values()
    }

    /// The pack with this id.
    pub(crate) fn pack(&self, id: &str) -> Option<&Pack> {
        self.packs.get(id)
    }

    /// The pack dossier `d` files under: the one it names, else the one of its agency's
    /// province, else none (the national forms and rules).
    pub(crate) fn pack_for(&self, d: &crate::dossier::Dossier) -> Option<&Pack> {
        match &d.pack {
            Some(id) => self.pack(id),
            None => {
                let province = d.agency.province.as_deref()?;
                self.packs.values().find(|p| p.province.as_deref().is_some_and(|q| crate::law::same_name(q, province)))
            }
        }
    }

    /// The laws that apply to a dossier under `pack`, the pack's first.
    pub(crate) fn laws(&self, pack: Option<&str>) -> Vec<&Law> {
        let mut out: Vec<&Law> = pack.and_then(|p| self.pack(p)).map(|p| p.law()).into_iter().collect();
        out.push(&self.law);
        out
    }

    /// The base-salary table prize money is computed from.
    pub(crate) fn salary(&self) -> &SalaryTable {
        &self.salary
    }

    /// The form with this id.
    pub(crate) fn get(&self, id: &str) -> Option<&Form> {
        self.forms.get(id)
    }

    /// Every form, in filing order.
    pub(crate) fn forms(&self) -> Vec<&Form> {
        let mut v: Vec<&Form> = self.forms.values().collect();
        v.sort_by_key(|f| (f.meta.order, f.id.clone()));
        v
    }

    /// The forms that print `part`, oldest first.
    pub(crate) fn versions(&self, part: Part) -> Vec<&Form> {
        let mut v: Vec<&Form> = self.forms.values().filter(|f| f.meta.part == part).collect();
        v.sort_by_key(|f| (f.meta.valid_from, f.id.clone()));
        v
    }

    /// The form for `wanted`: the one the dossier names in `chosen` if any; else the one in
    /// force that day among the pack's own forms (when it has one for this part, kind and
    /// title), else among the national ones. A superseded or not-yet-valid choice comes back
    /// with a warning naming the instrument that applies.
    pub(crate) fn select(&self, wanted: &Wanted) -> Option<(&Form, Option<crate::messages::Text>)> {
        let Wanted { part, date, chosen, kind, awards, pack } = *wanted;
        let serves = |f: &&Form| {
            kind.is_none_or(|k| f.meta.commendation.is_empty() || f.meta.commendation.contains(&k))
                && (awards.is_empty() || awards.iter().any(|a| f.serves(a)))
        };
        let of_pack = |p: Option<&str>| -> Vec<&Form> {
            self.versions(part).into_iter().filter(|f| f.pack.as_deref() == p).filter(serves).collect()
        };
        let mut versions = of_pack(pack);
        if pack.is_some() && !versions.iter().any(|f| f.meta.valid_on(date)) {
            versions = of_pack(None);
        }
        // A form the dossier names is taken from wherever it is.
        let named = self.versions(part).into_iter().find(|f| chosen.contains(&f.id));
        let in_force = versions.iter().rev().find(|f| f.meta.valid_on(date)).copied();
        match (named, in_force) {
            (Some(n), Some(f)) if n.id != f.id => Some((
                n,
                Some(crate::t!(
                    "form.superseded",
                    id = &n.id,
                    basis = &n.meta.legal_basis,
                    date = date,
                    applies = &f.meta.legal_basis,
                    other = &f.id
                )),
            )),
            (Some(n), None) if !n.meta.valid_on(date) => {
                Some((n, Some(crate::t!("form.not-in-force", id = &n.id, basis = &n.meta.legal_basis, date = date))))
            }
            (Some(n), _) => Some((n, None)),
            (None, Some(f)) => Some((f, None)),
            (None, None) => versions.last().map(|f| {
                (*f, Some(crate::t!("form.none-in-force", date = date, id = &f.id, basis = &f.meta.legal_basis)))
            }),
        }
    }

    /// Every file, by path relative to `forms/` (e.g. "_common/nd30.typ").
    pub(crate) fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }
}
