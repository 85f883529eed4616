//! `hoso schema`: print the JSON Schema of dossier format v1.

use std::process::ExitCode;

/// Run `hoso schema`.
pub fn run() -> Result<ExitCode, ExitCode> {
    println!("{}", serde_json::to_string_pretty(hoso::dossier::schema::schema()).expect("schema serialises"));
    Ok(ExitCode::SUCCESS)
}
