//! `hoso batch`: a folder of dossiers rendered into a mirrored tree; bad dossiers reported
//! with JSON paths while the rest render; non-dossiers skipped with a note; re-runs skip what
//! has not changed; an interruption leaves no partial file.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Value, json};

use crate::common::{ENGINE, sample};

/// A folder with two good dossiers (one nested), one bad one, a non-dossier JSON file and a
/// text file.
fn input(dir: &Path) {
    for (rel, number) in [("truong-a/don-vi-1.json", 11), ("truong-b/khoa/don-vi-2.json", 12)] {
        let path = dir.join(rel);
        crate::common::copy_sample_files(path.parent().unwrap());
        let mut d = sample();
        d["proposals"][0]["number"] = json!(number);
        std::fs::write(&path, d.to_string()).unwrap();
    }
    let mut bad = sample();
    bad["nominees"][3]["birth_date"] = json!("31/02/1985");
    bad["nominees"][2]["evidence"] = json!([]);
    std::fs::write(dir.join("hong.json"), bad.to_string()).unwrap();
    std::fs::write(dir.join("cau-hinh.json"), r#"{"theme": "dark"}"#).unwrap();
    std::fs::write(dir.join("ghi-chu.txt"), "không phải hồ sơ").unwrap();
}

fn batch(args: &[&str]) -> std::process::Output {
    crate::common::cli().arg("batch").args(args).output().unwrap()
}

#[test]
fn renders_the_good_reports_the_bad_and_skips_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let (inp, out) = (tmp.path().join("in"), tmp.path().join("out"));
    input(&inp);
    let o = batch(&[inp.to_str().unwrap(), "-o", out.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(1), "a failed dossier makes the run fail");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("hong.json: error: nominees[3].birth_date: 31/02/1985 is not a date"), "{stderr}");
    assert!(stderr.contains("skipped cau-hinh.json: a JSON file without \"format\": \"hoso/2\""), "{stderr}");
    assert!(stderr.contains("rendered 2, unchanged 0, failed 1, skipped 1"), "{stderr}");
    for folder in ["truong-a/don-vi-1", "truong-b/khoa/don-vi-2"] {
        for file in ["01-to-trinh.pdf", "ho-so.pdf", "manifest.json"] {
            assert!(out.join(folder).join(file).is_file(), "{folder}/{file}");
        }
    }
    assert!(!out.join("hong").exists(), "nothing written for a bad dossier");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["rendered"], 2);
    assert_eq!(report["failed"], 1);
    let failed = report["dossiers"].as_array().unwrap().iter().find(|d| d["status"] == "failed").unwrap();
    assert_eq!(failed["path"], "hong.json");
    assert_eq!(failed["problems"][0]["path"], "nominees[3].birth_date");
    assert_eq!(report["skipped"][0]["path"], "cau-hinh.json");
}

#[test]
fn reruns_skip_unchanged_dossiers_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let (inp, out) = (tmp.path().join("in"), tmp.path().join("out"));
    input(&inp);
    std::fs::remove_file(inp.join("hong.json")).unwrap();
    let args = [inp.to_str().unwrap(), "-o", out.to_str().unwrap(), "--quiet"];
    assert_eq!(batch(&args).status.code(), Some(0));
    let pdf = out.join("truong-a/don-vi-1/ho-so.pdf");
    let first = std::fs::metadata(&pdf).unwrap().modified().unwrap();
    let o = batch(&args);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("rendered 0, unchanged 2"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(std::fs::metadata(&pdf).unwrap().modified().unwrap(), first, "unchanged output is not rewritten");
    // Changed data, or changed evidence, renders again.
    let path = inp.join("truong-a/don-vi-1.json");
    let mut d: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    d["nominees"][0]["summary"] = json!("Tóm tắt mới.");
    std::fs::write(&path, d.to_string()).unwrap();
    let mut img = std::fs::read(inp.join("truong-b/khoa/minh-chung/bien-nhan-ung-ho-quy-2023.jpg")).unwrap();
    img.insert(img.len() - 2, 0);
    std::fs::write(inp.join("truong-b/khoa/minh-chung/bien-nhan-ung-ho-quy-2023.jpg"), img).unwrap();
    let o = batch(&args);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("rendered 2, unchanged 0"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut forced = args.to_vec();
    forced.push("--force");
    let o = batch(&forced);
    assert!(String::from_utf8_lossy(&o.stderr).contains("rendered 2, unchanged 0"));
    // Stamped copies are other output: the first `--stamp` run renders, the next skips.
    let mut stamped = args.to_vec();
    stamped.push("--stamp");
    for expected in ["rendered 2, unchanged 0", "rendered 0, unchanged 2"] {
        let o = batch(&stamped);
        assert!(String::from_utf8_lossy(&o.stderr).contains(expected), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let plain = crate::common::sample_doc("01-to-trinh");
    let stamped_pdf = std::fs::read(out.join("truong-a/don-vi-1/01-to-trinh.pdf")).unwrap();
    assert!(stamped_pdf.len() > plain.pdf.len() + 1000, "the batch wrote stamped copies");
}

#[test]
fn an_interrupted_batch_leaves_no_partial_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (inp, out) = (tmp.path().join("in"), tmp.path().join("out"));
    input(&inp);
    let (found, skipped) = hoso::batch::discover(&inp).unwrap();
    let cancel = AtomicBool::new(false);
    let options = hoso::batch::Options { jobs: 1, force: true, stamp: false };
    // Interrupt as soon as the first dossier is written.
    let folder = hoso::Output::open(&out, hoso::Wait::No).unwrap();
    let report = hoso::batch::run(&ENGINE, &inp, &found, skipped, &folder, &options, &cancel, &|o| {
        if matches!(o.status, hoso::batch::Status::Rendered { .. }) {
            cancel.store(true, Ordering::SeqCst);
        }
    });
    assert_eq!(report.rendered, 1);
    assert_eq!(report.cancelled, found.len() - 1 - report.failed);
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        assert!(!name.starts_with(".hoso-"), "temporary file left: {}", entry.path().display());
        if name.ends_with(".pdf") {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(bytes.ends_with(b"%%EOF") || bytes.ends_with(b"%%EOF\n"), "whole PDF: {}", entry.path().display());
        }
    }
}

/// Guards Ctrl-C on the real binary: a SIGINT in the middle of a batch stops it with exit code
/// 130, leaves no temporary or partial file, and every dossier folder it left is complete.
#[test]
fn sigint_stops_a_batch_with_no_partial_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (inp, out) = (tmp.path().join("in"), tmp.path().join("out"));
    for k in 0..60 {
        let path = inp.join(format!("don-vi-{k:02}/ho-so.json"));
        crate::common::copy_sample_files(path.parent().unwrap());
        let mut d = sample();
        d["proposals"][0]["number"] = json!(k + 10);
        std::fs::write(&path, d.to_string()).unwrap();
    }
    let child = crate::common::cli()
        .args(["batch", "--quiet", "--jobs", "2"])
        .arg(&inp)
        .arg("-o")
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the first dossier is written, then interrupt.
    let started = std::time::Instant::now();
    while !out.join("don-vi-00/ho-so/manifest.json").exists() && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let kill = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted before"), "{stderr}");
    let mut complete = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        assert!(!name.starts_with(".hoso-"), "temporary file left: {}", entry.path().display());
        if name == "manifest.json" {
            let manifest: Value = serde_json::from_slice(&std::fs::read(entry.path()).unwrap()).unwrap();
            for doc in manifest["documents"].as_array().unwrap() {
                let pdf = std::fs::read(entry.path().with_file_name(doc["file"].as_str().unwrap())).unwrap();
                assert_eq!(crate::common::sha256(&pdf), doc["sha256"].as_str().unwrap(), "{}", doc["file"]);
            }
            complete += 1;
        } else if name.ends_with(".pdf") {
            let manifest = entry.path().with_file_name("manifest.json");
            assert!(manifest.exists(), "a PDF without its dossier's manifest: {}", entry.path().display());
        }
    }
    assert!((1..60).contains(&complete), "{complete} dossiers written");
}

/// Guards the skip of an unchanged dossier before any check: the inputs' marks (size and
/// time) or else the manifest's raw key (the dossier's text and every file read from its
/// folder) decide; a file that changes but says
/// the same is still unchanged (by the checked key); a changed signature image renders again.
#[test]
fn unchanged_is_known_from_the_raw_inputs_before_any_check() {
    let tmp = tempfile::tempdir().unwrap();
    let (inp, out) = (tmp.path().join("in"), tmp.path().join("out"));
    input(&inp);
    std::fs::remove_file(inp.join("hong.json")).unwrap();
    let args = [inp.to_str().unwrap(), "-o", out.to_str().unwrap(), "--quiet"];
    assert_eq!(batch(&args).status.code(), Some(0));
    let stderr = |o: std::process::Output| String::from_utf8_lossy(&o.stderr).into_owned();
    // The raw key alone: with the checked key spoilt, the re-run still skips both.
    let manifest_path = out.join("truong-a/don-vi-1/manifest.json");
    let mut manifest: Value = serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    let files = manifest["raw"]["files"].as_array().unwrap().clone();
    // The batch marked every input (engine and options, the dossier, each file read).
    assert_eq!(manifest["raw"]["marks"].as_array().unwrap().len(), files.len() + 2);
    // Marks spoilt (as after a copy that keeps no times): the content decides, still unchanged.
    manifest["raw"]["marks"] = json!(["x"]);
    assert!(files.iter().any(|f| f.as_str().unwrap().starts_with("chu-ky/")), "{files:?}");
    manifest["inputs"] = json!("spoilt");
    std::fs::write(&manifest_path, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
    let e = stderr(batch(&args));
    assert!(e.contains("rendered 0, unchanged 2"), "{e}");
    // The same data written otherwise (pretty-printed): raw key differs, checked key the same.
    let path = inp.join("truong-b/khoa/don-vi-2.json");
    let d: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    std::fs::write(&path, serde_json::to_string_pretty(&d).unwrap()).unwrap();
    let e = stderr(batch(&args));
    assert!(e.contains("rendered 0, unchanged 2"), "{e}");
    // A changed signature image is a changed input.
    let image = inp.join("truong-a/chu-ky/hieu-truong.png");
    let mut img = image::open(&image).unwrap().to_rgba8();
    let p = img.get_pixel_mut(0, 0);
    p.0[3] = p.0[3].wrapping_add(1);
    img.save(&image).unwrap();
    let e = stderr(batch(&args));
    assert!(e.contains("rendered 1, unchanged 1"), "{e}");
}
