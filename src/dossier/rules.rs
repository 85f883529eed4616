//! Semantic rules a well-shaped dossier must still meet: what one field says about another,
//! identifiers and references between them, abbreviations, the Decree 30 signer conventions,
//! and the vote rules the law fixes.

use std::collections::HashMap;

use super::model::{AwardKind, Dossier, Kind, Minutes, Prefix, Recipients, Role, Signer, Voting};
use crate::problem::{Problems, index, join};

/// Record every rule the dossier breaks.
pub(crate) fn check(d: &Dossier, problems: &mut Problems) {
    abbreviation(&d.agency.abbreviation, "agency.abbreviation", problems);
    authorities_and_awards(d, problems);
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
        minutes(d, m, problems);
    }
    for (i, n) in d.nominees.iter().enumerate() {
        if let Some(r) = &n.report {
            let path = join(&index("nominees", i), "report");
            signer(&r.certifier, &join(&path, "certifier"), problems);
            match (n.kind, &r.head) {
                (Kind::Collective, None) => {
                    problems
                        .error(join(&path, "head"), "is missing: a collective's report is signed by its head")
                        .hint("e.g. {\"position\": \"Trưởng phòng\", \"name\": \"…\"}");
                }
                (Kind::Individual, Some(_)) => {
                    problems
                        .error(join(&path, "head"), "belongs to collectives: an individual signs their own report")
                        .hint("remove it");
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
        problems
            .error(path, format!("\"{s}\" is not an abbreviation usable in a document symbol"))
            .hint("use letters and digits only, groups joined by '-', e.g. \"TCNDTNT\" or \"SLĐTBXH\"");
    }
}

fn signer(s: &Signer, path: &str, problems: &mut Problems) {
    unmarked_name(&s.name, &join(path, "name"), problems);
    match (s.prefix, &s.on_behalf_of) {
        (Some(Prefix::Q), Some(_)) => {
            problems
                .error(join(path, "on_behalf_of"), "an acting head (Q.) signs in their own name")
                .hint("leave on_behalf_of out; the block reads \"Q. <position>\"");
        }
        (Some(a), None) if a != Prefix::Q => {
            problems
                .error(
                    join(path, "on_behalf_of"),
                    format!("is missing: \"{}\" needs the head or body signed for", a.prefix()),
                )
                .hint("e.g. \"Hiệu trưởng\" after KT., \"Hội đồng Thi đua - Khen thưởng\" after TM.");
        }
        (None, Some(_)) => {
            problems
                .error(join(path, "prefix"), "is missing: on_behalf_of is given without a prefix")
                .hint("add \"prefix\": \"KT.\" (deputy), \"TM.\" (for a body), \"TL.\", \"TUQ.\" or \"Q.\"");
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
        problems
            .warning(path, format!("\"{name}\" is written without diacritics"))
            .hint("write the name as on the person's papers, with its marks (e.g. Nguyễn Văn An); the documents print it as given");
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
            problems
                .error(join(&path, "id"), format!("\"{}\" is not a usable id", n.id))
                .hint("use lower-case ASCII letters, digits and '-', e.g. \"nguyen-thi-hong-nhung\"");
        }
        if let Some(first) = seen.insert(&n.id, i) {
            problems
                .error(join(&path, "id"), format!("\"{}\" is already the id of nominees[{first}]", n.id))
                .hint("every nominee needs its own id");
        }
        let award_ids: Vec<&str> = d.awards.iter().map(|a| a.id.as_str()).collect();
        for (k, id) in n.awards.iter().enumerate() {
            let at = index(&join(&path, "awards"), k);
            match d.award(id) {
                None => {
                    let p = problems.error(&at, format!("\"{id}\" is not the id of any title or award"));
                    match super::shape::closest(id, award_ids.iter().copied()) {
                        Some(c) => p.hint(format!("did you mean \"{c}\"?")),
                        None => p.hint(format!("the ids are: {}", award_ids.join(", "))),
                    };
                }
                Some(a) => {
                    let fits = match (a.recipients, n.kind) {
                        (Recipients::Both, _) => true,
                        (Recipients::Individual, kind) => kind == Kind::Individual,
                        (Recipients::Collective, kind) => kind == Kind::Collective,
                    };
                    if !fits {
                        let who = if n.kind == Kind::Individual { "an individual" } else { "a collective" };
                        problems
                            .error(&at, format!("{} is not given to {who} ({})", a.display_name(), n.name))
                            .hint("individual titles go to individuals, collective titles to collectives");
                    }
                }
            }
            if n.awards[..k].contains(id) {
                problems.error(&at, format!("\"{id}\" is listed twice"));
            }
        }
        match n.kind {
            Kind::Individual => {
                if n.unit.is_none() {
                    problems
                        .error(
                            join(&path, "unit"),
                            "is missing: an individual's unit (đơn vị công tác) goes in the list",
                        )
                        .hint("e.g. \"Khoa Văn hóa - Cơ bản\"");
                }
                if let Some(b) = n.birth_date
                    && let Some(first) = d.proposals.iter().map(|p| p.date).min()
                    && b >= first
                {
                    problems.error(join(&path, "birth_date"), format!("{b} is not before the letter's date {first}"));
                }
            }
            Kind::Collective => {
                for (field, set) in [
                    ("position", n.position.is_some()),
                    ("birth_date", n.birth_date.is_some()),
                    ("gender", n.gender.is_some()),
                ] {
                    if set {
                        problems
                            .error(join(&path, field), "belongs to individuals, not to a collective")
                            .hint("remove it, or set \"kind\": \"individual\"");
                    }
                }
            }
        }
    }
}

fn minutes(d: &Dossier, m: &Minutes, problems: &mut Problems) {
    for (role, name) in [(Role::Chair, "chair"), (Role::Secretary, "secretary")] {
        let count = m.members.iter().filter(|x| x.role == role).count();
        if count != 1 {
            problems.error("minutes.members", format!("needs exactly one {name}, found {count}"));
        }
    }
    for (i, member) in m.members.iter().enumerate() {
        unmarked_name(&member.name, &join(&index("minutes.members", i), "name"), problems);
        if !member.present && member.absence_reason.is_none() {
            problems
                .error(join(&index("minutes.members", i), "absence_reason"), "is missing for an absent member")
                .hint("the minutes must say why a member was absent");
        }
    }
    if m.end <= m.start {
        problems.error("minutes.end", "is not after minutes.start");
    }
    for (i, member) in m.members.iter().enumerate() {
        if member.present && member.written_opinion.is_some() {
            problems
                .error(join(&index("minutes.members", i), "written_opinion"), "is for absent members")
                .hint("a member present gives their opinion at the meeting (proceedings)");
        }
    }
    let ids: Vec<&str> = d.nominees.iter().map(|n| n.id.as_str()).collect();
    let award_ids: Vec<&str> = d.awards.iter().map(|a| a.id.as_str()).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (r, round) in m.rounds.iter().enumerate() {
        let at = index("minutes.rounds", r);
        let Some(award) = d.award(&round.award) else {
            let p =
                problems.error(join(&at, "award"), format!("\"{}\" is not the id of any title or award", round.award));
            if let Some(c) = super::shape::closest(&round.award, award_ids.iter().copied()) {
                p.hint(format!("did you mean \"{c}\"?"));
            }
            continue;
        };
        if let Some(first) = seen.insert(&round.award, r) {
            problems.error(
                join(&at, "award"),
                format!("\"{}\" already has its round of votes (minutes.rounds[{first}])", round.award),
            );
        }
        let rule = award.rule();
        if let Some(required) = rule.voting
            && required != round.voting
        {
            let law = if award.is_chien_si_thi_dua_co_so() { " (Decree 98/2023 art. 30(7))" } else { "" };
            problems
                .error(
                    join(&at, "voting"),
                    format!(
                        "{} is voted by {}, but its rule requires {}{law}",
                        award.display_name(),
                        voting_name(round.voting),
                        voting_name(required)
                    ),
                )
                .hint(format!("record the round as \"voting\": \"{}\"", voting_key(required)));
        }
        for (j, v) in round.votes.iter().enumerate() {
            let vat = index(&join(&at, "votes"), j);
            match d.nominees.iter().position(|n| n.id == v.nominee) {
                None => {
                    let p = problems
                        .error(join(&vat, "nominee"), format!("\"{}\" is not the id of any nominee", v.nominee));
                    if let Some(c) = super::shape::closest(&v.nominee, ids.iter().copied()) {
                        p.hint(format!("did you mean \"{c}\"?"));
                    }
                }
                Some(i) if !d.nominees[i].awards.contains(&round.award) => {
                    problems
                        .error(
                            join(&vat, "nominee"),
                            format!("\"{}\" is not proposed for {}", v.nominee, award.display_name()),
                        )
                        .hint(format!("add \"{}\" to nominees[{i}].awards, or remove this vote", round.award));
                }
                Some(_) => {}
            }
        }
    }
}

/// The ids and references between authorities, awards and letters, and the vote rules the law
/// fixes.
fn authorities_and_awards(d: &Dossier, problems: &mut Problems) {
    let authority_ids: Vec<&str> = d.authorities.iter().map(|a| a.id.as_str()).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (k, a) in d.authorities.iter().enumerate() {
        if let Some(first) = seen.insert(&a.id, k) {
            problems.error(
                join(&index("authorities", k), "id"),
                format!("\"{}\" is already the id of authorities[{first}]", a.id),
            );
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (k, a) in d.awards.iter().enumerate() {
        let at = index("awards", k);
        if let Some(first) = seen.insert(&a.id, k) {
            problems.error(join(&at, "id"), format!("\"{}\" is already the id of awards[{first}]", a.id));
        }
        if d.authority(&a.authority).is_none() {
            let p =
                problems.error(join(&at, "authority"), format!("\"{}\" is not the id of any authority", a.authority));
            if let Some(c) = super::shape::closest(&a.authority, authority_ids.iter().copied()) {
                p.hint(format!("did you mean \"{c}\"?"));
            }
        }
        if a.kind == AwardKind::Award && a.name.to_lowercase().starts_with("danh hiệu") {
            problems
                .error(join(&at, "kind"), format!("\"{}\" is an emulation title", a.name))
                .hint("write \"kind\": \"title\" and the title alone, e.g. \"Chiến sĩ thi đua cơ sở\"");
        }
        if a.is_chien_si_thi_dua_co_so() {
            if let Some(p) = a.vote.threshold_percent
                && p < 80
            {
                problems
                    .error(
                        join(&at, "vote.threshold_percent"),
                        format!("{p}% is below the 80% of all council members “Chiến sĩ thi đua cơ sở” needs"),
                    )
                    .hint("Decree 98/2023 art. 30(7): a secret ballot and at least 80% of all members; leave vote out to apply it");
            }
            if a.vote.voting == Some(Voting::ShowOfHands) {
                problems
                    .error(join(&at, "vote.voting"), "“Chiến sĩ thi đua cơ sở” is voted by secret ballot")
                    .hint("Decree 98/2023 art. 30(7): a secret ballot and at least 80% of all members");
            }
        }
    }
    let mut letters: HashMap<&str, usize> = HashMap::new();
    for (k, p) in d.proposals.iter().enumerate() {
        let at = join(&index("proposals", k), "authority");
        match d.authority(&p.authority) {
            None => {
                let pr = problems.error(&at, format!("\"{}\" is not the id of any authority", p.authority));
                if let Some(c) = super::shape::closest(&p.authority, authority_ids.iter().copied()) {
                    pr.hint(format!("did you mean \"{c}\"?"));
                }
            }
            Some(a) if a.own => {
                problems
                    .error(
                        &at,
                        format!("\"{}\" is the unit's own authority: it decides, no letter goes to it", p.authority),
                    )
                    .hint("remove this letter; what the unit's head decides goes in the unit's decision");
            }
            Some(_) => {}
        }
        if let Some(first) = letters.insert(&p.authority, k) {
            problems
                .error(&at, format!("\"{}\" already has a letter (proposals[{first}])", p.authority))
                .hint("one letter per authority, proposing all of that authority's titles and awards");
        }
    }
    for (k, a) in d.authorities.iter().enumerate() {
        let decides = d.awards.iter().any(|x| x.authority == a.id);
        if !a.own && decides && d.proposal_to(&a.id).is_none() {
            problems
                .error(
                    index("authorities", k),
                    format!("\"{}\" decides awards of this dossier, but no letter goes to it", a.id),
                )
                .hint(format!("add a letter to proposals with \"authority\": \"{}\"", a.id));
        }
    }
}

/// "biểu quyết giơ tay" / "bỏ phiếu kín", for messages.
fn voting_name(v: Voting) -> &'static str {
    match v {
        Voting::ShowOfHands => "show of hands",
        Voting::SecretBallot => "secret ballot",
    }
}

fn voting_key(v: Voting) -> &'static str {
    match v {
        Voting::ShowOfHands => "show_of_hands",
        Voting::SecretBallot => "secret_ballot",
    }
}
