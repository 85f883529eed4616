//! Pipeline step 3: a valid dossier → the JSON view one form's template reads as `/data.json`.
//!
//! Everything a template prints is decided here, in tested Rust: dates and numbers in the
//! Vietnamese style, upper-cased header lines, punctuation of bases and recipients, counts
//! taken from the nominee list, sorted lists, and the unit's wording rendered by minijinja.
//! Templates only lay the strings out. One file per part of the dossier: [`proposal`],
//! [`minutes`], [`report`]; [`bundle`] strings them together for the complete file.

pub(crate) mod certificate;
pub(crate) mod complete;
pub(crate) mod decision;
pub(crate) mod minutes;
pub(crate) mod proposal;
pub(crate) mod report;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::dossier::{Award, AwardKind, DocNumber, Dossier, Kind, Prefix, Proposal, Roster, Signer};
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
    /// For documents also printed together (certificates): the file stem of the combined file.
    pub group: Option<String>,
}

/// How many collectives, individuals and households among some nominees.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Kinds {
    /// Tập thể.
    pub collectives: usize,
    /// Cá nhân.
    pub individuals: usize,
    /// Hộ gia đình.
    pub households: usize,
}

impl Kinds {
    /// How many of `kind`.
    pub(crate) fn of(self, kind: Kind) -> usize {
        match kind {
            Kind::Collective => self.collectives,
            Kind::Individual => self.individuals,
            Kind::Household => self.households,
        }
    }

    /// How many in all.
    pub(crate) fn total(self) -> usize {
        self.collectives + self.individuals + self.households
    }
}

/// How many of each kind among `nominees`.
pub(crate) fn kinds(d: &Dossier, nominees: &[usize]) -> Kinds {
    let mut k = Kinds::default();
    for &i in nominees {
        match d.nominees[i].kind {
            Kind::Collective => k.collectives += 1,
            Kind::Individual => k.individuals += 1,
            Kind::Household => k.households += 1,
        }
    }
    k
}

/// A kind as lists and sentences name it: "tập thể", "cá nhân", "hộ gia đình".
pub(crate) fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Collective => "tập thể",
        Kind::Individual => "cá nhân",
        Kind::Household => "hộ gia đình",
    }
}

/// Whom a list or a decision is for: "các tập thể, cá nhân", "các hộ gia đình".
pub(crate) fn whom(k: Kinds) -> String {
    let words: Vec<&str> = Kind::ALL.into_iter().filter(|&x| k.of(x) > 0).map(kind_word).collect();
    if words.is_empty() { "các cá nhân".to_string() } else { format!("các {}", words.join(", ")) }
}

/// The unit a collective belongs to as lists and certificates print it: a gathered nominee's
/// proposing unit, else the issuing agency.
pub(crate) fn home(d: &Dossier, x: &crate::dossier::Nominee) -> String {
    match &x.origin {
        Some(o) => one_line(&o.unit),
        None => one_line(&d.agency.name),
    }
}

/// An individual's position and unit, "Giáo viên, Tổ khối 1" (a household's address), and a
/// gathered nominee's proposing unit after them when the unit does not already name it.
pub(crate) fn position_unit(x: &crate::dossier::Nominee) -> String {
    let mut parts: Vec<String> = [x.position.as_deref(), x.unit.as_deref(), x.address.as_deref()]
        .into_iter()
        .flatten()
        .map(str::to_string)
        .collect();
    if let Some(o) = &x.origin {
        let unit = one_line(&o.unit);
        if !x.unit.as_deref().is_some_and(|u| u.contains(&unit)) {
            parts.push(unit);
        }
    }
    parts.join(", ")
}

/// What a list's second column says of a nominee: an individual's position and unit, a
/// household's address, the unit a collective belongs to.
pub(crate) fn detail(d: &Dossier, x: &crate::dossier::Nominee) -> String {
    match x.kind {
        Kind::Collective => home(d, x),
        Kind::Individual | Kind::Household => position_unit(x),
    }
}

/// A Roman numeral, as lists number their parts: 1 → "I", 14 → "XIV", 300 → "CCC".
pub(crate) fn roman(mut n: usize) -> String {
    const STEPS: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in STEPS {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// How many of each kind, as numbers and as padded text ("02"), with the phrase naming them
/// all ("các tập thể, cá nhân", the same whichever of the two there are).
pub(crate) fn counts(k: Kinds) -> Value {
    json!({
        "collectives": k.collectives,
        "individuals": k.individuals,
        "households": k.households,
        "collectives_text": vi::pad2(k.collectives as u64),
        "individuals_text": vi::pad2(k.individuals as u64),
        "households_text": vi::pad2(k.households as u64),
        "total": k.total(),
        "phrase": count_phrase(k, " và "),
        // The documents' fixed phrase for everyone named, households added when there are any.
        "named": if k.households > 0 { "các tập thể, cá nhân, hộ gia đình" } else { "các tập thể, cá nhân" },
    })
}

/// "02 tập thể và 05 cá nhân", "02 tập thể, 05 cá nhân và 01 hộ gia đình", leaving out a kind
/// with none; `and` joins the last two (", " joins them all).
pub(crate) fn count_phrase(k: Kinds, and: &str) -> String {
    let parts: Vec<String> = Kind::ALL
        .into_iter()
        .filter(|&x| k.of(x) > 0)
        .map(|x| format!("{} {}", vi::pad2(k.of(x) as u64), kind_word(x)))
        .collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}{and}{last}", rest.join(", ")),
        _ => parts.concat(),
    }
}

/// The verb of a title or award: "tặng Giấy khen", "công nhận danh hiệu “Lao động tiên tiến”".
pub(crate) fn verb(a: &Award) -> String {
    match a.kind {
        AwardKind::Award => format!("tặng {}", a.name),
        AwardKind::Title => format!("công nhận {}", a.display_name()),
    }
}

/// A title or award with who grants it: "Giấy khen của Giám đốc Sở …"; a title stands alone
/// (“Lao động tiên tiến” is the same whoever recognises it).
pub(crate) fn titled(d: &Dossier, a: &Award) -> String {
    match (a.kind, d.authority(&a.authority)) {
        (AwardKind::Award, Some(by)) => award_title(&a.name, &by.title),
        _ => a.display_name(),
    }
}

/// What a group of titles and awards is called in a subject line: the one, with its grantor
/// ("tặng Giấy khen của Giám đốc Sở …"), or "công nhận danh hiệu thi đua và khen thưởng …" for
/// several, with the period when there is one.
pub(crate) fn subject(d: &Dossier, awards: &[&Award]) -> String {
    match awards {
        [one] => match one.kind {
            AwardKind::Award => format!("tặng {}", titled(d, one)),
            AwardKind::Title => verb(one),
        },
        _ => {
            let titles = awards.iter().any(|a| a.kind == AwardKind::Title);
            let prizes = awards.iter().any(|a| a.kind == AwardKind::Award);
            let what = match (titles, prizes) {
                (true, true) => "công nhận danh hiệu thi đua và khen thưởng",
                (true, false) => "công nhận danh hiệu thi đua",
                _ => "khen thưởng",
            };
            match &d.period {
                Some(p) => format!("{what} {p}"),
                None => what.to_string(),
            }
        }
    }
}

/// "tặng Giấy khen (khen thưởng theo chuyên đề) cho 02 tập thể và 05 cá nhân": what is asked
/// for one title or award, counted on the nominees who go forward for it.
pub(crate) fn clause(d: &Dossier, r: &Roster, a: &Award) -> Option<String> {
    let k = kinds(d, &r.passed_for(&a.id));
    if k.total() == 0 {
        return None;
    }
    let kind = match a.kind {
        AwardKind::Award => format!(" ({})", d.commendation_of(a).phrase()),
        AwardKind::Title => String::new(),
    };
    Some(format!("{}{kind} cho {}", verb(a), count_phrase(k, " và ")))
}

/// Each title and award of the dossier, for wording templates.
fn awards_context(d: &Dossier, r: &Roster, awards: &[&Award]) -> Value {
    Value::Array(
        awards
            .iter()
            .map(|a| {
                let k = kinds(d, &r.passed_for(&a.id));
                json!({
                    "id": a.id,
                    "name": a.name,
                    "kind": a.kind,
                    "display": a.display_name(),
                    "verb": verb(a),
                    "title": titled(d, a),
                    "authority": d.authority(&a.authority).map(|x| x.title.clone()),
                    "commendation": d.commendation_of(a).phrase(),
                    "counts": counts(k),
                })
            })
            .collect(),
    )
}

/// The phrase the achievements are in: "phong trào thi đua “…” giai đoạn 2021 - 2025", or
/// "thực hiện nhiệm vụ năm học 2024 - 2025".
pub(crate) fn achieved_in(d: &Dossier) -> String {
    match (&d.movement, &d.period) {
        (Some(m), _) => {
            let mut phrase = format!("phong trào thi đua {}", quoted(&m.name));
            // "2021 - 2025" is a stage ("giai đoạn 2021 - 2025"); "năm 2026" says itself.
            match &m.period {
                Some(p) if ["năm", "giai đoạn"].iter().any(|w| p.to_lowercase().starts_with(w)) => {
                    phrase.push_str(&format!(" {p}"));
                }
                Some(p) => phrase.push_str(&format!(" giai đoạn {p}")),
                None => {}
            }
            phrase
        }
        // A period that is already a phrase ("quá trình công tác", "thực hiện nhiệm vụ …") stands
        // as it is: never "thực hiện nhiệm vụ quá trình công tác".
        (None, Some(p)) if ["quá trình", "thực hiện", "công tác"].iter().any(|w| p.to_lowercase().starts_with(w)) => {
            p.clone()
        }
        (None, Some(p)) => format!("thực hiện nhiệm vụ {p}"),
        (None, None) => "công tác".into(),
    }
}

/// The variables wording templates and views share: the dossier's facts, formatted. Each form
/// adds its own (see its `form.toml`).
pub(crate) fn context(d: &Dossier, r: &Roster) -> Value {
    let proposed = r.proposed();
    let proposed = kinds(d, &proposed);
    let all: Vec<&Award> = d.awards.iter().collect();
    let first = &d.awards[0];
    json!({
        "agency": {
            "name": one_line(&d.agency.name),
            "abbreviation": d.agency.abbreviation,
            "parent": d.agency.parent.as_deref().map(one_line),
            "place": d.agency.place,
        },
        "award": {
            "name": first.name,
            "grantor": d.authority(&first.authority).map(|a| a.title.clone()),
            "title": titled(d, first),
        },
        "awards": awards_context(d, r, &all),
        "movement": d.movement.as_ref().map(|m| json!({
            "name": m.name,
            "period": m.period,
            "plan": m.plan,
            "quoted": quoted(&m.name),
            "phrase": achieved_in(d),
        })),
        "period": d.period,
        "achieved_in": achieved_in(d),
        "minutes": d.minutes.as_ref().map(|m| json!({
            "number_text": m.number.0.map(|n| vi::pad2(n as u64)),
            "date": m.date.short(),
            "date_long": m.date.long(),
        })),
        "counts": counts(proposed),
    })
}

/// The letter's variables added to the shared context: the authority, the letter's own titles
/// and awards, counts and request, and the letter's number and date.
pub(crate) fn letter_context(d: &Dossier, r: &Roster, p: &Proposal) -> Value {
    let mut ctx = context(d, r);
    let awards: Vec<&Award> = d.awards.iter().filter(|a| a.authority == p.authority).collect();
    let mut nominees: Vec<usize> = awards.iter().flat_map(|a| r.passed_for(&a.id)).collect();
    nominees.sort();
    nominees.dedup();
    let counted = kinds(d, &nominees);
    let clauses: Vec<String> = awards.iter().filter_map(|a| clause(d, r, a)).collect();
    let reports =
        nominees.iter().any(|&n| r.passed_awards(d, n).iter().any(|a| a.authority == p.authority && a.report));
    let authority = d.authority(&p.authority).map(|a| a.title.clone()).unwrap_or_default();
    if let Some(first) = awards.first() {
        ctx["award"] = json!({"name": first.name, "grantor": authority, "title": titled(d, first)});
    }
    ctx["authority"] = json!({"id": p.authority, "title": authority});
    ctx["awards"] = awards_context(d, r, &awards);
    ctx["counts"] = counts(counted);
    ctx["letter"] = json!({
        "subject": subject(d, &awards),
        "request": clauses.join("; "),
        "reports": reports,
        "via": via(&p.addressees, &authority),
    });
    ctx["proposal"] = json!({
        "number_text": p.number.0.map(|n| vi::pad2(n as u64)),
        "date": p.date.short(),
        "date_long": p.date.long(),
        "date_iso": p.date.iso(),
    });
    ctx
}

/// The body a letter goes through on its way to the deciding authority: its first addressee,
/// when no addressee is that authority or its body (a school under the ward writes "Kính gửi: Ủy
/// ban nhân dân phường …" for the city's chairman's Giấy khen); `None` when it goes straight.
fn via(addressees: &[String], authority: &str) -> Option<String> {
    // "Ủy ban nhân dân thành phố Hà Nội (qua Sở Nội vụ …)" is the city's body: the part in brackets
    // says how it travels, not to whom.
    let norm = |s: &str| {
        let s = s.split('(').next().unwrap_or_default();
        one_line(s.trim_start_matches(['-', ' ']).trim_end_matches(['.', ';', ',', ' '])).to_lowercase()
    };
    let to = norm(authority);
    if to.is_empty() || addressees.iter().map(|a| norm(a)).any(|a| a.contains(&to) || to.contains(&a)) {
        return None;
    }
    addressees.first().map(|a| one_line(a.trim_start_matches(['-', ' ']).trim_end_matches(['.', ';', ',', ' '])))
}

/// A name in quotation marks, “…”, whether or not the data already quotes it.
pub(crate) fn quoted(name: &str) -> String {
    format!("“{}”", name.trim_matches(|c| matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’')).trim())
}

/// "Giấy khen của Giám đốc Sở …".
pub(crate) fn award_title(name: &str, grantor: &str) -> String {
    format!("{name} của {grantor}")
}

/// A header name as lines (where the clerk put line breaks, "\n"), each cut into the word
/// groups the layout may break between (place names and two-syllable words stay whole), and
/// upper-cased.
pub(crate) fn header_lines(binder: &vi::group::Binder, name: &str) -> Vec<Vec<String>> {
    name.lines()
        .map(|l| binder.groups(l.trim()).iter().map(|g| vi::upper(g)).collect::<Vec<_>>())
        .filter(|l| !l.is_empty())
        .collect()
}

/// What keeps the dossier's words and names whole across line breaks: the word list and the
/// names the dossier writes (its agency, parent, place and authorities), so that a title in
/// capitals keeps "XÃ TÂN CHI" together as the mixed-case "xã Tân Chi" does. Its `bind` gives a
/// heading, title, caption or certificate line as the templates take it: the spaces inside each
/// word or name are U+00A0, so the kit's `keep-words` (and any line breaker) breaks the line
/// only between words. A view builds it once.
pub(crate) fn binder(d: &Dossier) -> vi::group::Binder {
    let names = [d.agency.name.as_str(), d.agency.parent.as_deref().unwrap_or_default(), d.agency.place.as_str()]
        .into_iter()
        .chain(d.authorities.iter().map(|a| a.title.as_str()));
    vi::group::Binder::knowing(names)
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
pub(crate) use crate::text::one_line;

/// A phrase as the start of a cell or line: its first letter capitalised ("danh hiệu “…”" →
/// "Danh hiệu “…”").
pub(crate) fn sentence_start(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
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
    let binder = binder(d);
    json!({
        "parent": d.agency.parent.as_deref().map(|p| header_lines(&binder, p)),
        "agency": header_lines(&binder, &d.agency.name),
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

/// Render the form's wording against `ctx`, with the dossier's overrides for this form;
/// problems point at `wording.<form>.<key>` for overrides and at the form's file for its
/// defaults.
pub(crate) fn wording(d: &Dossier, form: &Form, ctx: &Value, problems: &mut Problems) -> Map<String, Value> {
    let mut out = Map::new();
    let overrides = d.wording.get(&form.id);
    for (key, default) in &form.meta.wording {
        let (template, from_dossier) = match overrides.and_then(|o| o.get(key)) {
            Some(t) => (t.as_str(), true),
            None => (default.as_str(), false),
        };
        match crate::wording::render(template, ctx) {
            Ok(text) => {
                out.insert(key.clone(), Value::String(text));
            }
            Err(e) if from_dossier => {
                problems
                    .error(join(&join("wording", &form.id), key), crate::t!("wording.error", error = e))
                    .hint(crate::t!("hint.wording"));
            }
            Err(e) => {
                problems.error("", crate::t!("wording.form-error", form = &form.id, key = key, error = e));
            }
        }
    }
    out
}

/// A rendered wording string, empty when the key is missing.
pub(crate) fn text(w: &Map<String, Value>, key: &str) -> String {
    w.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

/// A label: the unit's correction in the dossier, else the form's `[labels]`, else the key
/// itself so a missing label shows up in review.
pub(crate) fn label(d: &Dossier, form: &Form, key: &str) -> String {
    d.labels
        .get(&form.id)
        .and_then(|l| l.get(key))
        .or_else(|| form.meta.labels.get(key))
        .cloned()
        .unwrap_or_else(|| format!("[{key}]"))
}

/// Every label of a form as the template reads them (`d.labels`), with the unit's corrections.
pub(crate) fn labels(d: &Dossier, form: &Form) -> Value {
    let mut all = form.meta.labels.clone();
    if let Some(own) = d.labels.get(&form.id) {
        all.extend(own.clone());
    }
    json!(all)
}

/// Box 7 lines, e.g. ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"], plus the name and a field role.
/// The lines' words are bound (`vi::group::bind`): a long position wraps between words.
pub(crate) fn signer(s: &Signer) -> Value {
    let up = |t: &str| vi::upper(&vi::group::bind(t));
    let lines = match (s.prefix, &s.on_behalf_of) {
        (Some(Prefix::Q), _) => vec![format!("Q. {}", up(&s.position))],
        (Some(a), Some(of)) => vec![format!("{} {}", a.prefix(), up(of)), up(&s.position)],
        _ => vec![up(&s.position)],
    };
    json!({ "lines": lines, "note": null, "name": vi::group::bind_words(&s.name), "role": role(&s.position) })
}

/// A signer block with fixed caption lines (from the form's labels) instead of a position.
pub(crate) fn captioned(caption: &str, note: Option<&str>, name: &str, role: &str) -> Value {
    let lines: Vec<String> = caption.lines().map(|l| vi::group::bind(l.trim())).collect();
    json!({ "lines": lines, "note": note, "name": vi::group::bind_words(name), "role": role })
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
        group: None,
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
            prefix: Some(Prefix::Kt),
            on_behalf_of: Some("Hiệu trưởng".into()),
            position: "Phó Hiệu trưởng".into(),
            name: "A".into(),
            signature_image: None,
        };
        // A word's syllables are bound (U+00A0): the caption wraps between words only.
        assert_eq!(signer(&s)["lines"], json!(["KT. HIỆU\u{a0}TRƯỞNG", "PHÓ\u{a0}HIỆU\u{a0}TRƯỞNG"]));
        assert_eq!(signer(&s)["role"], json!("pho_hieu_truong"));
        let q = Signer {
            prefix: Some(Prefix::Q),
            on_behalf_of: None,
            position: "Hiệu trưởng".into(),
            name: "A".into(),
            signature_image: None,
        };
        assert_eq!(signer(&q)["lines"], json!(["Q. HIỆU\u{a0}TRƯỞNG"]));
    }

    /// Guards the movement's name against doubled quotes (““…””) when the data quotes it already.
    #[test]
    fn quotes_are_not_doubled() {
        assert_eq!(quoted("Vì người nghèo"), "“Vì người nghèo”");
        assert_eq!(quoted("“Vì người nghèo”"), "“Vì người nghèo”");
        assert_eq!(quoted("\"Vì người nghèo\""), "“Vì người nghèo”");
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
        assert_eq!(roman(300), "CCC");
    }

    #[test]
    fn count_phrases() {
        let k = |collectives, individuals, households| Kinds { collectives, individuals, households };
        assert_eq!(count_phrase(k(2, 5, 0), " và "), "02 tập thể và 05 cá nhân");
        assert_eq!(count_phrase(k(0, 5, 0), ", "), "05 cá nhân");
        assert_eq!(count_phrase(k(3, 0, 0), ", "), "03 tập thể");
        assert_eq!(count_phrase(k(2, 5, 1), " và "), "02 tập thể, 05 cá nhân và 01 hộ gia đình");
        assert_eq!(count_phrase(k(0, 0, 3), " và "), "03 hộ gia đình");
        assert_eq!(whom(k(2, 0, 1)), "các tập thể, hộ gia đình");
    }
}
