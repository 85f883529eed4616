//! `hoso schema`: print the JSON Schema of dossier format v1.

use super::Outcome;

/// Run `hoso schema`.
pub fn run() -> Outcome {
    super::say!("{}", serde_json::to_string_pretty(hoso::dossier::schema()).expect("schema serialises"));
    Ok(())
}
