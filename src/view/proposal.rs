//! The proposal letter (Tờ trình) and its nominee list.

use serde_json::{Value, json};

use super::{View, award_name, award_title, end_mark, full_number, one_line, proposed, sentence_case, text};
use crate::dossier::{Dossier, Kind};
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

/// The nominee list: title, the line naming the letter, blocks I and II, the total.
fn list(d: &Dossier, form: &Form) -> Value {
    let (mut collectives, mut individuals) = (Vec::new(), Vec::new());
    for i in proposed(d) {
        let n = &d.nominees[i];
        let note = n.note.clone().unwrap_or_default();
        // A row is kept on one page unless it is so long that it could not fit on one.
        let keep = n.summary.chars().count() + note.chars().count() < 900;
        match n.kind {
            Kind::Collective => collectives.push(json!({
                "stt": (collectives.len() + 1).to_string(), "name": n.name, "award": award_name(d, n), "summary": n.summary, "note": note, "keep": keep,
            })),
            Kind::Individual => {
                let position_unit = [n.position.as_deref(), n.unit.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ");
                individuals.push(json!({
                    "stt": (individuals.len() + 1).to_string(), "name": n.name, "position_unit": position_unit, "award": award_name(d, n), "summary": n.summary, "note": note, "keep": keep,
                }))
            }
        }
    }
    let total = format!("Tổng cộng: {}", super::count_phrase(collectives.len(), individuals.len(), ", "));
    json!({
        "title": format!("DANH SÁCH ĐỀ NGHỊ TẶNG {}", vi::upper(&award_title(&d.award.name, &d.award.grantor))),
        "subtitle": format!(
            "(Kèm theo {} số {} {} của {})",
            sentence_case(&form.meta.document),
            full_number(form, d, d.proposal.number),
            d.proposal.date.long(),
            one_line(&d.agency.name)
        ),
        "collectives": collectives,
        "individuals": individuals,
        "total": total,
    })
}

/// Build the view of the proposal letter form (`to-trinh` and any form laid out like it).
pub(crate) fn view(d: &Dossier, form: &Form, problems: &mut Problems) -> Option<View> {
    let ctx = super::context(d);
    let w = super::wording(d, form, &ctx, problems);
    let p = &d.proposal;
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
        "title": {"type": form.meta.document, "summary": summary},
        "addressees": addressees(&p.addressees),
        "bases": bases(&bases_in),
        "body": body,
        "signer": super::stamped(super::signer(&p.signer), p.signer.signature_image.as_deref(), d.agency.seal_image.is_some()),
        "recipients": recipients(&p.recipients, p.archive_unit.as_deref()),
        "list": list(d, form),
    });
    if problems.has_errors() {
        return None;
    }
    Some(super::numbered(d, form, (data, meta), (p.date, p.number), &w))
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
            ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", "Căn cứ Kế hoạch số 75/KH-SLĐTBXH."]
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
