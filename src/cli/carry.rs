//! `hoso carry-over LAST.json [-o NEXT.json]`: next year's dossier from last year's, with what
//! belongs to last year cleared ([`hoso::dossier::carry_over`]); a format hoso/1 file is
//! upgraded first.

use std::path::PathBuf;

use super::{Failure, Outcome};

/// Arguments of `hoso carry-over`.
#[derive(clap::Args)]
pub struct Args {
    /// Last year's dossier file.
    dossier: PathBuf,
    /// Where to write next year's (default: print it).
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Run `hoso carry-over`.
pub fn run(args: Args) -> Outcome {
    let text = super::read_text(&args.dossier)?;
    let last: serde_json::Value = match hoso::dossier::upgrade(&text) {
        Some(v2) => v2,
        None => serde_json::from_str(&text).map_err(|e| {
            Failure::usage(format!("{} is not JSON ({e}); `hoso check` says more", args.dossier.display()))
        })?,
    };
    if last["format"] != "hoso/2" {
        return Err(Failure::usage(format!(
            "{} is not a hoso dossier (no \"format\": \"hoso/2\")",
            args.dossier.display()
        )));
    }
    super::write_json(args.out.as_deref(), &hoso::dossier::carry_over(&last))?;
    if let Some(path) = &args.out {
        eprintln!(
            "{}: next year's dossier; fill in the dates, numbers, votes, reports and evidence (`hoso check {}` lists them)",
            path.display(),
            path.display()
        );
    }
    Ok(())
}
