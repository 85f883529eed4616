//! Pipeline step 1: dossier text → JSON value with every string NFC-normalised and trimmed.
//!
//! Syntax errors come back with line and column; text typed in legacy encodings and characters
//! the font cannot print come back with the JSON path of the string that holds them.

use serde_json::Value;

use crate::problem::{self, Problems};
use crate::text::{self, legacy_encoding};

/// Which characters the document font can print.
pub(crate) trait Glyphs {
    /// Whether `c` can be printed without a fallback font.
    fn covers(&self, c: char) -> bool;
}

/// Parse dossier text into a normalised JSON value, or say everything wrong with it.
///
/// A syntax error stops here (nothing after it can be trusted); string problems are collected
/// over the whole file and returned beside the value.
pub(crate) fn load(text: &str, glyphs: &dyn Glyphs) -> Result<(Value, Problems), Problems> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut value: Value = serde_json::from_str(text).map_err(|e| {
        let mut problems = Problems::new();
        let what = e.to_string();
        let what = what.split(" at line ").next().unwrap_or(&what).to_string();
        problems
            .error("", crate::t!("json.invalid", line = e.line(), column = e.column(), what = what))
            .hint(crate::t!("hint.json"));
        problems
    })?;
    let mut problems = Problems::new();
    for (path, line, column) in crate::json_text::duplicate_keys(text) {
        let key = path.rsplit('.').next().unwrap_or(&path).to_string();
        let p = problems.error(path.as_str(), crate::t!("json.duplicate-key", key = key));
        (p.line, p.column) = (Some(line), Some(column));
        p.hint(crate::t!("hint.duplicate-key"));
    }
    normalize(&mut value, "", glyphs, &mut problems);
    Ok((value, problems))
}

/// The most characters the string at `path` may hold ([`crate::limits`]): a paragraph's
/// field takes pages, any other field is printed as a line or in a table cell.
fn longest(path: &str) -> usize {
    use crate::limits::{MAX_LINE_CHARS, MAX_PARAGRAPH_CHARS, MAX_TEXT_CHARS};
    let key = path.rsplit('.').next().unwrap_or(path);
    let key = key.split('[').next().unwrap_or(key);
    let top = path.split(['.', '[']).next().unwrap_or(path);
    match key {
        _ if top == "wording" || top == "labels" => MAX_TEXT_CHARS,
        "summary" | "paragraphs" | "body" | "proceedings" | "structure" | "staff" | "functions" | "description"
        | "written_opinion" | "duties" | "features" | "history" => MAX_PARAGRAPH_CHARS,
        _ => MAX_LINE_CHARS,
    }
}

fn normalize(value: &mut Value, path: &str, glyphs: &dyn Glyphs, problems: &mut Problems) {
    match value {
        Value::String(s) => {
            let max = longest(path);
            // Counted before the work of normalising: a 50 MB field is refused, not processed.
            let chars = s.chars().count();
            if chars > max {
                problems
                    .error(path, crate::t!("text.too-long", chars = chars, max = max))
                    .hint(crate::t!("hint.too-long"));
                *s = s.chars().take(max).collect();
                return;
            }
            *s = text::normalize(s);
            if let Some(enc) = legacy_encoding(s) {
                problems
                    .error(path, crate::t!("text.legacy-encoding", value = &*s, encoding = enc.name()))
                    .hint(crate::t!("hint.legacy-encoding"));
                return;
            }
            let missing: Vec<String> = s
                .chars()
                .filter(|c| !c.is_whitespace() && !glyphs.covers(*c))
                .map(|c| format!("'{c}' (U+{:04X})", c as u32))
                .collect();
            if !missing.is_empty() {
                problems
                    .error(path, crate::t!("text.no-glyph", chars = missing.join(", ")))
                    .hint(crate::t!("hint.no-glyph"));
            }
        }
        Value::Array(items) => {
            if items.len() > crate::limits::MAX_LIST_ITEMS {
                problems
                    .error(path, crate::t!("list.too-long", items = items.len(), max = crate::limits::MAX_LIST_ITEMS))
                    .hint(crate::t!("hint.list-too-long"));
                items.truncate(crate::limits::MAX_LIST_ITEMS);
            }
            for (i, item) in items.iter_mut().enumerate() {
                normalize(item, &problem::index(path, i), glyphs, problems);
            }
        }
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                normalize(v, &problem::join(path, key), glyphs, problems);
            }
        }
        _ => {}
    }
}
