//! Sentences as an office writes them: the letter's request through an intermediate body, the
//! rounds named with their decider and kind, zero absences in words, a report's awards of several
//! authorities kept apart, the period phrase never doubled, and minutes whose rounds do not
//! repeat what their heading says.

use serde_json::{Value, json};

use crate::common::{ENGINE, check, root};

fn load(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("samples").join(name)).unwrap()).unwrap()
}

/// Every string of the template data of `form`, one per line.
fn words(d: &Value, form: &str) -> String {
    let checked = check(d).unwrap_or_else(|p| panic!("{p}"));
    let data = ENGINE.template_data(&checked, form).unwrap_or_else(|| panic!("no {form}"));
    let mut out = Vec::new();
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            // (Titles hold a word's syllables with U+00A0, see `keep-words`: read as spaces.)
            Value::String(s) => out.push(s.replace('\u{a0}', " ")),
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    data.iter().for_each(|t| walk(&t.data, &mut out));
    out.join("\n")
}

const YEAR_END: &str = "nam-hoc-2025-2026-tieu-hoc-khanh-thuong.json";

/// Guards a school's letter routed through another body: it asked the deciding chairman directly
/// while addressed to the body in between.
#[test]
fn a_letter_through_another_body_asks_it_to_forward() {
    let mut d = load(YEAR_END);
    d["proposals"][0]["addressees"] = json!(["Phòng Văn hóa - Xã hội xã Tây Khánh Vĩnh"]);
    let text = words(&d, "to-trinh");
    assert!(
        text.contains("kính đề nghị Phòng Văn hóa - Xã hội xã Tây Khánh Vĩnh xem xét, trình Chủ tịch Ủy ban nhân dân xã Tây Khánh Vĩnh công nhận"),
        "{text}"
    );
    assert!(
        text.contains("Kính trình Phòng Văn hóa - Xã hội xã Tây Khánh Vĩnh xem xét, trình Chủ tịch Ủy ban nhân dân xã Tây Khánh Vĩnh quyết định."),
        "{text}"
    );
    // Straight to the decider, or to its body: no forwarding.
    for to in ["Chủ tịch Ủy ban nhân dân xã Tây Khánh Vĩnh", "Ủy ban nhân dân xã Tây Khánh Vĩnh (qua Văn phòng)"]
    {
        d["proposals"][0]["addressees"] = json!([to]);
        let text = words(&d, "to-trinh");
        assert!(
            text.contains("kính đề nghị Chủ tịch Ủy ban nhân dân xã Tây Khánh Vĩnh xem xét, công nhận"),
            "{to}: {text}"
        );
    }
}

/// Guards the minutes that titled two rounds "4. Giấy khen" and "5. Giấy khen" without saying
/// whose, and that wrote "vắng mặt 00".
#[test]
fn rounds_say_whose_and_zero_absences_are_words() {
    let text = words(&load("vi-nguoi-ngheo-2025.json"), "bien-ban");
    assert!(text.contains("1. Giấy khen của Giám đốc Sở Giáo dục và Đào tạo tỉnh Khánh Hòa"), "{text}");
    assert!(text.contains("2. Giấy khen của Hiệu trưởng Trường Trung cấp nghề Dân tộc nội trú Khánh Vĩnh"), "{text}");
    let text = words(&load("nam-hoc-2025-2026-mam-non-tan-chi-bac-ninh.json"), "bien-ban");
    assert!(text.contains("3. Giấy khen (khen thưởng đột xuất)"), "{text}");
    assert!(text.contains("4. Giấy khen (khen thưởng quá trình cống hiến)"), "{text}");
    assert!(text.contains("có mặt 05/05, không có thành viên vắng mặt."), "{text}");
    assert!(!text.contains("vắng mặt 00"), "{text}");
}

/// Guards "trong thực hiện nhiệm vụ quá trình công tác": a period that is a phrase stands alone.
#[test]
fn a_period_that_is_a_phrase_is_not_doubled() {
    let mut d = load(YEAR_END);
    d["period"] = json!("quá trình công tác");
    let text = words(&d, "to-trinh");
    assert!(text.contains("thành tích xuất sắc trong quá trình công tác"), "{text}");
    assert!(!text.contains("nhiệm vụ quá trình"), "{text}");
}

/// Guards the minutes that grew by a page per ten nominees (each row repeating "Danh hiệu “Lao
/// động tiên tiến”" under a heading that already named it): a round's rows carry no title
/// column, so a hundred nominees for one title fit in a few pages, each row one line.
#[test]
fn minutes_of_a_hundred_nominees_stay_compact() {
    let d = with_teachers(100);
    let rendered = crate::common::render_only(&d, Some("bien-ban"));
    let pdf = &rendered.documents[0].pdf;
    let pages = page_count(pdf);
    assert!(pages <= 6, "the minutes of 100 nominees take {pages} pages");
    let text = crate::common::flat(pdf);
    assert!(!text.contains("Hình thức đề nghị"), "no title column in the rounds");
    assert!(text.contains("1. Danh hiệu “Lao động tiên tiến”"), "the heading names it once");
}

/// The primary school's year end with `count` nominees for “Lao động tiên tiến”, each voted on.
fn with_teachers(count: usize) -> Value {
    let mut d = load(YEAR_END);
    let template = d["nominees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["awards"] == json!(["lao-dong-tien-tien"]))
        .unwrap()
        .clone();
    let round =
        d["minutes"]["rounds"].as_array().unwrap().iter().position(|r| r["award"] == "lao-dong-tien-tien").unwrap();
    let have = d["minutes"]["rounds"][round]["votes"].as_array().unwrap().len();
    for k in have..count {
        let mut n = template.clone();
        n["id"] = json!(format!("giao-vien-{k}"));
        n["name"] = json!(format!("Nguyễn Văn Thứ {k}"));
        d["nominees"].as_array_mut().unwrap().push(n);
        let vote = json!({"nominee": format!("giao-vien-{k}"), "in_favour": 8});
        d["minutes"]["rounds"][round]["votes"].as_array_mut().unwrap().push(vote);
    }
    d
}

/// A PDF's page count, as poppler reads it.
fn page_count(pdf: &[u8]) -> usize {
    let f = crate::common::temp_pdf(pdf);
    let info = crate::common::run_tool("pdfinfo", &[f.path().to_str().unwrap()]);
    info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).unwrap()
}

/// Guards the headings stranded at a page's foot ("Kết quả biểu quyết:", "Kết luận:" alone with
/// 40–60 mm free): in the minutes of every sample, and of a hundred nominees, no page ends with a
/// heading.
#[test]
fn no_heading_of_the_minutes_ends_a_page() {
    let headings = ["Thành phần tham dự:", "Nội dung (theo diễn biến cuộc họp):", "Kết quả biểu quyết:", "Kết luận:"];
    let mut dossiers: Vec<(String, Value)> = crate::common::sample_paths()
        .iter()
        .map(|p| (p.display().to_string(), serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()))
        .filter(|(_, d): &(String, Value)| d.get("minutes").is_some())
        .collect();
    // Every length of the primary school's list from 26 to 60: each heading lands at a page's
    // foot for one of them unless it is kept with what follows.
    dossiers.extend((26..=60).map(|n| (format!("{n} nominees"), with_teachers(n))));
    for (name, d) in dossiers {
        let checked = crate::common::check(&d).unwrap_or_else(|p| panic!("{name}: {p}"));
        let rendered = ENGINE.render(&checked, Some("bien-ban")).unwrap();
        let text = crate::common::pdftotext(&rendered.documents[0].pdf);
        for (k, page) in text.split('\u{c}').enumerate() {
            let last = page.lines().map(str::trim).rfind(|l| !l.is_empty()).unwrap_or_default();
            assert!(!headings.contains(&last), "{name}: page {} ends with “{last}”", k + 1);
        }
    }
}
