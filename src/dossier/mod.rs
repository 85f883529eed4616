//! The dossier: its format ([`model`]), its schema ([`schema`]), the first two pipeline
//! steps, [`load()`] (text → normalised JSON) and [`validate()`] (JSON → typed [`Dossier`]), and
//! the cross-document [`consistency`] checks.

pub mod consistency;
pub mod load;
pub mod model;
pub mod rules;
pub mod schema;
pub mod shape;
pub mod validate;

pub use load::load;
pub use model::*;
pub use validate::{Valid, validate};
