//! Visually signed copies (`--stamp`): the placed signature and seal images drawn onto the
//! pages of a document being cut, as image XObjects with soft masks and one extra content
//! stream per page. The signature fields stay empty and signable.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::field::Field;
use super::images::{Images, SignImage};
use super::place::Placed;

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
pub(crate) fn draw(doc: &mut Document, pages: &[ObjectId], fields: &[Field], images: &Images) -> Result<(), String> {
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
