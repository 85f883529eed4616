//! The published JSON Schema of dossier format v2, derived from [`super::model`]: its field
//! descriptions in Vietnamese by default (from the catalogue, [`crate::messages`]), in English
//! from the model's documentation.

use std::sync::LazyLock;

use serde_json::Value;

use super::model::Dossier;
use crate::messages::{self, Lang};
use crate::text::one_line;

/// The keyword the walked schema carries a description's Vietnamese under, beside the
/// English `description` (never published).
pub(crate) const VI_DESCRIPTION: &str = "x-description-vi";

static SCHEMA_EN: LazyLock<Value> = LazyLock::new(|| {
    let mut schema = schemars::schema_for!(Dossier).to_value();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("$id".into(), Value::String("urn:hoso:schema:dossier:2".into()));
    }
    schema
});

static SCHEMA_VI: LazyLock<Value> = LazyLock::new(|| {
    let mut schema = SCHEMA_EN.clone();
    each_description(&mut schema, String::new(), &mut |pointer, node| {
        if let Some(vi) = vietnamese(pointer) {
            node.insert("description".into(), Value::String(vi.into()));
        }
    });
    with_titles(&mut schema, Lang::Vi);
    schema
});

static SCHEMA_EN_TITLED: LazyLock<Value> = LazyLock::new(|| {
    let mut schema = SCHEMA_EN.clone();
    with_titles(&mut schema, Lang::En);
    schema
});

/// Give every property of `v` its label and every choice its name, in `lang`, as JSON Schema's
/// `title` (the catalogue's `label:<key>` and `value:<value>`): what the workbench shows, the
/// words the problems name places by.
fn with_titles(v: &mut Value, lang: Lang) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get_mut("properties") {
                for (key, prop) in props.iter_mut() {
                    if let (Some(label), Value::Object(p)) =
                        (messages::lookup(&format!("label:{key}"), lang), &mut *prop)
                    {
                        p.insert("title".into(), Value::String(label.into()));
                    }
                }
            }
            let named =
                map.get("const").and_then(Value::as_str).and_then(|c| messages::lookup(&format!("value:{c}"), lang));
            if let Some(name) = named {
                map.insert("title".into(), Value::String(name.into()));
            }
            map.values_mut().for_each(|child| with_titles(child, lang));
        }
        Value::Array(items) => items.iter_mut().for_each(|x| with_titles(x, lang)),
        _ => {}
    }
}

/// The label of field `key` in `lang` (the catalogue's `label:<key>`), if it has one.
pub(crate) fn label(key: &str, lang: Lang) -> Option<&'static str> {
    messages::lookup(&format!("label:{key}"), lang)
}

static WALKED: LazyLock<Value> = LazyLock::new(|| {
    let mut schema = SCHEMA_EN.clone();
    each_description(&mut schema, String::new(), &mut |pointer, node| {
        if let Some(vi) = vietnamese(pointer) {
            node.insert(VI_DESCRIPTION.into(), Value::String(vi.into()));
        }
    });
    schema
});

static V1_WALKED: LazyLock<Value> = LazyLock::new(|| with_vietnamese(super::upgrade::v1_schema()));

/// The old format's schema as the check walks it: its descriptions with their Vietnamese.
pub(crate) fn v1_walked() -> &'static Value {
    &V1_WALKED
}

/// `schema` (the old format's, hoso/1) with the Vietnamese of each description beside it: the
/// description hoso/2 has in the same English, else the catalogue's `schema-v1:` entry.
pub(crate) fn with_vietnamese(schema: &Value) -> Value {
    let mut english = std::collections::HashMap::new();
    for (pointer, en) in description_pointers() {
        if let Some(vi) = vietnamese(&pointer) {
            english.insert(one_line(&en), vi);
        }
    }
    let mut out = schema.clone();
    each_description(&mut out, String::new(), &mut |pointer, node| {
        let en = one_line(node["description"].as_str().unwrap_or_default());
        let vi = english.get(&en).copied().or_else(|| messages::lookup(&format!("schema-v1:{pointer}"), Lang::Vi));
        if let Some(vi) = vi {
            node.insert(VI_DESCRIPTION.into(), Value::String(vi.into()));
        }
    });
    out
}

/// The catalogue's Vietnamese for the description at `pointer`.
fn vietnamese(pointer: &str) -> Option<&'static str> {
    messages::lookup(&format!("schema:{pointer}"), Lang::Vi)
}

/// Call `f` with the JSON pointer and the object of every `description` in `v`.
fn each_description(v: &mut Value, pointer: String, f: &mut impl FnMut(&str, &mut serde_json::Map<String, Value>)) {
    match v {
        Value::Object(map) => {
            if map.get("description").is_some_and(Value::is_string) {
                f(&pointer, map);
            }
            for (k, child) in map.iter_mut() {
                if k != "description" {
                    let key = k.replace('~', "~0").replace('/', "~1");
                    each_description(child, format!("{pointer}/{key}"), f);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                each_description(child, format!("{pointer}/{i}"), f);
            }
        }
        _ => {}
    }
}

/// The JSON Schema (draft 2020-12) every dossier file must meet, as `hoso schema` prints it:
/// descriptions in Vietnamese.
pub fn schema() -> &'static Value {
    &SCHEMA_VI
}

/// [`schema()`] with its descriptions in `lang` (`hoso schema --lang en`).
pub fn schema_in(lang: Lang) -> &'static Value {
    match lang {
        Lang::Vi => &SCHEMA_VI,
        Lang::En => &SCHEMA_EN_TITLED,
    }
}

/// The schema the check walks: English descriptions with their Vietnamese beside them, so a
/// problem's hint can be said in either language.
pub(crate) fn walked() -> &'static Value {
    &WALKED
}

/// The JSON pointers of every description of the schema, for the test that keeps the
/// catalogue's Vietnamese complete.
pub fn description_pointers() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut schema = SCHEMA_EN.clone();
    each_description(&mut schema, String::new(), &mut |pointer, node| {
        out.push((pointer.to_string(), node["description"].as_str().unwrap_or_default().to_string()));
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every description of the schema has its Vietnamese in the catalogue, and the published
    /// schema carries no English left over.
    #[test]
    fn every_description_is_vietnamese() {
        let missing: Vec<String> =
            description_pointers().into_iter().map(|(p, _)| p).filter(|p| vietnamese(p).is_none()).collect();
        assert!(missing.is_empty(), "no Vietnamese for: {missing:?}");
        assert_eq!(
            schema()["properties"]["nominees"]["description"],
            "Các tập thể và cá nhân được đề nghị, thứ tự tùy ý (danh sách tự sắp xếp)."
        );
        assert!(
            schema_in(Lang::En)["properties"]["nominees"]["description"]
                .as_str()
                .unwrap()
                .starts_with("The collectives")
        );
        assert!(!serde_json::to_string(schema()).unwrap().contains(VI_DESCRIPTION));
    }

    /// The old format's descriptions are Vietnamese too, for the hints of a hoso/1 file.
    #[test]
    fn every_v1_description_is_vietnamese() {
        let mut missing = Vec::new();
        let mut v1 = with_vietnamese(super::super::upgrade::v1_schema());
        each_description(&mut v1, String::new(), &mut |pointer, node| {
            if !node.contains_key(VI_DESCRIPTION) {
                missing.push(pointer.to_string());
            }
        });
        assert!(missing.is_empty(), "no Vietnamese for the v1 schema's {missing:?}");
    }
}
