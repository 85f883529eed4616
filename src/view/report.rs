//! One nominee's achievement report (Báo cáo thành tích: Mẫu 07 of Decree 91/2017 and its
//! successors), collective or individual. Labels come from the form, facts from the dossier.

use serde_json::{Value, json};

use super::{View, captioned, file_stem, header_lines, label, labels, text};
use crate::dossier::{Award, Dossier, Gender, Kind, Nominee, Report, Roster};
use crate::form::Form;
use crate::problem::{Problems, index, join};
use crate::vi;

/// "- Label: value." lines for section I, skipping what the dossier leaves out.
fn profile(d: &Dossier, form: &Form, n: &Nominee, r: &Report) -> Vec<String> {
    let p = &r.profile;
    let gender = n.gender.map(|g| match g {
        Gender::Male => "Nam".to_string(),
        Gender::Female => "Nữ".to_string(),
    });
    let items: Vec<(&str, Option<String>)> = match n.kind {
        Kind::Collective => vec![
            ("profile_name", Some(n.name.clone())),
            ("profile_address", p.address.clone()),
            ("profile_phone", p.phone.clone()),
            ("profile_email", p.email.clone()),
            ("profile_structure", p.structure.clone()),
            ("profile_staff", p.staff.clone()),
            ("profile_functions", p.functions.clone()),
        ],
        Kind::Individual => vec![
            ("profile_full_name", Some(n.name.clone())),
            ("profile_birth_date", n.birth_date.map(|b| b.short())),
            ("profile_gender", gender),
            ("profile_ethnicity", p.ethnicity.clone()),
            ("profile_home_town", p.home_town.clone()),
            ("profile_residence", p.residence.clone()),
            (
                "profile_position_unit",
                Some([n.position.as_deref(), n.unit.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ")),
            ),
            ("profile_education", p.education.clone()),
        ],
    };
    items
        .into_iter()
        .filter_map(|(key, value)| {
            value.filter(|v| !v.is_empty()).map(|v| format!("- {}: {}.", label(d, form, key), v.trim_end_matches('.')))
        })
        .collect()
}

/// Contribution lines "- …: 2.500.000 đồng (Hai triệu năm trăm nghìn đồng);" and the total.
/// The total is summed with checked arithmetic: amounts are bounded by the schema
/// ([`crate::dossier::MAX_AMOUNT`]), so it never overflows; were it to, the report says so
/// instead of printing a wrong figure.
fn contributions(r: &Report, at: &str, problems: &mut Problems) -> Value {
    if r.contributions.is_empty() {
        return Value::Null;
    }
    let money = |n: u64| format!("{} đồng ({})", vi::thousands(n), vi::money_in_words(n));
    let n = r.contributions.len();
    let items: Vec<String> = r
        .contributions
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                "- {}: {}{}",
                c.description.trim_end_matches(['.', ';', ':']),
                money(c.amount),
                if i + 1 == n { "." } else { ";" }
            )
        })
        .collect();
    let Some(sum) = r.contributions.iter().try_fold(0u64, |sum, c| sum.checked_add(c.amount)) else {
        problems.error(join(at, "contributions"), crate::t!("report.amount-overflow"));
        return Value::Null;
    };
    json!({ "items": items, "total": if n > 1 { Some(format!("Tổng cộng: {}.", money(sum))) } else { None } })
}

/// Build the view of a report form for nominee `i`.
pub(crate) fn view(
    d: &Dossier,
    roster: &Roster,
    form: &Form,
    i: usize,
    position: usize,
    problems: &mut Problems,
) -> Option<View> {
    let n = &d.nominees[i];
    let r = n.report.as_ref()?;
    let mut ctx = super::context(d, roster);
    ctx["nominee"] = json!({
        "id": n.id,
        "name": n.name,
        "kind": n.kind,
        "index": position + 1,
        "index_text": vi::pad2(position as u64 + 1),
    });
    // The titles and awards this report supports: those it was passed for that ask for one.
    let awards: Vec<&Award> = roster.passed_awards(d, i).into_iter().filter(|a| a.report).collect();
    let phrases: Vec<String> = awards.iter().map(|a| super::subject(d, &[a])).collect();
    if let Some(first) = awards.first() {
        ctx["award"] = json!({
            "name": first.name,
            "grantor": d.authority(&first.authority).map(|a| a.title.clone()),
            "title": super::titled(d, first),
        });
    }
    ctx["report"] = json!({"awards": phrases.join(" và ")});
    let w = super::wording(d, form, &ctx, problems);
    let collective = n.kind == Kind::Collective;
    let unit = if collective { n.name.clone() } else { n.unit.clone().unwrap_or_default() };
    let mut header = super::header(d, form, None, Some(r.date));
    header["parent"] = json!(header_lines(&d.agency.name));
    header["agency"] = json!(header_lines(&unit));
    let subject = if collective {
        n.name.clone()
    } else {
        [Some(n.name.as_str()), n.position.as_deref(), n.unit.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    };
    let achievements: Vec<Value> = r
        .achievements
        .iter()
        .enumerate()
        .map(|(k, s)| json!({"number": format!("{}.", k + 1), "title": s.title, "paragraphs": s.paragraphs}))
        .collect();
    let (general, left, right, note_right) = if collective {
        ("section_general_collective", "sign_left_collective", "sign_right_collective", "sign_note_seal")
    } else {
        ("section_general_individual", "sign_left_individual", "sign_right_individual", "sign_note_name")
    };
    let right_name =
        if collective { r.head.as_ref().map_or(String::new(), |h| h.name.clone()) } else { n.name.clone() };
    let awards: Vec<Value> =
        r.awards.iter().map(|a| json!({"year": a.year, "title": a.title, "decision": a.decision})).collect();
    let title = text(&w, "award_line");
    let meta = super::meta(d, form, &format!("{} {} - {}", form.meta.document, title, n.name), r.date);
    let data = json!({
        "meta": &meta,
        "header": header,
        "title": {"type": form.meta.document, "summary": title, "movement": text(&w, "movement_line")},
        "subject": subject,
        "general": {"title": label(d, form, general), "items": profile(d, form, n, r)},
        "achievements": {"title": label(d, form, "section_achievements"), "sections": achievements, "contributions_title": text(&w, "contributions_title"), "contributions": contributions(r, &join(&index("nominees", i), "report"), problems)},
        "awards": if awards.is_empty() { Value::Null } else { json!({"title": label(d, form, "section_awards"), "rows": awards}) },
        "signers": [
            super::stamped(
                captioned(&label(d, form, left), Some(&label(d, form, "sign_note_seal")), &r.certifier.name, &super::role(&r.certifier.position)),
                r.certifier.signature_image.as_deref(),
                d.agency.seal_image.is_some(),
            ),
            super::stamped(
                captioned(&label(d, form, right), Some(&label(d, form, note_right)), &right_name, if collective { "thu_truong_don_vi" } else { "nguoi_bao_cao" }),
                if collective { r.head.as_ref().and_then(|h| h.signature_image.as_deref()) } else { n.signature_image.as_deref() },
                false,
            ),
        ],
        "labels": labels(d, form),
    });
    if problems.has_errors() {
        return None;
    }
    Some(View {
        data,
        meta,
        file_stem: file_stem(&w, form),
        ident: format!("hoso/{}/{}/{}/{}", form.id, d.agency.abbreviation, d.date().iso(), n.id),
        bookmark: format!("Báo cáo thành tích: {}", n.name),
        nominee: Some(i),
        group: None,
    })
}
