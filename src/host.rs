//! The one seam to the host machine for what hoso reads: dossier files and the files in their
//! folders (never outside them), a forms folder, a spreadsheet or a manifest hoso is pointed at,
//! extra font folders (only when the caller names them; never the system's fonts), the locale,
//! the clock (only to time runs, never to date a document), and the system's random source
//! (only for the workbench's session token). Nothing in hoso opens the network but the
//! service's own listener.
//!
//! What hoso *writes* goes through two other doors, each a capability over the one folder it
//! was given: the output writer (`output.rs`) for every render, batch and publish, and the
//! workspace (`serve/workspace.rs`) for the workbench's saves; the service's uploads land in
//! private temporary folders (`serve/upload.rs`). A test keeps every other module off
//! `std::fs` (`every_outside_read_goes_through_the_host_seam`).

use std::path::Path;
use std::time::Instant;

use crate::messages::Text;
use crate::t;

/// The language the environment asks for: `HOSO_LANG`, else the first set of `LC_ALL`,
/// `LC_MESSAGES`, `LANG` ([`crate::messages::Lang::from_locale`]).
pub(crate) fn locale_lang() -> crate::messages::Lang {
    ["HOSO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .map_or(crate::messages::Lang::Vi, |v| crate::messages::Lang::from_locale(&v))
}

/// Read a dossier file as text ([`crate::text::decode`]: UTF-8, UTF-16, Windows-1258).
pub(crate) fn read_text(path: &Path) -> std::io::Result<String> {
    read_text_said(path).map(|(text, _)| text)
}

/// [`read_text`], with the note (in the catalogue's words) saying how a file that was not
/// UTF-8 was read; text that is no text is an `InvalidData` error carrying a
/// [`crate::messages::TextError`].
pub(crate) fn read_text_said(path: &Path) -> std::io::Result<(String, Option<Text>)> {
    let bytes = std::fs::read(path)?;
    crate::text::decode(&bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, crate::messages::TextError(e)))
}

/// The bytes of a file hoso was pointed at (a forms folder, a spreadsheet, a manifest).
pub(crate) fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}

/// A file's size in bytes, if it can be read.
pub(crate) fn size(path: &Path) -> Option<u64> {
    std::fs::metadata(path).ok().map(|m| m.len())
}

/// Read `rel` inside `dir`, refusing anything (a symbolic link, say) that resolves outside
/// `dir`. The error reads as the end of a sentence about the file: "does not exist", "is
/// outside …".
pub(crate) fn read_inside(dir: &Path, rel: &Path) -> Result<Vec<u8>, Text> {
    let root = dir.canonicalize().map_err(|e| t!("file.folder-unreadable", error = e.to_string()))?;
    let full = root.join(rel);
    let real = match full.canonicalize() {
        Ok(p) => p,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(t!("file.does-not-exist")),
        Err(e) => return Err(t!("file.unreadable", error = e.to_string())),
    };
    if !real.starts_with(&root) {
        return Err(t!("file.outside-folder"));
    }
    if !real.is_file() {
        return Err(t!("file.not-a-file"));
    }
    std::fs::read(&real).map_err(|e| t!("file.unreadable", error = e.to_string()))
}

/// The first `n` bytes of a file (fewer if it is shorter).
pub(crate) fn read_head(path: &Path, n: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(n);
    std::fs::File::open(path)?.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// A file's stamp: its size and modification time (nanoseconds since 1970), as a batch
/// compares them to know a file untouched without reading it; `None` if it cannot be read.
pub(crate) fn file_mark(path: &Path) -> Option<String> {
    let m = std::fs::metadata(path).ok()?;
    let t = m.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("{} {}", m.len(), t.as_nanos()))
}

/// Every font file (.ttf, .otf, .ttc, .otc) under `dir`, read into memory.
pub(crate) fn font_files(dir: &Path) -> std::io::Result<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        let ext = entry.path().extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if entry.file_type().is_file() && matches!(ext.as_deref(), Some("ttf" | "otf" | "ttc" | "otc")) {
            out.push(std::fs::read(entry.path())?);
        }
    }
    Ok(out)
}

/// A monotonic instant, to measure how long work took.
pub(crate) fn now() -> Instant {
    Instant::now()
}

/// A fresh random token of 32 hex digits (128 bits from the system's random source), for the
/// workbench's session.
#[cfg(feature = "serve")]
pub(crate) fn random_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
