//! Organisation-editable wording (summary, request sentence, closing, file names): minijinja
//! templates rendered to plain text with strict undefined-variable errors.
//!
//! The result is a plain string that reaches Typst inside the data file, never as markup.
//!
//! A wording template comes from the dossier, so it is held to what wording needs and no more
//! ([`crate::limits`]): values, filters, `if` and `for`, comparisons — no arithmetic or joining
//! (`*`, `~`, `+`, …, which could double a string with each step), no `set`, macros or
//! includes; minijinja's fuel bounds the steps a template may take, and its output is cut off
//! past [`crate::limits::MAX_WORDING_CHARS`].

use std::sync::LazyLock;

use minijinja::{Environment, UndefinedBehavior, Value};

use crate::{text, vi};

static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(crate::limits::MAX_WORDING_FUEL));
    env.add_filter("pad2", |n: u64| vi::pad2(n));
    env.add_filter("upper_vi", |s: String| vi::upper(&s));
    env.add_filter("slug", |s: String| vi::slug(&s));
    env.add_filter("thousands", |n: u64| vi::thousands(n));
    env.add_filter("money_words", |n: u64| vi::money_in_words(n));
    env
});

/// Render one wording template against `context`, collapsing whitespace to single spaces.
///
/// An undefined name is named, with what exists where it was looked for: "`award.titel` is not
/// a variable here; `award` has: grantor, name, title". Other errors are minijinja's message.
pub(crate) fn render(template: &str, context: &serde_json::Value) -> Result<String, String> {
    allowed(template)?;
    let ctx = Value::from(minijinja::value::Serde(context));
    let out = ENV.template_from_str(template).and_then(|t| {
        let mut out = Capped(Vec::new());
        t.render_captured_to(ctx, &mut out)?;
        Ok(String::from_utf8_lossy(&out.0).into_owned())
    });
    let out = out.map_err(|e| {
        if e.kind() == minijinja::ErrorKind::OutOfFuel {
            return format!("the wording takes more than {} steps to write", crate::limits::MAX_WORDING_FUEL);
        }
        if e.kind() == minijinja::ErrorKind::WriteFailure {
            return format!("the wording would be longer than {} characters", crate::limits::MAX_WORDING_CHARS);
        }
        if e.kind() == minijinja::ErrorKind::UndefinedError
            && let Some(message) = undefined(template, context)
        {
            return message;
        }
        let mut msg = e.kind().to_string();
        if let Some(detail) = e.detail() {
            msg = format!("{msg}: {detail}");
        }
        if let Some(src) = e.template_source()
            && let Some(range) = e.range()
            && let Some(snippet) = src.get(range)
        {
            msg = format!("{msg} (in `{snippet}`)");
        }
        msg
    })?;
    Ok(text::normalize(&out).split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The output of a wording, refused past [`crate::limits::MAX_WORDING_CHARS`] bytes of it.
struct Capped(Vec<u8>);

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > crate::limits::MAX_WORDING_CHARS * 4 {
            return Err(std::io::Error::other("too long"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Whether `template` keeps to what wording needs: inside `{{ }}` and `{% %}` only names,
/// attributes, filters, literals, comparisons and `if`/`for`; the first thing it may not do.
fn allowed(template: &str) -> Result<(), String> {
    const STATEMENTS: [&str; 6] = ["if", "elif", "else", "endif", "for", "endfor"];
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        let after = &rest[at..];
        let (close, statement) = match after.get(..2) {
            Some("{{") => ("}}", false),
            Some("{%") => ("%}", true),
            Some("{#") => ("#}", false),
            _ => {
                rest = &after[1..];
                continue;
            }
        };
        let comment = close == "#}";
        // The tag's end, outside string literals.
        let mut quote: Option<char> = None;
        let mut escaped = false;
        let mut end = None;
        for (b, c) in after.char_indices().skip(2) {
            match quote {
                Some(_) if escaped => escaped = false,
                Some(_) if c == '\\' => escaped = true,
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if !comment && (c == '"' || c == '\'') => quote = Some(c),
                None if after[b..].starts_with(close) => {
                    end = Some(b);
                    break;
                }
                None => {}
            }
        }
        let Some(end) = end else { return Err("a tag is not closed".into()) };
        if !comment {
            let inner = after[2..end].trim_matches(['-', '+', '~']).trim();
            tag_allowed(inner, statement, &STATEMENTS)?;
        }
        rest = &after[end + 2..];
    }
    Ok(())
}

/// One tag's inside (see [`allowed`]).
fn tag_allowed(inner: &str, statement: bool, statements: &[&str]) -> Result<(), String> {
    let refuse =
        |what: &str| Err(format!("`{what}` is not allowed in a wording (names, filters, `if` and `for` only)"));
    let mut words = inner.split_whitespace();
    if statement
        && let Some(first) = words.next()
        && !statements.contains(&first)
    {
        return refuse(first);
    }
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                // A string literal: skip to its end.
                while let Some(d) = chars.next() {
                    if d == '\\' {
                        chars.next();
                    } else if d == c {
                        break;
                    }
                }
            }
            '=' | '!' | '<' | '>' => {
                // Only comparisons: ==, !=, <, >, <=, >=.
                if (c == '=' || c == '!') && chars.peek() != Some(&'=') {
                    return refuse(&c.to_string());
                }
                if chars.peek() == Some(&'=') {
                    chars.next();
                }
            }
            '*' | '/' | '+' | '-' | '~' | '%' => return refuse(&c.to_string()),
            _ => {}
        }
    }
    Ok(())
}

/// The first name `template` uses that `context` lacks, and what there is instead.
fn undefined(template: &str, context: &serde_json::Value) -> Option<String> {
    let tmpl = ENV.template_from_str(template).ok()?;
    let mut names: Vec<String> = tmpl.undeclared_variables(true).into_iter().collect();
    names.sort();
    for name in names {
        let mut at = context;
        let mut seen: Vec<&str> = Vec::new();
        for part in name.split('.') {
            match at.get(part) {
                Some(next) => {
                    at = next;
                    seen.push(part);
                }
                None => {
                    let keys = |v: &serde_json::Value| {
                        let mut k: Vec<&str> =
                            v.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
                        k.sort();
                        k.join(", ")
                    };
                    return Some(if seen.is_empty() {
                        format!("`{name}` is not a variable here; the variables are: {}", keys(context))
                    } else {
                        format!("`{name}` is not a variable here; `{}` has: {}", seen.join("."), keys(at))
                    });
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renders_plain_text() {
        let ctx = json!({"n": 2, "name": "Khánh  Hòa"});
        assert_eq!(
            render("cho {{ n | pad2 }} tập thể ở {{ name|upper_vi }}", &ctx).unwrap(),
            "cho 02 tập thể ở KHÁNH HÒA"
        );
    }

    #[test]
    fn undefined_names_are_named_with_what_exists() {
        let err = render("{{ agency.nam }}", &json!({"agency": {"name": "x", "place": "y"}})).unwrap_err();
        assert_eq!(err, "`agency.nam` is not a variable here; `agency` has: name, place");
        let err = render("{{ award.titel | upper_vi }}", &json!({"award": {"title": "x"}, "agency": {}})).unwrap_err();
        assert_eq!(err, "`award.titel` is not a variable here; `award` has: title");
        let err = render("{{ agencyy }}", &json!({"award": {}, "agency": {}})).unwrap_err();
        assert_eq!(err, "`agencyy` is not a variable here; the variables are: agency, award");
    }

    /// Guards the wording's bounds: arithmetic, joining, `set` and includes refused; a template
    /// that loops past its fuel or writes past its length stopped with a message.
    #[test]
    fn wording_templates_are_bounded() {
        let ctx = json!({"s": "x", "list": (0..100).collect::<Vec<_>>(), "n": 2});
        for bad in [
            "{{ s * 100000000 }}",
            "{{ s ~ s }}",
            "{{ s + s }}",
            "{% set t = s %}",
            "{% include 'a' %}",
            "{% macro m() %}{% endmacro %}",
            "{{ n - 1 }}",
            "{{ s",
        ] {
            assert!(render(bad, &ctx).is_err(), "{bad} was allowed");
        }
        let looped =
            "{% for a in list %}{% for b in list %}{% for c in list %}{{ s }}{% endfor %}{% endfor %}{% endfor %}";
        let err = render(looped, &ctx).unwrap_err();
        assert!(err.contains("steps") || err.contains("longer"), "{err}");
        assert_eq!(
            render("{% if n >= 2 and s != \"*\" %}có{% else %}không{% endif %} {{ s|upper_vi }}", &ctx).unwrap(),
            "có X"
        );
        assert_eq!(render("{{ \"a - b ~ c\" }} {# 1 * 2 #}", &ctx).unwrap(), "a - b ~ c");
    }

    #[test]
    fn markup_in_values_stays_text() {
        let ctx = json!({"s": "#read(\"/etc/passwd\") *b* $x$"});
        assert_eq!(render("{{ s }}", &ctx).unwrap(), "#read(\"/etc/passwd\") *b* $x$");
    }
}
