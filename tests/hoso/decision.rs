//! After the vote: the unit's own decision with its list and prize money, and the certificates
//! on plain paper or on pre-printed blanks, agreeing with what the council passed.

use serde_json::{Value, json};

use crate::common::{ENGINE, facts, flat, problems, render_only, root};
use crate::measure::{MM, lines};
use std::process::Command;

const FINAL_2025: &str = "vi-nguoi-ngheo-2025.json";
const YEAR_END: &str = "nam-hoc-2025-2026-tieu-hoc-khanh-thuong.json";

fn load(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("samples").join(name)).unwrap()).unwrap()
}

fn doc<'a>(r: &'a hoso::Rendered, prefix: &str) -> &'a hoso::Document {
    r.documents.iter().find(|d| d.file_name.starts_with(prefix)).unwrap_or_else(|| panic!("no {prefix}*"))
}

/// The decision's view (what `quyet-dinh` reads) of a dossier.
fn decision_view(d: &Value) -> Value {
    let checked = crate::common::check(d).unwrap_or_else(|p| panic!("{p}"));
    ENGINE.template_data(&checked, "quyet-dinh").unwrap().remove(0).data
}

#[test]
fn the_decision_gives_exactly_what_the_council_passed_with_its_list() {
    crate::needs_checkers!();
    let r = render_only(&load(FINAL_2025), None);
    let text = flat(&doc(&r, "04-quyet-dinh").pdf);
    for expected in [
        "Số: 45/QĐ-TCNDTNT",
        "QUYẾT ĐỊNH Về việc tặng Giấy khen cho các tập thể, cá nhân đã có thành tích xuất sắc trong phong trào thi đua",
        "HIỆU TRƯỞNG TRƯỜNG TRUNG CẤP NGHỀ DÂN TỘC NỘI TRÚ KHÁNH VĨNH",
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
        "Theo đề nghị của Chủ tịch Hội đồng Thi đua - Khen thưởng Nhà trường.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Tặng Giấy khen cho 01 tập thể và 02 cá nhân (có danh sách kèm theo) đã có thành tích xuất sắc",
        "Điều 2. Mức tiền thưởng:",
        "Điều 3. Trưởng phòng Đào tạo - Hành chính - Kế toán, Trưởng các khoa và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        "- Như Điều 3;",
        "- Lưu: VT, ĐTHCKT.",
        "DANH SÁCH CÁC TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN",
        "(Kèm theo Quyết định số 45/QĐ-TCNDTNT ngày 05 tháng 12 năm 2025 của Hiệu trưởng Trường Trung cấp nghề Dân tộc nội trú Khánh Vĩnh)",
        "Khoa Cơ khí - Điện",
        "Lê Quang Ân",
        "Bo Bo Thị Yến",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
    // Template 1.2: the document type, the authority and "QUYẾT ĐỊNH:" centred and bold.
    let f = facts(&doc(&r, "04-quyet-dinh").pdf);
    for needle in ["QUYẾT ĐỊNH", "HIỆU TRƯỞNG TRƯỜNG", "QUYẾT ĐỊNH:"] {
        let l = lines(&f["pages"][0])
            .into_iter()
            .find(|l| l.text() == needle || (needle.ends_with("TRƯỜNG") && l.text().starts_with(needle)))
            .unwrap();
        assert!(
            (l.centre() - (30.0 + 165.0 / 2.0) * MM).abs() < 1.0 * MM,
            "{needle} not centred: {:.1} mm",
            l.centre() / MM
        );
        assert!(l.bold(), "{needle}");
    }
    // Hà Văn Thông failed the vote; Mấu Thị Hoa goes up to the Department, not in this decision.
    assert!(!text.contains("Hà Văn Thông") && !text.contains("Mấu Thị Hoa"), "{text}");
    // The letter upward does not ask for what the school decides itself.
    let letter = flat(&doc(&r, "01-to-trinh").pdf);
    assert!(!letter.contains("Lê Quang Ân"), "{letter}");
    // The manifest lists the decision and the certificates; the print file says what it gathers.
    let files: Vec<&str> = r.manifest.documents.iter().map(|d| d.file.as_str()).collect();
    for f in ["04-quyet-dinh.pdf", "05-giay-khen-01-khoa-co-khi-dien.pdf", "05-giay-khen-tat-ca.pdf", "ho-so.pdf"] {
        assert!(files.contains(&f), "{files:?}");
    }
    let all = r.manifest.documents.iter().find(|d| d.file == "05-giay-khen-tat-ca.pdf").unwrap();
    assert_eq!(
        all.gathers,
        [
            "05-giay-khen-01-khoa-co-khi-dien.pdf",
            "05-giay-khen-02-le-quang-an.pdf",
            "05-giay-khen-03-bo-bo-thi-yen.pdf"
        ]
    );
    assert_eq!(all.pages, 3);
    // The signer's field covers the decision as every other signed document.
    let decision = r.manifest.documents.iter().find(|d| d.file == "04-quyet-dinh.pdf").unwrap();
    assert_eq!(decision.signature_fields.len(), 1);
    assert_eq!(decision.signature_fields[0].signer, "Phạm Minh Tuấn");
    // ho-so.pdf bookmarks the decision and each certificate.
    let toc = facts(&doc(&r, "ho-so").pdf)["toc"].to_string();
    assert!(toc.contains("Quyết định số 45/QĐ-TCNDTNT") && toc.contains("Giấy khen: Bo Bo Thị Yến"), "{toc}");
}

/// (date, a collective's prize, an individual's, the total of 1 collective and 2 individuals)
const PRIZES: [(&str, &str, &str, &str, &str); 3] = [
    // 2.340.000 × 0,6 = 1.404.000 and × 0,3 = 702.000, rounded up to ten thousands.
    ("05/12/2025", "1.410.000", "710.000", "2.830.000", "2.340.000"),
    ("30/06/2026", "1.410.000", "710.000", "2.830.000", "2.340.000"),
    // 2.530.000 × 0,6 = 1.518.000 and × 0,3 = 759.000.
    ("01/07/2026", "1.520.000", "760.000", "3.040.000", "2.530.000"),
];

#[test]
fn prize_money_follows_the_base_salary_on_the_decisions_date() {
    for (date, collective, individual, total, base) in PRIZES {
        let mut d = load(FINAL_2025);
        d["decisions"][0]["date"] = json!(date);
        let v = decision_view(&d);
        let list = &v["lists"][0];
        assert_eq!(list["groups"][0]["rows"][0]["amount"], collective, "{date}");
        assert_eq!(list["groups"][1]["rows"][0]["amount"], individual, "{date}");
        assert_eq!(list["groups"][1]["rows"][1]["amount"], individual, "{date}");
        let totals = &list["total"].as_str().unwrap().replace('\u{a0}', " ");
        assert!(totals.contains(&format!("tổng số tiền thưởng: {total} đồng")), "{date}: {totals}");
        let article = v["articles"][1]["text"].as_str().unwrap();
        assert!(article.contains(&format!("Tổng số tiền thưởng là {total} đồng")), "{date}: {article}");
        assert!(article.contains(&format!("mức lương cơ sở {base} đồng")), "{date}: {article}");
        assert!(article.contains("làm tròn lên hàng chục nghìn đồng"), "{article}");
        assert!(article.contains("theo Điều 54 Nghị định số 152/2025/NĐ-CP"), "{article}");
    }
    // In words, too.
    let mut d = load(FINAL_2025);
    d["decisions"][0]["date"] = json!("01/07/2026");
    let v = decision_view(&d);
    assert!(
        v["lists"][0]["total"].as_str().unwrap().contains("(Ba triệu không trăm bốn mươi nghìn đồng)"),
        "{}",
        v["lists"][0]["total"]
    );
}

#[test]
fn prize_coefficients_out_of_bounds_are_refused() {
    let mut d = load(YEAR_END);
    // A coefficient is at most 100, to the hundredth (so a decision's total stays printable).
    d["awards"][0]["prize"]["individual"] = json!("100,5");
    let found = problems(&d);
    assert!(
        found.iter().any(|p| p.starts_with("error: awards[0].prize.individual: \"100,5\" is not a coefficient")),
        "{found:?}"
    );
    d["awards"][0]["prize"]["individual"] = json!("0,333");
    let found = problems(&d);
    assert!(
        found.iter().any(|p| p.starts_with("error: awards[0].prize.individual: \"0,333\" is not a coefficient")),
        "{found:?}"
    );
}

#[test]
fn a_decision_naming_someone_the_council_did_not_pass_is_refused_with_its_path() {
    let mut d = load(FINAL_2025);
    d["decisions"][0]["awardees"] = json!(["khoa-co-khi-dien", "le-quang-an", "bo-bo-thi-yen", "ha-van-thong"]);
    let found = problems(&d);
    assert!(
        found.iter().any(|p| p.starts_with(
            "error: decisions[0].awardees[3]: ha-van-thong (Hà Văn Thông) did not pass the council's vote"
        )),
        "{found:?}"
    );
    // Leaving someone out is refused as well.
    d["decisions"][0]["awardees"] = json!(["khoa-co-khi-dien", "le-quang-an"]);
    let found = problems(&d);
    assert!(
        found.iter().any(|p| p.starts_with("error: decisions[0].awardees: leaves out bo-bo-thi-yen (Bo Bo Thị Yến)")),
        "{found:?}"
    );
}

#[test]
fn a_reissued_decision_number_and_a_decision_before_the_vote_are_refused() {
    let mut d = load(FINAL_2025);
    d["decisions"][0]["number"] = json!(41);
    d["decisions"][0]["date"] = json!("27/11/2025");
    let found = problems(&d);
    assert!(
        found.iter().any(|p| p.starts_with("error: decisions[0].number: 41 is also the number of proposals[0].number")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with("error: decisions[0].date: 27/11/2025 is before the meeting (28/11/2025)")),
        "{found:?}"
    );
    // A unit's own authority that decides without a decision is told its documents are missing.
    let mut d = load(FINAL_2025);
    d.as_object_mut().unwrap().remove("decisions");
    let found = problems(&d);
    assert!(found.iter().any(|p| p.contains("warning: authorities[0]: \"hieu-truong\" decides titles or awards of this dossier, but there is no decision")), "{found:?}");
}

#[test]
fn the_electronic_version_leaves_the_lists_number_and_date_blank() {
    let mut d = load(FINAL_2025);
    d["decisions"][0]["electronic"] = json!(true);
    let v = decision_view(&d);
    let sub = &v["lists"][0]["subtitle"].as_str().unwrap().replace('\u{a0}', " ");
    assert!(
        sub.starts_with("(Kèm theo Quyết định số ")
            && sub.contains("/QĐ-TCNDTNT ngày")
            && sub.contains("năm 2025 của Hiệu trưởng"),
        "{sub}"
    );
    assert!(!sub.contains("45/") && !sub.contains("05 tháng 12"), "{sub}");
}

#[test]
fn several_awards_make_numbered_appendices() {
    let mut d = load(FINAL_2025);
    // The school decides the Department's award too (as if it were its own).
    d["awards"][0]["authority"] = json!("hieu-truong");
    d["awards"][0]["report"] = json!(false);
    d.as_object_mut().unwrap().remove("proposals");
    let v = decision_view(&d);
    let labels: Vec<&str> = v["lists"].as_array().unwrap().iter().map(|l| l["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["Phụ lục I", "Phụ lục II"]);
    assert!(
        v["articles"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Tặng Giấy khen cho 02 tập thể và 03 cá nhân; tặng Giấy khen cho 01 tập thể và 02 cá nhân"),
        "{}",
        v["articles"][0]
    );
}

/// Every text line of a certificate page: (text, colour, x0, baseline) in points.
fn certificate_lines(pdf: &[u8]) -> Vec<(String, String, f64, f64)> {
    let f = facts(pdf);
    let pages = f["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 1);
    lines(&pages[0]).iter().map(|l| (l.text().to_string(), l.colour().to_string(), l.x0(), l.baseline())).collect()
}

#[test]
fn certificates_are_a4_landscape_with_lines_three_and_five_in_red() {
    crate::needs_checkers!();
    let r = render_only(&load(FINAL_2025), None);
    let cert = doc(&r, "05-giay-khen-02-le-quang-an");
    let f = facts(&cert.pdf);
    let page = &f["pages"][0];
    assert!((page["width"].as_f64().unwrap() - 297.0 * MM).abs() < 0.1, "{}", page["width"]);
    assert!((page["height"].as_f64().unwrap() - 210.0 * MM).abs() < 0.1, "{}", page["height"]);
    assert_eq!(page["images"], 1, "the emblem");
    let ls = certificate_lines(&cert.pdf);
    let colour =
        |needle: &str| ls.iter().find(|l| l.0 == needle).unwrap_or_else(|| panic!("no {needle:?} in {ls:?}")).1.clone();
    let red = |c: &str| {
        let v = u32::from_str_radix(&c[1..], 16).unwrap();
        let (r, g, b) = (v >> 16, (v >> 8) & 255, v & 255);
        r > 150 && g < 80 && b < 80
    };
    // Lines 1–2 black, 3 red, 4 black, 5 red, the rest black.
    assert!(!red(&colour("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")));
    assert!(red(&colour("HIỆU TRƯỞNG TRƯỜNG TRUNG CẤP NGHỀ DÂN TỘC NỘI TRÚ KHÁNH VĨNH")));
    assert!(!red(&colour("TẶNG")));
    assert!(red(&colour("GIẤY KHEN")));
    for black in ["Lê Quang Ân", "Quyết định số 45/QĐ-TCNDTNT, ngày 05/12/2025", "Số sổ vàng: 119", "Phạm Minh Tuấn"]
    {
        assert!(!red(&colour(black)), "{black}");
    }
    // The print file is the certificates, page for page.
    let all = doc(&r, "05-giay-khen-tat-ca");
    let f_all = facts(&all.pdf);
    // (PyMuPDF reads the cut certificate's empty signature field as a line "SIGN"; the print
    // file, printed rather than signed, has no fields.)
    let drawn: Vec<&Value> = page["lines"].as_array().unwrap().iter().filter(|l| l["text"] != "SIGN").collect();
    let printed: Vec<&Value> = f_all["pages"][1]["lines"].as_array().unwrap().iter().collect();
    assert_eq!(printed, drawn);
    assert!(!all.pdf.windows(7).any(|w| w == b"/FT/Sig"), "a print file carries no signature fields");
    assert!(all.fields.is_empty());
    // A signature field in the room between position and name.
    assert_eq!(cert.fields.len(), 1);
}

#[test]
fn the_calibration_offset_moves_every_printed_item_by_exactly_that_and_nothing_else() {
    crate::needs_checkers!();
    let at = |offset: [f64; 2]| {
        let mut d = load(YEAR_END);
        d["decisions"][0]["certificates"]["offset_mm"] = json!(offset);
        let r = render_only(&d, None);
        let cert = doc(&r, "05-giay-khen-01-");
        assert_eq!(facts(&cert.pdf)["pages"][0]["images"], 0, "a blank carries its own emblem");
        (certificate_lines(&cert.pdf), cert.fields[0].rect)
    };
    let (before, field_before) = at([0.0, 0.0]);
    let (after, field_after) = at([3.5, -2.0]);
    // The room to sign moves with the text (PDF y grows upwards).
    assert!((field_after[0] - field_before[0] - 3.5 * MM).abs() < 0.02, "{field_before:?} → {field_after:?}");
    assert!((field_after[1] - field_before[1] - 2.0 * MM).abs() < 0.02, "{field_before:?} → {field_after:?}");
    assert_eq!(before.len(), after.len(), "{before:?}\n{after:?}");
    assert!(before.len() >= 9, "{before:?}");
    for (b, a) in before.iter().zip(&after) {
        assert_eq!((&b.0, &b.1), (&a.0, &a.1));
        assert!((a.2 - b.2 - 3.5 * MM).abs() < 0.02, "{}: x moved {:.3} mm", b.0, (a.2 - b.2) / MM);
        assert!((a.3 - b.3 + 2.0 * MM).abs() < 0.02, "{}: y moved {:.3} mm", b.0, (a.3 - b.3) / MM);
    }
    // "verb" is pre-printed on this blank: not printed.
    assert!(!before.iter().any(|l| l.0.starts_with("TẶNG")), "{before:?}");
    // Golden book numbers run from the start, in list order.
    assert!(before.iter().any(|l| l.0 == "Số sổ vàng: 1"), "{before:?}");
}

#[test]
fn an_item_moved_on_the_blank_moves_alone() {
    crate::needs_checkers!();
    let mut d = load(YEAR_END);
    let r = render_only(&d, None);
    let before = certificate_lines(&doc(&r, "05-giay-khen-01-").pdf);
    // The form's default puts the name at x 148,5 and y 119 mm (centred), the offset adds 1,5 and -1.
    d["decisions"][0]["certificates"]["blank"]["name"] = json!({"x": 160.0, "y": 121.0, "width": 200, "size": 22});
    let r = render_only(&d, None);
    let after = certificate_lines(&doc(&r, "05-giay-khen-01-").pdf);
    for (b, a) in before.iter().zip(&after) {
        if b.0 == "Mấu Thị Mỹ Diễm" {
            assert!((a.3 - b.3 - 2.0 * MM).abs() < 0.02, "baseline moved {:.3} mm", (a.3 - b.3) / MM);
            assert!(a.2 > b.2 + 9.0 * MM, "x0 {:.1} → {:.1} mm", b.2 / MM, a.2 / MM);
        } else {
            assert_eq!(b, a);
        }
    }
}

#[test]
fn long_names_shrink_then_wrap_inside_the_frame() {
    crate::needs_checkers!();
    let mut d = load(FINAL_2025);
    d["nominees"][6]["name"] =
        json!("Công Tằng Tôn Nữ Thị Hoàng Phương Thảo Nguyên Khánh Linh Ngọc Bích Như Ý Đoan Trang");
    d["nominees"][6]["unit"] = json!(
        "Khoa Văn hóa - Cơ bản, Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên và Hướng nghiệp liên huyện"
    );
    d["authorities"][0]["title"] = json!(
        "Hiệu trưởng Trường Trung cấp nghề Dân tộc nội trú Khánh Vĩnh và các xã miền núi phía Tây tỉnh Khánh Hòa"
    );
    let v = crate::stress::layout_violations(&d, &[]);
    assert!(v.is_empty(), "{}", v.join("\n"));
    let r = render_only(&d, None);
    let cert = doc(&r, "05-giay-khen-02-");
    crate::measure::assert_inside_frame(&facts(&cert.pdf), "long names");
}

#[test]
fn the_default_blank_is_printed_for_units_to_copy() {
    let o = Command::new(crate::common::bin()).args(["forms", "--blank", "giay-khen"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let blank: Value = serde_json::from_slice(&o.stdout).unwrap();
    for item in ["decider", "award", "name", "signer_name"] {
        assert!(blank["blank"][item]["x"].is_number(), "{blank}");
    }
    // What it prints is accepted as a dossier's blank.
    let mut d = load(YEAR_END);
    d["decisions"][0]["certificates"]["blank"] = blank["blank"].clone();
    assert!(crate::common::check(&d).is_ok());
}

/// Guards a decision whose titles and awards carry no prize money (found rendering a starter
/// dossier): the prize article's wording is skipped, not an undefined variable, and the
/// decision has two articles.
#[test]
fn a_decision_without_prize_money_has_no_prize_article() {
    let mut d = load(FINAL_2025);
    for a in d["awards"].as_array_mut().unwrap() {
        a.as_object_mut().unwrap().remove("prize");
    }
    let r = render_only(&d, Some("quyet-dinh"));
    let text = crate::common::flat(&r.documents[0].pdf);
    assert!(text.contains("Điều 2.") && !text.contains("Điều 3."), "{text}");
    assert!(!text.contains("tiền thưởng"), "{text}");
}

/// Guards the date of a dossier that only holds the unit's own decision (no letter, no
/// minutes yet, no report): it is the decision's, not 1 January 2000 — and no problem of its
/// check speaks of that date.
#[test]
fn a_decision_only_dossier_is_dated_by_its_decision() {
    let mut d: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(crate::common::samples_dir().join("vi-nguoi-ngheo-2025.json")).unwrap(),
    )
    .unwrap();
    let own = "gk-truong";
    d["awards"].as_array_mut().unwrap().retain(|a| a["id"] == own);
    d["authorities"].as_array_mut().unwrap().retain(|a| a["id"] == "hieu-truong");
    d["proposals"] = serde_json::json!([]);
    d.as_object_mut().unwrap().remove("minutes");
    for n in d["nominees"].as_array_mut().unwrap() {
        n.as_object_mut().unwrap().remove("report");
        n["awards"] = serde_json::json!([own]);
        n["evidence"] = serde_json::json!([]);
    }
    let typed: hoso::dossier::Dossier = serde_json::from_value(d.clone()).unwrap();
    assert_eq!(typed.date().to_string(), "05/12/2025");
    let problems = crate::common::problems(&d);
    assert!(problems.iter().all(|p| !p.contains("2000")), "{problems:#?}");
}

/// Guards the health station whose clerk marked the commune chairman as its own authority: the
/// chairman's decision would have gone out under the station's header, numbered "…/QĐ-TYT". It
/// is refused at the decision's authority; a decision with no "Căn cứ" is refused too.
#[test]
fn a_decision_no_unit_head_could_sign_is_refused() {
    let mut d = load(YEAR_END);
    d["authorities"][1]["own"] = json!(true);
    d["decisions"][0]["authority"] = json!("ct-ubnd-xa");
    let found = crate::common::problems(&d);
    assert!(
        found.iter().any(|p| p.starts_with("error: decisions[0].authority: ct-ubnd-xa (Chủ tịch Ủy ban nhân dân xã Tây Khánh Vĩnh) heads Ủy ban nhân dân xã Tây Khánh Vĩnh, not Trường Tiểu học Khánh Thượng")),
        "{found:?}"
    );
    let mut d = load(YEAR_END);
    d["decisions"][0]["legal_bases"] = json!([]);
    let found = crate::common::problems(&d);
    assert!(
        found.iter().any(|p| p.starts_with("error: decisions[0].legal_bases: the decision cites no legal basis")),
        "{found:?}"
    );
}

/// Guards the report header that printed the unit's name twice and left out its parent: a
/// person of the unit with no department is headed by the unit under its parent body; a
/// department's member by the department under the unit.
#[test]
fn a_reports_header_names_the_unit_once_under_its_parent() {
    let mut d = load(YEAR_END);
    let k = d["nominees"].as_array().unwrap().iter().position(|n| n["id"] == "nguyen-thi-hanh").unwrap();
    let header = |d: &Value| {
        let checked = crate::common::check(d).unwrap_or_else(|p| panic!("{p}"));
        let data = ENGINE
            .template_data(&checked, "bao-cao-cong-trang-nd152")
            .unwrap()
            .into_iter()
            .find(|t| t.nominee.as_deref() == Some("nguyen-thi-hanh"))
            .unwrap()
            .data;
        // Lines of word groups, read as one line.
        let words = |v: &Value| -> String {
            v.as_array()
                .into_iter()
                .flatten()
                .flat_map(|l| l.as_array().into_iter().flatten().filter_map(Value::as_str))
                .collect::<Vec<_>>()
                .join(" ")
                .replace('\u{a0}', " ")
        };
        (words(&data["header"]["parent"]), words(&data["header"]["agency"]))
    };
    assert_eq!(header(&d), ("TRƯỜNG TIỂU HỌC KHÁNH THƯỢNG".into(), "TỔ KHỐI 1".into()));
    d["nominees"][k]["unit"] = json!("Trường Tiểu học Khánh Thượng");
    assert_eq!(
        header(&d),
        ("ỦY BAN NHÂN DÂN XÃ TÂY KHÁNH VĨNH".into(), "TRƯỜNG TIỂU HỌC KHÁNH THƯỢNG".into()),
        "the unit under its parent, not the unit twice"
    );
}

/// Guards the blanks' baseline (found printing on a pre-printed blank): each item's text sits
/// with its baseline on the `y` the blank gives (after the printer's offset), to a tenth of a
/// millimetre, read back from the PDF; before, Typst's cap-height top edge put it 0.23 em higher
/// (1–2.6 mm at the items' sizes), an error no offset could correct.
#[test]
fn blank_items_print_their_baseline_on_the_measured_y() {
    crate::needs_checkers!();
    let o = Command::new(crate::common::bin()).args(["forms", "--blank", "giay-khen"]).output().unwrap();
    let blank: Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut d = load(YEAR_END);
    // Every item at its default, none pre-printed, the sample's printer offset kept.
    d["decisions"][0]["certificates"]["blank"] = blank["blank"].clone();
    let offset = d["decisions"][0]["certificates"]["offset_mm"][1].as_f64().unwrap();
    let r = render_only(&d, None);
    let lines = certificate_lines(&doc(&r, "05-giay-khen-01-").pdf);
    let ys: Vec<(String, f64)> = blank["blank"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, it)| (k.clone(), (it["y"].as_f64().unwrap() + offset) * MM))
        .collect();
    let mut met = std::collections::BTreeSet::new();
    let mut off = Vec::new();
    // (PyMuPDF draws the empty signature field as "SIGN"; the page itself has no such word.)
    for (text, _, _, baseline) in lines.iter().filter(|l| l.0 != "SIGN") {
        let (key, y) = ys.iter().min_by(|a, b| (a.1 - baseline).abs().total_cmp(&(b.1 - baseline).abs())).unwrap();
        if (y - baseline).abs() >= 0.1 * MM {
            off.push(format!("{text:?} ({key}): baseline at {:.2} mm, the blank says {:.2} mm", baseline / MM, y / MM));
        }
        met.insert(key.clone());
    }
    assert!(off.is_empty(), "{}", off.join("\n"));
    assert!(met.len() >= 9, "every item printed on its line: {met:?} of {ys:?}");
    // The calibration page marks the same points: its horizontal strokes at the same y.
    let cal = doc(&r, "05-giay-khen-hieu-chinh-may-in");
    let rules = facts(&cal.pdf)["pages"][0]["rules"].as_array().cloned().unwrap_or_default();
    for (key, y) in &ys {
        assert!(
            rules.iter().any(|r| (r["y"].as_f64().unwrap() - y).abs() < 0.1 * MM),
            "no crosshair at {key}'s {:.2} mm: {rules:?}",
            y / MM
        );
    }
}

/// Guards the print file's size (3,000 certificates made a file of 140 MB: each page carried its
/// own copy of the four fonts, the print file copying them once per certificate) and a large
/// run's thousands of certificate files: the print file carries no more font programs than
/// `ho-so.pdf` holds for the same pages; asked for no certificate files, the render writes the
/// print file alone, the same pages, its manifest entry naming each certificate's nominee in
/// order.
#[test]
fn certificates_share_their_fonts_and_a_large_run_writes_the_print_file_alone() {
    let fonts = |pdf: &[u8]| pdf.windows(10).filter(|w| w == b"/FontFile2").count();
    let checked = crate::common::check(&load(YEAR_END)).unwrap_or_else(|p| panic!("{p}"));
    let each = ENGINE.render(&checked, None).unwrap();
    let all = doc(&each, "05-giay-khen-tat-ca");
    let certificates: Vec<&hoso::Document> =
        each.documents.iter().filter(|d| all.gathers.contains(&d.file_name)).collect();
    assert!(certificates.len() >= 3, "{:?}", all.gathers);
    assert!(fonts(&all.pdf) <= fonts(&doc(&each, "ho-so").pdf), "{} font programs", fonts(&all.pdf));
    assert!(fonts(&all.pdf) <= 8, "fonts shared by the certificates of a chunk: {}", fonts(&all.pdf));

    let options = hoso::RenderOptions { certificate_files: Some(false), ..Default::default() };
    let alone = ENGINE.render_with(&checked, &options).unwrap();
    let names: Vec<&str> = alone.documents.iter().map(|d| d.file_name.as_str()).collect();
    assert!(!names.iter().any(|n| all.gathers.iter().any(|g| g == n)), "{names:?}");
    let print = doc(&alone, "05-giay-khen-tat-ca");
    assert_eq!((print.pdf.len(), print.pages), (all.pdf.len(), all.pages), "the same print file");
    let entry = alone.manifest.documents.iter().find(|d| d.file == "05-giay-khen-tat-ca.pdf").unwrap();
    let nominees: Vec<String> = certificates.iter().map(|d| d.nominee.clone().unwrap_or_default()).collect();
    assert!(entry.gathers.is_empty());
    assert_eq!(entry.prints, nominees);
    // The files that follow keep their places: ho-so.pdf last, the same pages.
    assert_eq!(alone.documents.last().unwrap().pages, each.documents.last().unwrap().pages);
}
