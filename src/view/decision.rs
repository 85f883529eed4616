//! The unit's own decision (Quyết định, Decree 30 Appendix III template 1.2) with its attached
//! list (template 2.1): what the unit's head decides after the council's vote, the prize money
//! computed from the base salary at the decision's date, and who carries it out.

use serde_json::{Value, json};

use super::{View, count_phrase, end_mark, full_number, kinds, one_line, sentence_start, text, verb};
use crate::dossier::{Award, AwardKind, Decision, DocNumber, Dossier, Kind, MAX_AMOUNT, Roster};
use crate::form::Form;
use crate::prize::{self, SalaryTable};
use crate::problem::{Problems, index, join};
use crate::vi;

/// "1.410.000 đồng".
fn money(n: u64) -> String {
    format!("{} đồng", vi::thousands(n))
}

/// The decision's awardees grouped by award, in the dossier's order of awards.
pub(crate) fn by_award<'a>(d: &'a Dossier, roster: &Roster, dec: &Decision) -> Vec<(&'a Award, Vec<usize>)> {
    let mut out: Vec<(&Award, Vec<usize>)> = Vec::new();
    let order = roster.order();
    for (i, a) in roster.awardees(d, dec) {
        match out.iter_mut().find(|(x, _)| x.id == a.id) {
            Some((_, v)) => v.push(i),
            None => out.push((a, vec![i])),
        }
    }
    for (_, v) in &mut out {
        v.sort_by_key(|i| order.iter().position(|x| x == i));
    }
    out
}

/// What a decision's prizes are computed from: the salary table, and who is paid nothing.
struct Pay<'a> {
    table: &'a SalaryTable,
    unpaid: &'a Unpaid,
}

/// The prize of nominee `i` for `a`, if the award carries one and `i` is paid for it.
fn amount_of(d: &Dossier, a: &Award, i: usize, dec: &Decision, pay: &Pay) -> Option<prize::Amount> {
    if pay.unpaid.contains(&(a.id.clone(), i)) {
        return None;
    }
    prize::amount(a.prize.as_ref()?, d.nominees[i].kind, pay.table, dec.date)
}

/// (award id, nominee) pairs of a decision that carry no prize: of the emulation titles one
/// person earns in one decision, only the highest prize is paid (Decree 152/2025 art. 49(5),
/// the law's `[prize] highest_only_source`).
pub(crate) type Unpaid = std::collections::HashSet<(String, usize)>;

/// The titles of `groups` whose prize is not paid because the same nominee earns a higher one
/// in the same decision.
pub(crate) fn unpaid(d: &Dossier, groups: &[(&Award, Vec<usize>)], table: &SalaryTable, dec: &Decision) -> Unpaid {
    let mut best: std::collections::BTreeMap<usize, (u64, &str)> = std::collections::BTreeMap::new();
    let mut out = Unpaid::new();
    for (a, ns) in groups.iter().filter(|(a, _)| a.kind == AwardKind::Title) {
        let Some(p) = &a.prize else { continue };
        for &n in ns {
            let Some(amount) = prize::amount(p, d.nominees[n].kind, table, dec.date) else { continue };
            match best.get(&n) {
                Some(&(dong, _)) if dong >= amount.dong => {
                    out.insert((a.id.clone(), n));
                }
                Some(&(_, other)) => {
                    out.insert((other.to_string(), n));
                    best.insert(n, (amount.dong, &a.id));
                }
                None => {
                    best.insert(n, (amount.dong, &a.id));
                }
            }
        }
    }
    out
}

/// The attached list of one award: title, reference line, the table with each prize, the totals.
fn list(
    d: &Dossier,
    form: &Form,
    dec: &Decision,
    a: &Award,
    nominees: &[usize],
    pay: &Pay,
    label: Option<String>,
) -> Value {
    // (Built once: it knows the dossier's names.)
    let binder = super::binder(d);
    let counted = kinds(d, nominees);
    let who = vi::upper(&super::whom(counted));
    let received = match a.kind {
        AwardKind::Award => format!("ĐƯỢC TẶNG {}", vi::upper(&a.name)),
        AwardKind::Title => format!("ĐƯỢC CÔNG NHẬN {}", vi::upper(&a.display_name())),
    };
    let authority = d.authority(&dec.authority).map(|x| x.title.clone()).unwrap_or_default();
    // The version for digital signing leaves the number and date blank until registration.
    let reference = if dec.electronic {
        format!(
            "(Kèm theo {} số {} ngày{b}tháng{b}năm {} của {authority})",
            sentence_case(&form.meta.document),
            full_number(form, d, DocNumber(None)),
            dec.date.year(),
            b = super::BLANK_NUMBER,
        )
    } else {
        format!(
            "(Kèm theo {} số {} {} của {authority})",
            sentence_case(&form.meta.document),
            full_number(form, d, dec.number),
            dec.date.long()
        )
    };
    // (The decision's total was checked against MAX_AMOUNT before: a list's part of it fits.)
    let mut total: u64 = 0;
    // A gathered dossier's list goes unit by unit (in the list's order), each with its
    // collectives, its individuals and its subtotal; a unit's own list has one part.
    let mut units: Vec<Option<&crate::dossier::Origin>> = Vec::new();
    for &n in nominees {
        let o = d.nominees[n].origin.as_ref();
        if !units.contains(&o) {
            units.push(o);
        }
    }
    let by_unit = units.iter().any(Option::is_some);
    let mut groups = Vec::new();
    for (u, origin) in units.iter().enumerate() {
        let mine: Vec<usize> = nominees.iter().copied().filter(|&n| d.nominees[n].origin.as_ref() == *origin).collect();
        let unit_kinds = kinds(d, &mine);
        let mut unit_total: u64 = 0;
        let mut parts = Vec::new();
        for kind in Kind::ALL {
            let mut rows = Vec::new();
            for &n in mine.iter().filter(|&&n| d.nominees[n].kind == kind) {
                let x = &d.nominees[n];
                let amount = amount_of(d, a, n, dec, pay);
                if let Some(p) = amount {
                    unit_total = unit_total.saturating_add(p.dong);
                }
                let detail = super::detail(d, x);
                rows.push(json!({
                    "stt": (rows.len() + 1).to_string(),
                    "name": x.name,
                    "detail": detail,
                    "amount": amount.map(|p| vi::thousands(p.dong)).unwrap_or_default(),
                }));
            }
            if !rows.is_empty() {
                parts
                    .push((kind, json!({"heading": null, "kind": kind, "rows": rows, "unit": null, "subtotal": null})));
            }
        }
        total = total.saturating_add(unit_total);
        if by_unit {
            let numeral = super::roman(u + 1);
            let name = origin.map_or_else(|| one_line(&d.agency.name), |o| one_line(&o.unit));
            let cited = origin.map(|o| format!(" ({})", o.letter())).unwrap_or_default();
            let count = parts.len();
            for (k, (kind, g)) in parts.iter_mut().enumerate() {
                g["heading"] = json!(format!("{}. {}", k + 1, super::sentence_start(super::kind_word(*kind))));
                if k == 0 {
                    g["unit"] = json!(binder.bind(&format!("{numeral}. {}{cited}", vi::upper(&name))));
                }
                if k + 1 == count {
                    let mut sub = format!("Cộng: {}", count_phrase(unit_kinds, ", "));
                    if unit_total > 0 {
                        sub.push_str(&format!(
                            "; số tiền thưởng: {} ({}).",
                            money(unit_total),
                            vi::money_in_words(unit_total)
                        ));
                    }
                    g["subtotal"] = json!(binder.bind(&sub));
                }
            }
        } else {
            for (k, (kind, g)) in parts.iter_mut().enumerate() {
                g["heading"] = json!(format!("{}. {}", super::roman(k + 1), vi::upper(super::kind_word(*kind))));
            }
        }
        groups.extend(parts.into_iter().map(|(_, g)| g));
    }
    let numbered = groups;
    let mut totals = format!("Tổng cộng: {}", count_phrase(counted, ", "));
    if total > 0 {
        totals.push_str(&format!("; tổng số tiền thưởng: {} ({}).", money(total), vi::money_in_words(total)));
    }
    json!({
        "label": label,
        "title": binder.bind(&format!("DANH SÁCH {who} {received}")),
        "subtitle": binder.bind(&reference),
        "groups": numbered,
        "total": binder.bind(&totals),
        "prize_column": a.prize.is_some(),
        "sum": total,
    })
}

fn sentence_case(s: &str) -> String {
    super::sentence_case(s)
}

/// Build the view of the decision form for decision `k` of the dossier.
pub(crate) fn view(
    d: &Dossier,
    roster: &Roster,
    form: &Form,
    k: usize,
    table: &SalaryTable,
    problems: &mut Problems,
) -> Option<View> {
    // (Built once: it knows the dossier's names.)
    let binder = super::binder(d);
    let dec = &d.decisions[k];
    let at = index("decisions", k);
    let groups = by_award(d, roster, dec);
    if groups.is_empty() {
        return None;
    }
    let unpaid = unpaid(d, &groups, table, dec);
    let authority = d.authority(&dec.authority).map(|x| x.title.clone()).unwrap_or_default();
    // Article 1: what is given to whom, counted per award.
    let clauses: Vec<String> =
        groups.iter().map(|(a, ns)| format!("{} cho {}", verb(a), count_phrase(kinds(d, ns), " và "))).collect();
    // Article 2: the prize money, per award and kind, with the base salary and the rule.
    let rate = table.rate_on(dec.date);
    let mut prize_parts = Vec::new();
    let mut prize_total: u64 = 0;
    let mut overflow = false;
    let mut sources: Vec<String> = Vec::new();
    for (a, ns) in &groups {
        let Some(p) = &a.prize else { continue };
        for kind in Kind::ALL {
            let count =
                ns.iter().filter(|&&n| d.nominees[n].kind == kind && !unpaid.contains(&(a.id.clone(), n))).count()
                    as u64;
            if count == 0 {
                continue;
            }
            let Some(amount) = prize::amount(p, kind, table, dec.date) else { continue };
            let who = super::kind_word(kind);
            prize_parts.push(format!(
                "mỗi {who} {} được thưởng {} ({} lần mức lương cơ sở)",
                if a.kind == AwardKind::Award {
                    format!("được tặng {}", a.name)
                } else {
                    format!("đạt {}", a.display_name())
                },
                money(amount.dong),
                amount.coefficient.text()
            ));
            match amount.dong.checked_mul(count).and_then(|x| prize_total.checked_add(x)).filter(|&t| t <= MAX_AMOUNT) {
                Some(t) => prize_total = t,
                None => overflow = true,
            }
        }
        if !sources.contains(&p.source) {
            sources.push(p.source.clone());
        }
    }
    if overflow {
        problems
            .error(join(&at, "awardees"), crate::t!("decision.prize-overflow", max = vi::thousands(MAX_AMOUNT)))
            .hint(crate::t!("hint.prize-coefficients"));
        return None;
    }
    let lists: Vec<Value> = groups
        .iter()
        .enumerate()
        .map(|(n, (a, ns))| {
            let label = (groups.len() > 1).then(|| {
                format!(
                    "Phụ lục {}",
                    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"].get(n).copied().unwrap_or("X")
                )
            });
            list(d, form, dec, a, ns, &Pay { table, unpaid: &unpaid }, label)
        })
        .collect();
    let mut ctx = super::context(d, roster);
    let counted = kinds(d, &groups.iter().flat_map(|(_, ns)| ns.iter().copied()).collect::<Vec<_>>());
    ctx["counts"] = super::counts(counted);
    ctx["authority"] = json!({"id": dec.authority, "title": authority});
    let verbs: Vec<String> = groups.iter().map(|(a, _)| verb(a)).collect();
    let whom = super::whom(counted);
    ctx["decision"] = json!({
        "subject": super::subject(d, &groups.iter().map(|(a, _)| *a).collect::<Vec<_>>()),
        "verbs": verbs.join(" và "),
        "whom": whom,
        "awards": sentence_start(&clauses.join("; ")),
        "proposed_by": dec.proposed_by,
        "executors": dec.executors,
        "fund": dec.fund,
        "number_text": dec.number.0.map(|n| vi::pad2(n as u64)),
        "date": dec.date.short(),
        "date_long": dec.date.long(),
    });
    ctx["prize"] = if prize_parts.is_empty() {
        Value::Null
    } else {
        json!({
            "each": prize_parts.join("; "),
            "total": money(prize_total),
            "total_words": vi::money_in_words(prize_total),
            "base": money(rate.amount),
            "base_source": rate.source,
            "rounding": table.rounding_rule,
            "source": sources.join("; "),
        })
    };
    let w = super::wording(d, form, &ctx, problems);
    let summary = text(&w, "summary");
    let mut articles = vec![text(&w, "article_award")];
    if !prize_parts.is_empty() {
        articles.push(text(&w, "article_prize"));
    }
    articles.push(end_mark(&text(&w, "article_execution")));
    let articles: Vec<Value> = articles
        .into_iter()
        .enumerate()
        .map(|(n, body)| json!({"number": format!("Điều {}.", n + 1), "text": body}))
        .collect();
    let mut bases: Vec<String> = dec
        .legal_bases
        .iter()
        .map(|l| {
            let l = l.trim_end_matches([';', '.', ',']).trim();
            let l = if l.starts_with("Căn cứ") { l.to_string() } else { format!("Căn cứ {l}") };
            format!("{l};")
        })
        .collect();
    bases.push(format!("Theo đề nghị của {}.", dec.proposed_by.trim_end_matches(['.', ';'])));
    let mut recipients = vec!["- Như Điều 3;".to_string()];
    for r in &dec.recipients {
        let r = r.trim_start_matches(['-', '+', '•']).trim().trim_end_matches([';', '.', ',']).trim();
        if !r.is_empty() && !r.eq_ignore_ascii_case("Như Điều 3") {
            recipients.push(format!("- {r};"));
        }
    }
    recipients.push(match &dec.archive_unit {
        Some(u) => format!("- Lưu: VT, {u}."),
        None => "- Lưu: VT.".to_string(),
    });
    let meta = super::meta(d, form, &summary, dec.date);
    let data = json!({
        "meta": &meta,
        "header": super::header(d, form, Some(dec.number), Some(dec.date)),
        "title": {"type": form.meta.document, "summary": binder.bind(&summary)},
        "authority": vi::upper(&binder.bind(&authority)),
        "bases": bases,
        "decides": super::label(d, form, "decides"),
        "articles": articles,
        "signer": super::stamped(super::signer(&dec.signer), dec.signer.signature_image.as_deref(), d.agency.seal_image.is_some()),
        "recipients": recipients.iter().map(|r| binder.bind(r)).collect::<Vec<_>>(),
        "lists": lists,
        "labels": super::labels(d, form),
    });
    if problems.has_errors() {
        return None;
    }
    let mut view = super::numbered(d, form, (data, meta), (dec.date, dec.number), &w);
    if d.decisions.len() > 1 {
        view.file_stem = format!("{}-{}", view.file_stem, vi::slug(&dec.authority));
        view.ident = format!("{}/{}", view.ident, dec.authority);
    }
    Some(view)
}
