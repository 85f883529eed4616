//! The one output writer, for the command line, the batch and the service: a folder opened
//! once as an [`Output`], every file written into it atomically, and nothing written, renamed
//! or removed outside it.
//!
//! - **Confined.** The folder is opened as a capability (`cap-std`): every later path is
//!   resolved inside it, so a symbolic link planted at an output file, at a sub-folder or in
//!   place of the folder itself never carries a write, a rename or a removal elsewhere; a link
//!   where an output folder belongs is refused with a clear message.
//! - **One writer.** The folder is locked (an advisory lock on the folder itself, released by
//!   the system when the process ends, even by a crash) from before the old set is read until
//!   the new one is in place: a second run into the same folder waits, or is told the folder
//!   is busy, and never interleaves its files with the first's.
//! - **Whole sets.** Files are written to anonymous temporary files beside their names, synced
//!   together, then renamed over their names: a failure before the renames leaves every old
//!   file as it was, and a crash leaves no temporary file behind.

use std::io::Write;
use std::path::{Path, PathBuf};

use cap_std::ambient_authority;
use cap_std::fs::Dir;

/// Whether opening a folder another run is writing into waits for it or refuses at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Wait until the other run is done.
    Block,
    /// Refuse at once ([`OutputError::Busy`]).
    No,
}

/// Why a folder could not be opened or written.
#[derive(Debug)]
#[non_exhaustive]
pub enum OutputError {
    /// Another run is writing into the folder (only with [`Wait::No`]).
    Busy(PathBuf),
    /// A symbolic link stands where an output folder belongs, or leads out of the folder.
    Link(PathBuf),
    /// The file system said no.
    Io(std::io::Error),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.text().fmt(f)
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OutputError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for OutputError {
    fn from(e: std::io::Error) -> Self {
        OutputError::Io(e)
    }
}

impl OutputError {
    /// What went wrong, to be said in any language.
    pub fn text(&self) -> crate::messages::Text {
        match self {
            OutputError::Busy(p) => crate::t!("write.busy", dir = p.display().to_string()),
            OutputError::Link(p) => crate::t!("write.link", path = p.display().to_string()),
            OutputError::Io(e) => crate::t!("cli.as-is", error = e.to_string()),
        }
    }
}

/// A folder open for writing, locked for this writer alone while it lives.
pub struct Output {
    dir: Dir,
    path: PathBuf,
    /// The lock on the folder, held until this is dropped.
    _lock: std::fs::File,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output").field("path", &self.path).finish()
    }
}

/// Whether the entry at `path` is a symbolic link (not followed).
fn is_link(meta: std::io::Result<cap_std::fs::Metadata>) -> bool {
    meta.is_ok_and(|m| m.file_type().is_symlink())
}

impl Output {
    /// Open `path` (created if missing) for writing, locked for this writer; `wait` says what
    /// to do when another run holds it. A symbolic link at `path` itself is refused.
    pub fn open(path: &Path, wait: Wait) -> Result<Output, OutputError> {
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(OutputError::Link(path.to_path_buf()));
        }
        std::fs::create_dir_all(path)?;
        let dir = Dir::open_ambient_dir(path, ambient_authority())?;
        Self::locked(dir, path.to_path_buf(), wait)
    }

    /// Open the folder `rel` inside this one (created if missing) for writing, locked for this
    /// writer: every step stays inside this folder, and a link at `rel` itself is refused.
    pub fn within(&self, rel: &Path, wait: Wait) -> Result<Output, OutputError> {
        Self::open_in(&self.dir, &self.path, rel, wait)
    }

    /// Open the folder `rel` inside `root` (which is not locked: a workspace, say) for writing,
    /// locked for this writer; nothing outside `root` is reached, through a link or otherwise.
    pub fn inside(root: &Path, rel: &Path, wait: Wait) -> Result<Output, OutputError> {
        let dir = Dir::open_ambient_dir(root, ambient_authority())?;
        Self::open_in(&dir, root, rel, wait)
    }

    fn open_in(root: &Dir, root_path: &Path, rel: &Path, wait: Wait) -> Result<Output, OutputError> {
        let path = root_path.join(rel);
        let confined = |e: std::io::Error| {
            // cap-std's refusal of a path that leads outside, said as what it is.
            if e.kind() == std::io::ErrorKind::PermissionDenied && e.to_string().contains("led outside") {
                OutputError::Link(path.clone())
            } else {
                OutputError::Io(e)
            }
        };
        if is_link(root.symlink_metadata(rel)) {
            return Err(OutputError::Link(path));
        }
        root.create_dir_all(rel).map_err(confined)?;
        let dir = root.open_dir(rel).map_err(confined)?;
        Self::locked(dir, path, wait)
    }

    fn locked(dir: Dir, path: PathBuf, wait: Wait) -> Result<Output, OutputError> {
        // The folder's own descriptor may be a path-only one, which cannot be locked: the lock is
        // taken on the folder opened for reading.
        let lock = dir.open(".")?.into_std();
        match wait {
            Wait::Block => lock.lock()?,
            Wait::No => match lock.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => return Err(OutputError::Busy(path)),
                Err(std::fs::TryLockError::Error(e)) => return Err(e.into()),
            },
        }
        let out = Output { dir, path, _lock: lock };
        out.clean_leftovers();
        Ok(out)
    }

    /// Whether another run holds `path` now (for a caller that says it will wait).
    pub fn busy(path: &Path) -> bool {
        let Ok(dir) = std::fs::File::open(path) else { return false };
        match dir.try_lock() {
            Ok(()) => false,
            Err(std::fs::TryLockError::WouldBlock) => true,
            Err(_) => false,
        }
    }

    /// The folder's path, as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Temporary files an older hoso left behind when it was stopped mid-write (named
    /// `.hoso-*.tmp`); with the lock held, none of them is anyone's.
    fn clean_leftovers(&self) {
        let Ok(entries) = self.dir.entries() else { return };
        for e in entries.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(".hoso-") && name.ends_with(".tmp") && e.file_type().is_ok_and(|t| t.is_file()) {
                let _ = self.dir.remove_file(&*name);
            }
        }
    }

    /// The bytes of the file `name` in the folder, if it is a file there (a link to outside
    /// is not read).
    pub fn read(&self, name: &str) -> Option<Vec<u8>> {
        if is_link(self.dir.symlink_metadata(name)) {
            return None;
        }
        self.dir.read(name).ok()
    }

    /// Whether `name` is a folder inside the folder.
    pub(crate) fn is_dir(&self, name: &str) -> bool {
        self.dir.symlink_metadata(name).is_ok_and(|m| m.is_dir())
    }

    /// Remove the file `name` (a link is removed, never what it points to); a missing file is
    /// no error.
    pub fn remove(&self, name: &str) -> std::io::Result<()> {
        match self.dir.remove_file(name) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Write `bytes` as the file `name`, atomically.
    pub fn write(&self, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
        Ok(self.write_all([(name, bytes)])?.remove(0))
    }

    /// Write every `(file name, bytes)`, atomically each: all are written to temporary files
    /// first, then synced to disk together, then renamed over their names, so a failure before
    /// the renames leaves every old file as it was. Returns the paths written.
    pub fn write_all<'a>(&self, files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> std::io::Result<Vec<PathBuf>> {
        let mut pending = Vec::new();
        for (name, bytes) in files {
            if name.contains('/') || name.contains('\\') || name.starts_with('.') || name.is_empty() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!("{name:?} is not a file name hoso writes"),
                ));
            }
            let mut tmp = cap_tempfile::TempFile::new(&self.dir)?;
            tmp.write_all(bytes)?;
            pending.push((name, tmp));
        }
        for (name, tmp) in &pending {
            tmp.as_file().sync_data()?;
            // What would stop a rename half-way (a folder where a file goes) stops it before any.
            if self.is_dir(name) {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    format!("{} is a folder, where a file is to be written", self.path.join(name).display()),
                ));
            }
        }
        let mut written = Vec::new();
        for (name, tmp) in pending {
            tmp.replace(name)?;
            written.push(self.path.join(name));
        }
        Ok(written)
    }
}

/// Create `dir` (and its parents) if it is missing, readable by its owner only: where the
/// service keeps signing runs waiting on a phone (they hold a remote service's settings).
#[cfg(feature = "serve")]
pub(crate) fn ensure_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Write `bytes` to `path` atomically (a temporary file beside it, synced, renamed over it): a
/// file the command line writes on its own (a dossier from `hoso new`, `import`, `upgrade`). A
/// link at `path` is replaced by the file, never written through.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "no file name"))?;
    std::fs::create_dir_all(dir)?;
    let dir = Dir::open_ambient_dir(dir, ambient_authority())?;
    let mut tmp = cap_tempfile::TempFile::new(&dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_data()?;
    tmp.replace(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_file_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.pdf");
        write_atomic(&p, b"first version, longer").unwrap();
        write_atomic(&p, b"second").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["a.pdf"]);
    }

    /// Guards the permissions of output files: readable by others (as the umask allows), not
    /// left private like a temporary file.
    #[cfg(unix)]
    #[test]
    fn output_files_get_ordinary_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = Output::open(dir.path(), Wait::No).unwrap();
        out.write("a.pdf", b"x").unwrap();
        let mode = std::fs::metadata(dir.path().join("a.pdf")).unwrap().permissions().mode() & 0o777;
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let Some(umask) = status.lines().find_map(|l| l.strip_prefix("Umask:")) else { return };
        let umask = u32::from_str_radix(umask.trim(), 8).unwrap();
        assert_eq!(mode, 0o666 & !umask, "mode {mode:o}");
    }

    /// Guards one writer per folder: a second opening is refused while the first holds it.
    #[test]
    fn a_folder_has_one_writer_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let first = Output::open(dir.path(), Wait::No).unwrap();
        assert!(Output::busy(dir.path()));
        assert!(matches!(Output::open(dir.path(), Wait::No), Err(OutputError::Busy(_))));
        drop(first);
        assert!(!Output::busy(dir.path()));
        Output::open(dir.path(), Wait::No).unwrap();
    }

    /// Guards confinement: links planted at an output file, a sub-folder or the folder itself
    /// never carry a write or a removal outside.
    #[cfg(unix)]
    #[test]
    fn links_never_carry_a_write_outside() {
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("victim.pdf"), b"keep").unwrap();
        std::os::unix::fs::symlink(outside.path().join("victim.pdf"), dir.path().join("a.pdf")).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("sub")).unwrap();
        let out = Output::open(dir.path(), Wait::No).unwrap();
        out.write("a.pdf", b"new").unwrap();
        assert_eq!(std::fs::read(outside.path().join("victim.pdf")).unwrap(), b"keep");
        assert!(!std::fs::symlink_metadata(dir.path().join("a.pdf")).unwrap().file_type().is_symlink());
        assert!(matches!(out.within(Path::new("sub"), Wait::No), Err(OutputError::Link(_))));
        assert!(matches!(out.within(Path::new("sub/deeper"), Wait::No), Err(OutputError::Link(_))));
        let link = dir.path().join("linked");
        std::os::unix::fs::symlink(outside.path(), &link).unwrap();
        assert!(matches!(Output::open(&link, Wait::No), Err(OutputError::Link(_))));
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1, "nothing written outside");
    }
}
