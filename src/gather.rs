//! The level above: a receiving office (a department, a commune's People's Committee, a
//! ministry) takes the dossiers its units proposed to it and makes its own dossier of them.
//!
//! [`gather`] reads every unit dossier under a folder (a `ho-so.json` with, beside it, the
//! folder `hoso render` wrote; or only the unit's workbook as `hoso export` writes it, whose
//! "Thông tin" sheet states its letter and whose letter sheet holds its list), keeps those that check, propose to the office's authority and
//! arrived by its cut-off date, and writes one format-v2 dossier whose agency is the office:
//! every nominee the unit's council passed for that authority's titles and awards, with the
//! unit and its letter ([`crate::dossier::Origin`]), units in the office's order, the office's
//! council rounds prepared for its votes (no vote invented). What it cannot take is listed with
//! the reason, never dropped in silence.
//!
//! Across units it checks ([`Finding`], each with the unit, the file and the JSON path): the
//! same person proposed by two units (by `person_id` when both give one, else name and birth
//! date), a person already decided for the same title and year (the office's register of
//! earlier decisions, [`Decided`]), the register's decision numbers unique per issuer and year,
//! each quota the office sets ([`Quota`], with its source), a workbook's letter whose counts
//! disagree with its list, and — with the feature `sign` —
//! whether each unit's rendered PDFs are signed and are the files its manifest lists.
//!
//! The office describes itself in a settings file ([`Settings`], `co-quan.json` in the
//! folder): its own dossier without nominees (agency, authorities, awards, decision, letter
//! upward, council), the cut-off date, the units' order, quotas and register.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::dossier::{Dossier, Origin};
// Names and award names compared as the import compares them (NFC, lower case, single spaces).
use crate::import::key;
use crate::messages::Text;
use crate::problem::Severity;
use crate::t;
use crate::vi::Date;

/// The name of the office's settings file in the gathered folder.
pub const SETTINGS_FILE: &str = "co-quan.json";

/// What the receiving office says about itself and its gathering.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The id the units' dossiers give the office's authority (e.g. "giam-doc-so"); the
    /// command line's `--authority` wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// Higher authorities the office forwards to (e.g. "ct-ubnd-tinh"): what the units propose
    /// to them through the office goes into the office's own letter upward.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forward: Vec<String>,
    /// The last day a unit's dossier is taken, "dd/mm/yyyy".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut_off: Option<Date>,
    /// When each unit's dossier arrived, by the unit's abbreviation; a unit not listed is taken
    /// as arrived on its letter's date.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub received: BTreeMap<String, Date>,
    /// The units' order in the office's lists, by abbreviation; units not named follow, by
    /// folder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<String>,
    /// A unit's title or award (its id or name) → the office's award id, where the names
    /// differ; the rest are matched by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub awards: BTreeMap<String, String>,
    /// Shares the office or its form pack sets, each with its source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotas: Vec<Quota>,
    /// The office's register of earlier decisions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub register: Vec<Decided>,
    /// The office's own dossier (format hoso/2) without nominees: its agency, authorities,
    /// awards, decision, letter upward, council. Gathering fills in the nominees and rounds.
    pub dossier: Value,
}

/// A share of one title among another's, per unit (e.g. "Chiến sĩ thi đua cơ sở" at most 15 %
/// of "Lao động tiên tiến"), as the office or its form pack sets it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    /// The office's award id that is limited.
    pub award: String,
    /// The office's award id it is a share of.
    pub of: String,
    /// The largest share, in percent.
    pub max_percent: u32,
    /// Where the rule comes from, as a clerk can look it up.
    pub source: String,
    /// Whether the source was checked against the official text; printed with the finding.
    #[serde(default)]
    pub verified: bool,
}

/// One entry of the office's register: who was decided what, by which decision.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Decided {
    /// The person's citizen identity number or civil-servant code, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
    /// Full name.
    pub name: String,
    /// Date of birth, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Date>,
    /// The title or award, by name ("Chiến sĩ thi đua cơ sở").
    pub award: String,
    /// The year (or school year's end) it is for.
    pub year: i32,
    /// The issuer's abbreviation in the decision's symbol ("SGDĐT").
    pub issuer: String,
    /// The decision's number.
    pub number: u32,
    /// The decision's date.
    pub date: Date,
    /// The golden-book number given, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub golden_book: Option<u32>,
}

/// One problem found while gathering, located as the office's clerk finds it.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Error (the unit or nominee is not taken, or the office must decide) or warning.
    pub severity: Severity,
    /// The unit, as its dossier names it (or the file, when it cannot be read).
    pub unit: String,
    /// The unit's file, relative to the gathered folder.
    pub file: String,
    /// The JSON path in that file, e.g. `nominees[3]`; empty for the whole file.
    pub path: String,
    /// What is wrong.
    pub message: Text,
    /// What to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
}

impl Finding {
    /// The finding as the command line prints it, in `lang`.
    pub fn render(&self, lang: crate::messages::Lang) -> String {
        let place = if self.path.is_empty() { self.file.clone() } else { format!("{} → {}", self.file, self.path) };
        let label = match self.severity {
            Severity::Error => t!("gather.label-error"),
            _ => t!("gather.label-warning"),
        };
        // (A file that is no unit's has its file for its unit: said once.)
        let at = if self.unit == self.file { place } else { format!("{}, {place}", self.unit) };
        let mut s = format!("{}: {} ({at})", label.render(lang), self.message.render(lang));
        if let Some(h) = &self.hint {
            s.push_str(&format!("\n  → {}", h.render(lang)));
        }
        s
    }
}

/// What happened to one unit's dossier.
#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    /// The unit's file, relative to the gathered folder.
    pub file: String,
    /// The unit's name on one line (its file when the dossier could not be read or checked).
    pub name: String,
    /// Its abbreviation.
    pub abbreviation: String,
    /// Its letter to the office, "theo Tờ trình số 27/TTr-THKT ngày 25/05/2026".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub letter: Option<String>,
    /// Nominees taken into the office's dossier.
    pub taken: usize,
    /// Why the unit's dossier was not taken; `None` when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<Text>,
    /// Its rendered PDFs' signatures, when a rendered folder is beside it: "valid",
    /// "incomplete", "indeterminate", "invalid", or "none" (not rendered there).
    pub signatures: String,
}

/// A gathering's result: the office's dossier, each unit's fate, and the findings.
#[derive(Debug, Clone, Serialize)]
pub struct Gathered {
    /// The office's dossier (format hoso/2), ready for its council's votes.
    pub dossier: Value,
    /// Every unit dossier found, in the office's order: taken or refused with the reason.
    pub units: Vec<Unit>,
    /// Every problem found, unit by unit.
    pub findings: Vec<Finding>,
}

impl Gathered {
    /// Whether a finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// How to check the units' signatures.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The authority units propose to (else the settings').
    pub authority: Option<String>,
    /// Trust anchors (DER) for the units' signatures; none: signatures are read, not trusted.
    pub trust: Vec<Vec<u8>>,
    /// Do not ask revocation services.
    pub offline: bool,
}

/// A citizen-ID or code as compared: its letters and digits, upper case.
fn id_key(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

/// Read the office's settings.
pub fn settings(path: &Path) -> Result<Settings, Text> {
    let text = crate::host::read_text(path)
        .map_err(|e| t!("gather.settings-unreadable", file = path.display().to_string(), error = e.to_string()))?;
    parse_settings(&text, &path.display().to_string())
}

/// The office's settings from the text of `file` (named as the clerk knows it in the message).
pub fn parse_settings(text: &str, file: &str) -> Result<Settings, Text> {
    serde_json::from_str(text).map_err(|e| t!("gather.settings-bad", file = file, error = e.to_string()))
}

/// A warning that `file`, under the gathered folder, is no unit's and was not read.
fn not_read(file: String, message: Text, hint: Text) -> Finding {
    Finding { severity: Severity::Warning, unit: file.clone(), file, path: String::new(), message, hint: Some(hint) }
}

/// The receipt `hoso gather` writes beside the office's dossier: each unit taken or refused,
/// every finding.
pub const RECEIPT_FILE: &str = "tiep-nhan.json";

/// The unit dossiers under `dir`: JSON files marked "hoso/2" or "hoso/1", the settings,
/// manifests and receipts aside, in path order; and the other JSON files, which are not read.
fn dossier_files(dir: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (mut out, mut other): (Vec<PathBuf>, Vec<PathBuf>) = walkdir::WalkDir::new(dir)
        .max_depth(4)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name != SETTINGS_FILE && name != crate::MANIFEST_FILE && name != RECEIPT_FILE
        })
        .partition(|p| {
            crate::host::read_head(p, 4096).is_ok_and(|head| {
                let h = String::from_utf8_lossy(&head);
                h.contains("\"hoso/2\"") || h.contains("\"hoso/1\"")
            })
        });
    out.sort();
    other.sort();
    (out, other)
}

/// Gather the unit dossiers under `dir` for the office `settings` describe.
pub fn gather(engine: &crate::Engine, dir: &Path, settings: &Settings, options: &Options) -> Result<Gathered, Text> {
    let authority =
        options.authority.clone().or_else(|| settings.authority.clone()).ok_or_else(|| t!("gather.no-authority"))?;
    let mut office = settings.dossier.clone();
    if !office.is_object() {
        return Err(t!("gather.no-office-dossier"));
    }
    let office_awards: Vec<(String, String)> = office["awards"]
        .as_array()
        .map(|a| {
            a.iter().filter_map(|x| Some((x["id"].as_str()?.to_string(), x["name"].as_str()?.to_string()))).collect()
        })
        .unwrap_or_default();
    let map_award = |id: &str, name: &str| -> Option<String> {
        if let Some(to) = settings.awards.get(id).or_else(|| settings.awards.get(name)) {
            return Some(to.clone());
        }
        office_awards.iter().find(|(_, n)| key(n) == key(name)).map(|(i, _)| i.clone())
    };
    let mut findings = Vec::new();
    let mut units: Vec<Taken> = Vec::new();
    let wanted: Vec<&str> =
        std::iter::once(authority.as_str()).chain(settings.forward.iter().map(String::as_str)).collect();
    let (dossiers, unmarked) = dossier_files(dir);
    // A JSON file without the format mark is no dossier: said, not read.
    for path in unmarked {
        let file = path.strip_prefix(dir).unwrap_or(&path).display().to_string();
        findings.push(not_read(file, t!("gather.json-skipped"), t!("hint.gather-json-skipped")));
    }
    // A workbook beside a unit's dossier is that dossier's export: the dossier is read instead.
    for path in workbook_files(dir).into_iter().filter(|w| !dossiers.iter().any(|d| d.parent() == w.parent())) {
        let file = path.strip_prefix(dir).unwrap_or(&path).display().to_string();
        if let Some(taken) = workbook_unit(&path, &file, settings, &office, &wanted, &mut findings) {
            units.push(taken);
        }
    }
    for path in dossiers {
        let file = path.strip_prefix(dir).unwrap_or(&path).display().to_string();
        let mut unit = Unit {
            file: file.clone(),
            name: file.clone(),
            abbreviation: String::new(),
            letter: None,
            taken: 0,
            refused: None,
            signatures: "none".into(),
        };
        let checked = match engine.check_file(&path) {
            Err(e) => {
                unit.refused = Some(t!("gather.unreadable", error = e.to_string()));
                units.push(Taken { unit, nominees: Vec::new(), order: (usize::MAX, file) });
                continue;
            }
            Ok(Err(problems)) => {
                let errors: Vec<_> = problems.iter().filter(|p| p.severity == Severity::Error).collect();
                unit.refused = Some(t!("gather.does-not-check", count = errors.len()));
                for p in errors {
                    findings.push(Finding {
                        severity: Severity::Error,
                        unit: file.clone(),
                        file: file.clone(),
                        path: p.path.clone(),
                        message: t!("gather.unit-problem", message = p.message.clone()),
                        hint: p.hint.clone().map(|h| t!("gather.unit-problem", message = h)),
                    });
                }
                units.push(Taken { unit, nominees: Vec::new(), order: (usize::MAX, file) });
                continue;
            }
            Ok(Ok(c)) => c,
        };
        let d: &Dossier = checked.dossier();
        unit.name = crate::text::one_line(&d.agency.name);
        unit.abbreviation = d.agency.abbreviation.clone();
        let order = (
            settings.order.iter().position(|a| key(a) == key(&d.agency.abbreviation)).unwrap_or(usize::MAX),
            file.clone(),
        );
        let Some((number, date)) = wanted.iter().find_map(|a| crate::lists::letter_of(&checked, a)) else {
            let to: Vec<&str> = d.proposals.iter().map(|p| p.authority.as_str()).collect();
            unit.refused = Some(t!("gather.other-authority", authority = &authority, to = to.join(", ")));
            units.push(Taken { unit, nominees: Vec::new(), order });
            continue;
        };
        let origin = Origin { unit: unit.name.clone(), abbreviation: unit.abbreviation.clone(), number, date };
        unit.letter = Some(origin.letter());
        let arrived = settings.received.get(&d.agency.abbreviation).copied().unwrap_or(date);
        if let Some(cut) = settings.cut_off
            && arrived > cut
        {
            unit.refused = Some(t!("gather.late", arrived = arrived.short(), cut_off = cut.short()));
            units.push(Taken { unit, nominees: Vec::new(), order });
            continue;
        }
        // Who goes forward to this authority: the council's passed nominees, list order.
        let roster = checked.roster();
        let mut nominees = Vec::new();
        for &i in roster.order() {
            let n = &d.nominees[i];
            let mut awards = Vec::new();
            for a in roster.passed_awards(d, i).into_iter().filter(|a| wanted.contains(&a.authority.as_str())) {
                match map_award(&a.id, &a.name) {
                    Some(to) if !awards.contains(&to) => awards.push(to),
                    Some(_) => {}
                    None => findings.push(Finding {
                        severity: Severity::Error,
                        unit: unit.name.clone(),
                        file: file.clone(),
                        path: format!("awards[{}]", d.awards.iter().position(|x| x.id == a.id).unwrap_or(0)),
                        message: t!("gather.award-unknown", award = &a.name, nominee = &n.name),
                        hint: Some(t!("hint.gather-award-map")),
                    }),
                }
            }
            if awards.is_empty() {
                continue;
            }
            let mut x = json!({
                "id": format!("{}-{}", crate::vi::slug(&d.agency.abbreviation), n.id),
                "kind": n.kind,
                "name": n.name,
                "summary": n.summary,
                "awards": awards,
                "origin": origin,
            });
            for (k, v) in [
                ("position", n.position.clone().map(Value::from)),
                ("unit", n.unit.clone().map(Value::from)),
                ("address", n.address.clone().map(Value::from)),
                ("birth_date", n.birth_date.map(|b| Value::from(b.short()))),
                ("gender", n.gender.map(|g| json!(g))),
                ("note", n.note.clone().map(Value::from)),
                ("person_id", n.person_id.clone().map(Value::from)),
            ] {
                if let Some(v) = v {
                    x[k] = v;
                }
            }
            if n.external {
                x["external"] = json!(true);
            }
            nominees.push((x, format!("nominees[{i}]")));
        }
        unit.taken = nominees.len();
        unit.signatures = signatures(&path, options, &unit, &file, &mut findings);
        units.push(Taken { unit, nominees, order });
    }
    units.sort_by(|a, b| a.order.cmp(&b.order));

    // Ids unique across units (two units with one abbreviation get a number).
    let mut seen = std::collections::HashSet::new();
    for u in &mut units {
        for (x, _) in &mut u.nominees {
            let stem = x["id"].as_str().unwrap_or_default().to_string();
            let mut id = stem.clone();
            let mut k = 2;
            while !seen.insert(id.clone()) {
                id = format!("{stem}-{k}");
                k += 1;
            }
            x["id"] = json!(id);
        }
    }

    let laws = engine.catalog().laws(office["pack"].as_str());
    cross_checks(
        &units.iter().map(|u| (&u.unit, &u.nominees)).collect::<Vec<_>>(),
        settings,
        &office,
        &laws,
        &mut findings,
    );

    // The office's dossier: nominees unit by unit, rounds for its council.
    let all: Vec<Value> = units.iter().flat_map(|u| u.nominees.iter().map(|(x, _)| x.clone())).collect();
    if let Some(m) = office.get_mut("minutes").filter(|m| m.is_object()) {
        if !m["rounds"].is_array() {
            m["rounds"] = json!([]);
        }
        let rounds = m["rounds"].as_array_mut().expect("made an array");
        for (id, _) in &office_awards {
            if all.iter().any(|x| x["awards"].as_array().is_some_and(|a| a.iter().any(|v| v == id)))
                && !rounds.iter().any(|r| r["award"] == id.as_str())
            {
                rounds.push(json!({"award": id, "voting": "show_of_hands", "votes": []}));
            }
        }
        // Votes kept only for nominees gathered.
        for r in rounds.iter_mut() {
            if let Some(v) = r["votes"].as_array_mut() {
                v.retain(|v| all.iter().any(|x| x["id"] == v["nominee"]));
            }
        }
        rounds.retain(|r| all.iter().any(|x| x["awards"].as_array().is_some_and(|a| a.contains(&r["award"]))));
    }
    // Golden-book numbers run on from the register when the office gave no start.
    if let Some(next) = settings.register.iter().filter_map(|r| r.golden_book).max().map(|g| g + 1)
        && let Some(decisions) = office["decisions"].as_array_mut()
    {
        for dec in decisions {
            if dec["certificates"]["golden_book_start"].is_null() {
                if !dec["certificates"].is_object() {
                    dec["certificates"] = json!({});
                }
                dec["certificates"]["golden_book_start"] = json!(next);
            }
        }
    }
    office["format"] = json!("hoso/2");
    office["nominees"] = Value::Array(all);
    Ok(Gathered { dossier: office, units: units.into_iter().map(|u| u.unit).collect(), findings })
}

/// Each unit read and checked: its report, its nominees as office JSON with the place each
/// came from (a JSON path, or a sheet's row), and its place in the office's order.
struct Taken {
    unit: Unit,
    nominees: Vec<(Value, String)>,
    order: (usize, String),
}

/// The workbooks under `dir` (.xlsx, .xls, .ods), in path order: a unit that sends only its
/// lists, in the layout `hoso export` writes.
fn workbook_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .max_depth(4)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| matches!(x.to_ascii_lowercase().as_str(), "xlsx" | "xls" | "ods"))
        })
        .collect()
}

/// An error of `unit`'s workbook `file` at `path` (a sheet's cell or row).
fn error_at(unit: &Unit, file: &str, path: String, message: Text, hint: Text) -> Finding {
    Finding {
        severity: Severity::Error,
        unit: unit.name.clone(),
        file: file.to_string(),
        path,
        message,
        hint: Some(hint),
    }
}

/// A unit that sends only its workbook: its letter from the info sheet, its nominees from the
/// letter's list sheet (read as `hoso import` reads it, the titles by the office's names or
/// its `awards` map), the letter's counts checked against the list. `None` for a workbook
/// without an info sheet (not a unit's lists), said as a warning.
fn workbook_unit(
    path: &Path,
    file: &str,
    settings: &Settings,
    office: &Value,
    wanted: &[&str],
    findings: &mut Vec<Finding>,
) -> Option<Taken> {
    let mut unit = Unit {
        file: file.to_string(),
        name: file.to_string(),
        abbreviation: String::new(),
        letter: None,
        taken: 0,
        refused: None,
        signatures: "none".into(),
    };
    let refuse = |mut unit: Unit, why: Text, order: (usize, String)| {
        unit.refused = Some(why);
        Some(Taken { unit, nominees: Vec::new(), order })
    };
    let last = (usize::MAX, file.to_string());
    let sheets = match crate::import::read(path) {
        Ok(s) => s,
        Err(e) => return refuse(unit, t!("gather.unreadable", error = e), last),
    };
    let Some(letters) = crate::lists::letters(&sheets) else {
        // Not a unit's lists (another office's export, a results file): said, not read.
        let sheet = crate::lists::INFO_SHEET;
        findings.push(not_read(
            file.to_string(),
            t!("gather.workbook-skipped", sheet = sheet),
            t!("hint.gather-workbook-skipped", sheet = sheet),
        ));
        return None;
    };
    let letters = match letters {
        Ok(l) => l,
        Err((row, header)) => {
            return refuse(
                unit,
                t!("gather.info-bad", sheet = crate::lists::INFO_SHEET, row = row, header = header),
                last,
            );
        }
    };
    let Some(letter) = wanted.iter().find_map(|a| letters.iter().find(|l| l.authority == *a)) else {
        let to: Vec<&str> = letters.iter().map(|l| l.authority.as_str()).collect();
        return refuse(unit, t!("gather.other-authority", authority = wanted[0], to = to.join(", ")), last);
    };
    unit.name = crate::text::one_line(&letter.unit);
    unit.abbreviation = letter.abbreviation.clone();
    let order = (
        settings.order.iter().position(|a| key(a) == key(&letter.abbreviation)).unwrap_or(usize::MAX),
        file.to_string(),
    );
    let origin = Origin {
        unit: unit.name.clone(),
        abbreviation: unit.abbreviation.clone(),
        number: letter.number.clone(),
        date: letter.date,
    };
    unit.letter = Some(origin.letter());
    let arrived = settings.received.get(&letter.abbreviation).copied().unwrap_or(letter.date);
    if let Some(cut) = settings.cut_off
        && arrived > cut
    {
        return refuse(unit, t!("gather.late", arrived = arrived.short(), cut_off = cut.short()), order);
    }
    let Some(sheet) = sheets.iter().find(|s| s.name == letter.sheet) else {
        return refuse(unit, t!("gather.no-list-sheet", sheet = &letter.sheet), order);
    };
    // The office's titles and awards, and the names its map gives the units' ones.
    let mut refs = crate::import::awards_of(office);
    for (from, to) in &settings.awards {
        if refs.iter().any(|r| &r.id == to) {
            refs.push(crate::import::AwardRef { id: to.clone(), name: from.clone(), collective: false });
        }
    }
    let rows = crate::import::rows(sheet, &[], &refs);
    let mut bad = 0;
    for p in rows.iter().flat_map(|r| &r.refused) {
        bad += 1;
        findings.push(error_at(
            &unit,
            file,
            format!("{}!{}{}", p.sheet, p.column, p.row),
            p.message.clone(),
            p.hint.clone(),
        ));
    }
    let mut nominees = Vec::new();
    let mut counted = [0u32; 3];
    for row in rows.iter().filter(|r| r.fields.contains_key("name")) {
        let place = format!("{}!{n}:{n}", sheet.name, n = row.number);
        let mut x = Value::Object(row.fields.clone());
        let name = x["name"].as_str().unwrap_or_default().to_string();
        let own = x["id"].as_str().map(str::to_string).unwrap_or_else(|| crate::vi::slug(&name));
        x["id"] = json!(format!("{}-{own}", crate::vi::slug(&letter.abbreviation)));
        if x["kind"].is_null() {
            x["kind"] = json!("individual");
        }
        counted[match x["kind"].as_str() {
            Some("collective") => 0,
            Some("household") => 2,
            _ => 1,
        }] += 1;
        if x["summary"].as_str().is_none_or(str::is_empty) {
            bad += 1;
            findings.push(error_at(
                &unit,
                file,
                place.clone(),
                t!("gather.sheet-no-summary", name = &name),
                t!("hint.gather-sheet-summary"),
            ));
        }
        if x["awards"].as_array().is_none_or(Vec::is_empty) {
            bad += 1;
            findings.push(error_at(
                &unit,
                file,
                place.clone(),
                t!("gather.sheet-no-award", name = &name),
                t!("hint.gather-award-map"),
            ));
        }
        x["origin"] = serde_json::to_value(&origin).expect("JSON");
        nominees.push((x, place));
    }
    // The letter's counts against its list.
    for (k, (said, found)) in letter.counts.into_iter().zip(counted).enumerate() {
        if let Some(said) = said
            && said != found
        {
            let sheet = &sheet.name;
            findings.push(error_at(
                &unit,
                file,
                format!("{}!{}", crate::lists::INFO_SHEET, letter.row),
                match k {
                    0 => t!("gather.count-collectives", said = said, found = found, sheet = sheet),
                    1 => t!("gather.count-individuals", said = said, found = found, sheet = sheet),
                    _ => t!("gather.count-households", said = said, found = found, sheet = sheet),
                },
                t!("hint.gather-counts"),
            ));
        }
    }
    if bad > 0 {
        return refuse(unit, t!("gather.does-not-check", count = bad), order);
    }
    unit.taken = nominees.len();
    Some(Taken { unit, nominees, order })
}

/// A person's identity across units: by `person_id`, else name and birth date; a household's
/// by its name and address (it has neither id nor birth date); a collective has none.
fn identity(x: &Value) -> Option<Identity> {
    match x["kind"].as_str() {
        Some("individual") => Some(identity_of(x["person_id"].as_str(), x["name"].as_str()?, x["birth_date"].as_str())),
        Some("household") => {
            Some((None, format!("{HOUSEHOLD_MARK}{}|{}", key(x["name"].as_str()?), key(x["address"].as_str()?))))
        }
        _ => None,
    }
}

/// The start of a household's identity, so that it never equals a person's.
const HOUSEHOLD_MARK: &str = "household|";

/// The identity of a person by their id (if any), name and birth date ("dd/mm/yyyy").
fn identity_of(person_id: Option<&str>, name: &str, birth_date: Option<&str>) -> Identity {
    let pid = person_id.map(id_key).filter(|s| !s.is_empty());
    (pid, format!("{}|{}", key(name), birth_date.unwrap_or("?")))
}

/// A person's identity: the normalised `person_id` if given, and "name|birth date".
type Identity = (Option<String>, String);

/// Whether two identities are the same person: both ids given and equal, or (one or both
/// without an id) the same name and birth date.
fn same(a: &Identity, b: &Identity) -> bool {
    match (&a.0, &b.0) {
        (Some(x), Some(y)) => x == y,
        _ => a.1 == b.1 && !a.1.ends_with("|?"),
    }
}

/// The checks across units: the same person twice, already decided, another emulation title for
/// the same year already decided (only the highest title's prize is paid, by the law's rule in
/// `laws`), the register's numbers, the quotas.
fn cross_checks(
    units: &[(&Unit, &Vec<(Value, String)>)],
    settings: &Settings,
    office: &Value,
    laws: &[&crate::law::Law],
    findings: &mut Vec<Finding>,
) {
    // The office's emulation titles, by name: two of them for one year are paid once.
    let titles: Vec<String> = office["awards"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|x| x["kind"] == "title")
        .filter_map(|x| x["name"].as_str().map(key))
        .collect();
    let name_of = |id: &str| -> String {
        office["awards"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["id"] == id))
            .and_then(|x| x["name"].as_str())
            .unwrap_or(id)
            .to_string()
    };
    let mut people: Vec<(Identity, &Unit, &Value, &str)> = Vec::new();
    for (u, ns) in units {
        for (x, path) in ns.iter() {
            let Some(me) = identity(x) else { continue };
            // A finding of this nominee, at its unit, file and path.
            let here = |severity, message, hint| Finding {
                severity,
                unit: u.name.clone(),
                file: u.file.clone(),
                path: path.clone(),
                message,
                hint: Some(hint),
            };
            for (other, ou, ox, _) in &people {
                if same(&me, other) {
                    let household = x["kind"] == "household";
                    let by = if me.0.is_some() && other.0.is_some() {
                        t!("gather.by-person-id")
                    } else if household {
                        t!("gather.by-name-address")
                    } else {
                        t!("gather.by-name-birth")
                    };
                    findings.push(here(
                        Severity::Error,
                        t!(
                            "gather.same-person",
                            name = x["name"].as_str().unwrap_or_default(),
                            other = &ou.name,
                            other_file = &ou.file,
                            by = by
                        ),
                        if household {
                            t!("hint.gather-same-household")
                        } else {
                            t!("hint.gather-same-person", other_name = ox["name"].as_str().unwrap_or_default())
                        },
                    ));
                }
            }
            // Already decided: the same person, title and year in the register.
            let year = x["origin"]["date"].as_str().and_then(|d| Date::parse(d).ok()).map(|d| d.year());
            for award in x["awards"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                let award_name = name_of(award);
                for r in &settings.register {
                    let them = identity_of(r.person_id.as_deref(), &r.name, r.birth_date.map(Date::short).as_deref());
                    if !same(&me, &them) || Some(r.year) != year {
                        continue;
                    }
                    let decision = format!("{:02}/QĐ-{}", r.number, r.issuer);
                    if key(&r.award) != key(&award_name) {
                        // Another title for the same year: the law pays the highest one only.
                        let rule = Date::parse(x["origin"]["date"].as_str().unwrap_or_default())
                            .ok()
                            .and_then(|d| crate::law::Law::prize_on(laws, d));
                        if let Some(rule) = rule
                            && titles.contains(&key(&r.award))
                            && titles.contains(&key(&award_name))
                        {
                            findings.push(here(
                                Severity::Warning,
                                t!(
                                    "gather.title-same-year",
                                    name = &r.name,
                                    award = &award_name,
                                    other = &r.award,
                                    year = r.year,
                                    decision = &decision,
                                    date = r.date.short(),
                                    source = &rule.highest_only_source,
                                    status = rule.highest_only_status.text()
                                ),
                                t!("hint.gather-title-same-year"),
                            ));
                        }
                        continue;
                    }
                    findings.push(here(
                        Severity::Error,
                        t!(
                            "gather.already-decided",
                            name = &r.name,
                            award = &award_name,
                            year = r.year,
                            decision = &decision,
                            date = r.date.short()
                        ),
                        t!("hint.gather-already-decided"),
                    ));
                }
            }
            people.push((me, u, x, path));
        }
        // Quotas, unit by unit.
        for q in &settings.quotas {
            let count = |id: &str| {
                ns.iter().filter(|(x, _)| x["awards"].as_array().is_some_and(|a| a.iter().any(|v| v == id))).count()
            };
            let (n, of) = (count(&q.award), count(&q.of));
            if n > 0 && (of == 0 || n * 100 > of * q.max_percent as usize) {
                findings.push(Finding {
                    severity: Severity::Warning,
                    unit: u.name.clone(),
                    file: u.file.clone(),
                    path: "nominees".into(),
                    message: t!(
                        "gather.quota",
                        award = name_of(&q.award),
                        count = n,
                        of = name_of(&q.of),
                        of_count = of,
                        max = q.max_percent,
                        source = &q.source,
                        checked =
                            if q.verified { t!("gather.source-verified") } else { t!("gather.source-unverified") }
                    ),
                    hint: Some(t!("hint.gather-quota")),
                });
            }
        }
    }
    // The register itself: one number per issuer and year.
    let mut numbers: BTreeMap<(String, i32, u32), Date> = BTreeMap::new();
    for (k, r) in settings.register.iter().enumerate() {
        let at = (r.issuer.clone(), r.date.year(), r.number);
        if let Some(d) = numbers.get(&at)
            && *d != r.date
        {
            findings.push(Finding {
                severity: Severity::Error,
                unit: SETTINGS_FILE.into(),
                file: SETTINGS_FILE.into(),
                path: format!("register[{k}]"),
                message: t!(
                    "gather.register-number-twice",
                    number = format!("{:02}/QĐ-{}", r.number, r.issuer),
                    year = r.date.year()
                ),
                hint: Some(t!("hint.gather-register")),
            });
        }
        numbers.entry(at).or_insert(r.date);
    }
}

/// The signatures of the rendered folder beside a unit's dossier file (the first folder under
/// the dossier's folder that holds a manifest), as one verdict; each file that is not valid
/// is a finding.
#[cfg(feature = "sign")]
fn signatures(path: &Path, options: &Options, unit: &Unit, file: &str, findings: &mut Vec<Finding>) -> String {
    let Some(dir) = path.parent() else { return "none".into() };
    let rendered = walkdir::WalkDir::new(dir)
        .max_depth(2)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name() == crate::MANIFEST_FILE)
        .and_then(|e| e.path().parent().map(Path::to_path_buf));
    let Some(rendered) = rendered else { return "none".into() };
    let report = match crate::verify::verify_folder(
        &rendered,
        &crate::verify::Options { trust: options.trust.clone(), offline: options.offline },
    ) {
        Ok(r) => r,
        Err(e) => {
            findings.push(Finding {
                severity: Severity::Warning,
                unit: unit.name.clone(),
                file: file.into(),
                path: String::new(),
                message: e,
                hint: None,
            });
            return "invalid".into();
        }
    };
    let rel = |f: &str| {
        rendered
            .join(f)
            .strip_prefix(path.parent().unwrap_or(Path::new("")))
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| f.to_string())
    };
    for f in &report.files {
        let message = if f.signatures.is_empty() {
            t!("gather.not-signed", file = rel(&f.file))
        } else if f.matches_manifest == Some(false) {
            t!("gather.not-manifest-file", file = rel(&f.file))
        } else {
            match f.verdict {
                crate::verify::Verdict::Valid => continue,
                crate::verify::Verdict::Incomplete => {
                    t!("gather.signatures-incomplete", file = rel(&f.file), fields = f.empty_fields.join(", "))
                }
                crate::verify::Verdict::Indeterminate => t!("gather.signatures-indeterminate", file = rel(&f.file)),
                crate::verify::Verdict::Invalid => t!("gather.signatures-invalid", file = rel(&f.file)),
            }
        };
        let severity = if f.verdict == crate::verify::Verdict::Invalid && !f.signatures.is_empty()
            || f.matches_manifest == Some(false)
        {
            Severity::Error
        } else {
            Severity::Warning
        };
        findings.push(Finding {
            severity,
            unit: unit.name.clone(),
            file: file.into(),
            path: String::new(),
            message,
            hint: None,
        });
    }
    serde_json::to_value(report.verdict).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// Without the feature `sign`, signatures are not read.
#[cfg(not(feature = "sign"))]
fn signatures(_: &Path, _: &Options, _: &Unit, _: &str, _: &mut Vec<Finding>) -> String {
    "none".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_person_by_id_else_name_and_birth() {
        let a = (Some("079185000123".to_string()), "nguyễn văn a|01/01/1980".to_string());
        let b = (Some("079185000124".to_string()), "nguyễn văn a|01/01/1980".to_string());
        assert!(!same(&a, &b), "two ids that differ are two people, whatever their names");
        let c = (None, "nguyễn văn a|01/01/1980".to_string());
        assert!(same(&a, &c));
        let d = (None, "nguyễn văn a|?".to_string());
        assert!(!same(&d, &d.clone()), "a name without a birth date is not enough");
        assert_eq!(id_key(" 079 185-000123 "), "079185000123");
    }
}
