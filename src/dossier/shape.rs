//! Structural validation: walks a JSON value against the dossier schema and records every
//! mismatch with its JSON path, instead of stopping at the first as serde would.
//!
//! It understands the subset of JSON Schema that `schemars` emits for [`super::model`]
//! (`type`, `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`, `$ref`,
//! `anyOf`/`oneOf`, `minItems`, `maxItems`, `minLength`, `minimum`, `maximum`) and hoso's own formats
//! (`vn-date`, `vn-time`, `doc-number`).

use serde_json::Value;

use super::model::{Coefficient, DocNumber, Time};
use crate::problem::{self, Problems};
use crate::vi::Date;
use crate::vi::date::DateError;

/// Check `value` against `schema` (whose `$defs` resolve references), recording problems at
/// paths under `path`.
pub(crate) fn check(value: &Value, schema: &Value, path: &str, problems: &mut Problems) {
    Walker { root: schema }.walk(value, schema, path, problems);
}

struct Walker<'a> {
    root: &'a Value,
}

/// Describe a JSON value in a message: strings quoted, long ones shortened.
pub(crate) fn show(v: &Value) -> String {
    let s = match v {
        Value::String(s) => format!("\"{s}\""),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
        other => other.to_string(),
    };
    if s.chars().count() > 60 { format!("{}…\"", s.chars().take(57).collect::<String>()) } else { s }
}

fn type_name(t: &str) -> &'static str {
    match t {
        "string" => "text",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true or false",
        "array" => "a list",
        "object" => "an object",
        "null" => "null",
        _ => "a value",
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(n) if n.is_i64() || n.is_u64() => "a whole number",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn has_type(v: &Value, t: &str) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    }
}

/// Levenshtein distance, for "did you mean" hints on misspelt keys.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest of `options` to `given`, when it is close enough to be a likely typo.
pub(crate) fn closest<'o>(given: &str, options: impl IntoIterator<Item = &'o str>) -> Option<&'o str> {
    let given_l = given.to_lowercase();
    options
        .into_iter()
        .map(|o| (distance(&given_l, &o.to_lowercase()), o))
        .filter(|(d, o)| *d <= 2.max(o.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, o)| o)
}

/// A field's documentation on one line, used as the hint for problems with that field.
fn description(schema: &Value) -> Option<String> {
    let d = schema.get("description").and_then(Value::as_str)?;
    Some(d.split_whitespace().collect::<Vec<_>>().join(" "))
}

impl Walker<'_> {
    fn resolve<'s>(&'s self, schema: &'s Value) -> &'s Value {
        let mut s = schema;
        for _ in 0..16 {
            match s.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/")) {
                Some(pointer) => s = self.root.pointer(&format!("/{pointer}")).unwrap_or(&Value::Null),
                None => break,
            }
        }
        s
    }

    fn walk(&self, value: &Value, schema: &Value, path: &str, problems: &mut Problems) {
        let schema = self.resolve(schema);
        if let Some(branches) = schema.get("anyOf").or_else(|| schema.get("oneOf")).and_then(Value::as_array) {
            self.any_of(value, branches, path, problems);
            return;
        }
        if let Some(types) = schema.get("type") {
            let allowed: Vec<&str> = match types {
                Value::String(t) => vec![t.as_str()],
                Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            if !allowed.is_empty() && !allowed.iter().any(|t| has_type(value, t)) {
                let expected: Vec<&str> = allowed.iter().filter(|t| **t != "null").map(|t| type_name(t)).collect();
                let p = problems.error(
                    path,
                    format!("expected {}, found {} {}", expected.join(" or "), kind_of(value), show(value)),
                );
                match clerk_hint(value, schema, &allowed) {
                    Some(h) => {
                        p.hint(h);
                    }
                    None => {
                        if let Some(d) = description(schema) {
                            p.hint(d);
                        }
                    }
                }
                return;
            }
        }
        if value.is_null() {
            return;
        }
        if let Some(options) = schema.get("enum").and_then(Value::as_array) {
            if !options.contains(value) {
                let names: Vec<String> = options.iter().map(show).collect();
                let p = problems.error(path, format!("{} is not one of {}", show(value), names.join(", ")));
                if let Some(c) = value.as_str().and_then(|v| vietnamese_value(v, options)) {
                    p.hint(format!(
                        "write \"{c}\": the format's values are English words (\"{}\" is \"{c}\")",
                        value.as_str().unwrap_or_default()
                    ));
                } else if let Some(c) =
                    value.as_str().and_then(|v| closest(v, options.iter().filter_map(Value::as_str)))
                {
                    p.hint(format!("did you mean \"{c}\"?"));
                }
            }
            return;
        }
        if let Some(c) = schema.get("const") {
            if c != value {
                problems.error(path, format!("{} should be {}", show(value), show(c)));
            }
            return;
        }
        match value {
            Value::Object(map) => self.object(map, schema, path, problems),
            Value::Array(items) => {
                if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
                    && (items.len() as u64) < min
                {
                    let p = problems.error(
                        path,
                        if items.is_empty() {
                            "the list is empty".to_string()
                        } else {
                            format!("needs at least {min} entries")
                        },
                    );
                    if let Some(d) = description(schema) {
                        p.hint(d);
                    }
                }
                if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
                    && (items.len() as u64) > max
                {
                    let p = problems.error(path, format!("has {} entries, more than the {max} allowed", items.len()));
                    if let Some(d) = description(schema) {
                        p.hint(d);
                    }
                }
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.walk(item, item_schema, &problem::index(path, i), problems);
                    }
                }
            }
            Value::String(s) => {
                if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
                    && (s.chars().count() as u64) < min
                {
                    let p = problems.error(path, "is empty");
                    if let Some(d) = description(schema) {
                        p.hint(d);
                    }
                }
            }
            Value::Number(n) => {
                if let (Some(min), Some(x)) = (schema.get("minimum").and_then(Value::as_f64), n.as_f64())
                    && x < min
                {
                    problems.error(path, format!("{n} is below the minimum {min}"));
                }
                if let (Some(max), Some(x)) = (schema.get("maximum").and_then(Value::as_f64), n.as_f64())
                    && x > max
                {
                    let p = problems.error(path, format!("{n} is above the maximum {max}"));
                    if let Some(d) = description(schema) {
                        p.hint(d);
                    }
                }
            }
            _ => {}
        }
        if let Some(format) = schema.get("format").and_then(Value::as_str) {
            self.format(value, format, path, problems);
        }
    }

    fn any_of(&self, value: &Value, branches: &[Value], path: &str, problems: &mut Problems) {
        // A documented enum comes as one `const` branch per value: check it as an enum.
        let resolved: Vec<&Value> = branches.iter().map(|b| self.resolve(b)).collect();
        if !value.is_null()
            && resolved
                .iter()
                .all(|b| b.get("const").is_some() || b.get("type").and_then(Value::as_str) == Some("null"))
        {
            let options: Vec<Value> = resolved.iter().filter_map(|b| b.get("const").cloned()).collect();
            self.walk(value, &serde_json::json!({ "enum": options }), path, problems);
            return;
        }
        let mut best: Option<Problems> = None;
        for branch in branches {
            let branch = self.resolve(branch);
            let mut found = Problems::new();
            self.walk(value, branch, path, &mut found);
            if found.is_empty() {
                return;
            }
            let accepts_null_only = branch.get("type").and_then(Value::as_str) == Some("null");
            if accepts_null_only {
                continue;
            }
            if best.as_ref().is_none_or(|b| found.len() < b.len()) {
                best = Some(found);
            }
        }
        if let Some(best) = best {
            problems.extend(best);
        }
    }

    fn object(&self, map: &serde_json::Map<String, Value>, schema: &Value, path: &str, problems: &mut Problems) {
        let empty = serde_json::Map::new();
        let props = schema.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for key in required.iter().filter_map(Value::as_str) {
                if !map.contains_key(key) {
                    let p = problems.error(problem::join(path, key), "is missing");
                    if let Some(d) =
                        props.get(key).and_then(|s| description(s).or_else(|| description(self.resolve(s))))
                    {
                        p.hint(d);
                    }
                }
            }
        }
        let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
        let extra = schema.get("additionalProperties").filter(|a| a.is_object());
        for (key, v) in map {
            let child = problem::join(path, key);
            if let Some(s) = props.get(key) {
                self.walk(v, s, &child, problems);
            } else if let Some(s) = extra {
                self.walk(v, s, &child, problems);
            } else if closed {
                let p = problems.error(child, "is not a field of this format");
                match closest(key, props.keys().map(String::as_str)) {
                    Some(c) => p.hint(format!("did you mean `{c}`?")),
                    None => p.hint(format!(
                        "known fields here: {}",
                        props.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
                    )),
                };
            }
        }
    }

    fn format(&self, value: &Value, format: &str, path: &str, problems: &mut Problems) {
        match format {
            "vn-date" => {
                if let Some(s) = value.as_str() {
                    match Date::parse(s) {
                        Ok(_) => {}
                        Err(DateError::NoSuchDay) => {
                            problems
                                .error(path, format!("{s} is not a date"))
                                .hint("that day does not exist in the calendar; check the day and the month");
                        }
                        Err(DateError::Shape) => {
                            problems
                                .error(path, format!("{s} is not a date"))
                                .hint("write dates as dd/mm/yyyy, e.g. 05/12/2023");
                        }
                    }
                }
            }
            "vn-time" => {
                if let Some(s) = value.as_str()
                    && Time::parse(s).is_none()
                {
                    problems
                        .error(path, format!("{s} is not a time of day"))
                        .hint("write times as HH:MM on the 24-hour clock, e.g. 14:00");
                }
            }
            "doc-number" => {
                if let Err(message) = DocNumber::from_json(value) {
                    problems.error(path, message).hint("give the registration number alone, e.g. 5 or \"05\"; the symbol (/TTr-…) is added from the agency's abbreviation");
                }
            }
            "coefficient" if Coefficient::parse(value).is_none() => {
                problems
                    .error(path, format!("{} is not a coefficient of the base salary", show(value)))
                    .hint("write it with at most two decimals, from 0 to 100, e.g. \"0,6\" or \"1,5\"");
            }
            "uint32" | "uint" | "uint64"
                if value.as_u64().is_none_or(|n| format == "uint32" && n > u32::MAX as u64) =>
            {
                problems.error(path, format!("{} is not a whole number of 0 or more", show(value)));
            }
            _ => {}
        }
    }
}

/// The English value a clerk meant by a Vietnamese word ("Nữ" → "female"), if it is one of
/// `options`.
fn vietnamese_value(v: &str, options: &[Value]) -> Option<&'static str> {
    crate::vi::format_value(v).filter(|meant| options.iter().any(|o| o == meant))
}

/// A hint for the mistakes clerks make when a value has the wrong type: a number typed with
/// thousands dots or spaces ("1.200.000"), a date that Excel turned into a serial number.
fn clerk_hint(value: &Value, schema: &Value, allowed: &[&str]) -> Option<String> {
    let wants_number = allowed.iter().any(|t| *t == "integer" || *t == "number");
    if let (true, Some(s)) = (wants_number, value.as_str()) {
        let digits: String = s.chars().filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}')).collect();
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && digits != s.trim() {
            return Some(format!("write the number without dots, commas or spaces: {digits}"));
        }
    }
    if schema.get("format").and_then(Value::as_str) == Some("vn-date")
        && let Some(n) = value.as_f64()
    {
        let d = crate::vi::Date::from_excel_serial(n)?.short();
        return Some(format!(
            "this looks like a date Excel turned into a number ({n} is {d}); write it as text: \"{d}\""
        ));
    }
    None
}
