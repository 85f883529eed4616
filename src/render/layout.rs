//! Stage 3: the complete dossier laid out once, and what the pages say: where each section
//! (a document or an evidence page) starts, where each signer signs, how tall each page is.

use std::ops::RangeInclusive;

use typst::foundations::Value;
use typst_layout::PagedDocument;

use crate::sign::Spot;
use crate::typeset::introspect::{Marker, markers};
use crate::typeset::world::DOSSIER_PATH;
use crate::typeset::{self, Base, Diagnostic};
use crate::vi::Date;
use crate::view::bundle::Bundle;

/// Label of the marker the kit puts at the start of each section of the complete dossier.
const SECTION_LABEL: &str = "hoso-part";

/// Label of the marker the kit puts in each signer's room to sign.
const SIGNATURE_LABEL: &str = "hoso-signature";

/// The laid-out complete dossier.
pub(crate) struct Layout {
    /// The pages.
    pub doc: PagedDocument,
    /// The first page (from 1) of each section, then one past the last page.
    starts: Vec<usize>,
    /// Every signer's room to sign, in document order.
    pub spots: Vec<Spot>,
    /// Each page's height in points.
    pub heights: Vec<f64>,
}

impl Layout {
    /// Pages of the complete dossier.
    pub fn page_count(&self) -> usize {
        self.heights.len()
    }

    /// The pages (from 1) of section `k`.
    pub fn pages_of(&self, k: usize) -> RangeInclusive<usize> {
        self.starts[k]..=self.starts[k + 1] - 1
    }
}

/// Lay `bundle` out, dated `date`.
pub(crate) fn lay_out(base: &Base, bundle: &Bundle, date: Date) -> Result<Layout, Vec<Diagnostic>> {
    let data = serde_json::to_vec(&bundle.data).expect("views are plain JSON");
    let doc = typeset::compile(base, DOSSIER_PATH, data, bundle.files.clone(), date)?;
    let heights: Vec<f64> = doc.pages().iter().map(|p| p.frame.height().to_pt()).collect();
    let mut starts: Vec<usize> = markers(&doc, SECTION_LABEL).iter().map(|m| m.page).collect();
    starts.push(heights.len() + 1);
    let spots = markers(&doc, SIGNATURE_LABEL).iter().map(spot).collect();
    Ok(Layout { doc, starts, spots, heights })
}

/// A signature marker as a typed spot: the template gives role, name, width, height and,
/// optionally, the signature image and whether the seal goes over it.
fn spot(m: &Marker) -> Spot {
    let field = |key: &str| match &m.value {
        Value::Dict(d) => d.get(key).ok().cloned(),
        _ => None,
    };
    let text = |key: &str| match field(key) {
        Some(Value::Str(s)) => Some(s.to_string()),
        _ => None,
    };
    let points = |key: &str| match field(key) {
        Some(Value::Length(l)) => l.abs.to_pt(),
        _ => 0.0,
    };
    Spot {
        page: m.page,
        x: m.x,
        y: m.y,
        width: points("width"),
        height: points("height"),
        role: text("role").unwrap_or_default(),
        name: text("name").unwrap_or_default(),
        image: text("image"),
        seal: matches!(field("seal"), Some(Value::Bool(true))),
    }
}
