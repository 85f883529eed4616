//! The council meeting minutes (Biên bản họp Hội đồng Thi đua - Khen thưởng, Decree 30
//! Appendix III template 1.9): one meeting for every title and award, a round of votes per
//! title or award, each with its own rule.

use serde_json::{Value, json};

use super::{View, captioned, count_phrase, end_mark, kinds, label, labels, sentence_case, subject, text};
use crate::dossier::{Award, Dossier, Member, Role, Roster, Time, Voting};
use crate::form::Form;
use crate::problem::Problems;
use crate::vi;

/// "14 giờ 00 phút".
pub(crate) fn clock(t: Time) -> String {
    format!("{:02} giờ {:02} phút", t.hour, t.minute)
}

fn who(m: &Member) -> String {
    format!("{} - {}", m.name, m.position)
}

/// The signer block of a council member: `caption` (its lines), and the seal when the minutes
/// carry the unit's.
fn member_block(caption: &str, member: Option<&Member>, role: &str, seal: bool) -> Value {
    let block = captioned(caption, None, member.map_or("", |m| m.name.as_str()), role);
    super::stamped(block, member.and_then(|m| m.signature_image.as_deref()), seal)
}

/// "- …;" recipient lines of the minutes, "- Lưu: VT, Hồ sơ." last (template 1.9).
fn recipients(list: &[String]) -> Vec<String> {
    let mut out: Vec<String> = list
        .iter()
        .map(|r| r.trim_start_matches(['-', '+', '•']).trim().trim_end_matches([';', '.', ',']).trim().to_string())
        .filter(|r| !r.is_empty())
        .map(|r| format!("- {r};"))
        .collect();
    out.push("- Lưu: VT, Hồ sơ.".into());
    out
}

/// "Giám đốc Sở … xem xét, tặng Giấy khen cho 02 tập thể và 05 cá nhân": what the council asks of
/// each authority (or, of the unit's own head, to decide), for the conclusion.
fn conclusion(d: &Dossier, roster: &Roster) -> String {
    let mut parts = Vec::new();
    for authority in &d.authorities {
        let clauses: Vec<String> = d
            .awards
            .iter()
            .filter(|a| a.authority == authority.id)
            .filter_map(|a| {
                let k = kinds(d, &roster.passed_for(&a.id));
                (k.total() > 0).then(|| format!("{} cho {}", super::verb(a), count_phrase(k, " và ")))
            })
            .collect();
        if clauses.is_empty() {
            continue;
        }
        let how = if authority.own { "quyết định" } else { "xem xét," };
        parts.push(format!("{} {how} {}", authority.title, clauses.join("; ")));
    }
    parts.join("; đề nghị ")
}

/// A round's heading: the award's name, with whose it is ("Giấy khen của Chủ tịch Ủy ban nhân dân
/// phường …") when another round of the meeting bears the same name from another authority, and
/// its kind ("(khen thưởng đột xuất)") when the same authority's differ by kind.
fn round_name(d: &Dossier, held: &[&Award], award: &Award) -> String {
    let name = award.display_name();
    let same: Vec<&&Award> = held.iter().filter(|a| a.display_name() == name).collect();
    let mut out = super::sentence_start(&name);
    if same.iter().any(|a| a.authority != award.authority)
        && let Some(by) = d.authority(&award.authority)
    {
        out = format!("{out} của {}", by.title);
    }
    if same.iter().any(|a| a.authority == award.authority && a.commendation != award.commendation) {
        let kind = award.commendation.unwrap_or(crate::dossier::Commendation::CongTrang);
        out = format!("{out} ({})", kind.phrase());
    }
    out
}

/// Build the view of the minutes form.
pub(crate) fn view(d: &Dossier, roster: &Roster, form: &Form, problems: &mut Problems) -> Option<View> {
    // (Built once: it knows the dossier's names.)
    let binder = super::binder(d);
    let m = d.minutes.as_ref()?;
    let total = m.total();
    let order = roster.order().to_vec();
    // A round on a title or award nobody is proposed for has nothing to record: it is left out
    // (an empty table would read as a vote that never happened).
    let held: Vec<&crate::dossier::Round> =
        m.rounds.iter().filter(|r| d.nominees.iter().any(|n| n.awards.contains(&r.award))).collect();
    let several = held.len() > 1;
    let held_awards: Vec<&Award> = held.iter().filter_map(|r| d.award(&r.award)).collect();
    let mut rounds = Vec::new();
    for (k, round) in held.into_iter().enumerate() {
        let Some(award) = d.award(&round.award) else { continue };
        let rule = roster.rule(&award.id).vote;
        let mut rows = Vec::new();
        for &i in order.iter().filter(|&&i| d.nominees[i].awards.contains(&round.award)) {
            let n = &d.nominees[i];
            let votes = round.votes_for(&n.id).unwrap_or(0);
            let ok = rule.passes(votes, total);
            rows.push(json!({
                "stt": (rows.len() + 1).to_string(),
                "name": n.name,
                "award": super::sentence_start(&award.display_name()),
                "award_id": award.id,
                "votes": format!("{}/{}", vi::pad2(votes as u64), vi::pad2(total as u64)),
                "percent": vi::percent(votes as u64, total as u64),
                "result": label(d, form, if ok { "result_pass" } else { "result_fail" }),
            }));
        }
        let voting = match round.voting {
            Voting::ShowOfHands => label(d, form, "voting_hands"),
            Voting::SecretBallot => label(d, form, "voting_ballot"),
        };
        let rule_text = format!("Hình thức biểu quyết: {voting}. Tỷ lệ đồng ý cần đạt: {}.", rule.phrase());
        rounds.push(json!({
            // The round's heading names what is voted on (numbered when there are several), so
            // its rows need not repeat it.
            "heading": binder.bind(&if several {
                format!("{}. {}", k + 1, round_name(d, &held_awards, award))
            } else {
                round_name(d, &held_awards, award)
            }),
            "voting": rule_text,
            "votes": rows,
        }));
    }
    let mut ctx = super::context(d, roster);
    let all: Vec<&Award> = d.awards.iter().collect();
    let passed = roster.proposed();
    ctx["passed"] = super::counts(kinds(d, &passed));
    ctx["passed"]["phrase"] = json!(conclusion(d, roster));
    ctx["meeting"] = json!({"subject": subject(d, &all)});
    let w = super::wording(d, form, &ctx, problems);
    let chair = m.members.iter().find(|x| x.role == Role::Chair);
    let secretary = m.members.iter().find(|x| x.role == Role::Secretary);
    let present = m.present();
    let mut absent: Vec<String> = m
        .members
        .iter()
        .filter(|x| !x.present)
        .map(|x| format!("{}, lý do: {}", who(x), x.absence_reason.as_deref().unwrap_or_default()))
        .collect();
    // A council larger than the members listed: those not listed were absent.
    let unlisted = total.saturating_sub(m.members.len() as u32);
    if unlisted > 0 {
        absent.push(format!("{} thành viên khác", vi::pad2(unlisted as u64)));
    }
    let mut attendance = Vec::new();
    if let Some(c) = chair {
        attendance.push(format!("{} {}, {}.", label(d, form, "chair"), who(c), label(d, form, "chair_role")));
    }
    if let Some(s) = secretary {
        attendance.push(format!("{} {}, {}.", label(d, form, "secretary"), who(s), label(d, form, "secretary_role")));
    }
    // Zero absences are said in words, never "vắng mặt 00".
    let away = total - present.min(total);
    attendance.push(format!(
        "Thành viên Hội đồng: {} người; có mặt {}/{}, {}.",
        vi::pad2(total as u64),
        vi::pad2(present as u64),
        vi::pad2(total as u64),
        match (away, absent.is_empty()) {
            (0, _) => "không có thành viên vắng mặt".to_string(),
            (n, true) => format!("vắng mặt {}", vi::pad2(n as u64)),
            (n, false) => format!("vắng mặt {} ({})", vi::pad2(n as u64), absent.join("; ")),
        }
    ));
    // Absent members' written opinions, recorded as given (Decree 98/2023 art. 30(7)).
    for x in m.members.iter().filter(|x| !x.present) {
        if let Some(o) = &x.written_opinion {
            attendance.push(format!(
                "Ý kiến bằng văn bản của {}: {}",
                who(x),
                end_mark(o).trim_end_matches("./.").trim_end().to_string() + "."
            ));
        }
    }
    let summary = text(&w, "summary");
    let meta = super::meta(d, form, &format!("{} {}", sentence_case(&form.meta.document), summary), m.date);
    // The chair's block: "CHỦ TỌA"; with the unit's seal, their position under it too.
    let chair_caption = match (m.sealed, chair) {
        (true, Some(c)) => format!("{}\n{}", label(d, form, "sign_right"), vi::upper(&c.position)),
        _ => label(d, form, "sign_right"),
    };
    let mut data = json!({
        "meta": &meta,
        "header": super::header(d, form, Some(m.number), None),
        "title": {"type": form.meta.document, "summary": binder.bind(&summary)},
        "time": format!("{} {}, {}.", label(d, form, "time"), clock(m.start), m.date.long()),
        "place": format!("{} {}.", label(d, form, "place"), m.place.trim_end_matches('.')),
        "attendance": attendance,
        "proceedings": if m.proceedings.is_empty() { vec![text(&w, "proceedings")] } else { m.proceedings.clone() },
        "rounds": rounds,
        "conclusion": text(&w, "conclusion"),
        "closing": end_mark(&format!("Cuộc họp kết thúc vào {}, {}", clock(m.end), m.date.long())),
        "signers": [
            member_block(&label(d, form, "sign_left"), secretary, "thu_ky", false),
            member_block(&chair_caption, chair, "chu_toa", m.sealed && d.agency.seal_image.is_some()),
        ],
        "recipients": recipients(&m.recipients).iter().map(|r| binder.bind(r)).collect::<Vec<_>>(),
        "labels": labels(d, form),
    });
    if d.nominees.iter().any(|n| n.kind == crate::dossier::Kind::Household) {
        data["labels"]["col_name"] = data["labels"]["col_name_households"].clone();
    }
    if problems.has_errors() {
        return None;
    }
    Some(super::numbered(d, form, (data, meta), (m.date, m.number), &w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_end_with_the_file_copy() {
        assert_eq!(
            recipients(&["Ban Giám hiệu".into(), "- Các phòng, khoa;".into()]),
            ["- Ban Giám hiệu;", "- Các phòng, khoa;", "- Lưu: VT, Hồ sơ."]
        );
        assert_eq!(recipients(&[]), ["- Lưu: VT, Hồ sơ."]);
    }
}
