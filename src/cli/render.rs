//! `hoso render DOSSIER -o OUTDIR`: check, render every document in memory, then write them
//! and `manifest.json` as one whole set ([`hoso::Rendered::write_set`]). Nothing is written
//! unless every document rendered, nothing after Ctrl-C, and no signed PDF is replaced without
//! `--force`.

use std::path::PathBuf;

use hoso::t;

use super::{Failure, Global, Outcome, checked, interrupted, tr};

/// Arguments of `hoso render`.
#[derive(clap::Args)]
pub struct Args {
    /// The dossier JSON file.
    dossier: PathBuf,
    /// Folder to write the PDFs into (created if missing).
    #[arg(short, long, value_name = "OUTDIR")]
    out: PathBuf,
    /// Render only this form's documents (see `hoso forms`); no ho-so.pdf then.
    #[arg(long, value_name = "FORM")]
    only: Option<String>,
    /// Lay the dossier's signature and seal images onto the pages (visually signed copies).
    #[arg(long)]
    stamp: bool,
    /// Replace (or remove) PDFs in OUTDIR that carry a digital signature; without it, a render
    /// that would touch a signed file writes nothing.
    #[arg(long)]
    force: bool,
    /// Also write a decision's certificates one file each beside their print file (yes), or
    /// only the print file (no); by default each up to 200 certificates, the print file alone
    /// above.
    #[arg(long, value_name = "yes|no", hide_possible_values = true)]
    certificate_files: Option<YesNo>,
}

/// A yes or a no on the command line ("có"/"không" as well).
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum YesNo {
    #[value(alias = "có", alias = "co")]
    Yes,
    #[value(alias = "không", alias = "khong")]
    No,
}

/// Run `hoso render`.
pub fn run(global: &Global, args: Args) -> Outcome {
    let engine = global.engine()?;
    let c = checked(&engine, &args.dossier)?;
    // A link where the folder belongs is said at once, before the render's work.
    let dir = args.out.display().to_string();
    if std::fs::symlink_metadata(&args.out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(super::write_failure(&dir, hoso::WriteError::Link(args.out.clone())));
    }
    let options = hoso::RenderOptions {
        only: args.only.as_deref(),
        stamp: args.stamp,
        certificate_files: args.certificate_files.map(|c| matches!(c, YesNo::Yes)),
        ..Default::default()
    };
    let rendered = engine.render_with(&c, &options).map_err(|e| Failure::render(&args.dossier, &e))?;
    if interrupted() {
        return Err(Failure::interrupted(t!("cli.nothing-written")));
    }
    let out = super::open_output(&args.out).map_err(|e| super::write_failure(&dir, e.into()))?;
    let written = rendered.write_into(&out, args.force).map_err(|e| super::write_failure(&dir, e))?;
    for path in written {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match rendered.documents.iter().find(|d| d.file_name == name) {
            Some(d) => {
                super::say!("{}", tr(t!("cli.written-pages", path = path.display().to_string(), pages = d.pages)))
            }
            None => super::say!("{}", path.display()),
        }
    }
    Ok(())
}
