//! Format v1 (`"format": "hoso/1"`): one award, one grantor, one letter. A v1 file is checked
//! against the v1 schema (frozen, as published), then rewritten as v2 — one authority (the
//! grantor), one award, one letter, one round of votes — and checked as v2, with every problem's
//! path mapped back to where the v1 file has it. `hoso upgrade` writes that v2 file.

use std::sync::LazyLock;

use serde_json::{Map, Value, json};

/// The format marker of v1 files.
pub(crate) const V1: &str = "hoso/1";

static V1_SCHEMA: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(include_str!("v1.schema.json")).expect("the v1 schema is JSON"));

/// The JSON Schema of format v1, as it was published.
pub(crate) fn v1_schema() -> &'static Value {
    &V1_SCHEMA
}

/// Whether `value` is a v1 dossier.
pub(crate) fn is_v1(value: &Value) -> bool {
    value.get("format").and_then(Value::as_str) == Some(V1)
}

/// The wording keys of the v1 forms, and the form each belongs to in v2 (v1 applied a key to
/// every form that had it, so "file_name" renamed every document; v2 scopes it to one).
const V1_WORDING: &[(&str, &[&str])] = &[
    ("summary", &["to-trinh"]),
    ("request", &["to-trinh"]),
    ("closing", &["to-trinh"]),
    ("minutes_basis", &["to-trinh"]),
    ("file_name", &["to-trinh"]),
    ("proceedings", &["bien-ban"]),
    ("conclusion", &["bien-ban"]),
    ("award_line", &["bao-cao-thanh-tich-nd91", "bao-cao-thanh-tich-nd98", "bao-cao-thanh-tich-nd152"]),
    ("movement_line", &["bao-cao-thanh-tich-nd91", "bao-cao-thanh-tich-nd98", "bao-cao-thanh-tich-nd152"]),
];

/// A v1 file rewritten as v2, and where each v2 path came from.
pub(crate) struct Upgraded {
    /// The v2 dossier.
    pub value: Value,
    /// Where each v2 path came from.
    pub paths: PathMap,
}

/// (v2 path prefix, v1 path prefix), longest first: where a v1 file has what its v2 rewrite
/// holds, so problems point at the file the clerk edits.
#[derive(Debug, Clone)]
pub(crate) struct PathMap(Vec<(String, String)>);

impl PathMap {
    /// Where the v1 file has what v2 holds at `path`.
    pub(crate) fn v1_path(&self, path: &str) -> String {
        for (v2, v1) in &self.0 {
            if let Some(rest) = path.strip_prefix(v2.as_str())
                && (rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
            {
                return format!("{v1}{rest}");
            }
        }
        path.to_string()
    }
}

/// A v1 signer as v2 writes it: "authority" (TM., KT., …) becomes "prefix".
fn signer(v: &Value) -> Value {
    let mut s = v.clone();
    if let Some(map) = s.as_object_mut()
        && let Some(prefix) = map.remove("authority")
    {
        let mut out = Map::new();
        out.insert("prefix".into(), prefix);
        out.extend(map.clone());
        return Value::Object(out);
    }
    s
}

/// "Danh hiệu Chiến sĩ thi đua cơ sở" is a title; anything else an award.
fn award_of(award: &Value) -> (&'static str, String) {
    let name = award["name"].as_str().unwrap_or_default().trim();
    let stripped = name.strip_prefix("Danh hiệu ").or_else(|| name.strip_prefix("danh hiệu "));
    match stripped {
        Some(title) => ("title", title.trim_matches(|c| matches!(c, '“' | '”' | '"')).to_string()),
        None => ("award", name.to_string()),
    }
}

/// The authorities and awards of a v1 file, built as its awards are met.
struct Awards {
    authorities: Vec<Value>,
    awards: Vec<Value>,
    threshold: Value,
    paths: Vec<(String, String)>,
}

impl Awards {
    /// The v2 id of the v1 `award` (name and grantor) found at `at`, added if new.
    fn id(&mut self, award: &Value, at: &str) -> String {
        let grantor = award["grantor"].as_str().unwrap_or_default().to_string();
        let authority = match self.authorities.iter().position(|a| a["title"] == grantor.as_str()) {
            Some(k) => self.authorities[k]["id"].as_str().unwrap_or_default().to_string(),
            None => {
                let k = self.authorities.len();
                let id = if k == 0 { "cap-tren".to_string() } else { format!("cap-tren-{}", k + 1) };
                self.authorities.push(json!({"id": id, "title": grantor}));
                self.paths.push((format!("authorities[{k}].title"), format!("{at}.grantor")));
                self.paths.push((format!("authorities[{k}]"), at.to_string()));
                id
            }
        };
        let (kind, name) = award_of(award);
        if let Some(a) = self.awards.iter().find(|a| a["name"] == name.as_str() && a["authority"] == authority.as_str())
        {
            return a["id"].as_str().unwrap_or_default().to_string();
        }
        let k = self.awards.len();
        let id = if k == 0 { "khen-thuong".to_string() } else { format!("khen-thuong-{}", k + 1) };
        let mut a = json!({"id": id, "kind": kind, "name": name, "authority": authority, "commendation": "chuyen_de", "report": true});
        if !self.threshold.is_null() {
            a["vote"] = json!({"threshold_percent": self.threshold});
        }
        self.paths.push((format!("awards[{k}].name"), format!("{at}.name")));
        self.paths.push((format!("awards[{k}].vote"), "minutes.threshold_percent".into()));
        self.paths.push((format!("awards[{k}]"), at.to_string()));
        self.awards.push(a);
        id
    }
}

/// Rewrite a v1 dossier (already checked against the v1 schema) as v2.
pub(crate) fn upgrade(v1: &Value) -> Upgraded {
    let mut b = Awards {
        authorities: Vec::new(),
        awards: Vec::new(),
        threshold: v1["minutes"]["threshold_percent"].clone(),
        paths: Vec::new(),
    };
    let main = b.id(&v1["award"], "award");
    // Nominees: "award" (their own, if any) becomes "awards": [id]; signers' "authority" becomes
    // "prefix".
    let mut nominees = Vec::new();
    let mut nominee_award = Vec::new();
    for (i, n) in v1["nominees"].as_array().into_iter().flatten().enumerate() {
        let id = match n.get("award") {
            Some(own) => b.id(own, &format!("nominees[{i}].award")),
            None => main.clone(),
        };
        b.paths.push((format!("nominees[{i}].awards"), format!("nominees[{i}].award")));
        let mut out = Map::new();
        for (k, v) in n.as_object().into_iter().flatten() {
            match k.as_str() {
                "award" => continue,
                "report" => {
                    let mut report = v.clone();
                    for key in ["certifier", "head"] {
                        if let Some(s) = report.get(key).map(signer) {
                            report[key] = s;
                            b.paths.push((
                                format!("nominees[{i}].report.{key}.prefix"),
                                format!("nominees[{i}].report.{key}.authority"),
                            ));
                        }
                    }
                    out.insert("awards".into(), json!([id.clone()]));
                    out.insert(k.clone(), report);
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        if !out.contains_key("awards") {
            out.insert("awards".into(), json!([id.clone()]));
        }
        nominee_award.push(id);
        nominees.push(Value::Object(out));
    }
    let Awards { authorities, awards, mut paths, .. } = b;
    // One letter per authority: the v1 letter for the first, unregistered copies for others.
    let mut proposals = Vec::new();
    for (k, a) in authorities.iter().enumerate() {
        let mut p = Map::new();
        p.insert("authority".into(), a["id"].clone());
        for (key, v) in v1["proposal"].as_object().into_iter().flatten() {
            if k > 0 && key == "number" {
                continue;
            }
            p.insert(key.clone(), if key == "signer" { signer(v) } else { v.clone() });
        }
        proposals.push(Value::Object(p));
    }
    paths.push(("proposals[0].signer.prefix".into(), "proposal.signer.authority".into()));
    paths.push(("proposals[0]".into(), "proposal".into()));
    paths.push(("proposals".into(), "proposal".into()));
    // The minutes: one round per award, each with the votes of its nominees.
    let mut minutes = Value::Null;
    if let Some(m) = v1["minutes"].as_object() {
        let mut out = Map::new();
        for (key, v) in m {
            if !matches!(key.as_str(), "voting" | "threshold_percent" | "votes") {
                out.insert(key.clone(), v.clone());
            }
        }
        let ids: Vec<&str> = v1["nominees"].as_array().into_iter().flatten().filter_map(|n| n["id"].as_str()).collect();
        let voting = m.get("voting").cloned().unwrap_or(Value::Null);
        let mut rounds: Vec<Value> =
            awards.iter().map(|a| json!({"award": a["id"], "voting": voting, "votes": []})).collect();
        for (j, v) in m.get("votes").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let award = v["nominee"]
                .as_str()
                .and_then(|id| ids.iter().position(|x| *x == id))
                .map_or(main.as_str(), |i| nominee_award[i].as_str());
            let r = awards.iter().position(|a| a["id"] == award).unwrap_or(0);
            let votes = rounds[r]["votes"].as_array_mut().expect("a list");
            paths.push((format!("minutes.rounds[{r}].votes[{}]", votes.len()), format!("minutes.votes[{j}]")));
            votes.push(v.clone());
        }
        for r in 0..rounds.len() {
            paths.push((format!("minutes.rounds[{r}].voting"), "minutes.voting".into()));
            paths.push((format!("minutes.rounds[{r}].votes"), "minutes.votes".into()));
            paths.push((format!("minutes.rounds[{r}]"), "minutes.votes".into()));
        }
        paths.push(("minutes.rounds".into(), "minutes.votes".into()));
        out.insert("rounds".into(), Value::Array(rounds));
        minutes = Value::Object(out);
    }
    // Wording: each v1 key to the form it belongs to.
    let mut wording = Map::new();
    for (key, template) in v1["wording"].as_object().into_iter().flatten() {
        let forms = V1_WORDING.iter().find(|(k, _)| k == key).map_or(&["to-trinh"][..], |(_, f)| *f);
        for form in forms {
            let entry = wording.entry(form.to_string()).or_insert_with(|| json!({}));
            entry[key] = template.clone();
        }
        paths.push((format!("wording.{}.{key}", forms[0]), format!("wording.{key}")));
    }
    let mut v2 = Map::new();
    if let Some(s) = v1.get("$schema").and_then(Value::as_str) {
        v2.insert("$schema".into(), json!(s.replace("dossier-v1.schema.json", "dossier-v2.schema.json")));
    }
    v2.insert("format".into(), json!("hoso/2"));
    v2.insert("agency".into(), v1["agency"].clone());
    v2.insert("movement".into(), v1["movement"].clone());
    v2.insert("authorities".into(), Value::Array(authorities));
    v2.insert("awards".into(), Value::Array(awards));
    v2.insert("proposals".into(), Value::Array(proposals));
    v2.insert("nominees".into(), Value::Array(nominees));
    if !minutes.is_null() {
        v2.insert("minutes".into(), minutes);
    }
    if !wording.is_empty() {
        v2.insert("wording".into(), Value::Object(wording));
    }
    if let Some(forms) = v1.get("forms") {
        v2.insert("forms".into(), forms.clone());
    }
    paths.push(("authorities".into(), "award".into()));
    paths.push(("awards".into(), "award".into()));
    paths.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
    Upgraded { value: Value::Object(v2), paths: PathMap(paths) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_titled_award_becomes_a_title() {
        assert_eq!(
            award_of(&json!({"name": "Danh hiệu “Chiến sĩ thi đua cơ sở”"})),
            ("title", "Chiến sĩ thi đua cơ sở".into())
        );
        assert_eq!(award_of(&json!({"name": "Giấy khen"})), ("award", "Giấy khen".into()));
    }

    #[test]
    fn paths_map_back_to_the_v1_file() {
        let v1 = json!({
            "format": "hoso/1",
            "award": {"name": "Giấy khen", "grantor": "Giám đốc Sở"},
            "proposal": {"number": 5, "signer": {"authority": "KT.", "on_behalf_of": "Hiệu trưởng", "position": "Phó Hiệu trưởng", "name": "A"}},
            "nominees": [{"id": "a", "kind": "individual"}, {"id": "b", "kind": "individual"}],
            "minutes": {"voting": "show_of_hands", "threshold_percent": 50, "votes": [{"nominee": "b", "in_favour": 3}, {"nominee": "a", "in_favour": 4}]},
            "wording": {"file_name": "x"},
        });
        let up = upgrade(&v1);
        assert_eq!(up.value["proposals"][0]["signer"]["prefix"], "KT.");
        assert_eq!(up.value["minutes"]["rounds"][0]["votes"][1]["nominee"], "a");
        assert_eq!(up.value["wording"]["to-trinh"]["file_name"], "x");
        assert!(up.value["wording"].get("bien-ban").is_none(), "file_name renames the letter only");
        assert_eq!(up.paths.v1_path("minutes.rounds[0].votes[1].in_favour"), "minutes.votes[1].in_favour");
        assert_eq!(up.paths.v1_path("proposals[0].date"), "proposal.date");
        assert_eq!(up.paths.v1_path("proposals[0].signer.prefix"), "proposal.signer.authority");
        assert_eq!(up.paths.v1_path("awards[0].vote"), "minutes.threshold_percent");
        assert_eq!(up.paths.v1_path("nominees[1].awards"), "nominees[1].award");
        assert_eq!(up.paths.v1_path("wording.to-trinh.file_name"), "wording.file_name");
        assert_eq!(up.paths.v1_path("agency.name"), "agency.name");
    }
}
