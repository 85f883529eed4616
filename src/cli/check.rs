//! `hoso check DOSSIER`: validate and print every problem; render nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Global, INVALID, print_problems, read_dossier};

/// Arguments of `hoso check`.
#[derive(clap::Args)]
pub struct Args {
    /// The dossier JSON file.
    dossier: PathBuf,
}

/// Run `hoso check`.
pub fn run(global: &Global, args: Args) -> Result<ExitCode, ExitCode> {
    let engine = global.engine()?;
    let text = read_dossier(&args.dossier)?;
    match engine.check(&text) {
        Ok(valid) => {
            print_problems(&args.dossier, &valid.warnings);
            println!(
                "{}: ok ({} nominees)",
                args.dossier.display(),
                valid.dossier.nominees.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            print_problems(&args.dossier, &problems);
            let errors = problems.iter().filter(|p| p.is_error()).count();
            eprintln!(
                "{}: {errors} problem{} to fix",
                args.dossier.display(),
                if errors == 1 { "" } else { "s" }
            );
            Err(ExitCode::from(INVALID))
        }
    }
}
