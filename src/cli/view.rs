//! `hoso view DOSSIER --form ID [--nominee ID]`: print the JSON a form's template reads, e.g.
//! to refresh the form's `sample.json` for `typst watch`; `--context` prints the variables
//! wording templates see instead.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Global, USAGE, checked};

/// Arguments of `hoso view`.
#[derive(clap::Args)]
pub struct Args {
    /// The dossier JSON file.
    dossier: PathBuf,
    /// The form whose view to print (any version, whatever the dossier's date).
    #[arg(long, value_name = "FORM", required_unless_present = "context")]
    form: Option<String>,
    /// For a report form: the nominee (by id); the first in list order otherwise.
    #[arg(long, value_name = "ID", requires = "form")]
    nominee: Option<String>,
    /// Print the variables wording templates see (`agency`, `award`, `counts`, …).
    #[arg(long, conflicts_with = "form")]
    context: bool,
}

/// Run `hoso view`.
pub fn run(global: &Global, args: Args) -> Result<ExitCode, ExitCode> {
    let engine = global.engine()?;
    let c = checked(&engine, &args.dossier)?;
    let Some(id) = &args.form else {
        println!("{}", serde_json::to_string_pretty(&hoso::view::context(&c.dossier)).expect("contexts serialise"));
        return Ok(ExitCode::SUCCESS);
    };
    let mut problems = hoso::Problems::new();
    let views = engine.views_of(&c.dossier, id, &mut problems).ok_or_else(|| {
        eprintln!("error: no form named \"{id}\" (see `hoso forms`)");
        ExitCode::from(USAGE)
    })?;
    let d = &c.dossier;
    let view =
        views.iter().find(|v| args.nominee.as_ref().is_none_or(|n| v.nominee.is_some_and(|i| &d.nominees[i].id == n)));
    match view {
        Some(v) => {
            println!("{}", serde_json::to_string_pretty(&v.data).expect("views serialise"));
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!(
                "error: form \"{id}\" has no document for this dossier{}",
                args.nominee.as_ref().map_or(String::new(), |n| format!(" and nominee \"{n}\""))
            );
            Err(ExitCode::from(USAGE))
        }
    }
}
