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
    normalize(&mut value, "", glyphs, &mut problems);
    Ok((value, problems))
}

fn normalize(value: &mut Value, path: &str, glyphs: &dyn Glyphs, problems: &mut Problems) {
    match value {
        Value::String(s) => {
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
