//! Pipeline step 2: normalised JSON → a typed [`Dossier`], or every problem found in it.

use serde_json::Value;

use super::model::Dossier;
use super::roster::Roster;
use super::rule::VoteRules;
use super::{consistency, rules, schema, shape, upgrade};
use crate::problem::Problems;

/// A dossier of the format's shape, typed, with every problem its rules and cross-checks found
/// (errors included: the later stages still run on it, so the clerk reads them all at once).
#[derive(Debug, Clone)]
pub(crate) struct Valid {
    /// The typed dossier.
    pub dossier: Dossier,
    /// Who goes forward in it.
    pub roster: Roster,
    /// Every problem found, errors included.
    pub warnings: Problems,
    /// For a v1 file: where it has what the v2 dossier holds, for later problems' paths.
    pub v1_paths: Option<upgrade::PathMap>,
}

/// Validate `value` (from [`super::load()`]) and type it; `found` holds problems from loading.
///
/// The shape is checked against the schema first (`Err` when it does not fit: nothing can be
/// typed); the semantic rules and the cross-document checks run once the shape is right, so
/// every message points at the data rather than at a missing field twice.
///
/// A v2 text of the wrong shape is typed anyway where it can be ([`typed_anyway`], `today`
/// standing in for the dates of a draft), so that the rules run on it too; `Err` when it does
/// not type.
pub(crate) fn validate(
    value: Value,
    mut found: Problems,
    votes: &dyn VoteRules,
    today: Option<crate::vi::Date>,
) -> Result<Valid, Problems> {
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
    if problems.has_errors() && upgraded.is_none() {
        found.extend(problems);
        return typed_anyway(value, found, votes, today);
    }
    let result = if problems.has_errors() {
        Err(problems)
    } else {
        match serde_json::from_value::<Dossier>(value) {
            Ok(dossier) => {
                // Errors here leave a dossier that the later stages can still read: they go on,
                // and the caller sees every problem at once.
                rules::check(&dossier, votes, &mut problems);
                let roster = Roster::of(&dossier, votes);
                consistency::check(&dossier, &roster, &mut problems);
                Ok((dossier, roster, problems))
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

/// A dossier whose shape is wrong, typed anyway where it can be, so that the rules and the later
/// stages run on it and the clerk reads every problem at once: empty texts and lists are typed as
/// they are; for a draft, `today` stands in for each date not yet written (a date left out of an
/// optional field is dropped). `shape` are the shape's problems; the rules add theirs, except at
/// a place the shape already names. `Err(shape)` when it still does not type.
fn typed_anyway(
    mut value: Value,
    shape: Problems,
    votes: &dyn VoteRules,
    today: Option<crate::vi::Date>,
) -> Result<Valid, Problems> {
    if let Some(today) = today {
        shape::fill_missing(&mut value, schema::walked());
        stand_in_dates(&mut value, today);
    }
    let Ok(dossier) = serde_json::from_value::<Dossier>(value) else {
        return Err(shape);
    };
    let mut more = Problems::new();
    rules::check(&dossier, votes, &mut more);
    let roster = Roster::of(&dossier, votes);
    consistency::check(&dossier, &roster, &mut more);
    let flagged: Vec<String> = shape.iter().filter(|p| p.is_error()).map(|p| p.path.clone()).collect();
    let near = |a: &str, b: &str| {
        a == b
            || a.starts_with(&format!("{b}."))
            || b.starts_with(&format!("{a}."))
            || a.starts_with(&format!("{b}["))
            || b.starts_with(&format!("{a}["))
    };
    let mut warnings = shape;
    for p in more.iter() {
        if !flagged.iter().any(|f| near(&p.path, f)) {
            warnings.push(p.clone());
        }
    }
    Ok(Valid { dossier, roster, warnings, v1_paths: None })
}

/// Each "date" that is no date becomes `today`; an optional one ("birth_date", "deadline") that
/// is no date is dropped.
fn stand_in_dates(value: &mut Value, today: crate::vi::Date) {
    match value {
        Value::Object(o) => {
            for key in ["birth_date", "deadline"] {
                if o.get(key).is_some_and(|v| v.as_str().is_none_or(|s| crate::vi::Date::parse(s).is_err())) {
                    o.remove(key);
                }
            }
            if let Some(v) = o.get_mut("date")
                && v.as_str().is_none_or(|s| crate::vi::Date::parse(s).is_err())
            {
                *v = Value::String(today.short());
            }
            o.values_mut().for_each(|v| stand_in_dates(v, today));
        }
        Value::Array(a) => a.iter_mut().for_each(|v| stand_in_dates(v, today)),
        _ => {}
    }
}
