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
    /// Rounds of the floor, `hoso render` per dossier and `hoso batch`, taking turns: each
    /// mode's figure is its median (the stock CLI runs once).
    #[arg(long, default_value_t = 3)]
    rounds: usize,
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
    /// Only the receiving office's figures: for each count of units, e.g. "30,300", that many
    /// unit dossiers (the sample office's schools renamed, 20 nominees each for the office)
    /// gathered by `hoso gather`, then the gathered dossier checked and exported: time and
    /// peak memory, side by side.
    #[arg(long, value_delimiter = ',', value_name = "UNITS")]
    gather: Vec<usize>,
    /// Nominees each unit proposes to the office, for --gather.
    #[arg(long, default_value_t = 20)]
    per_unit: usize,
}

/// `--gather`: each count's office folder gathered, checked and exported, one process each.
fn gather_figures(exe: &Path, samples: &Path, work: &Path, counts: &[usize], per_unit: usize) -> Result<(), String> {
    let office = samples.join("tiep-nhan-xa-tay-khanh-vinh");
    let read = |p: &Path| -> Result<Value, String> {
        serde_json::from_str(&std::fs::read_to_string(p).map_err(|e| e.to_string())?).map_err(|e| e.to_string())
    };
    let base = read(&office.join("thkt/ho-so.json"))?;
    let mut settings = read(&office.join("co-quan.json"))?;
    // Every unit taken: no cut-off, no register, no order.
    for k in ["cut_off", "received", "order", "register"] {
        settings.as_object_mut().ok_or("co-quan.json is not an object")?.remove(k);
    }
    println!(
        "{:<40} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "office folder", "gather s", "MiB", "check s", "MiB", "export s", "MiB"
    );
    let mut first: Option<f64> = None;
    for &n in counts {
        let dir = work.join(format!("office-{n}"));
        for k in 0..n {
            let unit = dir.join(format!("th{}", k + 1));
            std::fs::create_dir_all(&unit).map_err(|e| e.to_string())?;
            // (The sample school itself passes 7 for the office.)
            let d = generate::unit_for_office(&base, k, per_unit.saturating_sub(7));
            std::fs::write(unit.join("ho-so.json"), serde_json::to_vec(&d).unwrap()).map_err(|e| e.to_string())?;
        }
        std::fs::write(dir.join("co-quan.json"), serde_json::to_vec(&settings).unwrap()).map_err(|e| e.to_string())?;
        let out = work.join(format!("gathered-{n}"));
        let timed = |cmd: &mut Command| -> Result<(f64, f64), String> {
            let started = Instant::now();
            let peak = run_measured(cmd).map_err(|e| e.to_string())?;
            Ok((started.elapsed().as_secs_f64(), peak))
        };
        let (gs, gm) = timed(Command::new(exe).env("HOSO_LANG", "en").arg("gather").arg(&dir).arg("-o").arg(&out))?;
        let gathered = read(&out.join("ho-so.json"))?;
        let nominees = gathered["nominees"].as_array().map_or(0, Vec::len);
        // The office's council passes everyone (the votes the rounds need).
        let mut voted = gathered.clone();
        let present = voted["minutes"]["members"].as_array().map_or(0, Vec::len);
        if let Some(rounds) = voted["minutes"]["rounds"].as_array_mut() {
            for r in rounds {
                let award = r["award"].clone();
                r["votes"] = json!(
                    gathered["nominees"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|x| x["awards"].as_array().is_some_and(|a| a.contains(&award)))
                        .map(|x| json!({"nominee": x["id"], "in_favour": present}))
                        .collect::<Vec<_>>()
                );
            }
        }
        let voted_path = out.join("ho-so-bieu-quyet.json");
        std::fs::write(&voted_path, serde_json::to_vec(&voted).unwrap()).map_err(|e| e.to_string())?;
        let (cs, cm) = timed(Command::new(exe).env("HOSO_LANG", "en").arg("check").arg(&voted_path))?;
        let (es, em) = timed(
            Command::new(exe).env("HOSO_LANG", "en").arg("export").arg(&voted_path).arg("-o").arg(out.join("lists")),
        )?;
        let ratio = first.map_or(String::new(), |f| {
            format!(" ({:.2}× the first's gather time a nominee)", gs / nominees.max(1) as f64 / f)
        });
        first.get_or_insert(gs / nominees.max(1) as f64);
        println!(
            "{:<40} {gs:>9.2} {gm:>9.1} {cs:>9.2} {cm:>9.1} {es:>9.2} {em:>9.1}{ratio}",
            format!("{n} units, {nominees} nominees gathered")
        );
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&out);
    }
    Ok(())
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
        let peak = measured.map_err(|e| e.to_string())?;
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
    /// CPU seconds (user and system) of its processes; NaN where not measured.
    cpu: f64,
    peak_mib: f64,
}

/// Run `program args` and wait for it with `wait4` to learn its peak resident memory; prints
/// `<exit code> <peak KiB>`. This is `hoso-bench --measure`, run as a small fresh process so the
/// measured program does not inherit the benchmark's own memory (a forked child's peak
/// counts the pages it shared with its parent until it exec'd).
pub fn measure_child(program: &std::ffi::OsStr, args: &[std::ffi::OsString]) -> ExitCode {
    let child = match Command::new(program).args(args).stdout(Stdio::null()).stderr(Stdio::inherit()).spawn() {
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
    let cpu = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    println!("{code} {} {}", usage.ru_maxrss, cpu(usage.ru_utime) + cpu(usage.ru_stime));
    ExitCode::SUCCESS
}

/// Run `cmd` through `hoso-bench --measure`: its peak memory in MiB. A run that failed is an
/// error that says the command and what it wrote on stderr.
fn run_measured(cmd: &mut Command) -> std::io::Result<f64> {
    let exe = std::env::current_exe()?;
    let out = Command::new(exe).arg("--measure").arg(cmd.get_program()).args(cmd.get_args()).output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text.split_whitespace();
    let code: i32 = it
        .next()
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other("hoso-bench --measure said nothing"))?;
    let kib: f64 = it.next().and_then(|c| c.parse().ok()).unwrap_or(0.0);
    let cpu: f64 = it.next().and_then(|c| c.parse().ok()).unwrap_or(0.0);
    CPU_SECONDS.with(|c| c.set(c.get() + cpu));
    if code != 0 {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(12).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(std::io::Error::other(format!(
            "exit code {code} from `{}`:\n  {}",
            command_line(cmd),
            if tail.is_empty() { "(nothing on stderr)".to_string() } else { tail.join("\n  ") }
        )));
    }
    Ok(kib / 1024.0)
}

thread_local! {
    /// CPU seconds (user and system) of the measured processes this thread has waited for.
    static CPU_SECONDS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// CPU seconds of every measured process waited for on any thread since the last call.
static CPU_TOTAL: Mutex<f64> = Mutex::new(0.0);

/// Move this thread's CPU seconds into the total.
fn cpu_flush() {
    let mine = CPU_SECONDS.with(|c| c.replace(0.0));
    *CPU_TOTAL.lock().unwrap() += mine;
}

/// The CPU seconds of the processes measured since the last call, on every thread.
fn cpu_taken() -> f64 {
    cpu_flush();
    std::mem::take(&mut *CPU_TOTAL.lock().unwrap())
}

/// A command as one would type it (arguments with spaces quoted).
fn command_line(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| {
            let a = a.to_string_lossy();
            if a.contains(' ') { format!("'{a}'") } else { a.into_owned() }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Run `n` jobs on `jobs` threads; returns the largest peak memory seen. Every job runs, even
/// after one failed; the failures are the error, each with its command and what it said.
fn parallel(n: usize, jobs: usize, job: impl Fn(usize) -> std::io::Result<f64> + Sync) -> std::io::Result<f64> {
    let next = AtomicUsize::new(0);
    let peak = Mutex::new(0.0f64);
    let errors = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        break;
                    }
                    match job(i) {
                        Ok(mib) => {
                            let mut p = peak.lock().unwrap();
                            *p = p.max(mib);
                        }
                        Err(e) => errors.lock().unwrap().push((i, e)),
                    }
                }
                cpu_flush();
            });
        }
    });
    let mut errors = errors.into_inner().unwrap();
    if errors.is_empty() {
        return Ok(peak.into_inner().unwrap());
    }
    errors.sort_by_key(|(i, _)| *i);
    let shown: Vec<String> = errors.iter().take(3).map(|(i, e)| format!("job {i}: {e}")).collect();
    Err(std::io::Error::other(format!(
        "{} of {n} jobs failed; {}{}",
        errors.len(),
        shown.join("\n"),
        if errors.len() > 3 { format!("\n(and {} more)", errors.len() - 3) } else { String::new() }
    )))
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

/// The allocator of the `hoso` binary, so the floor (run in this one) allocates as hoso does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `hoso-bench --floor DIR JOBS OUT`: the floor. Every compilation recorded in `DIR` (one file
/// each, as `hoso::bench::Compilation::to_bytes` wrote it, named `DOSSIER-SEQ.bin`) laid out
/// and exported by Typst on `JOBS` threads over one warm engine, nothing else, scheduled as
/// `hoso batch` schedules dossiers (the largest dossier first, each thread one dossier at a
/// time, its compilations in order); writes the pages and each stage's CPU seconds to `OUT` as
/// JSON.
fn floor_child(dir: &Path, jobs: usize, out: &Path) -> ExitCode {
    let engine = match hoso::Engine::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(USAGE);
        }
    };
    let mut files: Vec<(u64, PathBuf)> = match std::fs::read_dir(dir) {
        Ok(entries) => {
            entries.filter_map(|e| e.ok()).map(|e| (e.metadata().map_or(0, |m| m.len()), e.path())).collect()
        }
        Err(e) => {
            eprintln!("error: {}: {e}", dir.display());
            return ExitCode::from(USAGE);
        }
    };
    files.sort_by(|a, b| a.1.cmp(&b.1));
    // Dossier by dossier (the name's first part), the largest first.
    let mut dossiers: Vec<(u64, Vec<PathBuf>)> = Vec::new();
    let mut last = None;
    for (size, path) in files {
        let dossier = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.split('-').next()).map(str::to_string);
        if dossier != last || dossiers.is_empty() {
            dossiers.push((0, Vec::new()));
            last = dossier;
        }
        let d = dossiers.last_mut().expect("one pushed");
        d.0 += size;
        d.1.push(path);
    }
    dossiers.sort_by_key(|d| std::cmp::Reverse(d.0));
    let next = AtomicUsize::new(0);
    let pages = AtomicUsize::new(0);
    let failed = Mutex::new(Vec::new());
    // On a pool of its own, as `hoso batch` runs: Typst's parallel work inside a compilation
    // runs on the same threads (and is counted in their stages).
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(USAGE);
        }
    };
    pool.broadcast(|_| {
        while let Some((_, paths)) = dossiers.get(next.fetch_add(1, Ordering::SeqCst)) {
            for path in paths {
                let done = std::fs::read(path)
                    .map_err(|e| e.to_string())
                    .and_then(|b| hoso::bench::Compilation::from_bytes(&b).ok_or("not a compilation".into()))
                    .and_then(|c| hoso::bench::floor(&engine, c));
                match done {
                    Ok(n) => drop(pages.fetch_add(n, Ordering::SeqCst)),
                    Err(e) => failed.lock().unwrap().push(format!("{}: {e}", path.display())),
                }
            }
        }
    });
    let failed = failed.into_inner().unwrap();
    if !failed.is_empty() {
        eprintln!("error: {} compilations failed: {}", failed.len(), failed.join("\n"));
        return ExitCode::FAILURE;
    }
    let stages: serde_json::Map<String, Value> =
        hoso::bench::profile().into_iter().map(|(k, v)| (k, v.into())).collect();
    let said = json!({ "pages": pages.load(Ordering::SeqCst), "stages": stages });
    match std::fs::write(out, said.to_string()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if argv.get(1).is_some_and(|a| a == "--measure") && argv.len() > 2 {
        return measure_child(&argv[2], &argv[3..]);
    }
    if argv.get(1).is_some_and(|a| a == "--floor") && argv.len() == 5 {
        let jobs = argv[3].to_str().and_then(|j| j.parse().ok()).unwrap_or(1);
        return floor_child(Path::new(&argv[2]), jobs, Path::new(&argv[4]));
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
    let peak = run_measured(
        Command::new(exe).env("HOSO_LANG", "en").args(["batch"]).arg(input).arg("-o").arg(&out).arg("--quiet"),
    )?;
    let seconds = started.elapsed().as_secs_f64();
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
    if !args.gather.is_empty() {
        std::fs::create_dir_all(&work).map_err(|e| usage(&e))?;
        let samples = args.sample.parent().unwrap_or(Path::new("samples"));
        gather_figures(&exe, samples, &work, &args.gather, args.per_unit).map_err(|e| usage(&e))?;
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
    // Every compilation hoso makes, recorded for the floor (one file each).
    let floor_dir = work.join("floor");
    std::fs::create_dir_all(&floor_dir).map_err(|e| usage(&e))?;
    let mut compilations = 0;
    for (i, path) in dossiers.iter().enumerate() {
        let checked = engine.check_file(path).map_err(|e| usage(&e))?.map_err(|p| usage(&p))?;
        let (rendered, recorded) = hoso::bench::recording(|| engine.render(&checked, None));
        let rendered = rendered.map_err(|e| usage(&e))?;
        for c in recorded {
            std::fs::write(floor_dir.join(format!("{i:05}-{compilations:06}.bin")), c.to_bytes())
                .map_err(|e| usage(&e))?;
            compilations += 1;
        }
        pages_all += rendered.pages();
        pages_forms += rendered.documents.iter().filter(|d| d.form.is_some()).map(|d| d.pages).sum::<usize>();
        docs_all += rendered.documents.len();
        for job in hoso::bench::typst_jobs(&engine, &checked, i) {
            views.push((job.main, job.data, job.files));
        }
    }
    let mut results = Vec::new();
    let mut failures: Vec<String> = Vec::new();

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
            // Hermetic: hoso's four fonts and nothing else (no system font, none of the
            // CLI's own), as hoso sets its documents.
            run_measured(
                Command::new(&typst)
                    .arg("compile")
                    .arg("--root")
                    .arg(&forms)
                    .args(["--input", &format!("data=/_bench/{i}.json")])
                    .args(["--ignore-system-fonts", "--ignore-embedded-fonts"])
                    .arg("--font-path")
                    .arg(root.join("fonts"))
                    .args(["--pdf-standard", "a-2b"])
                    .arg(forms.join(main))
                    .arg(root.join("out").join(format!("{i}.pdf"))),
            )
        };
        let (form_docs, wholes): (Vec<usize>, Vec<usize>) = (0..views.len()).partition(|&i| views[i].0 != DOSSIER_MAIN);
        let started = Instant::now();
        let peak = parallel(form_docs.len(), jobs, |k| compile(form_docs[k]));
        let forms_seconds = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let peak_whole = parallel(wholes.len(), jobs, |k| compile(wholes[k]));
        let whole_seconds = started.elapsed().as_secs_f64();
        // A failed job of the stock CLI is reported with its command and what it said; the
        // other modes are still measured.
        let (peak, peak_whole) = match (peak, peak_whole) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("bench: the stock CLI failed, its figures are left out: {e}");
                failures.push(format!("typst compile: {e}"));
                (f64::NAN, f64::NAN)
            }
        };
        if !peak.is_nan() {
            results.push(Measure {
                mode: "typst compile, form documents only".into(),
                documents: form_docs.len(),
                pages: pages_forms,
                seconds: forms_seconds,
                cpu: f64::NAN,
                peak_mib: peak,
            });
            results.push(Measure {
                mode: "typst compile, same files (+ ho-so.pdf)".into(),
                documents: views.len(),
                pages: pages_all,
                seconds: forms_seconds + whole_seconds,
                cpu: f64::NAN,
                peak_mib: peak.max(peak_whole),
            });
        }
    } else {
        eprintln!(
            "bench: no stock typst CLI at `{}` (install typst-cli 0.15.1 or pass --typst): that comparison is skipped",
            typst.display()
        );
    }

    // The floor: the same compilations hoso makes, laid out and exported by Typst in one
    // warm process on every core, nothing else; then one `hoso render` process per dossier;
    // then one `hoso batch` process. The three take turns for `--rounds` rounds (the machine's
    // load drifts: each mode's median over the rounds, so a slow spell hits all three alike).
    let floor_out = work.join("floor.json");
    let profile_path = work.join("profile.json");
    let this = std::env::current_exe().map_err(|e| usage(&e))?;
    let mut floor_said = Value::Null;
    let mut times: [Vec<f64>; 3] = Default::default();
    let mut cpus: [Vec<f64>; 3] = Default::default();
    cpu_taken();
    let mut peaks = [0.0f64; 3];
    let rounds = args.rounds.max(1);
    for round in 0..rounds {
        eprintln!("bench: round {} of {rounds}", round + 1);
        let started = Instant::now();
        let peak =
            run_measured(Command::new(&this).arg("--floor").arg(&floor_dir).arg(jobs.to_string()).arg(&floor_out))
                .map_err(|e| usage(&format!("the floor: {e}")))?;
        times[0].push(started.elapsed().as_secs_f64());
        cpus[0].push(cpu_taken());
        peaks[0] = peaks[0].max(peak);
        floor_said = serde_json::from_str(&std::fs::read_to_string(&floor_out).unwrap_or_default()).unwrap_or_default();

        let started = Instant::now();
        let out = work.join("render");
        let _ = std::fs::remove_dir_all(&out);
        let peak = parallel(dossiers.len(), jobs, |i| {
            run_measured(Command::new(&exe).arg("render").arg(&dossiers[i]).arg("-o").arg(out.join(i.to_string())))
        })
        .map_err(|e| usage(&format!("hoso render: {e}")))?;
        times[1].push(started.elapsed().as_secs_f64());
        cpus[1].push(cpu_taken());
        peaks[1] = peaks[1].max(peak);

        let started = Instant::now();
        let peak = run_measured(
            Command::new(&exe)
                .args(["batch", "--force", "--quiet"])
                .arg(&input)
                .arg("-o")
                .arg(work.join("batch"))
                .arg("--profile")
                .arg(&profile_path),
        )
        .map_err(|e| usage(&format!("hoso batch: {e}")))?;
        times[2].push(started.elapsed().as_secs_f64());
        cpus[2].push(cpu_taken());
        peaks[2] = peaks[2].max(peak);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let rounds_said = |v: &[f64]| v.iter().map(|s| format!("{s:.2}")).collect::<Vec<_>>().join(", ");
    for (k, mode) in ["floor", "hoso render", "hoso batch"].iter().enumerate() {
        eprintln!("bench: {mode}: {} s; CPU {} s", rounds_said(&times[k]), rounds_said(&cpus[k]));
    }
    results.push(Measure {
        mode: format!("floor: Typst alone, hoso's {compilations} compilations"),
        documents: compilations,
        pages: floor_said["pages"].as_u64().unwrap_or(0) as usize,
        seconds: median(&mut times[0]),
        cpu: median(&mut cpus[0]),
        peak_mib: peaks[0],
    });
    results.push(Measure {
        mode: "hoso render, 1 process per dossier".into(),
        documents: docs_all,
        pages: pages_all,
        seconds: median(&mut times[1]),
        cpu: median(&mut cpus[1]),
        peak_mib: peaks[1],
    });
    results.push(Measure {
        mode: "hoso batch, 1 process".into(),
        documents: docs_all,
        pages: pages_all,
        seconds: median(&mut times[2]),
        cpu: median(&mut cpus[2]),
        peak_mib: peaks[2],
    });
    // The same batch again, nothing changed: every dossier is skipped.
    let started = Instant::now();
    let rerun_peak =
        run_measured(Command::new(&exe).args(["batch", "--quiet"]).arg(&input).arg("-o").arg(work.join("batch")))
            .map_err(|e| usage(&e))?;
    let rerun = started.elapsed().as_secs_f64();

    // 4. Single large dossiers, rendered alone: time and memory against their size.
    let mut large = Vec::new();
    for &n in &args.nominees {
        let path = work.join(format!("large-{n}.json"));
        std::fs::write(&path, serde_json::to_vec(&generated(7, Some(n), false)).unwrap()).map_err(|e| usage(&e))?;
        let out = work.join(format!("large-{n}"));
        let started = Instant::now();
        let peak =
            run_measured(Command::new(&exe).arg("render").arg(&path).arg("-o").arg(&out)).map_err(|e| usage(&e))?;
        let seconds = started.elapsed().as_secs_f64();
        let pages =
            hoso::manifest::Manifest::read(&out).map_or(0, |m| m.documents.iter().map(|d| d.pages).sum::<usize>());
        large.push((n, seconds, peak, pages));
    }

    // 5. A single `hoso render` of the sample, as a clerk runs it.
    let mut singles = Vec::new();
    for i in 0..5 {
        let started = Instant::now();
        let _ = run_measured(
            Command::new(&exe).arg("render").arg(&args.sample).arg("-o").arg(work.join(format!("single-{i}"))),
        )
        .map_err(|e| usage(&e))?;
        singles.push(started.elapsed().as_secs_f64());
    }
    singles.sort_by(f64::total_cmp);

    // 6. Memory of `hoso batch` as the number of dossiers grows.
    let mut scaling = Vec::new();
    for &n in &args.scale {
        let dir = work.join(format!("scale-{n}"));
        make_dossiers(&dir.join("in"), args.seed, n, n / 500).map_err(|e| usage(&e))?;
        let started = Instant::now();
        let peak = run_measured(
            Command::new(&exe).args(["batch", "--force", "--quiet"]).arg(dir.join("in")).arg("-o").arg(dir.join("out")),
        )
        .map_err(|e| usage(&e))?;
        let report: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("out/report.json")).unwrap_or_default())
                .unwrap_or_default();
        let seconds = started.elapsed().as_secs_f64();
        // Again, nothing changed: every dossier recognised by its raw inputs.
        let started = Instant::now();
        let rerun_peak = run_measured(
            Command::new(&exe).args(["batch", "--quiet"]).arg(dir.join("in")).arg("-o").arg(dir.join("out")),
        )
        .map_err(|e| usage(&e))?;
        let rerun = (started.elapsed().as_secs_f64(), rerun_peak);
        scaling.push((n, peak, seconds, report["pages"].as_u64().unwrap_or(0), rerun));
        let _ = std::fs::remove_dir_all(&dir);
    }

    println!(
        "{:<44} {:>9} {:>7} {:>9} {:>9} {:>7} {:>9} {:>9}",
        "mode", "documents", "pages", "seconds", "pages/s", "docs/s", "CPU s", "peak MiB"
    );
    for m in &results {
        let (pages, docs) = (m.pages as f64 / m.seconds, m.documents as f64 / m.seconds);
        println!(
            "{:<44} {:>9} {:>7} {:>9.2} {pages:>9.1} {docs:>7.1} {:>9.2} {:>9.1}",
            m.mode, m.documents, m.pages, m.seconds, m.cpu, m.peak_mib
        );
    }
    let rate = |m: &Measure| m.pages as f64 / m.seconds;
    let docs = |m: &Measure| m.documents as f64 / m.seconds;
    let batch = results.last().expect("batch measured");
    for m in &results[..results.len() - 1] {
        if m.mode.starts_with("floor") {
            // The floor lays out each page once and writes nothing: compare times.
            println!(
                "hoso batch takes {:.2}× the floor's time and {:.2}× its CPU time (the same compilations, laid out and exported by Typst alone)",
                batch.seconds / m.seconds,
                batch.cpu / m.cpu
            );
            continue;
        }
        let cpu = if m.cpu.is_nan() { String::new() } else { format!(", {:.2}× the CPU time", batch.cpu / m.cpu) };
        println!(
            "hoso batch vs {}: {:.2}× pages/s, {:.2}× documents/s{cpu}",
            m.mode,
            rate(batch) / rate(m),
            docs(batch) / docs(m)
        );
    }
    // Where the batch's time goes beyond the floor's, stage by stage (CPU seconds of the
    // threads that ran each stage).
    let profile: Value =
        serde_json::from_str(&std::fs::read_to_string(&profile_path).unwrap_or_default()).unwrap_or_default();
    if let Some(stages) = profile.as_object() {
        let total: f64 = stages.values().filter_map(Value::as_f64).sum();
        let floor_stages = floor_said["stages"].as_object().cloned().unwrap_or_default();
        let floor_total: f64 = floor_stages.values().filter_map(Value::as_f64).sum();
        println!("{:<12} {:>16} {:>16}", "stage", "batch CPU s", "floor CPU s");
        for (stage, secs) in stages {
            let secs = secs.as_f64().unwrap_or(0.0);
            let floor = floor_stages.get(stage).and_then(Value::as_f64).unwrap_or(0.0);
            println!(
                "{stage:<12} {secs:>9.2} {:>5.1}% {floor:>9.2} {:>5.1}%",
                100.0 * secs / total.max(1e-9),
                100.0 * floor / floor_total.max(1e-9)
            );
        }
        println!("{:<12} {total:>9.2} {:>6} {floor_total:>9.2}", "all", "");
    }
    for f in &failures {
        println!("FAILED: {f}");
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
            "modes": results.iter().map(|m| json!({"mode": m.mode, "documents": m.documents, "pages": m.pages, "seconds": m.seconds, "cpu_seconds": if m.cpu.is_nan() { Value::Null } else { json!(m.cpu) }, "pages_per_second": rate(m), "peak_mib": m.peak_mib})).collect::<Vec<_>>(),
            "single_render_seconds": singles[2],
            "batch_over_floor": results.iter().find(|m| m.mode.starts_with("floor")).map(|f| batch.seconds / f.seconds),
            "profile": profile,
            "floor_profile": floor_said["stages"],
            "failures": failures,
            "rerun_seconds": rerun,
            "large": large.iter().map(|(n, s, p, pages)| json!({"nominees": n, "seconds": s, "peak_mib": p, "pages": pages})).collect::<Vec<_>>(),
            "scaling": scaling.iter().map(|(n, p, s, pages, (r, rp))| json!({"dossiers": n, "peak_mib": p, "seconds": s, "pages": pages, "rerun_seconds": r, "rerun_peak_mib": rp})).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&json).unwrap());
    }
    Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
