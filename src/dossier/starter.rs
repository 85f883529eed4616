//! A starting dossier for a kind of unit (`hoso new`): the structure a school, a commune's
//! People's Committee or a provincial department files at year end — its own head's decision
//! on “Lao động tiên tiến”, “Chiến sĩ thi đua cơ sở” and Giấy khen, one letter up for what a
//! higher authority decides, the council meeting with a round of votes per title or award, the
//! usual legal bases — with every name, date and number left empty, so that `hoso check` lists
//! exactly what the clerk has to fill in. Nominees come from the clerk's spreadsheet
//! (`hoso import`).

use serde_json::{Value, json};

/// The kinds of unit a starting dossier is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A school (trường học): the head is the Hiệu trưởng; the commune's chairman decides
    /// collective titles and his Giấy khen.
    School,
    /// A commune's People's Committee (Ủy ban nhân dân xã): its chairman decides; the
    /// province's chairman awards the Bằng khen.
    Commune,
    /// A provincial department (sở, ban, ngành): its director decides; the province's chairman
    /// awards the Bằng khen.
    Department,
}

impl UnitKind {
    /// The kind by its command-line name: "truong", "xa" or "so".
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "truong" | "truong-hoc" | "school" => UnitKind::School,
            "xa" | "ubnd-xa" | "commune" => UnitKind::Commune,
            "so" | "so-nganh" | "department" => UnitKind::Department,
            _ => return None,
        })
    }
}

/// The starting dossier (format hoso/2 JSON) for `kind`, as described above.
pub fn starter(kind: UnitKind) -> Value {
    let (own, own_position, higher, higher_award, higher_award_name) = match kind {
        UnitKind::School => ("hieu-truong", "Hiệu trưởng", "ct-ubnd-xa", "giay-khen-xa", "Giấy khen"),
        UnitKind::Commune => ("ct-ubnd-xa", "Chủ tịch", "ct-ubnd-tinh", "bang-khen-tinh", "Bằng khen"),
        UnitKind::Department => ("giam-doc-so", "Giám đốc", "ct-ubnd-tinh", "bang-khen-tinh", "Bằng khen"),
    };
    let round = |award: &str, voting: &str| json!({"award": award, "voting": voting, "votes": []});
    let bases = json!([
        "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng"
    ]);
    json!({
        "format": "hoso/2",
        "agency": {"name": "", "abbreviation": "", "place": ""},
        "period": "",
        "authorities": [
            {"id": own, "title": "", "own": true},
            {"id": higher, "title": ""}
        ],
        "awards": [
            {"id": "lao-dong-tien-tien", "kind": "title", "name": "Lao động tiên tiến", "for": "individual", "authority": own, "report": false},
            {"id": "chien-si-thi-dua-co-so", "kind": "title", "name": "Chiến sĩ thi đua cơ sở", "for": "individual", "authority": own},
            {"id": "giay-khen", "kind": "award", "name": "Giấy khen", "authority": own},
            {"id": higher_award, "kind": "award", "name": higher_award_name, "authority": higher}
        ],
        "proposals": [{
            "authority": higher,
            "number": null,
            "date": "",
            "addressees": [""],
            "legal_bases": bases,
            "signer": {"position": own_position, "name": ""},
            "recipients": []
        }],
        "nominees": [],
        "minutes": {
            "number": null,
            "date": "",
            "start": "14:00",
            "end": "16:00",
            "place": "",
            "members": [
                {"name": "", "position": own_position, "role": "chair"},
                {"name": "", "position": "", "role": "secretary"},
                {"name": "", "position": "", "role": "member"}
            ],
            "rounds": [
                round("lao-dong-tien-tien", "show_of_hands"),
                round("chien-si-thi-dua-co-so", "secret_ballot"),
                round("giay-khen", "show_of_hands"),
                round(higher_award, "show_of_hands")
            ],
            "recipients": []
        },
        "decisions": [{
            "authority": own,
            "number": null,
            "date": "",
            "legal_bases": bases,
            "proposed_by": "Chủ tịch Hội đồng Thi đua - Khen thưởng",
            "executors": "",
            "signer": {"position": own_position, "name": ""},
            "recipients": ["Như Điều 3"],
            "certificates": {"print": "plain"}
        }]
    })
}

/// The guide written beside a starting dossier (HUONG-DAN.txt), in Vietnamese.
pub fn guide(kind: UnitKind) -> String {
    let unit = match kind {
        UnitKind::School => "trường học",
        UnitKind::Commune => "Ủy ban nhân dân xã",
        UnitKind::Department => "sở, ban, ngành",
    };
    format!(
        "HƯỚNG DẪN LẬP HỒ SƠ THI ĐUA, KHEN THƯỞNG CUỐI NĂM ({unit})\n\
         \n\
         Thư mục này là điểm bắt đầu của một hồ sơ:\n\
         - ho-so.json: dữ liệu hồ sơ. Mọi tên, ngày, số đều để trống.\n\
         - minh-chung/: đặt các tệp minh chứng (ảnh JPG/PNG, PDF) vào đây.\n\
         - chu-ky/: ảnh chữ ký và con dấu (PNG nền trong suốt), nếu có.\n\
         \n\
         Các bước:\n\
         1. Nhập danh sách người được đề nghị từ Excel:\n\
            hoso import danh-sach.xlsx --into ho-so.json\n\
            (cột: Họ và tên, Chức vụ, Đơn vị, Ngày sinh, Giới tính, Tóm tắt thành tích,\n\
             Danh hiệu, Số phiếu đồng ý)\n\
         2. Kiểm tra: hoso check ho-so.json — mỗi dòng chỉ rõ chỗ cần điền (dòng, cột và tên mục).\n\
         3. Điền các mục còn trống: tên đơn vị, tên viết tắt, địa danh, chức danh người quyết định,\n\
            ngày và số văn bản, thành viên Hội đồng, người ký.\n\
         4. Xuất hồ sơ: hoso render ho-so.json -o ket-qua\n\
         \n\
         Lưu ý: thẩm quyền quyết định từng danh hiệu, hình thức trong tệp mẫu là cách làm thông\n\
         thường; đối chiếu với Luật Thi đua, khen thưởng 2022, Nghị định 152/2025/NĐ-CP và quy định\n\
         của tỉnh trước khi trình.\n\
         Năm sau: hoso carry-over ho-so.json -o ho-so-nam-sau.json giữ lại đơn vị, Hội đồng, người ký\n\
         và căn cứ, xóa ngày, số, phiếu và báo cáo.\n"
    )
}
