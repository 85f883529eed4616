//! Pipeline step 3: a valid dossier → the JSON view one form's template reads as `/data.json`.
//!
//! Everything a template prints is decided here, in tested Rust: dates and numbers in the
//! Vietnamese style, upper-cased header lines, punctuation of bases and recipients, counts
//! taken from the nominee list, sorted lists, and the unit's wording rendered by minijinja.
//! Templates only lay the strings out.

use serde_json::{Value, json};

use crate::dossier::{Authority, Dossier, Kind, Nominee, Signer};
use crate::form::Form;
use crate::problem::{Problems, join};
use crate::vi::{self, Date};

/// Non-breaking spaces that hold the place of a registration number still to be written.
const BLANK_NUMBER: &str = "\u{A0}\u{A0}\u{A0}\u{A0}\u{A0}\u{A0}\u{A0}\u{A0}";

/// One form's view of the dossier: the JSON for the template and the output file's stem.
#[derive(Debug, Clone)]
pub struct View {
    /// What the template reads from `/data.json`.
    pub data: Value,
    /// The document's date (PDF metadata and Typst's `today`).
    pub date: Date,
    /// The file name without ".pdf", already made safe.
    pub file_stem: String,
    /// A stable identifier of the document, for the PDF's /ID.
    pub ident: String,
}

/// The variables wording templates and views share: the dossier's facts, formatted.
pub fn context(d: &Dossier) -> Value {
    let collectives = d
        .nominees
        .iter()
        .filter(|n| n.kind == Kind::Collective)
        .count() as u64;
    let individuals = d.nominees.len() as u64 - collectives;
    let mut phrase = format!("phong trào thi đua “{}”", d.movement.name);
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
        "counts": {
            "collectives": collectives,
            "individuals": individuals,
            "collectives_text": vi::pad2(collectives),
            "individuals_text": vi::pad2(individuals),
            "total": collectives + individuals,
        },
    })
}

/// A header line upper-cased and split where the clerk put line breaks ("\n") in the name.
fn header_lines(name: &str) -> Vec<String> {
    name.lines()
        .map(|l| vi::upper(l.trim()))
        .filter(|l| !l.is_empty())
        .collect()
}

/// A name on one line, for use in running text (header line breaks become spaces).
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn award_title(name: &str, grantor: &str) -> String {
    format!("{name} của {grantor}")
}

/// Render the form's wording with the dossier's overrides; problems point at
/// `wording.<key>` for overrides and at the form's file for its defaults.
pub fn wording(
    d: &Dossier,
    form: &Form,
    ctx: &Value,
    problems: &mut Problems,
) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
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
                    .hint("the variables are listed by `hoso view`; names are case-sensitive");
            }
            Err(e) => {
                problems.error(
                    "",
                    format!("forms/{}/form.toml, wording `{key}`: {e}", form.id),
                );
            }
        }
    }
    out
}

/// Addressees after "Kính gửi:": one stays as it is; several become "- …;" lines, the last
/// ending in ".".
fn addressees(list: &[String]) -> Vec<String> {
    if list.len() == 1 {
        return vec![one_line(list[0].trim_end_matches(['.', ';']))];
    }
    let n = list.len();
    list.iter()
        .enumerate()
        .map(|(i, a)| {
            let a = one_line(a.trim_start_matches('-').trim_end_matches(['.', ';', ',']));
            format!("- {a}{}", if i + 1 == n { "." } else { ";" })
        })
        .collect()
}

/// "Căn cứ …" lines: the word added where missing, ";" after each and "." after the last.
fn bases(lines: &[String]) -> Vec<String> {
    let n = lines.len();
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let l = l.trim_end_matches([';', '.', ',']).trim();
            let l = if l.starts_with("Căn cứ") {
                l.to_string()
            } else {
                format!("Căn cứ {l}")
            };
            format!("{l}{}", if i + 1 == n { "." } else { ";" })
        })
        .collect()
}

/// Recipient entries: "- Như trên;" first for letters sent upward, "- Lưu: VT, …." last.
fn recipients(list: &[String], archive_unit: Option<&str>) -> Vec<String> {
    let mut out = vec!["- Như trên;".to_string()];
    for r in list {
        let r = r
            .trim_start_matches(['-', '+', '•'])
            .trim()
            .trim_end_matches([';', '.', ','])
            .trim();
        if r.eq_ignore_ascii_case("Như trên") || r.is_empty() {
            continue;
        }
        out.push(format!("- {r};"));
    }
    out.push(match archive_unit {
        Some(u) => format!("- Lưu: VT, {u}."),
        None => "- Lưu: VT.".to_string(),
    });
    out
}

/// Box 7 lines, e.g. ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"], plus the name and a field role.
pub fn signer(s: &Signer) -> Value {
    let lines = match (s.authority, &s.on_behalf_of) {
        (Some(Authority::Q), _) => vec![format!("Q. {}", vi::upper(&s.position))],
        (Some(a), Some(of)) => vec![
            format!("{} {}", a.prefix(), vi::upper(of)),
            vi::upper(&s.position),
        ],
        _ => vec![vi::upper(&s.position)],
    };
    json!({ "lines": lines, "name": s.name, "role": vi::slug(&s.position).replace('-', "_") })
}

/// End a closing sentence with the Decree 30 end mark "./.".
fn end_mark(s: &str) -> String {
    format!(
        "{}./.",
        s.trim_end_matches("./.")
            .trim_end_matches(['.', ';', ','])
            .trim_end()
    )
}

/// The document symbol after the number, e.g. "/TTr-TCNDTNT".
fn symbol(form: &Form, d: &Dossier) -> String {
    format!("/{}-{}", form.meta.abbreviation, d.agency.abbreviation)
}

/// Individuals in Vietnamese name order, collectives as given.
fn list(d: &Dossier, form: &Form, number_text: &str, date: Date) -> Value {
    let award = |n: &Nominee| {
        n.award
            .as_ref()
            .map_or(d.award.name.clone(), |a| a.name.clone())
    };
    let collectives: Vec<Value> = d
        .nominees
        .iter()
        .filter(|n| n.kind == Kind::Collective)
        .enumerate()
        .map(|(i, n)| json!({"stt": (i + 1).to_string(), "name": n.name, "award": award(n), "summary": n.summary, "note": n.note.clone().unwrap_or_default()}))
        .collect();
    let mut people: Vec<&Nominee> = d
        .nominees
        .iter()
        .filter(|n| n.kind == Kind::Individual)
        .collect();
    people.sort_by_cached_key(|n| vi::name_key(&n.name));
    let individuals: Vec<Value> = people
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let position_unit = [n.position.as_deref(), n.unit.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ");
            json!({"stt": (i + 1).to_string(), "name": n.name, "position_unit": position_unit, "award": award(n), "summary": n.summary, "note": n.note.clone().unwrap_or_default()})
        })
        .collect();
    let mut total = Vec::new();
    if !collectives.is_empty() {
        total.push(format!("{} tập thể", vi::pad2(collectives.len() as u64)));
    }
    if !individuals.is_empty() {
        total.push(format!("{} cá nhân", vi::pad2(individuals.len() as u64)));
    }
    json!({
        "title": format!("DANH SÁCH ĐỀ NGHỊ TẶNG {}", vi::upper(&award_title(&d.award.name, &d.award.grantor))),
        "subtitle": format!("(Kèm theo {} số {}{} {} của {})", sentence_case(&form.meta.document), number_text, symbol(form, d), date.long(), one_line(&d.agency.name)),
        "collectives": collectives,
        "individuals": individuals,
        "total": format!("Tổng cộng: {}", total.join(", ")),
    })
}

/// "TỜ TRÌNH" → "Tờ trình".
fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut c = lower.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Build the view of the proposal letter form (`to-trinh` and any form laid out like it).
pub fn proposal(d: &Dossier, form: &Form, problems: &mut Problems) -> Option<View> {
    let ctx = context(d);
    let w = wording(d, form, &ctx, problems);
    let text = |k: &str| {
        w.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let p = &d.proposal;
    let number_text = p.number.0.map(|n| vi::pad2(n as u64));
    let summary = text("summary");
    let mut bases_in = p.legal_bases.clone();
    if let Some(basis) = w
        .get("minutes_basis")
        .and_then(Value::as_str)
        .filter(|b| !b.is_empty())
    {
        bases_in.push(basis.to_string());
    }
    let mut body = p.body.clone();
    body.push(text("request"));
    body.push(end_mark(&text("closing")));
    let data = json!({
        "meta": {
            "title": summary,
            "author": one_line(&d.agency.name),
            "keywords": [form.meta.document, d.agency.abbreviation],
            "date": {"year": p.date.year(), "month": p.date.month(), "day": p.date.day()},
        },
        "header": {
            "parent": d.agency.parent.as_deref().map(header_lines),
            "agency": header_lines(&d.agency.name),
            "number": number_text,
            "symbol": symbol(form, d),
            "place_date": format!("{}, {}", d.agency.place, p.date.long()),
        },
        "title": {"type": form.meta.document, "summary": summary},
        "addressees": addressees(&p.addressees),
        "bases": bases(&bases_in),
        "body": body,
        "signer": signer(&p.signer),
        "recipients": recipients(&p.recipients, p.archive_unit.as_deref()),
        "list": list(d, form, number_text.as_deref().unwrap_or(BLANK_NUMBER), p.date),
    });
    let stem = vi::slug(&text("file_name"));
    if problems.has_errors() {
        return None;
    }
    Some(View {
        data,
        date: p.date,
        file_stem: if stem.is_empty() {
            form.id.clone()
        } else {
            stem
        },
        ident: format!(
            "hoso/{}/{}/{}/{}",
            form.id,
            d.agency.abbreviation,
            p.date.iso(),
            number_text.unwrap_or_default()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_are_punctuated() {
        let b = bases(&[
            "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;".into(),
            "Căn cứ Kế hoạch số 75/KH-SLĐTBXH.".into(),
        ]);
        assert_eq!(
            b,
            [
                "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                "Căn cứ Kế hoạch số 75/KH-SLĐTBXH."
            ]
        );
    }

    #[test]
    fn recipients_start_with_nhu_tren_and_end_with_luu() {
        let r = recipients(
            &["Như trên".into(), "- Ban Giám hiệu;".into()],
            Some("ĐTHCKT"),
        );
        assert_eq!(r, ["- Như trên;", "- Ban Giám hiệu;", "- Lưu: VT, ĐTHCKT."]);
        assert_eq!(recipients(&[], None), ["- Như trên;", "- Lưu: VT."]);
    }

    #[test]
    fn addressees_one_or_several() {
        assert_eq!(addressees(&["Giám đốc Sở".into()]), ["Giám đốc Sở"]);
        assert_eq!(
            addressees(&["Giám đốc Sở;".into(), "- Chủ tịch UBND huyện".into()]),
            ["- Giám đốc Sở;", "- Chủ tịch UBND huyện."]
        );
    }

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
        };
        assert_eq!(
            signer(&s)["lines"],
            json!(["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"])
        );
        assert_eq!(signer(&s)["role"], json!("pho_hieu_truong"));
        let q = Signer {
            authority: Some(Authority::Q),
            on_behalf_of: None,
            position: "Hiệu trưởng".into(),
            name: "A".into(),
        };
        assert_eq!(signer(&q)["lines"], json!(["Q. HIỆU TRƯỞNG"]));
    }
}
