//! The dossiers units really file (format v2): emulation titles and awards together, one letter
//! per deciding authority, one council meeting with a round of votes per title or award and the
//! law's vote rules, any movement or none, the samples that show the range.

use serde_json::{Value, json};

use crate::common::{ENGINE, copy_sample_files, facts, flat, problems, refused, root, sample, sample_paths};
use crate::measure::{assert_inside_frame, assert_margins};

fn load(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("samples").join(name)).unwrap()).unwrap()
}

const FINAL_2025: &str = "vi-nguoi-ngheo-2025.json";
const YEAR_END: &str = "nam-hoc-2025-2026-tieu-hoc-khanh-thuong.json";

/// Render a dossier that sits in `samples/`.
fn rendered(d: &Value) -> hoso::Rendered {
    crate::common::render_only(d, None)
}

fn doc<'a>(r: &'a hoso::Rendered, prefix: &str) -> &'a hoso::Document {
    r.documents.iter().find(|d| d.file_name.starts_with(prefix)).unwrap_or_else(|| panic!("no {prefix}*"))
}

#[test]
fn every_sample_checks_renders_and_meets_the_decree_30_layout() {
    crate::needs_checkers!();
    let paths = sample_paths();
    assert!(paths.len() >= 3, "{paths:?}");
    for path in paths {
        let checked = ENGINE.check_file(&path).unwrap().unwrap_or_else(|p| panic!("{}:\n{p}", path.display()));
        let r = ENGINE.render(&checked, None).unwrap();
        // (ho-so.pdf repeats the documents measured one by one.)
        for d in r.documents.iter().filter(|d| d.form.is_some()) {
            let what = format!("{} {}", path.display(), d.file_name);
            if d.form.as_deref() == Some("giay-khen") {
                assert_inside_frame(&facts(&d.pdf), &what);
            } else {
                assert_margins(&facts(&d.pdf), &what);
            }
        }
        let d: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let v = crate::stress::layout_violations(&d, &[]);
        assert!(v.is_empty(), "{}: {}", path.display(), v.join("\n"));
    }
}

/// The names the minutes pass for each award, and the names each letter's list gives under it.
#[test]
fn letters_lists_and_minutes_agree_per_award() {
    for path in sample_paths() {
        let checked = ENGINE.check_file(&path).unwrap().unwrap();
        let d = checked.dossier();
        let minutes = &ENGINE.template_data(&checked, "bien-ban").unwrap()[0].data;
        // Passed in the minutes: (award display, name).
        let mut passed: Vec<(String, String)> = Vec::new();
        for round in minutes["rounds"].as_array().unwrap() {
            for row in round["votes"].as_array().unwrap() {
                if row["result"] == "Đạt" {
                    passed.push((row["award_id"].as_str().unwrap().into(), row["name"].as_str().unwrap().into()));
                }
            }
        }
        // Listed in the letters, for the awards of upward authorities.
        let mut listed: Vec<(String, String)> = Vec::new();
        for letter in ENGINE.template_data(&checked, "to-trinh").unwrap() {
            for group in letter.data["list"]["groups"].as_array().unwrap() {
                for table in ["collectives", "individuals", "households"] {
                    for row in group[table]["rows"].as_array().into_iter().flatten() {
                        listed.push((row["award_id"].as_str().unwrap().into(), row["name"].as_str().unwrap().into()));
                    }
                }
            }
        }
        let upward: Vec<String> = d
            .awards
            .iter()
            .filter(|a| d.authority(&a.authority).is_some_and(|x| !x.own))
            .map(|a| a.id.clone())
            .collect();
        passed.retain(|(award, _)| upward.contains(award));
        passed.sort();
        listed.sort();
        assert_eq!(passed, listed, "{}", path.display());
        assert!(!listed.is_empty(), "{}", path.display());
    }
}

#[test]
fn a_dossier_mixing_two_grantors_produces_two_letters() {
    let mut d = sample();
    d["authorities"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "ubnd-tinh", "title": "Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa"}));
    d["awards"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "bk-tinh", "kind": "award", "name": "Bằng khen", "authority": "ubnd-tinh"}));
    d["nominees"][0]["awards"] = json!(["bk-tinh"]);
    d["minutes"]["rounds"][0]["votes"].as_array_mut().unwrap().remove(0);
    d["minutes"]["rounds"].as_array_mut().unwrap().push(json!({
        "award": "bk-tinh", "voting": "secret_ballot", "votes": [{"nominee": "phong-dao-tao-hanh-chinh-ke-toan", "in_favour": 6}]
    }));
    let mut letter = d["proposals"][0].clone();
    letter["authority"] = json!("ubnd-tinh");
    letter["number"] = json!(6);
    letter["addressees"] = json!(["Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa"]);
    d["proposals"].as_array_mut().unwrap().push(letter);
    assert_eq!(problems(&d), Vec::<String>::new());
    let r = rendered(&d);
    let names: Vec<&str> = r.documents.iter().map(|x| x.file_name.as_str()).collect();
    assert_eq!(names[..3], ["01-to-trinh-so-ldtbxh.pdf", "01-to-trinh-ubnd-tinh.pdf", "02-bien-ban-hop-hoi-dong.pdf"]);
    let checked = crate::common::check(&d).unwrap();
    let letters = ENGINE.template_data(&checked, "to-trinh").unwrap();
    let so = letters[0].data["body"].as_array().unwrap().iter().rev().nth(1).unwrap().as_str().unwrap().to_string();
    assert!(so.contains("kính đề nghị Giám đốc Sở Lao động - Thương binh và Xã hội tỉnh Khánh Hòa xem xét, tặng Giấy khen (khen thưởng theo chuyên đề) cho 01 tập thể và 05 cá nhân"), "{so}");
    let tinh = letters[1].data["body"].as_array().unwrap().iter().rev().nth(1).unwrap().as_str().unwrap().to_string();
    assert!(tinh.contains("kính đề nghị Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa xem xét, tặng Bằng khen (khen thưởng theo chuyên đề) cho 01 tập thể"), "{tinh}");
    // (A title holds a word's syllables with U+00A0: the kit keeps them on one line.)
    assert_eq!(
        letters[1].data["list"]["title"].as_str().unwrap().replace('\u{a0}', " "),
        "DANH SÁCH ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"
    );
    let minutes = &ENGINE.template_data(&checked, "bien-ban").unwrap()[0].data;
    let conclusion = minutes["conclusion"].as_str().unwrap();
    assert!(conclusion.contains("Giám đốc Sở Lao động - Thương binh và Xã hội tỉnh Khánh Hòa xem xét, tặng Giấy khen cho 01 tập thể và 05 cá nhân; đề nghị Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa xem xét, tặng Bằng khen cho 01 tập thể"), "{conclusion}");
    // A higher authority with no letter is refused.
    d["proposals"].as_array_mut().unwrap().pop();
    let found = problems(&d);
    assert!(
        found.iter().any(|p| p.starts_with(
            "error: authorities[1]: \"ubnd-tinh\" decides awards of this dossier, but no letter goes to it"
        )),
        "{found:?}"
    );
}

#[test]
fn a_tie_does_not_pass_a_majority() {
    let mut d = sample();
    d["minutes"]["total_members"] = json!(8);
    d["minutes"]["rounds"][0]["votes"][3]["in_favour"] = json!(4); // tran-van-binh, 4 of 8
    let found = problems(&d);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("warning: minutes.rounds[0].votes[3].in_favour: tran-van-binh (Trần Văn Bình) has 04/08 votes (50%) for Giấy khen: a tie, which is not a majority"), "{found:?}");
    let checked = crate::common::check(&d).unwrap();
    let letter = &ENGINE.template_data(&checked, "to-trinh").unwrap()[0].data;
    assert!(!letter.to_string().contains("Trần Văn Bình"), "left out of the letter and its list");
}

/// Guards the vote rules as dated law: a meeting before 01/07/2025 counts “Chiến sĩ thi đua cơ
/// sở” by Decree 98/2023 art. 30(7) (a ballot, 80% of all members, cited), a later one by the
/// dossier's own rule, and with none the default (more than half) is said to be a default.
#[test]
fn chien_si_thi_dua_co_so_is_voted_by_the_rule_of_the_meetings_date() {
    let year_end = load(YEAR_END);
    let check = |edit: &dyn Fn(&mut Value)| {
        let mut d = year_end.clone();
        edit(&mut d);
        problems(&d)
    };
    // The sample states its own rule (a secret ballot, 80%).
    let found = check(&|d| d["minutes"]["rounds"][1]["voting"] = json!("show_of_hands"));
    assert!(found.iter().any(|p| p.starts_with("error: minutes.rounds[1].voting: danh hiệu “Chiến sĩ thi đua cơ sở” is voted by show of hands, but its rule requires secret ballot\n")), "{found:?}");
    // 07/09 is 77,78%: below 80%, so the nominee does not pass (and is left out); 08/09 passes.
    let found = check(&|d| d["minutes"]["rounds"][1]["votes"][0]["in_favour"] = json!(7));
    assert!(found.iter().any(|p| p.starts_with("warning: minutes.rounds[1].votes[0].in_favour: nguyen-thi-hanh (Nguyễn Thị Hạnh) has 07/09 votes (77,78%) for danh hiệu “Chiến sĩ thi đua cơ sở”: below the rule (từ 80% tổng số thành viên Hội đồng trở lên)")), "{found:?}");
    assert!(check(&|_| {}).is_empty(), "the sample itself is clean");

    // Without its own rule, in 2026: no rule of the law is known, the default decides and says so.
    let mut d = year_end.clone();
    d["awards"][1].as_object_mut().unwrap().remove("vote");
    d["minutes"]["rounds"][1]["votes"][0]["in_favour"] = json!(7);
    assert!(problems(&d).iter().all(|p| !p.contains("nguyen-thi-hanh")), "7 of 9 is more than half");
    let notes = crate::common::notes(&d);
    assert!(
        notes.iter().any(|n| n.starts_with("note: minutes.rounds: No rule is known for the share of votes")
            && n.contains("danh hiệu “Chiến sĩ thi đua cơ sở”")
            && n.contains("(not a rule of the law)")),
        "{notes:?}"
    );

    // A meeting of May 2025: Decree 98/2023 art. 30(7) applies, with its source.
    let before = |edit: &dyn Fn(&mut Value)| {
        let mut d = year_end.clone();
        d["awards"][1].as_object_mut().unwrap().remove("vote");
        d["minutes"]["date"] = json!("20/05/2025");
        edit(&mut d);
        problems(&d)
    };
    let found = before(&|d| d["minutes"]["rounds"][1]["voting"] = json!("show_of_hands"));
    assert!(found.iter().any(|p| p.starts_with("error: minutes.rounds[1].voting: danh hiệu “Chiến sĩ thi đua cơ sở” was decided by a show of hands, but must be voted by ballot (khoản 7 Điều 30 Nghị định số 98/2023/NĐ-CP)")), "{found:?}");
    let found = before(&|d| d["awards"][1]["vote"] = json!({"threshold_percent": 79}));
    assert!(found.iter().any(|p| p.starts_with("error: awards[1].vote.threshold_percent: 79% is below the 80% of all council members danh hiệu “Chiến sĩ thi đua cơ sở” needs (khoản 7 Điều 30 Nghị định số 98/2023/NĐ-CP)")), "{found:?}");
    let found = before(&|d| d["minutes"]["rounds"][1]["votes"][0]["in_favour"] = json!(7));
    assert!(
        found.iter().any(|p| p.starts_with(
            "warning: minutes.rounds[1].votes[0].in_favour: nguyen-thi-hanh (Nguyễn Thị Hạnh) has 07/09 votes (77,78%)"
        )),
        "{found:?}"
    );
}

#[test]
fn titles_are_worded_as_the_law_writes_them_and_given_to_the_right_kind() {
    let checked = ENGINE.check_in(&load(YEAR_END).to_string(), Some(&crate::common::samples_dir())).unwrap();
    let letter = &ENGINE.template_data(&checked, "to-trinh").unwrap()[0].data;
    let body = letter["body"].to_string();
    // “Lao động tiên tiến” is the head's own: the decision gives it, the letter does not ask.
    let decision = &ENGINE.template_data(&checked, "quyet-dinh").unwrap()[0].data;
    assert!(
        decision["articles"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Công nhận danh hiệu “Lao động tiên tiến” cho 26 cá nhân"),
        "{}",
        decision["articles"]
    );
    assert!(!body.contains("Lao động tiên tiến”"), "{body}");
    for expected in [
        "công nhận danh hiệu “Chiến sĩ thi đua cơ sở” cho 03 cá nhân",
        "công nhận danh hiệu “Tập thể lao động tiên tiến” cho 02 tập thể",
        "tặng Giấy khen (khen thưởng công trạng) cho 01 tập thể và 02 cá nhân",
        "thực hiện nhiệm vụ năm học 2025 - 2026 (có danh sách và báo cáo thành tích kèm theo)",
    ] {
        assert!(body.contains(expected), "{expected:?} missing: {body}");
    }
    assert_eq!(
        letter["title"]["summary"].as_str().unwrap().replace('\u{a0}', " "),
        "Về việc đề nghị công nhận danh hiệu thi đua và khen thưởng năm học 2025 - 2026"
    );
    let mut d = load(YEAR_END);
    d["nominees"][0]["awards"] = json!(["lao-dong-tien-tien", "tap-the-lao-dong-tien-tien"]);
    let found = problems(&d);
    assert!(
        found.iter().any(|p| p.starts_with(
            "error: nominees[0].awards[1]: danh hiệu “Tập thể lao động tiên tiến” is not given to an individual"
        )),
        "{found:?}"
    );
}

#[test]
fn a_nominee_proposed_for_two_gets_one_report_naming_both() {
    crate::needs_checkers!();
    let r = rendered(&load(YEAR_END));
    let reports: Vec<&hoso::Document> =
        r.documents.iter().filter(|d| d.nominee.as_deref() == Some("to-khoi-1")).collect();
    assert_eq!(reports.len(), 1);
    let text = flat(&reports[0].pdf);
    assert!(text.contains("ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU “TẬP THỂ LAO ĐỘNG TIÊN TIẾN” VÀ TẶNG GIẤY KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂY KHÁNH VĨNH"), "{text}");
    // “Lao động tiên tiến” asks for no report: a teacher given only it has a certificate, no report.
    let of = |id: &str| {
        r.documents
            .iter()
            .filter(|d| d.nominee.as_deref() == Some(id))
            .map(|d| d.form.clone().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(of("pham-van-tu"), ["giay-khen"]);
    let reports: Vec<_> =
        r.manifest.documents.iter().filter(|d| d.form.as_deref().is_some_and(|f| f.starts_with("bao-cao"))).collect();
    assert_eq!(reports.len(), 7);
    // The year-end reports are công trạng reports of Decree 152.
    assert!(reports.iter().all(|d| d.form.as_deref() == Some("bao-cao-cong-trang-nd152")));
}

#[test]
fn the_units_own_authority_gets_no_letter() {
    let r = rendered(&load(FINAL_2025));
    let letters: Vec<&str> =
        r.documents.iter().filter(|d| d.form.as_deref() == Some("to-trinh")).map(|d| d.file_name.as_str()).collect();
    assert_eq!(letters, ["01-to-trinh.pdf"]);
    let checked = ENGINE.check_in(&load(FINAL_2025).to_string(), Some(&crate::common::samples_dir())).unwrap();
    let letter = ENGINE.template_data(&checked, "to-trinh").unwrap()[0].data.to_string();
    for own in ["Khoa Cơ khí - Điện", "Lê Quang Ân", "Hà Văn Thông"] {
        assert!(!letter.contains(own), "{own} is decided by the school, not the Department");
    }
    let minutes = &ENGINE.template_data(&checked, "bien-ban").unwrap()[0].data;
    assert!(minutes["conclusion"].as_str().unwrap().contains("đề nghị Hiệu trưởng Trường Trung cấp nghề Dân tộc nội trú Khánh Vĩnh quyết định tặng Giấy khen cho 01 tập thể và 02 cá nhân"), "{}", minutes["conclusion"]);
    // A letter to the unit's own head is refused.
    let mut d = load(FINAL_2025);
    let mut own = d["proposals"][0].clone();
    own["authority"] = json!("hieu-truong");
    own["number"] = json!(42);
    d["proposals"].as_array_mut().unwrap().push(own);
    let found = problems(&d);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("error: proposals[1].authority: \"hieu-truong\" is the unit's own authority")),
        "{found:?}"
    );
}

#[test]
fn the_minutes_follow_template_1_9_in_full() {
    crate::needs_checkers!();
    let r = rendered(&load(FINAL_2025));
    let minutes = doc(&r, "02-bien-ban");
    let text = flat(&minutes.pdf);
    for expected in [
        "Thời gian bắt đầu: 08 giờ 00 phút, ngày 28 tháng 11 năm 2025.",
        "Chủ trì (chủ tọa): Phạm Minh Tuấn - Hiệu trưởng, Chủ tịch Hội đồng.",
        "Thư ký (người ghi biên bản): Huỳnh Thị Mai",
        "lý do: đi học tập trung tại Trường Chính trị tỉnh",
        "Ý kiến bằng văn bản của Pi Năng Thị Hạnh - Chủ tịch Công đoàn: Đồng ý với danh sách đề nghị khen thưởng do Thường trực Hội đồng trình.",
        "Nội dung (theo diễn biến cuộc họp):",
        "1. Giấy khen",
        "Hà Văn Thông 03/07 42,86% Không đạt",
        "Cuộc họp kết thúc vào 10 giờ 30 phút, ngày 28 tháng 11 năm 2025./.",
        "CHỦ TỌA HIỆU TRƯỞNG",
        "Nơi nhận: - Ban Giám hiệu; - Các phòng, khoa; - Lưu: VT, Hồ sơ.",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from the minutes:\n{text}");
    }
    // The council uses the unit's seal: it goes over the chair's signature.
    let chair = minutes.fields.iter().find(|f| f.name == "chu_toa").unwrap();
    assert!(chair.seal_image.is_some(), "{chair:?}");
    // An absent member needs a reason.
    let mut d = load(FINAL_2025);
    d["minutes"]["members"][5].as_object_mut().unwrap().remove("absence_reason");
    let found = problems(&d);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("error: minutes.members[5].absence_reason: is missing for an absent member")),
        "{found:?}"
    );
}

#[test]
fn units_correct_a_forms_labels_without_code() {
    let mut d = sample();
    d["labels"] = json!({"bao-cao-thanh-tich-nd91": {"section_awards": "III. HÌNH THỨC KHEN THƯỞNG ĐÃ NHẬN"}});
    let checked = crate::common::check(&d).unwrap();
    let report = &ENGINE.template_data(&checked, "bao-cao-thanh-tich-nd91").unwrap()[0].data;
    assert_eq!(report["awards"]["title"], "III. HÌNH THỨC KHEN THƯỞNG ĐÃ NHẬN");
}

#[test]
fn forms_say_whether_their_labels_were_checked() {
    let r = crate::common::render_only(&sample(), None);
    let checked: Vec<(Option<&str>, Option<bool>)> =
        r.manifest.documents.iter().map(|d| (d.form.as_deref(), d.form_checked)).collect();
    assert_eq!(checked[0], (Some("to-trinh"), Some(true)));
    assert_eq!(checked[2], (Some("bao-cao-thanh-tich-nd91"), Some(false)));
    assert_eq!(checked.last().unwrap(), &(None, None));
    let o = crate::common::cli().arg("forms").output().unwrap();
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(
        s.contains("bao-cao-thanh-tich-nd152\tBáo cáo thành tích đề nghị khen thưởng thi đua theo chuyên đề"),
        "{s}"
    );
    assert!(s.contains("labels checked against the official text: NO"), "{s}");
}

#[test]
fn no_form_file_names_a_movement() {
    for entry in walkdir::WalkDir::new(root().join("forms")) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || name == "sample.json" {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap().to_lowercase();
        for subject in ["nghèo", "vì người", "giảm nghèo"] {
            assert!(!text.contains(subject), "{} names a movement's subject ({subject})", entry.path().display());
        }
    }
}

#[test]
fn a_v1_file_and_its_upgrade_render_the_same_documents() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample_files(dir.path());
    let v1 = std::fs::read_to_string(root().join("tests/data/vi-nguoi-ngheo-2023.v1.json")).unwrap();
    let path = dir.path().join("v1.json");
    std::fs::write(&path, &v1).unwrap();
    let from_v1 = ENGINE.check_file(&path).unwrap().unwrap();
    assert!(
        from_v1
            .warnings
            .clone()
            .in_language(hoso::messages::Lang::En)
            .iter()
            .any(|w| w.to_string().starts_with("note: format: this file is in format hoso/1"))
    );
    // `hoso upgrade` writes the v2 file.
    let up = dir.path().join("v2.json");
    let o =
        crate::common::cli().args(["upgrade", path.to_str().unwrap(), "-o", up.to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v2: Value = serde_json::from_str(&std::fs::read_to_string(&up).unwrap()).unwrap();
    assert_eq!(v2["format"], "hoso/2");
    let from_v2 = ENGINE.check_file(&up).unwrap().unwrap();
    // Only the standing note that a form's wording is not yet checked against the official text.
    assert!(from_v2.warnings.iter().all(|w| w.code == "form.unchecked-used"), "{}", from_v2.warnings);
    let (a, b) = (ENGINE.render(&from_v1, None).unwrap(), ENGINE.render(&from_v2, None).unwrap());
    assert_eq!(a.documents.len(), b.documents.len());
    for (x, y) in a.documents.iter().zip(&b.documents) {
        assert_eq!(x.file_name, y.file_name);
        assert!(x.pdf == y.pdf, "{} differs", x.file_name);
    }
    // The same manifest but for the raw inputs: the two files' texts differ.
    let (mut ma, mut mb) = (a.manifest.clone(), b.manifest.clone());
    assert_ne!(ma.raw.key, mb.raw.key);
    (ma.raw, mb.raw) = Default::default();
    assert_eq!(ma, mb);
    // A v1 file's problems point into the v1 file.
    let mut bad: Value = serde_json::from_str(&v1).unwrap();
    bad["minutes"]["votes"][0]["in_favour"] = json!(7);
    bad["proposal"]["signer"]["authority"] = json!("KT.");
    let found = ENGINE
        .check_in(&bad.to_string(), Some(dir.path()))
        .unwrap_err()
        .in_language(hoso::messages::Lang::En)
        .to_string();
    assert!(found.contains("error: minutes.votes[0].in_favour: 7 votes, but only 06 members were present"), "{found}");
    assert!(found.contains("error: proposal.signer.on_behalf_of: is missing"), "{found}");
    // `hoso upgrade` of a file that is not v1 is a usage error.
    let o = crate::common::cli().args(["upgrade", up.to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn wording_names_no_movement_by_default() {
    // A year-end dossier has no movement: nothing in its documents speaks of one.
    let checked = ENGINE.check_in(&load(YEAR_END).to_string(), Some(&crate::common::samples_dir())).unwrap();
    let letter = &ENGINE.template_data(&checked, "to-trinh").unwrap()[0].data;
    let minutes = &ENGINE.template_data(&checked, "bien-ban").unwrap()[0].data;
    let report = &ENGINE.template_data(&checked, "bao-cao-cong-trang-nd152").unwrap()[0].data;
    for worded in [
        &letter["title"],
        &letter["body"][1],
        &letter["body"][2],
        &minutes["title"],
        &minutes["proceedings"],
        &minutes["conclusion"],
        &report["title"],
    ] {
        assert!(!worded.to_string().contains("phong trào"), "{worded}");
    }
    refused(
        |d| d["awards"][0]["authority"] = json!("so-ldtbx"),
        "error: awards[0].authority: \"so-ldtbx\" is not the id of any authority\n  hint: did you mean \"so-ldtbxh\"?",
    );
}

/// Guards the minutes against a round on a title nobody is proposed for (a starter dossier's
/// rounds before its list is in): the round is left out, not printed as an empty table.
#[test]
fn a_round_nobody_is_proposed_for_is_left_out_of_the_minutes() {
    let mut d = load(FINAL_2025);
    d["awards"].as_array_mut().unwrap().push(json!({
        "id": "cstdcs", "kind": "title", "name": "Chiến sĩ thi đua cơ sở", "for": "individual", "authority": "hieu-truong"
    }));
    d["minutes"]["rounds"]
        .as_array_mut()
        .unwrap()
        .push(json!({"award": "cstdcs", "voting": "secret_ballot", "votes": []}));
    let r = crate::common::render_only(&d, Some("bien-ban"));
    let text = flat(&r.documents[0].pdf);
    assert!(!text.contains("Chiến sĩ thi đua cơ sở”\n") && !text.contains("3. Danh hiệu"), "{text}");
    assert!(text.contains("1. Giấy khen") && text.contains("2. Giấy khen"), "{text}");
}
