//! Shared helpers: one engine for all tests, the sample dossier, outside PDF readers, goldens.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

use serde_json::Value;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One engine for the whole test binary, as a long-running program would hold it.
pub static ENGINE: LazyLock<hoso::Engine> = LazyLock::new(|| hoso::Engine::new().expect("engine starts"));

/// Path of the shipped sample dossier.
pub fn sample_path() -> PathBuf {
    root().join("samples/vi-nguoi-ngheo-2023.json")
}

/// Every shipped sample dossier.
pub fn sample_paths() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(samples_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

/// The shipped sample dossier as JSON, to be altered by tests.
pub fn sample() -> Value {
    serde_json::from_str(&std::fs::read_to_string(sample_path()).unwrap()).unwrap()
}

/// The folder of the shipped sample, where its evidence lives.
pub fn samples_dir() -> PathBuf {
    root().join("samples")
}

/// Copy the files the sample names (evidence, signature and seal images) into `dir`, so a
/// variant of the sample can be checked from there.
pub fn copy_sample_files(dir: &Path) {
    for f in ["minh-chung/bien-nhan-ung-ho-quy-2023.jpg", "chu-ky/hieu-truong.png", "chu-ky/con-dau.png"] {
        std::fs::create_dir_all(dir.join(f).parent().unwrap()).unwrap();
        std::fs::copy(samples_dir().join(f), dir.join(f)).unwrap();
    }
}

/// Check a dossier as if it sat in `samples/`.
pub fn check(dossier: &Value) -> Result<hoso::Checked, hoso::Problems> {
    ENGINE.check_in(&dossier.to_string(), Some(&samples_dir()))
}

/// Check a dossier; the problems (and warnings) as the CLI prints them in English (the tests'
/// language; [`problems_in`] for another), none when clean.
pub fn problems(dossier: &Value) -> Vec<String> {
    problems_in(dossier, hoso::messages::Lang::En)
}

/// [`problems`] in `lang`: errors and warnings (notes are for information, the default vote
/// rule say; tests of a note read them with [`notes`]).
pub fn problems_in(dossier: &Value, lang: hoso::messages::Lang) -> Vec<String> {
    said(dossier, lang).into_iter().filter(|p| !p.starts_with("note: ")).collect()
}

/// The notes said of a dossier, in English.
pub fn notes(dossier: &Value) -> Vec<String> {
    said(dossier, hoso::messages::Lang::En).into_iter().filter(|p| p.starts_with("note: ")).collect()
}

/// Everything said of a dossier, notes included.
fn said(dossier: &Value, lang: hoso::messages::Lang) -> Vec<String> {
    let found = match check(dossier) {
        Ok(c) => c.warnings,
        Err(p) => p,
    };
    found.in_language(lang).iter().map(|p| p.to_string()).collect()
}

/// Render a valid dossier in memory (only `only`'s documents when given), panicking with
/// its problems otherwise.
pub fn render_only(dossier: &Value, only: Option<&str>) -> hoso::Rendered {
    let checked = check(dossier).unwrap_or_else(|p| panic!("invalid dossier:\n{p}"));
    ENGINE.render(&checked, only).unwrap_or_else(|e| panic!("render failed: {e}"))
}

/// Render a valid dossier's documents in memory, the complete dossier last.
pub fn render(dossier: &Value) -> Vec<hoso::Document> {
    render_only(dossier, None).documents
}

/// The shipped sample, rendered once: every document, `ho-so.pdf` and the manifest.
pub static SAMPLE: LazyLock<hoso::Rendered> = LazyLock::new(|| render_only(&sample(), None));

/// The rendered document of `SAMPLE` whose file name starts with `prefix`.
pub fn sample_doc(prefix: &str) -> &'static hoso::Document {
    SAMPLE.documents.iter().find(|d| d.file_name.starts_with(prefix)).unwrap_or_else(|| panic!("no document {prefix}*"))
}

/// The rendered sample's Tờ trình.
pub static SAMPLE_PDF: LazyLock<Vec<u8>> = LazyLock::new(|| sample_doc("01-to-trinh").pdf.clone());

/// Write bytes to a fresh temporary file that lives as long as the returned guard.
pub fn temp_pdf(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::io::Write::write_all(&mut f, bytes).unwrap();
    f
}

/// Whether the outside PDF checkers are installed (poppler-utils, qpdf, PyMuPDF, pikepdf), and
/// LibreOffice, which opens the exported lists.
pub static CHECKERS: LazyLock<bool> = LazyLock::new(|| {
    let ok = |p: &str, a: &[&str]| Command::new(p).args(a).output().is_ok_and(|o| o.status.success());
    let all = ok("pdftotext", &["-v"])
        && ok("pdffonts", &["-v"])
        && ok("qpdf", &["--version"])
        && ok("python3", &["-c", "import pymupdf, pikepdf, requests"])
        && ok("pyhanko", &["--version"])
        && ok("openssl", &["version"])
        && ok("check-jsonschema", &["--version"])
        && ok("soffice", &["--version"]);
    if !all {
        let how = "apt-get install poppler-utils qpdf openssl && pip install pymupdf pikepdf requests pyhanko pyhanko-cli check-jsonschema, apt-get install --no-install-recommends libreoffice-writer libreoffice-calc (as .ci/run does)";
        if std::env::var_os("HOSO_REQUIRE_CHECKERS").is_some() {
            panic!("the outside PDF checkers are missing: {how}");
        }
        eprintln!("note: tests that read PDFs with outside checkers are skipped; install them: {how}");
    }
    all
});

/// Skip the calling test (with a note) when the outside checkers are missing, unless
/// `HOSO_REQUIRE_CHECKERS` is set, as CI sets it, in which case the test fails instead.
#[macro_export]
macro_rules! needs_checkers {
    () => {
        if !*$crate::common::CHECKERS {
            return;
        }
    };
}

/// Run an outside tool, failing the test with a clear message when it is not installed.
pub fn run_tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{program}` ({e}); install the PDF checkers as .ci/run does (poppler-utils, qpdf, pip pymupdf pikepdf)")
    });
    assert!(out.status.success(), "`{program} {}` failed:\n{}", args.join(" "), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Layout facts read by PyMuPDF (see `tests/pdf_facts.py`).
pub fn facts(pdf: &[u8]) -> Value {
    let f = temp_pdf(pdf);
    let script = root().join("tests/pdf_facts.py");
    serde_json::from_str(&run_tool("python3", &[script.to_str().unwrap(), f.path().to_str().unwrap()])).unwrap()
}

/// The PDF's text as poppler's `pdftotext -layout` reads it.
pub fn pdftotext(pdf: &[u8]) -> String {
    let f = temp_pdf(pdf);
    run_tool("pdftotext", &["-layout", f.path().to_str().unwrap(), "-"])
}

/// Compare `actual` with `tests/golden/<name>`; `HOSO_BLESS=1` rewrites the golden instead.
pub fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("HOSO_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing; run with HOSO_BLESS=1 to create it", path.display()));
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (e, a))| e != a)
            .take(5)
            .map(|(i, (e, a))| format!("line {}:\n  golden: {e}\n  actual: {a}", i + 1))
            .collect();
        panic!(
            "{} differs (HOSO_BLESS=1 rewrites it):\n{}\n(golden {} lines, actual {} lines)",
            path.display(),
            diff.join("\n"),
            expected.lines().count(),
            actual.lines().count()
        );
    }
}

/// Problems of the sample after `edit`, asserting that one of them contains `expected`.
pub fn refused(edit: impl FnOnce(&mut Value), expected: &str) -> Vec<String> {
    let mut d = sample();
    edit(&mut d);
    let found = problems(&d);
    assert!(
        found.iter().any(|p| p.contains(expected)),
        "expected a problem containing {expected:?}, got:\n{}",
        found.join("\n")
    );
    found
}

/// A PDF's text on one line, words separated by single spaces.
pub fn flat(pdf: &[u8]) -> String {
    pdftotext(pdf).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A render's manifest as `manifest.json` holds it.
pub fn manifest_json(rendered: &hoso::Rendered) -> Value {
    serde_json::from_slice(&rendered.manifest.to_json()).unwrap()
}

/// SHA-256 of `bytes`, lower-case hex, as the manifest gives checksums.
pub fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The built `hoso` binary as a command speaking English (the tests' language, whatever the
/// machine's locale); `.env("HOSO_LANG", "vi")` or `--lang vi` for Vietnamese.
pub fn cli() -> std::process::Command {
    let mut c = std::process::Command::new(bin());
    c.env("HOSO_LANG", "en");
    c
}

/// Path of the built `hoso` binary.
pub fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_hoso"))
}
