//! The published JSON Schema of dossier format v2, derived from [`super::model`].

use std::sync::LazyLock;

use serde_json::Value;

use super::model::Dossier;

static SCHEMA: LazyLock<Value> = LazyLock::new(|| {
    let mut schema = schemars::schema_for!(Dossier).to_value();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("$id".into(), Value::String("urn:hoso:schema:dossier:2".into()));
    }
    schema
});

/// The JSON Schema (draft 2020-12) every dossier file must meet, as `hoso schema` prints it.
pub fn schema() -> &'static Value {
    &SCHEMA
}
