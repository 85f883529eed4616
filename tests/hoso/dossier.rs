//! The whole dossier: minutes, reports, evidence, the complete file and its manifest, form
//! versions, and the cross-document checks that keep the documents from contradicting each other.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{ENGINE, SAMPLE, facts, flat, problems, refused, render_only, sample, sample_doc, samples_dir};
use crate::measure::{MM, assert_margins, find, lines};

#[test]
fn renders_every_document_in_filing_order() {
    let names: Vec<&str> = SAMPLE.documents.iter().map(|d| d.file_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "01-to-trinh.pdf",
            "02-bien-ban-hop-hoi-dong.pdf",
            "03-bao-cao-01-phong-dao-tao-hanh-chinh-ke-toan.pdf",
            "03-bao-cao-02-khoa-nong-lam-nghiep.pdf",
            "03-bao-cao-03-le-quang-an.pdf",
            "03-bao-cao-04-tran-van-binh.pdf",
            "03-bao-cao-05-mau-thi-hoa.pdf",
            "03-bao-cao-06-nguyen-thi-hong-nhung.pdf",
            "03-bao-cao-07-dang-thi-anh-tuyet.pdf",
            "ho-so.pdf",
        ]
    );
    let total: usize = SAMPLE.documents.iter().filter(|d| d.form.is_some()).map(|d| d.pages).sum();
    let whole = SAMPLE.documents.last().unwrap();
    assert_eq!(whole.pages, total + 1, "ho-so.pdf holds every document and the one evidence page");
}

#[test]
fn complete_dossier_has_a_bookmark_per_document_and_the_evidence() {
    crate::needs_checkers!();
    let f = facts(&sample_doc("ho-so").pdf);
    let toc: Vec<(i64, String, i64)> = f["toc"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e[0].as_i64().unwrap(), e[1].as_str().unwrap().to_string(), e[2].as_i64().unwrap()))
        .collect();
    let titles: Vec<&str> = toc.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(titles[0], "Tờ trình số 05/TTr-TCNDTNT");
    assert_eq!(titles[1], "Biên bản số 03/BB-TCNDTNT");
    assert_eq!(titles.iter().filter(|t| t.starts_with("Báo cáo thành tích: ")).count(), 7);
    let ev = toc
        .iter()
        .position(|t| t.1 == "Minh chứng: minh-chung/bien-nhan-ung-ho-quy-2023.jpg")
        .expect("evidence bookmark");
    assert_eq!(toc[ev].0, 2, "evidence sits under its report");
    assert_eq!(toc[ev - 1].1, "Báo cáo thành tích: Nguyễn Thị Hồng Nhung");
    let page = &f["pages"][toc[ev].2 as usize - 1];
    assert_eq!(page["images"], 1, "the evidence image is on its page");
    find(page, "Minh chứng kèm theo Báo cáo thành tích của Nguyễn Thị Hồng Nhung");
    assert!(!lines(page).iter().any(|l| l.bottom() < 20.0 * MM), "no page number on evidence");
    // The first page of each document carries no number; each document restarts at 2.
    for (_, _, start) in &toc {
        assert!(
            !lines(&f["pages"][*start as usize - 1]).iter().any(|l| l.bottom() < 20.0 * MM),
            "page {start} starts a document"
        );
    }
    let m = &f["metadata"];
    assert_eq!(
        m["title"],
        "Hồ sơ đề nghị tặng Giấy khen của Giám đốc Sở Lao động - Thương binh và Xã hội tỉnh Khánh Hòa"
    );
}

#[test]
fn manifest_lists_form_version_pages_and_checksums() {
    let m = &crate::common::manifest_json(&SAMPLE);
    let docs = m["documents"].as_array().unwrap();
    assert_eq!(docs.len(), SAMPLE.documents.len());
    for (entry, doc) in docs.iter().zip(&SAMPLE.documents) {
        assert_eq!(entry["file"], doc.file_name.as_str());
        assert_eq!(entry["pages"], doc.pages);
        assert_eq!(entry["sha256"], crate::common::sha256(&doc.pdf).as_str());
    }
    assert_eq!(docs[0]["form"], "to-trinh");
    assert_eq!(docs[2]["form"], "bao-cao-thanh-tich-nd91");
    assert_eq!(docs[2]["version"], "Nghị định 91/2017/NĐ-CP, Mẫu số 07");
    assert_eq!(docs[2]["nominee"], "phong-dao-tao-hanh-chinh-ke-toan");
    assert_eq!(docs.last().unwrap()["form"], Value::Null);
    let ev = &m["evidence"][0];
    assert_eq!(ev["nominee"], "nguyen-thi-hong-nhung");
    assert_eq!(ev["file"], "minh-chung/bien-nhan-ung-ho-quy-2023.jpg");
    let bytes = std::fs::read(samples_dir().join("minh-chung/bien-nhan-ung-ho-quy-2023.jpg")).unwrap();
    assert_eq!(ev["sha256"], crate::common::sha256(&bytes).as_str());
}

#[test]
fn every_page_of_every_document_keeps_the_margins() {
    crate::needs_checkers!();
    for doc in &SAMPLE.documents {
        assert_margins(&facts(&doc.pdf), &doc.file_name);
    }
}

#[test]
fn minutes_follow_template_1_9() {
    crate::needs_checkers!();
    let doc = sample_doc("02-bien-ban");
    let f = facts(&doc.pdf);
    let p = &f["pages"][0];
    let number = find(p, "Số: 03/BB-TCNDTNT");
    assert_eq!(number.text(), "Số: 03/BB-TCNDTNT");
    assert!(!lines(p).iter().any(|l| l.text().contains("Khánh Vĩnh, ngày")), "template 1.9 has no place/date line");
    let title = find(p, "BIÊN BẢN");
    assert!(title.bold());
    let text = flat(&doc.pdf);
    for expected in [
        "Thời gian bắt đầu: 14 giờ 00 phút, ngày 01 tháng 12 năm 2023.",
        "Địa điểm: Phòng họp Trường Trung cấp nghề Dân tộc nội trú Khánh Vĩnh.",
        "Thành phần tham dự:",
        "Chủ trì (chủ tọa): Phạm Minh Tuấn - Hiệu trưởng, Chủ tịch Hội đồng.",
        "Thư ký (người ghi biên bản): Huỳnh Thị Mai - Chuyên viên Phòng Đào tạo - Hành chính - Kế toán, Thư ký Hội đồng.",
        "có mặt 06/07, vắng mặt 01 (Bo Bo Thị Yến - Bí thư Đoàn Thanh niên, lý do: đi công tác)",
        "Nội dung (theo diễn biến cuộc họp):",
        "Hình thức biểu quyết: biểu quyết giơ tay. Tỷ lệ đồng ý cần đạt: trên 50% tổng số thành viên Hội đồng.",
        "Lê Quang Ân 05/07 71,43% Đạt",
        "Đặng Thị Ánh Tuyết 06/07 85,71% Đạt",
        "đề nghị Giám đốc Sở Lao động - Thương binh và Xã hội tỉnh Khánh Hòa xem xét, tặng Giấy khen cho 02 tập thể và 05 cá nhân.",
        "Cuộc họp kết thúc vào 16 giờ 30 phút, ngày 01 tháng 12 năm 2023./.",
        "Nơi nhận: - Ban Giám hiệu; - Các phòng, khoa; - Lưu: VT, Hồ sơ.",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from the minutes:\n{text}");
    }
    let last = f["pages"].as_array().unwrap().last().unwrap();
    let (sec, chair) = (find(last, "THƯ KÝ"), find(last, "CHỦ TỌA"));
    assert!(sec.x1() < chair.x0(), "THƯ KÝ left, CHỦ TỌA right");
    assert!((sec.baseline() - chair.baseline()).abs() < 0.5);
    let (a, b) = (find(last, "Huỳnh Thị Mai"), find(last, "Phạm Minh Tuấn"));
    assert!((a.baseline() - b.baseline()).abs() < 0.5, "names on one line");
    assert!(a.top() - sec.bottom() >= 20.0 * MM, "room to sign");
    assert!(
        lines(last).iter().any(|l| l.text().starts_with("Cuộc họp kết thúc")),
        "the signatures are not alone on their page"
    );
}

#[test]
fn reports_follow_form_07_in_both_variants() {
    crate::needs_checkers!();
    let collective = sample_doc("03-bao-cao-01");
    let text = flat(&collective.pdf);
    for expected in [
        "BÁO CÁO THÀNH TÍCH",
        "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA GIÁM ĐỐC SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH KHÁNH HÒA",
        "I. THÔNG TIN CHUNG",
        "- Địa chỉ trụ sở: Thị trấn Khánh Vĩnh, huyện Khánh Vĩnh, tỉnh Khánh Hòa.",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "1. Kết quả thực hiện chỉ tiêu giảm nghèo năm 2023",
        "2. Các giải pháp đã thực hiện",
        "3. Đóng góp kinh phí, vật chất cho công tác giảm nghèo",
        "12.300.000 đồng (Mười hai triệu ba trăm nghìn đồng).",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN THỦ TRƯỞNG ĐƠN VỊ",
        "TRỰC TIẾP NHẬN XÉT, XÁC NHẬN",
        "(Ký, đóng dấu) (Ký, đóng dấu)",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from the collective report:\n{text}");
    }
    let individual = sample_doc("03-bao-cao-07");
    let text = flat(&individual.pdf);
    for expected in [
        "I. SƠ LƯỢC LÝ LỊCH",
        "- Họ và tên: Đặng Thị Ánh Tuyết.",
        "- Sinh ngày: 08/01/1990.",
        "- Giới tính: Nữ.",
        "1.500.000 đồng (Một triệu năm trăm nghìn đồng);",
        "702.000 đồng (Bảy trăm linh hai nghìn đồng).",
        "Tổng cộng: 2.202.000 đồng (Hai triệu hai trăm linh hai nghìn đồng).",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "XÁC NHẬN, ĐỀ NGHỊ",
        "NGƯỜI BÁO CÁO THÀNH TÍCH",
        "(Ký, ghi rõ họ và tên)",
        "(Ký, đóng dấu)",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from the individual report:\n{text}");
    }
    let f = facts(&individual.pdf);
    let last = f["pages"].as_array().unwrap().last().unwrap();
    let (left, right) = (find(last, "Phạm Minh Tuấn"), find(last, "Đặng Thị Ánh Tuyết"));
    assert!(
        left.x1() < right.x0() && (left.baseline() - right.baseline()).abs() < 0.5,
        "two signers side by side, names level"
    );
}

fn long_report_dossier(paragraphs: usize) -> Value {
    let mut d = sample();
    let mut n = d["nominees"][6].clone();
    let para = "Trong năm 2023, đồng chí đã chủ động phối hợp với chính quyền địa phương rà soát, lập danh sách hộ nghèo có nhu cầu học nghề, vận động con em các hộ tham gia học tập, đồng thời theo dõi, hỗ trợ học viên sau tốt nghiệp tìm kiếm việc làm ổn định, góp phần giảm nghèo bền vững trên địa bàn.";
    n["report"]["achievements"] = json!(
        (1..=12)
            .map(|k| json!({"title": format!("Nội dung thứ {k}"), "paragraphs": vec![para; paragraphs / 12]}))
            .collect::<Vec<_>>()
    );
    d["nominees"] = json!([n]);
    d["minutes"]["rounds"][0]["votes"] = json!([{"nominee": "dang-thi-anh-tuyet", "in_favour": 6}]);
    d
}

#[test]
fn a_forty_page_report_flows_with_page_numbers_and_keeps_its_signatures() {
    crate::needs_checkers!();
    let r = render_only(&long_report_dossier(480), Some("bao-cao-thanh-tich-nd91"));
    let doc = &r.documents[0];
    assert!(doc.pages >= 40, "{} pages", doc.pages);
    let f = facts(&doc.pdf);
    let pages = f["pages"].as_array().unwrap();
    for (i, p) in pages.iter().enumerate() {
        let number: Vec<String> =
            lines(p).iter().filter(|l| l.bottom() < 20.0 * MM).map(|l| l.text().to_string()).collect();
        if i == 0 {
            assert!(number.is_empty());
        } else {
            assert_eq!(number, [(i + 1).to_string()], "page {}", i + 1);
        }
    }
    assert_margins(&f, "long report");
    let last = pages.last().unwrap();
    let name = find(last, "NGƯỜI BÁO CÁO THÀNH TÍCH");
    assert!(
        lines(last).iter().any(|l| l.bottom() < name.top() && l.top() > 20.0 * MM && l.text().len() > 40),
        "the last lines of text stand with the signatures"
    );
}

#[test]
fn a_300_nominee_list_repeats_its_header_and_counts_everyone() {
    crate::needs_checkers!();
    let mut d = sample();
    let template = d["nominees"][6].clone();
    let given = [
        "An", "Bình", "Chi", "Dũng", "Đào", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Oanh", "Phúc", "Quân", "Sơn",
    ];
    let mut nominees = Vec::new();
    let mut votes = Vec::new();
    for k in 0..300 {
        let mut n = template.clone();
        n["id"] = json!(format!("ca-nhan-{k:03}"));
        n["name"] = json!(format!("Nguyễn Văn {} {}", ["Thành", "Hữu", "Đức", "Minh"][k % 4], given[k % given.len()]));
        n["name"] = json!(format!("{} {k:03}", n["name"].as_str().unwrap()));
        votes.push(json!({"nominee": n["id"], "in_favour": 6}));
        nominees.push(n);
    }
    d["nominees"] = json!(nominees);
    d["minutes"]["rounds"][0]["votes"] = json!(votes);
    let r = render_only(&d, Some("to-trinh"));
    let doc = &r.documents[0];
    let text = flat(&doc.pdf);
    assert!(text.contains("cho 300 cá nhân đã có thành tích"), "counts from the list");
    assert!(text.contains("Tổng cộng: 300 cá nhân"));
    for k in 0..300 {
        assert!(text.contains(&format!(" {k:03} ")), "nominee {k:03} listed");
    }
    let f = facts(&doc.pdf);
    let pages = f["pages"].as_array().unwrap();
    let list_pages: Vec<&Value> =
        pages.iter().filter(|p| lines(p).iter().any(|l| l.text().starts_with("Nguyễn Văn"))).collect();
    assert!(list_pages.len() >= 15, "{} list pages", list_pages.len());
    for p in &list_pages {
        find(p, "Họ và tên");
        assert!(p["width"].as_f64().unwrap() > p["height"].as_f64().unwrap(), "landscape");
    }
    assert_margins(&f, "300-nominee list");
}

#[test]
fn superseded_form_versions_warn_with_the_decree_that_applies() {
    let mut d = sample();
    d["proposals"][0]["date"] = json!("05/12/2024");
    d["minutes"]["date"] = json!("01/12/2024");
    for n in d["nominees"].as_array_mut().unwrap() {
        n["report"]["date"] = json!("20/11/2024");
    }
    d["forms"] = json!(["bao-cao-thanh-tich-nd91"]);
    // (Where it is — "at: line 1, column …: forms" — is asserted elsewhere.)
    let warnings: Vec<String> =
        problems(&d).iter().map(|p| p.split("\n  at: ").next().unwrap_or_default().to_string()).collect();
    // The letter still cites the Law of 2003 and Decree 91/2017: each is said to be out of force.
    assert_eq!(
        warnings,
        [
            "warning: proposals[0].legal_bases[0]: “Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003 và Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày 16 tháng 11 năm 2013” is not in force on the document's date 05/12/2024: it applied until 31/12/2023",
            "warning: proposals[0].legal_bases[1]: “Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng” is not in force on the document's date 05/12/2024: it applied until 31/12/2023",
            "warning: forms: form \"bao-cao-thanh-tich-nd91\" (Nghị định 91/2017/NĐ-CP, Mẫu số 07) is not in force on 05/12/2024: Nghị định 98/2023/NĐ-CP, mẫu báo cáo thành tích khen thưởng theo chuyên đề (số hiệu mẫu chưa đối chiếu) applies (form \"bao-cao-thanh-tich-nd98\")"
        ]
    );
    d.as_object_mut().unwrap().remove("forms");
    let left: Vec<String> = problems(&d).into_iter().filter(|p| !p.contains(".legal_bases[")).collect();
    assert_eq!(left, Vec::<String>::new(), "the form in force is picked without a warning");
    let checked = crate::common::check(&d).unwrap();
    let rendered = ENGINE.render(&checked, None).unwrap();
    assert!(rendered.documents.iter().any(|x| x.form.as_deref() == Some("bao-cao-thanh-tich-nd98")));
    d["proposals"][0]["date"] = json!("05/12/2025");
    d["forms"] = json!(["bao-cao-thanh-tich-nd98"]);
    assert!(problems(&d).iter().any(|w| w.contains("Nghị định 152/2025/NĐ-CP")), "{:?}", problems(&d));
}

#[test]
fn forms_command_shows_every_version_and_its_validity() {
    let o = crate::common::cli().arg("forms").output().unwrap();
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("bao-cao-thanh-tich-nd91\t"), "{s}");
    assert!(s.contains("valid: 15/09/2017 – 31/12/2023"));
    assert!(s.contains("valid: 01/01/2024 – 30/06/2025"));
    assert!(s.contains("valid: 01/07/2025 – —"));
    assert!(s.contains("bien-ban\tBiên bản họp Hội đồng Thi đua - Khen thưởng"));
}

#[test]
fn cross_document_inconsistencies_are_refused() {
    refused(
        |d| d["nominees"][2].as_object_mut().unwrap().remove("report").map(drop).unwrap(),
        "error: nominees[2].report: is missing: every nominee needs an achievement report",
    );
    refused(
        |d| d["minutes"]["rounds"][0]["votes"].as_array_mut().unwrap().remove(3).as_object().map(drop).unwrap(),
        "error: minutes.rounds[0].votes: has no row for Trần Văn Bình (tran-van-binh)",
    );
    refused(
        |d| d["minutes"]["rounds"][0]["votes"][0]["in_favour"] = json!(7),
        "error: minutes.rounds[0].votes[0].in_favour: 7 votes, but only 06 members were present",
    );
    refused(
        |d| d["minutes"]["total_members"] = json!(6),
        "error: minutes.total_members: 6 is fewer than the 07 members listed",
    );
    refused(
        |d| {
            for v in d["minutes"]["rounds"][0]["votes"].as_array_mut().unwrap() {
                v["in_favour"] = json!(2);
            }
        },
        "error: minutes.rounds: no nominee reached the rule of any vote: there is no one to propose",
    );
    refused(
        |d| d["minutes"]["date"] = json!("06/12/2023"),
        "error: minutes.date: 06/12/2023 is after the letter's date 05/12/2023: the meeting must come first",
    );
    refused(
        |d| d["proposals"][0]["date"] = json!("11/12/2023"),
        "error: proposals[0].date: 11/12/2023 is after the submission deadline 10/12/2023",
    );
    refused(|d| d["minutes"]["number"] = json!(5), "error: minutes.number: 05 is also the letter's number");
    refused(
        |d| d["minutes"]["rounds"][0]["votes"][1]["nominee"] = json!("phong-dao-tao-hanh-chinh-ke-toan"),
        "error: minutes.rounds[0].votes[1].nominee: \"phong-dao-tao-hanh-chinh-ke-toan\" already has a vote row (minutes.rounds[0].votes[0])",
    );
    refused(
        |d| drop(d.as_object_mut().unwrap().remove("minutes")),
        "error: minutes: is missing: the dossier needs the council meeting",
    );
    refused(
        |d| d["nominees"][0]["report"].as_object_mut().unwrap().remove("head").map(drop).unwrap(),
        "error: nominees[0].report.head: is missing: a collective's report is signed by its head",
    );
    // A later deadline can be configured.
    let mut d = sample();
    d["proposals"][0]["date"] = json!("14/12/2023");
    d["proposals"][0]["deadline"] = json!("15/12/2023");
    assert_eq!(problems(&d), Vec::<String>::new());
}

/// Write `dossier` as `dossier.json` in a fresh folder with the sample's evidence beside it.
fn dossier_in(dir: &Path, dossier: &Value) -> PathBuf {
    crate::common::copy_sample_files(dir);
    let path = dir.join("dossier.json");
    std::fs::write(&path, dossier.to_string()).unwrap();
    path
}

fn evidence_problem(name: &str, setup: impl FnOnce(&Path), expected: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ho-so");
    let mut d = sample();
    d["nominees"][5]["evidence"] = json!([name]);
    let path = dossier_in(&dir, &d);
    setup(&dir);
    let found = match ENGINE.check_file(&path).unwrap() {
        Ok(_) => vec![],
        Err(p) => p.in_language(hoso::messages::Lang::En).iter().map(|p| p.to_string()).collect::<Vec<_>>(),
    };
    assert!(found.iter().any(|p| p.contains(expected)), "expected {expected:?}, got {found:?}");
}

#[test]
fn evidence_is_read_only_inside_the_dossier_folder() {
    evidence_problem(
        "../secret.png",
        |dir| std::fs::write(dir.parent().unwrap().join("secret.png"), b"x").unwrap(),
        "error: nominees[5].evidence[0]: \"../secret.png\" leaves the dossier's folder",
    );
    evidence_problem(
        "/etc/passwd",
        |_| {},
        "error: nominees[5].evidence[0]: \"/etc/passwd\" is not relative to the dossier's folder",
    );
    evidence_problem(
        "minh-chung/khong-co.jpg",
        |_| {},
        "error: nominees[5].evidence[0]: \"minh-chung/khong-co.jpg\" does not exist",
    );
    evidence_problem(
        "hong.png",
        |dir| std::fs::write(dir.join("hong.png"), b"\x89PNG\r\n\x1a\nnot really").unwrap(),
        "error: nominees[5].evidence[0]: \"hong.png\" is not a readable image",
    );
    evidence_problem(
        "ghi-chu.txt",
        |dir| std::fs::write(dir.join("ghi-chu.txt"), "văn bản").unwrap(),
        "error: nominees[5].evidence[0]: \"ghi-chu.txt\" is not a PNG, JPEG or PDF file",
    );
    evidence_problem(
        "hong.pdf",
        |dir| std::fs::write(dir.join("hong.pdf"), b"%PDF-1.7\ngarbage").unwrap(),
        "error: nominees[5].evidence[0]: \"hong.pdf\" is not a readable PDF",
    );
    #[cfg(unix)]
    evidence_problem(
        "lien-ket.png",
        |dir| {
            std::os::unix::fs::symlink(
                samples_dir().join("minh-chung/bien-nhan-ung-ho-quy-2023.jpg"),
                dir.join("lien-ket.png"),
            )
            .unwrap()
        },
        "error: nominees[5].evidence[0]: \"lien-ket.png\" resolves outside the dossier's folder",
    );
}

#[test]
fn pdf_evidence_is_converted_and_the_dossier_stays_pdf_a() {
    crate::needs_checkers!();
    let tmp = tempfile::tempdir().unwrap();
    let mut d = sample();
    d["nominees"][5]["evidence"] = json!(["quyet-dinh.pdf", "minh-chung/bien-nhan-ung-ho-quy-2023.jpg"]);
    let path = dossier_in(tmp.path(), &d);
    std::fs::write(tmp.path().join("quyet-dinh.pdf"), &sample_doc("02-bien-ban").pdf).unwrap();
    let checked = ENGINE.check_file(&path).unwrap().unwrap();
    let r = ENGINE.render(&checked, None).unwrap();
    let whole = r.documents.last().unwrap();
    let text = flat(&whole.pdf);
    assert!(
        text.contains("quyet-dinh.pdf (trang 1/2)") && text.contains("quyet-dinh.pdf (trang 2/2)"),
        "one page per PDF page"
    );
    let file = crate::common::temp_pdf(&whole.pdf);
    let out = crate::common::run_tool(
        "python3",
        &[
            "-c",
            "import sys,pikepdf; m=pikepdf.open(sys.argv[1]).open_metadata(); print(m.get('pdfaid:part'), m.get('pdfaid:conformance'))",
            file.path().to_str().unwrap(),
        ],
    );
    assert_eq!(out.trim(), "2 B");
    assert_eq!(r.manifest.evidence.len(), 3);
}

/// Guards the header-only JPEG check: a JPEG cut short must still be refused.
#[test]
fn a_truncated_jpeg_is_refused() {
    evidence_problem(
        "cat.jpg",
        |dir| {
            let whole = std::fs::read(samples_dir().join("minh-chung/bien-nhan-ung-ho-quy-2023.jpg")).unwrap();
            std::fs::write(dir.join("cat.jpg"), &whole[..whole.len() / 2]).unwrap();
        },
        "error: nominees[5].evidence[0]: \"cat.jpg\" is not a readable image (the file is cut short)",
    );
}

/// Guards the 12 MB photo that made a 12 MB `ho-so.pdf`: a photo larger than a printed page
/// needs is scaled down in the complete file (the original stays in the folder, untouched).
#[test]
fn a_large_photo_is_scaled_for_print_in_the_complete_file() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_sample_files(dir.path());
    // A 3600 × 2700 photo of noise: large as JPEG, the worst case for its size.
    let (w, h) = (3600u32, 2700u32);
    let mut seed = 12345u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let n = (seed >> 24) as u8;
        image::Rgb([n, (x * 255 / w) as u8, (y * 255 / h) as u8])
    });
    let mut photo = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut photo, 95).encode_image(&img).unwrap();
    std::fs::write(dir.path().join("minh-chung/anh-lon.jpg"), &photo).unwrap();
    let mut d = sample();
    let k = d["nominees"].as_array().unwrap().iter().position(|n| n["evidence"].is_array()).unwrap();
    d["nominees"][k]["evidence"].as_array_mut().unwrap().push(json!("minh-chung/anh-lon.jpg"));
    let checked = ENGINE.check_in(&d.to_string(), Some(dir.path())).unwrap_or_else(|p| panic!("{p}"));
    let rendered = ENGINE.render(&checked, None).unwrap();
    let complete = rendered.documents.iter().find(|x| x.file_name == hoso::COMPLETE_FILE).unwrap();
    assert!(
        complete.pdf.len() * 3 < photo.len(),
        "ho-so.pdf {} bytes for a {}-byte photo",
        complete.pdf.len(),
        photo.len()
    );
    assert_eq!(std::fs::read(dir.path().join("minh-chung/anh-lon.jpg")).unwrap(), photo, "the original is kept");
}
