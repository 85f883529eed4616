//! How Vietnamese official documents write dates, numbers, money, capitals and sorted names.
//!
//! Each rule comes from `../shared/spec/dossier.md` and Decree 30/2020; each helper is a pure
//! function with its own unit tests, so templates receive text that is already right.

pub(crate) mod case;
pub(crate) mod collate;
pub(crate) mod date;
pub(crate) mod group;
pub(crate) mod number;
pub(crate) mod slug;
pub(crate) mod words;

pub(crate) use case::upper;
pub(crate) use collate::name_key;
pub use date::Date;
pub(crate) use number::{pad2, percent, thousands};
pub(crate) use slug::slug;
pub(crate) use words::money_in_words;
