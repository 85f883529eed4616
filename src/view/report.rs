//! One nominee's achievement report (Báo cáo thành tích: Mẫu 07 of Decree 91/2017 and its
//! successors), collective or individual. Labels come from the form, facts from the dossier.

use serde_json::{Value, json};

use super::{View, captioned, file_stem, header_lines, label, labels, one_line, text};
use crate::dossier::{Award, Dossier, Gender, Kind, Nominee, Report, Roster};
use crate::form::Form;
use crate::problem::{Problems, index, join};
use crate::vi;

/// The value of field `key` of section I for nominee `n`, if the dossier gives it.
fn field(d: &Dossier, n: &Nominee, r: &Report, key: &str) -> Option<String> {
    let p = &r.profile;
    let joined = |parts: &[Option<&str>], sep: &str| {
        let v: Vec<&str> = parts.iter().flatten().copied().filter(|s| !s.is_empty()).collect();
        (!v.is_empty()).then(|| v.join(sep))
    };
    let value = match key {
        "profile_name" => Some(n.name.clone()),
        "profile_address" => p.address.clone(),
        "profile_phone" => p.phone.clone(),
        "profile_email" => p.email.clone(),
        "profile_seat" => joined(&[p.address.as_deref(), p.phone.as_deref(), p.email.as_deref()], "; "),
        "profile_structure" => p.structure.clone(),
        "profile_staff" => p.staff.clone(),
        "profile_functions" => p.functions.clone(),
        "profile_history" => p.history.clone(),
        "profile_features" => p.features.clone(),
        "profile_full_name" => Some(n.name.clone()),
        "profile_birth_date" => n.birth_date.map(|b| b.short()),
        "profile_gender" => n.gender.map(|g| match g {
            Gender::Male => "Nam".to_string(),
            Gender::Female => "Nữ".to_string(),
        }),
        "profile_ethnicity" => p.ethnicity.clone(),
        "profile_home_town" => p.home_town.clone(),
        "profile_residence" => p.residence.clone(),
        "profile_unit" => n.unit.clone().or_else(|| (!n.external).then(|| super::one_line(&d.agency.name))),
        "profile_positions" => p.positions.clone().or_else(|| n.position.clone()),
        "profile_position_unit" => joined(&[n.position.as_deref(), n.unit.as_deref()], ", "),
        "profile_education" => p.education.clone(),
        "profile_honours" => p.honours.clone(),
        _ => None,
    };
    value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// Section I: hoso's plain "- Label: value." lines, skipping what the dossier leaves out; or,
/// for a form with a skeleton, its entries line by line (every line kept, empty or not).
fn profile(d: &Dossier, form: &Form, n: &Nominee, r: &Report) -> Vec<String> {
    // (A household has no report form: the rules refuse its report before any view is made.)
    let skeleton = form.meta.report.as_ref().map(|s| match n.kind {
        Kind::Collective => &s.collective,
        Kind::Individual | Kind::Household => &s.individual,
    });
    if let Some(entries) = skeleton.filter(|e| !e.is_empty()) {
        return entries
            .iter()
            .map(|e| {
                if let Some(h) = &e.heading {
                    return label(d, form, h);
                }
                if let Some(t) = &e.text {
                    return field(d, n, r, t).unwrap_or_default();
                }
                if e.optional && e.line.iter().all(|k| field(d, n, r, k).is_none()) {
                    return String::new();
                }
                let parts: Vec<String> = e
                    .line
                    .iter()
                    .map(|k| {
                        let v = field(d, n, r, k).unwrap_or_default();
                        format!("{}: {}", label(d, form, k), v).trim_end().to_string()
                    })
                    .collect();
                format!("- {}", parts.join(GAP))
            })
            .filter(|l| !l.is_empty())
            .collect();
    }
    let keys: &[&str] = match n.kind {
        Kind::Collective => &[
            "profile_name",
            "profile_address",
            "profile_phone",
            "profile_email",
            "profile_structure",
            "profile_staff",
            "profile_functions",
        ],
        Kind::Individual | Kind::Household => &[
            "profile_full_name",
            "profile_birth_date",
            "profile_gender",
            "profile_ethnicity",
            "profile_home_town",
            "profile_residence",
            "profile_position_unit",
            "profile_education",
        ],
    };
    keys.iter()
        .filter_map(|key| {
            field(d, n, r, key).map(|v| format!("- {}: {}.", label(d, form, key), v.trim_end_matches('.')))
        })
        .collect()
}

/// The gap between two fields on one line of section I ("Sinh ngày …   Giới tính: …"): en
/// spaces, which the layout keeps.
const GAP: &str = "\u{2002}\u{2002}\u{2002}\u{2002}";

/// Section II's numbered parts: hoso's "1.", "2.", … per section; or, for an individual under
/// a skeleton with `duties`, "1. Quyền hạn, nhiệm vụ …" with the duties, "2. Thành tích …" and
/// the sections as "2.1.", "2.2.", …. Returns the parts and the number the contributions take.
fn achievements(d: &Dossier, form: &Form, n: &Nominee, r: &Report) -> (Vec<Value>, String) {
    // (Built once: it knows the dossier's names.)
    let binder = super::binder(d);
    let skeleton = form.meta.report.as_ref().filter(|_| n.kind == Kind::Individual);
    if let Some((duties, results)) = skeleton.and_then(|s| Some((s.duties.as_ref()?, s.results.as_ref()?))) {
        let mut out = vec![
            json!({"number": "", "title": label(d, form, duties), "paragraphs": r.profile.duties.iter().collect::<Vec<_>>()}),
            json!({"number": "", "title": label(d, form, results), "paragraphs": []}),
        ];
        out.extend(
            r.achievements
                .iter()
                .enumerate()
                .map(|(k, s)| json!({"number": format!("2.{}.", k + 1), "title": binder.bind(&s.title), "paragraphs": s.paragraphs})),
        );
        let closing = skeleton.map(|s| s.closing.as_slice()).unwrap_or_default();
        let number = format!("2.{}.", r.achievements.len() + 1);
        // (Contributions, when there are any, follow these.)
        let tail: Vec<Value> =
            closing.iter().map(|k| json!({"number": "", "title": label(d, form, k), "paragraphs": []})).collect();
        out.extend(tail);
        return (out, number);
    }
    let out = r
        .achievements
        .iter()
        .enumerate()
        .map(|(k, s)| json!({"number": format!("{}.", k + 1), "title": binder.bind(&s.title), "paragraphs": s.paragraphs}))
        .collect();
    (out, format!("{}.", r.achievements.len() + 1))
}

/// Section III: one table of the earlier titles and awards, or — under a skeleton that splits
/// them — "1. Danh hiệu thi đua" and "2. Hình thức khen thưởng", each with its own columns.
fn earlier(d: &Dossier, form: &Form, r: &Report) -> Value {
    let rows = |list: &[crate::dossier::EarlierAward]| -> Vec<Value> {
        list.iter().map(|a| json!({"year": a.year, "title": a.title, "decision": a.decision})).collect()
    };
    let split = form.meta.report.as_ref().is_some_and(|s| s.split_awards);
    if r.titles.is_empty() && r.awards.is_empty() {
        return Value::Null;
    }
    let tables = if split {
        vec![
            json!({"heading": label(d, form, "awards_titles"), "header": [label(d, form, "col_year"), label(d, form, "col_title"), label(d, form, "col_title_decision")], "rows": rows(&r.titles)}),
            json!({"heading": label(d, form, "awards_awards"), "header": [label(d, form, "col_year"), label(d, form, "col_award"), label(d, form, "col_decision")], "rows": rows(&r.awards)}),
        ]
    } else {
        let mut all = rows(&r.titles);
        all.extend(rows(&r.awards));
        vec![
            json!({"heading": null, "header": [label(d, form, "col_year"), label(d, form, "col_award"), label(d, form, "col_decision")], "rows": all}),
        ]
    };
    json!({"title": label(d, form, "section_awards"), "tables": tables})
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
    // (Built once: it knows the dossier's names.)
    let binder = super::binder(d);
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
    // Awards of several authorities stand apart ("…; tặng Bằng khen của Bộ trưởng …"), so that no
    // grantor reads as granting the others too.
    let apart = awards.iter().any(|a| a.authority != awards[0].authority);
    ctx["report"] = json!({"awards": phrases.join(if apart { "; " } else { " và " })});
    let w = super::wording(d, form, &ctx, problems);
    let collective = n.kind == Kind::Collective;
    let unit = if collective { n.name.clone() } else { n.unit.clone().unwrap_or_default() };
    let mut header = super::header(d, form, None, Some(r.date));
    // The unit once, under its parent: a report of the unit itself, or of a person of the unit
    // with no department named, is headed by the unit under its parent body; a department's or
    // its member's by the department under the unit. A nominee outside the unit (a donor, a
    // company) heads its report alone.
    let same = |a: &str, b: &str| one_line(a).to_lowercase() == one_line(b).to_lowercase();
    if n.external {
        header["parent"] = Value::Null;
        header["agency"] = json!(header_lines(&binder, &unit));
    } else if unit.trim().is_empty() || same(&unit, &d.agency.name) {
        header["parent"] = d.agency.parent.as_deref().map_or(Value::Null, |p| json!(header_lines(&binder, p)));
        header["agency"] = json!(header_lines(&binder, &d.agency.name));
    } else {
        header["parent"] = json!(header_lines(&binder, &d.agency.name));
        header["agency"] = json!(header_lines(&binder, &unit));
    }
    if form.meta.report.as_ref().and_then(|s| s.date_place.as_deref()) == Some("province")
        && let Some(province) = d.agency.province.as_deref().filter(|p| !p.is_empty())
    {
        header["place_date"] = json!(format!("{province}, {}", r.date.long()));
        header["place_date_short"] = header["place_date"].clone();
    }
    let subject = if collective {
        n.name.clone()
    } else {
        [Some(n.name.as_str()), n.position.as_deref(), n.unit.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (achievements, contributions_number) = achievements(d, form, n, r);
    let (general, left, right, note_right) = if collective {
        ("section_general_collective", "sign_left_collective", "sign_right_collective", "sign_note_seal")
    } else {
        ("section_general_individual", "sign_left_individual", "sign_right_individual", "sign_note_name")
    };
    let right_name =
        if collective { r.head.as_ref().map_or(String::new(), |h| h.name.clone()) } else { n.name.clone() };
    // The left block certifies for the level that proposes the award: the endorser when the
    // dossier names one, else the certifying head.
    let certifier = r.endorser.as_ref().unwrap_or(&r.certifier);
    let reporter = super::stamped(
        captioned(
            &label(d, form, right),
            Some(&label(d, form, note_right)),
            &right_name,
            if collective { "thu_truong_don_vi" } else { "nguoi_bao_cao" },
        ),
        if collective {
            r.head.as_ref().and_then(|h| h.signature_image.as_deref())
        } else {
            n.signature_image.as_deref()
        },
        false,
    );
    let endorser = |caption: &str, note: Option<&str>| {
        super::stamped(
            captioned(caption, note, &certifier.name, &super::role(&certifier.position)),
            certifier.signature_image.as_deref(),
            d.agency.seal_image.is_some(),
        )
    };
    let slots = form.meta.report.as_ref().map(|s| s.signers.as_slice()).unwrap_or_default();
    let signers: Vec<Value> = if slots.is_empty() {
        vec![endorser(&label(d, form, left), Some(&label(d, form, "sign_note_seal"))), reporter]
    } else {
        slots
            .iter()
            .map(|slot| {
                let caption = label(d, form, &slot.label);
                let notes: Vec<String> = slot.notes.iter().map(|k| label(d, form, k)).collect();
                let note = notes.join("\n");
                let note = (!note.is_empty()).then_some(note);
                match slot.who.as_str() {
                    "reporter" => {
                        let mut b = reporter.clone();
                        b["lines"] = json!(caption.lines().map(str::trim).collect::<Vec<_>>());
                        b["note"] = json!(note);
                        b
                    }
                    "endorser" => endorser(&caption, note.as_deref()),
                    _ => super::stamped(captioned(&caption, note.as_deref(), "", &slot.role), None, false),
                }
            })
            .collect()
    };
    let title = text(&w, "award_line");
    let meta = super::meta(d, form, &format!("{} {} - {}", form.meta.document, title, n.name), r.date);
    let data = json!({
        "meta": &meta,
        "header": header,
        "title": {"type": form.meta.document, "summary": binder.bind(&title), "movement": binder.bind(&text(&w, "movement_line"))},
        "subject": binder.bind(&subject),
        "general": {"title": label(d, form, general), "items": profile(d, form, n, r)},
        "achievements": {"title": label(d, form, "section_achievements"), "sections": achievements, "contributions_title": text(&w, "contributions_title"), "contributions_number": contributions_number, "contributions": contributions(r, &join(&index("nominees", i), "report"), problems)},
        "awards": earlier(d, form, r),
        "signers": signers,
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
