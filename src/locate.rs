//! Where a problem is, as the clerk finds it: the line and column of its value in the dossier
//! file, and the place in words ("người được đề nghị thứ 4 (Trần Văn Bình), ngày sinh") — the
//! JSON path (`nominees[3].birth_date`) counts from 0 and names fields in English.

use serde_json::Value;

use crate::messages::Lang;
use crate::problem::Problems;

/// Give every problem in `problems` its line, column and place in `text` (the dossier file as
/// read); a path the text does not hold (a value left out) gets its nearest holder's. The text
/// is walked once for all the problems together ([`crate::json_text::positions`]).
pub(crate) fn locate(problems: &mut Problems, text: &str) {
    if problems.is_empty() {
        return;
    }
    let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    // Each problem's path and every holder of it, nearest first.
    let mut wanted: Vec<String> = Vec::new();
    problems.for_each_mut(|p| {
        let mut path = p.path.as_str();
        while !path.is_empty() {
            wanted.push(path.to_string());
            path = holder(path);
        }
    });
    wanted.push(String::new());
    let at = crate::json_text::positions(text, wanted.iter().map(String::as_str));
    problems.for_each_mut(|p| {
        let mut path = p.path.as_str();
        while !p.path.is_empty() && p.line.is_none() {
            if let Some(&(line, column)) = at.get(path) {
                (p.line, p.column) = (Some(line), Some(column));
                break;
            }
            if path.is_empty() {
                break;
            }
            path = holder(path);
        }
        let segments = segments(&p.path);
        if !segments.is_empty() {
            p.set_places(place(&segments, &value, Lang::Vi), place(&segments, &value, Lang::En));
        }
    });
}

/// The path of the value holding the one at `path`: `a.b[2]` → `a.b` → `a` → ``.
fn holder(path: &str) -> &str {
    match path.rfind(['.', '[']) {
        Some(i) => &path[..i],
        None => "",
    }
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// `nominees[3].birth_date` as steps.
fn segments(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Segment::Key(key.to_string()));
        }
        while let Some((i, r)) = rest.split_once(']') {
            if let Ok(i) = i.parse() {
                out.push(Segment::Index(i));
            }
            rest = r.strip_prefix('[').unwrap_or(r);
        }
    }
    out
}

/// The place of `path` in words, as a clerk reads the dossier: "người được đề nghị thứ 4 (Trần
/// Văn Bình), ngày sinh" (in English: "nominee 4 (Trần Văn Bình), birth date").
fn place(path: &[Segment], root: &Value, lang: Lang) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut value = root;
    let mut last_key = "";
    for seg in path {
        match seg {
            Segment::Key(k) => {
                value = &value[k.as_str()];
                last_key = k;
                words.push(match lang {
                    Lang::Vi => field_name(k),
                    Lang::En => k.replace('_', " "),
                });
            }
            Segment::Index(i) => {
                value = &value[*i];
                let name = ["name", "title", "nominee"]
                    .iter()
                    .find_map(|k| value[*k].as_str())
                    .filter(|n| !n.trim().is_empty());
                let what = if lang == Lang::En {
                    match last_key {
                        "nominees" => "nominee",
                        "proposals" => "letter",
                        "decisions" => "decision",
                        "rounds" => "round of votes",
                        "votes" => "vote row",
                        "members" => "member",
                        "awards" => "award",
                        "authorities" => "authority",
                        "achievements" => "achievement",
                        "evidence" => "evidence",
                        _ => "item",
                    }
                } else {
                    match last_key {
                        "nominees" => "người được đề nghị",
                        "proposals" => "tờ trình",
                        "decisions" => "quyết định",
                        "rounds" => "vòng bỏ phiếu",
                        "votes" => "dòng phiếu",
                        "members" => "thành viên",
                        "awards" => "danh hiệu, hình thức",
                        "authorities" => "cấp quyết định",
                        "achievements" => "mục thành tích",
                        "evidence" => "minh chứng",
                        _ => "mục",
                    }
                };
                let nth = match lang {
                    Lang::Vi => format!("{what} thứ {}", i + 1),
                    Lang::En => format!("{what} {}", i + 1),
                };
                words.pop();
                words.push(match name {
                    Some(n) => format!("{nth} ({n})"),
                    None => nth,
                });
            }
        }
    }
    words.join(", ")
}

/// A field's name within a sentence: the catalogue's label (`label:<key>`) with a small first
/// letter, the same words the workbench shows above the field.
fn field_name(key: &str) -> String {
    match crate::dossier::schema::label(key, Lang::Vi) {
        Some(label) => {
            let mut chars = label.chars();
            chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
        }
        None => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_lines_and_places() {
        let text = "{\n  \"nominees\": [\n    {\"name\": \"A\"},\n    {\"name\": \"Trần Văn Bình\", \"birth_date\": \"31/02/1985\"}\n  ]\n}";
        let segs = segments("nominees[1].birth_date");
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(place(&segs, &value, Lang::Vi), "người được đề nghị thứ 2 (Trần Văn Bình), ngày sinh");
        assert_eq!(place(&segs, &value, Lang::En), "nominee 2 (Trần Văn Bình), birth date");
        let mut problems = Problems::new();
        problems.error("nominees[1].birth_date", crate::t!("shape.missing"));
        problems.error("nominees[1].gender", crate::t!("shape.missing"));
        locate(&mut problems, text);
        let p: Vec<_> = problems.iter().collect();
        assert_eq!((p[0].line, p[0].column), (Some(4), Some(45)));
        assert_eq!(p[1].line, Some(4), "a value left out: its holder's line");
    }
}
