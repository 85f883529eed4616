//! Reading back what templates marked in the laid-out document: `metadata(..)` elements with a
//! label, with the page and position where they landed (where each document of the complete
//! dossier starts, where each signer signs).

use typst::foundations::{Label, Selector, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// One labelled `metadata(value)` as laid out.
#[derive(Debug, Clone)]
pub(crate) struct Marker {
    /// The value the template gave.
    pub value: Value,
    /// Page number, from 1.
    pub page: usize,
    /// Position on the page in points from the top-left corner.
    pub x: f64,
    /// Position on the page in points from the top edge.
    pub y: f64,
}

/// Every `metadata(..) <label>` of the document, in document order.
pub(crate) fn markers(doc: &PagedDocument, label: &str) -> Vec<Marker> {
    let Some(label) = Label::new(PicoStr::intern(label)) else { return Vec::new() };
    let introspector = doc.introspector();
    introspector
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|content| {
            let value = content.to_packed::<MetadataElem>()?.value.clone();
            let pos = introspector.position(content.location()?)?;
            Some(Marker { value, page: pos.page.get(), x: pos.point.x.to_pt(), y: pos.point.y.to_pt() })
        })
        .collect()
}
