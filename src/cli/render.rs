//! `hoso render DOSSIER -o OUTDIR`: check, render every document in memory, then write them
//! and `manifest.json` atomically. Nothing is written unless every document rendered, and
//! nothing after Ctrl-C.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Global, INTERRUPTED, INVALID, USAGE, checked, interrupted};

/// Arguments of `hoso render`.
#[derive(clap::Args)]
pub struct Args {
    /// The dossier JSON file.
    dossier: PathBuf,
    /// Folder to write the PDFs into (created if missing).
    #[arg(short, long, value_name = "OUTDIR")]
    out: PathBuf,
    /// Render only this form's documents (see `hoso forms`); no ho-so.pdf then.
    #[arg(long, value_name = "FORM")]
    only: Option<String>,
    /// Lay the dossier's signature and seal images onto the pages (visually signed copies).
    #[arg(long)]
    stamp: bool,
}

/// Run `hoso render`.
pub fn run(global: &Global, args: Args) -> Result<ExitCode, ExitCode> {
    let engine = global.engine()?;
    let c = checked(&engine, &args.dossier)?;
    let options = hoso::RenderOptions { only: args.only.as_deref(), stamp: args.stamp };
    let rendered = engine.render_with(&c, &options).map_err(|e| {
        eprintln!("{}: {e}", args.dossier.display());
        match e {
            hoso::RenderError::Invalid(_) => ExitCode::from(INVALID),
            hoso::RenderError::UnknownForm(_) => ExitCode::from(USAGE),
            hoso::RenderError::Template { .. } => ExitCode::FAILURE,
        }
    })?;
    if interrupted() {
        eprintln!("interrupted: nothing written");
        return Err(ExitCode::from(INTERRUPTED));
    }
    rendered.write(&args.out).map_err(|e| {
        eprintln!("error: cannot write into {}: {e}", args.out.display());
        ExitCode::from(USAGE)
    })?;
    for d in &rendered.documents {
        println!("{} ({} page{})", args.out.join(&d.file_name).display(), d.pages, if d.pages == 1 { "" } else { "s" });
    }
    println!("{}", args.out.join(hoso::engine::MANIFEST_FILE).display());
    Ok(ExitCode::SUCCESS)
}
