//! JSON text as written, walked once from start to end: where each value starts (so a problem's
//! JSON path becomes a line and a column) and which keys an object repeats (serde_json keeps the
//! last of two equal keys in silence; a dossier must not). One pass whatever the number of
//! problems: locating 50,000 of them in a large dossier costs what reading it costs.

use std::collections::{HashMap, HashSet};

/// The deepest nesting walked (serde_json refuses deeper text before this is ever reached).
const MAX_DEPTH: usize = 256;

/// What the walk reports of each value: its path (`nominees[3].birth_date`) and the byte
/// offset where it starts. Returning `false` skips the value's insides.
trait Visitor {
    fn value(&mut self, path: &str, at: usize) -> bool;
    fn duplicate(&mut self, _path: &str, _at: usize) {}
}

struct Walker<'t, 'v, V: Visitor> {
    text: &'t str,
    b: &'t [u8],
    path: String,
    visitor: &'v mut V,
    /// Whether to look for repeated keys.
    keys: bool,
}

impl<V: Visitor> Walker<'_, '_, V> {
    fn ws(&self, mut at: usize) -> usize {
        while at < self.b.len() && matches!(self.b[at], b' ' | b'\n' | b'\r' | b'\t') {
            at += 1;
        }
        at
    }

    /// One past the closing quote of the string starting at `at`.
    fn string_end(&self, at: usize) -> Option<usize> {
        let mut i = at + 1;
        while i < self.b.len() {
            match self.b[i] {
                b'\\' => i += 2,
                b'"' => return Some(i + 1),
                _ => i += 1,
            }
        }
        None
    }

    /// Walk the value at `at` (its path in `self.path`); one past its end.
    fn value(&mut self, at: usize, depth: usize) -> Option<usize> {
        let descend = self.visitor.value(&self.path, at);
        match *self.b.get(at)? {
            b'"' => self.string_end(at),
            open @ (b'{' | b'[') if depth < MAX_DEPTH => {
                if !descend && !self.keys {
                    return self.skip(at);
                }
                if open == b'{' { self.object(at, depth) } else { self.array(at, depth) }
            }
            b'{' | b'[' => None,
            _ => {
                let mut i = at;
                while i < self.b.len() && !matches!(self.b[i], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                    i += 1;
                }
                Some(i)
            }
        }
    }

    /// One past the end of the object or array at `at`, without looking inside.
    fn skip(&self, at: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut i = at;
        while i < self.b.len() {
            match self.b[i] {
                b'"' => {
                    i = self.string_end(i)?;
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

    fn object(&mut self, at: usize, depth: usize) -> Option<usize> {
        let mut seen: HashSet<std::borrow::Cow<'_, str>> = HashSet::new();
        let mut i = self.ws(at + 1);
        if self.b.get(i) == Some(&b'}') {
            return Some(i + 1);
        }
        let text = self.text;
        loop {
            if self.b.get(i) != Some(&b'"') {
                return None;
            }
            let end = self.string_end(i)?;
            let raw = &text[i + 1..end - 1];
            let key: std::borrow::Cow<'_, str> = if raw.contains('\\') {
                std::borrow::Cow::Owned(serde_json::from_str::<String>(&text[i..end]).ok()?)
            } else {
                std::borrow::Cow::Borrowed(raw)
            };
            let key_at = i;
            i = self.ws(end);
            if self.b.get(i) != Some(&b':') {
                return None;
            }
            i = self.ws(i + 1);
            let len = self.path.len();
            if !self.path.is_empty() {
                self.path.push('.');
            }
            self.path.push_str(&key);
            if self.keys && !seen.insert(key) {
                self.visitor.duplicate(&self.path, key_at);
            }
            let after = self.value(i, depth + 1);
            self.path.truncate(len);
            i = self.ws(after?);
            match self.b.get(i)? {
                b',' => i = self.ws(i + 1),
                b'}' => return Some(i + 1),
                _ => return None,
            }
        }
    }

    fn array(&mut self, at: usize, depth: usize) -> Option<usize> {
        let mut i = self.ws(at + 1);
        if self.b.get(i) == Some(&b']') {
            return Some(i + 1);
        }
        for k in 0.. {
            let len = self.path.len();
            self.path.push_str(&format!("[{k}]"));
            let after = self.value(i, depth + 1);
            self.path.truncate(len);
            i = self.ws(after?);
            match self.b.get(i)? {
                b',' => i = self.ws(i + 1),
                b']' => return Some(i + 1),
                _ => return None,
            }
        }
        None
    }
}

fn walk<V: Visitor>(text: &str, visitor: &mut V, keys: bool) {
    let mut w = Walker { text, b: text.as_bytes(), path: String::new(), visitor, keys };
    let at = w.ws(0);
    let _ = w.value(at, 0);
}

/// Where the values at `paths` start in `text`, as (line, column) from 1, the column in
/// characters; a path the text does not hold is left out. One pass over the text.
pub(crate) fn positions<'p>(text: &str, paths: impl IntoIterator<Item = &'p str>) -> HashMap<String, (usize, usize)> {
    struct Find {
        wanted: HashSet<String>,
        prefixes: HashSet<String>,
        found: Vec<(usize, String)>,
    }
    impl Visitor for Find {
        fn value(&mut self, path: &str, at: usize) -> bool {
            if self.wanted.contains(path) {
                self.found.push((at, path.to_string()));
            }
            path.is_empty() || self.prefixes.contains(path)
        }
    }
    let mut find = Find { wanted: HashSet::new(), prefixes: HashSet::new(), found: Vec::new() };
    for p in paths {
        find.wanted.insert(p.to_string());
        // Every proper prefix that ends at a segment: "a.b[2].c" → "a", "a.b", "a.b[2]".
        for (i, c) in p.char_indices() {
            if (c == '.' || c == '[') && i > 0 {
                find.prefixes.insert(p[..i].to_string());
            }
        }
        find.prefixes.insert(p.to_string());
    }
    walk(text, &mut find, false);
    lines_and_columns(text, find.found)
}

/// Every key an object of `text` repeats: (the repeated key's path, line, column).
pub(crate) fn duplicate_keys(text: &str) -> Vec<(String, usize, usize)> {
    struct Dups(Vec<(usize, String)>);
    impl Visitor for Dups {
        fn value(&mut self, _: &str, _: usize) -> bool {
            true
        }
        fn duplicate(&mut self, path: &str, at: usize) {
            self.0.push((at, path.to_string()));
        }
    }
    let mut dups = Dups(Vec::new());
    walk(text, &mut dups, true);
    let mut found = dups.0.clone();
    found.sort();
    let at = lines_and_columns(text, dups.0);
    found.into_iter().filter_map(|(_, p)| at.get(&p).map(|&(l, c)| (p, l, c))).collect()
}

/// Byte offsets as (line, column), in one pass over the text.
fn lines_and_columns(text: &str, mut found: Vec<(usize, String)>) -> HashMap<String, (usize, usize)> {
    found.sort();
    let mut out = HashMap::with_capacity(found.len());
    let (mut line, mut column, mut at) = (1usize, 1usize, 0usize);
    for (offset, path) in found {
        if let Some(between) = text.get(at..offset) {
            for c in between.chars() {
                if c == '\n' {
                    line += 1;
                    column = 1;
                } else {
                    column += 1;
                }
            }
            at = offset;
        }
        out.entry(path).or_insert((line, column));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_of_paths() {
        let text = "{\n  \"nominees\": [\n    {\"name\": \"A\"},\n    {\"name\": \"Trần Văn Bình\", \"birth_date\": \"31/02/1985\"}\n  ]\n}";
        let at = positions(text, ["nominees[1].birth_date", "nominees[0]", "nominees[5]", "x"]);
        assert_eq!(at["nominees[1].birth_date"], (4, 45));
        assert_eq!(at["nominees[0]"], (3, 5));
        assert!(!at.contains_key("nominees[5]") && !at.contains_key("x"));
    }

    #[test]
    fn repeated_keys_are_found_where_they_repeat() {
        let text = "{\"a\": 1, \"b\": {\"c\": 2, \"c\": 3}, \"\\u0061\": 4, \"l\": [{\"x\": 1, \"x\": 1}]}";
        let d = duplicate_keys(text);
        let paths: Vec<&str> = d.iter().map(|(p, _, _)| p.as_str()).collect();
        assert_eq!(paths, ["b.c", "a", "l[0].x"]);
        assert_eq!((d[0].1, d[0].2), (1, 24));
        assert!(duplicate_keys("{\"a\": {\"a\": 1}}").is_empty(), "the same key at two levels is no repeat");
    }
}
