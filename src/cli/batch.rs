//! `hoso batch DIR -o OUTDIR`: every dossier under DIR, rendered in parallel into a folder tree
//! mirroring DIR; a run report in `OUTDIR/report.json` and a summary on stderr.

use std::path::PathBuf;

use hoso::batch::{self, Status};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Failure, Global, INTERRUPTED, INVALID, Outcome, cancel_flag, problem_lines};

/// Arguments of `hoso batch`.
#[derive(clap::Args)]
pub struct Args {
    /// Folder to search for dossiers (JSON files with "format": "hoso/2" or "hoso/1").
    dir: PathBuf,
    /// Output folder; each dossier gets a folder named after its path.
    #[arg(short, long, value_name = "OUTDIR")]
    out: PathBuf,
    /// Worker threads (default: one per core; one more thread writes the files).
    #[arg(long, short, value_name = "N", default_value_t = 0)]
    jobs: usize,
    /// Render dossiers whose inputs are unchanged since their last render too, and replace
    /// PDFs that carry a digital signature (kept otherwise: that dossier fails, saying which).
    #[arg(long)]
    force: bool,
    /// No progress bar and no per-dossier lines; the summary only.
    #[arg(long, short)]
    quiet: bool,
    /// Also lay each dossier's signature and seal images onto the pages (visually signed
    /// copies), as `render --stamp` does.
    #[arg(long)]
    stamp: bool,
}

/// Run `hoso batch`.
pub fn run(global: &Global, args: Args) -> Outcome {
    let engine = global.engine()?;
    let (dossiers, skipped) = batch::discover_except(&args.dir, Some(&args.out)).map_err(|e| {
        let hint = if args.dir.is_file() {
            format!("; for one dossier: hoso render {} -o OUTDIR", args.dir.display())
        } else {
            String::new()
        };
        Failure::usage(format!("{}: {e}: `hoso batch` takes a folder of dossiers{hint}", args.dir.display()))
    })?;
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(Some(dossiers.len() as u64), ProgressDrawTarget::stderr())
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} dossiers  {per_sec}  ETA {eta}  {msg}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    let options = batch::Options { jobs: args.jobs, force: args.force, stamp: args.stamp };
    let report = batch::run(&engine, &args.dir, &dossiers, skipped, &args.out, &options, cancel_flag(), &|o| {
        bar.inc(1);
        if let Status::Failed { .. } = o.status {
            bar.set_message(format!("failed: {}", o.path.display()));
        }
    });
    bar.finish_and_clear();
    let report_path = report
        .write(&args.out)
        .map_err(|e| Failure::output(format!("cannot write the report into {}: {e}", args.out.display())))?;
    for s in &report.skipped {
        eprintln!("skipped {}: {}", s.path.display(), s.reason);
    }
    for (path, problems) in report.failures() {
        eprint!("{}", problem_lines(&args.dir.join(path), &problems));
    }
    let rate = if report.seconds > 0.0 { report.pages as f64 / report.seconds } else { 0.0 };
    eprintln!(
        "rendered {}, unchanged {}, failed {}, skipped {}{} in {:.1} s ({} pages, {rate:.0} pages/s); report: {}",
        report.rendered,
        report.unchanged,
        report.failed,
        report.skipped.len(),
        if report.cancelled > 0 { format!(", interrupted before {}", report.cancelled) } else { String::new() },
        report.seconds,
        report.pages,
        report_path.display()
    );
    if report.cancelled > 0 {
        Err(Failure::reported(INTERRUPTED))
    } else if report.failed > 0 {
        Err(Failure::reported(INVALID))
    } else {
        Ok(())
    }
}
