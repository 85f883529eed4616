//! Layout under hard content: seeded random dossiers (long and short agency, parent and place
//! names from real Vietnamese place lists, names of 2–7 syllables, 0–40 earlier awards, 1–200
//! nominees, paragraphs from one line to two pages, the punctuation an office types), each
//! rendered and measured by an outside reader (`tests/layout_check.py`, PyMuPDF) against the
//! Decree 30 rules: margins, overlapping lines, signature rooms, page use, broken words, the
//! header grid.
//!
//! `HOSO_STRESS=N` renders N dossiers (default 150, what CI runs); `HOSO_STRESS_SEED=S` starts
//! at seed S, so a failure reported for seed S reproduces with `HOSO_STRESS=1
//! HOSO_STRESS_SEED=S cargo test stress`; `HOSO_STRESS_KEEP=DIR` keeps each dossier
//! (`S.json`) and its `ho-so.pdf` (`S.pdf`) there to look at.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use crate::common::{ENGINE, root, run_tool};

#[path = "../../src/bin/hoso-bench/generate.rs"]
#[allow(dead_code)]
pub mod generate;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Every word a string of `v` (or a document number with its symbol) holds.
fn words(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) => {
            out.extend(s.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).map(String::from))
        }
        Value::Array(items) => items.iter().for_each(|x| words(x, out)),
        Value::Object(map) => {
            if let (Some(Value::String(n)), Some(Value::String(s))) = (map.get("number"), map.get("symbol")) {
                out.insert(format!("{n}{s}"));
            }
            map.values().for_each(|x| words(x, out));
        }
        _ => {}
    }
}

/// Words the forms print themselves: every string literal of the templates and `form.toml`.
fn form_words() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in walkdir::WalkDir::new(root().join("forms")) {
        let entry = entry.unwrap();
        let ext = entry.path().extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "typ" | "toml") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for (k, part) in text.split('"').enumerate() {
            if k % 2 == 1 {
                words(&Value::String(part.replace("\\n", " ")), &mut out);
            }
        }
        // Markup content: `head[Tóm tắt thành tích]`.
        for part in text.split('[').skip(1) {
            if let Some(end) = part.find(']') {
                words(&Value::String(part[..end].to_string()), &mut out);
            }
        }
    }
    out
}

/// Render dossier `seed` and describe it for the checker; `None` with a message if it failed.
fn job(seed: u64, dir: &Path, common_words: &BTreeSet<String>) -> Result<Value, String> {
    let mut rng = generate::Rng::new(seed);
    let size = generate::Size::mixed(&mut rng);
    let dossier = generate::dossier(seed, size);
    if std::env::var_os("HOSO_STRESS_KEEP").is_some() {
        std::fs::write(dir.join(format!("{seed}.json")), serde_json::to_vec_pretty(&dossier).unwrap()).unwrap();
    }
    let checked = ENGINE.check(&dossier.to_string()).map_err(|p| format!("seed {seed}: invalid:\n{p}"))?;
    // Every fourth dossier has its lists laid out a few rows a piece (render/piece.rs), as a
    // decision of thousands is: the pages must measure the same.
    let piece_rows = if seed.is_multiple_of(4) { 3 + (seed % 17) as usize } else { 0 };
    describe(
        &checked,
        &format!(
            "seed {seed} ({} nominees{})",
            size.nominees,
            if piece_rows > 0 { format!(", pieces of {piece_rows} rows") } else { String::new() }
        ),
        &dir.join(format!("{seed}.pdf")),
        common_words,
        piece_rows,
    )
}

/// Render a checked dossier, write its `ho-so.pdf` to `pdf` and describe it for the checker.
fn describe(
    checked: &hoso::Checked,
    name: &str,
    pdf: &Path,
    common_words: &BTreeSet<String>,
    piece_rows: usize,
) -> Result<Value, String> {
    let options = hoso::RenderOptions { piece_rows, ..Default::default() };
    let rendered = ENGINE.render_with(checked, &options).map_err(|e| format!("{name}: render failed: {e}"))?;
    let mut vocabulary = common_words.clone();
    let mut documents = Vec::new();
    let mut first = 1;
    // (A print file repeats pages of the documents before it: ho-so.pdf holds them once.)
    for doc in rendered.documents.iter().filter(|d| d.form.is_some() && d.gathers.is_empty()) {
        let form = doc.form.as_deref().unwrap();
        let sheet = ENGINE.forms().iter().any(|f| f.id == form && f.meta.page.is_some());
        for data in ENGINE.template_data(checked, form).unwrap() {
            // (A print file written alone prints every nominee's certificate.)
            if data.nominee.is_none() || data.nominee == doc.nominee || !doc.nominees.is_empty() {
                words(&data.data, &mut vocabulary);
            }
        }
        let fields: Vec<Value> =
            doc.fields.iter().map(|f| json!({"page": f.page, "rect": f.rect, "signer": f.signer})).collect();
        documents
            .push(json!({"file": doc.file_name, "first": first, "pages": doc.pages, "fields": fields, "sheet": sheet}));
        first += doc.pages;
        // The nominee's evidence follows their report in ho-so.pdf.
        first += rendered
            .manifest
            .evidence
            .iter()
            .filter(|e| Some(&e.nominee) == doc.nominee.as_ref())
            .map(|e| e.pages)
            .sum::<usize>();
    }
    std::fs::write(pdf, &rendered.documents.last().unwrap().pdf).unwrap();
    Ok(json!({
        "name": name,
        "pdf": pdf,
        "documents": documents,
        "vocabulary": vocabulary,
        "places": generate::all_places(),
    }))
}

/// The layout violations of one dossier (checked as if it sat in `samples/`), measured as the
/// stress test measures generated ones; `places` adds multi-word names that must stay whole.
pub fn layout_violations(dossier: &Value, places: &[&str]) -> Vec<String> {
    let checked = crate::common::check(dossier).unwrap_or_else(|p| panic!("invalid dossier:\n{p}"));
    let dir = tempfile::tempdir().unwrap();
    let mut job = describe(&checked, "dossier", &dir.path().join("ho-so.pdf"), &form_words(), 0).unwrap();
    job["places"].as_array_mut().unwrap().extend(places.iter().map(|p| json!(p)));
    let input = dir.path().join("job.json");
    std::fs::write(&input, serde_json::to_vec(&json!([job])).unwrap()).unwrap();
    let script = root().join("tests/layout_check.py");
    let out = run_tool("sh", &["-c", &format!("python3 '{}' < '{}'", script.display(), input.display())]);
    let found: Vec<Value> = serde_json::from_str(&out).unwrap();
    found.iter().map(|v| format!("{} p.{} [{}] {}", v["file"], v["page"], v["rule"], v["detail"])).collect()
}

#[test]
fn generated_dossiers_meet_the_decree_30_layout() {
    crate::needs_checkers!();
    let count = env_number("HOSO_STRESS", 150);
    let start = env_number("HOSO_STRESS_SEED", 1);
    let temp = tempfile::tempdir().unwrap();
    let kept = std::env::var_os("HOSO_STRESS_KEEP").map(std::path::PathBuf::from);
    if let Some(k) = &kept {
        std::fs::create_dir_all(k).unwrap();
    }
    let dir = kept.as_deref().unwrap_or(temp.path());
    let common = form_words();
    let next = AtomicUsize::new(0);
    let jobs = Mutex::new(Vec::new());
    let failures = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::SeqCst) as u64;
                    if k >= count {
                        break;
                    }
                    match job(start + k, dir, &common) {
                        Ok(j) => jobs.lock().unwrap().push(j),
                        Err(e) => failures.lock().unwrap().push(e),
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let jobs = jobs.into_inner().unwrap();
    // The checker in one process per core, each on its share of the dossiers.
    let chunks: Vec<Vec<Value>> = jobs.chunks(jobs.len().div_ceil(threads).max(1)).map(<[Value]>::to_vec).collect();
    let script = root().join("tests/layout_check.py");
    let violations: Vec<Value> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .enumerate()
            .map(|(i, chunk)| {
                let input = dir.join(format!("jobs-{i}.json"));
                std::fs::write(&input, serde_json::to_vec(chunk).unwrap()).unwrap();
                let script = script.clone();
                s.spawn(move || {
                    let out =
                        run_tool("sh", &["-c", &format!("python3 '{}' < '{}'", script.display(), input.display())]);
                    serde_json::from_str::<Vec<Value>>(&out).unwrap()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    if !violations.is_empty() {
        let mut by_rule: std::collections::BTreeMap<String, usize> = Default::default();
        for v in &violations {
            *by_rule.entry(v["rule"].as_str().unwrap().to_string()).or_default() += 1;
        }
        // A few of each rule, so one noisy rule does not hide the others.
        let mut seen: std::collections::BTreeMap<&str, usize> = Default::default();
        let shown: Vec<String> = violations
            .iter()
            .filter(|v| {
                let n = seen.entry(v["rule"].as_str().unwrap()).or_default();
                *n += 1;
                *n <= 6
            })
            .map(|v| format!("{} {} p.{} [{}] {}", v["job"], v["file"], v["page"], v["rule"], v["detail"]))
            .collect();
        panic!(
            "{} layout violations in {count} generated dossiers (by rule: {by_rule:?}):\n{}\nreproduce one with HOSO_STRESS=1 HOSO_STRESS_SEED=<seed> cargo test stress",
            violations.len(),
            shown.join("\n")
        );
    }
}

/// Guards the decision of many awardees (a province's Bằng khen, a big unit's "Lao động tiên
/// tiến"): its minutes' round, its list laid out in pieces at the default size, its
/// certificates in the print file alone meet the layout rules as a small dossier does.
/// `HOSO_STRESS_LARGE=3000` for a province's size (650 by default, three pieces of the list).
#[test]
fn a_decision_of_hundreds_of_awardees_meets_the_decree_30_layout() {
    crate::needs_checkers!();
    let n = env_number("HOSO_STRESS_LARGE", 650) as usize;
    let sample: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("samples/nam-hoc-2025-2026-tieu-hoc-khanh-thuong.json")).unwrap(),
    )
    .unwrap();
    let v = layout_violations(&generate::with_awardees(&sample, n), &["Tân Chi", "Khánh Vĩnh", "Khánh Thượng"]);
    assert!(v.is_empty(), "{} violations:\n{}", v.len(), v.join("\n"));
}
