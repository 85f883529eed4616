//! Pipeline step 2: normalised JSON → a typed [`Dossier`], or every problem found in it.

use serde_json::Value;

use super::model::Dossier;
use super::{consistency, rules, schema, shape};
use crate::problem::Problems;

/// A dossier that passed validation, with the warnings a clerk should still read.
#[derive(Debug, Clone)]
pub(crate) struct Valid {
    /// The typed dossier.
    pub dossier: Dossier,
    /// Problems that do not block rendering.
    pub warnings: Problems,
}

/// Validate `value` (from [`super::load()`]) and type it; `found` holds problems from loading.
///
/// The shape is checked against the schema first; the semantic rules and the cross-document
/// checks run once the shape is right, so every message points at the data rather than at a
/// missing field twice.
pub(crate) fn validate(value: Value, mut found: Problems) -> Result<Valid, Problems> {
    shape::check(&value, schema::schema(), "", &mut found);
    if found.has_errors() {
        return Err(found);
    }
    let dossier: Dossier = match serde_json::from_value(value) {
        Ok(d) => d,
        Err(e) => {
            found.error("", format!("the dossier does not fit format v1: {e}"));
            return Err(found);
        }
    };
    rules::check(&dossier, &mut found);
    consistency::check(&dossier, &mut found);
    if found.has_errors() { Err(found) } else { Ok(Valid { dossier, warnings: found }) }
}
