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
    let manifest = &crate::common::manifest_json(&SAMPLE);
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
    let first: Value = crate::common::manifest_json(&SAMPLE)["documents"][0].clone();
    assert_eq!(first["signature_fields"][0]["name"], "hieu_truong");
}

#[test]
fn signature_and_seal_images_are_placed_by_decree_30() {
    let r = &crate::common::SAMPLE;
    let field = &r.documents[0].fields[0];
    let sig = field.signature_image.as_ref().expect("the letter's signer has a signature image");
    let seal = field.seal_image.as_ref().expect("the agency's seal goes over the head's signature");
    assert_eq!(sig.file, "chu-ky/hieu-truong.png");
    assert_eq!(seal.file, "chu-ky/con-dau.png");
    let (f, s, e) = (field.rect, sig.rect, seal.rect);
    assert!(s[0] >= f[0] && s[2] <= f[2] && s[1] >= f[1] && s[3] <= f[3], "signature inside the room");
    assert!(
        ((s[0] + s[2]) / 2.0 - (f[0] + f[2]) / 2.0).abs() < 0.1
            && ((s[1] + s[3]) / 2.0 - (f[1] + f[3]) / 2.0).abs() < 0.1,
        "centred"
    );
    let mm = crate::measure::MM;
    assert!(((e[2] - e[0]) - 36.0 * mm).abs() < 0.5, "seal at real size (425 px at 300 dpi = 36 mm)");
    assert!((e[2] - (s[0] + (s[2] - s[0]) / 3.0)).abs() < 0.1, "seal covers the left third of the signature");
    // The minutes' secretary has no image: nothing is placed there.
    let minutes = crate::common::sample_doc("02-bien-ban");
    assert!(minutes.fields.iter().find(|f| f.name == "thu_ky").unwrap().signature_image.is_none());
    assert!(
        minutes.fields.iter().find(|f| f.name == "chu_toa").unwrap().seal_image.is_none(),
        "minutes are not sealed"
    );
}

#[test]
fn stamped_copies_carry_the_images_and_stay_signable() {
    crate::needs_checkers!();
    let checked = crate::common::check(&crate::common::sample()).unwrap();
    let r = crate::common::ENGINE
        .render_with(&checked, &hoso::RenderOptions { only: Some("to-trinh"), stamp: true, ..Default::default() })
        .unwrap();
    let doc = &r.documents[0];
    let f = facts(&doc.pdf);
    assert_eq!(f["pages"][1]["images"], 2, "signature and seal on the signature page");
    assert_eq!(f["pages"][0]["images"], 0);
    let file = temp_pdf(&doc.pdf);
    run_tool("qpdf", &["--check", file.path().to_str().unwrap()]);
    assert_eq!(listed(&doc.pdf), ["hieu_truong:EMPTY"]);
    let plain = crate::common::sample_doc("01-to-trinh");
    assert_eq!(facts(&plain.pdf)["pages"][1]["images"], 0, "unstamped by default");
}

#[test]
fn signature_images_must_be_transparent_pngs_inside_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("minh-chung")).unwrap();
    std::fs::create_dir_all(dir.join("chu-ky")).unwrap();
    for f in ["minh-chung/bien-nhan-ung-ho-quy-2023.jpg", "chu-ky/con-dau.png", "chu-ky/hieu-truong.png"] {
        std::fs::copy(crate::common::samples_dir().join(f), dir.join(f)).unwrap();
    }
    let opaque = image::RgbImage::from_pixel(20, 10, image::Rgb([0, 0, 255]));
    opaque.save(dir.join("chu-ky/khong-trong-suot.png")).unwrap();
    let mut d = crate::common::sample();
    d["proposals"][0]["signer"]["signature_image"] = serde_json::json!("chu-ky/khong-trong-suot.png");
    d["agency"]["seal_image"] = serde_json::json!("minh-chung/bien-nhan-ung-ho-quy-2023.jpg");
    d["minutes"]["members"][0]["signature_image"] = serde_json::json!("../chu-ky.png");
    let path = dir.join("d.json");
    std::fs::write(&path, d.to_string()).unwrap();
    let problems: Vec<String> = crate::common::ENGINE
        .check_file(&path)
        .unwrap()
        .err()
        .unwrap()
        .in_language(hoso::messages::Lang::En)
        .iter()
        .map(|p| p.to_string())
        .collect();
    for expected in [
        "error: proposals[0].signer.signature_image: \"chu-ky/khong-trong-suot.png\" is not transparent",
        "error: agency.seal_image: \"minh-chung/bien-nhan-ung-ho-quy-2023.jpg\" is not a PNG file",
        "error: minutes.members[0].signature_image: \"../chu-ky.png\" leaves the dossier's folder",
    ] {
        assert!(problems.iter().any(|p| p.starts_with(expected)), "{expected:?} not in {problems:?}");
    }
}

/// Guards signature images against damaged pixels: a PNG whose header is sound but whose data
/// cannot be decoded is refused by the check at every path that names it, not by a render.
#[test]
fn a_damaged_signature_png_is_refused_by_the_check() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    crate::common::copy_sample_files(dir);
    let png = std::fs::read(dir.join("chu-ky/hieu-truong.png")).unwrap();
    let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
    let mut damaged = png.clone();
    for b in &mut damaged[idat + 4..idat + 40] {
        *b ^= 0x5a;
    }
    std::fs::write(dir.join("chu-ky/hieu-truong.png"), damaged).unwrap();
    let path = dir.join("d.json");
    std::fs::write(&path, crate::common::sample().to_string()).unwrap();
    let problems = crate::common::ENGINE.check_file(&path).unwrap().expect_err("damaged pixels are refused");
    let p = problems.iter().find(|p| p.path == "proposals[0].signer.signature_image").expect("at the letter's signer");
    assert!(p.clone().in_language(hoso::messages::Lang::En).message.contains("chu-ky/hieu-truong.png"), "{p:?}");
}

/// Guards the signing rooms' marker (a word "SIGN" once laid in each room to find it): the
/// rooms are found from the layout's metadata, so no page of any document carries a word a
/// reader, a search or a copy would pick up beyond what it prints, and no text is drawn
/// invisible or in white.
#[test]
fn the_signing_rooms_leave_no_hidden_word_in_the_page() {
    crate::needs_checkers!();
    for doc in SAMPLE.documents.iter().filter(|d| !d.fields.is_empty()) {
        let text = crate::common::pdftotext(&doc.pdf);
        assert!(!text.contains("SIGN"), "{}: {text}", doc.file_name);
        // The content streams, uncompressed by an outside reader (qpdf).
        let input = temp_pdf(&doc.pdf);
        let out = tempfile::NamedTempFile::new().unwrap();
        let (i, o) = (input.path().to_str().unwrap(), out.path().to_str().unwrap());
        run_tool("qpdf", &["--qdf", "--object-streams=disable", i, o]);
        let content = String::from_utf8_lossy(&std::fs::read(out.path()).unwrap()).into_owned();
        assert!(content.contains(" 0 Tr"), "{}: text drawn", doc.file_name);
        for mode in [" 3 Tr", " 7 Tr"] {
            assert!(!content.contains(mode), "{}: text drawn invisible ({mode})", doc.file_name);
        }
    }
}
