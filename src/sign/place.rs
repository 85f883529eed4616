//! Where the Decree 30 images go in a signer's room: the blue signature scaled into the room
//! and centred, the red seal at real size over the left third of the signature.

use serde::{Deserialize, Serialize};

use super::images::SignImage;
use crate::pdf::r2;

/// Seal diameter when the PNG does not say its resolution: a common round seal, 36 mm.
const DEFAULT_SEAL_MM: f64 = 36.0;

/// An image placed on a page: which file, where (PDF points, origin bottom-left).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placed {
    /// Path as the dossier gives it.
    pub file: String,
    /// [x0, y0, x1, y1].
    pub rect: [f64; 4],
}

/// Where the signature and the seal go in the room `rect` ([x0, y0, x1, y1], PDF points): the
/// signature scaled into the room and centred; the seal at real size (from the PNG's
/// resolution, or 36 mm across), its right edge a third of the way into the signature,
/// centred on the room's height.
pub(crate) fn place(
    rect: [f64; 4],
    signature: Option<(&str, &SignImage)>,
    seal: Option<(&str, &SignImage)>,
) -> (Option<Placed>, Option<Placed>) {
    let [x0, y0, x1, y1] = rect;
    let (w, h) = (x1 - x0, y1 - y0);
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let sig_rect = signature.map(|(_, img)| {
        let scale = (w / img.width as f64).min(0.85 * h / img.height as f64);
        let (sw, sh) = (img.width as f64 * scale, img.height as f64 * scale);
        [cx - sw / 2.0, cy - sh / 2.0, cx + sw / 2.0, cy + sh / 2.0]
    });
    let placed_sig = signature.zip(sig_rect).map(|((file, _), r)| Placed { file: file.into(), rect: r.map(r2) });
    let placed_seal = seal.map(|(file, img)| {
        let (sw, sh) = match img.dpi {
            Some(dpi) => (img.width as f64 / dpi * 72.0, img.height as f64 / dpi * 72.0),
            None => {
                let d = DEFAULT_SEAL_MM * 72.0 / 25.4;
                (d * img.width as f64 / img.height.max(1) as f64, d)
            }
        };
        let anchor = sig_rect.unwrap_or(rect);
        let right = anchor[0] + (anchor[2] - anchor[0]) / 3.0;
        Placed { file: file.into(), rect: [right - sw, cy - sh / 2.0, right, cy + sh / 2.0].map(r2) }
    });
    (placed_sig, placed_seal)
}
