//! The printed lists as a Word document (docx-rs): A4 landscape with Decree 30's margins (top
//! and bottom 20 mm, left 30 mm, right 15 mm), Times New Roman, each list's title in bold and
//! its reference line in italics, its tables in 12 pt with the header row repeated on every
//! page, the headings, subtotals and total as the PDF prints them.
//!
//! docx-rs has no setter for a repeated header row (`w:tblHeader`): header rows are written
//! with `w:cantSplit` (which only they carry) and marked after packing; the package is then
//! written again with fixed entry times and paragraph ids counted from one, so the same lists
//! give the same bytes.

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, PageOrientationType, Paragraph, Run, RunFonts, Table, TableCell,
    TableLayoutType, TableRow, WidthType,
};

use super::table::{Lists, Part, Printed};

/// Twentieths of a point in a millimetre.
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;
/// A4 landscape, in twips.
const PAGE: (u32, u32) = (16838, 11906);
/// Decree 30's margins, in mm: top, bottom, left, right.
const MARGINS_MM: (f64, f64, f64, f64) = (20.0, 20.0, 30.0, 15.0);
/// Body text, in half-points (13 pt).
const BODY: usize = 26;
/// Table text, in half-points (12 pt).
const TABLE: usize = 24;

fn mm(v: f64) -> i32 {
    (v * TWIPS_PER_MM).round() as i32
}

fn font() -> RunFonts {
    RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .east_asia("Times New Roman")
}

fn run(text: &str, size: usize) -> Run {
    Run::new().add_text(text).size(size).fonts(font())
}

/// The document of `lists`, as bytes.
pub fn docx(lists: &Lists) -> Result<Vec<u8>, String> {
    let (top, bottom, left, right) = MARGINS_MM;
    let text_width = f64::from(PAGE.0) - f64::from(mm(left) + mm(right));
    let mut doc = Docx::new()
        .page_size(PAGE.0, PAGE.1)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(PageMargin {
            top: mm(top),
            bottom: mm(bottom),
            left: mm(left),
            right: mm(right),
            header: mm(10.0),
            footer: mm(10.0),
            gutter: 0,
        })
        .default_fonts(font())
        .default_size(BODY)
        .created_at(&format!("{:04}-{:02}-{:02}T00:00:00Z", lists.date.year(), lists.date.month(), lists.date.day()))
        .updated_at(&format!("{:04}-{:02}-{:02}T00:00:00Z", lists.date.year(), lists.date.month(), lists.date.day()));
    for (k, p) in lists.printed.iter().enumerate() {
        doc = list(doc, p, text_width, k > 0);
    }
    let mut packed = Cursor::new(Vec::new());
    doc.build().pack(&mut packed).map_err(|e| e.to_string())?;
    repack(&packed.into_inner()).map_err(|e| e.to_string())
}

/// One printed list: title, reference line, its parts, the total.
fn list(mut doc: Docx, p: &Printed, width: f64, new_page: bool) -> Docx {
    let mut title = Paragraph::new()
        .add_run(run(&p.title, BODY).bold())
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().before(0).after(0));
    if new_page {
        title = title.page_break_before(true);
    }
    doc = doc.add_paragraph(title);
    if !p.subtitle.is_empty() {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(run(&p.subtitle, BODY).italic())
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().before(0).after(200)),
        );
    }
    for part in &p.parts {
        doc = table(doc, part, width);
    }
    if !p.total.is_empty() {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(run(&p.total, BODY).bold()).line_spacing(LineSpacing::new().before(120).after(0)),
        );
    }
    doc
}

/// One part: its headings, then its table, then its subtotal.
fn table(mut doc: Docx, part: &Part, width: f64) -> Docx {
    for h in part.above.iter().chain(std::iter::once(&part.heading)).filter(|h| !h.is_empty()) {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(run(h, BODY).bold())
                .keep_next(true)
                .line_spacing(LineSpacing::new().before(120).after(60)),
        );
    }
    let total: u32 = part.widths.iter().sum::<u32>().max(1);
    let grid: Vec<usize> =
        part.widths.iter().map(|w| (width * f64::from(*w) / f64::from(total)).floor() as usize).collect();
    let cell = |text: &str, k: usize, bold: bool, align: AlignmentType| {
        let mut r = run(text, TABLE);
        if bold {
            r = r.bold();
        }
        TableCell::new()
            .add_paragraph(
                Paragraph::new().add_run(r).align(align).line_spacing(LineSpacing::new().before(40).after(40)),
            )
            .width(grid[k], WidthType::Dxa)
    };
    let head =
        TableRow::new(part.headers.iter().enumerate().map(|(k, h)| cell(h, k, true, AlignmentType::Center)).collect())
            .cant_split();
    let mut rows = vec![head];
    for r in &part.rows {
        rows.push(TableRow::new(
            r.iter()
                .enumerate()
                .map(|(k, v)| {
                    // STT centred, amounts to the right, text from the left.
                    let align = if k == 0 {
                        AlignmentType::Center
                    } else if k + 1 == r.len() && v.chars().all(|c| c.is_ascii_digit() || c == '.') && !v.is_empty() {
                        AlignmentType::Right
                    } else {
                        AlignmentType::Left
                    };
                    cell(v, k, false, align)
                })
                .collect(),
        ));
    }
    doc = doc.add_table(
        Table::new(rows).set_grid(grid.clone()).layout(TableLayoutType::Fixed).width(grid.iter().sum(), WidthType::Dxa),
    );
    if let Some(sub) = &part.subtotal {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(run(sub, BODY).italic()).line_spacing(LineSpacing::new().before(60).after(60)),
        );
    }
    doc
}

/// Paragraph ids in document order from 1: docx-rs counts them per thread, so a second
/// document of the same lists would carry others.
fn renumbered(xml: &str) -> String {
    const MARK: &str = "w14:paraId=\"";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    let mut n: u32 = 0;
    while let Some(at) = rest.find(MARK) {
        let start = at + MARK.len();
        let Some(len) = rest[start..].find('"') else { break };
        n += 1;
        out.push_str(&rest[..start]);
        out.push_str(&format!("{n:08X}"));
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

/// The package again: header rows marked to repeat, entries in their order with fixed times.
fn repack(bytes: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.to_string();
        if entry.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        if name == "word/document.xml" {
            let text = String::from_utf8_lossy(&data);
            data = renumbered(&text.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")).into_bytes();
        }
        out.start_file(name, options)?;
        out.write_all(&data)?;
    }
    Ok(out.finish()?.into_inner())
}
