//! The law as dated data: citations checked against the instruments' exact titles, rules of
//! their date, prize rules, the packs of provinces, the forms every kind of commendation needs,
//! and a golden of every word a form prints that stands for the law.

use serde_json::{Value, json};

use crate::common::{ENGINE, golden, notes, problems, root};

fn load(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("samples").join(name)).unwrap()).unwrap()
}

const BAC_NINH: &str = "nam-hoc-2025-2026-mam-non-tan-chi-bac-ninh.json";
const HA_NOI: &str = "cong-dan-thu-do-uu-tu-2026-phuong-ngoc-ha.json";
const YEAR_END: &str = "nam-hoc-2025-2026-tieu-hoc-khanh-thuong.json";

/// Guards the decree title every new dossier carried: Decree 152/2025 under its shorter, wrong
/// title, and the Law without its number, are each said with the exact citation.
#[test]
fn a_miscited_decree_is_said_with_its_exact_citation() {
    let mut d = load(YEAR_END);
    d["proposals"][0]["legal_bases"][0] = json!("Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022");
    d["proposals"][0]["legal_bases"][1] = json!(
        "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng"
    );
    let found = problems(&d);
    let exact = ENGINE.law().instrument("nd-152-2025").unwrap().citation.clone();
    assert!(
        found.iter().any(|p| p.starts_with("warning: proposals[0].legal_bases[1]: this line cites Nghị định 152/2025/NĐ-CP without its official title; cite it as: “")
            && p.contains(&exact)),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with("warning: proposals[0].legal_bases[0]: this line cites Luật 06/2022/QH15")),
        "{found:?}"
    );
    assert!(problems(&load(YEAR_END)).is_empty(), "the sample cites both exactly");
}

/// Guards the lapse Decree 152/2025 may meet on 01/03/2027: a dossier of 15/03/2027 is told.
#[test]
fn a_dossier_past_decree_152s_known_end_is_warned() {
    let mut d = load(YEAR_END);
    d["proposals"][0]["date"] = json!("15/03/2027");
    let found = problems(&d);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("warning: The dossier of 15/03/2027 relies on “Nghị định số 152/2025/NĐ-CP")
                && p.contains("known to apply only until 28/02/2027")),
        "{found:?}"
    );
    assert!(!problems(&load(YEAR_END)).iter().any(|p| p.contains("known to apply only until")));
}

/// Guards Decree 152/2025 art. 49(5): a person who earns “Lao động tiên tiến” and “Chiến sĩ thi
/// đua cơ sở” in one decision is paid the higher prize only (said as a note); decided by two
/// authorities, the clerk is warned.
#[test]
fn several_titles_of_one_person_are_paid_the_highest_only() {
    let mut d = load(BAC_NINH);
    // The head decides both titles, each with its prize.
    d["awards"][1]["authority"] = json!("hieu-truong");
    d["awards"][1]["prize"] =
        json!({"individual": "1,0", "source": "điểm c khoản 1 Điều 50 Nghị định số 152/2025/NĐ-CP"});
    let checked = crate::common::check(&d).unwrap_or_else(|p| panic!("{p}"));
    let said: Vec<String> =
        checked.warnings.clone().in_language(hoso::messages::Lang::En).iter().map(|p| p.to_string()).collect();
    assert!(
        said.iter().any(|p| p.contains("ngo-thi-mai (Ngô Thị Mai) earns danh hiệu “Lao động tiên tiến” và danh hiệu “Chiến sĩ thi đua cơ sở” in one decision: only the highest title's prize is paid (khoản 5 Điều 49 Nghị định số 152/2025/NĐ-CP)")),
        "{said:?}"
    );
    // (Headings and totals hold a word's syllables with U+00A0: read as spaces.)
    let data = ENGINE.template_data(&checked, "quyet-dinh").unwrap()[0].data.to_string().replace('\u{a0}', " ");
    // 25/06/2026: 0,3 × 2.340.000 → 710.000 for three people, 1,0 → 2.340.000 for Ngô Thị Mai.
    assert!(data.contains("tổng số tiền thưởng: 2.130.000 đồng"), "{data}");
    assert!(data.contains("4.470.000"), "the decision's total pays Ngô Thị Mai once: {data}");

    // Two authorities: the commune's prize for CSTĐCS too.
    let mut d = load(BAC_NINH);
    d["awards"][1]["prize"] =
        json!({"individual": "1,0", "source": "điểm c khoản 1 Điều 50 Nghị định số 152/2025/NĐ-CP"});
    let found = problems(&d);
    assert!(
        found.iter().any(|p| p.starts_with("warning: nominees[0]: ngo-thi-mai (Ngô Thị Mai) earns")
            && p.contains("decided by different authorities")),
        "{found:?}"
    );
}

/// Guards the coefficients against the law's: 0,4 for “Lao động tiên tiến” is said with the
/// article that sets 0,3, and a source citing another article is told.
#[test]
fn a_prize_coefficient_other_than_the_laws_is_said() {
    let mut d = load(BAC_NINH);
    d["awards"][0]["prize"] = json!({"individual": "0,4", "source": "Điều 54 Nghị định số 152/2025/NĐ-CP"});
    let found = problems(&d);
    assert!(found.iter().any(|p| p.starts_with("warning: awards[0].prize.individual: danh hiệu “Lao động tiên tiến”: coefficient 0,4, but điểm d khoản 1 Điều 50 Nghị định số 152/2025/NĐ-CP sets 0,3")), "{found:?}");
    assert!(found.iter().any(|p| p.starts_with("warning: awards[0].prize.source:")), "{found:?}");
}

/// Guards the packs: a Hà Nội dossier for “Công dân Thủ đô ưu tú” is reported on the city's
/// Mẫu số 01, its other titles on the national forms; Bắc Ninh's majority rule counts its
/// councils (no default said); a pack that does not exist is refused with the packs there are.
#[test]
fn a_provinces_pack_chooses_its_own_form_and_rules() {
    let hn = crate::common::check(&load(HA_NOI)).unwrap_or_else(|p| panic!("{p}"));
    let forms: Vec<String> = hn.outline().into_iter().map(|o| o.form).collect();
    assert!(forms.contains(&"bao-cao-cong-dan-thu-do-uu-tu".to_string()), "{forms:?}");
    let report = &ENGINE.template_data(&hn, "bao-cao-cong-dan-thu-do-uu-tu").unwrap()[0].data;
    assert_eq!(report["header"]["place_date"], "Hà Nội, ngày 05 tháng 3 năm 2026");
    assert_eq!(report["signers"].as_array().unwrap().len(), 4, "the city's form has four blocks");
    // The same unit proposing “Chiến sĩ thi đua cơ sở”: the national form.
    let mut d = load(HA_NOI);
    d["awards"][0]["name"] = json!("Chiến sĩ thi đua cơ sở");
    let c = crate::common::check(&d).unwrap_or_else(|p| panic!("{p}"));
    assert!(c.outline().iter().any(|o| o.form == "bao-cao-cong-trang-nd152"));

    let bn = load(BAC_NINH);
    assert!(notes(&bn).iter().all(|n| !n.contains("No rule is known")), "{:?}", notes(&bn));
    let mut moved = bn.clone();
    moved["agency"]["province"] = json!("Khánh Hòa");
    moved.as_object_mut().unwrap().remove("pack");
    assert!(notes(&moved).iter().any(|n| n.contains("No rule is known")), "outside Bắc Ninh the default decides");

    let mut d = bn.clone();
    d["pack"] = json!("bac-ninh-86");
    let found = problems(&d);
    assert!(
        found.iter().any(|p| p.starts_with(
            "error: pack: \"bac-ninh-86\" is not a form pack; the packs: bac-ninh-86-2025, ha-noi-71-2025"
        )),
        "{found:?}"
    );
}

/// Guards the reports of every kind of commendation: the đột xuất and cống hiến nominees of the
/// Bắc Ninh sample get their Decree 152/2025 reports; a kind no form serves is an error, not a
/// report silently missing.
#[test]
fn dot_xuat_and_cong_hien_reports_are_rendered() {
    let c = crate::common::check(&load(BAC_NINH)).unwrap_or_else(|p| panic!("{p}"));
    let forms: Vec<String> = c.outline().into_iter().map(|o| o.form).collect();
    for f in ["bao-cao-dot-xuat-nd152", "bao-cao-cong-hien-nd152", "bao-cao-cong-trang-nd152"] {
        assert!(forms.contains(&f.to_string()), "{f}: {forms:?}");
    }
    let unchecked = c.warnings.iter().find(|p| p.code == "form.unchecked-used").expect("the clerk is told");
    assert!(unchecked.message.contains("bao-cao-dot-xuat-nd152"), "{unchecked}");
    let mut d = load(BAC_NINH);
    d["awards"][2]["commendation"] = json!("nien_han");
    let found = problems(&d);
    assert!(
        found.iter().any(|p| p.starts_with(
            "error: nominees[4].report: no achievement report form serves Giấy khen (khen thưởng theo niên hạn)"
        )),
        "{found:?}"
    );
}

/// Guards `hoso new` for every kind of unit the law's data lists, and under a pack: each
/// starting dossier leaves only empty fields to fill, and cites the instruments in force exactly.
#[test]
fn every_kind_of_unit_starts_a_dossier() {
    let kinds = ENGINE.unit_kinds(None);
    assert!(kinds.len() >= 8, "{kinds:?}");
    for (kind, pack) in kinds.iter().map(|(k, _)| (k.as_str(), None)).chain([("xa", Some("bac-ninh-86-2025"))]) {
        let start = ENGINE.starter(kind, pack).unwrap_or_else(|e| panic!("{kind}: {e}"));
        let text = serde_json::to_string_pretty(&start.dossier).unwrap();
        let problems = ENGINE.check(&text).unwrap_err();
        for p in problems.iter().filter(|p| p.is_error()) {
            let pointer = format!("/{}", p.path.replace(['.', '['], "/").replace(']', ""));
            let v = start.dossier.pointer(&pointer).unwrap_or_else(|| panic!("{kind}: {p}"));
            let empty = v.as_str().is_some_and(str::is_empty) || v.as_array().is_some_and(Vec::is_empty);
            assert!(empty, "{kind}: only empty fields are reported: {p}");
        }
        assert!(!problems.iter().any(|p| p.code == "law.miscited"), "{kind}: {problems}");
        assert!(start.guide.contains("Luật Thi đua, khen thưởng số 06/2022/QH15"), "{kind}");
    }
    assert!(ENGINE.starter("khong-co", None).is_err());
}

/// Every word a form prints that stands for the law, and every instrument's citation, as a
/// golden: a change to any of them is seen in review (`HOSO_BLESS=1` rewrites it).
#[test]
fn every_forms_fixed_words_are_the_golden() {
    let mut out = String::new();
    for f in ENGINE.forms() {
        out += &format!("## {}{}\n", f.id, f.pack.as_ref().map(|p| format!(" (pack {p})")).unwrap_or_default());
        out += &format!(
            "legal_basis = {}\nform_number = {}\nofficial_title = {}\nchecked = {}\n",
            f.meta.legal_basis, f.meta.form_number, f.meta.official_title, f.meta.checked
        );
        for (k, v) in &f.meta.labels {
            out += &format!("label {k} = {v:?}\n");
        }
        for (k, v) in &f.meta.wording {
            out += &format!("wording {k} = {v:?}\n");
        }
        out += "\n";
    }
    out += "## instruments\n";
    for i in ENGINE.law().instruments() {
        out += &format!("{} [{:?}] {}\n", i.id, i.status, i.citation);
    }
    for p in ENGINE.packs() {
        for i in p.law().instruments() {
            out += &format!("{} [{:?}] {}\n", i.id, i.status, i.citation);
        }
    }
    golden("form-words.txt", &out);
}
