//! The empty signature fields written into a document as it is cut: one merged field/widget
//! annotation per field (`/FT /Sig`, printable, with the empty appearance stream PDF/A
//! requires), listed in its page's `/Annots`.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::field::Field;
use crate::pdf::{r2, utf16};

/// Add `fields` to the cut document `doc` whose pages are `pages` (in order): one merged
/// field/widget annotation per field (`/FT /Sig`, printable, with an empty appearance stream
/// as PDF/A requires), listed in its page's `/Annots`. Returns the references for the
/// catalog's `/AcroForm /Fields`.
pub(crate) fn attach(doc: &mut Document, pages: &[ObjectId], fields: &[Field]) -> Result<Vec<Object>, String> {
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
