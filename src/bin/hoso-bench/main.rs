//! `hoso-bench`: throughput and memory, side by side on this machine and the same dossiers,
//! every name and every sentence different from one dossier to the next (the generator of the
//! layout stress tests, seeded): the stock `typst` CLI once per document, as many processes as
//! cores, on hoso's own forms and views (default font discovery plus `--font-path` for
//! Liberation Serif), for the form documents alone and with `ho-so.pdf` too, so that one
//! figure compares the same files as hoso writes; one `hoso render` process per dossier; one
//! `hoso batch` process, and its re-run with nothing changed; single renders of large dossiers
//! (time and peak memory against the number of nominees); then `hoso batch` at growing sizes
//! to show memory stays flat. Every figure comes from one run, so compare ratios, not seconds.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use clap::Parser;

mod generate;
mod load;
use serde_json::{Value, json};

/// Exit code of a run that could not be measured.
const USAGE: u8 = 2;

/// hoso-bench: hoso's throughput and memory against the stock typst CLI, in one run on this
/// machine (see README, Benchmark). Needs the `hoso` binary built beside it.
#[derive(Parser)]
#[command(name = "hoso-bench", version)]
pub struct Args {
    /// Dossiers for the side-by-side comparison (sizes as year-end dossiers come: most small,
    /// some long, a few very large).
    #[arg(long, default_value_t = 200)]
    dossiers: usize,
    /// Of those, how many are large (200–500 nominees, reports up to tens of pages).
    #[arg(long, default_value_t = 2)]
    large: usize,
    /// Nominee counts of the single large dossiers rendered alone, e.g. "50,200,500".
    #[arg(long, value_delimiter = ',', default_values_t = [50, 200, 500])]
    nominees: Vec<usize>,
    /// First generator seed (the dossiers are seeds S, S+1, …).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Sizes for the memory scaling runs of `hoso batch`, e.g. "100,1000" (none by default).
    #[arg(long, value_delimiter = ',')]
    scale: Vec<usize>,
    /// The stock typst CLI to compare with (default: `typst` on PATH; skipped when missing).
    #[arg(long, value_name = "PATH")]
    typst: Option<PathBuf>,
    /// Parallel processes for the process-per-document modes (default: one per core); `hoso
    /// batch` runs with its own default, as a clerk would run it.
    #[arg(long, short, default_value_t = 0)]
    jobs: usize,
    /// The dossier a clerk renders alone, for the single-render figure.
    #[arg(long, default_value = "samples/vi-nguoi-ngheo-2023.json")]
    sample: PathBuf,
    /// Keep the work folder here instead of a temporary one.
    #[arg(long, value_name = "DIR")]
    keep: Option<PathBuf>,
    /// Print the results as JSON too.
    #[arg(long)]
    json: bool,
    /// Only the service's load figure: this many render requests of the dossiers posted to
    /// `hoso serve`, beside `hoso batch` on the same dossiers.
    #[arg(long, value_name = "REQUESTS")]
    load: Option<usize>,
    /// Concurrent clients for --load.
    #[arg(long, default_value_t = 8)]
    clients: usize,
    /// Only the workbench's preview latency: this many previews of the sample's letter, a
    /// nominee's name changed each time, posted to `hoso serve --workspace samples/`.
    #[arg(long, value_name = "PREVIEWS")]
    preview: Option<usize>,
    /// Only the decision figures: for each count, e.g. "50,3000", the year-end sample
    /// (`samples/nam-hoc-2025-2026-tieu-hoc-khanh-thuong.json`) with that many more
    /// "Lao động tiên tiến" awardees voted and decided — the letter, the minutes, the decision
    /// with its list and a certificate each — rendered alone: time, pages, pages/s, ms a page
    /// and peak memory, side by side.
    #[arg(long, value_delimiter = ',', value_name = "COUNTS")]
    awardees: Vec<usize>,
}

/// `--awardees`: each count's decision dossier rendered alone, one process each.
fn awardees(exe: &Path, sample: &Path, work: &Path, counts: &[usize]) -> Result<(), String> {
    let base: Value = serde_json::from_str(&std::fs::read_to_string(sample).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    // The dossier beside the sample, so its signature and emblem images are found.
    let dir = sample.parent().unwrap_or(Path::new("."));
    println!(
        "{:<34} {:>7} {:>9} {:>9} {:>8} {:>9}",
        "decision dossier", "pages", "seconds", "pages/s", "ms/page", "peak MiB"
    );
    let mut first: Option<f64> = None;
    for &n in counts {
        let path = dir.join(format!(".bench-awardees-{n}.json"));
        std::fs::write(&path, serde_json::to_vec(&generate::with_awardees(&base, n)).unwrap())
            .map_err(|e| e.to_string())?;
        let out = work.join(format!("awardees-{n}"));
        let started = Instant::now();
        let measured = run_measured(Command::new(exe).arg("render").arg(&path).arg("-o").arg(&out));
        let seconds = started.elapsed().as_secs_f64();
        let _ = std::fs::remove_file(&path);
        let (ok, peak) = measured.map_err(|e| e.to_string())?;
        if !ok {
            return Err(format!("hoso render of the sample with {n} awardees failed"));
        }
        let manifest = hoso::manifest::Manifest::read(&out).ok_or("no manifest")?;
        let pages: usize = manifest.documents.iter().map(|d| d.pages).sum();
        let per_page = 1000.0 * seconds / pages.max(1) as f64;
        let ratio = first.map_or(String::new(), |f| format!(" ({:.2}× the first's time a page)", per_page / f));
        first.get_or_insert(per_page);
        println!(
            "{:<34} {pages:>7} {seconds:>9.2} {:>9.1} {per_page:>8.2} {peak:>9.1}{ratio}",
            format!("sample + {n} awardees ({} files)", manifest.documents.len()),
            pages as f64 / seconds
        );
        let _ = std::fs::remove_dir_all(&out);
    }
    Ok(())
}

/// One measured mode.
struct Measure {
    mode: String,
    documents: usize,
    pages: usize,
    seconds: f64,
    peak_mib: f64,
}

/// Run `program args` and wait for it with `wait4` to learn its peak resident memory; prints
/// `<exit code> <peak KiB>`. This is `hoso-bench --measure`, run as a small fresh process so the
/// measured program does not inherit the benchmark's own memory (a forked child's peak
/// counts the pages it shared with its parent until it exec'd).
pub fn measure_child(program: &std::ffi::OsStr, args: &[std::ffi::OsString]) -> ExitCode {
    let child = match Command::new(program).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: cannot run {}: {e}", program.to_string_lossy());
            return ExitCode::from(USAGE);
        }
    };
    let mut status = 0;
    // SAFETY: rusage is plain data the kernel fills; the pid is our own child, waited once.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) } < 0 {
        eprintln!("error: wait4: {}", std::io::Error::last_os_error());
        return ExitCode::from(USAGE);
    }
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { 128 };
    println!("{code} {}", usage.ru_maxrss);
    ExitCode::SUCCESS
}

/// Run `cmd` through `hoso-bench --measure`: whether it succeeded, and its peak memory in MiB.
fn run_measured(cmd: &mut Command) -> std::io::Result<(bool, f64)> {
    let exe = std::env::current_exe()?;
    let out = Command::new(exe)
        .arg("--measure")
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .stderr(Stdio::inherit())
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text.split_whitespace();
    let code: i32 = it
        .next()
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other("hoso-bench --measure said nothing"))?;
    let kib: f64 = it.next().and_then(|c| c.parse().ok()).unwrap_or(0.0);
    Ok((code == 0, kib / 1024.0))
}

/// Run `n` jobs on `jobs` threads; returns the largest peak memory seen.
fn parallel(n: usize, jobs: usize, job: impl Fn(usize) -> std::io::Result<(bool, f64)> + Sync) -> std::io::Result<f64> {
    let next = AtomicUsize::new(0);
    let peak = Mutex::new(0.0f64);
    let error = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        break;
                    }
                    match job(i) {
                        Ok((true, mib)) => {
                            let mut p = peak.lock().unwrap();
                            *p = p.max(mib);
                        }
                        Ok((false, _)) => {
                            *error.lock().unwrap() = Some(std::io::Error::other(format!("job {i} failed")))
                        }
                        Err(e) => *error.lock().unwrap() = Some(e),
                    }
                }
            });
        }
    });
    match error.into_inner().unwrap() {
        Some(e) => Err(e),
        None => Ok(peak.into_inner().unwrap()),
    }
}

/// The complete dossier's main file, written into the forms folder for the stock CLI.
const DOSSIER_MAIN: &str = hoso::bench::DOSSIER_MAIN;

/// Dossier `seed` as the stress tests generate it; `nominees` overrides its size, `large` makes
/// it one of the year's biggest (200–500 nominees, long reports).
fn generated(seed: u64, nominees: Option<usize>, large: bool) -> Value {
    let mut rng = generate::Rng::new(seed);
    let mut size = generate::Size::mixed(&mut rng);
    if large {
        size.nominees = rng.range(200, 500);
        size.max_words = rng.range(300, 1100);
    }
    if let Some(n) = nominees {
        size.nominees = n;
    }
    generate::dossier(seed, size)
}

/// Write `count` generated dossiers under `dir`, two levels deep, `large` of them spread among
/// the others.
fn make_dossiers(dir: &Path, first_seed: u64, count: usize, large: usize) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    let every = if large == 0 { usize::MAX } else { count.div_ceil(large).max(1) };
    for k in 0..count {
        let folder = dir.join(format!("truong-{:02}", k % 25)).join(format!("don-vi-{k:04}"));
        std::fs::create_dir_all(&folder)?;
        let path = folder.join("ho-so.json");
        let big = large > 0 && k % every == every / 2;
        std::fs::write(&path, serde_json::to_vec_pretty(&generated(first_seed + k as u64, None, big)).unwrap())?;
        paths.push(path);
    }
    Ok(paths)
}

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if argv.get(1).is_some_and(|a| a == "--measure") && argv.len() > 2 {
        return measure_child(&argv[2], &argv[3..]);
    }
    // `hoso-bench --generate SEED [NOMINEES]`: print the generated dossier of a stress-test
    // seed (with that many nominees).
    if argv.get(1).is_some_and(|a| a == "--generate")
        && let Some(seed) = argv.get(2).and_then(|s| s.to_str()).and_then(|s| s.parse().ok())
    {
        let nominees = argv.get(3).and_then(|s| s.to_str()).and_then(|s| s.parse().ok());
        println!("{}", serde_json::to_string_pretty(&generated(seed, nominees, false)).expect("JSON"));
        return ExitCode::SUCCESS;
    }
    run(Args::parse()).unwrap_or_else(|code| code)
}

/// `--load`: the service under load, then `hoso batch` on the same dossiers, side by side.
fn load_figures(
    exe: &Path,
    work: &Path,
    input: &Path,
    dossiers: &[PathBuf],
    requests: usize,
    clients: usize,
) -> std::io::Result<ExitCode> {
    let l = load::run(exe, dossiers, requests, clients)?;
    let out = work.join("out");
    let started = Instant::now();
    let (ok, peak) = run_measured(
        Command::new(exe).env("HOSO_LANG", "en").args(["batch"]).arg(input).arg("-o").arg(&out).arg("--quiet"),
    )?;
    let seconds = started.elapsed().as_secs_f64();
    if !ok {
        return Err(std::io::Error::other("hoso batch failed"));
    }
    let report: Value = serde_json::from_str(&std::fs::read_to_string(out.join("report.json"))?).unwrap_or_default();
    let batch_docs: usize = report["dossiers"]
        .as_array()
        .map(|ds| ds.iter().filter_map(|d| d["documents"].as_u64()).sum::<u64>() as usize)
        .unwrap_or(0);
    println!(
        "hoso serve, {} requests from {} clients over {} dossiers: {:.1} documents/s, {:.2} requests/s, latency p50 {:.0} ms, p95 {:.0} ms, p99 {:.0} ms, peak {:.1} MiB; {} failed, {} answered 503",
        l.requests,
        l.clients,
        dossiers.len(),
        l.documents as f64 / l.seconds,
        (l.requests - l.failed - l.busy) as f64 / l.seconds,
        l.p50_ms,
        l.p95_ms,
        l.p99_ms,
        l.peak_mib,
        l.failed,
        l.busy
    );
    println!(
        "hoso batch of the same {} dossiers: {:.1} documents/s, {:.2} dossiers/s, peak {:.1} MiB",
        dossiers.len(),
        batch_docs as f64 / seconds,
        dossiers.len() as f64 / seconds,
        peak
    );
    Ok(if l.failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Run the benchmark.
fn run(args: Args) -> Result<ExitCode, ExitCode> {
    let usage = |e: &dyn std::fmt::Display| {
        eprintln!("error: {e}");
        ExitCode::from(USAGE)
    };
    let engine = hoso::Engine::new().map_err(|e| usage(&e))?;
    let jobs = if args.jobs == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { args.jobs };
    let tmp = tempfile::tempdir().map_err(|e| usage(&e))?;
    let work = args.keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    let exe =
        std::env::current_exe().map_err(|e| usage(&e))?.with_file_name(format!("hoso{}", std::env::consts::EXE_SUFFIX));
    if !exe.is_file() {
        return Err(usage(&format!("{} is missing: build the `hoso` binary too", exe.display())));
    }
    let input = work.join("in");
    let _ = std::fs::remove_dir_all(&work);
    if !args.awardees.is_empty() {
        std::fs::create_dir_all(&work).map_err(|e| usage(&e))?;
        let sample = args.sample.with_file_name("nam-hoc-2025-2026-tieu-hoc-khanh-thuong.json");
        awardees(&exe, &sample, &work, &args.awardees).map_err(|e| usage(&e))?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(count) = args.preview {
        let samples = args.sample.parent().unwrap_or(Path::new("samples"));
        let p = load::preview(&exe, samples, &work, count.max(1)).map_err(|e| usage(&e))?;
        println!(
            "workbench preview of the sample's letter ({} pages, PNG and text), a name changed each time: median {:.0} ms, p95 {:.0} ms, max {:.0} ms over {} previews",
            p.pages, p.median_ms, p.p95_ms, p.max_ms, p.count
        );
        return Ok(ExitCode::SUCCESS);
    }
    let dossiers = make_dossiers(&input, args.seed, args.dossiers, args.large).map_err(|e| usage(&e))?;
    eprintln!(
        "bench: {} generated dossiers (seeds {}–{}, {} large), {jobs} jobs, work folder {}",
        dossiers.len(),
        args.seed,
        args.seed + dossiers.len() as u64 - 1,
        args.large.min(dossiers.len()),
        work.display()
    );

    // The views and page counts every mode renders, from the library itself.
    // The complete dossier is one more document per dossier, compiled from `_dossier.typ`
    // with its evidence pages as files, so both sides write the same files.
    if let Some(requests) = args.load {
        return load_figures(&exe, &work, &input, &dossiers, requests, args.clients).map_err(|e| usage(&e));
    }
    let mut views = Vec::new();
    let (mut pages_all, mut pages_forms, mut docs_all) = (0, 0, 0);
    for (i, path) in dossiers.iter().enumerate() {
        let checked = engine.check_file(path).map_err(|e| usage(&e))?.map_err(|p| usage(&p))?;
        let rendered = engine.render(&checked, None).map_err(|e| usage(&e))?;
        pages_all += rendered.pages();
        pages_forms += rendered.documents.iter().filter(|d| d.form.is_some()).map(|d| d.pages).sum::<usize>();
        docs_all += rendered.documents.len();
        for job in hoso::bench::typst_jobs(&engine, &checked, i) {
            views.push((job.main, job.data, job.files));
        }
    }
    let mut results = Vec::new();

    // 1. The stock typst CLI, one process per document, on hoso's forms and views.
    let typst = args.typst.clone().unwrap_or_else(|| PathBuf::from("typst"));
    if Command::new(&typst).arg("--version").output().is_ok_and(|o| o.status.success()) {
        let root = work.join("typst");
        let forms = root.join("forms");
        for (path, bytes) in hoso::bench::project_files(&engine) {
            let to = forms.join(path);
            std::fs::create_dir_all(to.parent().unwrap()).map_err(|e| usage(&e))?;
            std::fs::write(to, bytes).map_err(|e| usage(&e))?;
        }
        std::fs::create_dir_all(forms.join("_bench")).map_err(|e| usage(&e))?;
        std::fs::create_dir_all(root.join("fonts")).map_err(|e| usage(&e))?;
        std::fs::create_dir_all(root.join("out")).map_err(|e| usage(&e))?;
        for (i, f) in hoso::bench::fonts().iter().enumerate() {
            std::fs::write(root.join("fonts").join(format!("{i}.ttf")), f).map_err(|e| usage(&e))?;
        }
        for (i, (_, data, files)) in views.iter().enumerate() {
            std::fs::write(forms.join("_bench").join(format!("{i}.json")), serde_json::to_vec(data).unwrap())
                .map_err(|e| usage(&e))?;
            for (virtual_path, bytes) in files {
                std::fs::write(forms.join(virtual_path.trim_start_matches('/')), bytes).map_err(|e| usage(&e))?;
            }
        }
        // The form documents first, then the complete dossiers: two figures, the issue's
        // (form documents only) and the same files as hoso writes.
        let compile = |i: usize| {
            let (main, _, _) = &views[i];
            run_measured(
                Command::new(&typst)
                    .arg("compile")
                    .arg("--root")
                    .arg(&forms)
                    .args(["--input", &format!("data=/_bench/{i}.json")])
                    .arg("--font-path")
                    .arg(root.join("fonts"))
                    .args(["--pdf-standard", "a-2b"])
                    .arg(forms.join(main))
                    .arg(root.join("out").join(format!("{i}.pdf"))),
            )
        };
        let (form_docs, wholes): (Vec<usize>, Vec<usize>) = (0..views.len()).partition(|&i| views[i].0 != DOSSIER_MAIN);
        let started = Instant::now();
        let peak =
            parallel(form_docs.len(), jobs, |k| compile(form_docs[k])).map_err(|e| usage(&format!("typst: {e}")))?;
        let forms_seconds = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let peak_whole =
            parallel(wholes.len(), jobs, |k| compile(wholes[k])).map_err(|e| usage(&format!("typst: {e}")))?;
        let whole_seconds = started.elapsed().as_secs_f64();
        results.push(Measure {
            mode: "typst compile, form documents only".into(),
            documents: form_docs.len(),
            pages: pages_forms,
            seconds: forms_seconds,
            peak_mib: peak,
        });
        results.push(Measure {
            mode: "typst compile, same files (+ ho-so.pdf)".into(),
            documents: views.len(),
            pages: pages_all,
            seconds: forms_seconds + whole_seconds,
            peak_mib: peak.max(peak_whole),
        });
    } else {
        eprintln!(
            "bench: no stock typst CLI at `{}` (install typst-cli 0.15.1 or pass --typst): that comparison is skipped",
            typst.display()
        );
    }

    // 2. One `hoso render` process per dossier.
    let started = Instant::now();
    let out = work.join("render");
    let peak = parallel(dossiers.len(), jobs, |i| {
        run_measured(Command::new(&exe).arg("render").arg(&dossiers[i]).arg("-o").arg(out.join(i.to_string())))
    })
    .map_err(|e| usage(&format!("hoso render: {e}")))?;
    results.push(Measure {
        mode: "hoso render, 1 process per dossier".into(),
        documents: docs_all,
        pages: pages_all,
        seconds: started.elapsed().as_secs_f64(),
        peak_mib: peak,
    });

    // 3. One `hoso batch` process.
    let started = Instant::now();
    let (ok, peak) = run_measured(
        Command::new(&exe).args(["batch", "--force", "--quiet"]).arg(&input).arg("-o").arg(work.join("batch")),
    )
    .map_err(|e| usage(&e))?;
    if !ok {
        return Err(usage(&"hoso batch failed"));
    }
    results.push(Measure {
        mode: "hoso batch, 1 process".into(),
        documents: docs_all,
        pages: pages_all,
        seconds: started.elapsed().as_secs_f64(),
        peak_mib: peak,
    });
    // The same batch again, nothing changed: every dossier is skipped.
    let started = Instant::now();
    let (ok, rerun_peak) =
        run_measured(Command::new(&exe).args(["batch", "--quiet"]).arg(&input).arg("-o").arg(work.join("batch")))
            .map_err(|e| usage(&e))?;
    if !ok {
        return Err(usage(&"hoso batch (re-run) failed"));
    }
    let rerun = started.elapsed().as_secs_f64();

    // 4. Single large dossiers, rendered alone: time and memory against their size.
    let mut large = Vec::new();
    for &n in &args.nominees {
        let path = work.join(format!("large-{n}.json"));
        std::fs::write(&path, serde_json::to_vec(&generated(7, Some(n), false)).unwrap()).map_err(|e| usage(&e))?;
        let out = work.join(format!("large-{n}"));
        let started = Instant::now();
        let (ok, peak) =
            run_measured(Command::new(&exe).arg("render").arg(&path).arg("-o").arg(&out)).map_err(|e| usage(&e))?;
        if !ok {
            return Err(usage(&format!("hoso render of {n} nominees failed")));
        }
        let seconds = started.elapsed().as_secs_f64();
        let pages =
            hoso::manifest::Manifest::read(&out).map_or(0, |m| m.documents.iter().map(|d| d.pages).sum::<usize>());
        large.push((n, seconds, peak, pages));
    }

    // 5. A single `hoso render` of the sample, as a clerk runs it.
    let mut singles = Vec::new();
    for i in 0..5 {
        let started = Instant::now();
        let (ok, _) = run_measured(
            Command::new(&exe).arg("render").arg(&args.sample).arg("-o").arg(work.join(format!("single-{i}"))),
        )
        .map_err(|e| usage(&e))?;
        if !ok {
            return Err(usage(&"hoso render of the sample failed"));
        }
        singles.push(started.elapsed().as_secs_f64());
    }
    singles.sort_by(f64::total_cmp);

    // 6. Memory of `hoso batch` as the number of dossiers grows.
    let mut scaling = Vec::new();
    for &n in &args.scale {
        let dir = work.join(format!("scale-{n}"));
        make_dossiers(&dir.join("in"), args.seed, n, n / 500).map_err(|e| usage(&e))?;
        let started = Instant::now();
        let (ok, peak) = run_measured(
            Command::new(&exe).args(["batch", "--force", "--quiet"]).arg(dir.join("in")).arg("-o").arg(dir.join("out")),
        )
        .map_err(|e| usage(&e))?;
        if !ok {
            return Err(usage(&format!("hoso batch of {n} dossiers failed")));
        }
        let report: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("out/report.json")).unwrap_or_default())
                .unwrap_or_default();
        let seconds = started.elapsed().as_secs_f64();
        // Again, nothing changed: every dossier recognised by its raw inputs.
        let started = Instant::now();
        let (ok, rerun_peak) = run_measured(
            Command::new(&exe).args(["batch", "--quiet"]).arg(dir.join("in")).arg("-o").arg(dir.join("out")),
        )
        .map_err(|e| usage(&e))?;
        if !ok {
            return Err(usage(&format!("hoso batch of {n} dossiers (re-run) failed")));
        }
        let rerun = (started.elapsed().as_secs_f64(), rerun_peak);
        scaling.push((n, peak, seconds, report["pages"].as_u64().unwrap_or(0), rerun));
        let _ = std::fs::remove_dir_all(&dir);
    }

    println!(
        "{:<40} {:>9} {:>7} {:>9} {:>9} {:>7} {:>9}",
        "mode", "documents", "pages", "seconds", "pages/s", "docs/s", "peak MiB"
    );
    for m in &results {
        let (pages, docs) = (m.pages as f64 / m.seconds, m.documents as f64 / m.seconds);
        println!(
            "{:<40} {:>9} {:>7} {:>9.2} {pages:>9.1} {docs:>7.1} {:>9.1}",
            m.mode, m.documents, m.pages, m.seconds, m.peak_mib
        );
    }
    let rate = |m: &Measure| m.pages as f64 / m.seconds;
    let docs = |m: &Measure| m.documents as f64 / m.seconds;
    let batch = results.last().expect("batch measured");
    for m in &results[..results.len() - 1] {
        println!(
            "hoso batch vs {}: {:.1}× pages/s, {:.1}× documents/s",
            m.mode,
            rate(batch) / rate(m),
            docs(batch) / docs(m)
        );
    }
    println!(
        "hoso batch re-run, nothing changed: {rerun:.2} s for {} dossiers, peak {rerun_peak:.1} MiB",
        dossiers.len()
    );
    for (n, seconds, peak, pages) in &large {
        println!(
            "hoso render of one dossier of {n} nominees: {seconds:.2} s, peak {peak:.1} MiB, {pages} pages ({:.2} ms/page)",
            1000.0 * seconds / (*pages).max(1) as f64
        );
    }
    println!("single `hoso render` of {}: median {:.3} s (of 5)", args.sample.display(), singles[2]);
    for (n, peak, secs, pages, (rerun, rerun_peak)) in &scaling {
        println!(
            "hoso batch of {n} dossiers: peak {peak:.1} MiB, {secs:.1} s, {pages} pages, {:.1} pages/s; re-run unchanged {rerun:.2} s, peak {rerun_peak:.1} MiB",
            *pages as f64 / secs
        );
    }
    if args.json {
        let json = json!({
            "jobs": jobs,
            "modes": results.iter().map(|m| json!({"mode": m.mode, "documents": m.documents, "pages": m.pages, "seconds": m.seconds, "pages_per_second": rate(m), "peak_mib": m.peak_mib})).collect::<Vec<_>>(),
            "single_render_seconds": singles[2],
            "rerun_seconds": rerun,
            "large": large.iter().map(|(n, s, p, pages)| json!({"nominees": n, "seconds": s, "peak_mib": p, "pages": pages})).collect::<Vec<_>>(),
            "scaling": scaling.iter().map(|(n, p, s, pages, (r, rp))| json!({"dossiers": n, "peak_mib": p, "seconds": s, "pages": pages, "rerun_seconds": r, "rerun_peak_mib": rp})).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&json).unwrap());
    }
    Ok(ExitCode::SUCCESS)
}
