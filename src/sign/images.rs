//! The Decree 30 signature and seal images a dossier names, read at check time from the
//! dossier's folder and checked: their header (size, transparency, resolution), and their
//! chunks and data within the limits, decoded row by row ([`crate::inspect::png`]); their pixels
//! are held only when a copy is stamped ([`super::draw`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::dossier::Dossier;
use crate::evidence::safe_relative;
use crate::host;
use crate::messages::Text;
use crate::problem::{Problems, index, join};
use crate::t;

/// The checked images of one dossier, by the path the dossier gives.
pub(crate) type Images = BTreeMap<String, SignImage>;

/// A signature or seal image, checked; its pixels are held only when a copy is stamped.
#[derive(Debug, Clone)]
pub struct SignImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Resolution from the PNG's pHYs chunk, in dots per inch, if it says.
    pub dpi: Option<f64>,
    /// The PNG file.
    pub png: Vec<u8>,
}

impl SignImage {
    /// A PNG checked as the dossier's images are (transparent, within the limits): a head's
    /// signature or an organisation's seal given to `hoso sign`.
    pub fn from_png(bytes: Vec<u8>) -> Result<SignImage, Text> {
        decode(bytes)
    }

    /// Straight RGB samples and alpha samples, 8 bits each.
    pub(crate) fn samples(&self) -> Result<(Vec<u8>, Vec<u8>), String> {
        let img = image::load_from_memory_with_format(&self.png, image::ImageFormat::Png)
            .map_err(|e| t!("file.unreadable-png", error = e.to_string()).render(crate::messages::Lang::En))?;
        let rgba = img.to_rgba8();
        let (w, h) = rgba.dimensions();
        let mut rgb = Vec::with_capacity((w * h * 3) as usize);
        let mut alpha = Vec::with_capacity((w * h) as usize);
        for p in rgba.pixels() {
            rgb.extend_from_slice(&p.0[..3]);
            alpha.push(p.0[3]);
        }
        Ok((rgb, alpha))
    }
}

/// Every image path the dossier names, with its JSON path.
fn referenced(d: &Dossier) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |path: String, file: &Option<String>| {
        if let Some(f) = file {
            out.push((path, f.clone()));
        }
    };
    add("agency.seal_image".into(), &d.agency.seal_image);
    for (k, p) in d.proposals.iter().enumerate() {
        add(join(&index("proposals", k), "signer.signature_image"), &p.signer.signature_image);
    }
    for (k, x) in d.decisions.iter().enumerate() {
        add(join(&index("decisions", k), "signer.signature_image"), &x.signer.signature_image);
    }
    if let Some(m) = &d.minutes {
        for (i, member) in m.members.iter().enumerate() {
            add(join(&index("minutes.members", i), "signature_image"), &member.signature_image);
        }
    }
    for (i, n) in d.nominees.iter().enumerate() {
        let at = index("nominees", i);
        add(join(&at, "signature_image"), &n.signature_image);
        if let Some(r) = &n.report {
            add(join(&at, "report.certifier.signature_image"), &r.certifier.signature_image);
            if let Some(h) = &r.head {
                add(join(&at, "report.head.signature_image"), &h.signature_image);
            }
        }
    }
    out
}

/// The resolution a PNG declares in its pHYs chunk, in dots per inch.
fn png_dpi(bytes: &[u8]) -> Option<f64> {
    let at = bytes.windows(4).position(|w| w == b"pHYs")?;
    let data = bytes.get(at + 4..at + 13)?;
    let ppu = u32::from_be_bytes([data[0], data[1], data[2], data[3]]) as f64;
    (data[8] == 1 && ppu > 0.0).then_some(ppu * 0.0254)
}

/// Check a PNG: its header (size, transparency, resolution), then its chunks and data within
/// the limits ([`crate::inspect::png`]), row by row.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<SignImage, Text> {
    use image::ImageDecoder;
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(t!("file.not-png"));
    }
    // Its chunks and data within the limits first: the header reader below takes a colour
    // profile whole, whatever it inflates to.
    crate::inspect::png(&bytes)?;
    let decoder = image::codecs::png::PngDecoder::new(std::io::Cursor::new(&bytes))
        .map_err(|e| t!("file.unreadable-png", error = e.to_string()))?;
    if !decoder.color_type().has_alpha() {
        return Err(t!("file.not-transparent"));
    }
    let (width, height) = decoder.dimensions();
    let dpi = png_dpi(&bytes);
    Ok(SignImage { width, height, dpi, png: bytes })
}

/// Load every signature and seal image the dossier names, from `dir` only; problems point at
/// the JSON path that names the file.
pub(crate) fn load(d: &Dossier, dir: Option<&Path>, problems: &mut Problems) -> Images {
    let mut out = BTreeMap::new();
    for (at, file) in referenced(d) {
        if out.contains_key(&file) {
            continue;
        }
        if let Err(why) = safe_relative(&file) {
            problems.error(&at, t!("file.problem", file = &file, why = why)).hint(t!("hint.image-path"));
            continue;
        }
        let Some(dir) = dir else {
            problems.error(&at, t!("file.folder-unknown", file = &file));
            continue;
        };
        match host::read_inside(dir, &PathBuf::from(&file)).and_then(decode) {
            Ok(img) => {
                out.insert(file, img);
            }
            Err(why) => {
                problems.error(&at, t!("file.problem", file = &file, why = why)).hint(t!("hint.signature-image"));
            }
        }
    }
    out
}
