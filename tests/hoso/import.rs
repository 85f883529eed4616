//! `hoso import`: nominees from a spreadsheet (CSV and .xlsx) merged into a dossier; every bad
//! cell reported by sheet, row and column while the good rows come in.

use serde_json::Value;

use crate::common::{copy_sample_files, sample};

fn import(args: &[&str]) -> std::process::Output {
    crate::common::cli().arg("import").args(args).output().unwrap()
}

/// Guards the clerk's spreadsheet of 200 nominees with five bad cells: every row is merged (the
/// dossier's own nominees kept; a bad cell's row comes in without it), the five cells are
/// reported by sheet, row and column with a hint each, and the merged dossier's only problems are
/// those five cells and the reports still to write.
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
    assert!(err.contains("200 rows: 200 imported (200 new, 0 updated, 198 vote counts), 5 cells refused"), "{err}");
    assert!(err.contains("without dots"), "the dotted number gets its hint");
    let merged: Value = serde_json::from_str(&std::fs::read_to_string(&dossier).unwrap()).unwrap();
    let nominees = merged["nominees"].as_array().unwrap();
    assert_eq!(nominees.len(), sample()["nominees"].as_array().unwrap().len() + 200, "the dossier's own are kept");
    let lan = nominees.iter().find(|n| n["name"] == "Người Thứ 20 Trần").unwrap();
    assert!(lan.get("birth_date").is_none() && lan["gender"] == "female", "the bad date's row keeps its other cells");
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
    // The merged dossier checks but for the five cells (the CSV has everything an individual
    // needs but a report, which a Giấy khen of this dossier may ask for: then that is asked).
    let checked = crate::common::ENGINE.check_file(&dossier).unwrap();
    // Each of the five by name or id (their rows also carry the CSV's 7 votes, more than present).
    let five: Vec<String> =
        bad_rows.iter().flat_map(|k| [format!("(Người Thứ {k} Trần)"), format!("(nguoi-thu-{k}-tran)")]).collect();
    if let Err(problems) = checked {
        for p in problems.iter().filter(|p| p.is_error()) {
            let p = p.clone().in_language(hoso::messages::Lang::En).to_string();
            assert!(
                p.contains("report") || five.iter().any(|n| p.contains(n.as_str())),
                "only the reports and the five cells are left: {p}"
            );
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
    assert!(err.contains("3 rows: 3 imported (2 new, 1 updated"), "{err}");
    let merged: Value = serde_json::from_str(&std::fs::read_to_string(&dossier).unwrap()).unwrap();
    let nominees = merged["nominees"].as_array().unwrap();
    let new = nominees.iter().find(|n| n["name"] == "Phan Thị Mới").unwrap();
    assert_eq!(new["birth_date"], "05/12/1984");
    assert_eq!(new["gender"], "female");
    let updated = nominees.iter().find(|n| n["id"] == existing["id"]).unwrap();
    assert_eq!(updated["birth_date"], "02/01/1980");
    assert_eq!(updated["note"], "Cập nhật từ bảng tính");
    assert_eq!(updated["summary"], existing["summary"], "what the sheet does not have is kept");
    let sai = nominees.iter().find(|n| n["name"] == "Lò Văn Sai").expect("a bad cell's row comes in");
    assert!(sai.get("birth_date").is_none(), "without the bad cell");
}

/// A commune's starting dossier without “Tập thể lao động tiên tiến”, as the clerk of a health
/// station had it.
fn commune_dossier(dir: &std::path::Path) -> std::path::PathBuf {
    let o = crate::common::cli().args(["new", "xa", "-o", dir.to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let path = dir.join("ho-so.json");
    let mut d: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    d["awards"].as_array_mut().unwrap().retain(|a| a["id"] != "tap-the-lao-dong-tien-tien");
    d["minutes"]["rounds"].as_array_mut().unwrap().retain(|r| r["award"] != "tap-the-lao-dong-tien-tien");
    std::fs::write(&path, serde_json::to_string_pretty(&d).unwrap()).unwrap();
    path
}

/// Guards the health station's sheet that lost data in silence: a title line above the headers,
/// "Danh hiệu đề nghị", an impossible date, "LĐTT", a collective without a kind column, and a
/// title the dossier lacks. Every person comes in with their awards, in order; the bad date is
/// the one cell said; the collective is said; the missing title is offered, then added.
#[test]
fn the_clerks_sheet_loses_nothing_unsaid() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = commune_dossier(dir.path());
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet().set_name("DS").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        5,
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2026 - TRẠM Y TẾ XÃ",
        &rust_xlsxwriter::Format::new(),
    )
    .unwrap();
    for (c, h) in
        ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Danh hiệu đề nghị", "Số phiếu đồng ý"].iter().enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let rows = [
        ["1", "Nguyễn Thị Lan", "31/02/1990", "Y sĩ", "LĐTT", "5"],
        ["2", "Trần Văn Minh", "05/06/1985", "Trạm trưởng", "LĐTT; CSTĐCS", ""],
        ["3", "Tổ Dân số", "", "", "TTLĐTT", ""],
        ["4", "Lê Thị Hoa", "12/12/1992", "Điều dưỡng", "Lao động tiên tiến", "6"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            ws.write_string(3 + r as u32, c as u16, *v).unwrap();
        }
    }
    let sheet = dir.path().join("danh-sach.xlsx");
    book.save(&sheet).unwrap();
    let o = import(&[sheet.to_str().unwrap(), "--into", dossier.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("headers in row 3; columns imported: B (Họ và tên) → Họ và tên; C (Ngày sinh) → Ngày sinh; D (Chức vụ) → Chức vụ; E (Danh hiệu đề nghị) → Danh hiệu; F (Số phiếu đồng ý) → Số phiếu"), "{err}");
    assert!(err.contains("columns not imported: A (STT)"), "{err}");
    assert!(err.contains("row 4, column C (Ngày sinh): \"31/02/1990\" is not a date"), "{err}");
    assert!(err.contains("row 6: “Tổ Dân số” comes in as a collective"), "{err}");
    assert!(err.contains("the dossier lacks: Tập thể lao động tiên tiến; run again with --add-awards"), "{err}");
    assert!(err.contains("4 rows: 4 imported (4 new"), "{err}");
    let o = import(&[sheet.to_str().unwrap(), "--into", dossier.to_str().unwrap(), "--add-awards"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("added “Tập thể lao động tiên tiến” (id tap-the-lao-dong-tien-tien"), "{err}");
    assert!(err.contains("4 rows: 4 imported (0 new, 4 updated, 2 vote counts), 1 cell refused"), "{err}");
    let d: Value = serde_json::from_str(&std::fs::read_to_string(&dossier).unwrap()).unwrap();
    let got: Vec<(String, String, Value)> = d["nominees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (n["name"].as_str().unwrap().to_string(), n["kind"].as_str().unwrap().to_string(), n["awards"].clone())
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Nguyễn Thị Lan".into(), "individual".into(), serde_json::json!(["lao-dong-tien-tien"])),
            (
                "Trần Văn Minh".into(),
                "individual".into(),
                serde_json::json!(["lao-dong-tien-tien", "chien-si-thi-dua-co-so"])
            ),
            ("Tổ Dân số".into(), "collective".into(), serde_json::json!(["tap-the-lao-dong-tien-tien"])),
            ("Lê Thị Hoa".into(), "individual".into(), serde_json::json!(["lao-dong-tien-tien"])),
        ]
    );
    let added = d["awards"].as_array().unwrap().iter().find(|a| a["id"] == "tap-the-lao-dong-tien-tien").unwrap();
    assert_eq!((added["kind"].as_str(), added["for"].as_str()), (Some("title"), Some("collective")));
    assert!(d["minutes"]["rounds"].as_array().unwrap().iter().any(|r| r["award"] == "tap-the-lao-dong-tien-tien"));
}

/// Guards a header over two rows, "Hình thức đề nghị" merged over a column per title, each
/// marked "x": the marks propose the column's title.
#[test]
fn a_column_per_title_with_marks() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = commune_dossier(dir.path());
    let sheet = dir.path().join("danh-sach.csv");
    std::fs::write(
        &sheet,
        "STT;Họ và tên;Hình thức đề nghị;\n;;LĐTT;CSTĐCS\n1;Phạm Văn An;x;\n2;Hoàng Thị Bình;x;x\n3;Đỗ Văn Cường;;;ghi thêm\n",
    )
    .unwrap();
    let o = import(&[sheet.to_str().unwrap(), "--into", dossier.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("headers in row 2"), "{err}");
    assert!(err.contains("columns not imported: A (STT); E;"), "a cell past the headers is said: {err}");
    assert!(
        err.contains(
            "C (Hình thức đề nghị / LĐTT) → Danh hiệu (đánh dấu); D (Hình thức đề nghị / CSTĐCS) → Danh hiệu (đánh dấu)"
        ),
        "{err}"
    );
    let d: Value = serde_json::from_str(&std::fs::read_to_string(&dossier).unwrap()).unwrap();
    let awards: Vec<Value> = d["nominees"].as_array().unwrap().iter().map(|n| n["awards"].clone()).collect();
    assert_eq!(
        awards,
        [
            serde_json::json!(["lao-dong-tien-tien"]),
            serde_json::json!(["lao-dong-tien-tien", "chien-si-thi-dua-co-so"]),
            serde_json::json!([])
        ]
    );
}
