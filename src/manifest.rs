//! `manifest.json`: what a render made from which form version, with checksums, signature
//! fields, the evidence included, the warnings and the input keys. No dates or paths of this
//! machine, so it is reproducible too. Data only: the render's last stage fills it
//! (`render::manifest`), and the batch reads it back to skip a dossier whose inputs have not
//! changed (`inputs.rs`).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::sign::Field;

/// File name of the manifest written beside the documents.
pub const MANIFEST_FILE: &str = "manifest.json";

/// The manifest of one render.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The program that wrote it, e.g. "hoso 0.1.0".
    pub generator: String,
    /// Every document written, in filing order, the complete dossier last.
    pub documents: Vec<DocumentEntry>,
    /// The evidence files included in the complete dossier.
    pub evidence: Vec<EvidenceEntry>,
    /// The warnings of the check, as printed.
    pub warnings: Vec<String>,
    /// The render's input key ([`crate::Engine::render_key`], `inputs.rs`).
    pub inputs: String,
    /// The inputs as read, so that a batch can tell an unchanged dossier without checking it.
    #[serde(default)]
    pub raw: Raw,
}

/// The inputs of a render as read: a key of the engine's fingerprint, the render options, the
/// dossier's text and every file read from its folder; and those files, so that the key can be
/// computed again from the files alone ([`crate::Engine::raw_key`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Raw {
    /// SHA-256 (hex) of the engine's fingerprint, the options, the text and the files.
    pub key: String,
    /// The files read from the dossier's folder, by the path the dossier gives, sorted.
    pub files: Vec<String>,
    /// Written by `batch`: the marks of the engine and options (a key of them) and of each input (size and
    /// modification time ("" for the dossier file, then `files`), so that a re-run knows an
    /// untouched dossier from its folder's metadata alone, without reading it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[serde(alias = "stamps")]
    pub marks: Vec<String>,
}

/// One document in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentEntry {
    /// Its file name.
    pub file: String,
    /// Its title (its bookmark in the complete dossier).
    pub title: String,
    /// The form it was rendered from; `None` for the complete dossier.
    pub form: Option<String>,
    /// The legal basis of that form version.
    pub version: Option<String>,
    /// Whether that form's labels were checked against the official text (`false`: compare
    /// before filing, and correct the labels in the dossier if they differ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_checked: Option<bool>,
    /// The nominee a report is about.
    pub nominee: Option<String>,
    /// Its number of pages.
    pub pages: usize,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    /// Its empty signature fields: name, role, signer, page, rectangle (PDF points).
    pub signature_fields: Vec<Field>,
    /// For a print file: the files of the documents it prints together (a decision's
    /// certificates), which it repeats page for page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gathers: Vec<String>,
    /// For a print file whose certificates are not written one file each (a large run): the
    /// nominee each of them is for, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prints: Vec<String>,
}

/// One evidence file in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceEntry {
    /// The nominee it supports (their id).
    pub nominee: String,
    /// Its path, as the dossier names it.
    pub file: String,
    /// Pages it takes in the complete dossier.
    pub pages: usize,
    /// SHA-256 of the file as read, lower-case hex.
    pub sha256: String,
}

impl Manifest {
    /// The manifest as written: pretty-printed JSON.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("manifests serialise")
    }

    /// The manifest in folder `dir`, if there is a readable one.
    pub fn read(dir: &Path) -> Option<Manifest> {
        Self::from_json(&crate::host::read(&dir.join(MANIFEST_FILE)).ok()?)
    }

    /// A manifest from the bytes of a `manifest.json`, if they are one.
    pub fn from_json(bytes: &[u8]) -> Option<Manifest> {
        serde_json::from_slice(bytes).ok()
    }
}
