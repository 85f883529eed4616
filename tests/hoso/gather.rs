//! `hoso gather`: the receiving office's dossier from its units' dossiers — the sample office
//! folder of seven schools (one sends only its workbook), one late, one teacher proposed by two
//! schools, one already decided.

use serde_json::Value;

use crate::common::root;

fn office_dir() -> std::path::PathBuf {
    root().join("samples/tiep-nhan-xa-tay-khanh-vinh")
}

fn gathered() -> hoso::gather::Gathered {
    let engine = hoso::Engine::new().unwrap();
    let settings = hoso::gather::settings(&office_dir().join(hoso::gather::SETTINGS_FILE)).unwrap();
    hoso::gather::gather(&engine, &office_dir(), &settings, &hoso::gather::Options::default()).unwrap()
}

/// Guards the sample office: six schools taken (one from its workbook alone), the late one
/// refused with its dates, every problem across units named with its unit, file and JSON path,
/// and the gathered dossier's nominees keep their unit and letter.
#[test]
fn gather_sample_office_reports_every_problem_with_unit_and_path() {
    let g = gathered();
    let lines: Vec<String> = g
        .units
        .iter()
        .map(|u| {
            format!(
                "{} {} {} {}",
                u.file,
                u.taken,
                u.letter.clone().unwrap_or_default(),
                u.refused.as_ref().map(|r| r.to_string()).unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(g.units.len(), 7, "{lines:#?}");
    let late: Vec<&hoso::gather::Unit> = g.units.iter().filter(|u| u.refused.is_some()).collect();
    assert_eq!(late.len(), 1, "{lines:#?}");
    assert_eq!(late[0].file, "mnst/ho-so.json");
    assert!(late[0].refused.as_ref().unwrap().to_string().contains("12/06/2026"), "{lines:#?}");
    // The units in the office's order (co-quan.json "order"), the late one listed all the same.
    let files: Vec<&str> = g.units.iter().map(|u| u.file.as_str()).collect();
    assert_eq!(
        files,
        [
            "mnkt/ho-so.json",
            "mnst/ho-so.json",
            "mnkd/danh-sach.xlsx",
            "thkt/ho-so.json",
            "thkd/ho-so.json",
            "ththcsst/ho-so.json",
            "thcskt/ho-so.json"
        ]
    );
    let said: Vec<String> = g.findings.iter().map(|f| f.render(hoso::messages::Lang::Vi)).collect();
    assert_eq!(g.findings.len(), 2, "{said:#?}");
    let twice =
        g.findings.iter().find(|f| f.message.to_string().contains("cũng được")).expect("the teacher of two schools");
    assert_eq!((twice.file.as_str(), twice.path.as_str()), ("thcskt/ho-so.json", "nominees[28]"), "{said:#?}");
    assert!(twice.message.to_string().contains("Trường Tiểu học Khánh Thượng"), "{said:#?}");
    let decided =
        g.findings.iter().find(|f| f.message.to_string().contains("đã được quyết định")).expect("the register's entry");
    assert_eq!((decided.file.as_str(), decided.path.as_str()), ("thkt/ho-so.json", "nominees[1]"), "{said:#?}");
    assert!(decided.message.to_string().contains("41/QĐ-UBND"), "{said:#?}");
    // Every gathered nominee carries its unit and letter; the person_id is kept, never printed.
    let nominees = g.dossier["nominees"].as_array().unwrap();
    assert_eq!(nominees.len(), 43);
    assert!(nominees.iter().all(|n| n["origin"]["unit"].is_string() && n["origin"]["date"].is_string()));
    assert!(nominees.iter().any(|n| n["person_id"].is_string()));
    // Golden-book numbers run on from the register.
    assert_eq!(g.dossier["decisions"][0]["certificates"]["golden_book_start"], 119);
}

/// Guards the office's outputs: the gathered sample renders its decision (listed unit by unit,
/// each with its letter and subtotal in figures and words), a certificate per awardee, and its
/// letter upward; no document prints a person_id.
#[test]
fn gathered_sample_renders_decision_certificates_and_letter_upward() {
    let g = gathered();
    let checked = crate::common::check(&g.dossier).unwrap_or_else(|p| panic!("{p}"));
    let engine = hoso::Engine::new().unwrap();
    let rendered = engine.render(&checked, None).unwrap();
    let files: Vec<&str> = rendered.documents.iter().map(|d| d.file_name.as_str()).collect();
    let find = |prefix: &str| {
        rendered
            .documents
            .iter()
            .find(|d| d.file_name.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix} in {files:?}"))
    };
    let decision = crate::common::flat(&find("04-quyet-dinh").pdf);
    for unit in [
        "TRƯỜNG TIỂU HỌC KHÁNH THƯỢNG",
        "TRƯỜNG TRUNG HỌC CƠ SỞ KHÁNH THƯỢNG",
        "theo Tờ trình số 27/TTr-THKT ngày 25/05/2026",
    ] {
        assert!(decision.contains(unit), "{unit} in the decision");
    }
    assert!(!decision.contains("TRƯỜNG MẦM NON SƠN THÁI"), "the late school's nominees are not in the decision");
    assert!(decision.contains("Cộng:") && decision.contains("số tiền thưởng"), "subtotals per unit");
    let letter = crate::common::flat(&find("01-to-trinh").pdf);
    // (The note column is narrow and pdftotext interleaves the cells of a row.)
    assert!(
        letter.contains("Bằng khen")
            && letter.contains("Theo Tờ trình số")
            && letter.contains("19/TTr-")
            && letter.contains("THCSKT")
            && letter.contains("ngày 27/05/2026"),
        "the letter upward cites the unit's letter: {letter}"
    );
    let certificates = rendered
        .documents
        .iter()
        .filter(|d| d.file_name.starts_with("05-giay-khen-") && !d.file_name.contains("tat-ca"))
        .count();
    assert!(certificates >= 30, "{files:?}");
    let ids: Vec<String> = g.dossier["nominees"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["person_id"].as_str().map(str::to_string))
        .collect();
    for doc in &rendered.documents {
        let text = crate::common::flat(&doc.pdf);
        assert!(!ids.iter().any(|id| text.contains(id.as_str())), "{} prints a person_id", doc.file_name);
    }
}

/// Guards the command line: `hoso gather` writes the office's dossier and the receipt, says
/// each unit taken or not, and each problem with its file and path.
#[test]
fn gather_command_writes_dossier_and_receipt() {
    let out = tempfile::tempdir().unwrap();
    let run = crate::common::cli()
        .env("HOSO_LANG", "vi")
        .args(["gather"])
        .arg(office_dir())
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("mnst/ho-so.json: KHÔNG TIẾP NHẬN"), "{stderr}");
    assert!(stderr.contains("thcskt/ho-so.json → nominees[28]"), "{stderr}");
    let receipt: Value = serde_json::from_slice(&std::fs::read(out.path().join("tiep-nhan.json")).unwrap()).unwrap();
    assert_eq!(receipt["units"].as_array().unwrap().len(), 7);
    assert_eq!(receipt["findings"].as_array().unwrap().len(), 2);
    let dossier: Value = serde_json::from_slice(&std::fs::read(out.path().join("ho-so.json")).unwrap()).unwrap();
    assert_eq!(dossier["format"], "hoso/2");
    let check = crate::common::cli().arg("check").arg(out.path().join("ho-so.json")).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}

/// The sample school that sends only its workbook, as `hoso export` writes it from its dossier
/// (kept in tests/data, outside the office's folder).
fn workbook_unit_lists() -> hoso::lists::Lists {
    let path = crate::common::root().join("tests/data/mnkd-ho-so.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let checked = crate::common::ENGINE.check_in(&text, Some(path.parent().unwrap())).unwrap_or_else(|p| panic!("{p}"));
    hoso::lists::lists(&crate::common::ENGINE, &checked)
}

/// Guards the sample's workbook unit: `samples/tiep-nhan-xa-tay-khanh-vinh/mnkd/danh-sach.xlsx`
/// is what `hoso export` writes of `tests/data/mnkd-ho-so.json` today (HOSO_BLESS=1 rewrites it).
#[test]
fn sample_workbook_unit_is_current() {
    let bytes = hoso::lists::xlsx(&workbook_unit_lists()).unwrap();
    let path = office_dir().join("mnkd").join(hoso::lists::XLSX_FILE);
    if std::env::var_os("HOSO_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &bytes).unwrap();
    }
    assert!(std::fs::read(&path).unwrap() == bytes, "{} is stale: HOSO_BLESS=1 rewrites it", path.display());
}

/// Guards the workbook path of `hoso gather`: a unit that sends only its workbook is taken with
/// its letter from the info sheet, and a letter whose counts disagree with its list is said
/// with the info sheet's row; a bad cell refuses the unit with the cell's place.
#[test]
fn gather_takes_unit_workbook_and_checks_letter_counts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(office_dir().join(hoso::gather::SETTINGS_FILE), dir.path().join(hoso::gather::SETTINGS_FILE))
        .unwrap();
    let mut lists = workbook_unit_lists();
    let info = lists.sheets.iter_mut().find(|s| s.name == hoso::lists::INFO_SHEET).expect("an info sheet");
    let said = match info.rows[0][7] {
        hoso::lists::Cell::Count(n) => n,
        ref c => panic!("{c:?}"),
    };
    info.rows[0][7] = hoso::lists::Cell::Count(said + 2);
    std::fs::create_dir_all(dir.path().join("mnkd")).unwrap();
    std::fs::write(dir.path().join("mnkd/danh-sach.xlsx"), hoso::lists::xlsx(&lists).unwrap()).unwrap();
    let settings = hoso::gather::settings(&dir.path().join(hoso::gather::SETTINGS_FILE)).unwrap();
    let g =
        hoso::gather::gather(&crate::common::ENGINE, dir.path(), &settings, &hoso::gather::Options::default()).unwrap();
    let said_all: Vec<String> = g.findings.iter().map(|f| f.render(hoso::messages::Lang::Vi)).collect();
    assert_eq!(g.units.len(), 1, "{said_all:#?}");
    let u = &g.units[0];
    assert!(u.refused.is_none(), "{:?}", u.refused);
    assert_eq!((u.file.as_str(), u.abbreviation.as_str()), ("mnkd/danh-sach.xlsx", "MNKĐ"));
    assert_eq!(u.letter.as_deref(), Some("theo Tờ trình số 09/TTr-MNKĐ ngày 27/05/2026"));
    assert_eq!(u.taken, lists.sheets.iter().find(|s| s.name == "Tờ trình 1").unwrap().rows.len());
    let count = g.findings.iter().find(|f| f.message.to_string().contains("cá nhân")).expect("the counts");
    assert_eq!(count.path, "Thông tin!2", "{said_all:#?}");
    assert!(count.message.to_string().contains(&format!("{}", said + 2)), "{said_all:#?}");
    let nominees = g.dossier["nominees"].as_array().unwrap();
    assert!(
        nominees
            .iter()
            .all(|n| n["origin"]["abbreviation"] == "MNKĐ" && n["id"].as_str().unwrap().starts_with("mnkd-"))
    );

    // A bad cell: the unit is refused, the cell named as the clerk finds it.
    let list = lists.sheets.iter_mut().find(|s| s.name == "Tờ trình 1").unwrap();
    list.rows[0][7] = hoso::lists::Cell::Text("Nữ giới tính?".into());
    std::fs::write(dir.path().join("mnkd/danh-sach.xlsx"), hoso::lists::xlsx(&lists).unwrap()).unwrap();
    let g =
        hoso::gather::gather(&crate::common::ENGINE, dir.path(), &settings, &hoso::gather::Options::default()).unwrap();
    assert!(g.units[0].refused.is_some());
    let said_all: Vec<String> = g.findings.iter().map(|f| f.render(hoso::messages::Lang::Vi)).collect();
    assert!(g.findings.iter().any(|f| f.path.starts_with("Tờ trình 1!H")), "{said_all:#?}");
}

/// Guards what goes back to the units: the gathered sample's export has one result sheet per
/// unit taken, each title it proposed with whether the office's decision gave it, the
/// decision's number and date, the prize and the golden-book number running on from the
/// register.
#[test]
fn gathered_export_sends_each_unit_its_results() {
    let g = gathered();
    let checked = crate::common::check(&g.dossier).unwrap_or_else(|p| panic!("{p}"));
    let lists = hoso::lists::lists(&crate::common::ENGINE, &checked);
    let stems: Vec<&str> = lists.results.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(stems, ["mnkt", "mnkd", "thkt", "thkd", "ththcsst", "thcskt"]);
    let (_, thkt) = &lists.results[2];
    assert!(thkt.title.iter().any(|t| t.contains("27/TTr-THKT")), "{:?}", thkt.title);
    let given: Vec<&Vec<hoso::lists::Cell>> =
        thkt.rows.iter().filter(|r| r[5] == hoso::lists::Cell::Text("Được khen thưởng".into())).collect();
    assert!(!given.is_empty(), "{:?}", thkt.rows);
    for r in &given {
        assert!(r[6].text().contains("/QĐ-"), "{r:?}");
    }
    let golden: Vec<u32> = lists
        .results
        .iter()
        .flat_map(|(_, s)| s.rows.iter())
        .filter_map(|r| if let hoso::lists::Cell::Count(n) = r[8] { Some(n) } else { None })
        .collect();
    assert!(golden.contains(&119), "golden-book numbers run on from the register: {golden:?}");
    // Each unit's own ids, as its dossier gave them.
    assert!(thkt.rows.iter().all(|r| !r[1].text().starts_with("thkt-")), "{:?}", thkt.rows);
    // The unit's workbook is one sheet, written the same twice.
    let a = hoso::lists::workbook(std::slice::from_ref(thkt), lists.date).unwrap();
    assert_eq!(a, hoso::lists::workbook(std::slice::from_ref(thkt), lists.date).unwrap());
}

/// Guards the check of two emulation titles for one year: a person the office's register already
/// holds as "Lao động tiên tiến" for the year is proposed for "Chiến sĩ thi đua cơ sở" for it,
/// and the office is warned, with the law's rule and its source, that only the highest title's
/// prize is paid; the same person under another year is not.
#[test]
fn gather_warns_of_a_second_title_for_the_same_year() {
    let g = gathered();
    let person = g.dossier["nominees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| {
            n["awards"].as_array().unwrap().iter().any(|a| a == "chien-si-thi-dua-co-so") && n["birth_date"].is_string()
        })
        .expect("a nominee for Chiến sĩ thi đua cơ sở")
        .clone();
    let year: i32 = person["origin"]["date"].as_str().unwrap()[6..].parse().unwrap();
    let mut settings = hoso::gather::settings(&office_dir().join(hoso::gather::SETTINGS_FILE)).unwrap();
    settings.dossier["awards"].as_array_mut().unwrap().push(serde_json::json!({
        "id": "lao-dong-tien-tien", "kind": "title", "name": "Lao động tiên tiến", "for": "individual",
        "authority": "ct-ubnd-xa", "report": false
    }));
    let entry = |year: i32| {
        serde_json::from_value::<hoso::gather::Decided>(serde_json::json!({
            "name": person["name"], "birth_date": person["birth_date"], "award": "Lao động tiên tiến",
            "year": year, "issuer": "UBND", "number": 150, "date": format!("20/05/{year}")
        }))
        .unwrap()
    };
    settings.register.push(entry(year));
    let engine = &crate::common::ENGINE;
    let g = hoso::gather::gather(engine, &office_dir(), &settings, &hoso::gather::Options::default()).unwrap();
    let said: Vec<String> = g.findings.iter().map(|f| f.render(hoso::messages::Lang::En)).collect();
    let name = person["name"].as_str().unwrap();
    let found: Vec<&String> =
        said.iter().filter(|f| f.contains(name) && f.contains("highest title's prize only")).collect();
    assert_eq!(found.len(), 1, "{said:#?}");
    assert!(
        found[0].starts_with("Warning") && found[0].contains("khoản 5 Điều 49 Nghị định số 152/2025/NĐ-CP"),
        "{found:#?}"
    );
    assert!(found[0].contains("nominees["), "{found:#?}");

    settings.register.pop();
    settings.register.push(entry(year - 1));
    let g = hoso::gather::gather(engine, &office_dir(), &settings, &hoso::gather::Options::default()).unwrap();
    let said: Vec<String> = g.findings.iter().map(|f| f.render(hoso::messages::Lang::En)).collect();
    assert!(!said.iter().any(|f| f.contains("highest title's prize only")), "{said:#?}");
}

/// Guards against files dropped unsaid: a workbook without the info sheet (not a unit's lists
/// as `hoso export` writes them) and a JSON file without the format mark are each named in a
/// warning with its file, and read as nothing.
#[test]
fn gather_names_every_file_it_does_not_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(office_dir().join(hoso::gather::SETTINGS_FILE), dir.path().join(hoso::gather::SETTINGS_FILE))
        .unwrap();
    let mut lists = workbook_unit_lists();
    lists.sheets.retain(|s| s.name != hoso::lists::INFO_SHEET);
    std::fs::create_dir_all(dir.path().join("khac")).unwrap();
    std::fs::write(dir.path().join("khac/bang-tinh.xlsx"), hoso::lists::xlsx(&lists).unwrap()).unwrap();
    std::fs::write(dir.path().join("khac/ghi-chu.json"), r#"{"ghi_chu": "không phải hồ sơ"}"#).unwrap();
    let settings = hoso::gather::settings(&dir.path().join(hoso::gather::SETTINGS_FILE)).unwrap();
    let g =
        hoso::gather::gather(&crate::common::ENGINE, dir.path(), &settings, &hoso::gather::Options::default()).unwrap();
    let said: Vec<String> = g.findings.iter().map(|f| f.render(hoso::messages::Lang::En)).collect();
    assert!(g.units.is_empty(), "{:?}", g.units);
    assert_eq!(said.len(), 2, "{said:#?}");
    let said_of = |file: &str, words: &str| {
        said.iter().any(|f| f.starts_with("Warning") && f.contains(&format!("({file})")) && f.contains(words))
    };
    assert!(said_of("khac/bang-tinh.xlsx", "\"Thông tin\""), "{said:#?}");
    assert!(said_of("khac/ghi-chu.json", "format mark"), "{said:#?}");
}
