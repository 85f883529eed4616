//! `hoso gather DIR [--authority ID] -o OUT/`: the receiving office's dossier from every unit
//! dossier under DIR that proposes to it; units refused and problems across units listed with
//! their file and JSON path.

use std::path::PathBuf;

use hoso::gather;
use hoso::t;

use super::{Failure, Outcome, tr};

/// Arguments of `hoso gather`.
#[derive(clap::Args)]
pub struct Args {
    /// The folder of the units' dossiers (each a ho-so.json, with its rendered folder beside
    /// it), with the office's co-quan.json.
    dir: PathBuf,
    /// The id the units give the office's authority (default: co-quan.json's "authority").
    #[arg(long, value_name = "ID")]
    authority: Option<String>,
    /// The office's settings (default: DIR/co-quan.json).
    #[arg(long, value_name = "FILE")]
    office: Option<PathBuf>,
    /// The folder to write the office's dossier (ho-so.json) and the receipt (tiep-nhan.json).
    #[arg(short, long, value_name = "DIR")]
    out: PathBuf,
    /// Trusted root certificates for the units' signatures (PEM, DER, .p7b).
    #[arg(long = "trust", value_name = "FILE")]
    trust: Vec<PathBuf>,
    /// Do not ask revocation services about the units' signatures.
    #[arg(long)]
    offline: bool,
}

/// Run `hoso gather`.
pub fn run(args: Args, global: &super::Global) -> Outcome {
    let settings_path = args.office.clone().unwrap_or_else(|| args.dir.join(gather::SETTINGS_FILE));
    let settings = gather::settings(&settings_path).map_err(Failure::usage)?;
    let mut files = Vec::new();
    for p in &args.trust {
        files.push(std::fs::read(p).map_err(|e| super::cannot_read(p, &e))?);
    }
    let trust = hoso::verify::trust_store(&files).map_err(|e| Failure::usage(t!("sign.cert-unreadable", error = e)))?;
    let engine = global.engine()?;
    let options = gather::Options { authority: args.authority.clone(), trust, offline: args.offline };
    let gathered = gather::gather(&engine, &args.dir, &settings, &options).map_err(Failure::usage)?;
    for u in &gathered.units {
        let line = match &u.refused {
            Some(why) => t!("cli.gather.refused", file = &u.file, unit = &u.name, why = why.clone()),
            None => t!(
                "cli.gather.taken",
                file = &u.file,
                unit = &u.name,
                count = u.taken,
                letter = u.letter.clone().unwrap_or_default(),
                signatures = match u.signatures.as_str() {
                    "valid" => t!("gather.sig-valid"),
                    "incomplete" => t!("gather.sig-incomplete"),
                    "indeterminate" => t!("gather.sig-indeterminate"),
                    "invalid" => t!("gather.sig-invalid"),
                    _ => t!("gather.sig-none"),
                }
            ),
        };
        eprintln!("{}", tr(line));
    }
    for f in &gathered.findings {
        eprintln!("{}", f.render(super::lang()));
    }
    std::fs::create_dir_all(&args.out).map_err(|e| {
        Failure::output(t!("cli.cannot-write", path = args.out.display().to_string(), error = e.to_string()))
    })?;
    let dossier = args.out.join("ho-so.json");
    super::write_json(Some(&dossier), &gathered.dossier)?;
    let receipt = serde_json::json!({"units": gathered.units, "findings": gathered.findings});
    super::write_json(Some(&args.out.join(gather::RECEIPT_FILE)), &receipt)?;
    let taken = gathered.units.iter().filter(|u| u.refused.is_none()).count();
    let nominees: usize = gathered.units.iter().map(|u| u.taken).sum();
    eprintln!(
        "{}",
        tr(t!(
            "cli.gather.done",
            taken = taken,
            refused = gathered.units.len() - taken,
            nominees = nominees,
            findings = gathered.findings.len(),
            file = dossier.display().to_string()
        ))
    );
    Ok(())
}
