//! `hoso new KIND -o DIR`: a starting dossier folder for a kind of unit — `ho-so.json` with every
//! name, date and number empty, a guide in Vietnamese, and folders for evidence and signatures.

use std::path::PathBuf;

use hoso::t;

use super::{Failure, Outcome, tr};

/// Arguments of `hoso new`.
#[derive(clap::Args)]
pub struct Args {
    /// The kind of unit: truong (a school), mam-non, xa (a commune's People's Committee),
    /// tram-y-te, su-nghiep-xa, so (a provincial department), benh-vien, doanh-nghiep (the
    /// list is the law's data: a wrong kind lists them).
    kind: String,
    /// The form pack (a province's or ministry's forms and rules, see `hoso forms`).
    #[arg(long, value_name = "PACK")]
    pack: Option<String>,
    /// The folder to create the dossier in (created if missing; an existing ho-so.json in it is
    /// never overwritten).
    #[arg(short, long, value_name = "DIR")]
    out: PathBuf,
}

/// Run `hoso new`.
pub fn run(global: &super::Global, args: Args) -> Outcome {
    let engine = global.engine()?;
    let start = engine.starter(&args.kind, args.pack.as_deref()).map_err(Failure::usage)?;
    let file = args.out.join("ho-so.json");
    if file.exists() {
        return Err(Failure::usage(t!("cli.new.exists", file = file.display().to_string())));
    }
    let write = |path: PathBuf, bytes: &[u8]| {
        hoso::write_file(&path, bytes).map_err(|e| {
            Failure::output(t!("cli.cannot-write", path = path.display().to_string(), error = e.to_string()))
        })
    };
    for sub in ["minh-chung", "chu-ky"] {
        std::fs::create_dir_all(args.out.join(sub)).map_err(|e| {
            Failure::output(t!(
                "cli.cannot-create",
                path = args.out.join(sub).display().to_string(),
                error = e.to_string()
            ))
        })?;
    }
    write(args.out.join("HUONG-DAN.txt"), start.guide.as_bytes())?;
    super::write_json(Some(&file), &start.dossier)?;
    eprintln!("{}", tr(t!("cli.new.done", file = file.display().to_string())));
    Ok(())
}
