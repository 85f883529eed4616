//! Pipeline step 2: normalised JSON → a typed [`Dossier`], or every problem found in it.

use serde_json::Value;

use super::model::Dossier;
use super::roster::Roster;
use super::rule::VoteRules;
use super::{consistency, rules, schema, shape, upgrade};
use crate::problem::Problems;

/// A dossier that passed validation, with the warnings a clerk should still read.
#[derive(Debug, Clone)]
pub(crate) struct Valid {
    /// The typed dossier.
    pub dossier: Dossier,
    /// Who goes forward in it.
    pub roster: Roster,
    /// Problems that do not block rendering.
    pub warnings: Problems,
    /// For a v1 file: where it has what the v2 dossier holds, for later problems' paths.
    pub v1_paths: Option<upgrade::PathMap>,
}

/// Validate `value` (from [`super::load()`]) and type it; `found` holds problems from loading.
///
/// The shape is checked against the schema first; the semantic rules and the cross-document
/// checks run once the shape is right, so every message points at the data rather than at a
/// missing field twice.
pub(crate) fn validate(value: Value, mut found: Problems, votes: &dyn VoteRules) -> Result<Valid, Problems> {
    // A v1 file: its own schema first, then rewritten as v2, its problems mapped back.
    let mut upgraded = None;
    let value = if upgrade::is_v1(&value) {
        shape::check(&value, schema::v1_walked(), "", &mut found);
        if found.has_errors() {
            return Err(found);
        }
        let up = upgrade::upgrade(&value);
        let v2 = up.value.clone();
        upgraded = Some(up);
        v2
    } else {
        value
    };
    let mut problems = Problems::new();
    shape::check(&value, schema::walked(), "", &mut problems);
    let result = if problems.has_errors() {
        Err(problems)
    } else {
        match serde_json::from_value::<Dossier>(value) {
            Ok(dossier) => {
                rules::check(&dossier, votes, &mut problems);
                let roster = Roster::of(&dossier, votes);
                consistency::check(&dossier, &roster, &mut problems);
                if problems.has_errors() { Err(problems) } else { Ok((dossier, roster, problems)) }
            }
            Err(e) => {
                problems.error("", crate::t!("shape.does-not-fit", error = e.to_string()));
                Err(problems)
            }
        }
    };
    let v1_paths = upgraded.map(|up| up.paths);
    let finish = |mut p: Problems| {
        if let Some(map) = &v1_paths {
            p.map_paths(|path| map.v1_path(path));
        }
        found.extend(p);
        found
    };
    match result {
        Ok((dossier, roster, p)) => {
            let mut warnings = finish(p);
            if v1_paths.is_some() {
                warnings.note("format", crate::t!("format.v1")).hint(crate::t!("hint.upgrade"));
            }
            Ok(Valid { dossier, roster, warnings, v1_paths })
        }
        Err(p) => Err(finish(p)),
    }
}
