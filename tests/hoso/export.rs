//! `hoso export`: a dossier's lists as a workbook with typed cells and a Word document, read
//! back by `hoso import` without loss and opened by LibreOffice.

use serde_json::{Value, json};

use crate::common::{ENGINE, check, sample_paths};

/// The fields a list carries of a nominee (what `hoso import` reads back).
const LIST_FIELDS: [&str; 11] =
    ["id", "kind", "name", "position", "unit", "birth_date", "gender", "summary", "note", "awards", "person_id"];

fn lists_of(dossier: &Value) -> hoso::lists::Lists {
    let checked = check(dossier).unwrap_or_else(|p| panic!("{p}"));
    hoso::lists::lists(&ENGINE, &checked)
}

fn sheet<'a>(sheets: &'a [hoso::import::Sheet], name: &str) -> &'a hoso::import::Sheet {
    sheets.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no sheet {name}"))
}

/// `dossier` with `sheet` of `bytes` merged into it, as `hoso import` merges it.
fn imported(dossier: &Value, bytes: &[u8], name: &str) -> (Value, hoso::import::Imported) {
    let sheets = hoso::import::read_bytes(bytes, "xlsx").unwrap();
    let mut out = dossier.clone();
    let got = hoso::import::nominees(sheet(&sheets, name), &[], &hoso::import::awards_of(dossier));
    hoso::import::merge(&mut out, &got);
    (out, got)
}

fn list_fields(n: &Value) -> Value {
    let mut m = serde_json::Map::new();
    for k in LIST_FIELDS {
        if let Some(v) = n.get(k) {
            m.insert(k.into(), v.clone());
        }
    }
    Value::Object(m)
}

/// Guards the round trip: for every shipped sample, the exported nominee sheet imported into
/// the dossier leaves it unchanged, imported into the dossier without nominees gives back every
/// nominee's list fields in order, and the votes sheet gives back every vote count.
#[test]
fn export_xlsx_imports_back_unchanged() {
    for path in sample_paths() {
        let dossier: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if check(&dossier).is_err() {
            continue;
        }
        let lists = lists_of(&dossier);
        let bytes = hoso::lists::xlsx(&lists).unwrap();
        let (same, got) = imported(&dossier, &bytes, hoso::lists::NOMINEES_SHEET);
        assert!(got.problems.is_empty(), "{}: {:?}", path.display(), got.problems);
        assert_eq!(got.ignored(), ["A (STT)"], "{}: every column but the row number read back", path.display());
        assert_eq!(same, dossier, "{}: the nominee sheet changes nothing", path.display());
        let mut empty = dossier.clone();
        empty["nominees"] = json!([]);
        let (back, _) = imported(&empty, &bytes, hoso::lists::NOMINEES_SHEET);
        let want: Vec<Value> = dossier["nominees"].as_array().unwrap().iter().map(list_fields).collect();
        let have: Vec<Value> = back["nominees"].as_array().unwrap().iter().map(list_fields).collect();
        assert_eq!(have, want, "{}: every nominee back from the sheet", path.display());
        if dossier["minutes"]["rounds"].as_array().is_some_and(|r| !r.is_empty()) {
            let (same, got) = imported(&dossier, &bytes, hoso::lists::VOTES_SHEET);
            assert!(got.problems.is_empty(), "{}: {:?}", path.display(), got.problems);
            assert_eq!(same, dossier, "{}: the votes sheet changes nothing", path.display());
            let mut unvoted = dossier.clone();
            for r in unvoted["minutes"]["rounds"].as_array_mut().unwrap() {
                r["votes"] = json!([]);
            }
            let (back, _) = imported(&unvoted, &bytes, hoso::lists::VOTES_SHEET);
            for (r, b) in dossier["minutes"]["rounds"]
                .as_array()
                .unwrap()
                .iter()
                .zip(back["minutes"]["rounds"].as_array().unwrap())
            {
                let key = |v: &Value| {
                    let mut v: Vec<(String, u64)> = v["votes"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|x| (x["nominee"].as_str().unwrap().to_string(), x["in_favour"].as_u64().unwrap()))
                        .collect();
                    v.sort();
                    v
                };
                assert_eq!(key(b), key(r), "{}: the votes of {}", path.display(), r["award"]);
            }
        }
    }
}

/// Guards the typed cells: dates are date cells, amounts numbers, the total a formula whose
/// cached value is the decision's total; the files are the same bytes for the same dossier.
#[test]
fn export_cells_are_typed_and_bytes_repeat() {
    let dossier = crate::common::sample();
    let lists = lists_of(&dossier);
    let bytes = hoso::lists::xlsx(&lists).unwrap();
    assert_eq!(bytes, hoso::lists::xlsx(&lists_of(&dossier)).unwrap(), "the same workbook twice");
    let docx = hoso::lists::docx(&lists).unwrap();
    assert_eq!(docx, hoso::lists::docx(&lists_of(&dossier)).unwrap(), "the same document twice");
    let sheets = hoso::import::read_bytes(&bytes, "xlsx").unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names[0], hoso::lists::NOMINEES_SHEET, "{names:?}");
    let nominees = sheet(&sheets, hoso::lists::NOMINEES_SHEET);
    assert!(
        nominees.rows.iter().flatten().any(|c| matches!(c, hoso::import::Cell::Date(_))),
        "birth dates are date cells"
    );
    if let Some(dec) = sheets.iter().find(|s| s.name.starts_with("Quyết định")) {
        let amounts: Vec<f64> = dec
            .rows
            .iter()
            .filter_map(|r| if let Some(hoso::import::Cell::Number(x)) = r.last() { Some(*x) } else { None })
            .collect();
        assert!(amounts.len() >= 2, "{:?}", dec.rows);
        let (total, rest) = amounts.split_last().unwrap();
        assert_eq!(*total, rest.iter().sum::<f64>(), "the total row sums the prizes");
    }
    // The header rows repeat on every page of the .docx.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("<w:tblHeader />"), "header rows repeat");
    assert!(xml.contains("Times New Roman"));
}

/// Guards the files another office opens: LibreOffice converts the workbook and the document
/// to PDF (headless), and the PDFs show the list's headers and names.
#[test]
fn export_opens_in_libreoffice() {
    crate::needs_checkers!();
    let dossier = crate::common::sample();
    let lists = lists_of(&dossier);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("danh-sach.xlsx"), hoso::lists::xlsx(&lists).unwrap()).unwrap();
    std::fs::write(dir.path().join("danh-sach.docx"), hoso::lists::docx(&lists).unwrap()).unwrap();
    let profile = dir.path().join("profile");
    for (file, pdf) in [("danh-sach.xlsx", "danh-sach.pdf"), ("danh-sach.docx", "danh-sach.pdf")] {
        let run = std::process::Command::new("soffice")
            .arg(format!("-env:UserInstallation=file://{}", profile.display()))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path().join("pdf").join(file))
            .arg(dir.path().join(file))
            .output()
            .expect("soffice (libreoffice-writer, libreoffice-calc) is installed");
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let bytes = std::fs::read(dir.path().join("pdf").join(file).join(pdf)).unwrap();
        let text = crate::common::flat(&bytes);
        // (Names wrap in the narrow columns of the printed list; its title and total do not.)
        let want: &[&str] = if file.ends_with("xlsx") {
            &["Tóm tắt thành tích", "Ngày sinh", dossier["nominees"][0]["name"].as_str().unwrap()]
        } else {
            &["DANH SÁCH ĐỀ NGHỊ", "STT", "Tổng cộng"]
        };
        for w in want {
            assert!(text.contains(w), "{file}: {w} in {text}");
        }
    }
}

/// Guards the command: `hoso export` writes both files; a dossier that does not check writes
/// nothing and says why.
#[test]
fn export_command_writes_both_files_or_nothing() {
    let out = tempfile::tempdir().unwrap();
    let run = crate::common::cli()
        .env("HOSO_LANG", "vi")
        .arg("export")
        .arg(crate::common::sample_path())
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("danh-sach.xlsx") && stderr.contains("Danh sách"), "{stderr}");
    for f in [hoso::lists::XLSX_FILE, hoso::lists::DOCX_FILE] {
        assert!(out.path().join(f).is_file(), "{f}");
    }
    let mut broken = crate::common::sample();
    broken["nominees"][0]["name"] = json!("");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ho-so.json");
    std::fs::write(&file, broken.to_string()).unwrap();
    let empty = dir.path().join("out");
    let run =
        crate::common::cli().env("HOSO_LANG", "vi").arg("export").arg(&file).arg("-o").arg(&empty).output().unwrap();
    assert!(!run.status.success());
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("nominees[0].name"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(!empty.exists(), "nothing written");
}

/// Guards the votes sheet of a nominee proposed for two titles whose count for one is not yet
/// in: importing the sheet keeps both titles (a row without a count does not replace them).
#[test]
fn votes_sheet_row_without_a_count_keeps_the_nominees_titles() {
    let mut dossier: Value = serde_json::from_str(
        &std::fs::read_to_string(crate::common::samples_dir().join("nam-hoc-2025-2026-tieu-hoc-khanh-thuong.json"))
            .unwrap(),
    )
    .unwrap();
    let two = dossier["nominees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["awards"].as_array().unwrap().len() > 1)
        .expect("a nominee with two titles")
        .clone();
    let bytes = hoso::lists::xlsx(&lists_of(&dossier)).unwrap();
    // The count of its second title taken out of the dossier the sheet is imported into.
    let second = two["awards"][1].clone();
    for r in dossier["minutes"]["rounds"].as_array_mut().unwrap() {
        if r["award"] == second {
            r["votes"].as_array_mut().unwrap().retain(|v| v["nominee"] != two["id"]);
        }
    }
    let mut sheets = hoso::import::read_bytes(&bytes, "xlsx").unwrap();
    let votes = sheets.iter_mut().find(|s| s.name == hoso::lists::VOTES_SHEET).unwrap();
    for row in votes.rows.iter_mut() {
        if row.get(1) == Some(&hoso::import::Cell::Text(two["id"].as_str().unwrap().into())) {
            row[4] = hoso::import::Cell::Empty;
        }
    }
    let votes = sheets.iter().find(|s| s.name == hoso::lists::VOTES_SHEET).unwrap();
    let got = hoso::import::nominees(votes, &[], &hoso::import::awards_of(&dossier));
    let mut merged = dossier.clone();
    hoso::import::merge(&mut merged, &got);
    let after = merged["nominees"].as_array().unwrap().iter().find(|n| n["id"] == two["id"]).unwrap();
    assert_eq!(after["awards"], two["awards"]);
}
