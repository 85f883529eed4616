//! # hoso — Vietnamese commendation dossiers as archival PDFs
//!
//! hoso turns one JSON dossier into the official documents of a nomination for an award,
//! laid out to Decree 30/2020/NĐ-CP and exported as PDF/A-2b.
//!
//! ## The pipeline
//!
//! 1. **load** — [`dossier::load()`]: text → JSON, every string NFC-normalised and trimmed; JSON
//!    syntax errors with line and column; legacy TCVN3/VNI text and glyphs the font lacks are
//!    reported with their JSON path.
//! 2. **validate** — [`dossier::validate()`]: JSON → typed [`Dossier`], checked against the
//!    published [`dossier::schema`] ([`dossier::shape`]), the semantic [`dossier::rules`]
//!    and the cross-document [`dossier::consistency`] checks; every [`Problem`] is collected,
//!    never just the first. [`evidence`] files are read from the dossier's folder only.
//! 3. **view** — [`view`]: dossier + [`form::Form`] → the JSON one template reads: Vietnamese
//!    dates and numbers ([`vi`]), counts taken from the list, and the unit's [`wording`]
//!    rendered by minijinja to plain text. Data never becomes Typst markup. The form for each
//!    part is the version in force at the letter's date ([`form::Catalog::select`]).
//! 4. **compile** — [`typeset`]: the view is served as the virtual file `/data.json` to a
//!    cheap per-document world over one shared [`typeset::Base`] (fonts, library, parsed
//!    templates).
//! 5. **export** — [`export`]: the complete dossier, laid out once, becomes one PDF/A-2b,
//!    byte-identical for the same input; [`cut`] then makes each document a PDF of its own
//!    from that one file (its pages, structure, bookmark, metadata and [`signature`] fields);
//!    [`output`] writes files atomically.
//!
//! [`Engine`] runs the whole pipeline; build it once and reuse it. A render gives every
//! document (letter with list, minutes, one report per nominee), the complete `ho-so.pdf`
//! with bookmarks and evidence, and a manifest:
//!
//! ```no_run
//! let engine = hoso::Engine::new()?;
//! let path = std::path::Path::new("samples/vi-nguoi-ngheo-2023.json");
//! let checked = engine.check_file(path)?.map_err(|problems| problems.to_string())?;
//! let rendered = engine.render(&checked, None)?;
//! for doc in &rendered.documents {
//!     println!("{}: {} pages", doc.file_name, doc.pages);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## The rest of the map
//!
//! - [`form`]: forms are folders under `forms/` (`form.toml` + `main.typ`), compiled in.
//! - [`problem`]: [`Problem`] and [`Problems`], each with a JSON path and a hint.
//! - [`text`]: Unicode hygiene for input strings.
//! - [`host`]: the one seam to the machine (files, font folders, the clock for timing).
//! - The command line (`src/main.rs`, `src/cli/`) only parses arguments, calls this library
//!   and prints.

pub mod batch;
pub mod cut;
pub mod dossier;
pub mod engine;
pub mod evidence;
pub mod export;
pub mod form;
pub mod host;
pub mod output;
pub mod problem;
pub mod signature;
pub mod stamp;
pub mod text;
pub mod typeset;
pub mod vi;
pub mod view;
pub mod wording;

pub use dossier::Dossier;
pub use engine::{Checked, Document, Engine, EngineError, EngineOptions, RenderError, RenderOptions, Rendered};
pub use problem::{Problem, Problems, Severity};
