//! The catalogue: every sentence hoso says to a person — a problem's message and hint, the
//! schema's field descriptions, the command line's help and reports — in Vietnamese (the
//! default: hoso's users are Vietnamese clerks) and in English, kept side by side in one
//! file, `src/messages/catalogue.toml`, so a translator sees both and a test sees that every
//! entry has both with the same placeholders.
//!
//! Code never spells a sentence: it names an entry and its arguments with [`t!`](crate::t),
//! which makes a [`Text`]; the text is rendered in a [`Lang`] when it is shown, so the same
//! problem list reads in either language ([`crate::Problems::in_language`]).
//!
//! An entry is a TOML table named by its key, with `vi` and `en` strings; `{name}` is a
//! placeholder for the argument `name`:
//!
//! `{name?one|other}` chooses a word by whether `name` is 1, for English plurals.
//!
//! ```toml
//! ["date.after-letter"]
//! vi = "{date} sau ngày của tờ trình ({letter})"
//! en = "{date} is after the letter's date {letter}"
//! ```
//!
//! Schema descriptions are entries `schema:<JSON pointer>` with a `vi` string; their English
//! is the model's documentation (see [`crate::dossier::schema_in`]). The old format hoso/1 has
//! `schema-v1:` entries for the descriptions it does not share with hoso/2.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use serde::Deserialize;

/// The language hoso speaks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Tiếng Việt, the default.
    #[default]
    Vi,
    /// English, for integrators and reviewers who read it.
    En,
}

impl Lang {
    /// The language a locale name asks for (`en_US.UTF-8`, `en`, `vi_VN`, `C` …): English only
    /// when it names English, Vietnamese otherwise.
    pub fn from_locale(locale: &str) -> Lang {
        let l = locale.trim().to_ascii_lowercase();
        if l == "en" || l.starts_with("en_") || l.starts_with("en-") || l.starts_with("en.") {
            Lang::En
        } else {
            Lang::Vi
        }
    }

    /// `vi` or `en`, as `--lang` takes it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The language named by a `--lang` value (`vi`, `en`), if it is one hoso speaks.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" | "vn" | "vie" => Some(Lang::Vi),
            "en" | "eng" => Some(Lang::En),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct Entry {
    vi: String,
    en: Option<String>,
}

static CATALOGUE: LazyLock<HashMap<String, Entry>> = LazyLock::new(|| {
    toml::from_str(include_str!("messages/catalogue.toml")).expect("src/messages/catalogue.toml is valid TOML")
});

/// The catalogue's sentence for `key` in `lang`, with its placeholders unfilled; `None` for a
/// key the catalogue lacks (a test keeps every key used in the code in the catalogue).
pub fn lookup(key: &str, lang: Lang) -> Option<&'static str> {
    let e = CATALOGUE.get(key)?;
    match lang {
        Lang::Vi => Some(e.vi.as_str()),
        Lang::En => e.en.as_deref(),
    }
}

/// Every key of the catalogue, for the tests that keep it whole.
pub fn keys() -> impl Iterator<Item = &'static str> {
    CATALOGUE.keys().map(String::as_str)
}

/// One argument of a [`Text`]: a value shown as it is (a name, a date, a number), or a text
/// of its own rendered in the same language (a field's name, a kind of value).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Arg {
    /// Shown as given, in every language.
    Plain(String),
    /// Rendered in the language of the text around it.
    Text(Text),
    /// Several texts joined with "hoặc" / "or".
    AnyOf(Vec<Text>),
}

/// A sentence of the catalogue with its arguments, rendered when shown ([`Text::render`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

impl Text {
    /// The entry `key`, arguments to come.
    pub fn new(key: &'static str) -> Self {
        Text { key, args: Vec::new() }
    }

    /// The catalogue key, as problems carry it (`code`) for programs that match on it.
    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The same text with the argument `name` set.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The sentence in `lang`, every `{name}` replaced by its argument; a key the catalogue
    /// lacks shows as itself, so a gap is visible rather than silent.
    pub fn render(&self, lang: Lang) -> String {
        let Some(template) = lookup(self.key, lang).or_else(|| lookup(self.key, Lang::Vi)) else {
            return self.key.to_string();
        };
        fill(template, lang, &self.args)
    }
}

fn fill(template: &str, lang: Lang, args: &[(&'static str, Arg)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        let inner = &rest[open + 1..close];
        // `{count?one|other}`: a word chosen by whether `count` is 1 (English plurals).
        let (name, choice) = match inner.split_once('?') {
            Some((n, c)) => (n, c.split_once('|')),
            None => (inner, None),
        };
        match (args.iter().find(|(n, _)| *n == name), choice) {
            (Some((_, arg)), Some((one, other))) => {
                out.push_str(&rest[..open]);
                out.push_str(if arg.render(lang) == "1" { one } else { other });
            }
            (Some((_, arg)), None) => {
                out.push_str(&rest[..open]);
                out.push_str(&arg.render(lang));
            }
            (None, _) => out.push_str(&rest[..=close]),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

impl Arg {
    fn render(&self, lang: Lang) -> String {
        match self {
            Arg::Plain(s) => s.clone(),
            Arg::Text(t) => t.render(lang),
            Arg::AnyOf(ts) => {
                let or = Text::new("word.or").render(lang);
                ts.iter().map(|t| t.render(lang)).collect::<Vec<_>>().join(&format!(" {or} "))
            }
        }
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Self {
        Arg::Text(t)
    }
}

macro_rules! plain_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Self {
                Arg::Plain(v.to_string())
            }
        }
    )*};
}
plain_arg!(String, &str, &String, u8, u16, u32, u64, usize, i32, i64, f64, char, crate::vi::Date);

impl serde::Serialize for Text {
    /// As Vietnamese text (the language of the files hoso writes, e.g. `report.json`).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.render(Lang::Vi))
    }
}

impl fmt::Display for Text {
    /// Vietnamese, the default language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Vi))
    }
}

/// A [`Text`] from the catalogue: `t!("key", name = value, …)`.
#[macro_export]
#[doc(hidden)]
macro_rules! t {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::Text::new($key)$(.arg(stringify!($name), $value))*
    };
}

/// A [`Text`] as an error value (in an `std::io::Error`, say), so a caller can still render it
/// in its own language; shown in Vietnamese otherwise.
#[derive(Debug, Clone)]
pub struct TextError(pub Text);

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for TextError {}

/// An I/O error in `lang`: its [`TextError`] rendered if it carries one, else as the system
/// says it.
pub fn io_error_in(e: &std::io::Error, lang: Lang) -> String {
    match e.get_ref().and_then(|r| r.downcast_ref::<TextError>()) {
        Some(TextError(t)) => t.render(lang),
        None => e.to_string(),
    }
}

/// The placeholders `{name}` of a catalogue sentence, sorted.
pub fn placeholders(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        let name = &rest[open + 1..close];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push(name);
        }
        rest = &rest[close + 1..];
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_both_languages_with_the_same_placeholders() {
        for (key, e) in CATALOGUE.iter() {
            // A field's description comes in both languages as arguments: each side takes its own.
            if key.starts_with("schema:")
                || key.starts_with("schema-v1:")
                || key.starts_with("help:")
                || key == "schema.description"
            {
                continue;
            }
            let en = e.en.as_deref().unwrap_or_else(|| panic!("{key} has no en"));
            assert_eq!(placeholders(&e.vi), placeholders(en), "{key}: vi and en differ in placeholders");
        }
    }

    /// Every `t!("key", …)` in the code names an entry of the catalogue, and every entry
    /// (but the schema's and the help's, keyed otherwise) is used.
    #[test]
    fn the_code_and_the_catalogue_name_the_same_keys() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = std::collections::BTreeSet::new();
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (at, _) in text.match_indices("t!(") {
                if text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = text[at + 3..].trim_start();
                if let Some(lit) = rest.strip_prefix('"').and_then(|r| r.split_once('"')).map(|(k, _)| k)
                    && lit != "key"
                    && lit.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
                {
                    used.insert(lit.to_string());
                }
            }
        }
        let missing: Vec<&String> = used.iter().filter(|k| !CATALOGUE.contains_key(*k)).collect();
        assert!(missing.is_empty(), "not in the catalogue: {missing:?}");
        let unused: Vec<&String> = CATALOGUE
            .keys()
            .filter(|k| {
                !k.starts_with("schema:")
                    && !k.starts_with("schema-v1:")
                    && !k.starts_with("help:")
                    && !k.starts_with("label:")
                    && !k.starts_with("value:")
                    && !used.contains(*k)
            })
            .collect();
        assert!(unused.is_empty(), "never used: {unused:?}");
    }

    /// Every field of the format has its label, and every choice its name, in both languages
    /// (the workbench shows them; problems name places by them).
    #[test]
    fn every_field_and_value_has_its_words() {
        let schema = crate::dossier::schema_in(Lang::Vi);
        let mut missing = Vec::new();
        fn walk(v: &serde_json::Value, missing: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(map) => {
                    if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                        for (k, p) in props {
                            if p.get("title").is_none() {
                                missing.push(format!("label:{k}"));
                            }
                        }
                    }
                    if map.get("const").and_then(|c| c.as_str()).is_some_and(|c| c != "hoso/2")
                        && map.get("title").is_none()
                    {
                        missing.push(format!("value:{}", map["const"]));
                    }
                    map.values().for_each(|x| walk(x, missing));
                }
                serde_json::Value::Array(items) => items.iter().for_each(|x| walk(x, missing)),
                _ => {}
            }
        }
        walk(schema, &mut missing);
        assert!(missing.is_empty(), "no words for: {missing:?}");
    }

    #[test]
    fn a_text_renders_in_either_language() {
        let t = crate::t!("word.or");
        assert_eq!(t.render(Lang::Vi), "hoặc");
        assert_eq!(t.render(Lang::En), "or");
    }

    #[test]
    fn locale_names_choose_the_language() {
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C.UTF-8"), Lang::Vi);
        assert_eq!(Lang::from_locale("vi_VN.UTF-8"), Lang::Vi);
        assert_eq!(Lang::from_locale(""), Lang::Vi);
    }
}
