//! Structural validation: walks a JSON value against the dossier schema and records every
//! mismatch with its JSON path, instead of stopping at the first as serde would.
//!
//! It understands the subset of JSON Schema that `schemars` emits for [`super::model`]
//! (`type`, `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`, `$ref`,
//! `anyOf`/`oneOf`, `minItems`, `maxItems`, `minLength`, `minimum`, `maximum`) and hoso's own formats
//! (`vn-date`, `vn-time`, `doc-number`).

use serde_json::Value;

use super::model::{Coefficient, DocNumber, Time};
use crate::messages::{Arg, Text};
use crate::problem::{self, Problems};
use crate::t;
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

/// For a draft only: each required field `value` lacks, added blank as its schema types it (an
/// empty text or list, an empty object filled the same way, 0, false, a choice's first value), so
/// a dossier still being written can be typed and laid out. Its problems are said by [`check`].
pub(crate) fn fill_missing(value: &mut Value, schema: &Value) {
    let w = Walker { root: schema };
    w.fill(value, schema, 0);
}

impl Walker<'_> {
    fn blank(&self, schema: &Value, depth: usize) -> Option<Value> {
        let s = self.resolve(schema);
        if let Some(first) = s.get("enum").and_then(Value::as_array).and_then(|e| e.first()) {
            return Some(first.clone());
        }
        if let Some(c) = s.get("const") {
            return Some(c.clone());
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(branches) = s.get(key).and_then(Value::as_array) {
                let real =
                    branches.iter().find(|b| self.resolve(b).get("type").and_then(Value::as_str) != Some("null"));
                return real.and_then(|b| self.blank(b, depth));
            }
        }
        let t = match s.get("type") {
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
            Some(Value::String(t)) => Some(t.as_str()),
            _ => None,
        };
        Some(match t? {
            "string" => Value::String(String::new()),
            "array" => Value::Array(Vec::new()),
            "integer" | "number" => Value::from(0),
            "boolean" => Value::Bool(false),
            "object" => {
                let mut v = Value::Object(serde_json::Map::new());
                self.fill(&mut v, s, depth + 1);
                v
            }
            _ => return None,
        })
    }

    fn fill(&self, value: &mut Value, schema: &Value, depth: usize) {
        if depth > 32 {
            return;
        }
        let s = self.resolve(schema);
        match value {
            Value::Object(map) => {
                let empty = serde_json::Map::new();
                let props = s.get("properties").and_then(Value::as_object).unwrap_or(&empty);
                for key in s.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                    if !map.contains_key(key)
                        && let Some(b) = props.get(key).and_then(|p| self.blank(p, depth))
                    {
                        map.insert(key.to_string(), b);
                    }
                }
                for (k, v) in map.iter_mut() {
                    if let Some(p) = props.get(k) {
                        self.fill(v, p, depth + 1);
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item) = s.get("items") {
                    items.iter_mut().for_each(|v| self.fill(v, item, depth + 1));
                }
            }
            _ => {}
        }
        // An object behind a nullable reference.
        if value.is_object()
            && s.get("properties").is_none()
            && let Some(b) = ["anyOf", "oneOf"].iter().find_map(|k| {
                s.get(*k)
                    .and_then(Value::as_array)
                    .and_then(|bs| bs.iter().find(|b| self.resolve(b).get("properties").is_some()))
            })
        {
            self.fill(value, b, depth + 1);
        }
    }
}

/// Describe a JSON value in a message: strings quoted, long ones shortened, a list or an
/// object named in the message's language.
pub(crate) fn show(v: &Value) -> Arg {
    let s = match v {
        Value::String(s) => format!("\"{s}\""),
        Value::Array(_) => return t!("value.list").into(),
        Value::Object(_) => return t!("value.object").into(),
        other => other.to_string(),
    };
    Arg::Plain(if s.chars().count() > 60 { format!("{}…\"", s.chars().take(57).collect::<String>()) } else { s })
}

/// [`show`] as text in Vietnamese, for joining several values.
fn shown(v: &Value) -> String {
    match show(v) {
        Arg::Plain(s) => s,
        Arg::Text(t) => t.to_string(),
        Arg::AnyOf(_) => String::new(),
    }
}

fn type_name(t: &str) -> Text {
    match t {
        "string" => t!("value.text"),
        "integer" => t!("value.whole-number"),
        "number" => t!("value.number"),
        "boolean" => t!("value.boolean"),
        "array" => t!("value.list"),
        "object" => t!("value.object"),
        "null" => t!("value.null"),
        _ => t!("value.any"),
    }
}

fn kind_of(v: &Value) -> Text {
    match v {
        Value::Null => t!("value.null"),
        Value::Bool(_) => t!("value.boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => t!("value.whole-number"),
        Value::Number(_) => t!("value.number"),
        Value::String(_) => t!("value.text"),
        Value::Array(_) => t!("value.list"),
        Value::Object(_) => t!("value.object"),
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

/// A field's documentation on one line, in both languages (the walked schema carries the
/// Vietnamese beside the English, see [`super::schema`]), used as the hint for problems with
/// that field.
fn description(schema: &Value) -> Option<Text> {
    let one_line = |d: &str| d.split_whitespace().collect::<Vec<_>>().join(" ");
    let en = schema.get("description").and_then(Value::as_str)?;
    let vi = schema.get(super::schema::VI_DESCRIPTION).and_then(Value::as_str).unwrap_or(en);
    Some(t!("schema.description", vi = one_line(vi), en = one_line(en)))
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
                let expected: Vec<Text> = allowed.iter().filter(|t| **t != "null").map(|t| type_name(t)).collect();
                let p = problems.error(
                    path,
                    t!(
                        "shape.wrong-type",
                        expected = Arg::AnyOf(expected),
                        found = kind_of(value),
                        value = show(value)
                    ),
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
                let names: Vec<String> = options.iter().map(shown).collect();
                let p = problems.error(path, t!("shape.not-one-of", value = show(value), options = names.join(", ")));
                if let Some(c) = value.as_str().and_then(|v| vietnamese_value(v, options)) {
                    p.hint(t!("hint.english-value", meant = c, given = value.as_str().unwrap_or_default()));
                } else if let Some(c) =
                    value.as_str().and_then(|v| closest(v, options.iter().filter_map(Value::as_str)))
                {
                    p.hint(t!("hint.did-you-mean", value = format!("\"{c}\"")));
                }
            }
            return;
        }
        if let Some(c) = schema.get("const") {
            if c != value {
                problems.error(path, t!("shape.should-be", value = show(value), expected = show(c)));
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
                        if items.is_empty() { t!("shape.empty-list") } else { t!("shape.too-few", min = min) },
                    );
                    if let Some(d) = description(schema) {
                        p.hint(d);
                    }
                }
                if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
                    && (items.len() as u64) > max
                {
                    let p = problems.error(path, t!("shape.too-many", count = items.len(), max = max));
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
                    let p = problems.error(path, t!("shape.empty"));
                    if let Some(d) = description(schema) {
                        p.hint(d);
                    }
                }
            }
            Value::Number(n) => {
                if let (Some(min), Some(x)) = (schema.get("minimum").and_then(Value::as_f64), n.as_f64())
                    && x < min
                {
                    problems.error(path, t!("shape.below-minimum", value = n.to_string(), min = min));
                }
                if let (Some(max), Some(x)) = (schema.get("maximum").and_then(Value::as_f64), n.as_f64())
                    && x > max
                {
                    let p = problems.error(path, t!("shape.above-maximum", value = n.to_string(), max = max));
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
                    let p = problems.error(problem::join(path, key), t!("shape.missing"));
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
                let p = problems.error(child, t!("shape.unknown-field"));
                match closest(key, props.keys().map(String::as_str)) {
                    Some(c) => p.hint(t!("hint.did-you-mean", value = format!("`{c}`"))),
                    None => p.hint(t!(
                        "hint.known-fields",
                        fields = props.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
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
                            problems.error(path, t!("date.not-a-date", value = s)).hint(t!("hint.no-such-day"));
                        }
                        Err(DateError::Shape) => {
                            problems.error(path, t!("date.not-a-date", value = s)).hint(t!("hint.date-shape"));
                        }
                    }
                }
            }
            "vn-time" => {
                if let Some(s) = value.as_str()
                    && Time::parse(s).is_none()
                {
                    problems.error(path, t!("time.not-a-time", value = s)).hint(t!("hint.time-shape"));
                }
            }
            "doc-number" => {
                if let Err(message) = DocNumber::from_json(value) {
                    problems.error(path, message).hint(t!("hint.document-number"));
                }
            }
            "coefficient" if Coefficient::parse(value).is_none() => {
                problems.error(path, t!("number.not-coefficient", value = show(value))).hint(t!("hint.coefficient"));
            }
            "uint32" | "uint" | "uint64"
                if value.as_u64().is_none_or(|n| format == "uint32" && n > u32::MAX as u64) =>
            {
                problems.error(path, t!("number.not-whole", value = show(value)));
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
fn clerk_hint(value: &Value, schema: &Value, allowed: &[&str]) -> Option<Text> {
    let wants_number = allowed.iter().any(|t| *t == "integer" || *t == "number");
    if let (true, Some(s)) = (wants_number, value.as_str()) {
        let digits: String = s.chars().filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}')).collect();
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && digits != s.trim() {
            return Some(t!("hint.number-without-dots", digits = digits));
        }
    }
    if schema.get("format").and_then(Value::as_str) == Some("vn-date")
        && let Some(n) = value.as_f64()
    {
        let d = crate::vi::Date::from_excel_serial(n)?.short();
        return Some(t!("hint.excel-date", number = n, date = d));
    }
    None
}
