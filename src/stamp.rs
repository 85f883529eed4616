//! Decree 30 signature images: the signer's blue signature centred in the room to sign, the
//! agency's red seal at real size over the left third of it. Their rectangles go to the
//! manifest (for services that compose the visible signature themselves); with `--stamp` they
//! are drawn onto the pages as each document is cut out of the dossier, for visually signed
//! copies.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use serde::Serialize;

use crate::dossier::Dossier;
use crate::evidence::safe_relative;
use crate::host;
use crate::problem::{Problems, index, join};
use crate::signature::Field;

/// Seal diameter when the PNG does not say its resolution: a common round seal, 36 mm.
const DEFAULT_SEAL_MM: f64 = 36.0;

/// A signature or seal image, checked from its header; its pixels are decoded only when a
/// copy is stamped.
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
    /// Straight RGB samples and alpha samples, 8 bits each.
    pub fn samples(&self) -> Result<(Vec<u8>, Vec<u8>), String> {
        let img = image::load_from_memory_with_format(&self.png, image::ImageFormat::Png)
            .map_err(|e| format!("is not a readable PNG ({e})"))?;
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

/// An image placed on a page: which file, where (PDF points, origin bottom-left).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placed {
    /// Path as the dossier gives it.
    pub file: String,
    /// [x0, y0, x1, y1].
    pub rect: [f64; 4],
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
    add("proposal.signer.signature_image".into(), &d.proposal.signer.signature_image);
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

/// Check a PNG from its header (size, transparency, resolution) without decoding its pixels.
fn decode(bytes: Vec<u8>) -> Result<SignImage, String> {
    use image::ImageDecoder;
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err("is not a PNG file".into());
    }
    let decoder = image::codecs::png::PngDecoder::new(std::io::Cursor::new(&bytes))
        .map_err(|e| format!("is not a readable PNG ({e})"))?;
    if !decoder.color_type().has_alpha() {
        return Err("is not transparent: Decree 30 asks for a PNG with a transparent background".into());
    }
    let (width, height) = decoder.dimensions();
    let dpi = png_dpi(&bytes);
    Ok(SignImage { width, height, dpi, png: bytes })
}

/// Load every signature and seal image the dossier names, from `dir` only; problems point at
/// the JSON path that names the file.
pub fn load(d: &Dossier, dir: Option<&Path>, problems: &mut Problems) -> BTreeMap<String, SignImage> {
    let mut out = BTreeMap::new();
    for (at, file) in referenced(d) {
        if out.contains_key(&file) {
            continue;
        }
        if let Err(why) = safe_relative(&file) {
            problems
                .error(&at, format!("\"{file}\" {why}"))
                .hint("name images by paths relative to the dossier file, inside its folder");
            continue;
        }
        let Some(dir) = dir else {
            problems.error(&at, format!("\"{file}\" cannot be read: the dossier's folder is unknown"));
            continue;
        };
        match host::read_inside(dir, &PathBuf::from(&file)).and_then(decode) {
            Ok(img) => {
                out.insert(file, img);
            }
            Err(why) => {
                problems
                    .error(&at, format!("\"{file}\" {why}"))
                    .hint("a signature image is a blue PNG and a seal a red PNG, both on a transparent background");
            }
        }
    }
    out
}

fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Where the signature and the seal go for `field`: the signature scaled into the room and
/// centred; the seal at real size (from the PNG's resolution, or 36 mm across), its right edge
/// a third of the way into the signature, centred on the room's height.
pub fn place(
    field: &Field,
    signature: Option<(&str, &SignImage)>,
    seal: Option<(&str, &SignImage)>,
) -> (Option<Placed>, Option<Placed>) {
    let [x0, y0, x1, y1] = field.rect;
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
        let anchor = sig_rect.unwrap_or([x0, y0, x1, y1]);
        let right = anchor[0] + (anchor[2] - anchor[0]) / 3.0;
        Placed { file: file.into(), rect: [right - sw, cy - sh / 2.0, right, cy + sh / 2.0].map(r2) }
    });
    (placed_sig, placed_seal)
}

/// An 8-bit image XObject of `img`'s size, compressed, with an optional soft mask.
fn image_stream(
    img: &SignImage,
    color_space: &str,
    samples: Vec<u8>,
    mask: Option<lopdf::ObjectId>,
) -> lopdf::Result<Stream> {
    let mut dict = Dictionary::from_iter([
        ("Type", Object::Name(b"XObject".to_vec())),
        ("Subtype", Object::Name(b"Image".to_vec())),
        ("Width", Object::Integer(img.width as i64)),
        ("Height", Object::Integer(img.height as i64)),
        ("ColorSpace", Object::Name(color_space.as_bytes().to_vec())),
        ("BitsPerComponent", Object::Integer(8)),
    ]);
    if let Some(id) = mask {
        dict.set("SMask", Object::Reference(id));
    }
    let mut stream = Stream::new(dict, samples);
    stream.compress()?;
    Ok(stream)
}

/// Lay the placed images onto the pages of `doc` (a document being cut, whose pages are
/// `pages` in order): image XObjects with soft masks, drawn by an extra content stream per page.
pub fn draw(
    doc: &mut Document,
    pages: &[ObjectId],
    fields: &[Field],
    images: &BTreeMap<String, SignImage>,
) -> Result<(), String> {
    let why = |e: lopdf::Error| format!("cannot stamp the signature images: {e}");
    let mut per_page: BTreeMap<usize, Vec<(String, &Placed)>> = BTreeMap::new();
    let mut xobjects: BTreeMap<&str, Object> = BTreeMap::new();
    let placed = fields.iter().flat_map(|f| {
        [f.seal_image.as_ref(), f.signature_image.as_ref()].into_iter().flatten().map(move |p| (f.page, p))
    });
    for (k, (page, p)) in placed.enumerate() {
        let img = images.get(&p.file).ok_or_else(|| format!("image {} was not loaded", p.file))?;
        if !xobjects.contains_key(p.file.as_str()) {
            let (rgb, alpha) = img.samples().map_err(|e| format!("cannot stamp {}: it {e}", p.file))?;
            let mask = image_stream(img, "DeviceGray", alpha, None).map_err(why)?;
            let mask_id = doc.add_object(mask);
            let image = image_stream(img, "DeviceRGB", rgb, Some(mask_id)).map_err(why)?;
            xobjects.insert(p.file.as_str(), Object::Reference(doc.add_object(image)));
        }
        per_page.entry(page).or_default().push((format!("HosoStamp{k}"), p));
    }
    for (page, items) in per_page {
        let page_id = *pages.get(page.wrapping_sub(1)).ok_or_else(|| format!("no page {page}"))?;
        let mut ops = String::new();
        for (name, p) in &items {
            let [x0, y0, x1, y1] = p.rect;
            ops.push_str(&format!("q {:.2} 0 0 {:.2} {:.2} {:.2} cm /{name} Do Q\n", x1 - x0, y1 - y0, x0, y0));
        }
        let content_id = doc.add_object(Stream::new(Dictionary::new(), ops.into_bytes()));
        let page_dict = doc.get_dictionary(page_id).map_err(why)?;
        let mut contents = match page_dict.get(b"Contents") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        contents.push(Object::Reference(content_id));
        // Resources may be shared or indirect: give the page its own copy with the images.
        let resolve = |o: Result<&Object, lopdf::Error>| match o {
            Ok(Object::Dictionary(d)) => d.clone(),
            Ok(Object::Reference(id)) => doc.get_dictionary(*id).cloned().unwrap_or_default(),
            _ => Dictionary::new(),
        };
        let mut resources = resolve(page_dict.get(b"Resources"));
        let mut xo = resolve(resources.get(b"XObject"));
        for (name, p) in &items {
            xo.set(name.as_bytes().to_vec(), xobjects[p.file.as_str()].clone());
        }
        resources.set("XObject", xo);
        let page = doc.get_object_mut(page_id).and_then(Object::as_dict_mut).map_err(why)?;
        page.set("Contents", contents);
        page.set("Resources", resources);
    }
    Ok(())
}
