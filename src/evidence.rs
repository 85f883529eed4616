//! Evidence files (minh chứng): read from the dossier's folder and nowhere else, checked, and
//! prepared for an archival PDF (PDF pages become SVG, since Typst cannot embed PDF pages
//! under PDF/A).

use std::path::{Component, Path};

use sha2::{Digest, Sha256};

use crate::cancel::{Cancel, Cancelled};
use crate::dossier::Dossier;
use crate::limits::{MAX_CONVERTED_PAGE, MAX_EVIDENCE_PAGES};
use crate::messages::Text;
use crate::problem::{Problems, index, join};
use crate::t;
use crate::{host, inspect};

/// What an evidence file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileType {
    /// A PNG image.
    Png,
    /// A JPEG image.
    Jpeg,
    /// A PDF document.
    Pdf,
}

/// An evidence file's pages, each an image file for Typst.
type Pages = Vec<(FileType, Vec<u8>)>;

/// One evidence file, loaded and checked.
#[derive(Debug, Clone)]
pub(crate) struct Evidence {
    /// Index of the nominee it supports.
    pub nominee: usize,
    /// The path as the dossier wrote it (relative to the dossier's folder).
    pub path: String,
    /// Pages it takes in the complete dossier: one per image, one per PDF page, each an image
    /// file (PNG, JPEG or SVG) ready for Typst.
    pub pages: Vec<(FileType, Vec<u8>)>,
    /// SHA-256 of the file as read, lower-case hex.
    pub sha256: String,
}

/// SHA-256 of `bytes` as lower-case hex.
pub(crate) fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Refuse paths that could leave the dossier's folder before touching the file system.
pub(crate) fn safe_relative(path: &str) -> Result<(), Text> {
    let p = Path::new(path);
    if path.is_empty() {
        return Err(t!("file.path-empty"));
    }
    if p.is_absolute() || path.starts_with('\\') || path.contains(':') {
        return Err(t!("file.not-relative"));
    }
    if p.components().any(|c| matches!(c, Component::ParentDir | Component::RootDir | Component::Prefix(_))) {
        return Err(t!("file.leaves-folder"));
    }
    Ok(())
}

/// Whether a file may be written into a dossier's folder at `rel`: a dossier (`.json`) or
/// anything else the dossier can name as its own — evidence, a signature or seal image, an
/// emblem — must be what its content says it is (a PDF, PNG or JPEG whose name says the same)
/// and readable within the limits, so a wrong file is refused before it is written, never
/// after. A `.json` is the dossier's text, checked when it is read.
pub(crate) fn acceptable(rel: &str, bytes: &[u8]) -> Result<(), Text> {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if ext == "json" {
        return Ok(());
    }
    let named = match ext.as_str() {
        "pdf" => FileType::Pdf,
        "png" => FileType::Png,
        "jpg" | "jpeg" => FileType::Jpeg,
        _ => return Err(t!("file.not-evidence-kind", ext = ext)),
    };
    match kind_of(bytes) {
        Some(k) if k == named => {}
        Some(_) | None => return Err(t!("file.content-not-named", ext = ext)),
    }
    match named {
        FileType::Pdf => inspect::pdf(bytes).map(drop),
        k => readable_image(k, bytes),
    }
}

fn kind_of(bytes: &[u8]) -> Option<FileType> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileType::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileType::Jpeg)
    } else if bytes.starts_with(b"%PDF-") {
        Some(FileType::Pdf)
    } else {
        None
    }
}

/// Check that an image can be embedded, within the limits ([`crate::inspect`]): a PNG walked
/// chunk by chunk and decoded row by row, a JPEG decoded whole, so a file the PDF writer could
/// not read is refused here, at its path.
fn readable_image(kind: FileType, bytes: &[u8]) -> Result<(), Text> {
    match kind {
        FileType::Png => inspect::png(bytes).map(drop),
        _ => inspect::jpeg(bytes).map(drop),
    }
}

/// The longest side, in pixels, a photo keeps in the complete dossier: 2000 px across an A4
/// page's 297 mm is about 170 dpi, which prints a photo well; the original stays in the folder.
pub(crate) const PRINT_EDGE: u32 = 2000;

/// A photo as the complete dossier prints it: one larger than [`PRINT_EDGE`] on its longest side
/// is scaled down to it (a 12 MB photo would otherwise make a 12 MB `ho-so.pdf`), a JPEG again
/// as JPEG, a PNG as PNG (it may be a scan with sharp text); one already small enough, or one
/// that does not decode again, is kept as it is. Deterministic: the same file gives the same
/// bytes.
fn printable(kind: FileType, bytes: Vec<u8>) -> (FileType, Vec<u8>) {
    let format = if kind == FileType::Png { image::ImageFormat::Png } else { image::ImageFormat::Jpeg };
    let Ok(img) = image::load_from_memory_with_format(&bytes, format) else { return (kind, bytes) };
    if img.width().max(img.height()) <= PRINT_EDGE {
        return (kind, bytes);
    }
    let small = img.resize(PRINT_EDGE, PRINT_EDGE, image::imageops::FilterType::Triangle);
    let mut out = Vec::new();
    let written = match kind {
        FileType::Png => small.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png),
        _ => {
            let rgb = small.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&rgb)
        }
    };
    match written {
        Ok(()) if out.len() < bytes.len() => (kind, out),
        _ => (kind, bytes),
    }
}

/// Convert every page of a PDF to SVG, once it passed [`inspect::pdf`]; an error says why the
/// PDF cannot be used. At most `room` pages are taken (what is left of the dossier's
/// [`MAX_EVIDENCE_PAGES`]); `cancel` is looked at before each page.
fn pdf_pages(bytes: Vec<u8>, room: usize, cancel: &Cancel) -> Result<Result<Pages, Text>, Cancelled> {
    use hayro_svg::hayro_interpret::InterpreterSettings;
    use hayro_svg::hayro_syntax::Pdf;
    let count = match inspect::pdf(&bytes) {
        Ok(n) => n,
        Err(why) => return Ok(Err(why)),
    };
    if count > room {
        return Ok(Err(t!("file.evidence-too-many-pages", max = MAX_EVIDENCE_PAGES)));
    }
    let pdf = match Pdf::new(bytes) {
        Ok(p) => p,
        Err(e) => return Ok(Err(t!("file.unreadable-pdf", error = format!("{e:?}")))),
    };
    let pages = pdf.pages();
    if pages.is_empty() {
        return Ok(Err(t!("file.pdf-without-pages")));
    }
    let cache = hayro_svg::RenderCache::new();
    let settings = InterpreterSettings::default();
    let render = hayro_svg::SvgRenderSettings { bg_color: [255, 255, 255, 255] };
    let mut out = Vec::with_capacity(pages.len());
    for page in pages.iter() {
        cancel.check()?;
        let svg = hayro_svg::convert(page, &cache, &settings, &render).into_bytes();
        if svg.len() > MAX_CONVERTED_PAGE {
            return Ok(Err(t!("file.pdf-page-too-large", max = MAX_CONVERTED_PAGE >> 20)));
        }
        out.push((FileType::Pdf, svg));
    }
    Ok(Ok(out))
}

/// The emblem images the decisions' certificates print, read from `dir`: (decision index, image
/// kind, bytes), each a readable PNG or JPEG; problems point at its JSON path.
pub(crate) fn emblems(d: &Dossier, dir: Option<&Path>, problems: &mut Problems) -> Vec<(usize, FileType, Vec<u8>)> {
    let mut out = Vec::new();
    for (k, dec) in d.decisions.iter().enumerate() {
        let Some(path) = &dec.certificates.emblem_image else { continue };
        let at = join(&index("decisions", k), "certificates.emblem_image");
        let hint = t!("hint.emblem");
        if let Err(why) = safe_relative(path) {
            problems.error(&at, t!("file.problem", file = path, why = why)).hint(hint);
            continue;
        }
        let Some(dir) = dir else {
            problems.error(&at, t!("file.folder-unknown", file = path)).hint(hint);
            continue;
        };
        let result = host::read_inside(dir, Path::new(path)).and_then(|bytes| match kind_of(&bytes) {
            Some(kind @ (FileType::Png | FileType::Jpeg)) => readable_image(kind, &bytes).map(|()| (kind, bytes)),
            _ => Err(t!("file.not-png-jpeg")),
        });
        match result {
            Ok((kind, bytes)) => out.push((k, kind, bytes)),
            Err(why) => {
                problems.error(&at, t!("file.problem", file = path, why = why)).hint(hint);
            }
        }
    }
    out
}

/// Load every nominee's evidence from `dir` (the dossier's folder). Each path must stay inside
/// that folder, exist, and be a readable PNG, JPEG or PDF within the limits; problems point at
/// `nominees[i].evidence[j]`. Stops when `cancel` is set.
pub(crate) fn load(
    d: &Dossier,
    dir: Option<&Path>,
    problems: &mut Problems,
    cancel: &Cancel,
) -> Result<Vec<Evidence>, Cancelled> {
    let mut out: Vec<Evidence> = Vec::new();
    let mut pages = 0usize;
    for (i, n) in d.nominees.iter().enumerate() {
        for (j, path) in n.evidence.iter().enumerate() {
            cancel.check()?;
            let at = index(&join(&index("nominees", i), "evidence"), j);
            if let Err(why) = safe_relative(path) {
                problems.error(&at, t!("file.problem", file = path, why = why)).hint(t!("hint.evidence-path"));
                continue;
            }
            let Some(dir) = dir else {
                problems.error(&at, t!("file.folder-unknown", file = path)).hint(t!("hint.from-file"));
                continue;
            };
            let bytes = match host::read_inside(dir, Path::new(path)) {
                Ok(b) => b,
                Err(e) => {
                    problems.error(&at, t!("file.problem", file = path, why = e)).hint(t!("hint.file-inside"));
                    continue;
                }
            };
            let sha256 = sha256(&bytes);
            let room = MAX_EVIDENCE_PAGES.saturating_sub(pages);
            let result = match kind_of(&bytes) {
                _ if room == 0 => Err(t!("file.evidence-too-many-pages", max = MAX_EVIDENCE_PAGES)),
                Some(k @ (FileType::Png | FileType::Jpeg)) => {
                    readable_image(k, &bytes).map(|()| vec![printable(k, bytes)])
                }
                Some(FileType::Pdf) => pdf_pages(bytes, room, cancel)?,
                None => Err(t!("file.not-evidence")),
            };
            match result {
                Ok(converted) => {
                    pages += converted.len();
                    out.push(Evidence { nominee: i, path: path.clone(), pages: converted, sha256 });
                }
                Err(why) => {
                    problems.error(&at, t!("file.problem", file = path, why = why)).hint(t!("hint.evidence-kind"));
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside() {
        assert!(safe_relative("minh-chung/a.jpg").is_ok());
        assert!(safe_relative("a.pdf").is_ok());
        assert_eq!(safe_relative("../secret.png"), Err(t!("file.leaves-folder")));
        assert_eq!(safe_relative("a/../../b.png"), Err(t!("file.leaves-folder")));
        assert_eq!(safe_relative("/etc/passwd"), Err(t!("file.not-relative")));
        assert_eq!(safe_relative("C:/x.png"), Err(t!("file.not-relative")));
    }
}
