//! `hoso check DOSSIER`: validate and cross-check, print every problem; render nothing.

use std::path::PathBuf;

use super::{Global, Outcome, checked};

/// Arguments of `hoso check`.
#[derive(clap::Args)]
pub struct Args {
    /// The dossier JSON file.
    dossier: PathBuf,
}

/// Run `hoso check`.
pub fn run(global: &Global, args: Args) -> Outcome {
    let engine = global.engine()?;
    let c = checked(&engine, &args.dossier)?;
    super::say!(
        "{}: ok ({} nominees, {} evidence files)",
        args.dossier.display(),
        c.dossier.nominees.len(),
        c.evidence_files().count()
    );
    Ok(())
}
