//! `hoso import`: nominees from a spreadsheet (CSV and .xlsx) merged into a dossier; every bad
//! cell reported by sheet, row and column while the good rows come in.

use serde_json::Value;

use crate::common::{copy_sample_files, sample};

fn import(args: &[&str]) -> std::process::Output {
    crate::common::cli().arg("import").args(args).output().unwrap()
}

/// Guards the clerk's spreadsheet of 200 nominees with five bad cells: the 195 good rows are
/// merged (the dossier's own nominees kept), the five are reported by sheet, row and column
/// with a hint each, and the merged dossier passes `hoso check` once its cleared fields are
/// filled.
#[test]
fn two_hundred_rows_with_five_bad_cells() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample_files(dir.path());
    let dossier = dir.path().join("ho-so.json");
    std::fs::write(&dossier, sample().to_string()).unwrap();
    let mut csv = String::from(
        "STT;Họ và tên;Chức vụ;Đơn vị công tác;Ngày sinh;Giới tính;Tóm tắt thành tích;Danh hiệu;Số phiếu đồng ý\n",
    );
    let bad_rows = [20usize, 45, 90, 150, 199];
    for k in 1..=200usize {
        let (birth, gender, votes, award) = match bad_rows.iter().position(|&b| b == k) {
            Some(0) => ("31/02/1985".to_string(), "Nữ", "7".to_string(), "Giấy khen"),
            Some(1) => ("05/12/1985".to_string(), "Bà", "7".to_string(), "Giấy khen"),
            Some(2) => ("05/12/1985".to_string(), "Nam", "1.200".to_string(), "Giấy khen"),
            Some(3) => ("05/12/1985".to_string(), "Nam", "7".to_string(), "Bằng khen Thủ tướng"),
            Some(4) => ("hôm qua".to_string(), "Nam", "7".to_string(), "Giấy khen"),
            _ => (
                format!("{:02}/{:02}/19{}", 1 + k % 28, 1 + k % 12, 60 + k % 40),
                if k % 2 == 0 { "Nữ" } else { "Nam" },
                "6".to_string(),
                "gk-so",
            ),
        };
        csv.push_str(&format!(
            "{k};Người Thứ {k} Trần;Giáo viên;Tổ Toán {k};{birth};{gender};\"Hoàn thành xuất sắc nhiệm vụ; năm học {k}\";{award};{votes}\n"
        ));
    }
    let sheet = dir.path().join("danh-sach.csv");
    std::fs::write(&sheet, csv).unwrap();
    let o = import(&[sheet.to_str().unwrap(), "--into", dossier.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "bad cells are reported with exit 1");
    let err = String::from_utf8_lossy(&o.stderr);
    for (row, column, what) in [
        (21, "E", "31/02/1985"),
        (46, "F", "Bà"),
        (91, "I", "1.200"),
        (151, "H", "Bằng khen Thủ tướng"),
        (200, "E", "hôm qua"),
    ] {
        let at = format!("sheet \"csv\", row {row}, column {column}");
        assert!(
            err.lines().any(|l| l.contains(&at) && l.contains(what) && l.contains("hint:")),
            "{at} {what} in:\n{err}"
        );
    }
    assert!(err.contains("200 rows: 195 imported (195 new, 0 updated, 195 vote counts), 5 cells refused"), "{err}");
    assert!(err.contains("without dots"), "the dotted number gets its hint");
    let merged: Value = serde_json::from_str(&std::fs::read_to_string(&dossier).unwrap()).unwrap();
    let nominees = merged["nominees"].as_array().unwrap();
    assert_eq!(nominees.len(), sample()["nominees"].as_array().unwrap().len() + 195, "the dossier's own are kept");
    let n = nominees.iter().find(|n| n["name"] == "Người Thứ 2 Trần").unwrap();
    assert_eq!(n["gender"], "female");
    assert_eq!(n["birth_date"], "03/03/1962");
    assert_eq!(n["summary"], "Hoàn thành xuất sắc nhiệm vụ; năm học 2");
    assert_eq!(n["awards"], serde_json::json!(["gk-so"]));
    let votes = merged["minutes"]["rounds"][0]["votes"].as_array().unwrap();
    assert!(votes.iter().any(|v| v["nominee"] == n["id"] && v["in_favour"] == 6));
    // Everything else the dossier held is as it was.
    for key in ["agency", "movement", "proposals", "awards"] {
        assert_eq!(merged[key], sample()[key], "{key}");
    }
    // The merged dossier checks (the CSV has everything an individual needs but a report,
    // which a Giấy khen of this dossier does not ask for, or does: then only that is asked).
    let checked = crate::common::ENGINE.check_file(&dossier).unwrap();
    if let Err(problems) = checked {
        for p in problems.iter().filter(|p| p.is_error()) {
            assert!(p.to_string().contains("report"), "only the reports are left to write: {p}");
        }
    }
}

/// Guards a real .xlsx: a date cell formatted as a date, a date typed as text, a row whose
/// name matches a nominee already in the dossier (updated, not duplicated), a header mapped
/// with --column, and a bad cell located in its sheet.
#[test]
fn an_xlsx_sheet_with_dates_and_a_mapped_header() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample_files(dir.path());
    let dossier = dir.path().join("ho-so.json");
    std::fs::write(&dossier, sample().to_string()).unwrap();
    let existing = sample()["nominees"].as_array().unwrap().iter().find(|n| n["kind"] == "individual").unwrap().clone();
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet().set_name("Danh sách").unwrap();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in ["Họ tên cán bộ", "Ngày sinh", "Giới tính", "Ghi chú"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Phan Thị Mới").unwrap();
    let d = rust_xlsxwriter::ExcelDateTime::from_ymd(1984, 12, 5).unwrap();
    ws.write_datetime_with_format(1, 1, &d, &date_format).unwrap();
    ws.write_string(1, 2, "Nữ").unwrap();
    ws.write_string(2, 0, existing["name"].as_str().unwrap()).unwrap();
    ws.write_string(2, 1, "1980-01-02").unwrap();
    ws.write_string(2, 3, "Cập nhật từ bảng tính").unwrap();
    ws.write_string(3, 0, "Lò Văn Sai").unwrap();
    ws.write_string(3, 1, "32/13/1990").unwrap();
    let sheet = dir.path().join("danh-sach.xlsx");
    book.save(&sheet).unwrap();
    let o = import(&[sheet.to_str().unwrap(), "--into", dossier.to_str().unwrap(), "--column", "Họ tên cán bộ=name"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("sheet \"Danh sách\", row 4, column B (Ngày sinh): \"32/13/1990\" is not a date"), "{err}");
    assert!(err.contains("3 rows: 2 imported (1 new, 1 updated"), "{err}");
    let merged: Value = serde_json::from_str(&std::fs::read_to_string(&dossier).unwrap()).unwrap();
    let nominees = merged["nominees"].as_array().unwrap();
    let new = nominees.iter().find(|n| n["name"] == "Phan Thị Mới").unwrap();
    assert_eq!(new["birth_date"], "05/12/1984");
    assert_eq!(new["gender"], "female");
    let updated = nominees.iter().find(|n| n["id"] == existing["id"]).unwrap();
    assert_eq!(updated["birth_date"], "02/01/1980");
    assert_eq!(updated["note"], "Cập nhật từ bảng tính");
    assert_eq!(updated["summary"], existing["summary"], "what the sheet does not have is kept");
    assert!(!nominees.iter().any(|n| n["name"] == "Lò Văn Sai"), "a bad row is left out");
}
