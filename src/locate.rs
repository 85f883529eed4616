//! Where a problem is, as the clerk finds it: the line and column of its value in the dossier
//! file, and the place in words ("người được đề nghị thứ 4 (Trần Văn Bình), ngày sinh") — the
//! JSON path (`nominees[3].birth_date`) counts from 0 and names fields in English.

use serde_json::Value;

use crate::messages::Lang;
use crate::problem::Problems;

/// Give every problem in `problems` its line, column and place in `text` (the dossier file as
/// read); a path the text does not hold (a value left out) gets its nearest holder's.
pub(crate) fn locate(problems: &mut Problems, text: &str) {
    if problems.is_empty() {
        return;
    }
    let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    problems.for_each_mut(|p| {
        let segments = segments(&p.path);
        let mut n = segments.len();
        let at = loop {
            if let Some(at) = offset(text, &segments[..n]) {
                break Some(at);
            }
            if n == 0 {
                break None;
            }
            n -= 1;
        };
        if let Some(at) = at
            && !p.path.is_empty()
        {
            let (line, column) = crate::text::line_column(&text[..at]);
            (p.line, p.column) = (Some(line), Some(column));
        }
        if !segments.is_empty() {
            p.set_places(place(&segments, &value, Lang::Vi), place(&segments, &value, Lang::En));
        }
    });
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

/// The byte offset in `text` where the value at `path` starts.
fn offset(text: &str, path: &[Segment]) -> Option<usize> {
    let b = text.as_bytes();
    let mut at = skip_ws(b, 0);
    for seg in path {
        match (seg, b.get(at)) {
            (Segment::Key(k), Some(b'{')) => {
                at = skip_ws(b, at + 1);
                loop {
                    if b.get(at) != Some(&b'"') {
                        return None;
                    }
                    let end = string_end(b, at)?;
                    let key: String = serde_json::from_str(&text[at..end]).ok()?;
                    at = skip_ws(b, end);
                    if b.get(at) != Some(&b':') {
                        return None;
                    }
                    at = skip_ws(b, at + 1);
                    if key == *k {
                        break;
                    }
                    at = skip_ws(b, value_end(b, at)?);
                    match b.get(at) {
                        Some(b',') => at = skip_ws(b, at + 1),
                        _ => return None,
                    }
                }
            }
            (Segment::Index(i), Some(b'[')) => {
                at = skip_ws(b, at + 1);
                for _ in 0..*i {
                    if b.get(at) == Some(&b']') {
                        return None;
                    }
                    at = skip_ws(b, value_end(b, at)?);
                    match b.get(at) {
                        Some(b',') => at = skip_ws(b, at + 1),
                        _ => return None,
                    }
                }
                if b.get(at) == Some(&b']') {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(at)
}

fn skip_ws(b: &[u8], mut at: usize) -> usize {
    while at < b.len() && matches!(b[at], b' ' | b'\n' | b'\r' | b'\t') {
        at += 1;
    }
    at
}

/// One past the closing quote of the string starting at `at`.
fn string_end(b: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// One past the end of the value starting at `at`.
fn value_end(b: &[u8], at: usize) -> Option<usize> {
    match b.get(at)? {
        b'"' => string_end(b, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            while i < b.len() {
                match b[i] {
                    b'"' => {
                        i = string_end(b, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let mut i = at;
            while i < b.len() && !matches!(b[i], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                i += 1;
            }
            Some(i)
        }
    }
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
                    Lang::Vi => field_name(k).to_string(),
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

/// A field's name as the forms print it.
fn field_name(key: &str) -> &str {
    match key {
        "agency" => "cơ quan",
        "movement" => "phong trào",
        "period" => "thời gian",
        "authorities" => "cấp quyết định",
        "awards" | "award" => "danh hiệu, hình thức",
        "proposals" | "proposal" => "tờ trình",
        "nominees" => "người được đề nghị",
        "minutes" => "biên bản họp",
        "decisions" => "quyết định",
        "rounds" => "vòng bỏ phiếu",
        "votes" => "phiếu",
        "authority" => "cấp quyết định",
        "forms" => "mẫu biểu",
        "wording" => "lời văn",
        "labels" => "nhãn",
        "members" => "thành viên",
        "name" => "tên",
        "abbreviation" => "tên viết tắt",
        "place" => "địa danh",
        "id" => "mã",
        "kind" => "loại",
        "position" => "chức vụ",
        "unit" => "đơn vị",
        "birth_date" => "ngày sinh",
        "gender" => "giới tính",
        "summary" => "tóm tắt thành tích",
        "note" => "ghi chú",
        "report" => "báo cáo thành tích",
        "achievements" => "thành tích",
        "evidence" => "minh chứng",
        "date" => "ngày",
        "number" => "số",
        "start" => "giờ bắt đầu",
        "end" => "giờ kết thúc",
        "in_favour" => "số phiếu đồng ý",
        "signer" => "người ký",
        "certifier" => "người xác nhận",
        "title" => "chức danh",
        "executors" => "người thi hành",
        "proposed_by" => "theo đề nghị của",
        "legal_bases" => "căn cứ",
        "addressees" => "kính gửi",
        "recipients" => "nơi nhận",
        "body" => "nội dung",
        "signature_image" => "ảnh chữ ký",
        "seal_image" => "ảnh con dấu",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_lines_and_places() {
        let text = "{\n  \"nominees\": [\n    {\"name\": \"A\"},\n    {\"name\": \"Trần Văn Bình\", \"birth_date\": \"31/02/1985\"}\n  ]\n}";
        let segs = segments("nominees[1].birth_date");
        let at = offset(text, &segs).unwrap();
        assert!(text[at..].starts_with("\"31/02/1985\""));
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
