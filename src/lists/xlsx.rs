//! The lists as a workbook (rust_xlsxwriter): one sheet per [`Sheet`], title lines merged across
//! the table, a bold header row that repeats on every printed page and stays in view, typed
//! cells, a total row summing the prize money with its value cached for readers that do not
//! compute. The file's creation date is the dossier's, so the same dossier gives the same bytes.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook};

use super::table::{Cell, Lists, Sheet};

/// The workbook of `lists`, as bytes.
pub fn xlsx(lists: &Lists) -> Result<Vec<u8>, String> {
    workbook(&lists.sheets, lists.date)
}

/// A workbook of `sheets` dated `date`, as bytes (a unit's results: one sheet of
/// [`Lists::results`]).
pub fn workbook(sheets: &[Sheet], date: crate::vi::Date) -> Result<Vec<u8>, String> {
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    // (The crate's properties start from the clock; the dossier's date replaces it.)
    let date = ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8).map_err(e)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&date).set_author("hoso"));
    for sheet in sheets {
        write(&mut book, sheet).map_err(e)?;
    }
    book.save_to_buffer().map_err(e)
}

/// One sheet.
fn write(book: &mut Workbook, sheet: &Sheet) -> Result<(), rust_xlsxwriter::XlsxError> {
    let font = |f: Format| f.set_font_name("Times New Roman").set_font_size(12);
    let title = font(Format::new()).set_bold().set_align(FormatAlign::Center);
    let head = font(Format::new())
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let body = font(Format::new()).set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    let date = body.clone().set_num_format("dd/mm/yyyy");
    let money = body.clone().set_num_format("#,##0");
    let count = body.clone().set_align(FormatAlign::Center);
    let ws = book.add_worksheet();
    ws.set_name(&sheet.name)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    // As wide as the page, as many pages long as the list needs.
    ws.set_print_fit_to_pages(1, 0);
    let last = sheet.headers.len().saturating_sub(1) as u16;
    let mut row: u32 = 0;
    for line in &sheet.title {
        if last > 0 {
            ws.merge_range(row, 0, row, last, line, &title)?;
        } else {
            ws.write_string_with_format(row, 0, line, &title)?;
        }
        row += 1;
    }
    if !sheet.title.is_empty() {
        row += 1;
    }
    let header_row = row;
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, h, &head)?;
    }
    for (c, w) in sheet.widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    // Headers of two lines ("Số tiền thưởng (đồng)").
    ws.set_row_height(header_row, 31.5)?;
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_freeze_panes(header_row + 1, 0)?;
    for cells in &sheet.rows {
        row += 1;
        // Row heights are not measured by every reader: each row as tall as its longest
        // wrapped text (a character of 12 pt Times is about one width unit).
        let lines = cells
            .iter()
            .zip(&sheet.widths)
            .map(|(c, w)| {
                c.text()
                    .split('\n')
                    .map(|l| (l.chars().count() as f64 / (w - 1.0).max(1.0)).ceil().max(1.0))
                    .sum::<f64>()
            })
            .fold(1.0, f64::max);
        if lines > 1.0 {
            ws.set_row_height(row, 15.75 * lines)?;
        }
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(t) => ws.write_string_with_format(row, c, t, &body)?,
                Cell::Date(d) => ws.write_datetime_with_format(
                    row,
                    c,
                    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?,
                    &date,
                )?,
                Cell::Count(n) => ws.write_number_with_format(row, c, f64::from(*n), &count)?,
                Cell::Money(n) => ws.write_number_with_format(row, c, *n as f64, &money)?,
                Cell::Empty => ws.write_blank(row, c, &body)?,
            };
        }
    }
    if let Some(col) = sheet.sum {
        let total: u64 =
            sheet.rows.iter().filter_map(|r| if let Some(Cell::Money(n)) = r.get(col) { Some(*n) } else { None }).sum();
        let bold = money.clone().set_bold();
        let label = body.clone().set_bold();
        row += 1;
        ws.write_string_with_format(row, 3, "Tổng cộng", &label)?;
        let letter = crate::import::column_letter(col);
        let formula =
            Formula::new(format!("=SUM({letter}{}:{letter}{})", header_row + 2, row)).set_result(total.to_string());
        ws.write_formula_with_format(row, col as u16, formula, &bold)?;
    }
    Ok(())
}
