//! The council meeting minutes (Biên bản họp Hội đồng Thi đua - Khen thưởng, Decree 30 Mẫu 1.9).

use serde_json::json;

use super::{View, award_name, captioned, end_mark, label, list_order, sentence_case, text};
use crate::dossier::{Dossier, Kind, Member, Role, Time, Voting};
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

/// The signer block of a council member (the minutes are not sealed).
fn member_block(caption: &str, member: Option<&Member>, role: &str) -> serde_json::Value {
    let block = captioned(caption, None, member.map_or("", |m| m.name.as_str()), role);
    super::stamped(block, member.and_then(|m| m.signature_image.as_deref()), false)
}

/// Build the view of the minutes form.
pub(crate) fn view(d: &Dossier, form: &Form, problems: &mut Problems) -> Option<View> {
    let m = d.minutes.as_ref()?;
    let total = m.total();
    let order = list_order(d);
    let (mut passed_c, mut passed_i) = (0, 0);
    let mut rows = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let n = &d.nominees[i];
        let votes = m.votes_for(&n.id).unwrap_or(0);
        let ok = m.passes(votes);
        if ok {
            match n.kind {
                Kind::Collective => passed_c += 1,
                Kind::Individual => passed_i += 1,
            }
        }
        rows.push(json!({
            "stt": (k + 1).to_string(),
            "name": n.name,
            "award": award_name(d, n),
            "votes": format!("{}/{}", vi::pad2(votes as u64), vi::pad2(total as u64)),
            "percent": vi::percent(votes as u64, total as u64),
            "result": label(form, if ok { "result_pass" } else { "result_fail" }),
        }));
    }
    let mut ctx = super::context(d);
    ctx["passed"] = super::counts(passed_c, passed_i);
    let w = super::wording(d, form, &ctx, problems);
    let chair = m.members.iter().find(|x| x.role == Role::Chair);
    let secretary = m.members.iter().find(|x| x.role == Role::Secretary);
    let present = m.present();
    let mut absent: Vec<String> = m
        .members
        .iter()
        .filter(|x| !x.present)
        .map(|x| format!("{}, lý do: {}", who(x), x.absence_reason.as_deref().unwrap_or("không rõ")))
        .collect();
    // A council larger than the members listed: those not listed were absent.
    let unlisted = total.saturating_sub(m.members.len() as u32);
    if unlisted > 0 {
        absent.push(format!("{} thành viên khác", vi::pad2(unlisted as u64)));
    }
    let mut attendance = vec![format!(
        "Thành viên Hội đồng: {} người; có mặt {}/{}, vắng mặt {}{}.",
        vi::pad2(total as u64),
        vi::pad2(present as u64),
        vi::pad2(total as u64),
        vi::pad2((total - present.min(total)) as u64),
        if absent.is_empty() { String::new() } else { format!(" ({})", absent.join("; ")) }
    )];
    if let Some(c) = chair {
        attendance.insert(0, format!("Chủ trì: {}, {}.", who(c), label(form, "chair_role")));
    }
    if let Some(s) = secretary {
        attendance.insert(1.min(attendance.len()), format!("Thư ký: {}, {}.", who(s), label(form, "secretary_role")));
    }
    let voting = match m.voting {
        Voting::ShowOfHands => label(form, "voting_hands"),
        Voting::SecretBallot => label(form, "voting_ballot"),
    };
    let summary = text(&w, "summary");
    let meta = super::meta(d, form, &format!("{} {}", sentence_case(&form.meta.document), summary), m.date);
    let data = json!({
        "meta": &meta,
        "header": super::header(d, form, Some(m.number), None),
        "title": {"type": form.meta.document, "summary": summary},
        "time": format!("Thời gian: bắt đầu lúc {}, {}.", clock(m.start), m.date.long()),
        "place": format!("Địa điểm: {}.", m.place.trim_end_matches('.')),
        "attendance": attendance,
        "proceedings": if m.proceedings.is_empty() { vec![text(&w, "proceedings")] } else { m.proceedings.clone() },
        "voting": format!("Hình thức biểu quyết: {voting}. Tỷ lệ đồng ý cần đạt: từ {}% tổng số thành viên Hội đồng trở lên.", m.threshold_percent),
        "votes": rows,
        "conclusion": text(&w, "conclusion"),
        "closing": end_mark(&format!("Cuộc họp kết thúc vào {} cùng ngày", clock(m.end))),
        "signers": [
            member_block(&label(form, "sign_left"), secretary, "thu_ky"),
            member_block(&label(form, "sign_right"), chair, "chu_toa"),
        ],
        "labels": form.meta.labels,
    });
    if problems.has_errors() {
        return None;
    }
    Some(super::numbered(d, form, (data, meta), (m.date, m.number), &w))
}
