//! Semantic rules a well-shaped dossier must still meet: what one field says about another,
//! identifiers, abbreviations, and the Decree 30 signer conventions.

use std::collections::HashMap;

use super::model::{Authority, Dossier, Kind, Minutes, Role, Signer};
use crate::problem::{Problems, index, join};

/// Record every rule the dossier breaks.
pub(crate) fn check(d: &Dossier, problems: &mut Problems) {
    abbreviation(&d.agency.abbreviation, "agency.abbreviation", problems);
    if let Some(unit) = &d.proposal.archive_unit {
        abbreviation(unit, "proposal.archive_unit", problems);
    }
    signer(&d.proposal.signer, "proposal.signer", problems);
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
    match (s.authority, &s.on_behalf_of) {
        (Some(Authority::Q), Some(_)) => {
            problems
                .error(join(path, "on_behalf_of"), "an acting head (Q.) signs in their own name")
                .hint("leave on_behalf_of out; the block reads \"Q. <position>\"");
        }
        (Some(a), None) if a != Authority::Q => {
            problems
                .error(
                    join(path, "on_behalf_of"),
                    format!("is missing: \"{}\" needs the head or body signed for", a.prefix()),
                )
                .hint("e.g. \"Hiệu trưởng\" after KT., \"Hội đồng Thi đua - Khen thưởng\" after TM.");
        }
        (None, Some(_)) => {
            problems
                .error(join(path, "authority"), "is missing: on_behalf_of is given without a prefix")
                .hint("add \"authority\": \"KT.\" (deputy), \"TM.\" (for a body), \"TL.\", \"TUQ.\" or \"Q.\"");
        }
        _ => {}
    }
}

fn nominees(d: &Dossier, problems: &mut Problems) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, n) in d.nominees.iter().enumerate() {
        let path = index("nominees", i);
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
                    && b >= d.proposal.date
                {
                    problems.error(
                        join(&path, "birth_date"),
                        format!("{b} is not before the letter's date {}", d.proposal.date),
                    );
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
        if !member.present && member.absence_reason.is_none() {
            problems
                .error(join(&index("minutes.members", i), "absence_reason"), "is missing for an absent member")
                .hint("the minutes must say why a member was absent");
        }
    }
    if m.end <= m.start {
        problems.error("minutes.end", "is not after minutes.start");
    }
    let ids: Vec<&str> = d.nominees.iter().map(|n| n.id.as_str()).collect();
    for (i, v) in m.votes.iter().enumerate() {
        if !ids.contains(&v.nominee.as_str()) {
            let p = problems.error(
                join(&index("minutes.votes", i), "nominee"),
                format!("\"{}\" is not the id of any nominee", v.nominee),
            );
            if let Some(c) = super::shape::closest(&v.nominee, ids.iter().copied()) {
                p.hint(format!("did you mean \"{c}\"?"));
            }
        }
    }
}
