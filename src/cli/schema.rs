//! `hoso schema`: print the JSON Schema of dossier format v1.

use super::Outcome;

/// Run `hoso schema`: the schema with its descriptions in `lang`.
pub fn run(lang: hoso::messages::Lang) -> Outcome {
    super::say!("{}", serde_json::to_string_pretty(hoso::dossier::schema_in(lang)).expect("schema serialises"));
    Ok(())
}
