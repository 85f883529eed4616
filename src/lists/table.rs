//! The lists' shapes: typed cells, flat sheets, printed lists, and the names of the files,
//! sheets and headers `hoso export` writes and `hoso gather` reads.

use crate::vi::Date;

/// One typed cell of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, written as text even when it looks like a number (an id "0123" stays "0123").
    Text(String),
    /// A date, written as a date cell shown dd/mm/yyyy.
    Date(Date),
    /// A count (votes, nominees), a whole number.
    Count(u32),
    /// An amount of money in đồng, a whole number shown with thousands separators.
    Money(u64),
    /// Nothing.
    Empty,
}

impl Cell {
    /// The cell as text ("" when empty), for the .docx and for comparisons.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Date(d) => d.short(),
            Cell::Count(n) => n.to_string(),
            Cell::Money(n) => crate::vi::thousands(*n),
            Cell::Empty => String::new(),
        }
    }
}

/// One flat table of a workbook: title lines above the headers, then one row per entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The sheet's name (at most 31 characters, unique in the workbook).
    pub name: String,
    /// Lines above the header row (the list's title and reference line), possibly none.
    pub title: Vec<String>,
    /// The header row.
    pub headers: Vec<String>,
    /// Each column's width, in characters.
    pub widths: Vec<f64>,
    /// The data rows, each as wide as the headers.
    pub rows: Vec<Vec<Cell>>,
    /// The column summed in a total row under the data (prize money), if any.
    pub sum: Option<usize>,
}

/// One list as the PDF prints it: its title, reference line, parts and total.
#[derive(Debug, Clone, PartialEq)]
pub struct Printed {
    /// "DANH SÁCH …" (upper case, as printed).
    pub title: String,
    /// "(Kèm theo … số … ngày … của …)".
    pub subtitle: String,
    /// The tables, in order: one per kind of nominee (and per unit in a gathered dossier).
    pub parts: Vec<Part>,
    /// "Tổng cộng: …".
    pub total: String,
}

/// One table of a printed list.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// A heading above the part's own ("I. GIẤY KHEN", "I. TRƯỜNG TIỂU HỌC … (theo Tờ trình …)").
    pub above: Option<String>,
    /// The part's heading ("I. TẬP THỂ", "2. Cá nhân").
    pub heading: String,
    /// The table's header row.
    pub headers: Vec<String>,
    /// Relative column widths (the template's proportions).
    pub widths: Vec<u32>,
    /// The rows, as printed.
    pub rows: Vec<Vec<String>>,
    /// "Cộng: …" under the part, if any.
    pub subtotal: Option<String>,
}

/// A dossier's lists, both shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Lists {
    /// The workbook's sheets, in order ("Danh sách" first: `hoso import` reads the first).
    pub sheets: Vec<Sheet>,
    /// The printed lists: each letter's, then each decision's; the nominee list when there is
    /// neither.
    pub printed: Vec<Printed>,
    /// For a gathered dossier, what the office sends back to each unit: one sheet per unit
    /// (its abbreviation, its sheet), every title and award the unit proposed with whether the
    /// office's decision gave it, the decision's number and date, the prize and the
    /// golden-book number. Each with its file stem (the unit's abbreviation as a slug).
    pub results: Vec<(String, Sheet)>,
    /// The date the files carry (the dossier's latest document date), never the clock's.
    pub date: Date,
}

/// The workbook `hoso export` writes.
pub const XLSX_FILE: &str = "danh-sach.xlsx";
/// The Word document `hoso export` writes.
pub const DOCX_FILE: &str = "danh-sach.docx";

/// The folder of the units' results a gathered dossier's export writes (one workbook each).
pub const RESULTS_DIR: &str = "ket-qua";

/// The name of the sheet of every nominee.
pub const NOMINEES_SHEET: &str = "Danh sách";
/// The name of the sheet of the council's votes.
pub const VOTES_SHEET: &str = "Biểu quyết";
/// The name of the sheet describing the unit and its letters.
pub const INFO_SHEET: &str = "Thông tin";

/// The info sheet's headers, in order: what `hoso gather` reads of a unit's workbook.
pub const INFO_HEADERS: [&str; 9] = [
    "Đơn vị",
    "Viết tắt",
    "Trình lên (mã)",
    "Trình lên",
    "Số tờ trình",
    "Ngày",
    "Số tập thể",
    "Số cá nhân",
    "Trang danh sách",
];

/// The info sheet's column of the households a letter proposes, after [`INFO_HEADERS`] when it
/// proposes any.
pub const HOUSEHOLDS_HEADER: &str = "Số hộ gia đình";
/// The header of the column of a person's identity number (stored, never printed).
pub const PERSON_ID_HEADER: &str = "Số định danh cá nhân";
/// The header of the column naming a gathered nominee's proposing unit.
pub const FROM_UNIT_HEADER: &str = "Nơi trình";
/// The header of the column citing a gathered nominee's proposing letter.
pub const FROM_LETTER_HEADER: &str = "Theo Tờ trình";
