//! `hoso forms`: the forms this binary renders, with their legal basis and validity, and the
//! form packs of provinces and ministries.

use super::{Global, Outcome};

/// Arguments of `hoso forms`.
#[derive(clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// With --json: the form packs (a province's or ministry's forms and rules) instead of the
    /// forms.
    #[arg(long)]
    packs: bool,
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
        let out = if args.packs { serde_json::json!(engine.packs()) } else { serde_json::json!(forms) };
        super::say!("{}", serde_json::to_string_pretty(&out).expect("forms serialise"));
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
                tr(hoso::t!(
                    "cli.forms.number",
                    number = &f.meta.form_number,
                    title = if f.meta.official_title.is_empty() {
                        tr(hoso::t!("cli.forms.title-unread"))
                    } else {
                        f.meta.official_title.clone()
                    }
                ))
            );
        }
        if !f.meta.commendation.is_empty() {
            let kinds: Vec<&str> = f.meta.commendation.iter().map(|c| c.phrase()).collect();
            super::say!("\t{}", tr(hoso::t!("cli.forms.for", kinds = kinds.join(", "))));
        }
        if let Some(p) = &f.pack {
            super::say!("\t{}", tr(hoso::t!("cli.forms.of-pack", pack = p)));
        }
        if !f.meta.awards.is_empty() {
            super::say!("\t{}", tr(hoso::t!("cli.forms.awards", awards = f.meta.awards.join(", "))));
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
    for p in engine.packs() {
        let tr = super::tr;
        let scope = p.province.as_deref().or(p.ministry.as_deref()).unwrap_or("—");
        super::say!("{}\t{}", tr(hoso::t!("cli.forms.pack", id = &p.id, scope = scope)), p.title);
        super::say!("\t{}", tr(hoso::t!("cli.forms.basis", basis = &p.instrument().citation)));
        let forms = if p.forms.is_empty() { tr(hoso::t!("word.none")) } else { p.forms.join(", ") };
        super::say!("\t{}", tr(hoso::t!("cli.forms.pack-forms", forms = forms)));
        for v in p.law().votes() {
            let share = v.threshold_percent.map_or("> 50%".to_string(), |t| format!("≥ {t}%"));
            let title = if v.title == "*" { tr(hoso::t!("cli.forms.every-award")) } else { v.title.clone() };
            let council = match v.council {
                hoso::law::Council::Unit => hoso::t!("cli.forms.council-unit"),
                hoso::law::Council::Deciding => hoso::t!("cli.forms.council-deciding"),
            };
            super::say!(
                "\t{}",
                tr(hoso::t!(
                    "cli.forms.pack-vote",
                    title = title,
                    share = share,
                    council = council,
                    source = &v.source,
                    status = v.status.text()
                ))
            );
        }
        for c in p.law().caps() {
            super::say!(
                "\t{}",
                tr(hoso::t!("cli.forms.pack-cap", title = &c.title, cap = c.per_year.to_string(), source = &c.source))
            );
        }
        for x in p.law().deadlines() {
            super::say!(
                "\t{}",
                tr(hoso::t!("cli.forms.pack-deadline", what = &x.what, before = &x.before, source = &x.source))
            );
        }
        super::say!("\t{}", tr(hoso::t!("cli.forms.pack-read", read = &p.read)));
        super::say!("\t{}", tr(hoso::t!("cli.forms.pack-not-read", not_read = &p.not_read)));
    }
    Ok(())
}
