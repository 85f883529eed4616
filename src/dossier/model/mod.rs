//! Dossier format v2: the typed shape of one submission, in English keys and Vietnamese values.
//!
//! A dossier names the deciding authorities, the emulation titles and awards it proposes (each
//! with its authority, its kind of commendation, whether it needs a report and its vote rule),
//! one proposal letter per upward authority, the nominees with what each is proposed for, and
//! the council meeting that voted on them, award by award.
//!
//! The JSON Schema that `hoso schema` prints is derived from these types, and the validator
//! checks input against that same schema, so the documentation and the checks cannot drift.
//! Format v1 files are read through [`super::upgrade`].
//!
//! One file per concept: [`dossier`] (the whole), [`agency`] (the unit, its authorities, its
//! letters and signers), [`awards`] (titles and awards, their rules and prizes), [`nominees`]
//! (and their reports), [`minutes`] (the council's votes), [`decisions`] (and certificates),
//! [`scalars`] (numbers, dates, times).

mod agency;
mod awards;
mod decisions;
mod dossier;
mod minutes;
mod nominees;
mod scalars;

pub use agency::*;
pub use awards::*;
pub use decisions::*;
pub use dossier::*;
pub use minutes::*;
pub use nominees::*;
pub use scalars::*;
