//! Pipeline step 3: a valid dossier → the JSON view one form's template reads as `/data.json`.
//!
//! Everything a template prints is decided here, in tested Rust: dates and numbers in the
//! Vietnamese style, upper-cased header lines, punctuation of bases and recipients, counts
//! taken from the nominee list, sorted lists, and the unit's wording rendered by minijinja.
//! Templates only lay the strings out. One file per part of the dossier: [`proposal`],
//! [`minutes`], [`report`]; [`bundle`] strings them together for the complete file.

pub(crate) mod bundle;
pub(crate) mod minutes;
pub(crate) mod proposal;
pub(crate) mod report;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::dossier::{Authority, DocNumber, Dossier, Kind, Nominee, Signer};
use crate::form::Form;
use crate::problem::{Problems, join};
use crate::vi::{self, Date};

/// One document's view: the JSON for the template and what naming the output needs.
#[derive(Debug, Clone)]
pub(crate) struct View {
    /// What the template reads from `/data.json`.
    pub data: Value,
    /// Its PDF metadata (also in `data`, where the template sets it).
    pub meta: Meta,
    /// The file name without ".pdf", already made safe.
    pub file_stem: String,
    /// A stable identifier of the document, for the PDF's /ID.
    pub ident: String,
    /// The bookmark of this document in the complete dossier, e.g. "Tờ trình số 05/TTr-TCNDTNT".
    pub bookmark: String,
    /// The nominee a per-nominee document is about (index into `nominees`).
    pub nominee: Option<usize>,
}

/// Nominees in list order: collectives as given, then individuals by Vietnamese name order.
/// The list, the vote table and the reports all follow it.
pub(crate) fn list_order(d: &Dossier) -> Vec<usize> {
    let mut people: Vec<usize> = (0..d.nominees.len()).filter(|&i| d.nominees[i].kind == Kind::Individual).collect();
    people.sort_by_cached_key(|&i| vi::name_key(&d.nominees[i].name));
    (0..d.nominees.len()).filter(|&i| d.nominees[i].kind == Kind::Collective).chain(people).collect()
}

/// Whether the council's vote lets nominee `i` go forward: always without minutes, else when
/// the votes in favour reach the threshold.
pub(crate) fn passed(d: &Dossier, i: usize) -> bool {
    d.minutes.as_ref().is_none_or(|m| m.votes_for(&d.nominees[i].id).is_some_and(|v| m.passes(v)))
}

/// The nominees the letter proposes, in list order: those the council passed. The list, the
/// letter's counts and the reports follow it; the minutes record every nominee.
pub(crate) fn proposed(d: &Dossier) -> Vec<usize> {
    list_order(d).into_iter().filter(|&i| passed(d, i)).collect()
}

/// How many collectives and individuals, as numbers and as padded text ("02").
pub(crate) fn counts(collectives: usize, individuals: usize) -> Value {
    json!({
        "collectives": collectives,
        "individuals": individuals,
        "collectives_text": vi::pad2(collectives as u64),
        "individuals_text": vi::pad2(individuals as u64),
        "total": collectives + individuals,
        "phrase": count_phrase(collectives, individuals, " và "),
    })
}

/// "02 tập thể và 05 cá nhân", leaving out a kind with none.
pub(crate) fn count_phrase(collectives: usize, individuals: usize, and: &str) -> String {
    let mut parts = Vec::new();
    if collectives > 0 {
        parts.push(format!("{} tập thể", vi::pad2(collectives as u64)));
    }
    if individuals > 0 {
        parts.push(format!("{} cá nhân", vi::pad2(individuals as u64)));
    }
    parts.join(and)
}

/// The variables wording templates and views share: the dossier's facts, formatted.
pub(crate) fn context(d: &Dossier) -> Value {
    let proposed = proposed(d);
    let collectives = proposed.iter().filter(|&&i| d.nominees[i].kind == Kind::Collective).count();
    let quoted = quoted(&d.movement.name);
    let mut phrase = format!("phong trào thi đua {quoted}");
    if let Some(p) = &d.movement.period {
        phrase.push_str(&format!(" giai đoạn {p}"));
    }
    json!({
        "agency": {
            "name": one_line(&d.agency.name),
            "abbreviation": d.agency.abbreviation,
            "parent": d.agency.parent.as_deref().map(one_line),
            "place": d.agency.place,
        },
        "award": {
            "name": d.award.name,
            "grantor": d.award.grantor,
            "title": award_title(&d.award.name, &d.award.grantor),
        },
        "movement": {
            "name": d.movement.name,
            "period": d.movement.period,
            "plan": d.movement.plan,
            "quoted": quoted,
            "phrase": phrase,
        },
        "proposal": {
            "number_text": d.proposal.number.0.map(|n| vi::pad2(n as u64)),
            "date": d.proposal.date.short(),
            "date_long": d.proposal.date.long(),
            "date_iso": d.proposal.date.iso(),
        },
        "minutes": d.minutes.as_ref().map(|m| json!({
            "number_text": m.number.0.map(|n| vi::pad2(n as u64)),
            "date": m.date.short(),
            "date_long": m.date.long(),
        })),
        "counts": counts(collectives, proposed.len() - collectives),
    })
}

/// A name in quotation marks, “…”, whether or not the data already quotes it.
pub(crate) fn quoted(name: &str) -> String {
    format!("“{}”", name.trim_matches(|c| matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’')).trim())
}

/// "Giấy khen của Giám đốc Sở …".
pub(crate) fn award_title(name: &str, grantor: &str) -> String {
    format!("{name} của {grantor}")
}

/// A nominee's award kind ("Giấy khen"): its own, or the dossier's.
pub(crate) fn award_name(d: &Dossier, n: &Nominee) -> String {
    n.award.as_ref().map_or(d.award.name.clone(), |a| a.name.clone())
}

/// A header name as lines (where the clerk put line breaks, "\n"), each cut into the word
/// groups the layout may break between (place names and two-syllable words stay whole), and
/// upper-cased.
pub(crate) fn header_lines(name: &str) -> Vec<Vec<String>> {
    name.lines()
        .map(|l| vi::group::groups(l.trim()).iter().map(|g| vi::upper(g)).collect::<Vec<_>>())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The place written before a date, as given and, for "Thành phố …", shortened to "TP. …" (for a
/// date line that would not fit otherwise).
fn places(place: &str) -> (String, String) {
    let short = match place.strip_prefix("Thành phố ") {
        Some(rest) => format!("TP. {rest}"),
        None => place.to_string(),
    };
    (place.to_string(), short)
}

/// A name on one line, for use in running text (header line breaks become spaces).
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "TỜ TRÌNH" → "Tờ trình".
pub(crate) fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut c = lower.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The document symbol after the number, e.g. "/TTr-TCNDTNT".
pub(crate) fn symbol(form: &Form, d: &Dossier) -> String {
    format!("/{}-{}", form.meta.abbreviation, d.agency.abbreviation)
}

/// "05/TTr-TCNDTNT", or the symbol alone after blank space while unregistered.
pub(crate) fn full_number(form: &Form, d: &Dossier, n: DocNumber) -> String {
    match n.0 {
        Some(n) => format!("{}{}", vi::pad2(n as u64), symbol(form, d)),
        None => format!("{BLANK_NUMBER}{}", symbol(form, d)),
    }
}

/// Non-breaking spaces that hold the place of a registration number still to be written.
pub(crate) const BLANK_NUMBER: &str = "\u{A0}\u{A0}\u{A0}\u{A0}\u{A0}\u{A0}\u{A0}\u{A0}";

/// The header grid (boxes 1–4): the issuing agency under its parent, the number line (when
/// `number` is given) and the place and date (when `date` is given).
pub(crate) fn header(d: &Dossier, form: &Form, number: Option<DocNumber>, date: Option<Date>) -> Value {
    json!({
        "parent": d.agency.parent.as_deref().map(header_lines),
        "agency": header_lines(&d.agency.name),
        "number": number.and_then(|n| n.0).map(|n| vi::pad2(n as u64)),
        "symbol": number.map(|_| symbol(form, d)),
        "place_date": date.map(|date| format!("{}, {}", places(&d.agency.place).0, date.long())),
        "place_date_short": date.map(|date| format!("{}, {}", places(&d.agency.place).1, date.long())),
    })
}

/// A document's PDF metadata, as its template sets it (`set document(..)`) and as the cut
/// writes it into the document's own file.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Meta {
    /// The title (the document's summary).
    pub title: String,
    /// What kind of document it is (XMP dc:description, the PDF's Subject).
    pub subject: String,
    /// The issuing agency.
    pub author: String,
    /// Keywords: the document type and the agency's abbreviation.
    pub keywords: Vec<String>,
    /// The document's date.
    pub date: MetaDate,
}

/// A date as the template's `datetime(..)` takes it.
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct MetaDate {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
    /// The day, 1–31.
    pub day: u32,
}

impl From<Date> for MetaDate {
    fn from(date: Date) -> Self {
        MetaDate { year: date.year(), month: date.month(), day: date.day() }
    }
}

/// PDF metadata of a form's document: title, subject (the form), author (the agency),
/// keywords, date.
pub(crate) fn meta(d: &Dossier, form: &Form, title: &str, date: Date) -> Meta {
    Meta {
        title: title.to_string(),
        subject: form.meta.title.clone(),
        author: one_line(&d.agency.name),
        keywords: vec![form.meta.document.clone(), d.agency.abbreviation.clone()],
        date: date.into(),
    }
}

/// Render the form's wording against `ctx`, with the dossier's overrides; problems point at
/// `wording.<key>` for overrides and at the form's file for its defaults.
pub(crate) fn wording(d: &Dossier, form: &Form, ctx: &Value, problems: &mut Problems) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, default) in &form.meta.wording {
        let (template, from_dossier) = match d.wording.get(key) {
            Some(t) => (t.as_str(), true),
            None => (default.as_str(), false),
        };
        match crate::wording::render(template, ctx) {
            Ok(text) => {
                out.insert(key.clone(), Value::String(text));
            }
            Err(e) if from_dossier => {
                problems
                    .error(join("wording", key), e)
                    .hint("`hoso view DOSSIER --context` lists the variables; names are case-sensitive");
            }
            Err(e) => {
                problems.error("", format!("forms/{}/form.toml, wording `{key}`: {e}", form.id));
            }
        }
    }
    out
}

/// A rendered wording string, empty when the key is missing.
pub(crate) fn text(w: &Map<String, Value>, key: &str) -> String {
    w.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

/// A label from the form's `[labels]`, or the key itself so a missing label shows up in review.
pub(crate) fn label(form: &Form, key: &str) -> String {
    form.meta.labels.get(key).cloned().unwrap_or_else(|| format!("[{key}]"))
}

/// Box 7 lines, e.g. ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"], plus the name and a field role.
pub(crate) fn signer(s: &Signer) -> Value {
    let lines = match (s.authority, &s.on_behalf_of) {
        (Some(Authority::Q), _) => vec![format!("Q. {}", vi::upper(&s.position))],
        (Some(a), Some(of)) => vec![format!("{} {}", a.prefix(), vi::upper(of)), vi::upper(&s.position)],
        _ => vec![vi::upper(&s.position)],
    };
    json!({ "lines": lines, "note": null, "name": s.name, "role": role(&s.position) })
}

/// A signer block with fixed caption lines (from the form's labels) instead of a position.
pub(crate) fn captioned(caption: &str, note: Option<&str>, name: &str, role: &str) -> Value {
    json!({ "lines": caption.lines().map(str::trim).collect::<Vec<_>>(), "note": note, "name": name, "role": role })
}

/// A signer block with its optional Decree 30 signature image and whether the agency's seal
/// goes over it (both only reported in the manifest, or laid out with `--stamp`).
pub(crate) fn stamped(mut block: Value, image: Option<&str>, seal: bool) -> Value {
    block["image"] = json!(image);
    block["seal"] = json!(seal);
    block
}

/// A signature-field role from a position: "Phó Hiệu trưởng" → "pho_hieu_truong".
pub(crate) fn role(position: &str) -> String {
    vi::slug(position).replace('-', "_")
}

/// End a closing sentence with the Decree 30 end mark "./.".
pub(crate) fn end_mark(s: &str) -> String {
    format!("{}./.", s.trim_end_matches("./.").trim_end_matches(['.', ';', ',']).trim_end())
}

/// The view of a numbered per-dossier document (the letter, the minutes): its ident and
/// bookmark come from the form, the number and the date.
pub(crate) fn numbered(
    d: &Dossier,
    form: &Form,
    (data, meta): (Value, Meta),
    (date, number): (Date, DocNumber),
    w: &Map<String, Value>,
) -> View {
    View {
        data,
        meta,
        file_stem: file_stem(w, form),
        ident: format!("hoso/{}/{}/{}/{}", form.id, d.agency.abbreviation, date.iso(), number.0.unwrap_or_default()),
        bookmark: format!(
            "{} số {}",
            sentence_case(&form.meta.document),
            full_number(form, d, number).trim_start_matches(BLANK_NUMBER)
        ),
        nominee: None,
    }
}

/// A file stem from a rendered `file_name` wording, falling back to the form id.
pub(crate) fn file_stem(w: &Map<String, Value>, form: &Form) -> String {
    let stem = vi::slug(&text(w, "file_name"));
    if stem.is_empty() { form.id.clone() } else { stem }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_mark_is_added_once() {
        assert_eq!(
            end_mark("Kính trình Giám đốc Sở xem xét, quyết định."),
            "Kính trình Giám đốc Sở xem xét, quyết định./."
        );
        assert_eq!(end_mark("Kính trình./."), "Kính trình./.");
    }

    #[test]
    fn signer_lines() {
        let s = Signer {
            authority: Some(Authority::Kt),
            on_behalf_of: Some("Hiệu trưởng".into()),
            position: "Phó Hiệu trưởng".into(),
            name: "A".into(),
            signature_image: None,
        };
        assert_eq!(signer(&s)["lines"], json!(["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"]));
        assert_eq!(signer(&s)["role"], json!("pho_hieu_truong"));
        let q = Signer {
            authority: Some(Authority::Q),
            on_behalf_of: None,
            position: "Hiệu trưởng".into(),
            name: "A".into(),
            signature_image: None,
        };
        assert_eq!(signer(&q)["lines"], json!(["Q. HIỆU TRƯỞNG"]));
    }

    /// Guards the movement's name against doubled quotes (““…””) when the data quotes it already.
    #[test]
    fn quotes_are_not_doubled() {
        assert_eq!(quoted("Vì người nghèo"), "“Vì người nghèo”");
        assert_eq!(quoted("“Vì người nghèo”"), "“Vì người nghèo”");
        assert_eq!(quoted("\"Vì người nghèo\""), "“Vì người nghèo”");
    }

    #[test]
    fn count_phrases() {
        assert_eq!(count_phrase(2, 5, " và "), "02 tập thể và 05 cá nhân");
        assert_eq!(count_phrase(0, 5, ", "), "05 cá nhân");
        assert_eq!(count_phrase(3, 0, ", "), "03 tập thể");
    }
}
