//! Cross-document checks: the letter, the list, the minutes and the reports of one dossier
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
        if n.report.is_none() && crate::view::passed(d, i) {
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
            .hint("add the minutes: date, members, voting, votes");
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
    if m.threshold_percent > 100 {
        problems.error("minutes.threshold_percent", format!("{} is not a percentage", m.threshold_percent));
    }
    let mut rows: HashMap<&str, usize> = HashMap::new();
    for (j, v) in m.votes.iter().enumerate() {
        let at = index("minutes.votes", j);
        if let Some(first) = rows.insert(&v.nominee, j) {
            problems.error(
                join(&at, "nominee"),
                format!("\"{}\" already has a vote row (minutes.votes[{first}])", v.nominee),
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
    let mut passing = 0;
    for (i, n) in d.nominees.iter().enumerate() {
        match m.votes.iter().position(|v| v.nominee == n.id) {
            None => {
                problems
                    .error("minutes.votes", format!("has no row for nominees[{i}] \"{}\" ({})", n.id, n.name))
                    .hint("every nominee in the list needs the council's vote");
            }
            Some(j) => {
                let votes = m.votes[j].in_favour;
                if m.passes(votes) {
                    passing += 1;
                } else if votes <= present {
                    problems
                        .warning(
                            join(&index("minutes.votes", j), "in_favour"),
                            format!(
                                "{} ({}) has {}/{} votes ({}), below the {}% threshold: the minutes record “Không đạt”, and the letter, the list and the reports leave the nominee out",
                                n.id,
                                n.name,
                                vi::pad2(votes as u64),
                                vi::pad2(total as u64),
                                vi::percent(votes as u64, total as u64),
                                m.threshold_percent
                            ),
                        );
                }
            }
        }
    }
    if passing == 0 && !m.votes.is_empty() {
        problems
            .error("minutes.votes", "no nominee reached the threshold: there is no one to propose")
            .hint("check the votes and minutes.threshold_percent");
    }
}

fn dates_and_numbers(d: &Dossier, problems: &mut Problems) {
    let letter = d.proposal.date;
    let deadline = d.proposal.deadline.unwrap_or_else(|| default_deadline(letter));
    if letter > deadline {
        problems.error("proposal.date", format!("{letter} is after the submission deadline {deadline}")).hint(
            "date the letter on or before the deadline, or set proposal.deadline if this round's deadline differs",
        );
    }
    if let Some(m) = &d.minutes {
        if m.date > letter {
            problems.error(
                "minutes.date",
                format!("{} is after the letter's date {letter}: the meeting must come first", m.date),
            );
        }
        if let (DocNumber(Some(a)), DocNumber(Some(b))) = (d.proposal.number, m.number)
            && a == b
        {
            problems
                .error("minutes.number", format!("{} is also the letter's number", vi::pad2(b as u64)))
                .hint("an agency numbers its documents in one register for the year: each document has its own number");
        }
    }
    for (i, n) in d.nominees.iter().enumerate() {
        if let Some(r) = &n.report
            && r.date > letter
        {
            problems.error(
                join(&index("nominees", i), "report.date"),
                format!("{} is after the letter's date {letter}", r.date),
            );
        }
    }
}
