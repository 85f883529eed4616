//! Writing files: atomic, never clobbering a good PDF with a failed run.

use std::process::Command;

use crate::common::{bin, sample_path};

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn render_writes_the_letter() {
    let out = tempfile::tempdir().unwrap();
    let st = Command::new(bin())
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
    let st = Command::new(bin())
        .args(["render", bad.to_str().unwrap(), "-o", out.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(1));
    assert_eq!(std::fs::read(&good).unwrap(), b"%PDF- a good earlier render");
    assert_eq!(names(out.path()), ["01-to-trinh.pdf", "bad.json"], "no temporary or partial file left");
}
