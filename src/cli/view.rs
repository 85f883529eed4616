//! `hoso view DOSSIER --form ID`: print the JSON a form's template reads, e.g. to refresh the
//! form's `sample.json` for `typst watch`; `--context` prints the variables wording templates
//! see instead.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Global, INVALID, USAGE, print_problems, read_dossier};

/// Arguments of `hoso view`.
#[derive(clap::Args)]
pub struct Args {
    /// The dossier JSON file.
    dossier: PathBuf,
    /// The form whose view to print.
    #[arg(long, value_name = "FORM", required_unless_present = "context")]
    form: Option<String>,
    /// Print the variables wording templates see (`agency`, `award`, `counts`, …).
    #[arg(long, conflicts_with = "form")]
    context: bool,
}

/// Run `hoso view`.
pub fn run(global: &Global, args: Args) -> Result<ExitCode, ExitCode> {
    let engine = global.engine()?;
    let text = read_dossier(&args.dossier)?;
    let form = match &args.form {
        Some(id) => Some(engine.catalog().get(id).ok_or_else(|| {
            eprintln!("error: no form named \"{id}\" (see `hoso forms`)");
            ExitCode::from(USAGE)
        })?),
        None => None,
    };
    let valid = engine.check(&text).map_err(|p| {
        print_problems(&args.dossier, &p);
        ExitCode::from(INVALID)
    })?;
    let Some(form) = form else {
        let ctx = hoso::view::context(&valid.dossier);
        println!(
            "{}",
            serde_json::to_string_pretty(&ctx).expect("contexts serialise")
        );
        return Ok(ExitCode::SUCCESS);
    };
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
