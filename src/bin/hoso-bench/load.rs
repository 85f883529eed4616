//! `hoso-bench --load N`: the service under load, beside `hoso batch` on the same dossiers.
//! `hoso serve` runs as its own process on a free port of the loopback; `--clients` threads
//! post the generated dossiers (JSON bodies, every name and sentence different) in turn until N
//! requests are answered; each request's latency is timed. Then `hoso batch` renders the same
//! dossiers once. Reported: documents/s, dossiers/s, p50/p95/p99 latency, peak memory (the
//! server's VmHWM; batch's through wait4).

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What the load run measured.
pub struct Load {
    pub requests: usize,
    pub clients: usize,
    pub failed: usize,
    pub busy: usize,
    pub documents: usize,
    pub seconds: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub peak_mib: f64,
}

/// The PDFs in a stored ZIP (the service's answer), by local headers.
fn documents_in(zip: &[u8]) -> usize {
    zip.windows(4).filter(|w| *w == [0x50, 0x4b, 0x03, 0x04]).count().saturating_sub(1)
}

/// A process's peak resident memory (VmHWM), in MiB.
fn peak_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Post `requests` renders of `dossiers` in turn with `clients` threads to a fresh `hoso serve`.
pub fn run(exe: &Path, dossiers: &[PathBuf], requests: usize, clients: usize) -> std::io::Result<Load> {
    let mut server = Command::new(exe)
        .args(["serve", "--listen", "127.0.0.1:0", "--queue", &(clients * 2).to_string()])
        .env("HOSO_LANG", "en")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().expect("piped")).read_line(&mut line)?;
    let url = line.trim().rsplit(' ').next().unwrap_or_default().to_string() + "/v1/render";
    let bodies: Vec<Vec<u8>> = dossiers.iter().map(std::fs::read).collect::<Result<_, _>>()?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(600)))
        .build()
        .new_agent();
    let post = |body: &[u8]| -> (u16, usize) {
        match agent.post(&url).header("Content-Type", "application/json").send(body) {
            Ok(mut r) => {
                let status = r.status().as_u16();
                let bytes = r.body_mut().with_config().limit(1 << 30).read_to_vec().unwrap_or_default();
                (status, if status == 200 { documents_in(&bytes) } else { 0 })
            }
            Err(_) => (0, 0),
        }
    };
    post(&bodies[0]);
    let next = AtomicUsize::new(0);
    let (latencies, failed, busy, documents) =
        (Mutex::new(Vec::new()), AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0));
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..clients {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests {
                        break;
                    }
                    let t = Instant::now();
                    let (status, docs) = post(&bodies[i % bodies.len()]);
                    let ms = t.elapsed().as_secs_f64() * 1000.0;
                    match status {
                        200 => {
                            documents.fetch_add(docs, Ordering::Relaxed);
                            latencies.lock().unwrap().push(ms);
                        }
                        503 => {
                            busy.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => {
                            failed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            });
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    let peak = peak_mib(server.id());
    let _ = Command::new("kill").args(["-TERM", &server.id().to_string()]).status();
    let _ = server.wait();
    let mut l = latencies.into_inner().unwrap();
    l.sort_by(f64::total_cmp);
    let pct = |p: f64| if l.is_empty() { 0.0 } else { l[((l.len() - 1) as f64 * p).round() as usize] };
    Ok(Load {
        requests,
        clients,
        failed: failed.into_inner(),
        busy: busy.into_inner(),
        documents: documents.into_inner(),
        seconds,
        p50_ms: pct(0.50),
        p95_ms: pct(0.95),
        p99_ms: pct(0.99),
        peak_mib: peak,
    })
}

/// What the preview run measured, in milliseconds per preview.
pub struct Preview {
    pub count: usize,
    /// Pages of the document each preview came back with (the last one's).
    pub pages: usize,
    pub median_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
}

/// `--preview N`: the workbench's preview of the sample's letter, as a clerk types: N times, a
/// nominee's name changed by one letter and `POST /v1/preview` timed until its pages (PNG and
/// text) are back; the server is `hoso serve --workspace` over a copy of the samples.
pub fn preview(exe: &Path, samples: &Path, work: &Path, count: usize) -> std::io::Result<Preview> {
    let ws = work.join("workspace");
    std::fs::create_dir_all(&ws)?;
    for entry in walkdir::WalkDir::new(samples) {
        let entry = entry.map_err(std::io::Error::other)?;
        let to = ws.join(entry.path().strip_prefix(samples).map_err(std::io::Error::other)?);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to)?;
        } else {
            std::fs::copy(entry.path(), &to)?;
        }
    }
    let mut server = Command::new(exe)
        .args(["serve", "--listen", "127.0.0.1:0", "--workspace"])
        .arg(&ws)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut out = std::io::BufReader::new(server.stdout.take().expect("piped"));
    let mut line = String::new();
    out.read_line(&mut line)?;
    let base = line.trim().rsplit(' ').next().unwrap_or_default().to_string();
    // The second line: the workbench's address with the session's token.
    let mut second = String::new();
    out.read_line(&mut second)?;
    let token =
        second.split("#token=").nth(1).and_then(|t| t.split_whitespace().next()).unwrap_or_default().to_string();
    let bearer = format!("Bearer {token}");
    let url = format!("{base}/v1/preview?path=vi-nguoi-ngheo-2023.json&document=01-to-trinh.pdf");
    let text = std::fs::read_to_string(ws.join("vi-nguoi-ngheo-2023.json"))?;
    let mut dossier: serde_json::Value = serde_json::from_str(&text).map_err(std::io::Error::other)?;
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().new_agent();
    let letters = ["a", "n", "h", "T", "ư", "ờ", "g"];
    let original = dossier["nominees"][3]["name"].as_str().unwrap_or_default().to_string();
    let mut times = Vec::new();
    let mut shown_pages = 0;
    for k in 0..count + 3 {
        let typed = format!("{original} {}", letters[..1 + k % letters.len()].concat());
        dossier["nominees"][3]["name"] = serde_json::json!(typed);
        let body = serde_json::to_vec(&dossier).map_err(std::io::Error::other)?;
        let t = Instant::now();
        let mut r = agent
            .post(&url)
            .header("Content-Type", "application/json")
            .header("Authorization", &bearer)
            .send(&body[..])
            .map_err(std::io::Error::other)?;
        let answer: serde_json::Value = serde_json::from_slice(
            &r.body_mut().with_config().limit(256 << 20).read_to_vec().map_err(std::io::Error::other)?,
        )
        .map_err(std::io::Error::other)?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let pages = answer["document"]["pages"].as_array().map_or(0, Vec::len);
        let shown = answer["document"]["pages"].to_string().contains(&typed);
        if pages == 0 || !shown {
            let _ = server.kill();
            return Err(std::io::Error::other(format!("preview {k} did not show the change: {}", answer["problems"])));
        }
        shown_pages = pages;
        // The first previews warm the server up (fonts, templates, the page rasteriser).
        if k >= 3 {
            times.push(ms);
        }
    }
    let _ = Command::new("kill").args(["-TERM", &server.id().to_string()]).status();
    let _ = server.wait();
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    Ok(Preview {
        count,
        pages: shown_pages,
        median_ms: at(0.5),
        p95_ms: at(0.95),
        max_ms: *times.last().unwrap_or(&0.0),
    })
}
