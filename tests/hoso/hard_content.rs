//! One regression test per defect found with real units' content: each builds the hard case
//! from the sample and measures the result with the stress test's outside checker (or reads
//! the text), so the defect cannot come back unseen.

use serde_json::{Value, json};

use crate::common::{facts, flat, problems, render, sample};
use crate::measure::{MM, lines};
use crate::stress::layout_violations;

/// The sample with nominee 6 (an individual) as the only nominee, with `edit` applied to it.
fn one_nominee(edit: impl FnOnce(&mut Value)) -> Value {
    let mut d = sample();
    let mut n = d["nominees"][6].clone();
    edit(&mut n);
    let id = n["id"].clone();
    d["nominees"] = json!([n]);
    d["minutes"]["rounds"][0]["votes"] = json!([{"nominee": id, "in_favour": 6}]);
    d
}

fn assert_clean(d: &Value, places: &[&str]) {
    let v = layout_violations(d, places);
    assert!(v.is_empty(), "{} violations:\n{}", v.len(), v.join("\n"));
}

const PARAGRAPH: &str = "Trong năm, đồng chí đã chủ động phối hợp với chính quyền địa phương rà soát, lập danh sách hộ nghèo có nhu cầu học nghề, vận động con em các hộ tham gia học tập, đồng thời theo dõi, hỗ trợ học viên sau tốt nghiệp tìm kiếm việc làm ổn định, góp phần giảm nghèo bền vững trên địa bàn.";

#[test]
fn earlier_awards_table_never_overprints_the_signatures() {
    crate::needs_checkers!();
    for rows in [10, 11, 12, 14, 20, 40] {
        let d = one_nominee(|n| {
            n["report"]["awards"] = json!(
                (0..rows)
                    .map(|k| json!({
                        "year": (2022 - k).to_string(),
                        "title": "Giấy khen của Hiệu trưởng",
                        "decision": format!("Quyết định số {}/QĐ-TCNDTNT ngày 20/12/{} của Hiệu trưởng Trường Trung cấp nghề Dân tộc nội trú Khánh Vĩnh", 100 + k, 2022 - k),
                    }))
                    .collect::<Vec<_>>()
            );
        });
        assert_clean(&d, &[]);
    }
}

#[test]
fn a_long_final_paragraph_does_not_leave_a_page_near_empty() {
    crate::needs_checkers!();
    for sentences in [6, 10, 14, 18, 25, 30] {
        let d = one_nominee(|n| {
            let last = vec![PARAGRAPH; sentences].join(" ");
            n["report"]["achievements"] = json!([
                {"title": "Kết quả thực hiện chỉ tiêu", "paragraphs": [PARAGRAPH, PARAGRAPH, PARAGRAPH, last]},
            ]);
            n["report"].as_object_mut().unwrap().remove("contributions");
            n["report"].as_object_mut().unwrap().remove("awards");
        });
        assert_clean(&d, &[]);
    }
}

#[test]
fn a_heading_never_stands_alone_at_the_bottom_of_a_page() {
    crate::needs_checkers!();
    for filler in 1..=12 {
        let d = one_nominee(|n| {
            n["report"]["achievements"] = json!([
                {"title": "Kết quả thực hiện chỉ tiêu", "paragraphs": vec![PARAGRAPH; filler]},
                {"title": "Các giải pháp đã thực hiện", "paragraphs": [PARAGRAPH, PARAGRAPH]},
                {"title": "Bài học kinh nghiệm", "paragraphs": [PARAGRAPH]},
            ]);
        });
        assert_clean(&d, &[]);
    }
}

#[test]
fn header_lines_break_only_between_word_groups() {
    crate::needs_checkers!();
    for (parent, name) in [
        (
            "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh",
            "Trường Trung học phổ thông Chuyên Lê Hồng Phong Thành phố Hồ Chí Minh",
        ),
        ("Ủy ban nhân dân tỉnh Ninh Bình", "Trường Trung học phổ thông Dân tộc nội trú tỉnh Ninh Bình"),
        (
            "Bộ Lao động - Thương binh và Xã hội",
            "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh Bà Rịa - Vũng Tàu",
        ),
        ("Ủy ban nhân dân xã Tây Khánh Vĩnh", "Trường Tiểu học và Trung học cơ sở Việt Nam - Hàn Quốc"),
    ] {
        let mut d = sample();
        d["agency"]["parent"] = json!(parent);
        d["agency"]["name"] = json!(name);
        assert_clean(&d, &["Việt Nam", "Hồ Chí Minh", "Ninh Bình", "Phổ thông", "Trung học", "Bà Rịa - Vũng Tàu"]);
    }
}

#[test]
fn the_date_line_never_wraps() {
    crate::needs_checkers!();
    for place in
        ["Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh", "Phan Rang - Tháp Chàm", "Thị xã Ninh Hòa tỉnh Khánh Hòa"]
    {
        let mut d = sample();
        d["agency"]["place"] = json!(place);
        d["proposals"][0]["number"] = json!(12345);
        d["agency"]["abbreviation"] = json!("BQLDAĐTXD");
        assert_clean(&d, &[]);
    }
}

#[test]
fn long_signer_names_and_positions_stay_in_their_blocks() {
    crate::needs_checkers!();
    let mut d = sample();
    let long = "Công Tằng Tôn Nữ Thị Phương Thảo";
    d["proposals"][0]["signer"] = json!({"prefix": "KT.", "on_behalf_of": "Giám đốc Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", "position": "Phó Giám đốc phụ trách chuyên môn", "name": long});
    d["minutes"]["members"][0]["name"] = json!("Nguyễn Hoàng Phước Thị Kim Ánh Tuyết");
    d["minutes"]["members"][1]["name"] = json!("Tôn Nữ Thị Hồng Hạnh Phúc Ân");
    for n in d["nominees"].as_array_mut().unwrap() {
        n["report"]["certifier"]["name"] = json!(long);
        if n["kind"] == "individual" {
            n["name"] = json!(format!("{} {}", n["name"].as_str().unwrap(), "Thị Kim Ánh"));
        } else {
            n["report"]["head"]["name"] = json!("Dương Phước Hồng Hữu Ngọc Nhung");
        }
    }
    assert_clean(&d, &[]);
}

#[test]
fn list_rows_are_not_split_across_pages() {
    crate::needs_checkers!();
    let mut d = sample();
    let summary = [PARAGRAPH; 2].join(" ");
    let template = d["nominees"][6].clone();
    let mut nominees = Vec::new();
    let mut votes = Vec::new();
    for k in 0..16 {
        let mut n = template.clone();
        n["id"] = json!(format!("ca-nhan-{k}"));
        n["name"] = json!(format!("Nguyễn Văn {}", ["An", "Bình", "Chi", "Dũng"][k % 4]));
        n["summary"] = json!(summary);
        votes.push(json!({"nominee": n["id"], "in_favour": 6}));
        nominees.push(n);
    }
    d["nominees"] = json!(nominees);
    d["minutes"]["rounds"][0]["votes"] = json!(votes);
    let docs = render(&d);
    let f = facts(&docs[0].pdf);
    // Every list page: the first row under the repeated header starts with its number.
    for (i, p) in f["pages"].as_array().unwrap().iter().enumerate() {
        let ls = lines(p);
        let Some(header) = ls.iter().position(|l| l.text().starts_with("STT")) else { continue };
        let below: Vec<_> = ls[header + 1..].iter().filter(|l| l.x0() < 30.0 * MM + 12.0 * MM).collect();
        let first = below.iter().min_by(|a, b| a.top().total_cmp(&b.top())).expect("a row under the header");
        assert!(
            first.text().split_whitespace().next().is_some_and(|w| w.chars().all(|c| c.is_ascii_digit())),
            "page {}: the first row under the header is the rest of a split row: {:?}",
            i + 1,
            first.text()
        );
    }
    assert_clean(&d, &[]);
}

#[test]
fn quotes_in_the_movement_name_are_not_doubled() {
    crate::needs_checkers!();
    let mut d = sample();
    d["movement"]["name"] = json!("“Vì người nghèo - Không để ai bị bỏ lại phía sau”");
    let docs = render(&d);
    for doc in &docs {
        let text = flat(&doc.pdf);
        assert!(!text.contains("““") && !text.contains("””"), "{}: {text}", doc.file_name);
    }
    assert!(
        flat(&docs[0].pdf).contains("phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại phía sau” giai đoạn")
    );
}

#[test]
fn titles_do_not_end_on_a_single_word() {
    crate::needs_checkers!();
    for grantor in [
        "Giám đốc Sở Lao động - Thương binh và Xã hội tỉnh Khánh Hòa",
        "Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa",
        "Giám đốc Sở Giáo dục và Đào tạo tỉnh Bà Rịa - Vũng Tàu cho tập",
        "Giám đốc Sở Nông nghiệp và Phát triển nông thôn tỉnh Đắk Lắk",
        "Giám đốc Sở Lao động - Thương binh và Xã hội tỉnh Khánh Hòa năm",
    ] {
        let mut d = sample();
        d["authorities"][0]["title"] = json!(grantor);
        assert_clean(&d, &[]);
    }
}

#[test]
fn justified_lines_reach_the_right_margin() {
    crate::needs_checkers!();
    let mut d = sample();
    d["proposals"][0]["body"] = json!([
        "Thực hiện Kế hoạch số 75/KH-SLĐTBXH ngày 30/9/2022 của Sở Lao động-Thương binh và Xã hội, Quyết định số 1234/QĐ-UBND-TCNDTNT-ĐTHCKT, Nghị quyết số 24-NQ/TU ngày 11/7/2022 của Ban Thường vụ Tỉnh ủy, Nhà trường đã vận động ủng hộ 38.500.000 đồng, đào tạo nghề miễn phí cho 146 học viên thuộc hộ nghèo.",
        PARAGRAPH,
    ]);
    assert_clean(&d, &[]);
    assert_clean(&sample(), &[]);
}

#[test]
fn symbols_an_office_types_are_accepted_and_printed() {
    crate::needs_checkers!();
    let mut d = sample();
    let text = "Diện tích vườn ươm 8 × 9 m², đạt ½ kế hoạch; tỷ lệ hộ nghèo giảm ≥ 2%, còn 5‰ (± 0,5‰) theo § 3 Điều 5; nhiệt độ bảo quản 25 °C, hạt giống cỡ 5 µm.";
    d["nominees"][6]["report"]["achievements"][0]["paragraphs"][0] = json!(text);
    assert_eq!(problems(&d), Vec::<String>::new());
    let docs = render(&d);
    let report = docs.iter().find(|doc| doc.nominee.as_deref() == Some("dang-thi-anh-tuyet")).unwrap();
    assert!(flat(&report.pdf).contains("8 × 9 m², đạt ½ kế hoạch"), "{}", flat(&report.pdf));
}

#[test]
fn the_minutes_record_nominees_who_did_not_pass() {
    crate::needs_checkers!();
    let mut d = sample();
    d["minutes"]["rounds"][0]["votes"][1]["in_favour"] = json!(3); // khoa-nong-lam-nghiep
    let found = problems(&d);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("warning: minutes.rounds[0].votes[1].in_favour: khoa-nong-lam-nghiep (Khoa Nông - Lâm nghiệp) has 03/07 votes (42,86%) for Giấy khen: below the rule (trên 50% tổng số thành viên Hội đồng)"), "{found:?}");
    let docs = render(&d);
    let minutes = flat(&docs[1].pdf);
    assert!(minutes.contains("Khoa Nông - Lâm nghiệp 03/07 42,86% Không đạt"), "{minutes}");
    assert!(minutes.contains("cho 01 tập thể và 05 cá nhân."), "{minutes}");
    let letter = flat(&docs[0].pdf);
    assert!(!letter.contains("Khoa Nông - Lâm nghiệp"), "{letter}");
    assert!(letter.contains("cho 01 tập thể và 05 cá nhân"), "{letter}");
    assert!(letter.contains("Tổng cộng: 01 tập thể, 05 cá nhân"), "{letter}");
    assert!(!docs.iter().any(|doc| doc.nominee.as_deref() == Some("khoa-nong-lam-nghiep")), "no report for them");
    assert_clean(&d, &[]);
}

#[test]
fn a_council_larger_than_the_members_listed_is_accepted() {
    crate::needs_checkers!();
    let mut d = sample();
    d["minutes"]["total_members"] = json!(9);
    assert_eq!(problems(&d), Vec::<String>::new());
    let minutes = flat(&render(&d)[1].pdf);
    assert!(minutes.contains("Thành viên Hội đồng: 09 người; có mặt 06/09, vắng mặt 03 (Bo Bo Thị Yến - Bí thư Đoàn Thanh niên, lý do: đi công tác; 02 thành viên khác)."), "{minutes}");
    assert!(minutes.contains("06/09 66,67% Đạt"), "{minutes}");
}
