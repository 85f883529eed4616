//! The safety net under every refactor: the SHA-256 of every file the shipped sample renders
//! (plain and `--stamp`), and text dumps of the minutes and of a report of each kind. A change
//! meant to keep the output must leave these untouched; a change meant to alter it rewrites
//! them (`HOSO_BLESS=1`) in a commit of its own.

use crate::common::{ENGINE, check, golden, pdftotext, sample, sample_doc, sha256};

/// "sha256  file" for every file of a render, manifest included, in writing order.
fn hashes(rendered: &hoso::Rendered) -> String {
    let mut out = String::new();
    for (name, bytes) in rendered.files() {
        out.push_str(&format!("{}  {name}\n", sha256(&bytes)));
    }
    out
}

#[test]
fn sample_output_is_byte_for_byte_the_golden() {
    let checked = check(&sample()).unwrap();
    let plain = ENGINE.render(&checked, None).unwrap();
    golden("sample-sha256.txt", &hashes(&plain));
    let stamped = ENGINE.render_with(&checked, &hoso::RenderOptions { stamp: true, ..Default::default() }).unwrap();
    golden("sample-stamped-sha256.txt", &hashes(&stamped));
}

#[test]
fn minutes_text_dump_matches_golden() {
    crate::needs_checkers!();
    golden("bien-ban.txt", &pdftotext(&sample_doc("02-bien-ban").pdf));
}

#[test]
fn collective_report_text_dump_matches_golden() {
    crate::needs_checkers!();
    golden("bao-cao-tap-the.txt", &pdftotext(&sample_doc("03-bao-cao-01").pdf));
}

#[test]
fn individual_report_text_dump_matches_golden() {
    crate::needs_checkers!();
    golden("bao-cao-ca-nhan.txt", &pdftotext(&sample_doc("03-bao-cao-07").pdf));
}

/// The decision of the 2025 sample (with its list and prize money) and one of its certificates.
#[test]
fn decision_and_certificate_text_dumps_match_golden() {
    crate::needs_checkers!();
    let path = crate::common::samples_dir().join("vi-nguoi-ngheo-2025.json");
    let checked = ENGINE.check_file(&path).unwrap().unwrap();
    let r = ENGINE.render(&checked, None).unwrap();
    let doc = |prefix: &str| &r.documents.iter().find(|d| d.file_name.starts_with(prefix)).unwrap().pdf;
    golden("quyet-dinh.txt", &pdftotext(doc("04-quyet-dinh")));
    golden("giay-khen.txt", &pdftotext(doc("05-giay-khen-02-")));
}
