//! The service's workspace: a folder of dossiers stored as the same files the command line
//! uses, read and written over HTTP. Every version of a file has an ETag (the SHA-256 of its
//! bytes), and a write must name the version it replaces (`If-Match`) or say it creates the file
//! (`If-None-Match: *`), so two editors never overwrite each other silently (`If-Match: *`,
//! which names no version, is refused on a file that exists). Saves are atomic; nothing outside
//! the folder is reachable, through `..` or through a symbolic link: the folder is opened as a
//! capability (`cap-std`), and every read and write resolves inside it.

use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::messages::Text;
use crate::t;

/// A folder of dossiers.
pub struct Workspace {
    /// The folder, canonical (symbolic links resolved).
    root: PathBuf,
    /// The folder, opened: every file operation goes through it.
    dir: cap_std::fs::Dir,
    /// Held from a write's version check to its rename, so two writes of one version cannot
    /// both pass.
    writing: std::sync::Mutex<()>,
}

/// A file of the workspace: its path relative to the folder, its ETag and its size.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    /// Path relative to the workspace, with `/`.
    pub path: String,
    /// The ETag of its bytes, quoted as HTTP writes it.
    pub etag: String,
    /// Size in bytes.
    pub size: u64,
}

/// Why a workspace request was refused.
#[derive(Debug)]
pub enum Refusal {
    /// The path leaves the workspace or names no file it may hold (400).
    BadPath(Text),
    /// No such file (404).
    NotFound,
    /// The file changed since the version the write names, or exists when the write creates
    /// it (412), with the current ETag when there is a file.
    Stale(Option<String>),
    /// The write names no version (428).
    NoPrecondition,
    /// The content is not what a dossier's folder may hold at that name (422): a .docx as
    /// evidence, a ".jpg" that is no JPEG.
    Unacceptable(Text),
    /// The disk said no (500).
    Io(std::io::Error),
}

/// The ETag of `bytes`: their SHA-256, quoted.
pub fn etag(bytes: &[u8]) -> String {
    let hex: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

impl Workspace {
    /// The workspace in `dir` (created if missing).
    pub fn open(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let root = dir.canonicalize()?;
        let opened = cap_std::fs::Dir::open_ambient_dir(&root, cap_std::ambient_authority())?;
        let ws = Workspace { root, dir: opened, writing: std::sync::Mutex::new(()) };
        ws.clean_leftovers();
        Ok(ws)
    }

    /// Temporary files an older hoso left when it was stopped mid-save (`.hoso-*.tmp`).
    fn clean_leftovers(&self) {
        for entry in walkdir::WalkDir::new(&self.root).follow_links(false).into_iter().flatten() {
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && name.starts_with(".hoso-") && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every dossier file (`.json`) under the folder, sorted by path; hoso's own output
    /// (`manifest.json`, `report.json`) left out.
    pub fn list(&self) -> std::io::Result<Vec<Entry>> {
        let mut out = Vec::new();
        for entry in walkdir::WalkDir::new(&self.root).sort_by_file_name().follow_links(false) {
            let entry = entry.map_err(std::io::Error::other)?;
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_file()
                || !name.ends_with(".json")
                || name == "manifest.json"
                || name == "report.json"
            {
                continue;
            }
            let rel = entry.path().strip_prefix(&self.root).map_err(std::io::Error::other)?;
            let bytes = self.dir.read(rel)?;
            let path = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            out.push(Entry { path, etag: etag(&bytes), size: bytes.len() as u64 });
        }
        Ok(out)
    }

    /// The full path of `rel`, refused when it leaves the folder in words or through a link.
    pub fn resolve(&self, rel: &str) -> Result<PathBuf, Refusal> {
        let bad = |why: Text| Refusal::BadPath(t!("file.problem", file = rel, why = why));
        crate::evidence::safe_relative(rel).map_err(bad)?;
        if Path::new(rel).components().any(|c| !matches!(c, Component::Normal(_)))
            || rel.split('/').any(|part| part.starts_with('.'))
        {
            return Err(bad(t!("file.leaves-folder")));
        }
        let full = self.root.join(rel);
        // Every existing ancestor must resolve inside the folder (a link to elsewhere is refused).
        let mut probe = full.clone();
        loop {
            if probe.exists() {
                let real = probe.canonicalize().map_err(Refusal::Io)?;
                if !real.starts_with(&self.root) {
                    return Err(bad(t!("file.outside-folder")));
                }
                break;
            }
            if !probe.pop() {
                break;
            }
        }
        Ok(full)
    }

    /// A file's bytes and ETag.
    pub fn read(&self, rel: &str) -> Result<(Vec<u8>, String), Refusal> {
        self.resolve(rel)?;
        if !self.dir.is_file(rel) {
            return Err(Refusal::NotFound);
        }
        let bytes = self.dir.read(rel).map_err(|e| self.refused(rel, e))?;
        let tag = etag(&bytes);
        Ok((bytes, tag))
    }

    /// An I/O error at `rel`, or cap-std's refusal of a path that leads outside.
    fn refused(&self, rel: &str, e: std::io::Error) -> Refusal {
        if e.kind() == std::io::ErrorKind::PermissionDenied && e.to_string().contains("led outside") {
            Refusal::BadPath(t!("file.problem", file = rel, why = t!("file.outside-folder")))
        } else {
            Refusal::Io(e)
        }
    }

    /// Replace the file at `rel` with `bytes` when its current version is `if_match`, or
    /// create it when `if_none_match` is `*` and it does not exist; atomically. Returns the new
    /// ETag and whether the file was created.
    pub fn write(
        &self,
        rel: &str,
        bytes: &[u8],
        if_match: Option<&str>,
        if_none_match: Option<&str>,
    ) -> Result<(String, bool), Refusal> {
        self.resolve(rel)?;
        // A file of the wrong kind is refused before anything is written.
        crate::evidence::acceptable(rel, bytes)
            .map_err(|why| Refusal::Unacceptable(t!("file.problem", file = rel, why = why)))?;
        let _writing = self.writing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let current = if self.dir.is_file(rel) {
            Some(etag(&self.dir.read(rel).map_err(|e| self.refused(rel, e))?))
        } else {
            None
        };
        let created = current.is_none();
        match (if_match, if_none_match, &current) {
            // "*" names no version: on a file that exists it would overwrite whatever is there.
            (Some(want), _, Some(_)) if want.split(',').all(|w| w.trim() == "*") => {
                return Err(Refusal::NoPrecondition);
            }
            (Some(want), _, Some(have)) if want.split(',').any(|w| w.trim() == have) => {}
            (Some(_), _, _) => return Err(Refusal::Stale(current)),
            (None, Some(n), None) if n.trim() == "*" => {}
            (None, Some(_), Some(_)) => return Err(Refusal::Stale(current)),
            _ => return Err(Refusal::NoPrecondition),
        }
        let (parent, name) = match rel.rsplit_once('/') {
            Some((p, n)) => (Some(p), n),
            None => (None, rel),
        };
        let folder = match parent {
            Some(p) => {
                self.dir.create_dir_all(p).map_err(|e| self.refused(rel, e))?;
                self.dir.open_dir(p).map_err(|e| self.refused(rel, e))?
            }
            None => self.dir.try_clone().map_err(Refusal::Io)?,
        };
        let save = || -> std::io::Result<()> {
            use std::io::Write;
            let mut tmp = cap_tempfile::TempFile::new(&folder)?;
            tmp.write_all(bytes)?;
            tmp.as_file().sync_data()?;
            tmp.replace(name)
        };
        save().map_err(|e| self.refused(rel, e))?;
        Ok((etag(bytes), created))
    }
}
