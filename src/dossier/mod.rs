//! The dossier: its format (the types below, from `model/`), its published JSON
//! [`schema()`], and the first two pipeline steps, `load` (text → normalised JSON) and
//! `validate` (JSON → typed [`Dossier`], with the semantic rules and the cross-document
//! consistency checks). Format v1 files are read as v2 ([`upgrade()`] rewrites one).

mod carry;
pub(crate) mod consistency;
pub(crate) mod load;
pub(crate) mod model;
pub(crate) mod roster;
pub(crate) mod rule;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod shape;
pub(crate) mod upgrade;
pub(crate) mod validate;

pub use carry::carry_over;
pub(crate) use load::load;
pub use model::*;
pub use roster::Roster;
pub use schema::{description_pointers, schema, schema_in};

/// A format v1 dossier (JSON text) rewritten as format v2 (JSON), as `hoso upgrade` writes it;
/// `None` when the text is not a v1 dossier that passes the v1 schema. Every string is
/// normalised as on load.
pub fn upgrade(text: &str) -> Option<serde_json::Value> {
    let (value, found) = load::load(text, &crate::typeset::fonts::Fonts::with_extra(Vec::new())).ok()?;
    if !upgrade::is_v1(&value) || found.has_errors() {
        return None;
    }
    let mut problems = crate::problem::Problems::new();
    shape::check(&value, schema::v1_walked(), "", &mut problems);
    (!problems.has_errors()).then(|| upgrade::upgrade(&value).value)
}
pub(crate) use validate::validate;
