//! Writing output files atomically: each file is written to a temporary file in the same
//! folder and renamed over its final name only once complete, so an interrupted or failed run
//! never leaves a truncated PDF and never replaces a good one with a bad one.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` atomically (temporary file, data and size synced to disk, rename).
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    write_in(dir, path, bytes)
}

/// [`write_atomic`] into a folder that exists.
fn write_in(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = temporary(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_data()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Write every `(file name, bytes)` under `dir`, atomically each; returns the paths written.
/// The files are written first, then synced to disk together (one wait for the disk, not one
/// per file), then renamed over their names: a failure before the renames leaves every old
/// file as it was.
pub(crate) fn write_all<'a>(
    dir: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut pending = Vec::new();
    for (name, bytes) in files {
        let mut tmp = temporary(dir)?;
        tmp.write_all(bytes)?;
        pending.push((dir.join(name), tmp));
    }
    for (path, tmp) in &pending {
        tmp.as_file().sync_data()?;
        // What would stop a rename half-way (a folder where a file goes) stops it before any.
        if path.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                format!("{} is a folder, where a file is to be written", path.display()),
            ));
        }
    }
    let mut written = Vec::new();
    for (path, tmp) in pending {
        tmp.persist(&path).map_err(|e| e.error)?;
        written.push(path);
    }
    Ok(written)
}

/// A temporary file in `dir`, named so that hoso's leftovers are recognisable, with the usual
/// permissions (0666 less the umask, as any new file) rather than a temporary file's private ones.
fn temporary(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".hoso-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder.tempfile_in(dir)
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
    /// left private like the temporary file they were written as.
    #[cfg(unix)]
    #[test]
    fn output_files_get_ordinary_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.pdf");
        write_atomic(&p, b"x").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let Some(umask) = status.lines().find_map(|l| l.strip_prefix("Umask:")) else { return };
        let umask = u32::from_str_radix(umask.trim(), 8).unwrap();
        assert_eq!(mode, 0o666 & !umask, "mode {mode:o}");
    }
}
