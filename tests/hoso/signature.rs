//! Signed-ready PDFs: every signer block carries an empty signature field where Decree 30 puts
//! the signature, an independent signer (pyHanko) lists, signs and validates it, and the files
//! stay clean and archival.

use serde_json::Value;

use crate::common::{SAMPLE, facts, run_tool, temp_pdf};
use crate::measure::{find, lines};

fn listed(pdf: &[u8]) -> Vec<String> {
    let f = temp_pdf(pdf);
    run_tool("pyhanko", &["sign", "list", f.path().to_str().unwrap()]).lines().map(str::to_string).collect()
}

#[test]
fn every_document_has_an_empty_field_per_signer() {
    crate::needs_checkers!();
    let expected: &[(&str, &[&str])] = &[
        ("01-to-trinh", &["hieu_truong"]),
        ("02-bien-ban", &["thu_ky", "chu_toa"]),
        ("03-bao-cao-01", &["hieu_truong", "thu_truong_don_vi"]),
        ("03-bao-cao-07", &["hieu_truong", "nguoi_bao_cao"]),
    ];
    for (prefix, names) in expected {
        let doc = crate::common::sample_doc(prefix);
        let want: Vec<String> = names.iter().map(|n| format!("{n}:EMPTY")).collect();
        assert_eq!(listed(&doc.pdf), want, "{prefix}");
    }
    for doc in SAMPLE.documents.iter().filter(|d| d.form.is_some()) {
        assert!(!doc.fields.is_empty(), "{} has signature fields", doc.file_name);
        assert_eq!(listed(&doc.pdf).len(), doc.fields.len(), "{}", doc.file_name);
    }
}

#[test]
fn fields_sit_in_the_room_to_sign_and_the_manifest_gives_them() {
    crate::needs_checkers!();
    let manifest = &SAMPLE.manifest;
    for (doc, entry) in SAMPLE.documents.iter().zip(manifest["documents"].as_array().unwrap()) {
        assert_eq!(entry["signature_fields"], serde_json::to_value(&doc.fields).unwrap(), "{}", doc.file_name);
        let f = facts(&doc.pdf);
        for field in &doc.fields {
            let page = &f["pages"][field.page - 1];
            let h = page["height"].as_f64().unwrap();
            let (top, bottom) = (h - field.rect[3], h - field.rect[1]);
            let name = lines(page)
                .into_iter()
                .rfind(|l| l.text().ends_with(field.signer.as_str()))
                .unwrap_or_else(|| find(page, &field.signer));
            // The captions of the signature row end just above the field, the name starts just
            // below (side-by-side blocks share rows, so the longer caption counts).
            let above =
                lines(page).into_iter().filter(|l| l.bottom() <= top + 0.5).map(|l| l.bottom()).fold(0.0, f64::max);
            assert!(
                top - above < 6.0,
                "{}: {} starts right under its caption ({:.1} pt)",
                doc.file_name,
                field.name,
                top - above
            );
            assert!(
                name.top() >= bottom - 0.5 && name.top() - bottom < 6.0,
                "{}: {} ends right above the name",
                doc.file_name,
                field.name
            );
            assert!(
                name.centre() > field.rect[0] && name.centre() < field.rect[2],
                "{}: {} is over its signer's column",
                doc.file_name,
                field.name
            );
            assert!(bottom - top >= 20.0 * crate::measure::MM - 0.5, "room of at least 2 cm");
        }
    }
}

#[test]
fn a_field_signs_with_a_throwaway_certificate_and_validates() {
    crate::needs_checkers!();
    let dir = tempfile::tempdir().unwrap();
    let (key, cert) = (dir.path().join("key.pem"), dir.path().join("cert.pem"));
    run_tool(
        "openssl",
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key.to_str().unwrap(),
            "-out",
            cert.to_str().unwrap(),
            "-days",
            "7",
            "-subj",
            "/CN=Hieu truong (thu nghiem)",
        ],
    );
    let unsigned = temp_pdf(&crate::common::sample_doc("02-bien-ban").pdf);
    let signed = dir.path().join("signed.pdf");
    run_tool(
        "pyhanko",
        &[
            "sign",
            "addsig",
            "--field",
            "chu_toa",
            "pemder",
            "--key",
            key.to_str().unwrap(),
            "--cert",
            cert.to_str().unwrap(),
            "--no-pass",
            unsigned.path().to_str().unwrap(),
            signed.to_str().unwrap(),
        ],
    );
    let status =
        run_tool("pyhanko", &["sign", "validate", "--trust", cert.to_str().unwrap(), signed.to_str().unwrap()]);
    assert!(status.contains("chu_toa:") && status.contains(":INTACT:TRUSTED,UNTOUCHED"), "{status}");
    let list = run_tool("pyhanko", &["sign", "list", signed.to_str().unwrap()]);
    assert_eq!(list.lines().collect::<Vec<_>>(), ["thu_ky:EMPTY", "chu_toa:FILLED"]);
    run_tool("qpdf", &["--check", signed.to_str().unwrap()]);
}

#[test]
fn every_document_is_clean_archival_and_embeds_its_fonts() {
    crate::needs_checkers!();
    for doc in &SAMPLE.documents {
        let f = temp_pdf(&doc.pdf);
        let path = f.path().to_str().unwrap();
        let check = std::process::Command::new("qpdf").args(["--check", path]).output().unwrap();
        assert!(check.status.success(), "{}: {}", doc.file_name, String::from_utf8_lossy(&check.stdout));
        for l in run_tool("pdffonts", &[path]).lines().skip(2) {
            let cols: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(cols[cols.len() - 5], "yes", "{}: embedded: {l}", doc.file_name);
        }
        let script = "import sys,pikepdf; p=pikepdf.open(sys.argv[1]); m=p.open_metadata(); print(m.get('pdfaid:part'), m.get('pdfaid:conformance'), p.Root.Lang, m.get('dc:title') is not None)";
        let out = run_tool("python3", &["-c", script, path]);
        assert_eq!(out.trim(), "2 B vi True", "{}", doc.file_name);
    }
    let first: Value = SAMPLE.manifest["documents"][0].clone();
    assert_eq!(first["signature_fields"][0]["name"], "hieu_truong");
}
