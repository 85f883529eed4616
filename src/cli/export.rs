//! `hoso export DOSSIER -o OUT/`: the dossier's lists for the next system, as a workbook
//! (danh-sach.xlsx: typed cells, one sheet per list) and a Word document (danh-sach.docx: the
//! Decree 30 list tables); for a gathered dossier, each unit's results (ket-qua/<unit>.xlsx).

use std::path::PathBuf;

use hoso::t;

use super::{Failure, Outcome, tr};

/// Arguments of `hoso export`.
#[derive(clap::Args)]
pub struct Args {
    /// The dossier (it must check).
    dossier: PathBuf,
    /// The folder to write danh-sach.xlsx and danh-sach.docx into.
    #[arg(short, long, value_name = "DIR")]
    out: PathBuf,
}

/// Run `hoso export`.
pub fn run(args: Args, global: &super::Global) -> Outcome {
    let engine = global.engine()?;
    let checked = super::checked(&engine, &args.dossier)?;
    let lists = hoso::lists::lists(&engine, &checked);
    let xlsx = hoso::lists::xlsx(&lists).map_err(|e| Failure::output(t!("cli.export.failed", error = e)))?;
    let docx = hoso::lists::docx(&lists).map_err(|e| Failure::output(t!("cli.export.failed", error = e)))?;
    std::fs::create_dir_all(&args.out).map_err(|e| {
        Failure::output(t!("cli.cannot-write", path = args.out.display().to_string(), error = e.to_string()))
    })?;
    for (name, bytes) in [(hoso::lists::XLSX_FILE, &xlsx), (hoso::lists::DOCX_FILE, &docx)] {
        let path = args.out.join(name);
        hoso::write_file(&path, bytes).map_err(|e| {
            Failure::output(t!("cli.cannot-write", path = path.display().to_string(), error = e.to_string()))
        })?;
    }
    // A gathered dossier: what goes back to each unit.
    if !lists.results.is_empty() {
        let dir = args.out.join(hoso::lists::RESULTS_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| {
            Failure::output(t!("cli.cannot-write", path = dir.display().to_string(), error = e.to_string()))
        })?;
        for (stem, sheet) in &lists.results {
            let bytes = hoso::lists::workbook(std::slice::from_ref(sheet), lists.date)
                .map_err(|e| Failure::output(t!("cli.export.failed", error = e)))?;
            let path = dir.join(format!("{stem}.xlsx"));
            hoso::write_file(&path, &bytes).map_err(|e| {
                Failure::output(t!("cli.cannot-write", path = path.display().to_string(), error = e.to_string()))
            })?;
        }
        eprintln!("{}", tr(t!("cli.export.results", dir = dir.display().to_string(), count = lists.results.len())));
    }
    let sheets: Vec<String> = lists.sheets.iter().map(|s| format!("{} ({})", s.name, s.rows.len())).collect();
    eprintln!(
        "{}",
        tr(t!(
            "cli.export.done",
            dir = args.out.display().to_string(),
            sheets = sheets.join(", "),
            lists = lists.printed.len()
        ))
    );
    Ok(())
}
