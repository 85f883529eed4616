//! The dossier: its format (the types below, from [`model`]), its published JSON
//! [`schema()`], and the first two pipeline steps, `load` (text → normalised JSON) and
//! `validate` (JSON → typed [`Dossier`], with the semantic rules and the cross-document
//! consistency checks).

pub(crate) mod consistency;
pub(crate) mod load;
pub mod model;
pub(crate) mod rules;
mod schema;
pub(crate) mod shape;
pub(crate) mod validate;

pub(crate) use load::load;
pub use model::*;
pub use schema::schema;
pub(crate) use validate::validate;
