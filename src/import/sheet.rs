//! Spreadsheets as read: .xlsx, .xls, .ods with calamine within the limits ([`super::bounds`]),
//! .csv by hand, rows pasted from a grid; each a [`Sheet`] of [`Cell`]s as the spreadsheet lays
//! them out from A1.

use std::path::Path;

use super::bounds;
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

/// The first sheet that holds any data (the one to read when none is named).
pub fn first_with_data(sheets: &[Sheet]) -> Option<&Sheet> {
    sheets.iter().find(|s| s.rows.iter().flatten().any(|c| *c != Cell::Empty))
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

/// A sheet made of rows pasted from a grid: `columns` are the dossier's field names of the
/// grid's columns (its headers), `rows` the cells as typed.
pub fn pasted(columns: &[String], rows: &[Vec<String>]) -> Sheet {
    let cell = |s: &str| if s.trim().is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) };
    let mut all = vec![columns.iter().map(|c| Cell::Text(c.clone())).collect::<Vec<_>>()];
    all.extend(rows.iter().map(|r| r.iter().map(|c| cell(c)).collect()));
    Sheet { name: "dán".into(), rows: all }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quotes_and_semicolons() {
        let s = csv("Họ và tên;Ghi chú\n\"Trần; Văn \"\"A\"\"\";x\r\nB;\n").unwrap();
        assert_eq!(s.rows.len(), 3);
        assert_eq!(s.rows[1][0], Cell::Text("Trần; Văn \"A\"".into()));
        assert_eq!(s.rows[2][1], Cell::Empty);
    }
}
