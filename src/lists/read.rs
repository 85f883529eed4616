//! A unit's workbook read back: the letters its info sheet states, for `hoso gather` to take a
//! unit that sends only its workbook (the nominees come through `crate::import`).

use crate::import::{Cell, Sheet, key};
use crate::vi::Date;

use super::table::{HOUSEHOLDS_HEADER, INFO_HEADERS, INFO_SHEET};

/// One letter upward as a unit's info sheet states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    /// The unit's full name.
    pub unit: String,
    /// Its abbreviation.
    pub abbreviation: String,
    /// The id of the authority the letter goes to.
    pub authority: String,
    /// Its number and symbol, "27/TTr-THKT", when registered.
    pub number: Option<String>,
    /// Its date.
    pub date: Date,
    /// The collectives, individuals and households the letter says it proposes, when it says
    /// (a workbook without the households column says none).
    pub counts: [Option<u32>; 3],
    /// The sheet of its list.
    pub sheet: String,
    /// The info sheet's row stating it, from 1.
    pub row: usize,
}

/// A cell as text.
fn text(c: Option<&Cell>) -> String {
    match c {
        Some(Cell::Text(t)) => t.trim().to_string(),
        Some(Cell::Number(x)) if x.fract() == 0.0 => format!("{x:.0}"),
        Some(Cell::Number(x)) => x.to_string(),
        Some(Cell::Date(d)) => d.short(),
        _ => String::new(),
    }
}

/// The letters of a workbook's info sheet; `None` when it has none (not a unit's workbook);
/// `Err` with the row and what is wrong when a row cannot be read.
pub fn letters(sheets: &[Sheet]) -> Option<Result<Vec<Letter>, (usize, String)>> {
    let info = sheets.iter().find(|s| s.name == INFO_SHEET)?;
    let Some(head) =
        info.rows.iter().position(|r| r.first().is_some_and(|c| key(&text(Some(c))) == key(INFO_HEADERS[0])))
    else {
        return Some(Err((1, INFO_HEADERS[0].to_string())));
    };
    let columns: Vec<Option<usize>> = INFO_HEADERS
        .iter()
        .chain([&HOUSEHOLDS_HEADER])
        .map(|h| info.rows[head].iter().position(|c| key(&text(Some(c))) == key(h)))
        .collect();
    let mut out = Vec::new();
    for (r, row) in info.rows.iter().enumerate().skip(head + 1) {
        if row.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        let at = |k: usize| columns[k].and_then(|c| row.get(c));
        let count = |k: usize| text(at(k)).parse::<u32>().ok();
        let date = match at(5) {
            Some(Cell::Date(d)) => Some(*d),
            Some(Cell::Number(x)) => Date::from_excel_serial(*x),
            c => Date::parse(&text(c)).ok(),
        };
        let (unit, authority, sheet) = (text(at(0)), text(at(2)), text(at(8)));
        let Some(date) = date else { return Some(Err((r + 1, INFO_HEADERS[5].to_string()))) };
        for (k, v) in [(0, &unit), (2, &authority), (8, &sheet)] {
            if v.is_empty() {
                return Some(Err((r + 1, INFO_HEADERS[k].to_string())));
            }
        }
        let number = Some(text(at(4))).filter(|n| !n.is_empty());
        out.push(Letter {
            unit,
            abbreviation: text(at(1)),
            authority,
            number,
            date,
            counts: [count(6), count(7), if columns[9].is_some() { count(9) } else { Some(0) }],
            sheet,
            row: r + 1,
        });
    }
    Some(Ok(out))
}
