//! `hoso check DOSSIER`: validate and cross-check, print every problem; render nothing.

use std::path::PathBuf;

use super::{Global, Outcome, checked, tr};

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
        "{}",
        tr(hoso::t!(
            "cli.check-ok",
            file = args.dossier.display().to_string(),
            nominees = c.dossier().nominees.len(),
            evidence = c.evidence_files().count()
        ))
    );
    Ok(())
}
