//! A starting dossier for a kind of unit (`hoso new KIND`): the structure a school, a commune's
//! People's Committee, a department … files at year end — its own head's decision on what the
//! head decides, one letter up for what the authority above decides, the council meeting with
//! a round of votes per title or award, and the legal bases in force cited exactly — with every
//! name, date and number left empty, so that `hoso check` lists exactly what the clerk has to
//! fill in. Nominees come from the clerk's spreadsheet (`hoso import`).
//!
//! Nothing here is Rust-coded law: the kinds of unit and who decides what come from
//! `forms/_common/law/deciders.toml` (or a form pack's `[[unit]]`s), the citations from the
//! instruments marked `starter = true`; the guide says how far each was checked.

use serde_json::{Value, json};

use crate::form::Catalog;
use crate::law::{Law, Status, UnitDeciders, same_name};
use crate::messages::Text;

/// A starting dossier and the guide written beside it.
#[derive(Debug, Clone)]
pub struct Starter {
    /// The dossier (format hoso/2 JSON), names, dates and numbers empty.
    pub dossier: Value,
    /// The guide (HUONG-DAN.txt), in Vietnamese.
    pub guide: String,
}

/// A kind of unit a starting dossier is made for: (its name on the command line, in words).
pub(crate) fn kinds(catalog: &Catalog, pack: Option<&str>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for law in catalog.laws(pack) {
        for u in law.units() {
            if !out.iter().any(|(k, _)| *k == u.kind) {
                out.push((u.kind.clone(), u.name.clone()));
            }
        }
    }
    out
}

/// The starting dossier for the unit kind `kind` (e.g. "truong"), under form pack `pack` if
/// given; an unknown kind or pack is said in words.
pub(crate) fn starter(catalog: &Catalog, kind: &str, pack: Option<&str>) -> Result<Starter, Text> {
    if let Some(p) = pack
        && catalog.pack(p).is_none()
    {
        let packs: Vec<&str> = catalog.packs().map(|p| p.id.as_str()).collect();
        return Err(crate::t!("pack.unknown", id = p, packs = packs.join(", ")));
    }
    let laws = catalog.laws(pack);
    let Some(unit) = laws.iter().find_map(|l| l.unit(kind)) else {
        let names: Vec<String> = kinds(catalog, pack).into_iter().map(|(k, n)| format!("{k} ({n})")).collect();
        return Err(crate::t!("cli.new.not-a-kind", kind = kind, kinds = names.join(", ")));
    };
    let the_pack = pack.and_then(|p| catalog.pack(p));
    let bases = bases(&laws, the_pack.map(|p| p.instrument()));
    let mut d = dossier(unit, &bases, pack);
    if let Some(province) = the_pack.and_then(|p| p.province.as_deref()) {
        d["agency"]["province"] = json!(province);
    }
    Ok(Starter { dossier: d, guide: guide(unit, &bases, pack) })
}

/// The citations a starting dossier's letter and decision open with: the national
/// instruments marked for starters, then the pack's own.
fn bases(laws: &[&Law], own: Option<&crate::law::Instrument>) -> Vec<String> {
    let national = laws.last().map(|l| l.instruments()).unwrap_or_default();
    let mut out: Vec<String> = national.iter().filter(|i| i.starter).map(|i| i.citation.clone()).collect();
    out.extend(own.map(|i| i.citation.clone()));
    out
}

/// An award of a starting dossier: (id, kind, for whom), from its name.
fn award(name: &str) -> (String, &'static str, Option<&'static str>) {
    let lower = name.to_lowercase();
    let kind = if lower.starts_with("giấy khen") || lower.starts_with("bằng khen") { "award" } else { "title" };
    let whom = if kind == "award" {
        None
    } else if lower.starts_with("tập thể") || lower.starts_with("đơn vị") {
        Some("collective")
    } else if lower.starts_with("gia đình") {
        Some("household")
    } else {
        Some("individual")
    };
    (crate::vi::slug(name), kind, whom)
}

fn dossier(unit: &UnitDeciders, bases: &[String], pack: Option<&str>) -> Value {
    let (own, higher) = (&unit.own, &unit.higher);
    let mut awards = Vec::new();
    let mut rounds = Vec::new();
    for (decider, names) in [(own, &own.decides), (higher, &higher.decides)] {
        for name in names {
            let (mut id, kind, whom) = award(name);
            // A title is decided once; an award of the same name by the authority above is
            // another award.
            if std::ptr::eq(decider, higher) && own.decides.iter().any(|n| same_name(n, name)) {
                if kind == "title" {
                    continue;
                }
                id = format!("{id}-{}", higher.id);
            }
            let mut a = json!({"id": id, "kind": kind, "name": name, "authority": decider.id});
            if let Some(w) = whom {
                a["for"] = json!(w);
            }
            if same_name(name, "Lao động tiên tiến") {
                a["report"] = json!(false);
            }
            let voting =
                if same_name(name, "Chiến sĩ thi đua cơ sở") { "secret_ballot" } else { "show_of_hands" };
            rounds.push(json!({"award": id, "voting": voting, "votes": []}));
            awards.push(a);
        }
    }
    let mut d = json!({
        "format": "hoso/2",
        "agency": {"name": "", "abbreviation": "", "place": "", "province": ""},
        "period": "",
        "authorities": [
            {"id": own.id, "title": "", "own": true},
            {"id": higher.id, "title": ""}
        ],
        "awards": awards,
        "proposals": [],
        "nominees": [],
        "minutes": {
            "number": null,
            "date": "",
            "start": "14:00",
            "end": "16:00",
            "place": "",
            "members": [
                {"name": "", "position": own.position, "role": "chair"},
                {"name": "", "position": "", "role": "secretary"},
                {"name": "", "position": "", "role": "member"}
            ],
            "rounds": rounds,
            "recipients": []
        },
        "decisions": []
    });
    if !higher.decides.is_empty() {
        d["proposals"] = json!([{
            "authority": higher.id,
            "number": null,
            "date": "",
            "addressees": [""],
            "legal_bases": bases,
            "signer": {"position": own.position, "name": ""},
            "recipients": []
        }]);
    }
    if !own.decides.is_empty() {
        d["decisions"] = json!([{
            "authority": own.id,
            "number": null,
            "date": "",
            "legal_bases": bases,
            "proposed_by": "Chủ tịch Hội đồng Thi đua - Khen thưởng",
            "executors": "",
            "signer": {"position": own.position, "name": ""},
            "recipients": ["Như Điều 3"],
            "certificates": {"print": "plain"}
        }]);
    }
    if let Some(p) = pack {
        d["pack"] = json!(p);
    }
    d
}

fn guide(unit: &UnitDeciders, bases: &[String], pack: Option<&str>) -> String {
    let checked = match unit.status {
        Status::Verified => format!("đã đối chiếu: {}", unit.source),
        s => format!(
            "{}; đối chiếu với Luật Thi đua, khen thưởng, Nghị định và quy định của tỉnh, bộ trước khi trình",
            s.text().render(crate::messages::Lang::Vi)
        ),
    };
    let bases: String = bases.iter().map(|b| format!("   - {b}\n")).collect();
    let pack = pack.map(|p| format!("Bộ mẫu của tỉnh, bộ: {p} (xem `hoso forms`).\n")).unwrap_or_default();
    format!(
        "HƯỚNG DẪN LẬP HỒ SƠ THI ĐUA, KHEN THƯỞNG CUỐI NĂM ({name})\n\
         \n\
         Thư mục này là điểm bắt đầu của một hồ sơ:\n\
         - ho-so.json: dữ liệu hồ sơ. Mọi tên, ngày, số đều để trống.\n\
         - minh-chung/: đặt các tệp minh chứng (ảnh JPG/PNG, PDF) vào đây.\n\
         - chu-ky/: ảnh chữ ký và con dấu (PNG nền trong suốt), nếu có.\n\
         {pack}\
         \n\
         Các bước:\n\
         1. Nhập danh sách người được đề nghị từ Excel:\n\
            hoso import danh-sach.xlsx --into ho-so.json\n\
            (cột: Họ và tên, Chức vụ, Đơn vị, Ngày sinh, Giới tính, Tóm tắt thành tích,\n\
             Danh hiệu, Số phiếu đồng ý)\n\
         2. Kiểm tra: hoso check ho-so.json — mỗi dòng chỉ rõ chỗ cần điền (dòng, cột và tên mục).\n\
         3. Điền các mục còn trống: tên đơn vị, tên viết tắt, địa danh, tỉnh, chức danh người quyết\n\
            định, ngày và số văn bản, thành viên Hội đồng, người ký.\n\
         4. Xuất hồ sơ: hoso render ho-so.json -o ket-qua\n\
         \n\
         Căn cứ đã ghi sẵn (trích dẫn đúng tên văn bản):\n\
         {bases}\
         \n\
         Lưu ý: thẩm quyền quyết định từng danh hiệu, hình thức trong tệp mẫu ({own}: {own_decides};\n\
         {higher}: {higher_decides}) là cách làm thông thường, {checked}.\n\
         Năm sau: hoso carry-over ho-so.json -o ho-so-nam-sau.json giữ lại đơn vị, Hội đồng, người ký\n\
         và căn cứ, xóa ngày, số, phiếu và báo cáo.\n",
        name = unit.name,
        own = unit.own.position,
        own_decides = unit.own.decides.join(", "),
        higher = unit.higher.position,
        higher_decides = unit.higher.decides.join(", "),
    )
}
