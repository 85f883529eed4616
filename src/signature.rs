//! Empty signature fields where Decree 30 puts the signatures, so a signer opens the PDF and
//! signs in the right place with any PAdES tool (VNPT, Viettel, MISA, …).
//!
//! Templates mark each signer's room to sign (`<hoso-signature>` metadata: role, name, width,
//! height); the laid-out document tells where each marker landed, and the fields are added to
//! each document as it is cut out of the complete dossier ([`crate::cut`]).

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use serde::Serialize;
use typst::foundations::Value;

use crate::typeset::introspect::Marker;

/// One empty signature field of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// Field name (`/T`), unique in the document: the role, e.g. "hieu_truong", "thu_ky".
    pub name: String,
    /// The signer's role, from the block's position or caption.
    pub role: String,
    /// The signer's full name.
    pub signer: String,
    /// Page of the document, from 1.
    pub page: usize,
    /// Rectangle in PDF points, origin bottom-left: [x0, y0, x1, y1].
    pub rect: [f64; 4],
    /// The signer's signature image and where it goes, when the dossier gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature_image: Option<crate::stamp::Placed>,
    /// The agency's seal and where it goes, for blocks the seal covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seal_image: Option<crate::stamp::Placed>,
    /// The image file named by the template marker (resolved by the engine).
    #[serde(skip)]
    pub image: Option<String>,
    /// Whether the agency's seal goes over this block.
    #[serde(skip)]
    pub seal: bool,
}

fn field_of(value: &Value, key: &str) -> Option<Value> {
    match value {
        Value::Dict(d) => d.get(key).ok().cloned(),
        _ => None,
    }
}

fn text(value: &Value, key: &str) -> String {
    match field_of(value, key) {
        Some(Value::Str(s)) => s.to_string(),
        _ => String::new(),
    }
}

fn points(value: &Value, key: &str) -> f64 {
    match field_of(value, key) {
        Some(Value::Length(l)) => l.abs.to_pt(),
        _ => 0.0,
    }
}

/// Round to 1/100 pt, so rectangles print and compare cleanly.
fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The fields of the document made of pages `first..=last` of the whole, from the signature
/// markers of the whole; `heights` are the page heights in points, by page of the whole.
pub fn fields(markers: &[Marker], first: usize, last: usize, heights: &[f64]) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    for m in markers.iter().filter(|m| (first..=last).contains(&m.page)) {
        let (w, h) = (points(&m.value, "width"), points(&m.value, "height"));
        let height = heights[m.page - 1];
        let role = text(&m.value, "role");
        let mut name = if role.is_empty() { "chu_ky".to_string() } else { role.clone() };
        let base = name.clone();
        for k in 2.. {
            if !out.iter().any(|f| f.name == name) {
                break;
            }
            name = format!("{base}_{k}");
        }
        out.push(Field {
            name,
            role,
            signer: text(&m.value, "name"),
            page: m.page - first + 1,
            rect: [r2(m.x), r2(height - m.y - h), r2(m.x + w), r2(height - m.y)],
            signature_image: None,
            seal_image: None,
            image: match field_of(&m.value, "image") {
                Some(Value::Str(s)) => Some(s.to_string()),
                _ => None,
            },
            seal: matches!(field_of(&m.value, "seal"), Some(Value::Bool(true))),
        });
    }
    out
}

/// Add `fields` to the cut document `doc` whose pages are `pages` (in order): one merged
/// field/widget annotation per field (`/FT /Sig`, printable, with an empty appearance stream
/// as PDF/A requires), listed in its page's `/Annots`. Returns the references for the
/// catalog's `/AcroForm /Fields`.
pub fn attach(doc: &mut Document, pages: &[ObjectId], fields: &[Field]) -> Result<Vec<Object>, String> {
    let mut refs = Vec::new();
    for f in fields {
        let page_id = *pages
            .get(f.page.wrapping_sub(1))
            .ok_or_else(|| format!("cannot add signature field {}: no page {}", f.name, f.page))?;
        let (w, h) = (r2(f.rect[2] - f.rect[0]), r2(f.rect[3] - f.rect[1]));
        let mut ap = Dictionary::new();
        ap.set("Type", "XObject");
        ap.set("Subtype", "Form");
        ap.set("BBox", vec![0.into(), 0.into(), Object::Real(w as f32), Object::Real(h as f32)]);
        ap.set("Resources", Dictionary::new());
        let ap_id = doc.add_object(Stream::new(ap, Vec::new()));
        let mut widget = Dictionary::new();
        widget.set("Type", "Annot");
        widget.set("Subtype", "Widget");
        widget.set("FT", "Sig");
        widget.set("T", Object::String(f.name.clone().into_bytes(), StringFormat::Literal));
        widget.set("TU", Object::String(utf16(&format!("Chữ ký: {}", f.signer)), StringFormat::Hexadecimal));
        widget.set("Rect", f.rect.iter().map(|v| Object::Real(*v as f32)).collect::<Vec<_>>());
        widget.set("F", 4);
        widget.set("P", page_id);
        widget.set("AP", Dictionary::from_iter([("N", Object::Reference(ap_id))]));
        let widget_id = doc.add_object(widget);
        refs.push(Object::Reference(widget_id));

        let existing = match doc.get_dictionary(page_id).map(|p| p.get(b"Annots")) {
            Ok(Ok(Object::Array(a))) => a.clone(),
            Ok(Ok(Object::Reference(id))) => {
                doc.get_object(*id).and_then(Object::as_array).cloned().unwrap_or_default()
            }
            _ => Vec::new(),
        };
        let mut annots = existing;
        annots.push(Object::Reference(widget_id));
        let page = doc
            .get_object_mut(page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| format!("cannot add signature field {}: {e}", f.name))?;
        page.set("Annots", annots);
    }
    Ok(refs)
}

/// A PDF text string in UTF-16BE with its byte-order mark.
fn utf16(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        out.extend(u.to_be_bytes());
    }
    out
}
