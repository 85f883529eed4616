//! `hoso carry-over LAST.json [-o NEXT.json]`: next year's dossier from last year's, with what
//! belongs to last year cleared ([`hoso::dossier::carry_over`]); a format hoso/1 file is
//! upgraded first.

use std::path::PathBuf;

use hoso::t;

use super::{Failure, Outcome, tr};

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
            Failure::usage(t!("cli.not-json", file = args.dossier.display().to_string(), error = e.to_string()))
        })?,
    };
    if last["format"] != "hoso/2" {
        return Err(Failure::usage(t!("cli.not-dossier", file = args.dossier.display().to_string())));
    }
    super::write_json(args.out.as_deref(), &hoso::dossier::carry_over(&last))?;
    if let Some(path) = &args.out {
        eprintln!("{}", tr(t!("cli.carry.done", file = path.display().to_string())));
    }
    Ok(())
}
