//! Organisation-editable wording (summary, request sentence, closing, file names): minijinja
//! templates rendered to plain text with strict undefined-variable errors.
//!
//! The result is a plain string that reaches Typst inside the data file, never as markup.

use std::sync::LazyLock;

use minijinja::{Environment, UndefinedBehavior, Value};

use crate::{text, vi};

static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
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
    let ctx = Value::from(minijinja::value::Serde(context));
    let out = ENV.render_str(template, ctx).map_err(|e| {
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

    #[test]
    fn markup_in_values_stays_text() {
        let ctx = json!({"s": "#read(\"/etc/passwd\") *b* $x$"});
        assert_eq!(render("{{ s }}", &ctx).unwrap(), "#read(\"/etc/passwd\") *b* $x$");
    }
}
