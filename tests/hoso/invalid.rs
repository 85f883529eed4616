//! Every class of invalid input is refused with its JSON path, the offending value and a
//! hint; and all problems of a dossier come back together.

use serde_json::json;

use crate::common::{ENGINE, golden, problems, refused, sample};

#[test]
fn sample_is_valid() {
    assert_eq!(problems(&sample()), Vec::<String>::new());
}

#[test]
fn wrong_type_names_path_and_value() {
    refused(|d| d["agency"]["name"] = json!(12), "error: agency.name: expected text, found a whole number 12");
    refused(|d| d["nominees"][1]["summary"] = json!(["a"]), "error: nominees[1].summary: expected text, found a list");
    refused(
        |d| d["proposals"][0]["addressees"] = json!("Giám đốc Sở"),
        "error: proposals[0].addressees: expected a list, found text \"Giám đốc Sở\"",
    );
}

#[test]
fn missing_field_has_a_hint() {
    let found = refused(
        |d| d["agency"].as_object_mut().unwrap().remove("place").map(drop).unwrap(),
        "error: agency.place: is missing",
    );
    assert!(found.iter().any(|p| p.contains("hint: Place name written before the date")), "{found:?}");
}

#[test]
fn impossible_date() {
    let found = refused(
        |d| d["nominees"][3]["birth_date"] = json!("31/02/1985"),
        "error: nominees[3].birth_date: 31/02/1985 is not a date",
    );
    assert!(found[0].contains("hint: that day does not exist"), "{found:?}");
    refused(
        |d| d["proposals"][0]["date"] = json!("2023-12-5x"),
        "error: proposals[0].date: 2023-12-5x is not a date\n  hint: write dates as dd/mm/yyyy",
    );
    refused(|d| d["minutes"]["start"] = json!("25:00"), "error: minutes.start: 25:00 is not a time of day");
}

#[test]
fn bad_document_numbers() {
    refused(
        |d| d["proposals"][0]["number"] = json!("5a"),
        "error: proposals[0].number: \"5a\" is not a document number",
    );
    refused(
        |d| d["proposals"][0]["number"] = json!(0),
        "error: proposals[0].number: 0 is not a document number (1 to 99999)",
    );
    refused(
        |d| d["proposals"][0]["number"] = json!(-3),
        "error: proposals[0].number: -3 is not a whole positive number",
    );
    refused(|d| d["proposals"][0]["number"] = json!("05/TTr-TCNDTNT"), "hint: give the registration number alone");
    refused(
        |d| d["agency"]["abbreviation"] = json!("TC ND"),
        "error: agency.abbreviation: \"TC ND\" is not an abbreviation usable in a document symbol",
    );
}

#[test]
fn empty_nominee_list() {
    refused(|d| d["nominees"] = json!([]), "error: nominees: the list is empty");
}

#[test]
fn legacy_encodings() {
    refused(
        |d| d["nominees"][0]["name"] = json!("Phßng §µo t\u{ad}¹o"),
        "error: nominees[0].name: \"Phßng §µo t\u{ad}¹o\" looks like text typed in the legacy TCVN3 (ABC) encoding",
    );
    let found = refused(
        |d| d["agency"]["name"] = json!("Tröôøng Trung caáp ngheà"),
        "error: agency.name: \"Tröôøng Trung caáp ngheà\" looks like text typed in the legacy VNI Windows encoding",
    );
    assert!(found.iter().any(|p| p.contains("hint: convert it to Unicode")));
}

#[test]
fn glyphs_the_font_lacks() {
    refused(
        |d| d["nominees"][2]["summary"] = json!("Ủng hộ 中 quỹ"),
        "error: nominees[2].summary: the font has no glyph for '中' (U+4E2D)",
    );
}

#[test]
fn json_syntax_error_has_line_and_column() {
    let text = "{\n  \"format\": \"hoso/1\",\n  \"agency\": {\n    \"name\": \"A\"\n    \"place\": \"B\"\n  }\n}";
    let p = ENGINE.check(text).expect_err("refused");
    let all = p.in_language(hoso::messages::Lang::En).to_string();
    assert!(all.starts_with("error: invalid JSON at line 5, column 5: expected `,` or `}`"), "{all}");
}

#[test]
fn unknown_fields_and_values_suggest_the_right_one() {
    refused(
        |d| d["agency"]["nam"] = json!("x"),
        "error: agency.nam: is not a field of this format\n  hint: did you mean `name`?",
    );
    refused(
        |d| d["nominees"][0]["kind"] = json!("colective"),
        "error: nominees[0].kind: \"colective\" is not one of \"collective\", \"individual\", \"household\"\n  hint: did you mean \"collective\"?",
    );
    refused(|d| d["proposals"][0]["signer"]["prefix"] = json!("KT"), "hint: did you mean \"KT.\"?");
    refused(
        |d| d["wording"] = json!({"to-trinh": {"requets": "x"}}),
        "error: wording.to-trinh.requets: is not a wording key of form \"to-trinh\"\n  hint: did you mean `request`?",
    );
    // A key given to the wrong form says which forms have it.
    refused(
        |d| d["wording"] = json!({"bien-ban": {"request": "x"}}),
        "error: wording.bien-ban.request: is not a wording key of form \"bien-ban\"\n  hint: `request` belongs to: to-trinh",
    );
    refused(
        |d| d["wording"] = json!({"to-trinhh": {"request": "x"}}),
        "error: wording.to-trinhh: \"to-trinhh\" is not a form\n  hint: did you mean \"to-trinh\"?",
    );
    refused(
        |d| d["labels"] = json!({"bien-ban": {"col_votez": "x"}}),
        "error: labels.bien-ban.col_votez: is not a label of form \"bien-ban\"\n  hint: did you mean `col_votes`?",
    );
}

#[test]
fn semantic_rules() {
    refused(
        |d| d["proposals"][0]["signer"]["prefix"] = json!("KT."),
        "error: proposals[0].signer.on_behalf_of: is missing: \"KT.\" needs the head or body signed for",
    );
    refused(
        |d| d["nominees"][4]["id"] = json!("tran-van-binh"),
        "error: nominees[4].id: \"tran-van-binh\" is already the id of nominees[3]",
    );
    refused(
        |d| d["nominees"][2].as_object_mut().unwrap().remove("unit").map(drop).unwrap(),
        "error: nominees[2].unit: is missing: an individual's unit",
    );
    refused(
        |d| d["nominees"][0]["birth_date"] = json!("01/01/1990"),
        "error: nominees[0].birth_date: belongs to individuals, not to a collective",
    );
    refused(
        |d| d["minutes"]["rounds"][0]["votes"][0]["nominee"] = json!("khoa-nong-lam-nghiep-x"),
        "hint: did you mean \"khoa-nong-lam-nghiep\"?",
    );
}

#[test]
fn wording_errors_point_at_the_override() {
    refused(
        |d| d["wording"] = json!({"to-trinh": {"request": "{{ agency.nam }} kính đề nghị"}}),
        "error: wording.to-trinh.request: `agency.nam` is not a variable here; `agency` has: abbreviation, name, parent, place",
    );
    refused(
        |d| d["wording"] = json!({"to-trinh": {"summary": "Về việc đề nghị tặng {{ award.titel }}"}}),
        "error: wording.to-trinh.summary: `award.titel` is not a variable here; `award` has: grantor, name, title",
    );
}

/// Guards the scoping of wording: a file name given to the letter renames the letter only,
/// and the letter's summary does not retitle the minutes (v1 applied a key to every form).
#[test]
fn wording_is_scoped_to_its_form() {
    let mut d = sample();
    d["wording"] = json!({"to-trinh": {"file_name": "to-trinh-rieng", "summary": "Về việc đề nghị riêng"}});
    let docs = crate::common::render(&d);
    let names: Vec<&str> = docs.iter().map(|d| d.file_name.as_str()).collect();
    assert_eq!(names[0], "to-trinh-rieng.pdf");
    assert_eq!(names[1], "02-bien-ban-hop-hoi-dong.pdf");
    assert!(names[2].starts_with("03-bao-cao-01"), "{names:?}");
    let checked = crate::common::check(&d).unwrap();
    let minutes = ENGINE.template_data(&checked, "bien-ban").unwrap();
    assert!(
        minutes[0].data["title"]["summary"]
            .as_str()
            .unwrap()
            .replace('\u{a0}', " ")
            .starts_with("Họp Hội đồng Thi đua")
    );
}

/// A dossier with one of each problem: all of them come back at once, in a stable order.
#[test]
fn every_problem_is_reported_at_once() {
    let mut d = sample();
    d["agency"]["name"] = json!(12);
    d["agency"].as_object_mut().unwrap().remove("place");
    d["agency"]["nam"] = json!("x");
    d["proposals"][0]["number"] = json!("5a");
    d["proposals"][0]["date"] = json!("31/02/2023");
    d["nominees"][3]["birth_date"] = json!("31/02/1985");
    d["nominees"][0]["name"] = json!("Phßng §µo t\u{ad}¹o");
    d["nominees"][1]["kind"] = json!("tap the");
    let found = problems(&d);
    assert_eq!(found.iter().filter(|p| p.starts_with("error:")).count(), 8, "{}", found.join("\n"));
    golden("errors.txt", &(found.join("\n") + "\n"));
    // The same problems as a Vietnamese clerk reads them (the library's default language).
    let vi = crate::common::problems_in(&d, hoso::messages::Lang::Vi);
    golden("errors.vi.txt", &(vi.join("\n") + "\n"));
}

/// Guards the bound on money: an amount past `MAX_AMOUNT` is refused with its JSON path (exit 1
/// from the command line), never a panic or a wrapped total.
#[test]
fn an_amount_past_the_bound_is_refused_with_its_path() {
    let over = hoso::dossier::MAX_AMOUNT + 1;
    let found = refused(
        |d| d["nominees"][0]["report"]["contributions"][0]["amount"] = json!(over),
        &format!("error: nominees[0].report.contributions[0].amount: {over} is above the maximum"),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    refused(
        |d| d["nominees"][0]["report"]["contributions"][0]["amount"] = json!(18_446_744_073_709_551_615u64),
        "error: nominees[0].report.contributions[0].amount: 18446744073709551615 is above the maximum",
    );
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_sample_files(dir.path());
    let mut d = sample();
    d["nominees"][0]["report"]["contributions"][0]["amount"] = json!(over);
    let path = dir.path().join("ho-so.json");
    std::fs::write(&path, d.to_string()).unwrap();
    let o = crate::common::cli()
        .args(["render", path.to_str().unwrap(), "-o", dir.path().join("out").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("nominees[0].report.contributions[0].amount"));
    assert!(!dir.path().join("out").exists(), "nothing written");
}

/// At the bound, amounts print and add up exactly, in figures and in words.
#[test]
fn the_largest_amounts_total_exactly() {
    crate::needs_checkers!();
    let mut d = sample();
    let max = hoso::dossier::MAX_AMOUNT;
    d["nominees"][0]["report"]["contributions"] = json!([
        {"description": "Đóng góp thứ nhất", "amount": max},
        {"description": "Đóng góp thứ hai", "amount": max},
    ]);
    let docs = crate::common::render(&d);
    let report = docs.iter().find(|doc| doc.file_name.starts_with("03-bao-cao-01")).unwrap();
    let text = crate::common::flat(&report.pdf);
    assert!(text.contains("999.999.999.999 đồng (Chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng)"), "{text}");
    assert!(text.contains("Tổng cộng: 1.999.999.999.998 đồng (Một nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi tám đồng)."), "{text}");
}

/// Guards the bounds on counts: more council members, votes or nominees than the schema
/// allows are refused with their paths.
#[test]
fn counts_past_their_bounds_are_refused() {
    refused(
        |d| d["minutes"]["total_members"] = json!(501),
        "error: minutes.total_members: 501 is above the maximum 500",
    );
    refused(
        |d| d["minutes"]["rounds"][0]["votes"][0]["in_favour"] = json!(4_000_000_000u64),
        "error: minutes.rounds[0].votes[0].in_favour:",
    );
}

/// Guards the hints for the mistakes clerks make: "Nữ"/"Nam" for the gender, a number typed
/// with thousands dots, a date Excel turned into a serial number.
#[test]
fn clerks_mistakes_get_a_hint_that_fixes_them() {
    let first_individual = |d: &serde_json::Value| {
        d["nominees"].as_array().unwrap().iter().position(|n| n["kind"] == "individual").unwrap()
    };
    let found = crate::common::refused(
        |d| {
            let i = first_individual(d);
            d["nominees"][i]["gender"] = serde_json::json!("Nữ");
        },
        "hint: write \"female\"",
    );
    assert!(found.iter().any(|p| p.contains("\"Nữ\" is \"female\"")), "{found:?}");
    crate::common::refused(
        |d| d["minutes"]["rounds"][0]["votes"][0]["in_favour"] = serde_json::json!("1.200"),
        "hint: write the number without dots, commas or spaces: 1200",
    );
    crate::common::refused(
        |d| {
            let i = first_individual(d);
            d["nominees"][i]["birth_date"] = serde_json::json!(31021);
        },
        "(31021 is 05/12/1984); write it as text: \"05/12/1984\"",
    );
}

/// Guards where a problem is, as the clerk finds it: the line and column of the value in the
/// file, and the place in words with positions from 1 and the nominee's name.
#[test]
fn problems_say_the_line_column_and_place_a_clerk_reads() {
    let mut d = sample();
    d["nominees"][3]["birth_date"] = json!("31/02/1985");
    let text = serde_json::to_string_pretty(&d).unwrap();
    let line = text.lines().position(|l| l.contains("31/02/1985")).unwrap() + 1;
    let row = text.lines().nth(line - 1).unwrap();
    let column = row[..row.find("\"31/02/1985\"").unwrap()].chars().count() + 1;
    let problems = ENGINE.check(&text).unwrap_err();
    let p = problems.iter().find(|p| p.path == "nominees[3].birth_date").unwrap();
    assert_eq!((p.line, p.column), (Some(line), Some(column)));
    let name = d["nominees"][3]["name"].as_str().unwrap();
    assert_eq!(p.place.as_deref(), Some(format!("người được đề nghị thứ 4 ({name}), ngày sinh").as_str()));
    assert!(
        p.to_string()
            .ends_with(&format!("\n  vị trí: dòng {line}, cột {column}: người được đề nghị thứ 4 ({name}), ngày sinh")),
        "{p}"
    );
    let en = p.clone().in_language(hoso::messages::Lang::En);
    assert!(
        en.to_string().ends_with(&format!("\n  at: line {line}, column {column}: nominee 4 ({name}), birth date")),
        "{en}"
    );
}

/// Guards names typed without diacritics: a warning (the documents print names as given), for
/// nominees, council members and signers; names of minorities written in plain letters ("Mang
/// Ka", "Bo Bo Yen") are not flagged.
#[test]
fn names_without_diacritics_are_warned_about() {
    let mut d = sample();
    let i = d["nominees"].as_array().unwrap().iter().position(|n| n["kind"] == "individual").unwrap();
    d["nominees"][i]["name"] = json!("Nguyen Thi Hong Nhung");
    d["minutes"]["members"][1]["name"] = json!("Tran Van Binh");
    let checked =
        ENGINE.check_in(&d.to_string(), Some(&crate::common::samples_dir())).expect("a warning, not an error");
    let warnings: Vec<String> =
        checked.warnings.clone().in_language(hoso::messages::Lang::En).iter().map(|w| w.to_string()).collect();
    assert!(
        warnings.iter().any(
            |w| w.contains(&format!("nominees[{i}].name: \"Nguyen Thi Hong Nhung\" is written without diacritics"))
        ),
        "{warnings:?}"
    );
    assert!(warnings.iter().any(|w| w.contains("minutes.members[1].name")), "{warnings:?}");
    let mut ok = sample();
    ok["nominees"][i]["name"] = json!("Mang Ka");
    let checked = ENGINE.check_in(&ok.to_string(), Some(&crate::common::samples_dir())).unwrap();
    assert!(checked.warnings.iter().all(|w| !w.to_string().contains("diacritics")));
}

/// Guards the problems that came in stages (fixing the votes revealed the missing reports, a
/// wrong shape hid every rule): a dossier with an empty name, votes below the rule and a
/// report left out lists all of them at once.
#[test]
fn no_stage_hides_the_next() {
    let mut d = sample();
    d["agency"]["place"] = json!("");
    d["minutes"]["rounds"][0]["votes"][0]["in_favour"] = json!(1);
    let failed = d["minutes"]["rounds"][0]["votes"][0]["nominee"].clone();
    let k =
        d["nominees"].as_array().unwrap().iter().position(|n| n.get("report").is_some() && n["id"] != failed).unwrap();
    d["nominees"][k].as_object_mut().unwrap().remove("report");
    let found = problems(&d);
    assert!(found.iter().any(|p| p.starts_with("error: agency.place")), "{found:?}");
    assert!(
        found.iter().any(|p| p.contains(&format!("nominees[{k}].report"))),
        "the rules run despite the shape: {found:?}"
    );
}

/// Guards the preview that waited six and a half minutes for a first dossier: a starting dossier
/// with every name, date and number empty is a draft whose documents lay out, the clerk's date
/// standing in for the dates; `check` refuses the same text.
#[test]
fn a_starter_previews_as_a_draft_from_the_first_minute() {
    let starter = ENGINE.starter("xa", None).unwrap();
    let text = serde_json::to_string(&starter.dossier).unwrap();
    assert!(ENGINE.check(&text).is_err());
    let today = hoso::dossier::Date::parse("02/12/2026").unwrap();
    assert!(ENGINE.draft(&text, None, None, &hoso::Cancel::new()).is_err(), "without a date for the blanks, no draft");
    let draft = ENGINE.draft(&text, None, Some(today), &hoso::Cancel::new()).unwrap();
    assert!(draft.is_draft());
    // Nobody is proposed yet: the minutes lay out (a letter waits for its first nominee).
    let outline = draft.outline();
    assert!(outline.iter().any(|o| o.form == "bien-ban"), "{outline:?}");
    let rendered = ENGINE.render(&draft, Some("bien-ban")).unwrap();
    assert!(rendered.documents[0].pdf.starts_with(b"%PDF"));
    assert!(draft.warnings.iter().any(|p| p.path == "agency.name"), "the problems are all there");
}

/// Guards the draft that a missing required field (a nominee's summary not yet written) kept
/// from the preview: the field is taken as blank for the draft, and still said.
#[test]
fn a_missing_field_still_drafts() {
    let mut d = sample();
    let n = d["nominees"][2].as_object_mut().unwrap();
    n.remove("summary");
    n.remove("awards");
    let text = d.to_string();
    let today = hoso::dossier::Date::parse("02/12/2026").unwrap();
    let draft = ENGINE.draft(&text, Some(&crate::common::samples_dir()), Some(today), &hoso::Cancel::new()).unwrap();
    assert!(draft.is_draft());
    assert!(draft.warnings.iter().any(|p| p.path == "nominees[2].summary" && p.is_error()), "{}", draft.warnings);
    assert!(!draft.outline().is_empty());
}
