//! The command line: exit codes 0 / 1 / 2, and what each subcommand prints.

use std::process::{Command, Output};

use crate::common::{bin, golden, root, sample_path};

fn hoso(args: &[&str]) -> Output {
    Command::new(bin()).args(args).current_dir(root()).output().unwrap()
}

#[test]
fn check_accepts_the_sample() {
    let o = hoso(&["check", sample_path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ok (7 nominees, 1 evidence files)"));
}

#[test]
fn check_lists_problems_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"format": "hoso/1", "agency": {"name": 1}}"#).unwrap();
    let o = hoso(&["check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr).replace(bad.to_str().unwrap(), "bad.json");
    golden("check-bad.txt", &err);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(hoso(&["check", "no/such/file.json"]).status.code(), Some(2));
    assert_eq!(hoso(&["render"]).status.code(), Some(2));
    assert_eq!(hoso(&["frobnicate"]).status.code(), Some(2));
    let out = tempfile::tempdir().unwrap();
    let o = hoso(&[
        "render",
        sample_path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--only",
        "no-such-form",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no form named \"no-such-form\""));
}

#[test]
fn forms_lists_id_title_basis_validity() {
    let o = hoso(&["forms"]);
    assert_eq!(o.status.code(), Some(0));
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("to-trinh\tTờ trình đề nghị khen thưởng (kèm theo danh sách)"), "{s}");
    assert!(s.contains("legal basis: Nghị định 30/2020/NĐ-CP"));
    assert!(s.contains("valid: 05/03/2020 – —"));
}

#[test]
fn schema_is_json_schema_that_documents_every_field() {
    let o = hoso(&["schema"]);
    assert_eq!(o.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(
        schema["required"],
        serde_json::json!(["format", "agency", "movement", "award", "proposal", "nominees"])
    );
    fn walk(v: &serde_json::Value, path: &str) {
        if let Some(props) = v.get("properties").and_then(|p| p.as_object()) {
            for (k, p) in props {
                let described = p.get("description").is_some() || p.get("$ref").is_some() || p.get("anyOf").is_some();
                assert!(described, "{path}.{k} has no description");
            }
        }
        if let Some(defs) = v.get("$defs").and_then(|d| d.as_object()) {
            for (k, d) in defs {
                walk(d, k);
            }
        }
    }
    walk(&schema, "");
}

#[test]
fn published_schema_file_is_current() {
    let o = hoso(&["schema"]);
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("docs/dossier-v1.schema.json")).unwrap()).unwrap();
    assert!(
        printed == file,
        "docs/dossier-v1.schema.json is stale: run `cargo run -- schema > docs/dossier-v1.schema.json`"
    );
}
