//! Cross-document checks: the letters, their lists, the minutes and the reports of one dossier
//! and the unit's decisions must never contradict each other. Run by `hoso check` and before every render.

use std::collections::HashMap;

use super::model::{DocNumber, Dossier, Kind};
use super::roster::Roster;
use crate::problem::{Problems, index, join};
use crate::t;
use crate::text::one_line;
use crate::vi::{self, Date};

/// The largest calibration offset accepted, in mm either way.
const MAX_OFFSET_MM: f64 = 20.0;

/// The submission deadline when the dossier names none: 10 December of the letter's year.
pub(crate) fn default_deadline(letter: Date) -> Date {
    Date::from_ymd(letter.year(), 12, 10).expect("10/12 exists every year")
}

/// Record every contradiction between the dossier's documents.
pub(crate) fn check(d: &Dossier, roster: &Roster, problems: &mut Problems) {
    for (i, n) in d.nominees.iter().enumerate() {
        let needs_report = roster.passed_awards(d, i).iter().any(|a| a.report);
        if n.kind == Kind::Household {
            // A household's report is a file among its evidence (no form for it was read).
            if needs_report && n.evidence.is_empty() {
                problems
                    .error(join(&index("nominees", i), "evidence"), t!("report.household-missing", name = &n.name))
                    .hint(t!("hint.household-report"));
            }
        } else if n.report.is_none() && needs_report {
            problems
                .error(join(&index("nominees", i), "report"), t!("report.missing", name = &n.name))
                .hint(t!("hint.add-report"));
        }
    }
    dates_and_numbers(d, problems);
    decisions(d, roster, problems);
    let Some(m) = &d.minutes else {
        problems.error("minutes", t!("minutes.missing")).hint(t!("hint.add-minutes"));
        return;
    };
    let total = m.total();
    let present = m.present();
    if let Some(stated) = m.total_members
        && (stated as usize) < m.members.len()
    {
        problems
            .error(
                "minutes.total_members",
                t!("minutes.total-too-small", stated = stated, listed = vi::pad2(m.members.len() as u64)),
            )
            .hint(t!("hint.total-members"));
    }
    for (r, round) in m.rounds.iter().enumerate() {
        let mut rows: HashMap<&str, usize> = HashMap::new();
        for (j, v) in round.votes.iter().enumerate() {
            let at = index(&join(&index("minutes.rounds", r), "votes"), j);
            if let Some(first) = rows.insert(&v.nominee, j) {
                problems.error(
                    join(&at, "nominee"),
                    t!("minutes.vote-twice", id = &v.nominee, other = format!("minutes.rounds[{r}].votes[{first}]")),
                );
            }
            if v.in_favour > present {
                problems
                    .error(
                        join(&at, "in_favour"),
                        t!("minutes.votes-over-present", votes = v.in_favour, present = vi::pad2(present as u64)),
                    )
                    .hint(t!("hint.votes-over-present"));
            }
        }
    }
    let mut passing = 0;
    for n in &d.nominees {
        for id in &n.awards {
            let Some(award) = d.award(id) else { continue };
            let Some(r) = m.rounds.iter().position(|x| &x.award == id) else {
                problems
                    .error("minutes.rounds", t!("minutes.no-round", award = award.display_name(), id = id))
                    .hint(t!("hint.add-round", id = id));
                continue;
            };
            let round = &m.rounds[r];
            let Some(j) = round.votes.iter().position(|v| v.nominee == n.id) else {
                problems
                    .error(
                        join(&index("minutes.rounds", r), "votes"),
                        t!("minutes.no-vote-row", id = &n.id, name = &n.name),
                    )
                    .hint(t!("hint.needs-vote", award = award.display_name()));
                continue;
            };
            let votes = round.votes[j].in_favour;
            let rule = roster.rule(&award.id).vote;
            if rule.passes(votes, total) {
                passing += 1;
            } else if votes <= present {
                let why = if rule.threshold_percent.is_none() && votes as u64 * 2 == total as u64 {
                    t!("minutes.tie")
                } else {
                    t!("minutes.below-rule", rule = rule.phrase())
                };
                problems.warning(
                    join(&index(&join(&index("minutes.rounds", r), "votes"), j), "in_favour"),
                    t!(
                        "minutes.not-passed",
                        id = &n.id,
                        name = &n.name,
                        votes = vi::pad2(votes as u64),
                        total = vi::pad2(total as u64),
                        percent = vi::percent(votes as u64, total as u64),
                        award = award.display_name(),
                        why = why
                    ),
                );
            }
        }
    }
    if passing == 0 && m.rounds.iter().any(|r| !r.votes.is_empty()) {
        problems.error("minutes.rounds", t!("minutes.nobody-passed")).hint(t!("hint.nobody-passed"));
    }
}

/// Each decision belongs to an own authority, comes after the meeting and names exactly whom
/// the council passed; every own authority that decides something has one.
fn decisions(d: &Dossier, roster: &Roster, problems: &mut Problems) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (k, dec) in d.decisions.iter().enumerate() {
        let at = index("decisions", k);
        match d.authority(&dec.authority) {
            None => {
                problems.error(join(&at, "authority"), t!("authority.unknown", id = &dec.authority));
                continue;
            }
            Some(a) if !a.own => {
                problems
                    .error(join(&at, "authority"), t!("decision.higher-authority", title = &a.title))
                    .hint(t!("hint.decision-own"));
                continue;
            }
            Some(a) => {
                // The decision goes out under the unit's header, with its number symbol and its
                // head's signature: an "own" authority that heads another body could not sign it.
                if let Some(body) = other_body(&a.title, &d.agency.name) {
                    problems
                        .error(
                            join(&at, "authority"),
                            t!(
                                "decision.not-the-units-head",
                                id = &a.id,
                                title = &a.title,
                                body = body,
                                unit = one_line(&d.agency.name)
                            ),
                        )
                        .hint(t!("hint.decision-not-the-units-head", id = &a.id));
                    continue;
                }
            }
        }
        if dec.legal_bases.iter().all(|b| b.trim().is_empty()) {
            problems.error(join(&at, "legal_bases"), t!("decision.no-bases")).hint(t!("hint.decision-bases"));
        }
        if let Some(first) = seen.insert(&dec.authority, k) {
            problems.error(
                join(&at, "authority"),
                t!("decision.twice", id = &dec.authority, other = format!("decisions[{first}]")),
            );
        }
        if let Some(m) = &d.minutes
            && dec.date < m.date
        {
            problems.error(join(&at, "date"), t!("decision.before-meeting", date = dec.date, meeting = m.date));
        }
        let awards: Vec<&super::model::Award> = d.awards.iter().filter(|a| a.authority == dec.authority).collect();
        if let Some(ids) = &dec.awardees {
            for (j, id) in ids.iter().enumerate() {
                let jat = index(&join(&at, "awardees"), j);
                let Some(i) = d.nominees.iter().position(|n| &n.id == id) else {
                    problems.error(&jat, t!("nominee.unknown", id = id));
                    continue;
                };
                let passed: Vec<&str> =
                    awards.iter().filter(|a| roster.passed(i, &a.id)).map(|a| a.id.as_str()).collect();
                if passed.is_empty() {
                    problems
                        .error(&jat, t!("decision.not-passed", id = id, name = &d.nominees[i].name))
                        .hint(t!("hint.decision-passed-only"));
                }
            }
            for a in &awards {
                for (i, n) in d.nominees.iter().enumerate() {
                    if roster.passed(i, &a.id) && !ids.contains(&n.id) {
                        problems
                            .error(
                                join(&at, "awardees"),
                                t!("decision.leaves-out", id = &n.id, name = &n.name, award = a.display_name()),
                            )
                            .hint(t!("hint.decision-all-passed"));
                    }
                }
            }
        }
        for item in dec.certificates.blank.keys() {
            if !super::model::CERTIFICATE_ITEMS.contains(&item.as_str()) {
                let p = problems.error(join(&join(&at, "certificates.blank"), item), t!("certificate.unknown-item"));
                match super::shape::closest(item, super::model::CERTIFICATE_ITEMS) {
                    Some(c) => p.hint(t!("hint.did-you-mean", value = format!("`{c}`"))),
                    None => p.hint(t!("hint.the-items", items = super::model::CERTIFICATE_ITEMS.join(", "))),
                };
            }
        }
        // A printer is off by a few millimetres; more is a blank measured wrong.
        for (axis, v) in ["x", "y"].into_iter().zip(dec.certificates.offset_mm) {
            if !v.is_finite() || v.abs() > MAX_OFFSET_MM {
                problems
                    .error(
                        join(&at, "certificates.offset_mm"),
                        t!("certificate.offset-too-large", axis = axis, value = v, max = MAX_OFFSET_MM),
                    )
                    .hint(t!("hint.calibration"));
            }
        }
    }
    for (k, a) in d.authorities.iter().enumerate() {
        let decides =
            d.awards.iter().any(|x| x.authority == a.id && (0..d.nominees.len()).any(|i| roster.passed(i, &x.id)));
        if a.own && decides && !d.decisions.iter().any(|x| x.authority == a.id) {
            problems
                .warning(index("authorities", k), t!("authority.no-decision", id = &a.id))
                .hint(t!("hint.add-decision", id = &a.id));
        }
    }
}

/// The words that begin the name of a body in an authority's title ("Chủ tịch Ủy ban nhân dân
/// xã …", "Giám đốc Sở …"), capitalised as titles write them (so "Trưởng phòng" is a position).
const BODIES: [&str; 14] = [
    "Ủy ban nhân dân",
    "Uỷ ban nhân dân",
    "Hội đồng nhân dân",
    "Sở ",
    "Bộ ",
    "Ban ",
    "Trường ",
    "Bệnh viện",
    "Trung tâm",
    "Công ty",
    "Trạm ",
    "Phòng ",
    "Cục ",
    "Tổng cục",
];

/// The body an authority's title heads, when it is not the unit: "Chủ tịch Ủy ban nhân dân xã
/// Tân Chi" for a health station's "Trạm Y tế xã Tân Chi". A bare position ("Hiệu trưởng") or
/// the unit's own name heads the unit.
fn other_body(title: &str, unit: &str) -> Option<String> {
    let title = one_line(title);
    let at = BODIES.iter().filter_map(|b| title.find(b)).min()?;
    let body = title[at..].trim().to_string();
    let norm = |s: &str| one_line(s).to_lowercase();
    (!norm(unit).contains(&norm(&body)) && !norm(&body).contains(&norm(unit))).then_some(body)
}

fn dates_and_numbers(d: &Dossier, problems: &mut Problems) {
    let mut numbers: HashMap<u32, String> = HashMap::new();
    for (k, p) in d.proposals.iter().enumerate() {
        let at = index("proposals", k);
        let deadline = p.deadline.unwrap_or_else(|| default_deadline(p.date));
        if p.date > deadline {
            problems
                .error(join(&at, "date"), t!("date.after-deadline", date = p.date, deadline = deadline))
                .hint(t!("hint.deadline"));
        }
        if let Some(m) = &d.minutes
            && m.date > p.date
        {
            problems.error("minutes.date", t!("date.meeting-after-letter", date = m.date, letter = p.date));
        }
        if let DocNumber(Some(n)) = p.number
            && let Some(first) = numbers.insert(n, join(&at, "number"))
        {
            problems
                .error(join(&at, "number"), t!("number.also-of", number = vi::pad2(n as u64), other = first))
                .hint(t!("hint.one-register"));
        }
    }
    for (k, dec) in d.decisions.iter().enumerate() {
        let at = join(&index("decisions", k), "number");
        if let DocNumber(Some(n)) = dec.number
            && let Some(first) = numbers.insert(n, at.clone())
        {
            problems
                .error(&at, t!("number.also-of", number = vi::pad2(n as u64), other = first))
                .hint(t!("hint.decision-number-once"));
        }
    }
    if let Some(m) = &d.minutes
        && let DocNumber(Some(n)) = m.number
        && let Some(letter) = numbers.get(&n)
    {
        let message = if letter == "proposals[0].number" {
            t!("number.also-letter", number = vi::pad2(n as u64))
        } else {
            t!("number.also-of", number = vi::pad2(n as u64), other = letter)
        };
        problems.error("minutes.number", message).hint(t!("hint.one-register"));
    }
    for (i, n) in d.nominees.iter().enumerate() {
        let Some(r) = &n.report else { continue };
        // The report goes with the letters of the nominee's awards: it must not be later.
        let letters: Vec<Date> = n
            .awards
            .iter()
            .filter_map(|a| d.award(a))
            .filter_map(|a| d.proposal_to(&a.authority))
            .map(|p| p.date)
            .collect();
        if let Some(first) = letters.into_iter().min()
            && r.date > first
        {
            problems.error(
                join(&index("nominees", i), "report.date"),
                t!("date.after-letter", date = r.date, letter = first),
            );
        }
    }
}
