//! `hoso forms`: the forms this binary renders, with their legal basis and validity.

use super::{Global, Outcome};

/// Arguments of `hoso forms`.
#[derive(clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Also list each form's wording keys and default templates.
    #[arg(long)]
    wording: bool,
    /// Print a certificate form's default blank (where each item goes, in mm) as the
    /// "certificates" object of a decision, for a unit to measure against its own blanks.
    #[arg(long, value_name = "FORM")]
    blank: Option<String>,
}

/// Run `hoso forms`.
pub fn run(global: &Global, args: Args) -> Outcome {
    let engine = global.engine()?;
    let forms = engine.forms();
    if let Some(id) = &args.blank {
        let Some(form) = forms.iter().find(|f| &f.id == id) else {
            return Err(super::Failure::usage(hoso::t!("cli.unknown-form", id = id)));
        };
        if form.meta.items.is_empty() {
            return Err(super::Failure::usage(hoso::t!("cli.forms.no-blank", id = id)));
        }
        let certificates = serde_json::json!({"print": "blank", "blank": form.meta.items, "offset_mm": [0.0, 0.0]});
        super::say!("{}", serde_json::to_string_pretty(&certificates).expect("items serialise"));
        return Ok(());
    }
    if args.json {
        super::say!("{}", serde_json::to_string_pretty(&forms).expect("forms serialise"));
        return Ok(());
    }
    for f in forms {
        let to = f.meta.valid_to.map_or("—".to_string(), |d| d.to_string());
        super::say!("{}\t{}", f.id, f.meta.title);
        let tr = super::tr;
        super::say!("\t{}", tr(hoso::t!("cli.forms.basis", basis = &f.meta.legal_basis)));
        super::say!("\t{}", tr(hoso::t!("cli.forms.valid", from = f.meta.valid_from, to = to)));
        if !f.meta.form_number.is_empty() {
            super::say!(
                "\t{}",
                tr(hoso::t!("cli.forms.number", number = &f.meta.form_number, title = &f.meta.official_title))
            );
        }
        if !f.meta.commendation.is_empty() {
            let kinds: Vec<&str> = f.meta.commendation.iter().map(|c| c.phrase()).collect();
            super::say!("\t{}", tr(hoso::t!("cli.forms.for", kinds = kinds.join(", "))));
        }
        if !f.meta.checked {
            super::say!("\t{}", tr(hoso::t!("cli.forms.unchecked", provenance = &f.meta.provenance)));
        }
        if args.wording {
            for (k, v) in &f.meta.wording {
                super::say!("\twording.{k}: {v}");
            }
        }
    }
    Ok(())
}
