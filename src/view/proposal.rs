//! The proposal letter (Tờ trình) and its nominee list.

use serde_json::{Value, json};

use super::{View, count_phrase, end_mark, full_number, kinds, one_line, sentence_case, subject, text};
use crate::dossier::{Award, Dossier, Kind, Proposal, Roster};
use crate::form::Form;
use crate::problem::Problems;
use crate::vi;

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
            let l = if l.starts_with("Căn cứ") { l.to_string() } else { format!("Căn cứ {l}") };
            format!("{l}{}", if i + 1 == n { "." } else { ";" })
        })
        .collect()
}

/// Recipient entries: "- Như trên;" first for letters sent upward, "- Lưu: VT, …." last.
fn recipients(list: &[String], archive_unit: Option<&str>) -> Vec<String> {
    let mut out = vec!["- Như trên;".to_string()];
    for r in list {
        let r = r.trim_start_matches(['-', '+', '•']).trim().trim_end_matches([';', '.', ',']).trim();
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

/// Each kind with the key of its table in a list group, in the order lists print them.
const KEYS: [(Kind, &str); 3] =
    [(Kind::Collective, "collectives"), (Kind::Individual, "individuals"), (Kind::Household, "households")];

/// The rows of one table of the list: the nominees of one kind going forward for `award`.
fn rows(d: &Dossier, nominees: &[usize], kind: Kind, award: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for &i in nominees.iter().filter(|&&i| d.nominees[i].kind == kind) {
        let n = &d.nominees[i];
        // A gathered nominee's row cites the letter of the unit that proposed it.
        let note = match (&n.origin, n.note.as_deref()) {
            (Some(o), Some(note)) => format!("{}; {note}", super::sentence_start(&o.letter())),
            (Some(o), None) => super::sentence_start(&o.letter()),
            (None, note) => note.unwrap_or_default().to_string(),
        };
        // A row is kept on one page unless it is so long that it could not fit on one.
        let keep = n.summary.chars().count() + note.chars().count() < 900;
        let position_unit = super::position_unit(n);
        let name = d.award(award).map(|a| a.display_name()).unwrap_or_default();
        let name = super::sentence_start(&name);
        out.push(json!({
            "stt": (out.len() + 1).to_string(), "name": n.name, "position_unit": position_unit, "award": name, "award_id": award,
            "summary": n.summary, "note": note, "keep": keep,
        }));
    }
    out
}

/// The nominee list of the letter to one authority: title, the line naming the letter, one
/// group per title or award (collectives, then individuals), the totals.
fn list(d: &Dossier, roster: &Roster, form: &Form, p: &Proposal, awards: &[&Award]) -> Value {
    // (Built once: it knows the dossier's names.)
    let binder = super::binder(d);
    let single = awards.len() == 1;
    let numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
    let mut groups = Vec::new();
    let mut totals = Vec::new();
    for (g, a) in awards.iter().enumerate() {
        let nominees = roster.passed_for(&a.id);
        if nominees.is_empty() {
            continue;
        }
        let k = kinds(d, &nominees);
        // One award: "I. TẬP THỂ", "II. CÁ NHÂN"; several: "I. GIẤY KHEN" with "1. Tập thể";
        // numbered over the kinds the group has.
        let heading = (!single).then(|| {
            let n = numerals.get(g).copied().unwrap_or("X");
            binder.bind(&format!("{n}. {}", vi::upper(&a.display_name())))
        });
        let mut group = json!({"heading": heading});
        let mut numbered = 0;
        for (kind, key) in KEYS {
            let rows = rows(d, &nominees, kind, &a.id);
            let word = super::kind_word(kind);
            // (An empty table is not printed; its heading is the one it would take next.)
            let number = numbered + 1;
            if !rows.is_empty() {
                numbered = number;
            }
            let heading = if single {
                format!("{}. {}", super::roman(number), vi::upper(word))
            } else {
                format!("{number}. {}", super::sentence_start(word))
            };
            group[key] = json!({"heading": heading, "rows": rows});
        }
        group["subtotal"] =
            if single { Value::Null } else { json!(binder.bind(&format!("Cộng: {}", count_phrase(k, ", ")))) };
        groups.push(group);
        totals.push(if single {
            count_phrase(k, ", ")
        } else {
            format!("{}: {}", super::sentence_start(&a.display_name()), count_phrase(k, ", "))
        });
    }
    json!({
        "title": binder.bind(&format!("DANH SÁCH ĐỀ NGHỊ {}", vi::upper(&subject(d, awards)))),
        "subtitle": binder.bind(&format!(
            "(Kèm theo {} số {} {} của {})",
            sentence_case(&form.meta.document),
            full_number(form, d, p.number),
            p.date.long(),
            one_line(&d.agency.name)
        )),
        "groups": groups,
        "total": binder.bind(&format!("Tổng cộng: {}", totals.join("; "))),
    })
}

/// Build the view of the letter to one authority (`to-trinh` and any form laid out like it).
pub(crate) fn view(d: &Dossier, roster: &Roster, form: &Form, p: &Proposal, problems: &mut Problems) -> Option<View> {
    // (Built once: it knows the dossier's names.)
    let binder = super::binder(d);
    let ctx = super::letter_context(d, roster, p);
    let w = super::wording(d, form, &ctx, problems);
    let awards: Vec<&Award> = d.awards.iter().filter(|a| a.authority == p.authority).collect();
    let summary = text(&w, "summary");
    let mut bases_in = p.legal_bases.clone();
    let minutes_basis = text(&w, "minutes_basis");
    if !minutes_basis.is_empty() {
        bases_in.push(minutes_basis);
    }
    let mut body = p.body.clone();
    body.push(text(&w, "request"));
    body.push(end_mark(&text(&w, "closing")));
    let meta = super::meta(d, form, &summary, p.date);
    let data = json!({
        "meta": &meta,
        "header": super::header(d, form, Some(p.number), Some(p.date)),
        "title": {"type": form.meta.document, "summary": binder.bind(&summary)},
        "addressees": addressees(&p.addressees),
        "bases": bases(&bases_in),
        "body": body,
        "signer": super::stamped(super::signer(&p.signer), p.signer.signature_image.as_deref(), d.agency.seal_image.is_some()),
        "recipients": recipients(&p.recipients, p.archive_unit.as_deref()).iter().map(|r| binder.bind(r)).collect::<Vec<_>>(),
        "list": list(d, roster, form, p, &awards),
        "labels": super::labels(d, form),
    });
    if problems.has_errors() {
        return None;
    }
    let mut view = super::numbered(d, form, (data, meta), (p.date, p.number), &w);
    // Several letters: each file and ident names its authority.
    if d.proposals.len() > 1 {
        view.file_stem = format!("{}-{}", view.file_stem, vi::slug(&p.authority));
        view.ident = format!("{}/{}", view.ident, p.authority);
    }
    Some(view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_are_punctuated() {
        let b = bases(&[
            "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;".into(),
            "Căn cứ Kế hoạch số 75/KH-SLĐTBXH.".into(),
        ]);
        assert_eq!(
            b,
            [
                "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
                "Căn cứ Kế hoạch số 75/KH-SLĐTBXH."
            ]
        );
    }

    #[test]
    fn recipients_start_with_nhu_tren_and_end_with_luu() {
        let r = recipients(&["Như trên".into(), "- Ban Giám hiệu;".into()], Some("ĐTHCKT"));
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
}
