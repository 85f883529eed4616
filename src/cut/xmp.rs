//! A document's XMP packet: the part's packet with the document's title, subject, keywords,
//! page count and ids written in.

use crate::view::Meta;

use super::source::broken;

/// The XMP packet `template` (a part's) with this document's title, subject, keywords, page
/// count and ids.
pub(super) fn xmp_of(
    template: &str,
    meta: &Meta,
    pages: usize,
    document_id: &[u8],
    instance_id: &[u8],
) -> Result<String, String> {
    let (doc_b64, inst_b64) = (crate::pdf::base64(document_id), crate::pdf::base64(instance_id));
    let mut xmp = template.to_string();
    let alt = r#"<rdf:Alt><rdf:li xml:lang="x-default">"#;
    let replacements = [
        (format!("<dc:title>{alt}"), "</rdf:li>", escape(&meta.title)),
        (format!("<dc:description>{alt}"), "</rdf:li>", escape(&meta.subject)),
        ("<pdf:Keywords>".into(), "</pdf:Keywords>", escape(&meta.keywords.join(", "))),
        ("<xmpTPg:NPages>".into(), "</xmpTPg:NPages>", pages.to_string()),
        ("<xmpMM:InstanceID>".into(), "</xmpMM:InstanceID>", inst_b64.clone()),
        ("<xmpMM:DocumentID>".into(), "</xmpMM:DocumentID>", doc_b64),
        ("<stEvt:instanceID>".into(), "</stEvt:instanceID>", format!("{inst_b64}_source")),
    ];
    for (open, close, value) in replacements {
        xmp = replace_between(&xmp, &open, close, &value).ok_or_else(|| broken(format!("no {open} in the XMP")))?;
    }
    Ok(xmp)
}

/// XML character escapes.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

/// `text` with what lies between every `open` and the next `close` replaced by `value`;
/// `None` if `open` does not occur.
fn replace_between(text: &str, open: &str, close: &str, value: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut found = false;
    while let Some(at) = rest.find(open) {
        let start = at + open.len();
        let end = start + rest[start..].find(close)?;
        out.push_str(&rest[..start]);
        out.push_str(value);
        rest = &rest[end..];
        found = true;
    }
    out.push_str(rest);
    found.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_between_rewrites_every_occurrence_and_reports_absence() {
        let x = "<a>1</a><b>2</b><a>3</a>";
        assert_eq!(replace_between(x, "<a>", "</a>", "x").as_deref(), Some("<a>x</a><b>2</b><a>x</a>"));
        assert_eq!(replace_between(x, "<c>", "</c>", "x"), None);
    }

    #[test]
    fn xmp_values_are_escaped() {
        assert_eq!(escape(r#"A & B <"c">"#), "A &amp; B &lt;&quot;c&quot;&gt;");
    }
}
