//! Certificates (Giấy khen, or a title's certificate), one per awardee of a decision: on plain
//! paper (frame, emblem, national title and every line), or on a pre-printed blank (only the
//! variable text, where the blank's description puts it, moved by the printer's calibration
//! offset); and, for blanks, a calibration page with crosshairs at those spots.

use serde_json::{Map, Value, json};

use super::{View, text};
use crate::dossier::{Award, AwardKind, BlankItem, CERTIFICATE_ITEMS, Decision, Dossier, Print, Roster};
use crate::form::Form;
use crate::problem::Problems;
use crate::vi;

/// Virtual path of decision `k`'s emblem image in the complete dossier.
pub(crate) fn emblem_path(k: usize) -> String {
    format!("/emblem/{k}")
}

/// A length in mm as Vietnamese writes it: "1,5", "-2".
fn decimal(v: f64) -> String {
    let s = format!("{:.1}", v);
    let s = s.strip_suffix(".0").unwrap_or(&s);
    s.replace('.', ",")
}

/// Where each item goes: the form's default blank, with the dossier's own items over it, moved
/// by the printer's calibration offset when printing on blanks (on plain paper the frame is
/// printed too, so nothing needs moving).
fn places(form: &Form, dec: &Decision) -> Map<String, Value> {
    let [dx, dy] = match dec.certificates.print {
        Print::Blank => dec.certificates.offset_mm,
        Print::Plain => [0.0, 0.0],
    };
    let mut out = Map::new();
    for item in CERTIFICATE_ITEMS {
        let Some(p) = dec.certificates.blank.get(item).or_else(|| form.meta.items.get(item)).copied() else { continue };
        let BlankItem { x, y, width, size, centred, print } = p;
        out.insert(
            item.to_string(),
            json!({"x": x + dx, "y": y + dy, "width": width, "size": size, "centred": centred, "print": print}),
        );
    }
    out
}

/// A decision's awardees in the certificates' order: by award, then as the roster orders
/// nominees.
pub(crate) fn in_order<'d>(d: &'d Dossier, roster: &Roster, dec: &Decision) -> Vec<(usize, &'d Award)> {
    // (Positions looked up once.)
    let place_in_order: std::collections::HashMap<usize, usize> =
        roster.order().iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let mut awardees = roster.awardees(d, dec);
    awardees.sort_by_key(|(i, a)| (d.awards.iter().position(|x| x.id == a.id), place_in_order.get(i).copied()));
    awardees
}

/// The golden-book number of the `n`-th certificate (from 0, in [`in_order`]), when the
/// decision numbers them.
pub(crate) fn golden_book(dec: &Decision, n: usize) -> Option<u64> {
    dec.certificates.golden_book_start.map(|s| u64::from(s) + n as u64)
}

/// The certificates of decision `k` (whose number is written as `decision`, the decision's form,
/// spells it): one view per awardee, in list order, numbered in the golden book from its start;
/// for blanks, the calibration page first.
pub(crate) fn views(
    d: &Dossier,
    roster: &Roster,
    form: &Form,
    decision: Option<&Form>,
    k: usize,
    problems: &mut Problems,
) -> Vec<View> {
    // (Built once: it knows the dossier's names.)
    let binder = super::binder(d);
    let dec = &d.decisions[k];
    let Some(authority) = d.authority(&dec.authority) else { return Vec::new() };
    let awardees = in_order(d, roster, dec);
    let places = places(form, dec);
    let mode = match dec.certificates.print {
        Print::Plain => "plain",
        Print::Blank => "blank",
    };
    let emblem = dec.certificates.emblem_image.as_ref().map(|_| emblem_path(k));
    let number =
        super::full_number(decision.unwrap_or(form), d, dec.number).trim_start_matches(super::BLANK_NUMBER).to_string();
    let number = if dec.number.0.is_some() { number } else { format!("{}{number}", super::BLANK_NUMBER) };
    let decision_line = format!("Quyết định số {number}, ngày {}", dec.date.short());
    let place_date = format!("{}, {}", d.agency.place, dec.date.long());
    let signer = super::signer(&dec.signer);
    // The one file that prints them all, beside one file per certificate.
    let group = if d.decisions.len() > 1 {
        format!("05-giay-khen-tat-ca-{}", vi::slug(&dec.authority))
    } else {
        "05-giay-khen-tat-ca".to_string()
    };
    // The wording's context is the dossier's, the same for every certificate: made once.
    let context = super::context(d, roster);
    let mut out = Vec::new();
    for (n, (i, a)) in awardees.iter().enumerate() {
        let x = &d.nominees[*i];
        let mut ctx = context.clone();
        ctx["nominee"] = json!({"id": x.id, "name": x.name, "kind": x.kind, "index_text": vi::pad2(n as u64 + 1)});
        ctx["award"] = json!({"name": a.name, "display": a.display_name(), "kind": a.kind});
        let w = super::wording(d, form, &ctx, problems);
        let detail = super::detail(d, x);
        let golden = golden_book(dec, n);
        let texts = json!({
            "decider": vi::upper(&binder.bind(&authority.title)),
            "verb": match a.kind { AwardKind::Award => "TẶNG", AwardKind::Title => "TẶNG DANH HIỆU" },
            "award": vi::upper(&binder.bind(&a.name)),
            "name": vi::group::bind_words(&x.name),
            "detail": detail,
            "achievement": text(&w, "achievement"),
            "decision": decision_line,
            "golden_book": format!("Số sổ vàng: {}", golden.map_or(super::BLANK_NUMBER.to_string(), |g| g.to_string())),
            "place_date": place_date,
            "signer_position": signer["lines"].as_array().map(|l| l.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n")).unwrap_or_default(),
            "signer_name": vi::group::bind_words(&dec.signer.name),
        });
        let mut items = places.clone();
        // Each item breaks only between words (the signer's lines are bound already); a
        // person's name may break between its words, never inside one.
        for (key, place) in items.iter_mut() {
            let text = texts[key.as_str()].as_str().unwrap_or_default();
            let person = matches!(key.as_str(), "name" | "signer_name");
            place["text"] = json!(if person { text.to_string() } else { binder.bind(text) });
        }
        let title =
            format!("{} {}: {}", super::sentence_start(&vi::upper(&a.name).to_lowercase()), authority.title, x.name);
        let meta = super::meta(d, form, &title, dec.date);
        let data = json!({
            "meta": &meta,
            "mode": mode,
            "emblem": emblem,
            "items": items,
            "signer": {"role": signer["role"], "name": dec.signer.name, "image": dec.signer.signature_image, "seal": d.agency.seal_image.is_some()},
            "labels": super::labels(d, form),
        });
        out.push(View {
            data,
            meta,
            file_stem: super::file_stem(&w, form),
            ident: format!("hoso/{}/{}/{}/{}/{}", form.id, d.agency.abbreviation, dec.date.iso(), a.id, x.id),
            bookmark: format!("{}: {}", super::sentence_start(&a.display_name()), x.name),
            nominee: Some(*i),
            group: Some(group.clone()),
        });
    }
    if dec.certificates.print == Print::Blank && !out.is_empty() {
        let meta = super::meta(d, form, "Trang hiệu chỉnh máy in phôi Giấy khen", dec.date);
        let data = json!({
            "meta": &meta,
            "mode": "calibration",
            "emblem": null,
            "items": places,
            "signer": null,
            "offset": format!("x = {} mm, y = {} mm", decimal(dec.certificates.offset_mm[0]), decimal(dec.certificates.offset_mm[1])),
            "labels": super::labels(d, form),
        });
        out.insert(
            0,
            View {
                data,
                meta,
                file_stem: "05-giay-khen-hieu-chinh-may-in".into(),
                ident: format!("hoso/{}/{}/{}/calibration", form.id, d.agency.abbreviation, dec.date.iso()),
                bookmark: "Trang hiệu chỉnh máy in".into(),
                nominee: None,
                group: None,
            },
        );
    }
    out
}
