//! Cross-document checks: the letters, their lists, the minutes and the reports of one dossier
//! and the unit's decisions must never contradict each other. Run by `hoso check` and before every render.

use std::collections::HashMap;

use super::model::{DocNumber, Dossier};
use crate::problem::{Problems, index, join};
use crate::vi::{self, Date};

/// The largest calibration offset accepted, in mm either way.
const MAX_OFFSET_MM: f64 = 20.0;

/// The submission deadline when the dossier names none: 10 December of the letter's year.
pub(crate) fn default_deadline(letter: Date) -> Date {
    Date::from_ymd(letter.year(), 12, 10).expect("10/12 exists every year")
}

/// Record every contradiction between the dossier's documents.
pub(crate) fn check(d: &Dossier, problems: &mut Problems) {
    for (i, n) in d.nominees.iter().enumerate() {
        let needs_report = d.passed_awards(i).iter().any(|a| a.report);
        if n.report.is_none() && needs_report {
            problems
                .error(
                    join(&index("nominees", i), "report"),
                    format!("is missing: every nominee needs an achievement report ({})", n.name),
                )
                .hint("add the report: date, achievements, certifier (see docs/dossier-format.md)");
        }
    }
    dates_and_numbers(d, problems);
    decisions(d, problems);
    let Some(m) = &d.minutes else {
        problems
            .error("minutes", "is missing: the dossier needs the council meeting that chose the nominees")
            .hint("add the minutes: date, members, rounds of votes");
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
                format!("{stated} is fewer than the {} members listed", vi::pad2(m.members.len() as u64)),
            )
            .hint("total_members is for a council larger than the members listed (those not listed count as absent); leave it out otherwise");
    }
    for (r, round) in m.rounds.iter().enumerate() {
        let mut rows: HashMap<&str, usize> = HashMap::new();
        for (j, v) in round.votes.iter().enumerate() {
            let at = index(&join(&index("minutes.rounds", r), "votes"), j);
            if let Some(first) = rows.insert(&v.nominee, j) {
                problems.error(
                    join(&at, "nominee"),
                    format!("\"{}\" already has a vote row (minutes.rounds[{r}].votes[{first}])", v.nominee),
                );
            }
            if v.in_favour > present {
                problems
                    .error(
                        join(&at, "in_favour"),
                        format!("{} votes, but only {} members were present", v.in_favour, vi::pad2(present as u64)),
                    )
                    .hint("votes in favour can never exceed the members present");
            }
        }
    }
    let mut passing = 0;
    for (i, n) in d.nominees.iter().enumerate() {
        for id in &n.awards {
            let Some(award) = d.award(id) else { continue };
            let Some(r) = m.rounds.iter().position(|x| &x.award == id) else {
                problems
                    .error("minutes.rounds", format!("has no round of votes on {} ({id})", award.display_name()))
                    .hint(format!("add {{\"award\": \"{id}\", \"voting\": …, \"votes\": […]}} to minutes.rounds"));
                continue;
            };
            let round = &m.rounds[r];
            let Some(j) = round.votes.iter().position(|v| v.nominee == n.id) else {
                problems
                    .error(
                        join(&index("minutes.rounds", r), "votes"),
                        format!("has no row for nominees[{i}] \"{}\" ({})", n.id, n.name),
                    )
                    .hint(format!("every nominee proposed for {} needs the council's vote", award.display_name()));
                continue;
            };
            let votes = round.votes[j].in_favour;
            let rule = award.rule();
            if rule.passes(votes, total) {
                passing += 1;
            } else if votes <= present {
                let why = if rule.threshold_percent.is_none() && votes as u64 * 2 == total as u64 {
                    "a tie, which is not a majority".to_string()
                } else {
                    format!("below the rule ({})", rule.phrase())
                };
                problems.warning(
                    join(&index(&join(&index("minutes.rounds", r), "votes"), j), "in_favour"),
                    format!(
                        "{} ({}) has {}/{} votes ({}) for {}: {why}; the minutes record “Không đạt”, and the letter, the list and the reports leave it out",
                        n.id,
                        n.name,
                        vi::pad2(votes as u64),
                        vi::pad2(total as u64),
                        vi::percent(votes as u64, total as u64),
                        award.display_name()
                    ),
                );
            }
        }
    }
    if passing == 0 && m.rounds.iter().any(|r| !r.votes.is_empty()) {
        problems
            .error("minutes.rounds", "no nominee reached the rule of any vote: there is no one to propose")
            .hint("check the votes and each award's vote rule");
    }
}

/// Each decision belongs to an own authority, comes after the meeting and names exactly whom
/// the council passed; every own authority that decides something has one.
fn decisions(d: &Dossier, problems: &mut Problems) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (k, dec) in d.decisions.iter().enumerate() {
        let at = index("decisions", k);
        match d.authority(&dec.authority) {
            None => {
                problems.error(join(&at, "authority"), format!("\"{}\" is not the id of any authority", dec.authority));
                continue;
            }
            Some(a) if !a.own => {
                problems
                    .error(join(&at, "authority"), format!("\"{}\" is a higher authority: the unit sends it a letter, it does not issue the unit's decision", dec.authority))
                    .hint("a decision is issued by the unit's own authority (\"own\": true)");
                continue;
            }
            Some(_) => {}
        }
        if let Some(first) = seen.insert(&dec.authority, k) {
            problems.error(
                join(&at, "authority"),
                format!("\"{}\" already has a decision (decisions[{first}])", dec.authority),
            );
        }
        if let Some(m) = &d.minutes
            && dec.date < m.date
        {
            problems.error(
                join(&at, "date"),
                format!("{} is before the meeting ({}): the decision follows the council's vote", dec.date, m.date),
            );
        }
        let awards: Vec<&super::model::Award> = d.awards.iter().filter(|a| a.authority == dec.authority).collect();
        if let Some(ids) = &dec.awardees {
            for (j, id) in ids.iter().enumerate() {
                let jat = index(&join(&at, "awardees"), j);
                let Some(i) = d.nominees.iter().position(|n| &n.id == id) else {
                    problems.error(&jat, format!("\"{id}\" is not the id of any nominee"));
                    continue;
                };
                let passed: Vec<&str> = awards
                    .iter()
                    .filter(|a| d.nominees[i].awards.contains(&a.id) && d.passed(i, &a.id))
                    .map(|a| a.id.as_str())
                    .collect();
                if passed.is_empty() {
                    problems
                        .error(
                            &jat,
                            format!(
                                "{} ({}) did not pass the council's vote for any title or award of this decision",
                                id, d.nominees[i].name
                            ),
                        )
                        .hint("a decision names only whom the council passed (see the minutes' rounds)");
                }
            }
            for a in &awards {
                for (i, n) in d.nominees.iter().enumerate() {
                    if n.awards.contains(&a.id) && d.passed(i, &a.id) && !ids.contains(&n.id) {
                        problems
                            .error(
                                join(&at, "awardees"),
                                format!(
                                    "leaves out {} ({}), whom the council passed for {}",
                                    n.id,
                                    n.name,
                                    a.display_name()
                                ),
                            )
                            .hint("list every nominee the council passed, or leave awardees out to take them all");
                    }
                }
            }
        }
        for item in dec.certificates.blank.keys() {
            if !super::model::CERTIFICATE_ITEMS.contains(&item.as_str()) {
                let p = problems.error(join(&join(&at, "certificates.blank"), item), "is not an item of a certificate");
                match super::shape::closest(item, super::model::CERTIFICATE_ITEMS) {
                    Some(c) => p.hint(format!("did you mean `{c}`?")),
                    None => p.hint(format!("the items are: {}", super::model::CERTIFICATE_ITEMS.join(", "))),
                };
            }
        }
        // A printer is off by a few millimetres; more is a blank measured wrong.
        for (axis, v) in ["x", "y"].into_iter().zip(dec.certificates.offset_mm) {
            if !v.is_finite() || v.abs() > MAX_OFFSET_MM {
                problems
                    .error(join(&at, "certificates.offset_mm"), format!("{axis} = {v} mm is more than a printer's calibration ({MAX_OFFSET_MM} mm at most)"))
                    .hint("print the calibration page on plain paper, lay it on a blank and measure how far the crosshairs are off; a larger shift belongs in the blank's item positions");
            }
        }
    }
    for (k, a) in d.authorities.iter().enumerate() {
        let decides = d.awards.iter().any(|x| {
            x.authority == a.id
                && (0..d.nominees.len()).any(|i| d.nominees[i].awards.contains(&x.id) && d.passed(i, &x.id))
        });
        if a.own && decides && !d.decisions.iter().any(|x| x.authority == a.id) {
            problems
                .warning(index("authorities", k), format!("\"{}\" decides titles or awards of this dossier, but there is no decision: its decision, list and certificates are not printed", a.id))
                .hint(format!("add a decision with \"authority\": \"{}\"", a.id));
        }
    }
}

fn dates_and_numbers(d: &Dossier, problems: &mut Problems) {
    let mut numbers: HashMap<u32, String> = HashMap::new();
    for (k, p) in d.proposals.iter().enumerate() {
        let at = index("proposals", k);
        let deadline = p.deadline.unwrap_or_else(|| default_deadline(p.date));
        if p.date > deadline {
            problems
                .error(join(&at, "date"), format!("{} is after the submission deadline {deadline}", p.date))
                .hint("date the letter on or before the deadline, or set deadline if this round's deadline differs");
        }
        if let Some(m) = &d.minutes
            && m.date > p.date
        {
            problems.error(
                "minutes.date",
                format!("{} is after the letter's date {}: the meeting must come first", m.date, p.date),
            );
        }
        if let DocNumber(Some(n)) = p.number
            && let Some(first) = numbers.insert(n, join(&at, "number"))
        {
            problems
                .error(join(&at, "number"), format!("{} is also the number of {first}", vi::pad2(n as u64)))
                .hint("an agency numbers its documents in one register for the year: each document has its own number");
        }
    }
    for (k, dec) in d.decisions.iter().enumerate() {
        let at = join(&index("decisions", k), "number");
        if let DocNumber(Some(n)) = dec.number
            && let Some(first) = numbers.insert(n, at.clone())
        {
            problems
                .error(&at, format!("{} is also the number of {first}", vi::pad2(n as u64)))
                .hint("a decision number is issued once: each document of the register has its own number");
        }
    }
    if let Some(m) = &d.minutes
        && let DocNumber(Some(n)) = m.number
        && let Some(letter) = numbers.get(&n)
    {
        let what = if letter == "proposals[0].number" {
            "the letter's number".to_string()
        } else {
            format!("the number of {letter}")
        };
        problems
            .error("minutes.number", format!("{} is also {what}", vi::pad2(n as u64)))
            .hint("an agency numbers its documents in one register for the year: each document has its own number");
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
                format!("{} is after the letter's date {first}", r.date),
            );
        }
    }
}
