//! Semantic rules a well-shaped dossier must still meet: what one field says about another,
//! identifiers and references between them, abbreviations, the Decree 30 signer conventions,
//! and the vote rules the law fixes.

use std::collections::HashMap;

use super::model::{AwardKind, Dossier, Kind, Minutes, Prefix, Role, Signer, Voting};
use super::rule::{Origin, VoteRules};
use crate::messages::Text;
use crate::problem::{Problems, index, join};
use crate::t;

/// Record every rule the dossier breaks.
pub(crate) fn check(d: &Dossier, votes: &dyn VoteRules, problems: &mut Problems) {
    abbreviation(&d.agency.abbreviation, "agency.abbreviation", problems);
    authorities_and_awards(d, votes, problems);
    for (k, p) in d.proposals.iter().enumerate() {
        let at = index("proposals", k);
        if let Some(unit) = &p.archive_unit {
            abbreviation(unit, &join(&at, "archive_unit"), problems);
        }
        signer(&p.signer, &join(&at, "signer"), problems);
    }
    for (k, x) in d.decisions.iter().enumerate() {
        let at = index("decisions", k);
        if let Some(unit) = &x.archive_unit {
            abbreviation(unit, &join(&at, "archive_unit"), problems);
        }
        signer(&x.signer, &join(&at, "signer"), problems);
    }
    nominees(d, problems);
    if let Some(m) = &d.minutes {
        minutes(d, m, votes, problems);
    }
    for (i, n) in d.nominees.iter().enumerate() {
        if let Some(r) = &n.report {
            let path = join(&index("nominees", i), "report");
            signer(&r.certifier, &join(&path, "certifier"), problems);
            match (n.kind, &r.head) {
                (Kind::Collective, None) => {
                    problems.error(join(&path, "head"), t!("report.head-missing")).hint(t!("hint.report-head"));
                }
                (Kind::Individual, Some(_)) => {
                    problems.error(join(&path, "head"), t!("report.head-individual")).hint(t!("hint.remove-it"));
                }
                (Kind::Collective, Some(h)) => signer(h, &join(&path, "head"), problems),
                _ => {}
            }
        }
    }
}

/// Document symbols are letters, digits, "Đ" and "&", in groups joined by "-".
fn abbreviation(s: &str, path: &str, problems: &mut Problems) {
    let ok = !s.is_empty()
        && s.split('-').all(|part| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '&'))
        && !s.chars().any(char::is_whitespace);
    if !ok {
        problems.error(path, t!("agency.bad-abbreviation", value = s)).hint(t!("hint.abbreviation"));
    }
}

fn signer(s: &Signer, path: &str, problems: &mut Problems) {
    unmarked_name(&s.name, &join(path, "name"), problems);
    match (s.prefix, &s.on_behalf_of) {
        (Some(Prefix::Q), Some(_)) => {
            problems.error(join(path, "on_behalf_of"), t!("signer.acting-on-behalf")).hint(t!("hint.acting-on-behalf"));
        }
        (Some(a), None) if a != Prefix::Q => {
            problems
                .error(join(path, "on_behalf_of"), t!("signer.on-behalf-missing", prefix = a.prefix()))
                .hint(t!("hint.on-behalf"));
        }
        (None, Some(_)) => {
            problems.error(join(path, "prefix"), t!("signer.prefix-missing")).hint(t!("hint.prefix"));
        }
        _ => {}
    }
}

/// Words of Vietnamese names that are never written without their marks: a name made only of
/// ASCII letters holding one of them was typed without diacritics ("Nguyen Van An").
const UNMARKED: [&str; 16] = [
    "nguyen", "tran", "pham", "hoang", "huynh", "vo", "dang", "bui", "duong", "ngo", "thi", "van", "duc", "hong",
    "thuy", "tuan",
];

/// A warning for a person's `name` typed without diacritics, at `path`.
fn unmarked_name(name: &str, path: &str, problems: &mut Problems) {
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    if words.len() >= 2 && name.is_ascii() && words.iter().any(|w| UNMARKED.contains(&w.as_str())) {
        problems.warning(path, t!("name.unmarked", name = name)).hint(t!("hint.unmarked-name"));
    }
}

fn nominees(d: &Dossier, problems: &mut Problems) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, n) in d.nominees.iter().enumerate() {
        let path = index("nominees", i);
        if n.kind == Kind::Individual {
            unmarked_name(&n.name, &join(&path, "name"), problems);
        }
        if !n.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            problems.error(join(&path, "id"), t!("nominee.bad-id", id = &n.id)).hint(t!("hint.nominee-id"));
        }
        if let Some(first) = seen.insert(&n.id, i) {
            problems
                .error(join(&path, "id"), t!("id.taken", id = &n.id, other = format!("nominees[{first}]")))
                .hint(t!("hint.own-id"));
        }
        let award_ids: Vec<&str> = d.awards.iter().map(|a| a.id.as_str()).collect();
        for (k, id) in n.awards.iter().enumerate() {
            let at = index(&join(&path, "awards"), k);
            match d.award(id) {
                None => {
                    let p = problems.error(&at, t!("award.unknown", id = id));
                    match super::shape::closest(id, award_ids.iter().copied()) {
                        Some(c) => p.hint(t!("hint.did-you-mean", value = format!("\"{c}\""))),
                        None => p.hint(t!("hint.the-ids", ids = award_ids.join(", "))),
                    };
                }
                Some(a) => {
                    if !a.recipients.admit(n.kind) {
                        let who = match n.kind {
                            Kind::Individual => t!("word.an-individual"),
                            Kind::Collective => t!("word.a-collective"),
                            Kind::Household => t!("word.a-household"),
                        };
                        problems
                            .error(
                                &at,
                                t!("award.wrong-recipient", award = a.display_name(), who = who, name = &n.name),
                            )
                            .hint(t!("hint.award-recipient"));
                    }
                }
            }
            if n.awards[..k].contains(id) {
                problems.error(&at, t!("award.listed-twice", id = id));
            }
        }
        match n.kind {
            Kind::Individual => {
                if n.unit.is_none() {
                    problems.error(join(&path, "unit"), t!("nominee.unit-missing")).hint(t!("hint.unit"));
                }
                if let Some(b) = n.birth_date
                    && let Some(first) = d.proposals.iter().map(|p| p.date).min()
                    && b >= first
                {
                    problems
                        .error(join(&path, "birth_date"), t!("date.birth-not-before-letter", date = b, letter = first));
                }
            }
            Kind::Collective | Kind::Household => {
                for (field, set) in [
                    ("position", n.position.is_some()),
                    ("birth_date", n.birth_date.is_some()),
                    ("gender", n.gender.is_some()),
                ] {
                    if set {
                        problems
                            .error(join(&path, field), t!("nominee.individual-field"))
                            .hint(t!("hint.individual-field"));
                    }
                }
            }
        }
        match (n.kind, n.address.is_some()) {
            (Kind::Household, false) => {
                problems.error(join(&path, "address"), t!("nominee.address-missing")).hint(t!("hint.address"));
            }
            (Kind::Collective | Kind::Individual, true) => {
                problems.error(join(&path, "address"), t!("nominee.household-field")).hint(t!("hint.remove-it"));
            }
            _ => {}
        }
        // No report form read in the law is a household's (law-2026.md): its report, when an
        // award asks for one, is a file among its evidence, never a form hoso would invent.
        if n.kind == Kind::Household && n.report.is_some() {
            problems.error(join(&path, "report"), t!("report.household-no-form")).hint(t!("hint.household-report"));
        }
    }
}

fn minutes(d: &Dossier, m: &Minutes, votes: &dyn VoteRules, problems: &mut Problems) {
    for (role, name) in [(Role::Chair, t!("word.chair")), (Role::Secretary, t!("word.secretary"))] {
        let count = m.members.iter().filter(|x| x.role == role).count();
        if count != 1 {
            problems.error("minutes.members", t!("minutes.one-role", role = name, count = count));
        }
    }
    for (i, member) in m.members.iter().enumerate() {
        unmarked_name(&member.name, &join(&index("minutes.members", i), "name"), problems);
        if !member.present && member.absence_reason.is_none() {
            problems
                .error(join(&index("minutes.members", i), "absence_reason"), t!("minutes.absence-reason"))
                .hint(t!("hint.absence-reason"));
        }
    }
    if m.end <= m.start {
        problems.error("minutes.end", t!("minutes.end-before-start"));
    }
    for (i, member) in m.members.iter().enumerate() {
        if member.present && member.written_opinion.is_some() {
            problems
                .error(join(&index("minutes.members", i), "written_opinion"), t!("minutes.written-opinion"))
                .hint(t!("hint.written-opinion"));
        }
    }
    let ids: Vec<&str> = d.nominees.iter().map(|n| n.id.as_str()).collect();
    let award_ids: Vec<&str> = d.awards.iter().map(|a| a.id.as_str()).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut defaults = Vec::new();
    for (r, round) in m.rounds.iter().enumerate() {
        let at = index("minutes.rounds", r);
        let Some(award) = d.award(&round.award) else {
            let p = problems.error(join(&at, "award"), t!("award.unknown", id = &round.award));
            if let Some(c) = super::shape::closest(&round.award, award_ids.iter().copied()) {
                p.hint(t!("hint.did-you-mean", value = format!("\"{c}\"")));
            }
            continue;
        };
        if let Some(first) = seen.insert(&round.award, r) {
            problems.error(
                join(&at, "award"),
                t!("minutes.round-twice", award = &round.award, other = format!("minutes.rounds[{first}]")),
            );
        }
        let rule = votes.rule(d, award);
        if rule.origin == Origin::Default && d.nominees.iter().any(|n| n.awards.contains(&round.award)) {
            defaults.push(award);
        }
        if rule.ballot && round.voting == Voting::ShowOfHands {
            problems
                .error(
                    join(&at, "voting"),
                    t!("minutes.not-a-ballot", award = award.display_name(), law = rule.cited()),
                )
                .hint(t!("hint.record-voting", key = voting_key(Voting::SecretBallot)));
        }
        if let Some(required) = rule.vote.voting
            && required != round.voting
        {
            let law = rule.cited();
            problems
                .error(
                    join(&at, "voting"),
                    t!(
                        "minutes.wrong-voting",
                        award = award.display_name(),
                        voting = voting_name(round.voting),
                        required = voting_name(required),
                        law = law
                    ),
                )
                .hint(t!("hint.record-voting", key = voting_key(required)));
        }
        for (j, v) in round.votes.iter().enumerate() {
            let vat = index(&join(&at, "votes"), j);
            match d.nominees.iter().position(|n| n.id == v.nominee) {
                None => {
                    let p = problems.error(join(&vat, "nominee"), t!("nominee.unknown", id = &v.nominee));
                    if let Some(c) = super::shape::closest(&v.nominee, ids.iter().copied()) {
                        p.hint(t!("hint.did-you-mean", value = format!("\"{c}\"")));
                    }
                }
                Some(i) if !d.nominees[i].awards.contains(&round.award) => {
                    problems
                        .error(
                            join(&vat, "nominee"),
                            t!("minutes.vote-not-proposed", id = &v.nominee, award = award.display_name()),
                        )
                        .hint(t!("hint.vote-not-proposed", award = &round.award, nominee = format!("nominees[{i}]")));
                }
                Some(_) => {}
            }
        }
    }
    // Where neither the dossier, its pack nor the law sets the share of votes, the default
    // decides: said once, for every title and award it decides.
    if !defaults.is_empty() {
        let mut names: Vec<String> = Vec::new();
        for a in &defaults {
            if !names.contains(&a.display_name()) {
                names.push(a.display_name());
            }
        }
        let ids: Vec<&str> = defaults.iter().map(|a| a.id.as_str()).collect();
        problems
            .note("minutes.rounds", t!("minutes.default-rule", award = crate::vi::series(&names), date = m.date))
            .hint(t!("hint.default-rule", award = ids.join(", ")));
    }
}

/// The ids and references between authorities, awards and letters, and the vote rules the law
/// fixes.
fn authorities_and_awards(d: &Dossier, votes: &dyn VoteRules, problems: &mut Problems) {
    let authority_ids: Vec<&str> = d.authorities.iter().map(|a| a.id.as_str()).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (k, a) in d.authorities.iter().enumerate() {
        if let Some(first) = seen.insert(&a.id, k) {
            problems.error(
                join(&index("authorities", k), "id"),
                t!("id.taken", id = &a.id, other = format!("authorities[{first}]")),
            );
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (k, a) in d.awards.iter().enumerate() {
        let at = index("awards", k);
        if let Some(first) = seen.insert(&a.id, k) {
            problems.error(join(&at, "id"), t!("id.taken", id = &a.id, other = format!("awards[{first}]")));
        }
        if d.authority(&a.authority).is_none() {
            let p = problems.error(join(&at, "authority"), t!("authority.unknown", id = &a.authority));
            if let Some(c) = super::shape::closest(&a.authority, authority_ids.iter().copied()) {
                p.hint(t!("hint.did-you-mean", value = format!("\"{c}\"")));
            }
        }
        if a.kind == AwardKind::Award && a.name.to_lowercase().starts_with("danh hiệu") {
            problems.error(join(&at, "kind"), t!("award.is-a-title", name = &a.name)).hint(t!("hint.is-a-title"));
        }
        // The dossier's own rule may be stricter than the law's, never weaker.
        if let Some(law) = votes.law(d, a) {
            if let (Some(p), Some(needed)) = (a.vote.threshold_percent, law.vote.threshold_percent)
                && p < needed
            {
                problems
                    .error(
                        join(&at, "vote.threshold_percent"),
                        t!(
                            "award.below-law",
                            percent = p.to_string(),
                            needed = needed.to_string(),
                            award = a.display_name(),
                            law = law.cited()
                        ),
                    )
                    .hint(t!("hint.below-law"));
            }
            if (law.ballot || law.vote.voting == Some(Voting::SecretBallot))
                && a.vote.voting == Some(Voting::ShowOfHands)
            {
                problems
                    .error(
                        join(&at, "vote.voting"),
                        t!("award.needs-ballot", award = a.display_name(), law = law.cited()),
                    )
                    .hint(t!("hint.below-law"));
            }
        }
    }
    let mut letters: HashMap<&str, usize> = HashMap::new();
    for (k, p) in d.proposals.iter().enumerate() {
        let at = join(&index("proposals", k), "authority");
        match d.authority(&p.authority) {
            None => {
                let pr = problems.error(&at, t!("authority.unknown", id = &p.authority));
                if let Some(c) = super::shape::closest(&p.authority, authority_ids.iter().copied()) {
                    pr.hint(t!("hint.did-you-mean", value = format!("\"{c}\"")));
                }
            }
            Some(a) if a.own => {
                problems
                    .error(&at, t!("proposal.to-own-authority", id = &p.authority))
                    .hint(t!("hint.proposal-to-own"));
            }
            Some(_) => {}
        }
        if let Some(first) = letters.insert(&p.authority, k) {
            problems
                .error(&at, t!("proposal.twice", id = &p.authority, other = format!("proposals[{first}]")))
                .hint(t!("hint.one-letter"));
        }
    }
    for (k, a) in d.authorities.iter().enumerate() {
        let decides = d.awards.iter().any(|x| x.authority == a.id);
        if !a.own && decides && d.proposal_to(&a.id).is_none() {
            problems
                .error(index("authorities", k), t!("authority.no-letter", id = &a.id))
                .hint(t!("hint.add-letter", id = &a.id));
        }
    }
}

/// "biểu quyết giơ tay" / "bỏ phiếu kín", for messages.
fn voting_name(v: Voting) -> Text {
    match v {
        Voting::ShowOfHands => t!("word.show-of-hands"),
        Voting::SecretBallot => t!("word.secret-ballot"),
    }
}

fn voting_key(v: Voting) -> &'static str {
    match v {
        Voting::ShowOfHands => "show_of_hands",
        Voting::SecretBallot => "secret_ballot",
    }
}
