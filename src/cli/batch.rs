//! `hoso batch DIR -o OUTDIR`: every dossier under DIR, rendered in parallel into a folder tree
//! mirroring DIR; a run report in `OUTDIR/report.json` and a summary on stderr.

use std::path::PathBuf;

use hoso::batch::{self, Status};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use hoso::t;

use super::{Failure, Global, INTERRUPTED, INVALID, Outcome, cancel_flag, problem_lines, tr};

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
    /// (Benchmark builds only) write the CPU seconds of each stage to this JSON file.
    #[cfg(feature = "bench")]
    #[arg(long, hide = true, value_name = "FILE")]
    profile: Option<PathBuf>,
}

/// Run `hoso batch`.
pub fn run(global: &Global, args: Args) -> Outcome {
    let engine = global.engine()?;
    let (dossiers, skipped) = batch::discover_except(&args.dir, Some(&args.out)).map_err(|e| {
        let dir = args.dir.display().to_string();
        if args.dir.is_file() {
            Failure::usage(t!("cli.batch.file-given", dir = dir, error = e.to_string()))
        } else {
            Failure::usage(t!("cli.batch.no-folder", dir = dir, error = e.to_string()))
        }
    })?;
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(Some(dossiers.len() as u64), ProgressDrawTarget::stderr())
    };
    bar.set_style(
        ProgressStyle::with_template(&tr(t!("cli.batch.progress"))).expect("a valid template").progress_chars("=> "),
    );
    let options = batch::Options { jobs: args.jobs, force: args.force, stamp: args.stamp };
    let dir = args.out.display().to_string();
    let out = super::open_output(&args.out).map_err(|e| super::write_failure(&dir, e.into()))?;
    let report = batch::run(&engine, &args.dir, &dossiers, skipped, &out, &options, cancel_flag(), &|o| {
        bar.inc(1);
        if let Status::Failed { .. } = o.status {
            bar.set_message(tr(t!("cli.batch.failed-one", path = o.path.display().to_string())));
        }
    });
    bar.finish_and_clear();
    #[cfg(feature = "bench")]
    if let Some(path) = &args.profile {
        let stages: serde_json::Map<String, serde_json::Value> =
            hoso::bench::profile().into_iter().map(|(k, v)| (k, v.into())).collect();
        let _ = std::fs::write(path, serde_json::to_vec_pretty(&stages).unwrap_or_default());
    }
    let report_path = report.write(&out).map_err(|e| {
        Failure::output(t!("cli.batch.report-unwritten", dir = args.out.display().to_string(), error = e.to_string()))
    })?;
    for s in &report.skipped {
        eprintln!("{}", tr(t!("cli.batch.skipped", path = s.path.display().to_string(), reason = s.reason.clone())));
    }
    for (path, problems) in report.failures() {
        eprint!("{}", problem_lines(&args.dir.join(path), &problems));
    }
    let rate = if report.seconds > 0.0 { report.pages as f64 / report.seconds } else { 0.0 };
    let cancelled =
        if report.cancelled > 0 { t!("cli.batch.cancelled", count = report.cancelled) } else { t!("word.nothing") };
    eprintln!(
        "{}",
        tr(t!(
            "cli.batch.summary",
            rendered = report.rendered,
            unchanged = report.unchanged,
            failed = report.failed,
            skipped = report.skipped.len(),
            cancelled = cancelled,
            seconds = format!("{:.1}", report.seconds),
            pages = report.pages,
            rate = format!("{rate:.0}"),
            report = report_path.display().to_string()
        ))
    );
    if report.cancelled > 0 {
        Err(Failure::reported(INTERRUPTED))
    } else if report.failed > 0 {
        Err(Failure::reported(INVALID))
    } else {
        Ok(())
    }
}
