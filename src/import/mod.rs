//! Nominees (and their vote counts) from the spreadsheets clerks keep: .xlsx, .xls, .ods (read
//! with calamine) and .csv (UTF-8, UTF-16 or Windows-1258, comma or semicolon separated). The
//! first row names the columns in Vietnamese ("Họ và tên", "Chức vụ", "Đơn vị", "Ngày sinh",
//! "Giới tính", "Tóm tắt thành tích", …; other headers can be mapped); every bad cell is
//! reported by sheet, row and column, and the good rows are merged into a dossier without
//! losing what it already held.

use std::path::Path;

use serde_json::{Map, Value, json};
use unicode_normalization::UnicodeNormalization;

mod bounds;

use bounds::column_letter;

use crate::limits::MAX_SHEET_FILE;
use crate::messages::Text;
use crate::t;
use crate::vi::Date;

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in it.
    Empty,
    /// Text, as typed.
    Text(String),
    /// A number (an Excel date typed as a number is a serial day count).
    Number(f64),
    /// A cell the spreadsheet formats as a date.
    Date(Date),
}

/// One sheet: its name and its rows, the first being the headers.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name ("csv" for a CSV file).
    pub name: String,
    /// Its rows, headers first.
    pub rows: Vec<Vec<Cell>>,
}

/// A cell that could not be taken, located as the clerk finds it in the spreadsheet.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CellProblem {
    /// The sheet's name.
    pub sheet: String,
    /// The row, from 1 as the spreadsheet numbers it (the headers are row 1).
    pub row: usize,
    /// The column letter, "A", "B", …, "AA".
    pub column: String,
    /// The column's header.
    pub header: String,
    /// What is wrong.
    pub message: Text,
    /// How to fix it.
    pub hint: Text,
}

impl CellProblem {
    /// The problem in `lang`, located: sheet, row, column and header.
    pub fn render(&self, lang: crate::messages::Lang) -> String {
        t!(
            "import.cell",
            sheet = &self.sheet,
            row = self.row,
            column = &self.column,
            header = &self.header,
            message = self.message.clone(),
            hint = self.hint.clone()
        )
        .render(lang)
    }
}

impl std::fmt::Display for CellProblem {
    /// In Vietnamese.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(crate::messages::Lang::Vi))
    }
}

/// The fields a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Column {
    /// The nominee's id.
    Id,
    /// Cá nhân or Tập thể.
    Kind,
    /// Full name.
    Name,
    /// Chức vụ.
    Position,
    /// Đơn vị.
    Unit,
    /// Ngày sinh.
    BirthDate,
    /// Giới tính.
    Gender,
    /// Tóm tắt thành tích.
    Summary,
    /// Ghi chú.
    Note,
    /// The titles or awards proposed (ids or names, separated by commas or semicolons).
    Awards,
    /// Votes in favour, for the one title or award of the row.
    Votes,
    /// A column that is not imported (STT, …).
    Ignored,
}

/// The field a header names, by the headers Vietnamese lists use (case, accents in NFC or NFD,
/// spaces and a trailing "(*)" do not matter).
pub fn field_of(header: &str) -> Option<Column> {
    let h = key(header);
    Some(match h.as_str() {
        "stt" | "tt" | "số tt" | "số thứ tự" => Column::Ignored,
        "mã" | "id" | "mã số" | "mã người đề nghị" => Column::Id,
        "loại" | "đối tượng" | "cá nhân/tập thể" | "cá nhân / tập thể" => Column::Kind,
        "họ và tên"
        | "họ tên"
        | "tên"
        | "tên tập thể"
        | "tên cá nhân, tập thể"
        | "tên tập thể/cá nhân"
        | "họ và tên/tên tập thể"
        | "họ và tên / tên tập thể" => Column::Name,
        "chức vụ" | "chức danh" => Column::Position,
        "đơn vị" | "đơn vị công tác" | "nơi công tác" => Column::Unit,
        "ngày sinh" | "ngày tháng năm sinh" | "ngày, tháng, năm sinh" => Column::BirthDate,
        "giới tính" | "nam/nữ" => Column::Gender,
        "tóm tắt thành tích" | "thành tích" => Column::Summary,
        "ghi chú" => Column::Note,
        "danh hiệu"
        | "hình thức"
        | "hình thức khen thưởng"
        | "danh hiệu, hình thức"
        | "đề nghị"
        | "đề nghị khen thưởng"
        | "danh hiệu/hình thức đề nghị" => Column::Awards,
        "số phiếu" | "số phiếu đồng ý" | "phiếu đồng ý" | "số phiếu tán thành" => Column::Votes,
        _ => return None,
    })
}

/// A field by its name in a `--column "Header=field"` mapping (the dossier's JSON names).
pub fn field_named(name: &str) -> Option<Column> {
    Some(match name.trim() {
        "id" => Column::Id,
        "kind" => Column::Kind,
        "name" => Column::Name,
        "position" => Column::Position,
        "unit" => Column::Unit,
        "birth_date" => Column::BirthDate,
        "gender" => Column::Gender,
        "summary" => Column::Summary,
        "note" => Column::Note,
        "awards" => Column::Awards,
        "votes" => Column::Votes,
        "ignore" => Column::Ignored,
        _ => return None,
    })
}

/// A header or value as compared: NFC, lower case, single spaces, no trailing "(*)" or ":".
fn key(s: &str) -> String {
    let s: String = s.nfc().collect::<String>().to_lowercase();
    let s = s.trim().trim_end_matches("(*)").trim_end_matches('*').trim_end_matches(':').trim();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first sheet that holds any data (the one to read when none is named).
pub fn first_with_data(sheets: &[Sheet]) -> Option<&Sheet> {
    sheets.iter().find(|s| s.rows.iter().flatten().any(|c| *c != Cell::Empty))
}

/// The titles and awards a dossier (as JSON) proposes, as (id, name): what a sheet's award
/// column may name.
pub fn awards_of(dossier: &Value) -> Vec<(String, String)> {
    dossier["awards"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| Some((a["id"].as_str()?.to_string(), a["name"].as_str()?.to_string())))
        .collect()
}

/// Read every sheet of `path`: .csv by hand, .xlsx/.xlsm/.xls/.ods with calamine, within the
/// spreadsheet limits ([`crate::limits`]).
pub fn read(path: &Path) -> Result<Vec<Sheet>, Text> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let size = crate::host::size(path).unwrap_or(0);
    if size > MAX_SHEET_FILE {
        return Err(t!("import.file-too-large", max = MAX_SHEET_FILE >> 20));
    }
    let bytes = crate::host::read(path).map_err(|e| t!("file.unreadable", error = e.to_string()))?;
    read_bytes(&bytes, &ext)
}

/// Read every sheet of a spreadsheet given as bytes, of the kind its file extension `ext`
/// names ("xlsx", "xls", "ods", "csv", …), within the spreadsheet limits: the file's size,
/// what its parts inflate to, and the rows, columns and cells its sheets use, all measured
/// before the sheet is laid out in memory. A cell past the limits is refused by its address.
pub fn read_bytes(bytes: &[u8], ext: &str) -> Result<Vec<Sheet>, Text> {
    if bytes.len() as u64 > MAX_SHEET_FILE {
        return Err(t!("import.file-too-large", max = MAX_SHEET_FILE >> 20));
    }
    if ext == "csv" || ext == "txt" {
        let (text, _) = crate::text::decode(bytes)?;
        return Ok(vec![csv(&text)?]);
    }
    use calamine::Reader;
    let unreadable = |e: &dyn std::fmt::Display| t!("import.unreadable-book", error = e.to_string());
    match ext {
        "xlsx" | "xlsm" => {
            bounds::zip_within(bytes)?;
            let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
            let mut sheets = Vec::new();
            for name in book.sheet_names() {
                let mut cells = book
                    .worksheet_cells_reader(&name)
                    .map_err(|e| t!("import.unreadable-sheet", sheet = &name, error = e.to_string()))?;
                let mut found = Vec::new();
                while let Some(c) = cells
                    .next_cell()
                    .map_err(|e| t!("import.unreadable-sheet", sheet = &name, error = e.to_string()))?
                {
                    let (row, col) = c.get_position();
                    let value: calamine::Data = c.get_value().clone().into();
                    if value == calamine::Data::Empty {
                        continue;
                    }
                    bounds::cell_within(&name, row, col, found.len())?;
                    found.push((row, col, cell(&value)));
                }
                sheets.push(Sheet { name, rows: laid_out(found) });
            }
            Ok(sheets)
        }
        "ods" => {
            bounds::zip_within(bytes)?;
            bounds::ods_within(bytes)?;
            let book = calamine::Ods::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
            ranges(book)
        }
        "xls" => {
            bounds::xls_within(bytes)?;
            let book = calamine::Xls::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
            ranges(book)
        }
        other => Err(t!("import.unknown-kind", kind = other)),
    }
}

/// Every sheet of a book whose sizes were measured, as calamine lays it out.
fn ranges<RS: std::io::Read + std::io::Seek, R: calamine::Reader<RS>>(mut book: R) -> Result<Vec<Sheet>, Text>
where
    R::Error: std::fmt::Display,
{
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| t!("import.unreadable-sheet", sheet = &name, error = e.to_string()))?;
        let mut found = Vec::new();
        for (row, col, value) in range.used_cells() {
            let (top, left) = range.start().unwrap_or((0, 0));
            let (row, col) = (row as u32 + top, col as u32 + left);
            bounds::cell_within(&name, row, col, found.len())?;
            found.push((row, col, cell(value)));
        }
        sheets.push(Sheet { name, rows: laid_out(found) });
    }
    Ok(sheets)
}

/// Rows and columns as the spreadsheet numbers them (from its A1), empty cells between.
fn laid_out(mut found: Vec<(u32, u32, Cell)>) -> Vec<Vec<Cell>> {
    found.sort_by_key(|(r, c, _)| (*r, *c));
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for (r, c, value) in found {
        let (r, c) = (r as usize, c as usize);
        if rows.len() <= r {
            rows.resize(r + 1, Vec::new());
        }
        let row = &mut rows[r];
        if row.len() <= c {
            row.resize(c + 1, Cell::Empty);
        }
        row[c] = value;
    }
    rows
}

/// A calamine cell as a [`Cell`].
fn cell(d: &calamine::Data) -> Cell {
    use calamine::Data;
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            if s.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.clone())
            }
        }
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(dt) => Date::from_excel_serial(dt.as_f64()).map_or(Cell::Number(dt.as_f64()), Cell::Date),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// A CSV text as one sheet: comma- or semicolon-separated (whichever the header line uses
/// more), fields in double quotes may hold separators, quotes ("") and line breaks.
fn csv(text: &str) -> Result<Sheet, Text> {
    let first = text.lines().next().unwrap_or_default();
    let sep = if first.matches(';').count() > first.matches(',').count() { ';' } else { ',' };
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted, mut chars) = (Vec::new(), String::new(), false, text.chars().peekable());
    let push = |row: &mut Vec<Cell>, field: &mut String| {
        let f = std::mem::take(field);
        row.push(if f.trim().is_empty() { Cell::Empty } else { Cell::Text(f) });
    };
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (c, false) if c == sep => push(&mut row, &mut field),
            ('\r', false) => {}
            ('\n', false) => {
                push(&mut row, &mut field);
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    if quoted {
        return Err(t!("import.unclosed-quote"));
    }
    if !field.is_empty() || !row.is_empty() {
        push(&mut row, &mut field);
        rows.push(row);
    }
    Ok(Sheet { name: "csv".into(), rows })
}

/// What a sheet gave: nominees as dossier JSON (only the fields its columns fill), with their
/// vote counts, and every cell refused.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// One per good row: the nominee's fields, and the votes in favour if the sheet has them.
    pub nominees: Vec<(Map<String, Value>, Option<u32>)>,
    /// Rows with data (not counting the headers or empty rows).
    pub rows: usize,
    /// Every cell refused; its row is left out.
    pub problems: Vec<CellProblem>,
}

/// One data row of a sheet as read: its row number (from 1, as the spreadsheet numbers it), the
/// fields its good cells fill, the votes in favour if the sheet has them, and each cell refused.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// The row's number in the spreadsheet, from 1 (the headers' row is before it).
    pub number: usize,
    /// The nominee's fields its good cells fill (dossier JSON names).
    pub fields: Map<String, Value>,
    /// Votes in favour, for the row's one title or award.
    pub votes: Option<u32>,
    /// Each cell of the row refused, with why.
    pub refused: Vec<CellProblem>,
}

/// The data rows of `sheet`, its columns named by their headers or by `map` (header → column,
/// which wins); `awards` are the dossier's (id, name) pairs, so a row may name an award either
/// way. Empty rows are left out; a refused cell is said with its row, whose good cells stay.
pub fn rows(sheet: &Sheet, map: &[(String, Column)], awards: &[(String, String)]) -> Vec<Row> {
    let mut out = Vec::new();
    let Some((header_row, headers)) = sheet.rows.iter().enumerate().find(|(_, r)| r.iter().any(|c| *c != Cell::Empty))
    else {
        return out;
    };
    let header_text = |c: &Cell| match c {
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let columns: Vec<(String, Option<Column>)> = headers
        .iter()
        .map(|c| {
            let h = header_text(c);
            let mapped = map.iter().find(|(m, _)| key(m) == key(&h)).map(|(_, f)| *f);
            let f = mapped.or_else(|| field_of(&h));
            (h, f)
        })
        .collect();
    for (r, row) in sheet.rows.iter().enumerate().skip(header_row + 1) {
        if row.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        let mut got = Row { number: r + 1, ..Row::default() };
        for (k, c) in row.iter().enumerate() {
            let Some((header, Some(field))) = columns.get(k) else { continue };
            if *c == Cell::Empty {
                continue;
            }
            let mut refuse = |message: Text, hint: Text| {
                got.refused.push(CellProblem {
                    sheet: sheet.name.clone(),
                    row: r + 1,
                    column: column_letter(k),
                    header: header.clone(),
                    message,
                    hint,
                });
            };
            let text = match c {
                Cell::Text(t) => t.nfc().collect::<String>().trim().to_string(),
                Cell::Number(x) if x.fract() == 0.0 => format!("{x:.0}"),
                Cell::Number(x) => x.to_string(),
                Cell::Date(d) => d.short(),
                Cell::Empty => String::new(),
            };
            let n = &mut got.fields;
            match field {
                Column::Ignored => {}
                Column::Id | Column::Name | Column::Position | Column::Unit | Column::Summary | Column::Note => {
                    let name = match field {
                        Column::Id => "id",
                        Column::Name => "name",
                        Column::Position => "position",
                        Column::Unit => "unit",
                        Column::Summary => "summary",
                        _ => "note",
                    };
                    n.insert(name.into(), Value::String(text));
                }
                Column::Kind => match crate::vi::format_value(&text) {
                    Some(kind @ ("individual" | "collective")) => {
                        n.insert("kind".into(), json!(kind));
                    }
                    _ => refuse(t!("import.not-kind", value = &text), t!("hint.import-kind")),
                },
                Column::Gender => match crate::vi::format_value(&text) {
                    Some(gender @ ("male" | "female")) => {
                        n.insert("gender".into(), json!(gender));
                    }
                    _ => refuse(t!("import.not-gender", value = &text), t!("hint.import-gender")),
                },
                Column::BirthDate => {
                    let date = match c {
                        Cell::Date(d) => Some(*d),
                        Cell::Number(x) => Date::from_excel_serial(*x),
                        _ => Date::parse(&text).ok(),
                    };
                    match date {
                        Some(d) => {
                            n.insert("birth_date".into(), json!(d.short()));
                        }
                        None => refuse(t!("import.not-date", value = &text), t!("hint.import-date")),
                    }
                }
                Column::Awards => {
                    let mut ids = Vec::new();
                    for part in text.split([',', ';', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
                        match awards.iter().find(|(id, name)| key(id) == key(part) || key(name) == key(part)) {
                            Some((id, _)) => ids.push(json!(id)),
                            None => {
                                let known: Vec<&str> = awards.iter().map(|(_, name)| name.as_str()).collect();
                                refuse(
                                    t!("import.not-award", value = part),
                                    t!("hint.import-award", known = known.join("; ")),
                                );
                            }
                        }
                    }
                    n.insert("awards".into(), Value::Array(ids));
                }
                Column::Votes => match text.parse::<u32>() {
                    Ok(v) => got.votes = Some(v),
                    Err(_) => {
                        let hint = if text.chars().any(|c| c == '.' || c == ',' || c == ' ') {
                            t!("hint.import-votes-dots")
                        } else {
                            t!("hint.import-votes")
                        };
                        refuse(t!("import.not-votes", value = &text), hint);
                    }
                },
            }
        }
        if got.refused.is_empty() && !got.fields.contains_key("name") {
            got.refused.push(CellProblem {
                sheet: sheet.name.clone(),
                row: r + 1,
                column: columns
                    .iter()
                    .position(|(_, f)| *f == Some(Column::Name))
                    .map_or_else(|| "?".into(), column_letter),
                header: "Họ và tên".into(),
                message: t!("import.no-name"),
                hint: t!("hint.import-name"),
            });
        }
        out.push(got);
    }
    out
}

/// The nominees of `sheet` (see [`rows`]): each row without a refused cell, and every cell
/// refused (its row is left out).
pub fn nominees(sheet: &Sheet, map: &[(String, Column)], awards: &[(String, String)]) -> Imported {
    let mut out = Imported::default();
    for row in rows(sheet, map, awards) {
        out.rows += 1;
        if row.refused.is_empty() {
            out.nominees.push((row.fields, row.votes));
        } else {
            out.problems.extend(row.refused);
        }
    }
    out
}

/// A sheet made of rows pasted from a grid: `columns` are the dossier's field names of the
/// grid's columns (its headers), `rows` the cells as typed.
pub fn pasted(columns: &[String], rows: &[Vec<String>]) -> Sheet {
    let cell = |s: &str| if s.trim().is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) };
    let mut all = vec![columns.iter().map(|c| Cell::Text(c.clone())).collect::<Vec<_>>()];
    all.extend(rows.iter().map(|r| r.iter().map(|c| cell(c)).collect()));
    Sheet { name: "dán".into(), rows: all }
}

/// How a merge went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// Nominees added.
    pub added: usize,
    /// Nominees already in the dossier whose fields the sheet updated.
    pub updated: usize,
    /// Vote counts written into the minutes.
    pub votes: usize,
}

/// Merge `imported` into `dossier` (its JSON, format hoso/2): a row whose id, or else whose
/// name, matches a nominee updates the fields the sheet has and keeps the rest; any other row
/// is a new nominee (an individual unless the sheet says otherwise; id from the name). Vote
/// counts go into the minutes' round for the row's one award. Nothing else changes.
pub fn merge(dossier: &mut Value, imported: &Imported) -> Merged {
    let mut merged = Merged::default();
    if !dossier["nominees"].is_array() {
        dossier["nominees"] = json!([]);
    }
    for (fields, votes) in &imported.nominees {
        let list = dossier["nominees"].as_array_mut().expect("made an array");
        let name = fields.get("name").and_then(Value::as_str).unwrap_or_default();
        let at = fields
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| list.iter().position(|n| n["id"] == id))
            .or_else(|| list.iter().position(|n| n["name"].as_str().is_some_and(|m| key(m) == key(name))));
        let id = match at {
            Some(i) => {
                let n = list[i].as_object_mut().expect("nominees are objects");
                for (k, v) in fields {
                    n.insert(k.clone(), v.clone());
                }
                merged.updated += 1;
                n["id"].as_str().unwrap_or_default().to_string()
            }
            None => {
                let mut n = Map::new();
                let id = fields.get("id").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| {
                    let stem = crate::vi::slug(name);
                    let mut id = stem.clone();
                    for k in 2.. {
                        if !list.iter().any(|n| n["id"] == id.as_str()) {
                            break;
                        }
                        id = format!("{stem}-{k}");
                    }
                    id
                });
                n.insert("id".into(), json!(id));
                n.insert("kind".into(), fields.get("kind").cloned().unwrap_or(json!("individual")));
                n.insert("name".into(), json!(name));
                for (k, v) in fields {
                    n.entry(k.clone()).or_insert_with(|| v.clone());
                }
                n.entry("summary").or_insert(json!(""));
                n.entry("awards").or_insert(json!([]));
                list.push(Value::Object(n));
                merged.added += 1;
                id
            }
        };
        let list = dossier["nominees"].as_array().expect("made an array");
        let awards: Vec<String> = list
            .iter()
            .find(|n| n["id"] == id.as_str())
            .and_then(|n| n["awards"].as_array())
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        if let (Some(v), [award]) = (votes, awards.as_slice())
            && let Some(round) = dossier["minutes"]["rounds"]
                .as_array_mut()
                .and_then(|rounds| rounds.iter_mut().find(|r| r["award"] == award.as_str()))
        {
            if !round["votes"].is_array() {
                round["votes"] = json!([]);
            }
            let rows = round["votes"].as_array_mut().expect("made an array");
            match rows.iter_mut().find(|r| r["nominee"] == id.as_str()) {
                Some(r) => r["in_favour"] = json!(v),
                None => rows.push(json!({"nominee": id, "in_favour": v})),
            }
            merged.votes += 1;
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_columns_and_serials() {
        assert_eq!(field_of(" Họ và tên (*) "), Some(Column::Name));
        assert_eq!(field_of("NGÀY SINH"), Some(Column::BirthDate));
        assert_eq!(field_of("Tóm tắt thành tích"), Some(Column::Summary));
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(Date::from_excel_serial(31021.0).map(Date::short).as_deref(), Some("05/12/1984"));
    }

    #[test]
    fn csv_with_quotes_and_semicolons() {
        let s = csv("Họ và tên;Ghi chú\n\"Trần; Văn \"\"A\"\"\";x\r\nB;\n").unwrap();
        assert_eq!(s.rows.len(), 3);
        assert_eq!(s.rows[1][0], Cell::Text("Trần; Văn \"A\"".into()));
        assert_eq!(s.rows[2][1], Cell::Empty);
    }
}
