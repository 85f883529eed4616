//! `hoso view DOSSIER --form ID [--nominee ID]`: print the JSON a form's template reads, e.g.
//! to refresh the form's `sample.json` for `typst watch`; `--context` prints the variables
//! wording templates see instead.

use std::path::PathBuf;

use super::{Failure, Global, Outcome, checked};

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
pub fn run(global: &Global, args: Args) -> Outcome {
    let engine = global.engine()?;
    let c = checked(&engine, &args.dossier)?;
    let Some(id) = &args.form else {
        super::say!("{}", serde_json::to_string_pretty(&engine.wording_context(&c)).expect("contexts serialise"));
        return Ok(());
    };
    let views = engine.template_data(&c, id).ok_or_else(|| Failure::usage(hoso::t!("cli.unknown-form", id = id)))?;
    let view = views.iter().find(|v| args.nominee.is_none() || v.nominee == args.nominee).ok_or_else(|| {
        Failure::usage(match &args.nominee {
            Some(n) => hoso::t!("cli.view.no-document-for", id = id, nominee = n),
            None => hoso::t!("cli.view.no-document", id = id),
        })
    })?;
    super::say!("{}", serde_json::to_string_pretty(&view.data).expect("views serialise"));
    Ok(())
}
