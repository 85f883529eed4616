//! Which rows hold the headers and what each column fills. Lists carry a title above their
//! headers ("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2026 …") and sometimes a second header row under
//! merged cells: the header row is the one of the first rows that names the most fields. A header
//! names its field by the exact words lists use, else by the words it contains ("Danh hiệu đề
//! nghị" → the awards), else by the clerk's mapping; a column with none is ignored, and said.

use super::bounds::column_letter;
use super::fields::{Column, field_by_words, field_name, field_of, key};
use super::sheet::{Cell, Sheet};

/// How many rows from the top may hold the headers (title lines, a date, a blank line first).
const HEADER_ROWS: usize = 30;

/// How a column's field was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    /// The clerk mapped it (`--column`, the workbench's choice).
    Mapped,
    /// Its header is one of the words lists use for that field.
    Header,
    /// Its header contains words of that field: a guess, shown to the clerk.
    Words,
    /// Its header names a title or award of the dossier: a mark in it ("x") proposes that one.
    Award,
    /// Nothing: the column is not imported.
    Unknown,
}

/// One column of the sheet as the import reads it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ColumnUse {
    /// Its letter, "A", "B", …
    pub letter: String,
    /// Its header as written (two header rows joined by " / ").
    pub header: String,
    /// The field it fills, if any: for programs, `fills`, its name in the dossier ("name",
    /// "awards", …; none when ignored).
    #[serde(rename = "fills", serialize_with = "fills")]
    pub field: Option<Column>,
    /// How that was found.
    pub how: Match,
    /// For a column of marks: the title or award a mark proposes (its id).
    pub award: Option<String>,
}

/// A column's field as programs read it: its name in the dossier, none when it is not imported.
fn fills<S: serde::Serializer>(field: &Option<Column>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_some(&field.and_then(field_name))
}

/// The text of a header cell.
fn text(c: &Cell) -> String {
    match c {
        Cell::Text(t) => crate::text::one_line(t),
        Cell::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// What one header names: mapped, exact, a title or award of the dossier, by words, or nothing.
fn classify(
    h: &str,
    map: &[(String, Column)],
    award: &dyn Fn(&str) -> Option<String>,
) -> (Option<Column>, Match, Option<String>) {
    if h.is_empty() {
        return (None, Match::Unknown, None);
    }
    if let Some((_, f)) = map.iter().find(|(m, _)| key(m) == key(h)) {
        return (Some(*f), Match::Mapped, None);
    }
    if let Some(f) = field_of(h) {
        return (Some(f), Match::Header, None);
    }
    if let Some(id) = award(h) {
        return (Some(Column::Mark), Match::Award, Some(id));
    }
    match field_by_words(h) {
        Some(f) => (Some(f), Match::Words, None),
        None => (None, Match::Unknown, None),
    }
}

/// The headers of a sheet: the last header row (0-based) and each column's use.
#[derive(Debug, Clone)]
pub(crate) struct Headers {
    pub last_row: usize,
    pub columns: Vec<ColumnUse>,
}

/// Find the header row among the first rows: the one that names the most fields (the first
/// non-empty row if none names any); a row under it whose cells all name fields or awards is its
/// second header row (headers merged over two rows), and its names fill the columns the first
/// leaves empty or says nothing of ("Hình thức đề nghị" over "LĐTT", "CSTĐCS").
pub(crate) fn find(sheet: &Sheet, map: &[(String, Column)], award: &dyn Fn(&str) -> Option<String>) -> Option<Headers> {
    let score = |row: &Vec<Cell>| {
        row.iter().filter(|c| classify(&text(c), map, award).0.is_some_and(|f| f != Column::Ignored)).count()
    };
    let candidates: Vec<usize> =
        (0..sheet.rows.len().min(HEADER_ROWS)).filter(|&r| sheet.rows[r].iter().any(|c| *c != Cell::Empty)).collect();
    let first = *candidates.first()?;
    let best =
        candidates.iter().copied().max_by_key(|&r| (score(&sheet.rows[r]), std::cmp::Reverse(r))).unwrap_or(first);
    let best = if score(&sheet.rows[best]) == 0 { first } else { best };
    let top = &sheet.rows[best];
    let under = sheet.rows.get(best + 1);
    let sub = under.filter(|u| {
        let cells: Vec<String> = u.iter().map(text).filter(|t| !t.is_empty()).collect();
        !cells.is_empty()
            && cells.iter().all(|t| classify(t, map, award).0.is_some() && t.parse::<f64>().is_err())
            && u.iter().enumerate().any(|(k, c)| {
                *c != Cell::Empty
                    && top.get(k).is_none_or(|t| {
                        let (f, how, _) = classify(&text(t), map, award);
                        f.is_none() || how == Match::Words || text(t).is_empty()
                    })
            })
    });
    let width = top.len().max(sub.map_or(0, |s| s.len()));
    let mut columns = Vec::new();
    // A header merged over several columns is written in its first cell only: the columns after
    // it, empty above, belong to it.
    let mut group = String::new();
    for k in 0..width {
        let above = top.get(k).map(text).unwrap_or_default();
        if !above.is_empty() {
            group = above.clone();
        }
        let below = sub.and_then(|s| s.get(k)).map(text).unwrap_or_default();
        let (mut field, mut how, mut id) = classify(&above, map, award);
        let mut header = above.clone();
        if !below.is_empty() {
            let (f, h, i) = classify(&below, map, award);
            if f.is_some() && (field.is_none() || how == Match::Words || h == Match::Award) {
                (field, how, id) = (f, h, i);
            }
            let over = if above.is_empty() { group.clone() } else { above.clone() };
            header = if over.is_empty() { below } else { format!("{over} / {below}") };
        }
        // The clerk maps a column by the header as shown, two rows joined.
        if let Some((_, f)) = map.iter().find(|(m, _)| key(m) == key(&header)) {
            (field, how, id) = (Some(*f), Match::Mapped, None);
        }
        columns.push(ColumnUse { letter: column_letter(k), header, field, how, award: id });
    }
    Some(Headers { last_row: if sub.is_some() { best + 1 } else { best }, columns })
}
