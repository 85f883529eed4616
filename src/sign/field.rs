//! Empty signature fields where Decree 30 puts the signatures, so a signer opens the PDF and
//! signs in the right place with any PAdES tool (VNPT, Viettel, MISA, …).
//!
//! Templates mark each signer's room to sign (`<hoso-signature>` metadata: role, name, width,
//! height, image, seal); the layout reads each mark back as a [`Spot`], and [`fields`] makes the
//! fields of one document from the spots on its pages.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use super::images::Images;
use super::place::{Placed, place};
use crate::pdf::r2;

/// A signer's room to sign as laid out: what the template marked and where it landed.
#[derive(Debug, Clone, PartialEq)]
pub struct Spot {
    /// Page of the complete dossier, from 1.
    pub page: usize,
    /// Left edge, in points from the page's left edge.
    pub x: f64,
    /// Top edge, in points from the page's top edge.
    pub y: f64,
    /// Width of the room, in points.
    pub width: f64,
    /// Height of the room, in points.
    pub height: f64,
    /// The signer's role, e.g. "hieu_truong", "thu_ky".
    pub role: String,
    /// The signer's full name.
    pub name: String,
    /// The signer's signature image, by the path the dossier gives.
    pub image: Option<String>,
    /// Whether the agency's seal goes over this signature.
    pub seal: bool,
}

/// One empty signature field of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_image: Option<Placed>,
    /// The agency's seal and where it goes, for blocks the seal covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal_image: Option<Placed>,
}

/// The fields of the document made of `pages` of the complete dossier, from the spots of the
/// whole; `heights` are the page heights in points, by page of the whole. Each field carries
/// its signature image and, where the seal goes, the agency's `seal` (path), placed.
pub(crate) fn fields(
    spots: &[Spot],
    pages: &RangeInclusive<usize>,
    heights: &[f64],
    images: &Images,
    seal: Option<&str>,
) -> Vec<Field> {
    let first = *pages.start();
    let seal = seal.and_then(|f| images.get(f).map(|img| (f, img)));
    let mut out: Vec<Field> = Vec::new();
    for s in spots.iter().filter(|s| pages.contains(&s.page)) {
        let height = heights[s.page - 1];
        let mut name = if s.role.is_empty() { "chu_ky".to_string() } else { s.role.clone() };
        let base = name.clone();
        for k in 2.. {
            if !out.iter().any(|f| f.name == name) {
                break;
            }
            name = format!("{base}_{k}");
        }
        let rect = [r2(s.x), r2(height - s.y - s.height), r2(s.x + s.width), r2(height - s.y)];
        let signature = s.image.as_deref().and_then(|f| images.get(f).map(|img| (f, img)));
        let (signature_image, seal_image) = place(rect, signature, if s.seal { seal } else { None });
        out.push(Field {
            name,
            role: s.role.clone(),
            signer: s.name.clone(),
            page: s.page - first + 1,
            rect,
            signature_image,
            seal_image,
        });
    }
    out
}
