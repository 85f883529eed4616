//! Empty signature fields where Decree 30 puts the signatures, so a signer opens the PDF and
//! signs in the right place with any PAdES tool (VNPT, Viettel, MISA, …).
//!
//! Templates mark each signer's room to sign (`<hoso-signature>` metadata: role, name, width,
//! height); the laid-out document tells where each marker landed, and the fields are added as
//! an incremental update with `lopdf`, so the original bytes, PDF/A conformance and
//! byte-identical output are kept.

use lopdf::{Dictionary, IncrementalDocument, Object, Stream, StringFormat};
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

/// Append `fields` to `pdf` as an incremental update: one merged field/widget annotation per
/// field (`/FT /Sig`, printable, with an empty appearance stream as PDF/A requires), listed in
/// its page's `/Annots` and in the catalog's `/AcroForm /Fields`.
pub fn add_fields(pdf: &[u8], fields: &[Field]) -> Result<Vec<u8>, String> {
    if fields.is_empty() {
        return Ok(pdf.to_vec());
    }
    let why = |e: lopdf::Error| format!("cannot add signature fields: {e}");
    let prev = IncrementalDocument::load_mem(pdf).map_err(why)?;
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), prev);
    let pages = inc.get_prev_documents().get_pages();
    let root = inc.get_prev_documents().trailer.get(b"Root").and_then(Object::as_reference).map_err(why)?;
    let mut refs = Vec::new();
    for f in fields {
        let page_id = *pages.get(&(f.page as u32)).ok_or_else(|| format!("no page {} for field {}", f.page, f.name))?;
        let (w, h) = (r2(f.rect[2] - f.rect[0]), r2(f.rect[3] - f.rect[1]));
        let mut ap = Dictionary::new();
        ap.set("Type", "XObject");
        ap.set("Subtype", "Form");
        ap.set("BBox", vec![0.into(), 0.into(), Object::Real(w as f32), Object::Real(h as f32)]);
        ap.set("Resources", Dictionary::new());
        let ap_id = inc.new_document.add_object(Stream::new(ap, Vec::new()));
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
        let widget_id = inc.new_document.add_object(widget);
        refs.push(Object::Reference(widget_id));

        inc.opt_clone_object_to_new_document(page_id).map_err(why)?;
        let existing = match inc.new_document.get_object(page_id).and_then(Object::as_dict).map_err(why)?.get(b"Annots")
        {
            Ok(Object::Array(a)) => a.clone(),
            Ok(Object::Reference(id)) => {
                inc.get_prev_documents().get_object(*id).and_then(Object::as_array).cloned().unwrap_or_default()
            }
            _ => Vec::new(),
        };
        let page = inc.new_document.get_object_mut(page_id).and_then(Object::as_dict_mut).map_err(why)?;
        let mut annots = existing;
        annots.push(Object::Reference(widget_id));
        page.set("Annots", annots);
    }
    inc.opt_clone_object_to_new_document(root).map_err(why)?;
    let catalog = inc.new_document.get_object_mut(root).and_then(Object::as_dict_mut).map_err(why)?;
    catalog.set("AcroForm", Dictionary::from_iter([("Fields", Object::Array(refs))]));
    let mut out = Vec::with_capacity(pdf.len() + 2048);
    inc.save_to(&mut out).map_err(|e| format!("cannot add signature fields: {e}"))?;
    Ok(out)
}

/// A PDF text string in UTF-16BE with its byte-order mark.
fn utf16(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        out.extend(u.to_be_bytes());
    }
    out
}
