//! A spreadsheet measured before it is laid out in memory ([`crate::limits`]): calamine lays a
//! sheet out as one dense block from its first used cell to its last, so one stray mark at
//! XFD1048576 would ask for seventeen billion cells, and a few megabytes of zip can inflate to
//! gigabytes of XML. Each check here reads the file as it is stored, within its own bound.

use std::io::Read;

use crate::limits::{MAX_SHEET_CELLS, MAX_SHEET_COLUMNS, MAX_SHEET_INFLATED, MAX_SHEET_PART, MAX_SHEET_ROWS};
use crate::messages::Text;
use crate::t;

/// The cell at `row`, `col` (from 0) of sheet `sheet`, the `count`-th with data, within the
/// sheet limits; past them, refused by its address ("XFD1048576").
pub(super) fn cell_within(sheet: &str, row: u32, col: u32, count: usize) -> Result<(), Text> {
    if row >= MAX_SHEET_ROWS || col >= MAX_SHEET_COLUMNS {
        let address = format!("{}{}", column_letter(col as usize), u64::from(row) + 1);
        return Err(t!(
            "import.cell-too-far",
            sheet = sheet,
            cell = address,
            rows = MAX_SHEET_ROWS,
            columns = MAX_SHEET_COLUMNS
        ));
    }
    if count >= MAX_SHEET_CELLS {
        return Err(t!("import.too-many-cells", sheet = sheet, max = MAX_SHEET_CELLS));
    }
    Ok(())
}

/// Every part of a zip-packed spreadsheet (.xlsx, .ods) inflated once, counting, within
/// [`MAX_SHEET_PART`] each and [`MAX_SHEET_INFLATED`] in all: what the archive *says* a part
/// holds is not trusted.
pub(super) fn zip_within(bytes: &[u8]) -> Result<(), Text> {
    let unreadable = |e: &dyn std::fmt::Display| t!("import.unreadable-book", error = e.to_string());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut total = 0u64;
    for k in 0..archive.len() {
        let part = archive.by_index(k).map_err(|e| unreadable(&e))?;
        let mut limited = part.take(MAX_SHEET_PART + 1);
        let n = std::io::copy(&mut limited, &mut std::io::sink()).map_err(|e| unreadable(&e))?;
        total += n;
        if n > MAX_SHEET_PART || total > MAX_SHEET_INFLATED {
            return Err(t!("import.inflates-too-much", max = MAX_SHEET_INFLATED >> 20));
        }
    }
    Ok(())
}

/// An OpenDocument sheet's rows and repeated cells (`table:number-rows-repeated`,
/// `table:number-columns-repeated`), counted as calamine would lay them out: the cells it
/// stores row by row, and the rows from the first with data to the last.
pub(super) fn ods_within(bytes: &[u8]) -> Result<(), Text> {
    use quick_xml::events::Event;
    let unreadable = |e: &dyn std::fmt::Display| t!("import.unreadable-book", error = e.to_string());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut xml = Vec::new();
    archive
        .by_name("content.xml")
        .map_err(|e| unreadable(&e))?
        .take(MAX_SHEET_PART)
        .read_to_end(&mut xml)
        .map_err(|e| unreadable(&e))?;
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let repeat = |e: &quick_xml::events::BytesStart, key: &[u8]| -> u64 {
        e.try_get_attribute(key)
            .ok()
            .flatten()
            .and_then(|a| std::str::from_utf8(&a.value).ok().and_then(|v| v.parse().ok()))
            .unwrap_or(1)
    };
    // Per sheet: cells stored (each row element's cells, repeats expanded up to calamine's
    // 16,384 columns), rows spanned from the first row with data to the last.
    let (mut stored, mut rows_before_data, mut spanned, mut pending_rows) = (0u64, 0u64, 0u64, 0u64);
    let (mut row_repeat, mut row_cells, mut row_has_data, mut in_row) = (1u64, 0u64, false, false);
    let mut sheet = String::new();
    let mut buf = Vec::new();
    let too_large = |sheet: &str| t!("import.too-many-cells", sheet = sheet, max = MAX_SHEET_CELLS);
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| unreadable(&e))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"table:table" => {
                sheet = e
                    .try_get_attribute(b"table:name")
                    .ok()
                    .flatten()
                    .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                    .unwrap_or_default();
                (stored, rows_before_data, spanned, pending_rows) = (0, 0, 0, 0);
            }
            Event::Start(ref e) if e.name().as_ref() == b"table:table-row" => {
                (row_repeat, row_cells, row_has_data, in_row) =
                    (repeat(e, b"table:number-rows-repeated"), 0, false, true);
            }
            Event::Empty(ref e) if e.name().as_ref() == b"table:table-row" => {
                pending_rows += repeat(e, b"table:number-rows-repeated");
            }
            Event::Start(ref e) | Event::Empty(ref e)
                if in_row && matches!(e.name().as_ref(), b"table:table-cell" | b"table:covered-table-cell") =>
            {
                let n = repeat(e, b"table:number-columns-repeated");
                let data = matches!(event, Event::Start(_))
                    || e.try_get_attribute(b"office:value-type").ok().flatten().is_some();
                if data {
                    row_has_data = true;
                    if row_cells + 1 > u64::from(MAX_SHEET_COLUMNS) {
                        let address = format!(
                            "{}{}",
                            column_letter(row_cells as usize),
                            rows_before_data + spanned + pending_rows + 1
                        );
                        return Err(t!(
                            "import.cell-too-far",
                            sheet = &sheet,
                            cell = address,
                            rows = MAX_SHEET_ROWS,
                            columns = MAX_SHEET_COLUMNS
                        ));
                    }
                }
                row_cells = (row_cells + n).min(16_384);
            }
            Event::End(ref e) if e.name().as_ref() == b"table:table-row" => {
                in_row = false;
                stored += row_cells;
                if row_has_data {
                    // Empty rows between two rows with data are laid out too.
                    if spanned > 0 {
                        spanned += pending_rows;
                    } else {
                        rows_before_data += pending_rows;
                    }
                    spanned += row_repeat;
                    pending_rows = 0;
                } else {
                    pending_rows += row_repeat;
                }
                if stored > MAX_SHEET_CELLS as u64 * 4 {
                    return Err(too_large(&sheet));
                }
                if rows_before_data + spanned > u64::from(MAX_SHEET_ROWS) {
                    let address = format!("A{}", rows_before_data + spanned);
                    return Err(t!(
                        "import.cell-too-far",
                        sheet = &sheet,
                        cell = address,
                        rows = MAX_SHEET_ROWS,
                        columns = MAX_SHEET_COLUMNS
                    ));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// An Excel 97–2003 book's cells, found in its records (BIFF8, in the "Workbook" stream of
/// its compound file) with their row and column, so a sheet whose cells lie far apart is
/// refused before calamine lays out the block between them.
pub(super) fn xls_within(bytes: &[u8]) -> Result<(), Text> {
    let unreadable = |e: &dyn std::fmt::Display| t!("import.unreadable-book", error = e.to_string());
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let name =
        ["/Workbook", "/Book"].into_iter().find(|n| file.is_stream(n)).ok_or_else(|| unreadable(&"no workbook"))?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .map_err(|e| unreadable(&e))?
        .take(MAX_SHEET_PART)
        .read_to_end(&mut stream)
        .map_err(|e| unreadable(&e))?;
    // The sheets' names (BOUNDSHEET records, in order), then each sheet's cells after its BOF.
    let (mut at, mut sheet, mut count) = (0usize, 0usize, 0usize);
    let mut names: Vec<String> = Vec::new();
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
        let data = stream.get(at + 4..at + 4 + len).unwrap_or_default();
        let word = |k: usize| data.get(k..k + 2).map_or(0, |w| u16::from_le_bytes([w[0], w[1]]));
        let name = names.get(sheet.wrapping_sub(1)).cloned().unwrap_or_else(|| sheet.to_string());
        match kind {
            0x0085 if data.len() >= 8 => {
                let chars = usize::from(data[6]);
                let name = if data[7] & 1 == 1 {
                    let units: Vec<u16> =
                        data[8..].chunks_exact(2).take(chars).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
                    String::from_utf16_lossy(&units)
                } else {
                    data[8..].iter().take(chars).map(|&b| char::from(b)).collect()
                };
                names.push(name);
            }
            // BOF of a worksheet: the next sheet's cells follow.
            0x0809 if word(2) == 0x0010 => sheet += 1,
            // NUMBER, RK, LABELSST, LABEL, FORMULA, BOOLERR: one cell (row, column).
            0x0203 | 0x027E | 0x00FD | 0x0204 | 0x0006 | 0x0205 => {
                cell_within(&name, u32::from(word(0)), u32::from(word(2)), count)?;
                count += 1;
            }
            // MULRK: a row of cells, its first and last columns.
            0x00BD if len >= 6 => {
                let last = word(len - 2);
                cell_within(&name, u32::from(word(0)), u32::from(last), count)?;
                count += usize::from(last.saturating_sub(word(2))) + 1;
            }
            _ => {}
        }
        at += 4 + len;
    }
    Ok(())
}

/// Column `k` (from 0) as a spreadsheet letter: A, …, Z, AA, ….
pub(crate) fn column_letter(mut k: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (k % 26) as u8);
        if k < 26 {
            break;
        }
        k = k / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}
