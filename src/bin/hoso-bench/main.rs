//! `hoso-bench`: throughput and memory, side by side on this machine and the same dossiers:
//! the stock `typst` CLI once per document (on hoso's own forms and views, invoked as a
//! template author would: default font discovery plus `--font-path` for Liberation Serif),
//! timed for the form documents alone and with `ho-so.pdf` too, so that one figure compares
//! the same files as hoso writes;
//! one `hoso render` process per dossier, and one `hoso batch` process; then `hoso batch` at
//! growing sizes to show memory stays flat. Every figure comes from one run, so compare
//! ratios, not seconds.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use clap::Parser;

mod generate;
use serde_json::{Value, json};

/// Exit code of a run that could not be measured.
const USAGE: u8 = 2;

/// hoso-bench: hoso's throughput and memory against the stock typst CLI, in one run on this
/// machine (see README, Benchmark). Needs the `hoso` binary built beside it.
#[derive(Parser)]
#[command(name = "hoso-bench", version)]
pub struct Args {
    /// Dossiers for the side-by-side comparison.
    #[arg(long, default_value_t = 40)]
    dossiers: usize,
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
    /// The dossier the benchmark dossiers are varied from.
    #[arg(long, default_value = "samples/vi-nguoi-ngheo-2023.json")]
    sample: PathBuf,
    /// Keep the work folder here instead of a temporary one.
    #[arg(long, value_name = "DIR")]
    keep: Option<PathBuf>,
    /// Print the results as JSON too.
    #[arg(long)]
    json: bool,
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

const FAMILY: [&str; 12] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Mấu"];
const MIDDLE: [&str; 8] = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu"];
const GIVEN: [&str; 16] = [
    "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Khánh", "Lan", "Long", "Mai", "Nam", "Oanh", "Phúc", "Tâm",
    "Yến",
];

/// A variation of the sample: other names, numbers and sentences, so no two dossiers share
/// their text (memoisation must not make the benchmark look better than real work).
fn vary(sample: &Value, k: usize) -> Value {
    let mut d = sample.clone();
    d["proposal"]["number"] = json!(k % 900 + 10);
    d["minutes"]["number"] = json!(k % 900 + 1000);
    let mut seed = k as u64 * 2654435761 + 17;
    let mut pick = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    let mut votes = Vec::new();
    for (i, n) in d["nominees"].as_array_mut().unwrap().iter_mut().enumerate() {
        if n["kind"] == "individual" {
            let name = format!("{} {} {}", FAMILY[pick(12)], MIDDLE[pick(8)], GIVEN[pick(16)]);
            n["name"] = json!(name);
            n["id"] = json!(format!("ca-nhan-{k}-{i}"));
        } else {
            n["id"] = json!(format!("tap-the-{k}-{i}"));
        }
        let summary = format!(
            "{} Năm 2023 vận động {} hộ tham gia học nghề, ủng hộ {}.000 đồng.",
            n["summary"].as_str().unwrap_or(""),
            5 + pick(60),
            100 + pick(900)
        );
        n["summary"] = json!(summary);
        if let Some(sections) = n["report"]["achievements"].as_array_mut() {
            for s in sections {
                let extra = format!(
                    "Số liệu bổ sung của đợt {k}: {} học viên, {} hộ thoát nghèo.",
                    10 + pick(200),
                    1 + pick(40)
                );
                s["paragraphs"].as_array_mut().unwrap().push(json!(extra));
            }
        }
        votes.push(json!({"nominee": n["id"], "in_favour": 6}));
    }
    d["minutes"]["votes"] = json!(votes);
    d
}

/// Files a dossier names (evidence, signature and seal images), relative to its folder.
fn referenced_files(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                match x {
                    Value::String(s) if k.ends_with("_image") => out.push(s.clone()),
                    Value::Array(items) if k == "evidence" => {
                        out.extend(items.iter().filter_map(Value::as_str).map(str::to_string))
                    }
                    _ => out.extend(referenced_files(x)),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|x| out.extend(referenced_files(x))),
        _ => {}
    }
    out.sort();
    out.dedup();
    out
}

/// Write `count` varied dossiers (with the sample's evidence) under `dir`, two levels deep.
fn make_dossiers(sample_path: &Path, dir: &Path, count: usize) -> std::io::Result<Vec<PathBuf>> {
    let sample: Value = serde_json::from_str(&std::fs::read_to_string(sample_path)?).map_err(std::io::Error::other)?;
    let sample_dir = sample_path.parent().unwrap_or(Path::new("."));
    let mut paths = Vec::new();
    for k in 0..count {
        let folder = dir.join(format!("truong-{:02}", k % 25)).join(format!("don-vi-{k:04}"));
        for file in referenced_files(&sample) {
            let to = folder.join(&file);
            std::fs::create_dir_all(to.parent().unwrap())?;
            std::fs::copy(sample_dir.join(&file), to)?;
        }
        std::fs::create_dir_all(&folder)?;
        let path = folder.join("ho-so.json");
        std::fs::write(&path, serde_json::to_vec_pretty(&vary(&sample, k)).unwrap())?;
        paths.push(path);
    }
    Ok(paths)
}

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if argv.get(1).is_some_and(|a| a == "--measure") && argv.len() > 2 {
        return measure_child(&argv[2], &argv[3..]);
    }
    // `hoso-bench --generate SEED`: print the generated dossier of a stress-test seed.
    if argv.get(1).is_some_and(|a| a == "--generate")
        && let Some(seed) = argv.get(2).and_then(|s| s.to_str()).and_then(|s| s.parse().ok())
    {
        let mut rng = generate::Rng::new(seed);
        let size = generate::Size::mixed(&mut rng);
        println!("{}", serde_json::to_string_pretty(&generate::dossier(seed, size)).expect("JSON"));
        return ExitCode::SUCCESS;
    }
    run(Args::parse()).unwrap_or_else(|code| code)
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
    let dossiers = make_dossiers(&args.sample, &input, args.dossiers).map_err(|e| usage(&e))?;
    eprintln!(
        "bench: {} dossiers varied from {}, {jobs} jobs, work folder {}",
        dossiers.len(),
        args.sample.display(),
        work.display()
    );

    // The views and page counts every mode renders, from the library itself.
    // The complete dossier is one more document per dossier, compiled from `_dossier.typ`
    // with its evidence pages as files, so both sides write the same files.
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

    // 4. A single `hoso render` of the sample, as a clerk runs it.
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

    // 5. Memory of `hoso batch` as the number of dossiers grows.
    let mut scaling = Vec::new();
    for &n in &args.scale {
        let dir = work.join(format!("scale-{n}"));
        make_dossiers(&args.sample, &dir.join("in"), n).map_err(|e| usage(&e))?;
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
        scaling.push((n, peak, started.elapsed().as_secs_f64(), report["pages"].as_u64().unwrap_or(0)));
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
    println!("single `hoso render` of {}: median {:.3} s (of 5)", args.sample.display(), singles[2]);
    for (n, peak, secs, pages) in &scaling {
        println!(
            "hoso batch of {n} dossiers: peak {peak:.1} MiB, {secs:.1} s, {pages} pages, {:.1} pages/s",
            *pages as f64 / secs
        );
    }
    if args.json {
        let json = json!({
            "jobs": jobs,
            "modes": results.iter().map(|m| json!({"mode": m.mode, "documents": m.documents, "pages": m.pages, "seconds": m.seconds, "pages_per_second": rate(m), "peak_mib": m.peak_mib})).collect::<Vec<_>>(),
            "single_render_seconds": singles[2],
            "scaling": scaling.iter().map(|(n, p, s, pages)| json!({"dossiers": n, "peak_mib": p, "seconds": s, "pages": pages})).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&json).unwrap());
    }
    Ok(ExitCode::SUCCESS)
}
