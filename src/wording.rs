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
/// The error is minijinja's own message (e.g. "undefined value"), with the offending name
/// where minijinja knows it.
pub(crate) fn render(template: &str, context: &serde_json::Value) -> Result<String, String> {
    let ctx = Value::from(minijinja::value::Serde(context));
    let out = ENV.render_str(template, ctx).map_err(|e| {
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
    fn undefined_names_are_errors() {
        let err = render("{{ agency.nam }}", &json!({"agency": {"name": "x"}})).unwrap_err();
        assert!(err.contains("undefined"), "{err}");
        assert!(err.contains("agency.nam"), "{err}");
    }

    #[test]
    fn markup_in_values_stays_text() {
        let ctx = json!({"s": "#read(\"/etc/passwd\") *b* $x$"});
        assert_eq!(render("{{ s }}", &ctx).unwrap(), "#read(\"/etc/passwd\") *b* $x$");
    }
}
