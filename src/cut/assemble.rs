//! Documents assembled from pages of parsed PDFs: one document cut out of its chunk, the
//! complete dossier from its chunks, a print file from several documents. Parts are added in
//! order and copied in at once; a streaming assembly writes them out at once too.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::RangeInclusive;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, Writer};
use sha2::{Digest, Sha256};

use super::copy::Copier;
use super::source::{Cutter, broken};
use super::structure::{self, Tree};
use super::{outline, xmp};
use crate::pdf;
use crate::sign::images::Images;
use crate::sign::{Field, draw, widget};
use crate::view::Meta;

/// Pages of one exported PDF that go into an assembled document.
pub(crate) struct Pages<'a> {
    /// The PDF, parsed.
    pub source: &'a Cutter,
    /// Its pages, numbered from 1.
    pub pages: RangeInclusive<usize>,
}

/// A document made of pages of one or more exported PDFs: a document of the complete dossier
/// (one part), the complete dossier itself from the chunks it was laid out in, or a print file
/// gathering several documents. Parts are added in order, each copied in at once — its pages,
/// their part of its structure tree (under one root and one Document element), its bookmarks —
/// so a part's source can be dropped as soon as it is added. When `streaming`, what is copied is
/// written out at once too, so memory holds the finished bytes and not the objects.
pub(crate) struct Assembler {
    /// Objects copied but not written yet.
    out: Document,
    /// Write each part's objects as soon as it is added (the document's pages cannot then be
    /// given fields or images).
    streaming: bool,
    /// The file so far (header and written objects).
    bytes: Vec<u8>,
    /// Byte offset of each written object, by number.
    offsets: BTreeMap<u32, usize>,
    pages_id: ObjectId,
    /// The page objects, in order.
    pages: Vec<ObjectId>,
    /// The catalog's entries carried over from the first part.
    root: Dictionary,
    /// The structure tree, once a part has one.
    tree: Option<Tree>,
    outline_root: Option<ObjectId>,
    outline_first: Option<ObjectId>,
    /// The last top-level bookmark, kept back until the next part's first one is linked to it.
    outline_last: Option<ObjectId>,
    outline_count: usize,
    /// The first part's XMP packet (the template of the document's) and information dictionary.
    xmp: String,
    info: Dictionary,
    /// Digest of every part's XMP, for the instance id.
    sources: Sha256,
    parts: usize,
    /// The source of the last part and what of its shared resources is copied already (its id
    /// → ours), so the parts of one source share their fonts.
    memo: Option<(u64, HashMap<ObjectId, ObjectId>)>,
}

/// The document made of `parts` (pages of one or more parsed PDFs), with `meta`, an /ID from
/// `ident`, `fields` (pages numbered within it) as empty signature fields and, with `stamp`,
/// their images drawn: a document laid out in pieces is cut from each piece's pages.
pub(crate) fn cut(
    parts: &[Pages],
    meta: &Meta,
    ident: &str,
    fields: &[Field],
    stamp: Option<&Images>,
) -> Result<Vec<u8>, String> {
    let mut one = Assembler::new(false);
    for part in parts {
        one.add(part)?;
    }
    one.finish(meta, ident, fields, stamp)
}

impl Assembler {
    /// An empty document; `streaming` as [`Assembler`] says.
    pub fn new(streaming: bool) -> Self {
        let mut out = Document::with_version("1.7");
        let pages_id = out.new_object_id();
        Assembler {
            out,
            streaming,
            bytes: Vec::new(),
            offsets: BTreeMap::new(),
            pages_id,
            pages: Vec::new(),
            root: Dictionary::new(),
            tree: None,
            outline_root: None,
            outline_first: None,
            outline_last: None,
            outline_count: 0,
            xmp: String::new(),
            info: Dictionary::new(),
            sources: Sha256::new(),
            parts: 0,
            memo: None,
        }
    }

    /// Pages so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Copy `part`'s pages in, after those already there.
    pub fn add(&mut self, part: &Pages) -> Result<(), String> {
        let src = part.source;
        let (first, last) = (*part.pages.start(), *part.pages.end());
        if first == 0 || last > src.pages.len() || first > last {
            return Err(broken(format!("pages {first}–{last} of {}", src.pages.len())));
        }
        let k = self.parts;
        self.parts += 1;
        let catalog = src.doc.catalog().map_err(broken)?;
        if k == 0 {
            self.out.version = src.doc.version.clone();
            self.xmp = src.xmp.clone();
            self.info = src.info.clone();
        }
        self.sources.update(src.xmp.as_bytes());
        let kept: Vec<ObjectId> = src.pages[first - 1..last].to_vec();
        let kept_set: HashSet<ObjectId> = kept.iter().copied().collect();
        let tagged = catalog.get(b"StructTreeRoot").is_ok();
        if tagged && self.tree.is_none() {
            let root_id = self.out.new_object_id();
            self.tree = Some(Tree::new(root_id));
        }
        let offset = self.tree.as_ref().map_or(0, |t| t.next_key);
        let pages_id = self.pages_id;
        let mut copier = Copier::new(src, first - 1..=last - 1, &mut self.out);
        // IDs of structure elements are unique within one PDF only.
        copier.suffix = (k > 0).then(|| format!("-{}", k + 1));
        for node in &src.page_nodes {
            copier.map.insert(*node, Some(pages_id));
        }
        if let Some((key, memo)) = &self.memo
            && *key == src.key
        {
            copier.map.extend(memo.iter().map(|(id, new)| (*id, Some(*new))));
        }
        if k == 0 {
            // The catalog's entries that carry over.
            self.root.set("Type", Object::Name(b"Catalog".to_vec()));
            for key in [&b"OutputIntents"[..], b"Lang", b"MarkInfo", b"ViewerPreferences"] {
                if let Ok(v) = catalog.get(key) {
                    let v = copier.copy(v);
                    self.root.set(key.to_vec(), v);
                }
            }
        }
        if let (true, Some(tree)) = (tagged, self.tree.as_mut()) {
            structure::merge(src, &kept_set, &mut copier, tree)?;
        }
        let items = outline::outline(src, &kept_set);
        let ids: Vec<ObjectId> = kept
            .iter()
            .map(|p| copier.id(*p).ok_or_else(|| broken("a kept page was left out")))
            .collect::<Result<_, _>>()?;
        copier.run();
        if !items.is_empty() {
            let parent = *self.outline_root.get_or_insert_with(|| copier.out.new_object_id());
            let (count, top) = outline::write_items(&mut copier, &items, parent);
            if let (Some(prev), Some(next)) = (self.outline_last, top.first()) {
                outline::link(copier.out, prev, *next);
            }
            self.outline_first = self.outline_first.or(top.first().copied());
            self.outline_last = top.last().copied();
            self.outline_count += count;
        }
        let memo: HashMap<ObjectId, ObjectId> = copier
            .map
            .iter()
            .filter(|(id, _)| src.shared.contains(id))
            .filter_map(|(id, new)| Some((*id, (*new)?)))
            .collect();
        self.memo = Some((src.key, memo));
        drop(copier);
        if offset > 0 {
            structure::shift_struct_parents(&mut self.out, &ids, offset);
        }
        self.pages.extend(ids);
        if self.streaming {
            self.flush(false)?;
        }
        Ok(())
    }

    /// Write every copied object out, except (unless `all`) the last top-level bookmark, which
    /// the next part links to.
    fn flush(&mut self, all: bool) -> Result<(), String> {
        if self.bytes.is_empty() {
            // The header, with a comment of four bytes above 127 that marks the file binary.
            self.bytes.extend(format!("%PDF-{}\n", self.out.version).as_bytes());
            self.bytes.extend([b'%', 0xBB, 0xAD, 0xC0, 0xDE, b'\n']);
        }
        let keep = if all { None } else { self.outline_last };
        let ids: Vec<ObjectId> = self.out.objects.keys().copied().filter(|id| Some(*id) != keep).collect();
        for id in ids {
            let Some(object) = self.out.objects.remove(&id) else { continue };
            self.offsets.insert(id.0, self.bytes.len());
            let open = if Writer::need_separator(&object) { " " } else { "" };
            self.bytes.extend(format!("{} {} obj\n{open}", id.0, id.1).as_bytes());
            Writer::write_object(&mut self.bytes, &object).map_err(broken)?;
            let close = if Writer::need_end_separator(&object) { " " } else { "" };
            self.bytes.extend(format!("{close}\nendobj\n").as_bytes());
        }
        Ok(())
    }

    /// Finish the document: its metadata (`meta`), an /ID from `ident`, `fields` (pages
    /// numbered within it) as empty signature fields and, with `stamp`, their images drawn.
    pub fn finish(
        mut self,
        meta: &Meta,
        ident: &str,
        fields: &[Field],
        stamp: Option<&Images>,
    ) -> Result<Vec<u8>, String> {
        if self.parts == 0 {
            return Err(broken("no pages to assemble"));
        }
        if self.streaming && !fields.is_empty() {
            return Err(broken("fields on a document already written"));
        }
        let mut root = std::mem::take(&mut self.root);
        if let Some(tree) = self.tree.take() {
            root.set("StructTreeRoot", structure::tree_root(&mut self.out, tree));
        }
        if let Some(id) = self.outline_root {
            let mut dict = Dictionary::new();
            dict.set("Type", Object::Name(b"Outlines".to_vec()));
            if let (Some(first), Some(last)) = (self.outline_first, self.outline_last) {
                dict.set("First", first);
                dict.set("Last", last);
            }
            dict.set("Count", self.outline_count as i64);
            self.out.objects.insert(id, Object::Dictionary(dict));
            root.set("Outlines", id);
        }
        root.set("Pages", self.pages_id);
        let mut pages_node = Dictionary::new();
        pages_node.set("Type", Object::Name(b"Pages".to_vec()));
        pages_node.set("Kids", self.pages.iter().map(|id| Object::Reference(*id)).collect::<Vec<_>>());
        pages_node.set("Count", self.pages.len() as i64);
        self.out.objects.insert(self.pages_id, Object::Dictionary(pages_node));

        let document_id = pdf::digest16(ident.as_bytes());
        let sources = std::mem::take(&mut self.sources).finalize();
        let instance_id = pdf::digest16(&[ident.as_bytes(), b"\n", sources.as_slice()].concat());
        let xmp = xmp::xmp_of(&self.xmp, meta, self.pages.len(), &document_id, &instance_id)?;
        let mut meta_dict = Dictionary::new();
        meta_dict.set("Type", Object::Name(b"Metadata".to_vec()));
        meta_dict.set("Subtype", Object::Name(b"XML".to_vec()));
        let mut meta_stream = Stream::new(meta_dict, xmp.into_bytes());
        meta_stream.allows_compression = false;
        root.set("Metadata", self.out.add_object(meta_stream));

        if let Some(images) = stamp {
            draw::draw(&mut self.out, &self.pages, fields, images)?;
        }
        if !fields.is_empty() {
            let refs = widget::attach(&mut self.out, &self.pages, fields)?;
            root.set("AcroForm", Dictionary::from_iter([("Fields", Object::Array(refs))]));
        }
        let root_id = self.out.add_object(root);
        let mut info = std::mem::take(&mut self.info);
        info.set("Title", pdf::text_string(&meta.title));
        info.set("Subject", pdf::text_string(&meta.subject));
        info.set("Keywords", pdf::text_string(&meta.keywords.join(", ")));
        let info_id = self.out.add_object(info);
        self.flush(true)?;

        // The cross-reference table and the trailer.
        let size = self.out.max_id + 1;
        let xref_at = self.bytes.len();
        self.bytes.extend(format!("xref\n0 {size}\n0000000000 65535 f\r\n").as_bytes());
        for id in 1..size {
            match self.offsets.get(&id) {
                Some(at) => self.bytes.extend(format!("{at:010} 00000 n\r\n").as_bytes()),
                None => self.bytes.extend(b"0000000000 65535 f\r\n"),
            }
        }
        let trailer = Dictionary::from_iter([
            ("Size", Object::Integer(size as i64)),
            ("Root", Object::Reference(root_id)),
            ("Info", Object::Reference(info_id)),
            (
                "ID",
                Object::Array(vec![
                    Object::String(document_id.to_vec(), StringFormat::Hexadecimal),
                    Object::String(instance_id.to_vec(), StringFormat::Hexadecimal),
                ]),
            ),
        ]);
        self.bytes.extend(b"trailer\n");
        Writer::write_object(&mut self.bytes, &Object::Dictionary(trailer)).map_err(broken)?;
        self.bytes.extend(format!("\nstartxref\n{xref_at}\n%%EOF").as_bytes());
        Ok(self.bytes)
    }
}
