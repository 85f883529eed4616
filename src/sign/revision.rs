//! One incremental update of a PDF: new and changed objects written after the file's last
//! byte, with their own cross-reference section and a trailer pointing back at the one before
//! (`/Prev`), so the earlier bytes stay a prefix of the result and every earlier signature
//! keeps covering exactly what it covered.
//!
//! hoso's documents have classic cross-reference tables (`crate::cut`), so an update writes a
//! classic table too; the trailer keeps `/Root`, `/Info` and `/ID`, as PDF/A-2 asks of every
//! revision.

use std::collections::BTreeMap;

use lopdf::{Document, Object, ObjectId, Writer};

/// An update being built on top of `base` (the whole file as it is now).
pub(crate) struct Revision<'a> {
    base: &'a [u8],
    /// The file parsed, every revision applied.
    pub doc: Document,
    next: u32,
    /// Object number → the object's bytes between `obj` and `endobj`.
    objects: BTreeMap<u32, Vec<u8>>,
}

/// Where the last cross-reference section starts: the number after the last `startxref`.
pub(crate) fn last_startxref(bytes: &[u8]) -> Option<usize> {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let rest = std::str::from_utf8(&tail[at + 9..]).ok()?;
    rest.split_whitespace().next()?.parse().ok()
}

impl<'a> Revision<'a> {
    /// Start an update of `base`.
    pub(crate) fn new(base: &'a [u8]) -> Result<Self, String> {
        let doc = Document::load_mem(base).map_err(|e| format!("the PDF does not parse: {e}"))?;
        if doc.trailer.get(b"Encrypt").is_ok() {
            return Err("the PDF is encrypted".into());
        }
        let next = doc.max_id.max(size_of(&doc).saturating_sub(1)) + 1;
        Ok(Revision { base, doc, next, objects: BTreeMap::new() })
    }

    /// A fresh object number for an object of this revision.
    pub(crate) fn reserve(&mut self) -> ObjectId {
        let id = (self.next, 0);
        self.next += 1;
        id
    }

    /// Write `object` as object `id` of this revision (new, or replacing an earlier one).
    pub(crate) fn put(&mut self, id: ObjectId, object: &Object) -> Result<(), String> {
        let mut out = Vec::new();
        if Writer::need_separator(object) {
            out.push(b' ');
        }
        Writer::write_object(&mut out, object).map_err(|e| format!("cannot write object {}: {e}", id.0))?;
        if Writer::need_end_separator(object) {
            out.push(b' ');
        }
        self.objects.insert(id.0, out);
        Ok(())
    }

    /// Add `object` as a new object; its reference.
    pub(crate) fn add(&mut self, object: &Object) -> Result<ObjectId, String> {
        let id = self.reserve();
        self.put(id, object)?;
        Ok(id)
    }

    /// Write `raw` (already serialised: a dictionary with a signature's hole) as object `id`.
    pub(crate) fn put_raw(&mut self, id: ObjectId, raw: Vec<u8>) {
        self.objects.insert(id.0, raw);
    }

    /// The catalog's reference.
    pub(crate) fn root(&self) -> Result<ObjectId, String> {
        self.doc.trailer.get(b"Root").and_then(Object::as_reference).map_err(|_| "the PDF has no catalog".to_string())
    }

    /// The whole file with this update appended. Each object's offset is known only here, so
    /// a caller finds a hole it wrote by searching the returned bytes after `base.len()`.
    pub(crate) fn write(self) -> Result<Vec<u8>, String> {
        let prev = last_startxref(self.base).ok_or("the PDF has no startxref")?;
        let mut out = Vec::with_capacity(self.base.len() + self.objects.values().map(Vec::len).sum::<usize>() + 512);
        out.extend_from_slice(self.base);
        if !matches!(out.last(), Some(b'\n' | b'\r')) {
            out.push(b'\n');
        }
        let mut offsets = BTreeMap::new();
        for (num, body) in &self.objects {
            offsets.insert(*num, out.len());
            out.extend(format!("{num} 0 obj\n").as_bytes());
            out.extend(body);
            out.extend(b"\nendobj\n");
        }
        let xref_at = out.len();
        out.extend(b"xref\n");
        let nums: Vec<u32> = offsets.keys().copied().collect();
        let mut i = 0;
        while i < nums.len() {
            let mut j = i;
            while j + 1 < nums.len() && nums[j + 1] == nums[j] + 1 {
                j += 1;
            }
            out.extend(format!("{} {}\n", nums[i], j - i + 1).as_bytes());
            for n in &nums[i..=j] {
                out.extend(format!("{:010} 00000 n\r\n", offsets[n]).as_bytes());
            }
            i = j + 1;
        }
        let size = (self.next as i64).max(size_of(&self.doc) as i64);
        let mut trailer = lopdf::Dictionary::new();
        trailer.set("Size", size);
        for key in [&b"Root"[..], b"Info", b"ID"] {
            if let Ok(v) = self.doc.trailer.get(key) {
                trailer.set(key.to_vec(), v.clone());
            }
        }
        trailer.set("Prev", prev as i64);
        out.extend(b"trailer\n");
        Writer::write_object(&mut out, &Object::Dictionary(trailer)).map_err(|e| e.to_string())?;
        out.extend(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
        Ok(out)
    }
}

fn size_of(doc: &Document) -> u32 {
    doc.trailer.get(b"Size").and_then(Object::as_i64).map_or(0, |s| s.max(0) as u32)
}
