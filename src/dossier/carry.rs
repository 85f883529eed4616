//! Next year's dossier from last year's (`hoso carry-over`): what stays from one year end to the
//! next — the agency, the movement, the authorities and their titles and awards, the council and
//! its members, the signers, the legal bases, the addressees and recipients, the nominees and
//! their profiles, the wording — is kept; what belongs to last year — dates, registration
//! numbers, votes, the reports' dates and achievements, evidence, golden-book numbers, pinned
//! form versions (the versions in force at the new date apply) — is cleared, so that `hoso check`
//! asks for exactly that.

use serde_json::{Value, json};

/// `last` (format hoso/2 JSON) carried over to next year, as described above.
pub fn carry_over(last: &Value) -> Value {
    let mut next = last.clone();
    let Some(d) = next.as_object_mut() else { return next };
    d.remove("forms");
    for p in d.get_mut("proposals").and_then(Value::as_array_mut).into_iter().flatten() {
        p["date"] = json!("");
        p["number"] = Value::Null;
        if let Some(p) = p.as_object_mut() {
            p.remove("deadline");
        }
    }
    if let Some(m) = d.get_mut("minutes").filter(|m| m.is_object()) {
        m["date"] = json!("");
        m["number"] = Value::Null;
        for r in m.get_mut("rounds").and_then(Value::as_array_mut).into_iter().flatten() {
            r["votes"] = json!([]);
        }
    }
    for dec in d.get_mut("decisions").and_then(Value::as_array_mut).into_iter().flatten() {
        dec["date"] = json!("");
        dec["number"] = Value::Null;
        if let Some(c) = dec.get_mut("certificates").and_then(Value::as_object_mut) {
            c.remove("golden_book_start");
        }
    }
    for n in d.get_mut("nominees").and_then(Value::as_array_mut).into_iter().flatten() {
        if let Some(n) = n.as_object_mut() {
            n.remove("evidence");
            if let Some(r) = n.get_mut("report").and_then(Value::as_object_mut) {
                r.insert("date".into(), json!(""));
                r.insert("achievements".into(), json!([]));
                r.remove("contributions");
            }
        }
    }
    next
}
