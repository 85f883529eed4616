//! Writing files: atomic, never clobbering a good PDF with a failed run.

use crate::common::sample_path;

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn render_writes_the_letter() {
    let out = tempfile::tempdir().unwrap();
    let st = crate::common::cli()
        .args(["render", sample_path().to_str().unwrap(), "-o", out.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    let n = names(out.path());
    assert!(
        n.contains(&"01-to-trinh.pdf".to_string())
            && n.contains(&"ho-so.pdf".to_string())
            && n.contains(&"manifest.json".to_string()),
        "{n:?}"
    );
    let pdf = std::fs::read(out.path().join("01-to-trinh.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-") && pdf.ends_with(b"%%EOF\n") || pdf.ends_with(b"%%EOF"));
}

#[test]
fn a_failed_render_keeps_the_good_file() {
    let out = tempfile::tempdir().unwrap();
    let good = out.path().join("01-to-trinh.pdf");
    std::fs::write(&good, b"%PDF- a good earlier render").unwrap();
    let bad = out.path().join("bad.json");
    let mut d: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(sample_path()).unwrap()).unwrap();
    d["proposals"][0]["date"] = serde_json::json!("31/02/2023");
    std::fs::write(&bad, d.to_string()).unwrap();
    let st = crate::common::cli()
        .args(["render", bad.to_str().unwrap(), "-o", out.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(1));
    assert_eq!(std::fs::read(&good).unwrap(), b"%PDF- a good earlier render");
    assert_eq!(names(out.path()), ["01-to-trinh.pdf", "bad.json"], "no temporary or partial file left");
}

/// The rendered folder as (file name, bytes), sorted.
fn folder(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

fn render_into(dossier: &std::path::Path, out: &std::path::Path, extra: &[&str]) -> std::process::Output {
    crate::common::cli().arg("render").arg(dossier).arg("-o").arg(out).args(extra).output().unwrap()
}

/// Guards the output folder as one whole set: a nominee removed from the dossier takes their
/// old report with them (files hoso did not write stay); `--only` replaces its document and
/// its manifest entry, nothing else; a render that fails before its files are in place leaves
/// the folder byte-identical.
#[test]
fn the_output_folder_is_always_one_whole_set() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_sample_files(dir.path());
    let path = dir.path().join("ho-so.json");
    let out = dir.path().join("out");
    let mut d = crate::common::sample();
    std::fs::write(&path, d.to_string()).unwrap();
    assert!(render_into(&path, &out, &[]).status.success());
    std::fs::write(out.join("ghi-chu.txt"), "của văn thư").unwrap();
    let before = folder(&out);
    let report = |name: &str| before.iter().any(|(f, _)| f.starts_with("03-bao-cao") && f.contains(name));
    assert!(report("dang-thi-anh-tuyet"));
    // One nominee less: their report leaves the folder, the clerk's note stays.
    let nominees = d["nominees"].as_array_mut().unwrap();
    let gone = nominees.iter().position(|n| n["name"] == "Đặng Thị Ánh Tuyết").unwrap();
    let id = nominees.remove(gone)["id"].clone();
    for round in d["minutes"]["rounds"].as_array_mut().unwrap() {
        round["votes"].as_array_mut().unwrap().retain(|v| v["nominee"] != id);
    }
    std::fs::write(&path, d.to_string()).unwrap();
    let o = render_into(&path, &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let after = folder(&out);
    assert!(!after.iter().any(|(f, _)| f.contains("dang-thi-anh-tuyet")), "the removed nominee's report is gone");
    assert!(after.iter().any(|(f, _)| f == "ghi-chu.txt"), "a file hoso did not write stays");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let listed = manifest["documents"].as_array().unwrap().len();
    assert_eq!(listed + 2, after.len(), "every PDF listed, plus manifest.json and the note");
    // `--only`: that document and its manifest entry, nothing else.
    let whole = folder(&out);
    let o = render_into(&path, &out, &["--only", "bien-ban"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let only = folder(&out);
    assert_eq!(only.len(), whole.len());
    let m2: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m2["documents"].as_array().unwrap().len(), listed, "the manifest still lists the whole set");
    // A failure before the files are in place (a folder where a new file goes): nothing moves.
    let mut renamed = d.clone();
    renamed["nominees"][2]["name"] = serde_json::json!("Lê Quang Bảo");
    std::fs::write(&path, renamed.to_string()).unwrap();
    let scratch = dir.path().join("scratch");
    assert!(render_into(&path, &scratch, &[]).status.success());
    let before = folder(&out);
    let new_name = folder(&scratch).into_iter().map(|(f, _)| f).find(|f| !before.iter().any(|(g, _)| g == f)).unwrap();
    std::fs::create_dir(out.join(&new_name)).unwrap();
    let o = render_into(&path, &out, &[]);
    assert_eq!(o.status.code(), Some(4), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(folder(&out), before, "a failed render leaves the previous set byte-identical");
    assert!(!std::fs::read_dir(&out).unwrap().any(|e| e.unwrap().file_name().to_string_lossy().starts_with(".hoso-")));
}

/// Guards a 300-character name: the file name is cut at a word, bounded, and the render whole.
#[test]
fn a_300_character_name_gets_a_bounded_file_name() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_sample_files(dir.path());
    let path = dir.path().join("ho-so.json");
    let mut d = crate::common::sample();
    let long = "Phòng Công tác học sinh sinh viên và Quan hệ doanh nghiệp ".repeat(6);
    let long = long.trim();
    assert!(long.chars().count() >= 300);
    d["nominees"][0]["name"] = serde_json::json!(long);
    std::fs::write(&path, d.to_string()).unwrap();
    let out = dir.path().join("out");
    let o = render_into(&path, &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for (name, _) in folder(&out) {
        assert!(name.len() <= 84, "{name}");
    }
}

/// Guards a signed PDF: a render that would replace it writes nothing and says which file,
/// unless `--force`.
#[test]
fn a_signed_pdf_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_sample_files(dir.path());
    let path = dir.path().join("ho-so.json");
    std::fs::write(&path, crate::common::sample().to_string()).unwrap();
    let out = dir.path().join("out");
    assert!(render_into(&path, &out, &[]).status.success());
    // Signed in place, as a signing tool appends its revision.
    let letter = out.join("01-to-trinh.pdf");
    let mut bytes = std::fs::read(&letter).unwrap();
    bytes.extend_from_slice(
        b"\n% incremental update\n99 0 obj\n<</Type/Sig/ByteRange[0 10 20 30]/Contents<00>>>\nendobj\n",
    );
    std::fs::write(&letter, &bytes).unwrap();
    let before = folder(&out);
    let o = render_into(&path, &out, &[]);
    assert_eq!(o.status.code(), Some(4));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("01-to-trinh.pdf") && err.contains("digital signature") && err.contains("--force"), "{err}");
    assert_eq!(folder(&out), before, "nothing written");
    let o = render_into(&path, &out, &["--force"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_ne!(std::fs::read(&letter).unwrap(), bytes);
}
