//! The rendered sample's Tờ trình, measured by an outside reader (PyMuPDF) against every
//! measurable rule of `../shared/spec/nd30-layout.md`.

use serde_json::Value;

use crate::common::{SAMPLE_PDF, facts, golden, pdftotext};
use crate::measure::{Line, MM, find, in_range, lines, rule_under};

struct Doc {
    pages: Vec<Value>,
}

fn doc() -> Doc {
    let f = facts(&SAMPLE_PDF);
    Doc { pages: f["pages"].as_array().unwrap().clone() }
}

/// Index of the first appendix page (the nominee list).
fn appendix_start(d: &Doc) -> usize {
    d.pages
        .iter()
        .position(|p| lines(p).iter().any(|l| l.text().starts_with("DANH SÁCH ĐỀ NGHỊ")))
        .expect("an appendix")
}

#[test]
fn pages_are_a4_portrait_then_landscape_for_the_list() {
    crate::needs_checkers!();
    let d = doc();
    let a = appendix_start(&d);
    assert!(a >= 1);
    for (i, p) in d.pages.iter().enumerate() {
        let (w, h) = (p["width"].as_f64().unwrap(), p["height"].as_f64().unwrap());
        let (short, long) = if i < a { (w, h) } else { (h, w) };
        assert!((short - 210.0 * MM).abs() < 0.5 && (long - 297.0 * MM).abs() < 0.5, "page {} is {w}x{h}", i + 1);
    }
}

#[test]
fn nothing_crosses_the_margins() {
    crate::needs_checkers!();
    crate::measure::assert_margins(&facts(&SAMPLE_PDF), "01-to-trinh.pdf");
}

#[test]
fn header_grid_follows_decree_30() {
    crate::needs_checkers!();
    let d = doc();
    let p = &d.pages[0];
    let w = p["width"].as_f64().unwrap();
    let mid = (30.0 * MM + w - 15.0 * MM) / 2.0;

    let national = find(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert!(national.bold());
    in_range(national.size(), 12.0, 13.0, "national title size");
    assert!(national.x0() > mid - 40.0, "national title is in the right column");

    let motto = find(p, "Độc lập - Tự do - Hạnh phúc");
    assert_eq!(motto.text(), "Độc lập - Tự do - Hạnh phúc");
    assert!(motto.bold());
    in_range(motto.size(), 13.0, 14.0, "motto size");
    assert!((motto.centre() - national.centre()).abs() < 1.0, "motto centred under the national title");
    let (x0, x1, _) = rule_under(p, &motto);
    assert!((x0 - motto.x0()).abs() < 1.0 && (x1 - motto.x1()).abs() < 1.0, "rule under the motto is as long as it");

    let parent = find(p, "SỞ LAO ĐỘNG - THƯƠNG BINH");
    assert!(!parent.bold());
    in_range(parent.size(), 12.0, 13.0, "parent agency size");
    let agency: Vec<Line> = lines(p)
        .into_iter()
        .filter(|l| l.text().contains("TRƯỜNG TRUNG CẤP NGHỀ") || l.text().contains("DÂN TỘC NỘI TRÚ KHÁNH VĨNH"))
        .collect();
    assert_eq!(agency.len(), 2, "agency on the two lines the clerk chose");
    for l in &agency {
        assert!(l.bold());
        in_range(l.size(), 12.0, 13.0, "agency size");
        assert!(l.centre() < mid, "agency is in the left column");
    }
    let longest = agency.iter().map(|l| l.x1() - l.x0()).fold(0.0, f64::max);
    let (x0, x1, _) = rule_under(p, &agency[1]);
    in_range((x1 - x0) / longest, 1.0 / 3.0, 0.5, "agency rule / name line");
    assert!(((x0 + x1) / 2.0 - agency[1].centre()).abs() < 1.5, "agency rule centred");

    let number = find(p, "Số: 05/TTr-TCNDTNT");
    assert_eq!(number.text(), "Số: 05/TTr-TCNDTNT");
    assert!(!number.bold() && !number.italic());
    in_range(number.size(), 13.0, 13.0, "number size");
    assert!((number.centre() - agency[1].centre()).abs() < 2.0, "number centred under the agency");

    let date = find(p, "Khánh Vĩnh, ngày 05 tháng 12 năm 2023");
    assert!(date.italic());
    in_range(date.size(), 13.0, 14.0, "place and date size");
    assert!((date.baseline() - number.baseline()).abs() < 1.5, "number and date on one line");
    assert!((date.centre() - motto.centre()).abs() < 2.0, "date centred under the motto");
}

#[test]
fn title_summary_and_addressee() {
    crate::needs_checkers!();
    let d = doc();
    let p = &d.pages[0];
    let title = find(p, "TỜ TRÌNH");
    assert_eq!(title.text(), "TỜ TRÌNH");
    assert!(title.bold());
    in_range(title.size(), 13.0, 14.0, "title size");
    let w = p["width"].as_f64().unwrap();
    assert!((title.centre() - (30.0 * MM + w - 15.0 * MM) / 2.0).abs() < 1.0, "title centred on the text width");

    let summary: Vec<Line> =
        lines(p).into_iter().filter(|l| l.top() > title.bottom() && l.top() < title.bottom() + 40.0).collect();
    assert!(summary[0].text().starts_with("Về việc đề nghị tặng Giấy khen"));
    let last = summary.last().unwrap();
    for l in &summary {
        assert!(l.bold());
        in_range(l.size(), 13.0, 14.0, "summary size");
    }
    let longest = summary.iter().map(|l| l.x1() - l.x0()).fold(0.0, f64::max);
    let (x0, x1, _) = rule_under(p, last);
    in_range((x1 - x0) / longest, 1.0 / 3.0, 0.5, "summary rule / summary line");

    let to = find(p, "Kính gửi:");
    assert_eq!(to.text(), "Kính gửi: Giám đốc Sở Lao động - Thương binh và Xã hội tỉnh Khánh Hòa");
    assert!(!to.bold() && !to.italic());
}

#[test]
fn body_bases_and_end_mark() {
    crate::needs_checkers!();
    let d = doc();
    let p = &d.pages[0];
    let left = 30.0 * MM;
    let bases: Vec<Line> = lines(p).into_iter().filter(|l| l.text().starts_with("Căn cứ")).collect();
    assert_eq!(bases.len(), 5, "four legal bases and the minutes");
    for b in &bases {
        assert!(b.italic(), "{:?} is italic", b.text());
        in_range(b.size(), 13.0, 14.0, "body size");
        let indent = (b.x0() - left) / MM;
        assert!((indent - 10.0).abs() < 0.3 || (indent - 12.7).abs() < 0.3, "first-line indent {indent:.2} mm");
    }
    let text = pdftotext(&SAMPLE_PDF);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("giai đoạn 2021 - 2025; Căn cứ Kế hoạch số 112"), "bases end with ';'");
    assert!(flat.contains("ngày 01 tháng 12 năm 2023. Thực hiện"), "the last basis ends with '.'");
    assert!(
        flat.contains(
            "xem xét, tặng Giấy khen (khen thưởng theo chuyên đề) cho 02 tập thể và 05 cá nhân đã có thành tích"
        ),
        "counts come from the list"
    );
    assert!(flat.contains("xem xét, quyết định./."), "the body ends with ./.");

    let request = find(p, "kính đề nghị Giám đốc Sở");
    let pitch: Vec<f64> = lines(p)
        .windows(2)
        .filter(|w| w[0].top() >= request.top() && w[1].x0() < left + 1.0)
        .map(|w| w[1].baseline() - w[0].baseline())
        .take(3)
        .collect();
    for gap in pitch {
        in_range(gap / 14.0, 1.15, 1.5 * 1.15, "line spacing (single to 1.5 lines)");
    }
    let paras: Vec<Line> = lines(p).into_iter().filter(|l| (l.x0() - left - 10.0 * MM).abs() < 1.0).collect();
    for w in paras.windows(2) {
        let before =
            lines(p).into_iter().filter(|l| l.baseline() < w[1].baseline()).map(|l| l.baseline()).fold(0.0, f64::max);
        let line_gap = 18.2;
        assert!(
            w[1].baseline() - before >= line_gap + 6.0 - 0.3,
            "paragraph spacing at least 6 pt before {:?}",
            w[1].text()
        );
    }
}

#[test]
fn signature_and_recipients() {
    crate::needs_checkers!();
    let d = doc();
    let a = appendix_start(&d);
    let p = &d.pages[a - 1];
    let w = p["width"].as_f64().unwrap();
    let mid = (30.0 * MM + w - 15.0 * MM) / 2.0;
    let position = find(p, "HIỆU TRƯỞNG");
    assert!(position.bold());
    in_range(position.size(), 13.0, 14.0, "position size");
    assert!(position.x0() > mid, "signer on the right half");
    let name = find(p, "Phạm Minh Tuấn");
    assert!(name.bold());
    in_range(name.size(), 13.0, 14.0, "name size");
    assert!((name.centre() - position.centre()).abs() < 1.0, "name centred under the position");
    assert!(
        name.top() - position.bottom() >= 20.0 * MM,
        "room to sign: {:.1} mm",
        (name.top() - position.bottom()) / MM
    );

    let label = find(p, "Nơi nhận:");
    assert_eq!(label.text(), "Nơi nhận:");
    assert!(label.bold() && label.italic());
    in_range(label.size(), 12.0, 12.0, "Nơi nhận size");
    assert!(label.x1() < mid && (label.x0() - 30.0 * MM).abs() < 0.5, "Nơi nhận flush left in the left half");
    assert!((label.baseline() - position.baseline()).abs() < 1.0, "Nơi nhận level with the position line");
    let entries: Vec<Line> = lines(p).into_iter().filter(|l| l.text().starts_with("- ")).collect();
    assert_eq!(entries.first().unwrap().text(), "- Như trên;");
    assert_eq!(entries.last().unwrap().text(), "- Lưu: VT, ĐTHCKT.");
    for e in &entries {
        in_range(e.size(), 11.0, 11.0, "recipient size");
        assert!(!e.bold() && !e.italic());
    }
    let before_name: Vec<Line> =
        lines(p).into_iter().filter(|l| l.bottom() <= position.top() && l.top() > 20.0 * MM).collect();
    assert!(!before_name.is_empty(), "the signature page also carries the end of the text");
}

#[test]
fn page_numbers_from_page_two_and_per_appendix() {
    crate::needs_checkers!();
    let d = doc();
    let a = appendix_start(&d);
    let number_on = |p: &Value| -> Option<String> {
        lines(p).into_iter().find(|l| l.bottom() < 20.0 * MM).map(|l| {
            assert!(!l.bold() && !l.italic());
            in_range(l.size(), 13.0, 14.0, "page number size");
            let w = p["width"].as_f64().unwrap();
            assert!((l.centre() - (30.0 * MM + w - 15.0 * MM) / 2.0).abs() < 1.0, "page number centred");
            l.text().to_string()
        })
    };
    assert_eq!(number_on(&d.pages[0]), None, "no number on page 1");
    for (i, p) in d.pages.iter().enumerate().take(a).skip(1) {
        assert_eq!(number_on(p), Some((i + 1).to_string()));
    }
    assert_eq!(number_on(&d.pages[a]), None, "no number on the appendix's first page");
    for (i, p) in d.pages.iter().enumerate().skip(a + 1) {
        assert_eq!(number_on(p), Some((i - a + 1).to_string()), "appendix numbered on its own");
    }
}

#[test]
fn nominee_list_appendix() {
    crate::needs_checkers!();
    let d = doc();
    let a = appendix_start(&d);
    let p = &d.pages[a];
    let title = find(p, "DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN");
    assert!(title.bold());
    in_range(title.size(), 13.0, 14.0, "appendix title size");
    let sub = find(p, "(Kèm theo Tờ trình số 05/TTr-TCNDTNT ngày 05 tháng 12 năm 2023");
    assert!(sub.italic());
    find(p, "I. TẬP THỂ");
    let text = pdftotext(&SAMPLE_PDF);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Tổng cộng: 02 tập thể, 05 cá nhân"));
    assert!(flat.contains("II. CÁ NHÂN"));
    // The table header repeats on every page the list runs over.
    for p in &d.pages[a..] {
        if lines(p).iter().any(|l| l.text().starts_with("Nguyễn") || l.text().starts_with("Đặng")) {
            find(p, "Họ và tên");
        }
    }
    // Individuals in Vietnamese order by given name: Ân, Bình, Hoa, Nhung, Tuyết.
    let order = ["Lê Quang Ân", "Trần Văn Bình", "Mấu Thị Hoa", "Nguyễn Thị Hồng", "Đặng Thị Ánh Tuyết"];
    let pos: Vec<usize> = order.iter().map(|n| flat.find(n).unwrap_or_else(|| panic!("{n} listed"))).collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "sorted by given name");
}

#[test]
fn text_dump_matches_golden() {
    crate::needs_checkers!();
    golden("to-trinh.txt", &pdftotext(&SAMPLE_PDF));
}

#[test]
fn several_addressees_one_per_line() {
    crate::needs_checkers!();
    let mut d = crate::common::sample();
    d["proposals"][0]["addressees"] = serde_json::json!([
        "Giám đốc Sở Lao động - Thương binh và Xã hội",
        "Chủ tịch Ủy ban nhân dân huyện Khánh Vĩnh"
    ]);
    let docs = crate::common::render(&d);
    let f = facts(&docs[0].pdf);
    let p = &f["pages"][0];
    let first = find(p, "Kính gửi: - Giám đốc Sở Lao động - Thương binh và Xã hội;");
    let second = find(p, "- Chủ tịch Ủy ban nhân dân huyện Khánh Vĩnh.");
    assert!(second.top() > first.bottom(), "one addressee per line");
    assert!(!second.text().starts_with("•"), "no list bullets");
}

/// Guards the template bug where the header's parameter shadowed Typst's `h()` and an
/// unregistered letter (number null) failed to render.
#[test]
fn unregistered_letter_leaves_room_for_the_number() {
    crate::needs_checkers!();
    let mut d = crate::common::sample();
    d["proposals"][0]["number"] = serde_json::Value::Null;
    let docs = crate::common::render(&d);
    let f = facts(&docs[0].pdf);
    let p = &f["pages"][0];
    let so = find(p, "Số:");
    let symbol = find(p, "/TTr-TCNDTNT");
    assert_eq!(symbol.text(), "/TTr-TCNDTNT");
    assert!((so.baseline() - symbol.baseline()).abs() < 0.5);
    let gap = symbol.x0() - so.x1();
    assert!(gap >= 10.0 * MM, "room to write the number: {:.1} mm", gap / MM);
    let text = pdftotext(&docs[0].pdf);
    let after = text.split("(Kèm theo Tờ trình số").nth(1).expect("the list names the letter");
    let blank = after.split("/TTr-TCNDTNT").next().unwrap();
    assert!(blank.chars().all(char::is_whitespace), "the list leaves the number blank too: {blank:?}");
}

fn sample_named(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(crate::common::root().join("samples").join(name)).unwrap()).unwrap()
}

/// Guards the list row taller than a page (found with a summary a clerk pasted from the report):
/// it was kept whole with the list's total, so its text ran above the repeated header into the
/// top margin and off the sheet. It now breaks across pages, between lines, under the header.
#[test]
fn a_summary_pages_long_breaks_across_pages_under_the_header() {
    crate::needs_checkers!();
    let mut d = sample_named("vi-nguoi-ngheo-2025.json");
    let para = "Tuyển sinh, đào tạo nghề miễn phí cho 612 học viên thuộc hộ nghèo, hộ cận nghèo giai đoạn 2021 - 2025; vận động ủng hộ Quỹ “Vì người nghèo” 58.400.000 đồng.";
    // The last collective (kept with the totals before) and an individual in the middle.
    let last = d["nominees"].as_array().unwrap().iter().rposition(|n| n["kind"] == "collective").unwrap();
    d["nominees"][last]["summary"] = serde_json::json!(vec![para; 45].join(" "));
    d["nominees"][3]["summary"] = serde_json::json!(vec![para; 30].join(" "));
    let v = crate::stress::layout_violations(&d, &[]);
    assert!(v.is_empty(), "{}", v.join("\n"));
    let r = crate::common::render_only(&d, None);
    let letter = r.documents.iter().find(|x| x.file_name.starts_with("01-to-trinh")).unwrap();
    assert!(letter.pages >= 6, "the long rows take pages: {}", letter.pages);
}

/// Guards words split in titles and headers (found in the samples' own reports: "SỞ GIÁO DỤC
/// VÀ ĐÀO / TẠO", "ỦY BAN NHÂN DÂN XÃ / TÂN CHI"): every heading, title, caption and
/// certificate of each sample breaks only between words (the word list) and names.
#[test]
fn titles_and_headings_break_only_between_words() {
    crate::needs_checkers!();
    for name in ["nam-hoc-2025-2026-mam-non-tan-chi-bac-ninh.json", "vi-nguoi-ngheo-2025.json"] {
        let v = crate::stress::layout_violations(&sample_named(name), &["Tân Chi", "Khánh Vĩnh", "Bắc Ninh"]);
        assert!(v.is_empty(), "{name}:\n{}", v.join("\n"));
    }
}

/// Every page of `pdf` as a PNG at 30 dpi, in order.
fn page_images(pdf: &[u8]) -> Vec<Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.pdf");
    std::fs::write(&file, pdf).unwrap();
    crate::common::run_tool(
        "pdftoppm",
        &["-r", "30", "-png", file.to_str().unwrap(), dir.path().join("p").to_str().unwrap()],
    );
    let mut pages: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .collect();
    pages.sort();
    pages.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// Guards the layout in pieces (render/piece.rs): a list laid out a few rows a compilation
/// (so a decision for 3,000 stays in bounded memory) prints, pixel for pixel, the pages one
/// compilation of the whole document prints — page numbers, repeated headers, a group's
/// heading, the totals with the last rows, the signatures, and rows that break across pages.
#[test]
fn a_list_laid_out_in_pieces_prints_the_pages_of_one_piece() {
    crate::needs_checkers!();
    let mut long = sample_named("vi-nguoi-ngheo-2025.json");
    let para = "Tuyển sinh, đào tạo nghề miễn phí cho 612 học viên thuộc hộ nghèo, hộ cận nghèo giai đoạn 2021 - 2025.";
    long["nominees"][3]["summary"] = serde_json::json!(vec![para; 40].join(" "));
    long["nominees"][5]["summary"] = serde_json::json!([para; 12].join(" "));
    let primary = sample_named("nam-hoc-2025-2026-tieu-hoc-khanh-thuong.json");
    for (name, d, rows) in [("long summaries", long, 2), ("primary school", primary, 3)] {
        let checked = crate::common::check(&d).unwrap_or_else(|p| panic!("{name}: invalid:\n{p}"));
        let render = |piece_rows| {
            let options = hoso::RenderOptions { piece_rows, ..Default::default() };
            crate::common::ENGINE.render_with(&checked, &options).unwrap()
        };
        let (whole, pieces) = (render(usize::MAX), render(rows));
        let mut pieced = 0;
        for (a, b) in whole.documents.iter().zip(&pieces.documents) {
            assert_eq!(a.file_name, b.file_name);
            assert_eq!(a.pages, b.pages, "{name}: {}", a.file_name);
            if a.pdf == b.pdf || a.file_name == hoso::COMPLETE_FILE {
                continue;
            }
            pieced += 1;
            let (x, y) = (page_images(&a.pdf), page_images(&b.pdf));
            for (k, (p, q)) in x.iter().zip(&y).enumerate() {
                assert!(p == q, "{name}: {} page {} differs when laid out in pieces", a.file_name, k + 1);
            }
            assert_eq!(a.fields, b.fields, "{name}: {}: the signature fields stay", a.file_name);
        }
        assert!(pieced >= 2, "{name}: lists laid out in pieces: {pieced}");
    }
}
