//! What a file given as evidence or as an image really holds, found before it is decoded or
//! converted, so a small hostile file is refused with a clear message instead of taking the
//! machine ([`crate::limits`]): an image's pixels and its compressed side chunks (a PNG's
//! colour profile), a PDF's pages, objects, inflated streams, images and the drawings its
//! pages make of one another (a form that draws itself). Every check is bounded in time and
//! memory by the limits it enforces.

use std::collections::HashMap;
use std::io::Read;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::limits::{
    MAX_JPEG_DECODE, MAX_PDF_DRAWINGS, MAX_PDF_INFLATED, MAX_PDF_NESTING, MAX_PDF_OBJECTS, MAX_PDF_PAGES,
    MAX_PDF_STREAM, MAX_PIXELS, MAX_PNG_CHUNK,
};
use crate::messages::Text;
use crate::t;

/// Refuse an image of `w` × `h` pixels past [`MAX_PIXELS`], before any decoding.
pub(crate) fn within_pixels(w: u32, h: u32) -> Result<(), Text> {
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(t!("file.too-many-pixels", width = w, height = h, max = MAX_PIXELS / 1_000_000));
    }
    Ok(())
}

fn unreadable(e: &dyn std::fmt::Display) -> Text {
    t!("file.unreadable-image", error = e.to_string())
}

/// Check a PNG without holding its pixels: its chunks are walked (the size in its header
/// within [`MAX_PIXELS`], each colour profile and compressed text inflated to at most
/// [`MAX_PNG_CHUNK`]), then its image data decoded row by row, so a file that cannot be
/// decoded is refused here rather than by the PDF writer. Returns its width and height.
pub(crate) fn png(bytes: &[u8]) -> Result<(u32, u32), Text> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) {
        return Err(unreadable(&"not a PNG file"));
    }
    let mut at = SIGNATURE.len();
    let mut size = None;
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as usize;
        let kind = &bytes[at + 4..at + 8];
        let data = bytes.get(at + 8..at + 8 + len).ok_or_else(|| unreadable(&"the file is cut short"))?;
        match kind {
            b"IHDR" if data.len() >= 8 => {
                let w = u32::from_be_bytes(data[0..4].try_into().expect("4 bytes"));
                let h = u32::from_be_bytes(data[4..8].try_into().expect("4 bytes"));
                within_pixels(w, h)?;
                size = Some((w, h));
            }
            b"iCCP" | b"zTXt" => {
                // keyword, NUL, compression method, the compressed bytes
                let start = data.iter().position(|&b| b == 0).map_or(data.len(), |k| k + 2);
                inflated_within(data.get(start..).unwrap_or_default(), kind)?;
            }
            b"iTXt" => {
                // keyword, NUL, compression flag, method, language, NUL, translated keyword, NUL, text
                if let Some(k) = data.iter().position(|&b| b == 0)
                    && data.get(k + 1) == Some(&1)
                {
                    let rest = data.get(k + 3..).unwrap_or_default();
                    let mut nuls = rest.iter().enumerate().filter(|(_, b)| **b == 0).map(|(i, _)| i);
                    if let (Some(_), Some(second)) = (nuls.next(), nuls.next()) {
                        inflated_within(&rest[second + 1..], kind)?;
                    }
                }
            }
            b"IEND" => break,
            _ => {}
        }
        at += 12 + len;
    }
    let size = size.ok_or_else(|| unreadable(&"no IHDR chunk"))?;
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_ignore_text_chunk(true);
    let mut reader = decoder.read_info().map_err(|e| unreadable(&e))?;
    while reader.next_row().map_err(|e| unreadable(&e))?.is_some() {}
    Ok(size)
}

/// Inflate a PNG side chunk's zlib data, refusing it past [`MAX_PNG_CHUNK`].
fn inflated_within(zlib: &[u8], kind: &[u8]) -> Result<(), Text> {
    let mut sink = std::io::sink();
    let mut limited = flate2::read::ZlibDecoder::new(zlib).take(MAX_PNG_CHUNK as u64 + 1);
    let n = std::io::copy(&mut limited, &mut sink).unwrap_or(0);
    if n > MAX_PNG_CHUNK as u64 {
        return Err(t!(
            "file.png-chunk-too-large",
            chunk = String::from_utf8_lossy(kind).into_owned(),
            max = MAX_PNG_CHUNK >> 20
        ));
    }
    Ok(())
}

/// Check a JPEG by decoding it whole, within [`MAX_PIXELS`] and an allocation limit, so a file
/// the PDF writer could not read (no quantisation tables, cut short) is refused here. Returns
/// its width and height.
pub(crate) fn jpeg(bytes: &[u8]) -> Result<(u32, u32), Text> {
    let reader = || image::ImageReader::with_format(std::io::Cursor::new(bytes), image::ImageFormat::Jpeg);
    let (w, h) = reader().into_dimensions().map_err(|e| unreadable(&e))?;
    within_pixels(w, h)?;
    // Embedded as it is, so it must be whole: its end marker near its end.
    let ends = bytes.len() > 4 && bytes.windows(2).rev().take(64).any(|w| w == [0xFF, 0xD9]);
    if w == 0 || h == 0 || !ends {
        return Err(unreadable(&"the file is cut short"));
    }
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_JPEG_DECODE);
    let mut r = reader();
    r.limits(limits);
    r.decode().map_err(|e| unreadable(&e))?;
    Ok((w, h))
}

/// Check an evidence PDF before any page of it is converted: at most [`MAX_PDF_PAGES`] pages
/// and [`MAX_PDF_OBJECTS`] objects, every stream inflating to at most [`MAX_PDF_STREAM`] and all
/// of them to [`MAX_PDF_INFLATED`], every image (inline ones too) within [`MAX_PIXELS`], and the
/// forms, patterns and glyphs its pages draw never drawing themselves, at most
/// [`MAX_PDF_NESTING`] deep and [`MAX_PDF_DRAWINGS`] in all per page. Returns its page count.
pub(crate) fn pdf(bytes: &[u8]) -> Result<usize, Text> {
    let bad = |e: &dyn std::fmt::Display| t!("file.unreadable-pdf", error = e.to_string());
    let options = lopdf::LoadOptions { max_decompressed_size: Some(MAX_PDF_STREAM), ..Default::default() };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            t!("file.pdf-stream-too-large", max = MAX_PDF_STREAM >> 20)
        }
        e => bad(&e),
    })?;
    if doc.objects.len() > MAX_PDF_OBJECTS {
        return Err(t!("file.pdf-too-many-objects", objects = doc.objects.len(), max = MAX_PDF_OBJECTS));
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PDF_PAGES {
        return Err(t!("file.pdf-too-many-pages", pages = pages.len(), max = MAX_PDF_PAGES));
    }
    // Every stream, inflated within its bound; the drawings (content) kept for the walk below.
    let mut total = 0usize;
    let mut contents: HashMap<ObjectId, Vec<u8>> = HashMap::new();
    for (id, object) in &doc.objects {
        let Object::Stream(stream) = object else { continue };
        if let (Ok(w), Ok(h)) = (stream.dict.get(b"Width"), stream.dict.get(b"Height"))
            && is_name(stream.dict.get(b"Subtype").ok(), b"Image")
        {
            within_pixels(dimension(w), dimension(h))?;
        }
        let filters = stream.filters().unwrap_or_default();
        let codec =
            filters.iter().any(|f| matches!(*f, b"DCTDecode" | b"JPXDecode" | b"JBIG2Decode" | b"CCITTFaxDecode"));
        if codec {
            total += stream.content.len();
            continue;
        }
        let too_large = t!("file.pdf-stream-too-large", max = MAX_PDF_STREAM >> 20);
        let content = match stream.decompressed_content_with_limit(MAX_PDF_STREAM) {
            Ok(c) => c,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => return Err(too_large),
            // A stream that does not decode is the renderer's to skip, not a bomb.
            Err(_) => continue,
        };
        total += content.len();
        if total > MAX_PDF_INFLATED {
            return Err(t!("file.pdf-inflates-too-much", max = MAX_PDF_INFLATED >> 20));
        }
        contents.insert(*id, content);
    }
    for &page in pages.values() {
        let mut walk = Drawings { doc: &doc, contents: &contents, path: Vec::new(), drawn: 0 };
        let resources = page_resources(&doc, page);
        let content: Vec<u8> =
            doc.get_page_contents(page).iter().flat_map(|id| contents.get(id).cloned().unwrap_or_default()).collect();
        walk.content(&content, &resources, 0)?;
    }
    Ok(pages.len())
}

fn is_name(o: Option<&Object>, name: &[u8]) -> bool {
    o.and_then(|o| o.as_name().ok()) == Some(name)
}

/// A width or height as a PDF gives it, clamped into `u32` (a negative or absurd one is as
/// absurd as the largest).
fn dimension(o: &Object) -> u32 {
    match o {
        Object::Integer(i) => (*i).clamp(0, i64::from(u32::MAX)) as u32,
        Object::Real(r) => r.clamp(0.0, u32::MAX as f32) as u32,
        _ => 0,
    }
}

/// A page's resources, merged from the page and the nodes above it (inherited).
fn page_resources(doc: &Document, page: ObjectId) -> Dictionary {
    let mut merged = Dictionary::new();
    if let Ok((own, ids)) = doc.get_page_resources(page) {
        let dicts = own.into_iter().chain(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
        for d in dicts {
            for (k, v) in d.iter() {
                if !merged.has(k) {
                    merged.set(k.clone(), v.clone());
                }
            }
        }
    }
    merged
}

/// The walk of what one page draws: each form, tiling pattern and Type 3 glyph it may draw,
/// with the resources in force there (a form without its own inherits its caller's).
struct Drawings<'d> {
    doc: &'d Document,
    contents: &'d HashMap<ObjectId, Vec<u8>>,
    /// The drawings being drawn, outermost first: one seen again here draws itself.
    path: Vec<ObjectId>,
    /// Drawings made so far on this page.
    drawn: usize,
}

impl Drawings<'_> {
    fn dict<'a>(&'a self, o: &'a Object) -> Option<&'a Dictionary> {
        match self.doc.dereference(o).ok()?.1 {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }

    /// Walk `content` drawn with `resources` at `depth`.
    fn content(&mut self, content: &[u8], resources: &Dictionary, depth: usize) -> Result<(), Text> {
        inline_images(content)?;
        // Every named resource the content may draw, with how many times it names it.
        let uses = names_used(content);
        for kind in [b"XObject".as_slice(), b"Pattern", b"Font"] {
            let Some(entries) = resources.get(kind).ok().and_then(|o| self.dict(o)).cloned() else { continue };
            for (name, entry) in entries.iter() {
                let times = uses.get(name.as_slice()).copied().unwrap_or(0);
                if times == 0 {
                    continue;
                }
                let Ok(id) = entry.as_reference() else { continue };
                let Ok(Object::Stream(_) | Object::Dictionary(_)) = self.doc.get_object(id) else { continue };
                let drawn = self.doc.get_object(id).ok().and_then(|o| self.dict(o)).cloned();
                let Some(d) = drawn else { continue };
                let draws = match kind {
                    b"XObject" => is_name(d.get(b"Subtype").ok(), b"Form"),
                    b"Pattern" => d.get(b"PatternType").ok().and_then(|o| o.as_i64().ok()) == Some(1),
                    _ => is_name(d.get(b"Subtype").ok(), b"Type3"),
                };
                if !draws {
                    continue;
                }
                self.drawing(id, &d, resources, depth, times)?;
            }
        }
        Ok(())
    }

    fn drawing(
        &mut self,
        id: ObjectId,
        d: &Dictionary,
        caller: &Dictionary,
        depth: usize,
        times: usize,
    ) -> Result<(), Text> {
        if self.path.contains(&id) {
            return Err(t!("file.pdf-draws-itself"));
        }
        if depth + 1 > MAX_PDF_NESTING {
            return Err(t!("file.pdf-too-deep", max = MAX_PDF_NESTING));
        }
        self.drawn = self.drawn.saturating_add(times);
        if self.drawn > MAX_PDF_DRAWINGS {
            return Err(t!("file.pdf-too-many-drawings", max = MAX_PDF_DRAWINGS));
        }
        let own = d.get(b"Resources").ok().and_then(|o| self.dict(o)).cloned();
        let resources = own.unwrap_or_else(|| caller.clone());
        self.path.push(id);
        // A form's or pattern's own content; a Type 3 font's glyphs, each a content.
        let mut bodies: Vec<Vec<u8>> = Vec::new();
        if let Some(c) = self.contents.get(&id) {
            bodies.push(c.clone());
        }
        if let Some(procs) = d.get(b"CharProcs").ok().and_then(|o| self.dict(o)) {
            for (_, p) in procs.iter() {
                if let Ok(pid) = p.as_reference()
                    && let Some(c) = self.contents.get(&pid)
                {
                    bodies.push(c.clone());
                }
            }
        }
        for body in bodies {
            // What a drawing drawn `times` times draws, it draws `times` times over.
            let before = self.drawn;
            self.content(&body, &resources, depth + 1)?;
            let inner = self.drawn - before;
            self.drawn = self.drawn.saturating_add(inner.saturating_mul(times.saturating_sub(1)));
            if self.drawn > MAX_PDF_DRAWINGS {
                return Err(t!("file.pdf-too-many-drawings", max = MAX_PDF_DRAWINGS));
            }
        }
        self.path.pop();
        Ok(())
    }
}

/// Each name (`/Fm0`) a content stream uses, with how many times: a generous reading of what it
/// draws (a name used as an operand of anything counts).
fn names_used(content: &[u8]) -> HashMap<&[u8], usize> {
    let mut out = HashMap::new();
    let mut i = 0;
    while i < content.len() {
        match content[i] {
            b'/' => {
                let start = i + 1;
                i = start;
                while i < content.len() && !is_delimiter(content[i]) {
                    i += 1;
                }
                *out.entry(&content[start..i]).or_insert(0) += 1;
            }
            b'(' => i = skip_string(content, i),
            _ => i += 1,
        }
    }
    out
}

fn is_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'/' | b'[' | b']' | b'(' | b')' | b'<' | b'>' | b'{' | b'}' | b'%')
}

/// One past the end of the literal string starting at `at` (nested parentheses, escapes).
fn skip_string(content: &[u8], at: usize) -> usize {
    let (mut depth, mut i) = (0usize, at);
    while i < content.len() {
        match content[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    content.len()
}

/// Inline images (`BI … ID … EI`) within [`MAX_PIXELS`], by their `/W` and `/H` (or `/Width`,
/// `/Height`).
fn inline_images(content: &[u8]) -> Result<(), Text> {
    let mut i = 0;
    while let Some(k) = find(content, i, b"BI") {
        i = k + 2;
        let boundary = |at: usize| at == 0 || is_delimiter(content[at - 1]);
        if !boundary(k) || content.get(k + 2).is_some_and(|b| !is_delimiter(*b)) {
            continue;
        }
        let end = find(content, i, b"ID").unwrap_or(content.len());
        let dict = &content[i..end];
        let number = |keys: &[&[u8]]| -> u32 {
            keys.iter()
                .find_map(|key| {
                    let at = find(dict, 0, key)?;
                    let rest = &dict[at + key.len()..];
                    if rest.first().is_some_and(|b| !b.is_ascii_whitespace()) {
                        return None;
                    }
                    let digits: String =
                        String::from_utf8_lossy(rest).trim_start().chars().take_while(char::is_ascii_digit).collect();
                    digits.parse::<u64>().ok().map(|n| n.min(u64::from(u32::MAX)) as u32)
                })
                .unwrap_or(0)
        };
        within_pixels(number(&[b"/Width", b"/W"]), number(&[b"/Height", b"/H"]))?;
        i = end;
    }
    Ok(())
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_inline_images() {
        let c = b"q /Fm0 Do /Fm0 Do (a /Fake) Tj Q BI /W 100000 /H 100000 /BPC 8 ID xx EI";
        let n = names_used(c);
        assert_eq!(n.get(b"Fm0".as_slice()), Some(&2));
        assert!(!n.contains_key(b"Fake".as_slice()), "names inside strings are text");
        assert!(inline_images(c).is_err());
        assert!(inline_images(b"BI /W 10 /H 10 ID x EI").is_ok());
    }
}
