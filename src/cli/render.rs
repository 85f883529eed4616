//! `hoso render DOSSIER -o OUTDIR`: check, render every document in memory, then write them
//! atomically. Nothing is written unless every document rendered.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Global, INVALID, USAGE, print_problems, read_dossier};

/// Arguments of `hoso render`.
#[derive(clap::Args)]
pub struct Args {
    /// The dossier JSON file.
    dossier: PathBuf,
    /// Folder to write the PDFs into (created if missing).
    #[arg(short, long, value_name = "OUTDIR")]
    out: PathBuf,
    /// Render only this form (see `hoso forms`).
    #[arg(long, value_name = "FORM")]
    only: Option<String>,
}

/// Run `hoso render`.
pub fn run(global: &Global, args: Args) -> Result<ExitCode, ExitCode> {
    let engine = global.engine()?;
    let text = read_dossier(&args.dossier)?;
    let valid = engine.check(&text).map_err(|problems| {
        print_problems(&args.dossier, &problems);
        ExitCode::from(INVALID)
    })?;
    print_problems(&args.dossier, &valid.warnings);
    let docs = engine
        .render(&valid.dossier, args.only.as_deref())
        .map_err(|e| {
            eprintln!("{}: {e}", args.dossier.display());
            match e {
                hoso::RenderError::Invalid(_) => ExitCode::from(INVALID),
                hoso::RenderError::UnknownForm(_) => ExitCode::from(USAGE),
                hoso::RenderError::Template { .. } => ExitCode::FAILURE,
            }
        })?;
    let files = docs
        .iter()
        .map(|d| (d.file_name.as_str(), d.pdf.as_slice()));
    hoso::output::write_all(&args.out, files).map_err(|e| {
        eprintln!("error: cannot write into {}: {e}", args.out.display());
        ExitCode::from(USAGE)
    })?;
    for d in &docs {
        println!(
            "{} ({} pages)",
            args.out.join(&d.file_name).display(),
            d.pages
        );
    }
    Ok(ExitCode::SUCCESS)
}
