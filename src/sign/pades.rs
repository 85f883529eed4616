//! One PAdES signature in one of hoso's empty fields, as one incremental update: the field's
//! value becomes a signature dictionary (`/SubFilter /ETSI.CAdES.detached`) whose `/Contents`
//! is a zero-filled hole, its widget gets the Decree 30 appearance (the head's signature image
//! centred, or the organisation's seal at real size), and the catalog's form says it holds
//! signatures. [`prepare`] returns the file with the hole and the SHA-256 of every byte but the
//! hole; the CMS made over that digest ([`super::cms`]) goes into the hole with [`finish`].
//!
//! The organisation's signature (Decree 30, Phụ lục I II.8.a) needs a field of its own over
//! the head's: [`Target::NewField`] adds it in the same update, on the head's page, where the
//! seal goes.

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};

use super::images::SignImage;
use super::revision::Revision;
use crate::pdf;

/// Which field a signature fills.
#[derive(Debug, Clone)]
pub enum Target {
    /// An empty field the document already has, by its name (`/T`).
    Field(String),
    /// A new field added by this signature (the organisation's over the head's): its name,
    /// page (from 1) and rectangle [x0, y0, x1, y1] in PDF points.
    NewField {
        /// Field name, unique in the document.
        name: String,
        /// Page, from 1.
        page: usize,
        /// Rectangle in PDF points, origin bottom-left.
        rect: [f64; 4],
    },
}

/// An image drawn in a signature's appearance, with its place on the page (PDF points).
#[derive(Debug, Clone)]
pub struct Drawn {
    /// The PNG, checked (`crate::sign::images`).
    pub image: SignImage,
    /// [x0, y0, x1, y1] on the page.
    pub rect: [f64; 4],
}

/// What one signature's update writes besides the hole.
#[derive(Debug, Clone)]
pub struct Request {
    /// The field it fills.
    pub target: Target,
    /// Images drawn in its appearance (none: an invisible appearance, as Decree 30 asks of
    /// attachments).
    pub images: Vec<Drawn>,
    /// The signing time the signer claims (`/M`), as a PDF date string
    /// (`D:20261202153000+07'00'`).
    pub time: String,
    /// The signer's name (`/Name`).
    pub name: String,
    /// Bytes reserved for the CMS (the hole holds twice as many hex digits).
    pub reserve: usize,
    /// A one-page PDF drawn at the field's lower-left corner, at its size: the text of an
    /// attachment's signature ([`crate::Engine::signature_text`]).
    pub text: Option<Vec<u8>>,
}

/// A file with its new revision written and the hole still empty.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Prepared {
    /// The whole file; the hole is zeros.
    #[serde(with = "b64")]
    pub bytes: Vec<u8>,
    /// Offsets of `<` and just after `>` of `/Contents`.
    pub hole: (usize, usize),
    /// SHA-256 of the bytes outside the hole (the `/ByteRange`), what the CMS's messageDigest says.
    #[serde(with = "b64")]
    pub digest: Vec<u8>,
}

mod b64 {
    pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::pdf::base64(v))
    }
    pub fn deserialize<'d, D: serde::Deserializer<'d>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s: String = serde::Deserialize::deserialize(d)?;
        crate::pdf::from_base64(&s).ok_or_else(|| serde::de::Error::custom("not base64"))
    }
}

/// Placeholder the `/ByteRange` is written with, then overwritten in place (same width).
const RANGE_PLACEHOLDER: &str = "[0 0000000000 0000000000 0000000000]";

/// The signature fields of a PDF: (name, filled).
pub fn fields(pdf: &[u8]) -> Result<Vec<(String, bool)>, String> {
    let rev = Revision::new(pdf)?;
    Ok(signature_fields(&rev.doc).into_iter().map(|(name, _, d)| (name, d.get(b"V").is_ok())).collect())
}

/// The signature fields (`/FT /Sig`) of the form of `doc`: name, object, dictionary.
pub(crate) fn signature_fields(doc: &lopdf::Document) -> Vec<(String, ObjectId, Dictionary)> {
    field_ids(doc)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|id| {
            let d = doc.get_dictionary(id).ok()?;
            (d.get(b"FT").and_then(Object::as_name).ok()? == b"Sig").then(|| (name_of(d), id, d.clone()))
        })
        .collect()
}

fn name_of(d: &Dictionary) -> String {
    match d.get(b"T") {
        Ok(Object::String(s, _)) => lopdf::decode_text_string(&Object::String(s.clone(), StringFormat::Literal))
            .unwrap_or_else(|_| String::from_utf8_lossy(s).into_owned()),
        _ => String::new(),
    }
}

fn acroform(doc: &lopdf::Document, root: ObjectId) -> Option<(Option<ObjectId>, Dictionary)> {
    let cat = doc.get_dictionary(root).ok()?;
    match cat.get(b"AcroForm").ok()? {
        Object::Reference(id) => Some((Some(*id), doc.get_dictionary(*id).ok()?.clone())),
        Object::Dictionary(d) => Some((None, d.clone())),
        _ => None,
    }
}

fn field_ids(doc: &lopdf::Document) -> Result<Vec<ObjectId>, String> {
    let root = doc.trailer.get(b"Root").and_then(Object::as_reference).map_err(|_| "no catalog".to_string())?;
    let Some((_, form)) = acroform(doc, root) else { return Ok(Vec::new()) };
    let fields = match form.get(b"Fields") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(Object::Reference(id)) => doc.get_object(*id).and_then(Object::as_array).cloned().unwrap_or_default(),
        _ => Vec::new(),
    };
    Ok(fields.iter().filter_map(|o| o.as_reference().ok()).collect())
}

/// Write the update that fills `req.target`, leaving the hole for the CMS.
pub fn prepare(pdf: &[u8], req: &Request) -> Result<Prepared, String> {
    let mut rev = Revision::new(pdf)?;
    let root = rev.root()?;
    let (form_id, mut form) = acroform(&rev.doc, root).unwrap_or((None, Dictionary::new()));
    let sig_id = rev.reserve();

    let (widget_id, mut widget, page_id) = match &req.target {
        Target::Field(name) => {
            let id = field_ids(&rev.doc)?
                .into_iter()
                .find(|id| rev.doc.get_dictionary(*id).is_ok_and(|d| name_of(d) == *name))
                .ok_or_else(|| format!("the document has no signature field {name}"))?;
            let w = rev.doc.get_dictionary(id).map_err(|e| e.to_string())?.clone();
            if w.get(b"V").is_ok() {
                return Err(format!("field {name} is already signed"));
            }
            let page = w.get(b"P").and_then(Object::as_reference).map_err(|_| format!("field {name} has no page"))?;
            (id, w, page)
        }
        Target::NewField { name, page, rect } => {
            if field_ids(&rev.doc)?.iter().any(|id| rev.doc.get_dictionary(*id).is_ok_and(|d| name_of(d) == *name)) {
                return Err(format!("field {name} already exists"));
            }
            let pages = rev.doc.get_pages();
            let page_id = *pages.get(&(*page as u32)).ok_or_else(|| format!("the document has no page {page}"))?;
            let id = rev.reserve();
            let mut w = Dictionary::new();
            w.set("Type", "Annot");
            w.set("Subtype", "Widget");
            w.set("FT", "Sig");
            w.set("T", Object::String(name.clone().into_bytes(), StringFormat::Literal));
            w.set("Rect", rect.iter().map(|v| Object::Real(*v as f32)).collect::<Vec<_>>());
            w.set("F", 4);
            w.set("P", page_id);
            // The page lists the new widget.
            let mut page_dict = rev.doc.get_dictionary(page_id).map_err(|e| e.to_string())?.clone();
            let mut annots = match page_dict.get(b"Annots") {
                Ok(Object::Array(a)) => a.clone(),
                Ok(Object::Reference(r)) => {
                    rev.doc.get_object(*r).and_then(Object::as_array).cloned().unwrap_or_default()
                }
                _ => Vec::new(),
            };
            annots.push(Object::Reference(id));
            page_dict.set("Annots", annots);
            rev.put(page_id, &Object::Dictionary(page_dict))?;
            let mut fields = match form.get(b"Fields") {
                Ok(Object::Array(a)) => a.clone(),
                _ => Vec::new(),
            };
            fields.push(Object::Reference(id));
            form.set("Fields", fields);
            (id, w, page_id)
        }
    };
    let _ = page_id;

    // The appearance: the images, drawn in the widget's rectangle.
    let rect = rect_of(&widget)?;
    let text = match &req.text {
        Some(pdf) => Some(import_page(&mut rev, pdf)?),
        None => None,
    };
    let ap = appearance(&mut rev, rect, &req.images, text)?;
    widget.set("AP", Dictionary::from_iter([("N", Object::Reference(ap))]));
    widget.set("V", Object::Reference(sig_id));
    rev.put(widget_id, &Object::Dictionary(widget))?;

    // The form: holds signatures, appended to only (SigFlags 3).
    form.set("SigFlags", 3);
    match form_id {
        Some(id) => rev.put(id, &Object::Dictionary(form))?,
        None => {
            let mut cat = rev.doc.get_dictionary(root).map_err(|e| e.to_string())?.clone();
            cat.set("AcroForm", Object::Dictionary(form));
            rev.put(root, &Object::Dictionary(cat))?;
        }
    }

    // The signature dictionary, with its hole.
    let mut raw = Vec::new();
    raw.extend(b"<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached");
    let mut name = Vec::new();
    lopdf::Writer::write_object(&mut name, &pdf::text_string(&req.name)).map_err(|e| e.to_string())?;
    raw.extend(b"/Name");
    raw.extend(name);
    raw.extend(format!("/M({})", req.time).as_bytes());
    raw.extend(format!("/ByteRange{RANGE_PLACEHOLDER}/Contents<").as_bytes());
    raw.extend(std::iter::repeat_n(b'0', req.reserve * 2));
    raw.extend(b">>>");
    rev.put_raw(sig_id, raw);

    let base_len = pdf.len();
    let mut bytes = rev.write()?;
    // Find the hole: the signature dictionary is the only one with the placeholder.
    let marker = format!("/ByteRange{RANGE_PLACEHOLDER}/Contents<");
    let at = find(&bytes[base_len..], marker.as_bytes()).ok_or("the signature's hole was not written")? + base_len;
    let range_at = at + "/ByteRange".len();
    let start = at + marker.len() - 1;
    let end = start + 1 + req.reserve * 2 + 1;
    debug_assert_eq!(bytes[end - 1], b'>');
    let range = format!("[0 {start} {end} {}]", bytes.len() - end);
    let padded = format!("{range:<width$}", width = RANGE_PLACEHOLDER.len());
    bytes[range_at..range_at + padded.len()].copy_from_slice(padded.as_bytes());
    let mut h = Sha256::new();
    h.update(&bytes[..start]);
    h.update(&bytes[end..]);
    Ok(Prepared { bytes, hole: (start, end), digest: h.finalize().to_vec() })
}

/// The rectangle of the field `name` ([x0, y0, x1, y1], PDF points).
pub fn field_rect(pdf: &[u8], name: &str) -> Result<[f64; 4], String> {
    let rev = Revision::new(pdf)?;
    let id = field_ids(&rev.doc)?
        .into_iter()
        .find(|id| rev.doc.get_dictionary(*id).is_ok_and(|d| name_of(d) == name))
        .ok_or_else(|| format!("the document has no signature field {name}"))?;
    rect_of(rev.doc.get_dictionary(id).map_err(|e| e.to_string())?)
}

/// Where a signature image goes in a field's rectangle: scaled into it and centred (Phụ lục I
/// II.7.d).
pub fn centred(rect: [f64; 4], image: &SignImage) -> [f64; 4] {
    super::place::place(rect, Some(("", image)), None).0.map_or(rect, |p| p.rect)
}

/// Put the DER `cms` into the prepared file's hole.
pub fn finish(mut p: Prepared, cms: &[u8]) -> Result<Vec<u8>, String> {
    let room = (p.hole.1 - p.hole.0 - 2) / 2;
    if cms.len() > room {
        return Err(format!("the signature takes {} bytes, {room} were reserved", cms.len()));
    }
    let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
    p.bytes[p.hole.0 + 1..p.hole.0 + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(p.bytes)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rect_of(w: &Dictionary) -> Result<[f64; 4], String> {
    let a = w.get(b"Rect").and_then(Object::as_array).map_err(|_| "the field has no rectangle".to_string())?;
    let v: Vec<f64> = a.iter().filter_map(|o| o.as_float().ok().map(f64::from)).collect();
    match v[..] {
        [x0, y0, x1, y1] => Ok([x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)]),
        _ => Err("the field's rectangle is not four numbers".into()),
    }
}

/// An image XObject (8-bit, compressed) with an optional soft mask.
fn image_object(
    width: u32,
    height: u32,
    space: &str,
    samples: Vec<u8>,
    mask: Option<ObjectId>,
) -> Result<Stream, String> {
    let mut dict = Dictionary::from_iter([
        ("Type", Object::Name(b"XObject".to_vec())),
        ("Subtype", Object::Name(b"Image".to_vec())),
        ("Width", Object::Integer(width as i64)),
        ("Height", Object::Integer(height as i64)),
        ("ColorSpace", Object::Name(space.as_bytes().to_vec())),
        ("BitsPerComponent", Object::Integer(8)),
    ]);
    if let Some(id) = mask {
        dict.set("SMask", Object::Reference(id));
    }
    let mut s = Stream::new(dict, samples);
    s.compress().map_err(|e| e.to_string())?;
    Ok(s)
}

/// The widget's normal appearance: a form XObject of the rectangle's size drawing `images`
/// where they go (an empty one when there are none).
fn appearance(
    rev: &mut Revision,
    rect: [f64; 4],
    images: &[Drawn],
    text: Option<ObjectId>,
) -> Result<ObjectId, String> {
    let (w, h) = (pdf::r2(rect[2] - rect[0]), pdf::r2(rect[3] - rect[1]));
    let mut xobjects = Dictionary::new();
    let mut ops = String::new();
    if let Some(id) = text {
        xobjects.set("Tx0", Object::Reference(id));
        ops.push_str("q /Tx0 Do Q\n");
    }
    for (k, d) in images.iter().enumerate() {
        let (rgb, alpha) = d.image.samples()?;
        let mask = rev.add(&Object::Stream(image_object(d.image.width, d.image.height, "DeviceGray", alpha, None)?))?;
        let img =
            rev.add(&Object::Stream(image_object(d.image.width, d.image.height, "DeviceRGB", rgb, Some(mask))?))?;
        let name = format!("Im{k}");
        xobjects.set(name.as_bytes().to_vec(), Object::Reference(img));
        let [x0, y0, x1, y1] = d.rect;
        ops.push_str(&format!(
            "q {:.2} 0 0 {:.2} {:.2} {:.2} cm /{name} Do Q\n",
            x1 - x0,
            y1 - y0,
            x0 - rect[0],
            y0 - rect[1]
        ));
    }
    let mut dict = Dictionary::new();
    dict.set("Type", "XObject");
    dict.set("Subtype", "Form");
    dict.set("BBox", vec![0.into(), 0.into(), Object::Real(w as f32), Object::Real(h as f32)]);
    let mut res = Dictionary::new();
    if !xobjects.is_empty() {
        res.set("XObject", xobjects);
    }
    dict.set("Resources", res);
    let mut s = Stream::new(dict, ops.into_bytes());
    s.compress().map_err(|e| e.to_string())?;
    rev.add(&Object::Stream(s))
}

/// The size ([width, height], points) of the first page of `pdf`.
pub fn page_size(pdf: &[u8], page: usize) -> Result<[f64; 2], String> {
    let doc = lopdf::Document::load_mem(pdf).map_err(|e| e.to_string())?;
    let id = *doc.get_pages().get(&(page as u32)).ok_or_else(|| format!("no page {page}"))?;
    let b = media_box(&doc, id)?;
    Ok([b[2] - b[0], b[3] - b[1]])
}

fn media_box(doc: &lopdf::Document, mut id: ObjectId) -> Result<[f64; 4], String> {
    for _ in 0..32 {
        let d = doc.get_dictionary(id).map_err(|e| e.to_string())?;
        if let Ok(a) = d.get(b"MediaBox").and_then(|o| match o {
            Object::Reference(r) => doc.get_object(*r).and_then(Object::as_array),
            other => other.as_array(),
        }) {
            let v: Vec<f64> = a.iter().filter_map(|o| o.as_float().ok().map(f64::from)).collect();
            if let [x0, y0, x1, y1] = v[..] {
                return Ok([x0, y0, x1, y1]);
            }
        }
        id = d.get(b"Parent").and_then(Object::as_reference).map_err(|_| "no MediaBox".to_string())?;
    }
    Err("no MediaBox".into())
}

/// The first page of `pdf` as a form XObject of this revision, every object it uses copied.
fn import_page(rev: &mut Revision, pdf: &[u8]) -> Result<ObjectId, String> {
    let src = lopdf::Document::load_mem(pdf).map_err(|e| format!("the signature text does not parse: {e}"))?;
    let page = *src.get_pages().get(&1).ok_or("the signature text has no page")?;
    let b = media_box(&src, page)?;
    let content = src.get_page_content(page);
    let resources = src
        .get_dictionary(page)
        .map_err(|e| e.to_string())?
        .get(b"Resources")
        .cloned()
        .unwrap_or(Object::Dictionary(Dictionary::new()));
    let mut map = std::collections::HashMap::new();
    let resources = copy_object(&src, rev, &resources, &mut map)?;
    let mut dict = Dictionary::new();
    dict.set("Type", "XObject");
    dict.set("Subtype", "Form");
    dict.set("BBox", b.iter().map(|v| Object::Real(*v as f32)).collect::<Vec<_>>());
    dict.set("Resources", resources);
    let mut s = Stream::new(dict, content);
    s.compress().map_err(|e| e.to_string())?;
    rev.add(&Object::Stream(s))
}

fn copy_object(
    src: &lopdf::Document,
    rev: &mut Revision,
    o: &Object,
    map: &mut std::collections::HashMap<ObjectId, ObjectId>,
) -> Result<Object, String> {
    Ok(match o {
        Object::Reference(id) => {
            if let Some(n) = map.get(id) {
                return Ok(Object::Reference(*n));
            }
            let n = rev.reserve();
            map.insert(*id, n);
            let target = src.get_object(*id).map_err(|e| e.to_string())?.clone();
            let copied = copy_object(src, rev, &target, map)?;
            rev.put(n, &copied)?;
            Object::Reference(n)
        }
        Object::Array(a) => Object::Array(a.iter().map(|x| copy_object(src, rev, x, map)).collect::<Result<_, _>>()?),
        Object::Dictionary(d) => Object::Dictionary(copy_dict(src, rev, d, map)?),
        Object::Stream(s) => {
            let mut c = s.clone();
            c.dict = copy_dict(src, rev, &s.dict, map)?;
            Object::Stream(c)
        }
        other => other.clone(),
    })
}

fn copy_dict(
    src: &lopdf::Document,
    rev: &mut Revision,
    d: &Dictionary,
    map: &mut std::collections::HashMap<ObjectId, ObjectId>,
) -> Result<Dictionary, String> {
    let mut out = Dictionary::new();
    for (k, v) in d.iter() {
        if k.as_slice() == b"Parent" || k.as_slice() == b"StructParents" {
            continue;
        }
        out.set(k.clone(), copy_object(src, rev, v, map)?);
    }
    Ok(out)
}

/// A PDF date string for `t`: `D:YYYYMMDDHHmmSS+07'00'`.
pub fn pdf_date(t: &chrono::DateTime<chrono::FixedOffset>) -> String {
    let off = t.offset().local_minus_utc();
    let sign = if off < 0 { '-' } else { '+' };
    let off = off.abs();
    format!("D:{}{sign}{:02}'{:02}'", t.format("%Y%m%d%H%M%S"), off / 3600, off % 3600 / 60)
}
