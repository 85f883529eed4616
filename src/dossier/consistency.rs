//! Cross-document checks: the letters, their lists, the minutes and the reports of one dossier
//! must never contradict each other. Run by `hoso check` and before every render.

use std::collections::HashMap;

use super::model::{DocNumber, Dossier};
use crate::problem::{Problems, index, join};
use crate::vi::{self, Date};

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
