//! A request's dossier and files: a JSON body (the dossier file's text), or
//! `multipart/form-data` with the dossier in a part named `dossier` and each evidence file or
//! image in a part named by the path the dossier gives it ("minh-chung/anh-1.jpg"). The files
//! land in a private temporary folder that is the dossier's folder for the check, so nothing
//! outside it is ever read; a part whose name leaves that folder is refused. A folder of files
//! (`POST /v1/gather`) comes the same way, every part a file.

use std::path::Path;

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};

use crate::messages::Text;
use crate::t;

/// A dossier as a request brought it: its text and the folder its files were put in.
pub struct Upload {
    /// The dossier file's text (read in any encoding `check` reads).
    pub text: String,
    /// The dossier's folder: the uploaded files, nothing else; removed when dropped.
    pub folder: tempfile::TempDir,
    /// A lock on the folder for as long as it is in use: a folder left by a process that
    /// crashed has none, and the next service to start removes it ([`clean_leftovers`]).
    _lock: std::fs::File,
}

/// The prefix of the temporary folders uploads land in.
const PREFIX: &str = "hoso-serve-";

/// Remove the upload folders a crashed service left in the temporary folder: those no running
/// service holds locked.
pub fn clean_leftovers() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        if !name.to_string_lossy().starts_with(PREFIX) || !e.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let Ok(dir) = std::fs::File::open(e.path()) else { continue };
        if dir.try_lock().is_ok() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// A fresh upload folder, locked while in use.
fn fresh() -> std::io::Result<(tempfile::TempDir, std::fs::File)> {
    let folder = tempfile::Builder::new().prefix(PREFIX).tempdir()?;
    let lock = std::fs::File::open(folder.path())?;
    lock.lock()?;
    Ok((folder, lock))
}

/// Why a request's body is not a dossier.
pub struct Refused {
    /// 400 for a malformed body, 413 past the size limit.
    pub status: StatusCode,
    /// What is wrong, to be said in the request's language.
    pub text: Text,
}

impl Refused {
    fn bad(text: Text) -> Self {
        Refused { status: StatusCode::BAD_REQUEST, text }
    }
}

/// Read the request's dossier and files.
pub async fn read(request: Request) -> Result<Upload, Refused> {
    let (folder, lock) = fresh_or_refused().await?;
    let multipart = is_multipart(&request);
    if !multipart {
        let bytes = axum::body::Bytes::from_request(request, &())
            .await
            .map_err(|e| Refused { status: e.status(), text: t!("serve.body-unreadable", error = e.body_text()) })?;
        let text = decode(&bytes)?;
        return Ok(Upload { text, folder, _lock: lock });
    }
    let text = save_parts(request, folder.path(), Some("dossier")).await?;
    let text = text.ok_or_else(|| Refused::bad(t!("serve.no-dossier-part")))?;
    Ok(Upload { text, folder, _lock: lock })
}

/// A folder of files as a request brought it (`multipart/form-data`, each part named by its
/// path in the folder), e.g. a receiving office's folder of unit dossiers for `POST /v1/gather`.
pub struct Folder {
    /// The uploaded files, nothing else; removed when dropped.
    pub folder: tempfile::TempDir,
    _lock: std::fs::File,
}

/// Read the request's parts into a fresh folder, each at the path its name gives.
pub async fn read_folder(request: Request) -> Result<Folder, Refused> {
    if !is_multipart(&request) {
        return Err(Refused::bad(t!("serve.folder-multipart")));
    }
    let (folder, lock) = fresh_or_refused().await?;
    save_parts(request, folder.path(), None).await?;
    Ok(Folder { folder, _lock: lock })
}

/// Whether the request's body is `multipart/form-data`.
fn is_multipart(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// [`fresh`] off the threads that serve connections; a failure is the service's (500).
async fn fresh_or_refused() -> Result<(tempfile::TempDir, std::fs::File), Refused> {
    tokio::task::spawn_blocking(fresh).await.map_err(std::io::Error::other).and_then(|r| r).map_err(|e| Refused {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        text: t!("cli.as-is", error = e.to_string()),
    })
}

/// Save every part of a multipart body under `folder` at the path its name gives (a name that
/// leaves the folder is refused); the part named `text_part`, if any, is returned as text
/// instead.
async fn save_parts(request: Request, folder: &Path, text_part: Option<&str>) -> Result<Option<String>, Refused> {
    let mut parts = Multipart::from_request(request, &())
        .await
        .map_err(|e| Refused::bad(t!("serve.multipart", error = e.body_text())))?;
    let mut text = None;
    loop {
        let field = match parts.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(Refused { status: e.status(), text: t!("serve.multipart", error = e.body_text()) }),
        };
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| Refused { status: e.status(), text: t!("serve.multipart", error = e.body_text()) })?;
        if Some(name.as_str()) == text_part {
            text = Some(decode(&bytes)?);
            continue;
        }
        crate::evidence::safe_relative(&name)
            .map_err(|why| Refused::bad(t!("serve.bad-part-name", name = &name, why = why)))?;
        // The disk's work off the threads that serve connections.
        let at = folder.to_path_buf();
        tokio::task::spawn_blocking(move || save(&at, &name, &bytes))
            .await
            .map_err(std::io::Error::other)
            .and_then(|r| r)
            .map_err(|e| Refused {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                text: t!("cli.as-is", error = e.to_string()),
            })?;
    }
    Ok(text)
}

/// The body as text, in the encodings a dossier file may have.
fn decode(bytes: &[u8]) -> Result<String, Refused> {
    crate::text::decode(bytes).map(|(text, _)| text).map_err(Refused::bad)
}

/// Write an uploaded file at `rel` (already known to stay inside) under `folder`.
fn save(folder: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    let path = folder.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}
