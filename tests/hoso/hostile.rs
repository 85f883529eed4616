//! The hostile-input suite: small files and requests, each generated here (no bomb is kept in
//! git), that would take the machine or reach outside if hoso let them — a spreadsheet cell at
//! XFD1048576, zips and PDF streams that inflate to gigabytes, a 30000² image, a thousand-page
//! PDF, a form that draws itself, a PNG colour profile bomb, a JPEG the PDF writer cannot read,
//! a wording template that loops, a 50 MB field, 50,000 problems to locate, repeated keys,
//! links planted at every output path, two runs into one folder, other web sites and slow
//! clients against the service. Each runs as its own process under a time cap, and its peak
//! memory (its high-water mark, read while it runs) must stay under [`MEMORY_CAP_MIB`]; each must end in a clear refusal
//! that names the file or JSON path, with nothing written outside.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{bin, cli, copy_sample_files, root, sample, sample_path, samples_dir};

/// The most memory one hostile input may cost a process, in MiB.
const MEMORY_CAP_MIB: f64 = 500.0;

/// What a capped run gave.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub peak_mib: f64,
}

impl Run {
    /// Assert a refusal: a failing exit, within the caps, whose output says `says`.
    fn refused(&self, says: &[&str]) {
        let all = format!("{}\n{}", self.stdout, self.stderr);
        assert!(self.code.is_some_and(|c| c != 0), "not refused (exit {:?}):\n{all}", self.code);
        for s in says {
            assert!(all.contains(s), "the refusal does not say {s:?}:\n{all}");
        }
        self.within_caps();
    }

    fn within_caps(&self) {
        assert!(self.peak_mib < MEMORY_CAP_MIB, "peak memory {:.0} MiB (cap {MEMORY_CAP_MIB})", self.peak_mib);
    }
}

/// Run `cmd` to its end, killed past `limit`; its output, exit code, time and peak memory.
pub fn capped(mut cmd: Command, limit: Duration) -> Run {
    let out = tempfile::tempfile().unwrap();
    let err = tempfile::tempfile().unwrap();
    let child =
        cmd.stdin(Stdio::null()).stdout(out.try_clone().unwrap()).stderr(err.try_clone().unwrap()).spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let started = Instant::now();
    // The peak is read from the process itself while it runs (wait4's figure would count the
    // test binary's memory too: the child is spawned with the parent's pages shared).
    let mut peak_kib = 0f64;
    let hwm = || -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.split_whitespace().next()?.parse().ok()
    };
    let mut status = 0;
    let mut killed = false;
    loop {
        if let Some(k) = hwm() {
            peak_kib = peak_kib.max(k);
        }
        // SAFETY: waiting for our own child, with a valid pointer to a local.
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if r == pid {
            break;
        }
        if started.elapsed() > limit && !killed {
            // SAFETY: signalling our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            killed = true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    std::mem::forget(child);
    assert!(!killed, "{cmd:?} did not finish within {limit:?}");
    let read = |mut f: std::fs::File| {
        let mut s = String::new();
        std::io::Seek::rewind(&mut f).unwrap();
        f.read_to_string(&mut s).unwrap();
        s
    };
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Run { code, stdout: read(out), stderr: read(err), peak_mib: peak_kib / 1024.0 }
}

/// `hoso ARGS` (in English) under the caps.
fn hoso(args: &[&str], limit: Duration) -> Run {
    let mut c = cli();
    c.args(args);
    capped(c, limit)
}

/// A folder holding the sample's files and `dossier` as `ho-so.json`; its path.
fn dossier_in(dir: &Path, dossier: &Value) -> PathBuf {
    copy_sample_files(dir);
    let path = dir.join("ho-so.json");
    std::fs::write(&path, serde_json::to_vec_pretty(dossier).unwrap()).unwrap();
    path
}

/// The sample with `file` (in the dossier's folder, holding `bytes`) as nominee 1's evidence.
fn with_evidence(dir: &Path, file: &str, bytes: &[u8]) -> PathBuf {
    let mut d = sample();
    d["nominees"][0]["evidence"] = json!([file]);
    let path = dossier_in(dir, &d);
    std::fs::write(dir.join(file), bytes).unwrap();
    path
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// `n` zero bytes, compressed, without holding them: a bomb's payload.
fn zlib_zeros(n: usize) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![b' '; 1 << 20];
    for _ in 0..n >> 20 {
        e.write_all(&block).unwrap();
    }
    e.finish().unwrap()
}

/// A PDF of `objects` (object k + 1 is `objects[k]`, object 1 the catalog), with its xref.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (k, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", k + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    o.extend_from_slice(data);
    o.extend_from_slice(b"\nendstream");
    o
}

/// A one-page PDF whose page has `resources` and draws `content` (object 4), with `extra`
/// objects from 5 on.
fn one_page(resources: &str, content: &[u8], extra: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {resources} /Contents 4 0 R >>")
            .into_bytes(),
        stream("", content),
    ];
    objects.extend(extra);
    pdf(&objects)
}

/// A PNG of one transparent pixel with `chunks` (type, data) before its image data.
fn png(chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8; 4], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    };
    chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    for (kind, data) in chunks {
        chunk(kind, data);
    }
    chunk(b"IDAT", &zlib(&[0, 0, 0, 0, 0]));
    chunk(b"IEND", &[]);
    out
}

const LONG: Duration = Duration::from_secs(120);

/// Guards the import against a sheet with one cell at XFD1048576: refused by that cell's
/// address, in bounded memory (it asked for seventeen billion cells).
#[test]
fn a_far_cell_in_a_spreadsheet_is_refused_by_its_address() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Họ và tên").unwrap();
    sheet.write_string(1, 0, "Trần Văn A").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let file = dir.path().join("bom.xlsx");
    book.save(&file).unwrap();
    assert!(std::fs::metadata(&file).unwrap().len() < 10_000, "a small file");
    let d = dossier_in(dir.path(), &sample());
    let r = hoso(&["import", file.to_str().unwrap(), "--into", d.to_str().unwrap()], LONG);
    r.refused(&["XFD1048576"]);
    assert_eq!(std::fs::read(&d).unwrap(), serde_json::to_vec_pretty(&sample()).unwrap(), "the dossier untouched");
}

/// Guards the import against an .xlsx whose parts inflate far past what they say: refused
/// before calamine reads it.
#[test]
fn a_spreadsheet_that_inflates_to_gigabytes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "Họ và tên").unwrap();
    let plain = book.save_to_buffer().unwrap();
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(plain)).unwrap();
    let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for k in 0..from.len() {
        let mut f = from.by_index(k).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        to.start_file(name, options).unwrap();
        to.write_all(&bytes).unwrap();
    }
    to.start_file("xl/padding.xml", options.large_file(true)).unwrap();
    let block = vec![b' '; 1 << 20];
    for _ in 0..160 {
        to.write_all(&block).unwrap();
    }
    let bytes = to.finish().unwrap().into_inner();
    assert!(bytes.len() < 2 << 20, "a small file: {}", bytes.len());
    let file = dir.path().join("bom.xlsx");
    std::fs::write(&file, bytes).unwrap();
    let d = dossier_in(dir.path(), &sample());
    hoso(&["import", file.to_str().unwrap(), "--into", d.to_str().unwrap()], LONG).refused(&["inflates"]);
}

/// Guards the import against an .ods of a million repeated rows of repeated cells.
#[test]
fn an_ods_of_repeated_rows_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="DS"><table:table-row><table:table-cell office:value-type="string"><text:p>Họ và tên</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="200" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    to.start_file("mimetype", stored).unwrap();
    to.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    to.start_file("content.xml", stored).unwrap();
    to.write_all(content.as_bytes()).unwrap();
    to.start_file("META-INF/manifest.xml", stored).unwrap();
    to.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    let file = dir.path().join("bom.ods");
    std::fs::write(&file, to.finish().unwrap().into_inner()).unwrap();
    let d = dossier_in(dir.path(), &sample());
    hoso(&["import", file.to_str().unwrap(), "--into", d.to_str().unwrap()], LONG).refused(&["DS", "outside"]);
}

/// Guards the import against an Excel 97 book with two cells at opposite corners of a sheet
/// (calamine would lay out the sixteen million cells between).
#[test]
fn an_xls_with_cells_far_apart_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let record = |kind: u16, data: &[u8]| {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend_from_slice(&(data.len() as u16).to_le_bytes());
        r.extend_from_slice(data);
        r
    };
    let number = |row: u16, col: u16| {
        let mut d = row.to_le_bytes().to_vec();
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        d.extend_from_slice(&1.0f64.to_le_bytes());
        record(0x0203, &d)
    };
    let mut workbook = Vec::new();
    workbook.extend(record(0x0809, &[0, 6, 5, 0, 0, 0, 0, 0]));
    workbook.extend(record(0x0085, &[0, 0, 0, 0, 0, 0, 2, 0, b'D', b'S']));
    workbook.extend(record(0x000A, &[]));
    workbook.extend(record(0x0809, &[0, 6, 0x10, 0, 0, 0, 0, 0]));
    workbook.extend(number(0, 0));
    workbook.extend(number(65_535, 255));
    workbook.extend(record(0x000A, &[]));
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    file.create_stream("/Workbook").unwrap().write_all(&workbook).unwrap();
    file.flush().unwrap();
    let bytes = file.into_inner().into_inner();
    let path = dir.path().join("bom.xls");
    std::fs::write(&path, bytes).unwrap();
    let d = dossier_in(dir.path(), &sample());
    hoso(&["import", path.to_str().unwrap(), "--into", d.to_str().unwrap()], LONG).refused(&["IV65536", "DS"]);
}

/// Guards the check against evidence PDFs made to take the machine: an image of 30000² pixels,
/// a page whose drawing inflates to hundreds of megabytes, a thousand pages, and a form that
/// draws itself (twice, so a depth limit alone would still take 2⁵⁰ steps). Each is refused at
/// its JSON path, quickly and in bounded memory.
#[test]
fn evidence_pdfs_that_would_take_the_machine_are_refused() {
    let image = one_page(
        "<< /XObject << /Im0 5 0 R >> >>",
        b"q 595 0 0 842 0 0 cm /Im0 Do Q",
        vec![stream(
            "/Type /XObject /Subtype /Image /Width 30000 /Height 30000 /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /FlateDecode",
            &zlib(&[0; 1024]),
        )],
    );
    let content = {
        // The page's drawing: 200 MB of spaces in 200 KB.
        let body = stream("/Filter /FlateDecode", &zlib_zeros(200 << 20));
        let objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
            body,
        ];
        pdf(&objects)
    };
    let pages = {
        let kids: Vec<String> = (0..1000).map(|k| format!("{} 0 R", k + 4)).collect();
        let mut objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            format!("<< /Type /Pages /Kids [{}] /Count 1000 >>", kids.join(" ")).into_bytes(),
            stream("", b"BT ET"),
        ];
        for _ in 0..1000 {
            objects.push(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>".to_vec());
        }
        pdf(&objects)
    };
    let itself = one_page(
        "<< /XObject << /Fm0 5 0 R >> >>",
        b"/Fm0 Do",
        vec![stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10]", b"/Fm0 Do /Fm0 Do")],
    );
    assert!(itself.len() < 1024, "a small file: {}", itself.len());
    for (name, bytes, says) in [
        ("anh-lon.pdf", image, "30000 × 30000"),
        ("noi-dung-lon.pdf", content, "inflates"),
        ("nghin-trang.pdf", pages, "1000 pages"),
        ("tu-ve.pdf", itself, "draws itself"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let d = with_evidence(dir.path(), name, &bytes);
        let r = hoso(&["check", d.to_str().unwrap()], Duration::from_secs(60));
        r.refused(&[name, says, "nominees[0].evidence[0]"]);
    }
}

/// Guards images against a PNG whose colour profile inflates to hundreds of megabytes (as
/// evidence and as a signature image), and a JPEG without quantisation tables, which the PDF
/// writer cannot read: refused by the check at their paths, not by a failed render.
#[test]
fn images_the_writer_could_not_take_are_refused_by_the_check() {
    let mut profile = b"bom\0\0".to_vec();
    profile.extend(zlib_zeros(200 << 20));
    let bomb = png(&[(b"iCCP", profile)]);
    assert!(bomb.len() < 1 << 20, "a small file: {}", bomb.len());
    let dir = tempfile::tempdir().unwrap();
    let d = with_evidence(dir.path(), "mau.png", &bomb);
    hoso(&["check", d.to_str().unwrap()], Duration::from_secs(60)).refused(&[
        "mau.png",
        "iCCP",
        "nominees[0].evidence[0]",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let mut dsr = sample();
    dsr["agency"]["seal_image"] = json!("chu-ky/con-dau.png");
    let d = dossier_in(dir.path(), &dsr);
    std::fs::write(dir.path().join("chu-ky/con-dau.png"), &bomb).unwrap();
    hoso(&["check", d.to_str().unwrap()], Duration::from_secs(60)).refused(&["iCCP", "agency.seal_image"]);
    // A JPEG with its DQT segments cut out.
    let jpeg = std::fs::read(samples_dir().join("minh-chung/bien-nhan-ung-ho-quy-2023.jpg")).unwrap();
    let mut cut = jpeg[..2].to_vec();
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF && jpeg[at + 1] != 0xDA {
        let len = u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]) as usize;
        if jpeg[at + 1] != 0xDB {
            cut.extend_from_slice(&jpeg[at..at + 2 + len]);
        }
        at += 2 + len;
    }
    cut.extend_from_slice(&jpeg[at..]);
    let dir = tempfile::tempdir().unwrap();
    let d = with_evidence(dir.path(), "khong-bang.jpg", &cut);
    hoso(&["check", d.to_str().unwrap()], Duration::from_secs(60))
        .refused(&["khong-bang.jpg", "nominees[0].evidence[0]"]);
}

/// Guards the wording: a template of nested loops (a 14 KB dossier's worth of hours) stops at
/// its fuel, at its JSON path.
#[test]
fn a_wording_template_that_loops_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = sample();
    let looped = "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}{{ agency.name }}{% endfor %}{% endfor %}{% endfor %}";
    d["wording"] = json!({"to-trinh": {"closing": looped}});
    let path = dossier_in(dir.path(), &d);
    hoso(&["check", path.to_str().unwrap()], Duration::from_secs(60)).refused(&["wording.to-trinh.closing"]);
}

/// Guards text fields: a 50 MB summary is refused at its path before it is worked on.
#[test]
fn a_fifty_megabyte_field_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = sample();
    d["nominees"][0]["summary"] = json!("Tích cực ".repeat(5_000_000));
    let path = dossier_in(dir.path(), &d);
    let r = hoso(&["check", path.to_str().unwrap()], Duration::from_secs(60));
    r.refused(&["nominees[0].summary", "45000000 characters"]);
}

/// Guards the format against keys written twice (serde_json would keep the last in silence).
#[test]
fn repeated_keys_are_refused_at_their_path() {
    let text = std::fs::read_to_string(sample_path()).unwrap();
    let text = text.replacen("\"agency\": {", "\"agency\": {\n    \"name\": \"Trường khác\",", 1);
    let found = match crate::common::ENGINE.check_in(&text, Some(&samples_dir())) {
        Ok(c) => c.warnings,
        Err(p) => p,
    };
    let p = found.iter().find(|p| p.code == "json.duplicate-key").expect("a repeated key is a problem");
    assert_eq!(p.path, "agency.name");
    assert!(p.line.is_some() && p.is_error(), "{p:?}");
}

/// Guards problem location against quadratic cost: 50,000 empty nominees' problems located in
/// one pass. The time for 50,000 is compared with 5,000 in the same run (linear: about 10×;
/// each problem scanning the file from its start, as before, was about 100×).
#[test]
fn problem_location_is_linear_at_50000_nominees() {
    let text = |n: usize| {
        let mut d = sample();
        d["nominees"] = Value::Array(vec![json!({}); n]);
        d.to_string()
    };
    let time = |n: usize| {
        let t = text(n);
        let started = Instant::now();
        let problems = crate::common::ENGINE.check_in(&t, None).expect_err("empty nominees are refused");
        assert!(problems.len() >= n, "{} problems for {n} nominees", problems.len());
        assert!(problems.iter().filter(|p| p.path.starts_with("nominees[")).all(|p| p.line.is_some()));
        started.elapsed().as_secs_f64()
    };
    let small = time(5_000);
    let large = time(50_000);
    assert!(large / small < 30.0, "50,000 nominees took {large:.2} s, 5,000 took {small:.2} s");
}

/// Guards the batch against passing over `.json` entries that are no plain files: a FIFO
/// (never opened: it would block), a link (never followed) and a folder are each named in the
/// report with the reason.
#[test]
fn the_batch_names_every_entry_it_skips() {
    let inp = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::copy(sample_path(), inp.path().join("a.json")).unwrap();
    copy_sample_files(inp.path());
    let fifo = inp.path().join("ong.json");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string for the path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    std::os::unix::fs::symlink(sample_path(), inp.path().join("lien-ket.json")).unwrap();
    std::fs::create_dir(inp.path().join("thu-muc.json")).unwrap();
    let r = hoso(&["batch", inp.path().to_str().unwrap(), "-o", out.path().to_str().unwrap(), "-q"], LONG);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let report: Value = serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap();
    let skipped: Vec<(String, String)> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["path"].as_str().unwrap().to_string(), s["reason"].to_string()))
        .collect();
    for name in ["ong.json", "lien-ket.json", "thu-muc.json"] {
        assert!(skipped.iter().any(|(p, _)| p == name), "{name} not named: {skipped:?}");
        assert!(r.stderr.contains(name), "{name} not said: {}", r.stderr);
    }
    assert_eq!(report["rendered"], 1);
}

/// Guards one writer per output folder: two renders of two different dossiers into one
/// folder at once, thirty times; each time the folder holds one whole set — every file its
/// manifest lists, with the bytes it lists, and no other PDF.
#[test]
fn two_renders_into_one_folder_never_leave_a_broken_set() {
    let out = tempfile::tempdir().unwrap();
    let a = sample_path();
    let b = samples_dir().join("vi-nguoi-ngheo-2025.json");
    for k in 0..30 {
        let spawn = |d: &Path| {
            Command::new(bin())
                .env("HOSO_LANG", "en")
                .args(["render", d.to_str().unwrap(), "-o", out.path().to_str().unwrap(), "--force"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (x, y) = if k % 2 == 0 { (spawn(&a), spawn(&b)) } else { (spawn(&b), spawn(&a)) };
        for c in [x, y] {
            let o = c.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        let manifest: Value =
            serde_json::from_slice(&std::fs::read(out.path().join("manifest.json")).unwrap()).unwrap();
        let listed: Vec<&str> =
            manifest["documents"].as_array().unwrap().iter().map(|d| d["file"].as_str().unwrap()).collect();
        for d in manifest["documents"].as_array().unwrap() {
            let file = d["file"].as_str().unwrap();
            let bytes = std::fs::read(out.path().join(file)).unwrap_or_else(|_| panic!("try {k}: {file} missing"));
            assert_eq!(crate::common::sha256(&bytes), d["sha256"].as_str().unwrap(), "try {k}: {file} is another's");
        }
        for e in std::fs::read_dir(out.path()).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(name == "manifest.json" || listed.contains(&name.as_str()), "try {k}: stray {name}");
        }
    }
}

/// Guards confinement: links planted at an output file, at the manifest (listing a file
/// outside as stale), at a batch's dossier folder and in place of the output folder carry
/// nothing outside; a crash's temporary file is cleaned.
#[test]
fn links_planted_at_output_paths_carry_nothing_outside() {
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.pdf");
    std::fs::write(&victim, b"keep").unwrap();
    let planted = json!({"documents": [{"file": "victim.pdf", "sha256": "0"}]});
    std::fs::write(outside.path().join("manifest.json"), planted.to_string()).unwrap();
    let before = || {
        let mut names: Vec<String> = std::fs::read_dir(outside.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let listed = before();
    let out = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(&victim, out.path().join("01-to-trinh.pdf")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("manifest.json"), out.path().join("manifest.json")).unwrap();
    std::fs::write(out.path().join(".hoso-left.tmp"), b"half").unwrap();
    let r = hoso(&["render", sample_path().to_str().unwrap(), "-o", out.path().to_str().unwrap()], LONG);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep", "nothing written through a link");
    assert_eq!(before(), listed, "nothing added or removed outside");
    assert!(!out.path().join(".hoso-left.tmp").exists(), "a crash's leftover is cleaned");
    assert!(!std::fs::symlink_metadata(out.path().join("01-to-trinh.pdf")).unwrap().file_type().is_symlink());
    // The output folder itself a link: refused, saying so.
    let link = tempfile::tempdir().unwrap();
    let out_link = link.path().join("ra");
    std::os::unix::fs::symlink(outside.path(), &out_link).unwrap();
    hoso(&["render", sample_path().to_str().unwrap(), "-o", out_link.to_str().unwrap()], LONG)
        .refused(&["symbolic link"]);
    assert_eq!(before(), listed);
    // A batch whose dossier folder is a planted link: that dossier fails, saying so.
    let inp = tempfile::tempdir().unwrap();
    std::fs::copy(sample_path(), inp.path().join("a.json")).unwrap();
    copy_sample_files(inp.path());
    let bout = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), bout.path().join("a")).unwrap();
    let r = hoso(&["batch", inp.path().to_str().unwrap(), "-o", bout.path().to_str().unwrap(), "-q"], LONG);
    assert_ne!(r.code, Some(0));
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert_eq!(before(), listed);
}

#[cfg(feature = "serve")]
mod service {
    use super::*;
    use crate::serve::{Server, agent, multipart};

    fn call(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> crate::serve::Answer {
        let mut r = ureq::http::Request::builder().method(method).uri(url);
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        let r = r.body(body.to_vec()).unwrap();
        let mut a = agent().run(r).unwrap();
        let status = a.status().as_u16();
        let headers = a.headers().clone();
        let body = a.body_mut().with_config().limit(512 << 20).read_to_vec().unwrap();
        crate::serve::Answer { status, headers, body }
    }

    fn workspace() -> (tempfile::TempDir, Server) {
        let ws = tempfile::tempdir().unwrap();
        let folder = ws.path().join("truong-a");
        copy_sample_files(&folder);
        std::fs::copy(sample_path(), folder.join("ho-so.json")).unwrap();
        let s = Server::start(&["--workspace", ws.path().to_str().unwrap()]);
        (ws, s)
    }

    /// Guards the workbench against other web sites: a foreign `Host` (DNS rebinding) reads
    /// nothing; a cross-origin "simple" POST publishes nothing; a cross-origin multipart POST
    /// imports nothing; a cross-site read is refused; the workspace needs the session's token;
    /// the service's own page, with its token, is served.
    #[test]
    fn other_websites_can_neither_read_nor_change_the_workbench() {
        let (ws, s) = workspace();
        let bearer = s.bearer();
        let port = s.url.rsplit(':').next().unwrap().to_string();
        let dossier = format!("{}/v1/dossiers/truong-a/ho-so.json", s.url);
        let own = [("Authorization", bearer.as_str())];
        assert_eq!(call("GET", &dossier, &own, b"").status, 200, "the page's own call");
        assert_eq!(call("GET", &dossier, &[], b"").status, 401, "no token, nothing read");
        let rebound = format!("rebind.example:{port}");
        let a = call("GET", &dossier, &[("Host", &rebound), ("Authorization", &bearer)], b"");
        assert_eq!(a.status, 421, "a foreign Host reads nothing: {}", String::from_utf8_lossy(&a.body));
        assert!(!String::from_utf8_lossy(&a.body).contains("Khánh Vĩnh"));
        let publish = format!("{}/v1/publish?path=truong-a/ho-so.json", s.url);
        let evil =
            [("Origin", "http://evil.example"), ("Content-Type", "text/plain"), ("Authorization", bearer.as_str())];
        assert_eq!(call("POST", &publish, &evil, b"x").status, 403);
        let cross = [("Sec-Fetch-Site", "cross-site"), ("Content-Type", "text/plain")];
        assert_eq!(call("POST", &publish, &cross, b"x").status, 403);
        assert!(!ws.path().join("truong-a/ho-so-pdf").exists(), "nothing published");
        let (ct, body) =
            multipart(&[("sheet", b"H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan\nA\n".to_vec()), ("dossier", b"{}".to_vec())]);
        let import = format!("{}/v1/import", s.url);
        assert_eq!(
            call("POST", &import, &[("Origin", "http://evil.example"), ("Content-Type", &ct)], &body).status,
            403
        );
        assert_eq!(
            call("GET", &dossier, &[("Sec-Fetch-Site", "cross-site"), ("Authorization", &bearer)], b"").status,
            403
        );
        let same = [("Origin", s.url.as_str()), ("Sec-Fetch-Site", "same-origin"), ("Authorization", bearer.as_str())];
        assert_eq!(call("POST", &publish, &same, b"").status, 200, "the page itself publishes");
        let localhost = format!("localhost:{port}");
        assert_eq!(call("GET", &format!("{}/", s.url), &[("Host", &localhost)], b"").status, 200);
    }

    /// Guards CORS: only a configured origin's page gets the headers that let it read.
    #[test]
    fn cors_is_for_configured_origins_only() {
        let s = Server::start(&["--cors-origin", "https://eoffice.example"]);
        let forms = format!("{}/v1/forms", s.url);
        let ok = call("GET", &forms, &[("Origin", "https://eoffice.example")], b"");
        assert_eq!(ok.status, 200);
        assert_eq!(ok.header("access-control-allow-origin").as_deref(), Some("https://eoffice.example"));
        let other = call("GET", &forms, &[("Origin", "https://other.example")], b"");
        assert_eq!(other.status, 403);
        assert!(other.header("access-control-allow-origin").is_none());
    }

    /// Guards publishing against a link planted at the dossier's output folder, with a manifest
    /// there naming a file outside as stale: refused, nothing written or removed outside.
    #[test]
    fn publishing_through_a_planted_link_writes_nothing_outside() {
        let (ws, s) = workspace();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("victim.pdf"), b"keep").unwrap();
        std::fs::write(
            outside.path().join("manifest.json"),
            json!({"documents": [{"file": "victim.pdf"}]}).to_string(),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), ws.path().join("truong-a/ho-so-pdf")).unwrap();
        let a = call(
            "POST",
            &format!("{}/v1/publish?path=truong-a/ho-so.json", s.url),
            &[("Authorization", &s.bearer())],
            b"",
        );
        assert_eq!(a.status, 409, "{}", String::from_utf8_lossy(&a.body));
        assert_eq!(std::fs::read(outside.path().join("victim.pdf")).unwrap(), b"keep");
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 2, "nothing written outside");
    }

    /// Guards the service against hostile uploads: a PDF bomb as evidence gets its problem
    /// (200), a spreadsheet with a far cell is refused (422), an import past the body limit is
    /// 413, a preview at scale 3 of a long document draws within its pixel budget — and the
    /// server's peak memory stays bounded through all of it.
    #[test]
    fn hostile_uploads_through_the_service_stay_bounded() {
        let (_ws, s) = workspace();
        let bearer = s.bearer();
        let itself = one_page(
            "<< /XObject << /Fm0 5 0 R >> >>",
            b"/Fm0 Do",
            vec![stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10]", b"/Fm0 Do /Fm0 Do")],
        );
        let mut d = sample();
        d["nominees"][0]["evidence"] = json!(["tu-ve.pdf"]);
        let mut parts = crate::serve::sample_parts();
        parts.retain(|(n, _)| *n != "dossier");
        parts.push(("dossier", serde_json::to_vec(&d).unwrap()));
        parts.push(("tu-ve.pdf", itself));
        let (ct, body) = multipart(&parts);
        let checked = call("POST", &format!("{}/v1/check?lang=en", s.url), &[("Content-Type", &ct)], &body);
        assert_eq!(checked.status, 200);
        let problems = checked.json()["problems"].to_string();
        assert!(problems.contains("nominees[0].evidence[0]") && problems.contains("draws itself"), "{problems}");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "Họ và tên").unwrap();
        sheet.write_string(1_048_575, 16_383, "x").unwrap();
        let xlsx = book.save_to_buffer().unwrap();
        let (ct, body) = multipart(&[("sheet", xlsx), ("dossier", std::fs::read(sample_path()).unwrap())]);
        // The sheet's part named as a clerk's file is (its kind is read from the name).
        let at = body.windows(16).position(|w| w == b"filename=\"sheet\"").unwrap();
        let body = [&body[..at], b"filename=\"ds.xlsx\"".as_slice(), &body[at + 16..]].concat();
        let imported = call(
            "POST",
            &format!("{}/v1/import?lang=en", s.url),
            &[("Content-Type", &ct), ("Authorization", &bearer)],
            &body,
        );
        assert_eq!(imported.status, 422, "{}", String::from_utf8_lossy(&imported.body));
        assert!(String::from_utf8_lossy(&imported.body).contains("XFD1048576"));
        let small = Server::start(&["--max-body", "1", "--workspace", _ws.path().to_str().unwrap()]);
        let (ct, body) = multipart(&[("sheet", vec![b'x'; 2 << 20]), ("dossier", b"{}".to_vec())]);
        let headers = [("Content-Type", ct.as_str()), ("Authorization", &small.bearer()), ("Expect", "100-continue")];
        let big = call("POST", &format!("{}/v1/import", small.url), &headers, &body);
        assert_eq!(big.status, 413);
        // A letter of some three hundred pages, previewed at scale 3.
        let long = crate::stress::generate::dossier(
            7,
            crate::stress::generate::Size { nominees: 1500, max_words: 12, max_awards: 0 },
        );
        let url = format!("{}/v1/preview?scale=3&document=01-to-trinh.pdf&path=truong-a/ho-so.json", s.url);
        let shown = call(
            "POST",
            &url,
            &[("Content-Type", "application/json"), ("Authorization", &bearer)],
            &serde_json::to_vec(&long).unwrap(),
        );
        assert_eq!(shown.status, 200, "{}", String::from_utf8_lossy(&shown.body[..shown.body.len().min(2000)]));
        let shown = shown.json();
        let pages = shown["document"]["pages"].as_array().unwrap_or_else(|| panic!("{}", shown["problems"]));
        assert!(pages.len() > 100, "{} pages", pages.len());
        let drawn = pages.iter().filter(|p| p["png"].is_string()).count();
        assert!(drawn >= 1 && drawn < pages.len(), "{drawn} of {} pages drawn", pages.len());
        let pixels: u64 = pages
            .iter()
            .filter(|p| p["png"].is_string())
            .map(|p| p["width"].as_u64().unwrap() * p["height"].as_u64().unwrap())
            .sum();
        assert!(pixels <= 30_000_000, "{pixels} pixels");
        assert!(pages.iter().all(|p| p["text"].is_string()), "every page keeps its text");
        let peak = s.peak_mib();
        assert!(peak < 1024.0, "the server peaked at {peak:.0} MiB");
    }

    /// Guards the deadline: two renders past it are answered 504 and their jobs stop, so the
    /// workers are free for the next request; then SIGTERM ends the process promptly.
    #[test]
    fn a_timed_out_job_frees_its_worker_and_sigterm_ends_the_server() {
        let mut s = Server::start(&["--deadline", "1", "--workers", "1"]);
        let large = crate::stress::generate::dossier(
            3,
            crate::stress::generate::Size { nominees: 400, max_words: 60, max_awards: 2 },
        );
        let body = serde_json::to_vec(&large).unwrap();
        let url = format!("{}/v1/render", s.url);
        let posts: Vec<_> = (0..2)
            .map(|_| {
                let (url, body) = (url.clone(), body.clone());
                std::thread::spawn(move || call("POST", &url, &[("Content-Type", "application/json")], &body).status)
            })
            .collect();
        for p in posts {
            assert_eq!(p.join().unwrap(), 504);
        }
        // The jobs stop at their next step: within a few seconds a small check is answered.
        let started = Instant::now();
        let sample_text = std::fs::read(sample_path()).unwrap();
        loop {
            let a = call(
                "POST",
                &format!("{}/v1/forms", s.url).replace("forms", "check"),
                &[("Content-Type", "application/json")],
                &sample_text,
            );
            if a.status == 200 {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "the workers stayed taken: {}", a.status);
            std::thread::sleep(Duration::from_millis(200));
        }
        s.terminate();
        let stopping = Instant::now();
        loop {
            if let Some(status) = s.try_wait() {
                assert!(status.success(), "{status:?}");
                break;
            }
            assert!(stopping.elapsed() < Duration::from_secs(20), "SIGTERM did not end the server");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Guards the connections: one that never finishes its headers, and one that trickles its
    /// body, are closed once their time is up.
    #[test]
    fn slow_and_idle_connections_time_out() {
        let s = Server::start(&["--header-timeout", "1", "--body-timeout", "1"]);
        let addr = s.url.trim_start_matches("http://").to_string();
        let mut c = std::net::TcpStream::connect(&addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        c.write_all(format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n").as_bytes()).unwrap();
        let started = Instant::now();
        let mut buf = Vec::new();
        let _ = c.read_to_end(&mut buf);
        assert!(started.elapsed() < Duration::from_secs(8), "the half-sent headers kept the connection");
        let mut c = std::net::TcpStream::connect(&addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        c.write_all(
            format!("POST /v1/check HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{")
                .as_bytes(),
        )
        .unwrap();
        let started = Instant::now();
        let mut buf = Vec::new();
        let _ = c.read_to_end(&mut buf);
        assert!(started.elapsed() < Duration::from_secs(8), "the trickled body kept the connection");
        assert!(String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 408"), "{}", String::from_utf8_lossy(&buf));
        // An idle kept-alive connection is closed too.
        let mut c = std::net::TcpStream::connect(&addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        c.write_all(format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes()).unwrap();
        let started = Instant::now();
        let mut buf = Vec::new();
        let _ = c.read_to_end(&mut buf);
        assert!(String::from_utf8_lossy(&buf).contains("ok"));
        assert!(started.elapsed() < Duration::from_secs(8), "the idle connection stayed open");
        let _ = root();
    }
}
