//! `hoso view DOSSIER --form ID`: print the JSON a form's template reads, e.g. to refresh the
//! form's `sample.json` for `typst watch`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Global, INVALID, USAGE, print_problems, read_dossier};

/// Arguments of `hoso view`.
#[derive(clap::Args)]
pub struct Args {
    /// The dossier JSON file.
    dossier: PathBuf,
    /// The form whose view to print.
    #[arg(long, value_name = "FORM")]
    form: String,
}

/// Run `hoso view`.
pub fn run(global: &Global, args: Args) -> Result<ExitCode, ExitCode> {
    let engine = global.engine()?;
    let text = read_dossier(&args.dossier)?;
    let Some(form) = engine.catalog().get(&args.form) else {
        eprintln!("error: no form named \"{}\" (see `hoso forms`)", args.form);
        return Err(ExitCode::from(USAGE));
    };
    let valid = engine.check(&text).map_err(|p| {
        print_problems(&args.dossier, &p);
        ExitCode::from(INVALID)
    })?;
    let mut problems = hoso::Problems::new();
    match engine.view(&valid.dossier, form, &mut problems) {
        Some(v) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&v.data).expect("views serialise")
            );
            Ok(ExitCode::SUCCESS)
        }
        None => {
            print_problems(&args.dossier, &problems);
            Err(ExitCode::from(INVALID))
        }
    }
}
