//! How Vietnamese official documents write dates, numbers, money, capitals and sorted names.
//!
//! Each rule comes from `../shared/spec/dossier.md` and Decree 30/2020; each helper is a pure
//! function with its own unit tests, so templates receive text that is already right.

pub mod case;
pub mod collate;
pub mod date;
pub mod number;
pub mod slug;
pub mod words;

pub use case::upper;
pub use collate::{NameKey, name_key};
pub use date::Date;
pub use number::{pad2, percent, thousands};
pub use slug::slug;
pub use words::money_in_words;
