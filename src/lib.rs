//! # hoso — Vietnamese commendation dossiers as archival PDFs
//!
//! hoso turns one JSON dossier into the official documents of a nomination for emulation
//! titles and awards — the letters to each higher authority with their lists, the council's
//! minutes, the achievement reports, and for what the unit decides itself its decision with
//! the list and prize money and the certificates — laid out to Decree 30/2020/NĐ-CP and
//! exported as PDF/A-2b.
//!
//! ## The pipeline
//!
//! A dossier is **checked** once ([`Engine::check_file`] → [`Checked`]):
//!
//! 1. **load** — text → JSON, every string NFC-normalised and trimmed; JSON syntax errors with
//!    line and column; legacy TCVN3/VNI text and glyphs the font lacks are reported with their
//!    JSON path;
//! 2. **validate** — JSON → typed [`dossier::Dossier`], checked against the published
//!    [`dossier::schema()`], the semantic rules and the cross-document consistency checks;
//!    evidence and signature images are read from the dossier's folder only; every
//!    [`Problem`] is collected, never just the first;
//! 3. **views** — for each document, the form version in force at the letter's date and the
//!    JSON its template reads: Vietnamese dates and numbers, counts taken from the list, and
//!    the unit's wording rendered by minijinja to plain text. Data never becomes Typst markup.
//!
//! then **rendered** ([`Engine::render_with`] → [`Rendered`]), stage by stage:
//!
//! 4. **plan** — the documents to make: the views the check built, or only one form's;
//! 5. **complete view** — every document in filing order, the evidence after each report;
//! 6. **layout** — Typst lays the dossier out in chunks of a few documents, each compiled on its
//!    own and all on every core, over one shared base (fonts, library, parsed templates), so
//!    time and memory grow with the dossier and no faster;
//! 7. **export** — each chunk becomes PDF/A-2b, once;
//! 8. **cut** — each document is cut out of its chunk with its own metadata, bookmark, /ID and
//!    empty signature fields ([`sign`]), and the complete dossier `ho-so.pdf` is assembled from
//!    the chunks;
//! 9. **manifest** — what was made, from which form version, with the input keys.
//!
//! A render error names the stage that failed ([`Stage`]). [`Rendered::write_set`] writes the
//! whole set into one folder ([`Output`]). Output is byte-identical for the same input.
//!
//! ```no_run
//! let engine = hoso::Engine::new()?;
//! let path = std::path::Path::new("samples/vi-nguoi-ngheo-2023.json");
//! let checked = engine.check_file(path)?.map_err(|problems| problems.to_string())?;
//! let rendered = engine.render(&checked, None)?;
//! for doc in &rendered.documents {
//!     println!("{}: {} pages", doc.file_name, doc.pages);
//! }
//! rendered.write(std::path::Path::new("out"))?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## The rest of the map
//!
//! `docs/architecture.md` draws the floors and their invariants; in short:
//!
//! - [`Engine`]: build it once (forms, fonts, Typst's library) and share it between threads.
//! - [`dossier`]: the format's types and its JSON Schema.
//! - [`form`]: forms are folders under `forms/` (`form.toml` + templates), compiled in.
//! - [`Problem`], [`Problems`]: what is wrong with a dossier, each with a JSON path and a hint.
//! - [`messages`]: the catalogue of everything hoso says, Vietnamese (the default) beside
//!   English; problems are found in Vietnamese and said in English with
//!   [`Problems::in_language`].
//! - [`manifest`]: what a render made, as `manifest.json` says it (data only).
//! - [`Output`]: the one writer: a confined, locked folder, written as a whole set.
//! - [`limits`]: every bound on what hoso is given.
//! - [`Cancel`]: stop a check or a render between its steps.
//! - [`dossier::Roster`]: who goes forward, worked out once ([`Checked::roster`]).
//! - [`batch`]: many dossiers in one run, on one engine; [`Cores`]: the cores such a run lends
//!   between its renders, so no more chunks are laid out at once than there are cores.
//! - [`sign`]: where each signer signs (empty fields, Decree 30 images) and, with the feature
//!   `sign`, filling them: PAdES signatures as incremental updates from a key file, a PKCS#11
//!   token or a remote service confirmed on a phone, B-B/B-T/B-LT; `verify` (feature `sign`):
//!   every signature of a received file or folder checked against a trust store.
//! - `serve` (feature `serve`): the engine as an HTTP service for systems in other languages —
//!   check, render to a ZIP or one PDF, sign in two steps, verify, forms, schema, a workspace
//!   with ETags, metrics; bounded
//!   by a body limit, a deadline and a queue.
//! - [`import`]: nominees and vote counts from the clerk's spreadsheet (.xlsx, .xls, .ods,
//!   .csv), every bad cell located by sheet, row and column, merged into a dossier.
//! - [`lists`]: a dossier's lists for the next system — a workbook with typed cells that
//!   [`import`] reads back unchanged, a Word document of the Decree 30 list tables, and what a
//!   receiving office sends back to each unit ([`gather`] takes a unit's workbook too).
//! - Prize money (`prize.rs`): coefficients × the dated base-salary table in
//!   `forms/_common/luong-co-so.toml`, rounded as the decrees say.
//! - The command line (`src/main.rs`, `src/cli/`) only parses arguments, calls this library
//!   and prints. Nothing reads the clock, the system fonts or the network except through one
//!   seam (`host.rs`), and only when asked.

#![warn(missing_docs)]

pub mod batch;
pub(crate) mod cancel;
pub(crate) mod check;
pub(crate) mod cores;
pub(crate) mod cut;
pub mod dossier;
pub(crate) mod engine;
pub(crate) mod evidence;
pub(crate) mod export;
pub mod form;
pub mod gather;
pub(crate) mod host;
pub mod import;
pub(crate) mod inputs;
pub(crate) mod inspect;
pub(crate) mod json_text;
pub(crate) mod kit;
pub mod law;
pub mod limits;
pub mod lists;
pub(crate) mod locate;
pub mod manifest;
pub mod messages;
pub(crate) mod output;
pub(crate) mod pdf;
pub(crate) mod prize;
pub(crate) mod problem;
pub(crate) mod profile;
pub(crate) mod render;
#[cfg(feature = "serve")]
pub mod serve;
pub mod sign;
pub(crate) mod starter;
pub(crate) mod text;
pub(crate) mod typeset;
#[cfg(feature = "sign")]
pub mod verify;
pub(crate) mod vi;
pub(crate) mod view;
pub(crate) mod wording;

#[cfg(feature = "bench")]
#[doc(hidden)]
pub mod bench;

pub use cancel::{Cancel, Cancelled};
pub use check::{Checked, OutlineEntry};
pub use cores::Cores;
pub use engine::{Engine, EngineError, EngineOptions, TemplateData};
pub use output::{Output, OutputError, Wait};
pub use problem::{Problem, Problems, Severity};
pub use render::{COMPLETE_FILE, Document, MANIFEST_FILE, RenderError, RenderOptions, Rendered, Stage, WriteError};
pub use starter::Starter;
pub use typeset::Diagnostic;

/// Write `bytes` to `path` atomically: a temporary file beside it, synced, then renamed over it,
/// so a failure never leaves a partial file or spoils the one there.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    output::write_atomic(path, bytes)
}

/// The language the host's locale asks for (`HOSO_LANG`, else `LC_ALL`, `LC_MESSAGES`,
/// `LANG`): English only when it names English, Vietnamese otherwise. Read through the host
/// seam; the library itself never changes language on its own.
pub fn locale_lang() -> messages::Lang {
    host::locale_lang()
}

/// Read a dossier file as text, in the encodings Vietnamese offices save (UTF-8 with or
/// without a byte-order mark, UTF-16, Windows-1258), as `check` and `batch` read it.
pub fn read_file_text(path: &std::path::Path) -> std::io::Result<String> {
    host::read_text(path)
}

/// Re-exported on purpose: a template's data, the wording context and the schema are JSON
/// values, so an embedder uses the same `serde_json` as hoso.
pub use serde_json;
