//! `hoso verify FILE.pdf|DIR`: every signature checked — signer, time, intact, chain to the
//! trust store, revocation, timestamp, changes after signing — and for a dossier folder each
//! file against its manifest and the fields still empty. Exit 0 valid, 1 invalid, 2 incomplete,
//! 3 indeterminate.

use std::path::PathBuf;

use hoso::t;
use hoso::verify::{self, Options};

use super::{Failure, Outcome, lang, say_raw};

/// Arguments of `hoso verify`.
#[derive(clap::Args)]
pub struct Args {
    /// A signed PDF, or a folder `hoso render` wrote and the signers signed.
    target: PathBuf,
    /// Trusted root certificates (PEM, DER, .p7b): the Vietnam National Root CA, the
    /// Government's root; none is built in.
    #[arg(long = "trust", value_name = "FILE")]
    trust: Vec<PathBuf>,
    /// Do not ask OCSP responders or CRLs; revocation not carried in the file is "not checked".
    #[arg(long)]
    offline: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Run `hoso verify`.
pub fn run(args: Args) -> Outcome {
    let mut files = Vec::new();
    for p in &args.trust {
        files.push(std::fs::read(p).map_err(|e| super::cannot_read(p, &e))?);
    }
    let trust = verify::trust_store(&files).map_err(|e| Failure::usage(t!("sign.cert-unreadable", error = e)))?;
    let options = Options { trust, offline: args.offline };
    let (reports, verdict) = if args.target.is_dir() {
        let r = verify::verify_folder(&args.target, &options).map_err(Failure::usage)?;
        (r.files, r.verdict)
    } else {
        let bytes = std::fs::read(&args.target).map_err(|e| super::cannot_read(&args.target, &e))?;
        let name = args.target.display().to_string();
        let r = verify::verify_pdf(&name, &bytes, &options);
        let v = r.verdict;
        (vec![r], v)
    };
    if args.json {
        let v = serde_json::json!({"verdict": verdict, "files": reports});
        say_raw!("{}\n", serde_json::to_string_pretty(&v).expect("JSON"));
    } else {
        for r in &reports {
            say_raw!("{}", verify::describe(r, lang()));
        }
    }
    match verify::exit_code(verdict) {
        0 => Ok(()),
        code => Err(Failure::reported(code as u8)),
    }
}
