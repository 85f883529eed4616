//! `hoso import SHEET --into DOSSIER.json`: nominees (and their vote counts) from a
//! spreadsheet merged into a dossier file; every bad cell reported by sheet, row and column.

use std::path::PathBuf;

use hoso::import::{self, Column};

use hoso::t;

use super::{Failure, INVALID, Outcome, lang, tr};

/// Arguments of `hoso import`.
#[derive(clap::Args)]
pub struct Args {
    /// The spreadsheet: .xlsx, .xls, .ods or .csv; its header row is found below any title lines.
    sheet: PathBuf,
    /// The dossier to merge the nominees into (rewritten in place unless --out).
    #[arg(long, value_name = "DOSSIER")]
    into: PathBuf,
    /// Write the merged dossier here instead of over --into.
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The sheet to read (default: the first with data).
    #[arg(long, value_name = "NAME")]
    sheet_name: Option<String>,
    /// Map a header to a field, e.g. --column "Họ tên cán bộ=Họ và tên" (fields: Họ và tên,
    /// Loại, Chức vụ, Đơn vị, Ngày sinh, Giới tính, Tóm tắt thành tích, Ghi chú, Danh hiệu, Số
    /// phiếu, bỏ qua).
    #[arg(long = "column", value_name = "HEADER=FIELD")]
    columns: Vec<String>,
    /// Add to the dossier the titles and awards the sheet names that it lacks.
    #[arg(long)]
    add_awards: bool,
}

/// Run `hoso import`.
pub fn run(args: Args) -> Outcome {
    let mut map = Vec::new();
    for c in &args.columns {
        let (header, field) =
            c.rsplit_once('=').ok_or_else(|| Failure::usage(t!("cli.import.column-shape", column = c)))?;
        let field = import::field_named(field)
            .ok_or_else(|| Failure::usage(t!("cli.import.not-a-field", column = c, field = field)))?;
        map.push((header.to_string(), field));
    }
    let file = args.sheet.display().to_string();
    let sheets =
        import::read(&args.sheet).map_err(|e| Failure::usage(t!("cli.in-file", file = file.clone(), what = e)))?;
    let sheet = match &args.sheet_name {
        Some(name) => sheets.iter().find(|s| &s.name == name).ok_or_else(|| {
            let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
            Failure::usage(t!("cli.import.no-sheet", file = file.clone(), sheet = name, sheets = names.join(", ")))
        })?,
        None => import::first_with_data(&sheets)
            .ok_or_else(|| Failure::usage(t!("cli.import.empty", file = file.clone())))?,
    };
    let text = super::read_text(&args.into)?;
    let mut dossier: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Failure::usage(t!("cli.not-json", file = args.into.display().to_string(), error = e.to_string()))
    })?;
    let mut imported = import::nominees(sheet, &map, &import::awards_of(&dossier));
    let mut added = Vec::new();
    if args.add_awards && !imported.to_add.is_empty() {
        added = import::awards::add(&mut dossier, &imported.to_add);
        imported = import::nominees(sheet, &map, &import::awards_of(&dossier));
    }
    if imported.nominees.is_empty() && !map.iter().any(|(_, f)| *f == Column::Name) && imported.rows > 0 {
        eprintln!("{}", tr(t!("cli.import.no-name-column")));
    }
    // Every column accounted for: those read (a guess marked), those not.
    eprintln!(
        "{}",
        tr(t!("cli.import.columns", file = file.clone(), row = imported.header_row, used = imported.used().join("; ")))
    );
    if imported.columns.iter().any(|c| c.how == import::Match::Words) {
        eprintln!("{}", tr(t!("cli.import.guessed", file = file.clone())));
    }
    let ignored = imported.ignored();
    if !ignored.is_empty() {
        eprintln!("{}", tr(t!("cli.import.ignored", file = file.clone(), ignored = ignored.join("; "))));
    }
    for (row, name) in &imported.collectives {
        eprintln!("{}", tr(t!("cli.import.collective", file = file.clone(), row = *row, name = name)));
    }
    for a in &added {
        let by = dossier["authorities"]
            .as_array()
            .and_then(|l| l.iter().find(|x| x["id"] == a.authority.as_str()))
            .and_then(|x| x["title"].as_str())
            .unwrap_or(&a.authority)
            .to_string();
        eprintln!("{}", tr(t!("cli.import.added", file = file.clone(), name = &a.name, id = &a.id, authority = by)));
    }
    if !imported.to_add.is_empty() {
        eprintln!("{}", tr(t!("cli.import.to-add", file = file.clone(), names = imported.to_add.join("; "))));
    }
    if imported.left_out > 0 {
        eprintln!("{}", tr(t!("cli.import.left-out", file = file.clone(), count = imported.left_out)));
    }
    let merged = import::merge(&mut dossier, &imported);
    let out = args.out.as_ref().unwrap_or(&args.into);
    let json = serde_json::to_string_pretty(&dossier).expect("JSON") + "\n";
    hoso::write_file(out, json.as_bytes()).map_err(|e| {
        Failure::output(t!("cli.cannot-write", path = out.display().to_string(), error = e.to_string()))
    })?;
    for p in &imported.problems {
        eprintln!("{}: {}", args.sheet.display(), p.render(lang()));
    }
    eprintln!(
        "{}",
        tr(t!(
            "cli.import.summary",
            file = file,
            rows = imported.rows,
            imported = imported.nominees.len(),
            added = merged.added,
            updated = merged.updated,
            votes = merged.votes,
            refused = imported.problems.len(),
            out = out.display().to_string()
        ))
    );
    if imported.problems.is_empty() { Ok(()) } else { Err(Failure::reported(INVALID)) }
}
