//! The titles and awards a sheet names: by id, by name (with or without "danh hiệu" and quotes),
//! or by the abbreviations lists use (LĐTT, CSTĐCS, TTLĐTT, GK, …); and those the dossier lacks,
//! added when the clerk says so.

use serde_json::{Value, json};

use super::fields::key;

/// A title or award of the dossier, as a sheet may name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardRef {
    /// Its id in the dossier.
    pub id: String,
    /// Its name ("Lao động tiên tiến", "Giấy khen").
    pub name: String,
    /// Whether only collectives receive it (a row proposing only such is a collective's).
    pub collective: bool,
}

/// Abbreviations of titles and awards as lists write them, folded (no dots, spaces or tone
/// marks, đ as d), with the name they stand for. Input conventions, not the law's words.
const ABBREVIATIONS: [(&str, &str); 10] = [
    ("ldtt", "Lao động tiên tiến"),
    ("cstdcs", "Chiến sĩ thi đua cơ sở"),
    ("cstdcoso", "Chiến sĩ thi đua cơ sở"),
    ("ttldtt", "Tập thể lao động tiên tiến"),
    ("ttldxs", "Tập thể lao động xuất sắc"),
    ("cstdct", "Chiến sĩ thi đua cấp tỉnh"),
    ("cstdcaptinh", "Chiến sĩ thi đua cấp tỉnh"),
    ("gk", "Giấy khen"),
    ("bk", "Bằng khen"),
    ("ctd", "Cờ thi đua"),
];

/// A text folded for abbreviations: letters and digits only, lower case, without marks.
fn folded(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.to_lowercase().replace('đ', "d").nfd().filter(|c| c.is_ascii_alphanumeric()).collect()
}

/// A name as compared: no quotation marks, no leading "danh hiệu".
fn bare(s: &str) -> String {
    let k = key(s).replace(['“', '”', '"', '‘', '’'], "");
    let k = k.trim();
    k.strip_prefix("danh hiệu ").unwrap_or(k).trim().to_string()
}

/// The full name an abbreviation stands for, if it is one.
pub fn expand(text: &str) -> Option<&'static str> {
    let f = folded(text);
    ABBREVIATIONS.iter().find(|(a, _)| *a == f).map(|(_, n)| *n)
}

/// The titles and awards a dossier (as JSON) proposes: what a sheet's award column may name.
pub fn awards_of(dossier: &Value) -> Vec<AwardRef> {
    dossier["awards"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| {
            Some(AwardRef {
                id: a["id"].as_str()?.to_string(),
                name: a["name"].as_str()?.to_string(),
                collective: a["for"] == "collective",
            })
        })
        .collect()
}

/// The award a cell or header names, by id, name or abbreviation.
pub fn find<'a>(awards: &'a [AwardRef], text: &str) -> Option<&'a AwardRef> {
    let want = bare(expand(text).unwrap_or(text));
    awards.iter().find(|a| key(&a.id) == key(text) || bare(&a.name) == want)
}

/// The name to add for a cell that names no award of the dossier: the abbreviation's name, or
/// the cell's text without "danh hiệu" and quotes.
pub fn name_to_add(text: &str) -> String {
    match expand(text) {
        Some(n) => n.to_string(),
        None => {
            let t = text.trim().replace(['“', '”', '"'], "");
            let t = t.trim();
            let lower = t.to_lowercase();
            let t = if lower.starts_with("danh hiệu ") { t["danh hiệu ".len()..].trim() } else { t };
            let mut c = t.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        }
    }
}

/// Whether a name is an award (Giấy khen, Bằng khen, an order or a medal) rather than a title.
fn is_award(name: &str) -> bool {
    let k = key(name);
    ["giấy khen", "bằng khen", "huân chương", "huy chương", "kỷ niệm chương"].iter().any(|w| k.starts_with(w))
}

/// What adding a title or award did: its id and the authority that decides it (taken from the
/// dossier's title or award of the same kind, for the clerk to check).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Added {
    /// The new id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The id of the authority set to decide it.
    pub authority: String,
}

/// Add each of `names` the dossier lacks as a title or award: a title unless the name is an
/// award's ("Giấy khen …"), for collectives when it starts "Tập thể" or "Cờ", decided by the
/// authority of the dossier's title or award most like it, with a round of votes in the minutes
/// if the minutes have rounds. A name the dossier has, or a dossier with no authority, adds
/// nothing.
pub fn add(dossier: &mut Value, names: &[String]) -> Vec<Added> {
    let mut added = Vec::new();
    for name in names {
        if find(&awards_of(dossier), name).is_some() {
            continue;
        }
        let kind = if is_award(name) { "award" } else { "title" };
        let collective = ["tập thể", "cờ"].iter().any(|w| key(name).starts_with(w));
        let recipients = match (kind, collective) {
            ("award", _) => "both",
            (_, true) => "collective",
            _ => "individual",
        };
        let list: Vec<Value> = dossier["awards"].as_array().cloned().unwrap_or_default();
        let like = list
            .iter()
            .find(|a| a["kind"] == kind && a["for"] == recipients)
            .or_else(|| list.iter().find(|a| a["kind"] == kind))
            .or(list.first());
        let authority = like
            .and_then(|a| a["authority"].as_str())
            .or_else(|| dossier["authorities"][0]["id"].as_str())
            .map(str::to_string);
        let Some(authority) = authority else { continue };
        let stem = crate::vi::slug(name);
        let mut id = stem.clone();
        for k in 2.. {
            if !list.iter().any(|a| a["id"] == id.as_str()) {
                break;
            }
            id = format!("{stem}-{k}");
        }
        let mut award = json!({"id": id, "kind": kind, "name": name, "for": recipients, "authority": authority});
        if kind == "title" && !collective && like.is_some_and(|a| a["kind"] == "title" && a["report"] == false) {
            award["report"] = json!(false);
        }
        if !dossier["awards"].is_array() {
            dossier["awards"] = json!([]);
        }
        dossier["awards"].as_array_mut().expect("made an array").push(award);
        if let Some(rounds) = dossier["minutes"]["rounds"].as_array_mut()
            && let Some(voting) = rounds.first().map(|r| r["voting"].clone())
        {
            rounds.push(json!({"award": id, "voting": voting, "votes": []}));
        }
        added.push(Added { id, name: name.clone(), authority });
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_and_names() {
        let awards = vec![
            AwardRef { id: "lao-dong-tien-tien".into(), name: "Lao động tiên tiến".into(), collective: false },
            AwardRef { id: "gk".into(), name: "Giấy khen".into(), collective: false },
        ];
        for t in
            ["LĐTT", "L.Đ.T.T", "ldtt", "Danh hiệu “Lao động tiên tiến”", "lao động tiên tiến", "lao-dong-tien-tien"]
        {
            assert_eq!(find(&awards, t).map(|a| a.id.as_str()), Some("lao-dong-tien-tien"), "{t}");
        }
        assert_eq!(find(&awards, "GK").map(|a| a.id.as_str()), Some("gk"));
        assert_eq!(find(&awards, "TTLĐTT"), None);
        assert_eq!(name_to_add("TTLĐTT"), "Tập thể lao động tiên tiến");
        assert_eq!(name_to_add("danh hiệu “tập thể lao động xuất sắc”"), "Tập thể lao động xuất sắc");
    }
}
