//! Nominees (and their vote counts) from the spreadsheets clerks keep: .xlsx, .xls, .ods (read
//! with calamine) and .csv (UTF-8, UTF-16 or Windows-1258, comma or semicolon separated). The
//! header row is found below any title lines ([`headers`]) and names the columns in Vietnamese
//! ("Họ và tên", "Chức vụ", "Đơn vị", "Ngày sinh", "Giới tính", "Tóm tắt thành tích", "Danh hiệu
//! đề nghị", a column per title with marks, …; other headers can be mapped); titles and awards
//! by name, id or abbreviation ([`awards`]). Every cell is accounted for: each column used or
//! ignored is listed, every bad cell reported by sheet, row and column while the rest of its row
//! comes in, a title the dossier lacks offered to add; rows are merged into a dossier in their
//! order without losing what it already held.

use serde_json::{Map, Value, json};
use unicode_normalization::UnicodeNormalization;

pub mod awards;
mod bounds;
mod fields;
pub mod headers;
mod sheet;

pub use awards::{Added, AwardRef, awards_of};
pub(crate) use bounds::column_letter;
pub(crate) use fields::key;
pub use fields::{Column, field_named, field_of, field_words};
pub use headers::{ColumnUse, Match};
pub use sheet::{Cell, Sheet, first_with_data, pasted, read, read_bytes};

use crate::messages::Text;
use crate::t;
use crate::vi::Date;

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

/// What a sheet gave: nominees as dossier JSON (only the fields its columns fill), with their
/// vote counts; each column as used or ignored; every cell refused; the titles and awards it
/// names that the dossier lacks.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// One per row with a name, in the sheet's order: the nominee's fields (a refused cell left
    /// out, the row's other cells kept), and the votes in favour if the sheet has them.
    pub nominees: Vec<(Map<String, Value>, Option<u32>)>,
    /// Rows with data (not counting the headers, title lines or empty rows).
    pub rows: usize,
    /// The row (from 1) that holds the headers (the last, when they take two).
    pub header_row: usize,
    /// Every column, with the field it fills or none.
    pub columns: Vec<ColumnUse>,
    /// Every cell refused; its row comes in without it (a row without a name stays out).
    pub problems: Vec<CellProblem>,
    /// Rows left out: those without a name.
    pub left_out: usize,
    /// Rows taken as a collective's by their name or their awards, with no kind column: (row
    /// from 1, name).
    pub collectives: Vec<(usize, String)>,
    /// Titles and awards the sheet names that the dossier lacks, as they would be added.
    pub to_add: Vec<String>,
}

impl Imported {
    /// The columns not imported, as "A (STT)" ("H" alone for one with data and no header).
    pub fn ignored(&self) -> Vec<String> {
        self.columns
            .iter()
            .filter(|c| c.field.and_then(fields::field_name).is_none())
            .map(|c| if c.header.is_empty() { c.letter.clone() } else { format!("{} ({})", c.letter, c.header) })
            .collect()
    }

    /// The columns imported, as "B (Họ tên cán bộ) → Họ và tên" (the field as the clerk reads
    /// it), a guess marked "?".
    pub fn used(&self) -> Vec<String> {
        self.columns
            .iter()
            .filter_map(|c| {
                let f = fields::field_words(c.field?)?;
                let guess = if c.how == Match::Words { "?" } else { "" };
                Some(format!("{} ({}) → {f}{guess}", c.letter, c.header))
            })
            .collect()
    }
}

/// One data row of a sheet as read: its row number (from 1, as the spreadsheet numbers it), the
/// fields its good cells fill, the votes in favour if the sheet has them, and each cell refused.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// The row's number in the spreadsheet, from 1.
    pub number: usize,
    /// The nominee's fields its good cells fill (dossier JSON names).
    pub fields: Map<String, Value>,
    /// Votes in favour, for the row's one title or award.
    pub votes: Option<u32>,
    /// Each cell of the row refused, with why.
    pub refused: Vec<CellProblem>,
    /// Whether the row was taken as a collective's by its name or awards (no kind column said).
    pub collective_guessed: bool,
    /// Titles and awards it names that the dossier lacks (names as they would be added).
    pub to_add: Vec<String>,
}

/// Words a collective's name starts with ("Tổ Toán", "Khoa Nội", "Trạm Y tế …"): a row with no
/// kind column is taken as a collective's when its name starts with one, and the clerk is told.
const COLLECTIVE_WORDS: [&str; 24] = [
    "tập thể",
    "tổ ",
    "khoa ",
    "phòng ",
    "trường ",
    "trạm ",
    "ban ",
    "đội ",
    "lớp ",
    "bộ phận",
    "chi bộ",
    "công đoàn",
    "văn phòng",
    "trung tâm",
    "khối ",
    "ủy ban",
    "hội ",
    "chi hội",
    "câu lạc bộ",
    "thôn ",
    "tổ dân phố",
    "bệnh viện",
    "công ty",
    "phân xưởng",
];

/// A mark that proposes the title of its column: anything but "0", "-", "không".
fn is_mark(text: &str) -> bool {
    !matches!(key(text).as_str(), "" | "0" | "-" | "không" | "k")
}

/// The data rows of `sheet` and its columns, named by their headers or by `map` (header →
/// column, which wins); `awards` are the dossier's, so a row may name one by id, name or
/// abbreviation. Empty rows are left out; a refused cell is said with its row, whose good cells
/// stay.
pub(crate) fn table(
    sheet: &Sheet,
    map: &[(String, Column)],
    awards: &[AwardRef],
) -> (Option<headers::Headers>, Vec<Row>) {
    let mut out = Vec::new();
    let by_header = |h: &str| awards::find(awards, h).map(|a| a.id.clone());
    let Some(mut found) = headers::find(sheet, map, &by_header) else {
        return (None, out);
    };
    // A column with data but no header is a column too: listed as not imported, never dropped
    // unsaid.
    let width = sheet.rows.iter().skip(found.last_row + 1).map(Vec::len).max().unwrap_or(0);
    for k in found.columns.len()..width {
        found.columns.push(ColumnUse {
            letter: column_letter(k),
            header: String::new(),
            field: None,
            how: Match::Unknown,
            award: None,
        });
    }
    let columns = &found.columns;
    let has_kind = columns.iter().any(|c| c.field == Some(Column::Kind));
    for (r, row) in sheet.rows.iter().enumerate().skip(found.last_row + 1) {
        if row.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        let mut got = Row { number: r + 1, ..Row::default() };
        let mut ids: Vec<Value> = Vec::new();
        for (k, c) in row.iter().enumerate() {
            let Some(ColumnUse { header, field: Some(field), award: mark, .. }) = columns.get(k) else { continue };
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
                Column::Id
                | Column::Name
                | Column::Position
                | Column::Unit
                | Column::Address
                | Column::Summary
                | Column::Note
                | Column::PersonId => {
                    let name = fields::field_name(*field).expect("a field");
                    n.insert(name.into(), Value::String(text));
                }
                Column::Kind => match crate::vi::format_value(&text) {
                    Some(kind @ ("individual" | "collective" | "household")) => {
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
                Column::Mark => {
                    if let Some(id) = mark.as_ref().filter(|_| is_mark(&text))
                        && !ids.contains(&json!(id))
                    {
                        ids.push(json!(id));
                    }
                }
                Column::Awards => {
                    for part in text.split([',', ';', '\n', '+']).map(str::trim).filter(|p| !p.is_empty()) {
                        match awards::find(awards, part) {
                            Some(a) => {
                                if !ids.contains(&json!(a.id)) {
                                    ids.push(json!(a.id));
                                }
                            }
                            None => {
                                let name = awards::name_to_add(part);
                                refuse(
                                    t!("import.award-to-add", value = part, name = &name),
                                    t!("hint.import-award-add"),
                                );
                                if !got.to_add.contains(&name) {
                                    got.to_add.push(name);
                                }
                            }
                        }
                    }
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
        // Only what a row names: an empty or unknown award cell never clears a nominee's awards.
        if !ids.is_empty() {
            got.fields.insert("awards".into(), Value::Array(ids.clone()));
        }
        // No kind column: a collective's row is known by its awards (all for collectives) or
        // by its name ("Tổ Toán"), and said.
        if !has_kind && let Some(name) = got.fields.get("name").and_then(Value::as_str) {
            let by_awards =
                !ids.is_empty() && ids.iter().all(|id| awards.iter().any(|a| a.collective && json!(a.id) == *id));
            let lower = key(name) + " ";
            if by_awards || COLLECTIVE_WORDS.iter().any(|w| lower.starts_with(w)) {
                got.fields.insert("kind".into(), json!("collective"));
                got.collective_guessed = true;
            }
        }
        if !got.fields.contains_key("name") {
            got.refused.push(CellProblem {
                sheet: sheet.name.clone(),
                row: r + 1,
                column: columns
                    .iter()
                    .position(|c| c.field == Some(Column::Name))
                    .map_or_else(|| "?".into(), column_letter),
                header: "Họ và tên".into(),
                message: t!("import.no-name"),
                hint: t!("hint.import-name"),
            });
        }
        out.push(got);
    }
    (Some(found), out)
}

/// The data rows of `sheet`: found below its title lines, each with the fields its good cells fill, its refused cells and the titles it names that the dossier lacks.
pub fn rows(sheet: &Sheet, map: &[(String, Column)], awards: &[AwardRef]) -> Vec<Row> {
    table(sheet, map, awards).1
}

/// The nominees of `sheet` (see [`rows`]): each row with a name, in order, without its refused
/// cells; every column as used; every cell refused; the titles and awards to add.
pub fn nominees(sheet: &Sheet, map: &[(String, Column)], awards: &[AwardRef]) -> Imported {
    let mut out = Imported::default();
    let (found, rows) = table(sheet, map, awards);
    if let Some(h) = found {
        out.header_row = h.last_row + 1;
        out.columns = h.columns;
    }
    for row in rows {
        out.rows += 1;
        for name in &row.to_add {
            if !out.to_add.contains(name) {
                out.to_add.push(name.clone());
            }
        }
        if row.collective_guessed {
            out.collectives.push((row.number, row.fields["name"].as_str().unwrap_or_default().to_string()));
        }
        if row.fields.contains_key("name") {
            out.nominees.push((row.fields, row.votes));
        } else {
            out.left_out += 1;
        }
        out.problems.extend(row.refused);
    }
    out
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
/// counts go into the minutes' round for the row's one award (in a sheet with a votes column
/// a row adds its award to a nominee's, never replaces them: such a sheet has a row per title).
/// Nothing else changes.
pub fn merge(dossier: &mut Value, imported: &Imported) -> Merged {
    let mut merged = Merged::default();
    // A sheet of vote counts has a row per title: its rows add their title, even a row whose
    // count is not filled in yet.
    let votes_sheet = imported.columns.iter().any(|c| c.field == Some(Column::Votes));
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
                    // A row with a vote count names the title it was counted for: the nominee
                    // keeps the others it is proposed for (a votes sheet has a row per title).
                    if k == "awards"
                        && votes_sheet
                        && let (Some(have), Some(row)) =
                            (n.get_mut("awards").and_then(Value::as_array_mut), v.as_array())
                    {
                        for a in row {
                            if !have.contains(a) {
                                have.push(a.clone());
                            }
                        }
                        continue;
                    }
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
        // The row's own title when it names one, else the nominee's only one.
        let row_award: Option<String> = match fields.get("awards").and_then(Value::as_array).map(Vec::as_slice) {
            Some([a]) => a.as_str().map(str::to_string),
            _ => None,
        };
        let award = row_award.or_else(|| if let [a] = awards.as_slice() { Some(a.clone()) } else { None });
        if let (Some(v), Some(award)) = (votes, award)
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
        assert_eq!(field_of("Danh hiệu đề nghị"), Some(Column::Awards));
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(Date::from_excel_serial(31021.0).map(Date::short).as_deref(), Some("05/12/1984"));
    }
}
