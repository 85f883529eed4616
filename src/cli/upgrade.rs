//! `hoso upgrade OLD.json [-o NEW.json]`: a format v1 dossier rewritten as format v2, the same
//! documents from the new shape (one authority, one award, one letter, one round of votes).

use std::path::PathBuf;

use super::{Failure, Outcome};

/// Arguments of `hoso upgrade`.
#[derive(clap::Args)]
pub struct Args {
    /// The v1 dossier file.
    dossier: PathBuf,
    /// Where to write the v2 file (default: print it).
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Run `hoso upgrade`.
pub fn run(args: Args) -> Outcome {
    let text = super::read_text(&args.dossier)?;
    let v2 = hoso::dossier::upgrade(&text)
        .ok_or_else(|| Failure::usage(hoso::t!("cli.upgrade.not-v1", file = args.dossier.display().to_string())))?;
    super::write_json(args.out.as_deref(), &v2)
}
