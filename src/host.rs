//! The one seam to the host machine for what hoso reads: dossier files and the files in their
//! folders (never outside them), a forms folder, a spreadsheet or a manifest hoso is pointed at,
//! extra font folders (only when the caller names them; never the system's fonts), the locale,
//! the clock (to time runs, and the wall clock only for a signature's signing time — never to
//! date a document), and the system's random source (the workbench's session token, an RSA-PSS
//! salt, a timestamp request's nonce). Nothing in hoso opens the network but the service's own
//! listener and, when a signer or a verifier is asked to, [`http`]: a timestamp service, an
//! OCSP responder or CRL, a remote signing service.
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

/// The wall clock, for a signature's signing time (`/M`) and the time printed on an attachment's
/// signature; never used to date a document. `HOSO_SIGN_TIME` (RFC 3339) fixes it, for tests
/// and for reproducing a signing.
#[cfg(feature = "sign")]
pub(crate) fn wall_clock() -> chrono::DateTime<chrono::Utc> {
    std::env::var("HOSO_SIGN_TIME")
        .ok()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_else(|| chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()))
}

/// The system's random source, for RSA-PSS salts and timestamp nonces.
#[cfg(feature = "sign")]
pub(crate) fn rng() -> rand_core::OsRng {
    rand_core::OsRng
}

/// The most an outside service may answer, in bytes (a CRL is the largest: 16 MiB).
#[cfg(feature = "sign")]
const HTTP_MAX: u64 = 16 << 20;

/// One HTTP request to a timestamp service, OCSP responder, CRL or remote signing service:
/// `body` POSTed with `content_type` (GET when `body` is `None`), `headers` added, at most
/// `timeout` for the whole exchange. The answer's status and body (at most 16 MiB).
#[cfg(feature = "sign")]
pub(crate) fn http(
    url: &str,
    body: Option<(&str, &[u8])>,
    headers: &[(&str, &str)],
    timeout: std::time::Duration,
) -> Result<(u16, Vec<u8>), String> {
    let agent: ureq::Agent =
        ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(timeout)).build().new_agent();
    let answer = match body {
        Some((ct, bytes)) => {
            let mut req = agent.post(url).header("Content-Type", ct);
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            req.send(bytes)
        }
        None => {
            let mut req = agent.get(url);
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            req.call()
        }
    };
    let mut resp = answer.map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    let bytes = resp.body_mut().with_config().limit(HTTP_MAX).read_to_vec().map_err(|e| e.to_string())?;
    Ok((status, bytes))
}
