//! What a render depends on, and so when a dossier is unchanged — the one place that answers
//! "why did the batch skip my dossier?". Three keys, from cheapest to surest:
//!
//! 1. **marks** — the size and modification time of the dossier file and of every file read
//!    from its folder, with the engine and options: equal marks, and nothing is even read;
//! 2. **raw key** — the SHA-256 of the dossier's text and of those files, with the engine's
//!    fingerprint and the options: equal, and nothing is checked;
//! 3. **render key** — the SHA-256 of the checked data and of every evidence, emblem and
//!    signature image, with the fingerprint and the options: equal keys give byte-identical
//!    output.
//!
//! The manifest records all three ([`crate::manifest::Raw`], [`crate::manifest::Manifest::inputs`]).

use std::path::Path;

use crate::dossier::Dossier;
use crate::evidence::{self, Evidence, sha256};
use crate::host;
use crate::manifest::{Manifest, Raw};
use crate::sign::images::Images;

/// What a render's options change in its output: only one form's documents, stamped images.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Variant<'a> {
    /// `RenderOptions::only`.
    pub only: Option<&'a str>,
    /// `RenderOptions::stamp`.
    pub stamp: bool,
}

/// The key of the checked data and every file it includes, with the engine's `fingerprint`:
/// computed once, when the dossier is checked.
pub(crate) fn data_key(
    fingerprint: &str,
    d: &Dossier,
    evidence: &[Evidence],
    emblems: &[(usize, evidence::FileType, Vec<u8>)],
    images: &Images,
) -> String {
    let data = serde_json::to_string(d).expect("dossiers serialise");
    let mut h = format!("{fingerprint}\n{}", sha256(data.as_bytes()));
    for e in evidence {
        h.push_str(&format!("\n{} {}", e.path, e.sha256));
    }
    for (k, _, bytes) in emblems {
        h.push_str(&format!("\nemblem {k} {}", sha256(bytes)));
    }
    for (path, image) in images {
        h.push_str(&format!("\nimage {path} {}", sha256(&image.png)));
    }
    sha256(h.as_bytes())
}

/// Every file read from the dossier's folder, by the path the dossier gives, with its SHA-256,
/// sorted and once each.
pub(crate) fn files_read(
    d: &Dossier,
    evidence: &[Evidence],
    emblems: &[(usize, evidence::FileType, Vec<u8>)],
    images: &Images,
) -> Vec<(String, String)> {
    let mut files = std::collections::BTreeMap::new();
    for e in evidence {
        files.insert(e.path.clone(), e.sha256.clone());
    }
    for (k, _, bytes) in emblems {
        if let Some(path) = &d.decisions[*k].certificates.emblem_image {
            files.insert(path.clone(), sha256(bytes));
        }
    }
    for (path, image) in images {
        files.insert(path.clone(), sha256(&image.png));
    }
    files.into_iter().collect()
}

/// The render key of checked data whose key is `data_key`, rendered as `variant`.
pub(crate) fn render_key(data_key: &str, variant: Variant) -> String {
    if variant.only.is_none() && !variant.stamp {
        return data_key.to_string();
    }
    let with = format!("{data_key}\nonly {:?}\nstamp {}", variant.only, variant.stamp);
    sha256(with.as_bytes())
}

/// The raw key: the engine's `fingerprint`, `variant`, `text_sha256` (of the dossier's text)
/// and each (path, SHA-256) of `files`, the files read from its folder.
pub(crate) fn raw_key(fingerprint: &str, variant: Variant, text_sha256: &str, files: &[(String, String)]) -> String {
    let mut h = format!("{fingerprint}\nonly {:?}\nstamp {}\n{text_sha256}", variant.only, variant.stamp);
    for (path, sha) in files {
        h.push_str(&format!("\n{path} {sha}"));
    }
    sha256(h.as_bytes())
}

/// The raw inputs of a render, for its manifest: what was `read` (the text's SHA-256 and each
/// file with its SHA-256).
pub(crate) fn raw(fingerprint: &str, variant: Variant, read: &(String, Vec<(String, String)>)) -> Raw {
    let (text, files) = read;
    Raw {
        key: raw_key(fingerprint, variant, text, files),
        files: files.iter().map(|(p, _)| p.clone()).collect(),
        marks: Vec::new(),
    }
}

/// The last render in `dir`, if every file its manifest lists is there.
pub(crate) fn last_render(dir: &Path) -> Option<Manifest> {
    let manifest = Manifest::read(dir)?;
    manifest.documents.iter().all(|d| dir.join(&d.file).is_file()).then_some(manifest)
}

/// Whether the last render was made from the same raw inputs: the dossier's `text` and the
/// files its manifest says were read from `folder`, hashed again, with the same engine and
/// options. Nothing is checked, so an unchanged dossier costs a few reads and hashes.
pub(crate) fn same_raw(fingerprint: &str, last: &Manifest, variant: Variant, text: &str, folder: &Path) -> bool {
    let mut files = Vec::with_capacity(last.raw.files.len());
    for path in &last.raw.files {
        let Ok(bytes) = host::read_inside(folder, Path::new(path)) else { return false };
        files.push((path.clone(), sha256(&bytes)));
    }
    !last.raw.key.is_empty() && raw_key(fingerprint, variant, &sha256(text.as_bytes()), &files) == last.raw.key
}

/// The marks of a render's inputs ([`Raw::marks`]): the engine and options, the dossier
/// file's `own` mark (taken before it was read), and each of `files` in `folder`. `None` if
/// one cannot be taken.
pub(crate) fn marks(
    fingerprint: &str,
    variant: Variant,
    own: Option<String>,
    files: &[String],
    folder: &Path,
) -> Option<Vec<String>> {
    let mut out = vec![raw_key(fingerprint, variant, "", &[]), format!("\t{}", own?)];
    for f in files {
        out.push(format!("{f}\t{}", host::file_mark(&folder.join(f))?));
    }
    Some(out)
}
