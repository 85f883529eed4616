//! Render stages 5 and 6: documents assembled from the pages of the chunks the export wrote.
//! Each chunk is exported once (fonts subset and compressed once, every page drawn once) and
//! parsed once; a document is then a new PDF made of its pages of a chunk, carrying what those
//! pages use, its part of the structure tree (so it stays a tagged PDF), its bookmark, its own
//! metadata and /ID, and its empty signature fields ([`crate::sign`]). An [`Assembler`] also
//! joins pages of several chunks (`ho-so.pdf`, a print file), writing each object out as soon
//! as it is copied, so the whole dossier is never held as objects in memory.
//!
//! Everything is copied object by object with `lopdf`, in a fixed order, so the output is
//! byte-identical for the same whole. Streams (pages, fonts, images) are copied as they are,
//! already compressed. Fonts are the whole's subsets, so a document may carry a few glyphs it
//! does not use. A reference to another document's page (a link, were a form to make one)
//! becomes null.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::ops::RangeInclusive;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, Writer};
use sha2::{Digest, Sha256};

use crate::sign::images::Images;
use crate::sign::{Field, draw, widget};
use crate::view::Meta;

/// One document to cut out of the whole: its pages and its metadata.
#[derive(Debug, Clone)]
pub(crate) struct Slice<'a> {
    /// Pages of the whole, numbered from 1.
    pub pages: RangeInclusive<usize>,
    /// Its title, subject and keywords.
    pub meta: &'a Meta,
}

/// The complete dossier's PDF, parsed once to cut any number of documents from it.
pub(crate) struct Cutter {
    doc: Document,
    /// Page objects in order.
    pages: Vec<ObjectId>,
    /// Every node of the page tree (never copied: each cut gets its own).
    page_nodes: HashSet<ObjectId>,
    /// The whole's XMP packet, the template of each document's.
    xmp: String,
    /// The whole's document information dictionary.
    info: Dictionary,
    /// Index of each page object.
    page_index: HashMap<ObjectId, usize>,
    /// Every structure element (indirect ones), with the first and last page index its
    /// content is on (`None`: no content), so a cut only walks its own part of the tree.
    spans: HashMap<ObjectId, Option<(usize, usize)>>,
}

/// Why a document could not be cut (always a bug of hoso or its forms, never of the data).
fn broken(what: impl std::fmt::Display) -> String {
    format!("cannot cut the document out of the dossier: {what}")
}

impl Cutter {
    /// Parse the complete dossier's PDF.
    pub fn parse(pdf: &[u8]) -> Result<Cutter, String> {
        let doc = Document::load_mem(pdf).map_err(broken)?;
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let mut page_nodes = HashSet::new();
        let mut todo: Vec<ObjectId> =
            doc.catalog().and_then(|c| c.get(b"Pages")).and_then(Object::as_reference).into_iter().collect();
        while let Some(id) = todo.pop() {
            if !page_nodes.insert(id) {
                continue;
            }
            if let Ok(kids) = doc.get_dictionary(id).and_then(|d| d.get(b"Kids")).and_then(Object::as_array) {
                todo.extend(kids.iter().filter_map(|k| k.as_reference().ok()).filter(|k| !pages.contains(k)));
            }
        }
        let catalog = doc.catalog().map_err(broken)?;
        let xmp = match catalog.get(b"Metadata").and_then(Object::as_reference).and_then(|id| doc.get_object(id)) {
            Ok(Object::Stream(s)) => String::from_utf8(s.content.clone()).map_err(broken)?,
            _ => return Err(broken("the dossier has no XMP metadata")),
        };
        let info = match doc.trailer.get(b"Info") {
            Ok(Object::Reference(id)) => doc.get_dictionary(*id).cloned().map_err(broken)?,
            Ok(Object::Dictionary(d)) => d.clone(),
            _ => Dictionary::new(),
        };
        let page_index: HashMap<ObjectId, usize> = pages.iter().enumerate().map(|(i, p)| (*p, i)).collect();
        let mut spans = HashMap::new();
        if let Ok(tree) = catalog.get(b"StructTreeRoot") {
            let tree = match tree {
                Object::Reference(id) => doc.get_dictionary(*id).ok(),
                Object::Dictionary(d) => Some(d),
                _ => None,
            };
            if let Some(k) = tree.and_then(|t| t.get(b"K").ok()) {
                span_of_kids(&doc, &page_index, k, None, &mut spans, 0);
            }
        }
        Ok(Cutter { doc, pages, page_nodes, xmp, info, page_index, spans })
    }

    /// The document made of `slice`'s pages, with `slice`'s metadata, an /ID from `ident` and
    /// `fields` (pages numbered within the part) as empty signature fields; with `stamp`, the
    /// fields' signature and seal images are drawn onto the pages too.
    pub fn cut(&self, slice: &Slice, ident: &str, fields: &[Field], stamp: Option<&Images>) -> Result<Vec<u8>, String> {
        let mut one = Assembler::new(false);
        one.add(&Part { source: self, pages: slice.pages.clone() })?;
        one.finish(slice.meta, ident, fields, stamp)
    }

    /// This PDF's part of an assembled document's structure tree: the elements with content on
    /// the kept pages go into `tree` (its root and Document element replace this PDF's), with
    /// their parent-tree entries shifted by `tree.next_key` and their IDs made unique.
    fn merge_structure(&self, kept: &HashSet<ObjectId>, copier: &mut Copier, tree: &mut Tree) -> Result<(), String> {
        let catalog = self.doc.catalog().map_err(broken)?;
        let Ok(root_obj) = catalog.get(b"StructTreeRoot") else { return Ok(()) };
        let root_dict = match root_obj {
            Object::Reference(id) => {
                copier.map.insert(*id, Some(tree.root_id));
                self.doc.get_dictionary(*id).map_err(broken)?
            }
            Object::Dictionary(d) => d,
            _ => return Err(broken("the structure tree root is not a dictionary")),
        };
        if tree.root.is_empty() {
            tree.root = root_dict.clone();
        }
        for key in [&b"RoleMap"[..], b"ClassMap"] {
            if let Ok(map) = root_dict.get(key).map(|m| self.resolve(m)).and_then(Object::as_dict) {
                let merged = if key == b"RoleMap" { &mut tree.role_map } else { &mut tree.class_map };
                for (k, v) in map.iter() {
                    if merged.get(k).is_err() {
                        let v = copier.copy(v);
                        merged.set(k.clone(), v);
                    }
                }
            }
        }
        let mut pruner = Pruner { whole: self, kept, range: copier.range.clone(), replaced: HashMap::new(), depth: 0 };
        // Typst's tree is one Document element under the root: its kids join the assembled
        // document's one Document element.
        let only_kid = match root_dict.get(b"K") {
            Ok(Object::Reference(id)) => Some(*id),
            Ok(Object::Array(a)) if a.len() == 1 => a[0].as_reference().ok(),
            _ => None,
        };
        let document = match only_kid {
            Some(id) => self
                .doc
                .get_dictionary(id)
                .ok()
                .filter(|d| d.get(b"S").and_then(Object::as_name).is_ok_and(|s| s == b"Document"))
                .map(|d| (id, d)),
            None => None,
        };
        let kids = match document {
            Some((id, elem)) => {
                let at = *tree.document.get_or_insert_with(|| copier.out.new_object_id());
                copier.map.insert(id, Some(at));
                if tree.document_dict.is_empty() {
                    tree.document_dict = elem.clone();
                }
                let pg = elem.get(b"Pg").and_then(Object::as_reference).ok();
                elem.get(b"K").ok().and_then(|k| pruner.kids(k, pg))
            }
            None => root_dict.get(b"K").ok().and_then(|k| pruner.kids(k, None)),
        };
        copier.replaced.extend(std::mem::take(&mut pruner.replaced));
        let target = if document.is_some() { &mut tree.document_kids } else { &mut tree.root_kids };
        match kids.map(|k| copier.copy(&k)) {
            Some(Object::Array(items)) => target.extend(items),
            Some(one) => target.push(one),
            None => {}
        }
        // Parent tree: the entries of the kept pages and of their annotations, shifted.
        let mut keys = HashSet::new();
        for page in kept {
            let Ok(page) = self.doc.get_dictionary(*page) else { continue };
            if let Ok(k) = page.get(b"StructParents").and_then(Object::as_i64) {
                keys.insert(k);
            }
            let annots = match page.get(b"Annots") {
                Ok(Object::Array(a)) => a.clone(),
                Ok(Object::Reference(id)) => {
                    self.doc.get_object(*id).and_then(Object::as_array).cloned().unwrap_or_default()
                }
                _ => Vec::new(),
            };
            for a in annots {
                let annot = match &a {
                    Object::Reference(id) => self.doc.get_dictionary(*id).ok(),
                    Object::Dictionary(d) => Some(d),
                    _ => None,
                };
                if let Some(k) = annot.and_then(|d| d.get(b"StructParent").ok()).and_then(|k| k.as_i64().ok()) {
                    keys.insert(k);
                }
            }
        }
        let offset = tree.next_key;
        if let Ok(parents) = root_dict.get(b"ParentTree") {
            let mut pairs = Vec::new();
            flatten_tree(&self.doc, parents, b"Nums", &mut pairs);
            for (key, value) in pairs {
                let Ok(k) = key.as_i64() else { continue };
                if keys.contains(&k) {
                    tree.nums.push(Object::Integer(k + offset));
                    tree.nums.push(copier.copy(&value));
                    tree.next_key = tree.next_key.max(k + offset + 1);
                }
            }
        }
        if let Ok(ids) = root_dict.get(b"IDTree") {
            let mut pairs = Vec::new();
            flatten_tree(&self.doc, ids, b"Names", &mut pairs);
            for (key, value) in pairs {
                if value.as_reference().is_ok_and(|id| matches!(copier.map.get(&id), Some(Some(_)))) {
                    let key = match (&key, &copier.suffix) {
                        (Object::String(b, f), Some(suffix)) => {
                            Object::String([b.as_slice(), suffix.as_bytes()].concat(), *f)
                        }
                        _ => key,
                    };
                    let value = copier.copy(&value);
                    tree.names.push((key, value));
                }
            }
        }
        Ok(())
    }

    /// The outline items whose destination is a kept page, keeping their nesting (an item of
    /// another document whose children are kept gives way to them).
    fn outline(&self, kept: &HashSet<ObjectId>) -> Vec<Item> {
        let first = self
            .doc
            .catalog()
            .and_then(|c| c.get(b"Outlines"))
            .and_then(|o| self.resolve(o).as_dict().cloned())
            .and_then(|o| o.get(b"First").cloned());
        match first {
            Ok(first) => self.items(&first, kept, 0),
            Err(_) => Vec::new(),
        }
    }

    fn items(&self, first: &Object, kept: &HashSet<ObjectId>, depth: usize) -> Vec<Item> {
        let mut out = Vec::new();
        let mut next = Some(first.clone());
        let mut seen = HashSet::new();
        while let Some(Object::Reference(id)) = next {
            if !seen.insert(id) || depth > 32 {
                break;
            }
            let Ok(item) = self.doc.get_dictionary(id) else { break };
            let children = item.get(b"First").map(|f| self.items(f, kept, depth + 1)).unwrap_or_default();
            let dest = item.get(b"Dest").ok().cloned();
            let page = dest.as_ref().and_then(|d| {
                self.resolve(d).as_array().ok().and_then(|a| a.first()).and_then(|p| p.as_reference().ok())
            });
            if page.is_some_and(|p| kept.contains(&p)) {
                out.push(Item { title: item.get(b"Title").cloned().unwrap_or(Object::Null), dest, children });
            } else {
                out.extend(children);
            }
            next = item.get(b"Next").ok().cloned();
        }
        out
    }

    fn resolve<'a>(&'a self, o: &'a Object) -> &'a Object {
        match o {
            Object::Reference(id) => self.doc.get_object(*id).unwrap_or(&Object::Null),
            other => other,
        }
    }
}

/// Pages of one exported PDF that go into an assembled document.
pub(crate) struct Part<'a> {
    /// The PDF, parsed.
    pub source: &'a Cutter,
    /// Its pages, numbered from 1.
    pub pages: RangeInclusive<usize>,
}

/// The assembled document's structure tree, gathered part by part.
#[derive(Default)]
struct Tree {
    /// Its root's id.
    root_id: ObjectId,
    /// The first part's root (for the keys that are not merged).
    root: Dictionary,
    /// The one Document element's id, once a part has one.
    document: Option<ObjectId>,
    /// The first part's Document element (for its keys other than its kids).
    document_dict: Dictionary,
    /// The Document element's kids, part after part.
    document_kids: Vec<Object>,
    /// Kids of the root itself (from a part whose tree has no Document element).
    root_kids: Vec<Object>,
    /// Parent tree entries, keys ascending.
    nums: Vec<Object>,
    /// The next free parent tree key.
    next_key: i64,
    /// ID tree entries.
    names: Vec<(Object, Object)>,
    role_map: Dictionary,
    class_map: Dictionary,
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
        }
    }

    /// Pages so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Copy `part`'s pages in, after those already there.
    pub fn add(&mut self, part: &Part) -> Result<(), String> {
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
            self.tree = Some(Tree { root_id, ..Tree::default() });
        }
        let offset = self.tree.as_ref().map_or(0, |t| t.next_key);
        let pages_id = self.pages_id;
        let mut copier = Copier::new(src, first - 1..=last - 1, &mut self.out);
        // IDs of structure elements are unique within one PDF only.
        copier.suffix = (k > 0).then(|| format!("-{}", k + 1));
        for node in &src.page_nodes {
            copier.map.insert(*node, Some(pages_id));
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
            src.merge_structure(&kept_set, &mut copier, tree)?;
        }
        let items = src.outline(&kept_set);
        let ids: Vec<ObjectId> = kept
            .iter()
            .map(|p| copier.id(*p).ok_or_else(|| broken("a kept page was left out")))
            .collect::<Result<_, _>>()?;
        copier.run();
        if !items.is_empty() {
            let parent = *self.outline_root.get_or_insert_with(|| copier.out.new_object_id());
            let (count, top) = write_items(&mut copier, &items, parent);
            if let (Some(prev), Some(next)) = (self.outline_last, top.first()) {
                link(copier.out, prev, *next);
            }
            self.outline_first = self.outline_first.or(top.first().copied());
            self.outline_last = top.last().copied();
            self.outline_count += count;
        }
        drop(copier);
        if offset > 0 {
            shift_struct_parents(&mut self.out, &ids, offset);
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
            root.set("StructTreeRoot", tree_root(&mut self.out, tree));
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

        let document_id = digest16(ident.as_bytes());
        let sources = std::mem::take(&mut self.sources).finalize();
        let instance_id = digest16(&[ident.as_bytes(), b"\n", sources.as_slice()].concat());
        let xmp = xmp_of(&self.xmp, meta, self.pages.len(), &document_id, &instance_id)?;
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
        info.set("Title", text_string(&meta.title));
        info.set("Subject", text_string(&meta.subject));
        info.set("Keywords", text_string(&meta.keywords.join(", ")));
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

/// The XMP packet `template` (a part's) with this document's title, subject, keywords, page
/// count and ids.
fn xmp_of(template: &str, meta: &Meta, pages: usize, document_id: &[u8], instance_id: &[u8]) -> Result<String, String> {
    let (doc_b64, inst_b64) = (base64(document_id), base64(instance_id));
    let mut xmp = template.to_string();
    let alt = r#"<rdf:Alt><rdf:li xml:lang="x-default">"#;
    let replacements = [
        (format!("<dc:title>{alt}"), "</rdf:li>", escape(&meta.title)),
        (format!("<dc:description>{alt}"), "</rdf:li>", escape(&meta.subject)),
        ("<pdf:Keywords>".into(), "</pdf:Keywords>", escape(&meta.keywords.join(", "))),
        ("<xmpTPg:NPages>".into(), "</xmpTPg:NPages>", pages.to_string()),
        ("<xmpMM:InstanceID>".into(), "</xmpMM:InstanceID>", inst_b64.clone()),
        ("<xmpMM:DocumentID>".into(), "</xmpMM:DocumentID>", doc_b64),
        ("<stEvt:instanceID>".into(), "</stEvt:instanceID>", format!("{inst_b64}_source")),
    ];
    for (open, close, value) in replacements {
        xmp = replace_between(&xmp, &open, close, &value).ok_or_else(|| broken(format!("no {open} in the XMP")))?;
    }
    Ok(xmp)
}

/// Write the gathered structure tree: its root (returned as a reference) and its one
/// Document element.
fn tree_root(out: &mut Document, tree: Tree) -> Object {
    let Tree {
        root_id,
        mut root,
        document,
        mut document_dict,
        document_kids,
        mut root_kids,
        nums,
        next_key,
        mut names,
        role_map,
        class_map,
    } = tree;
    if let Some(id) = document {
        document_dict.set("K", Object::Array(document_kids));
        document_dict.set("P", root_id);
        out.objects.insert(id, Object::Dictionary(document_dict));
        root_kids.insert(0, Object::Reference(id));
    }
    for key in [&b"K"[..], b"ParentTree", b"ParentTreeNextKey", b"IDTree", b"RoleMap", b"ClassMap"] {
        root.remove(key);
    }
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    root.set("K", if root_kids.len() == 1 { root_kids.remove(0) } else { Object::Array(root_kids) });
    root.set("ParentTree", Dictionary::from_iter([("Nums", Object::Array(nums))]));
    root.set("ParentTreeNextKey", next_key);
    if !names.is_empty() {
        // A name tree's keys are sorted.
        names.sort_by(|a, b| a.0.as_str().unwrap_or_default().cmp(b.0.as_str().unwrap_or_default()));
        let flat: Vec<Object> = names.into_iter().flat_map(|(k, v)| [k, v]).collect();
        root.set("IDTree", Dictionary::from_iter([("Names", Object::Array(flat))]));
    }
    if !role_map.is_empty() {
        root.set("RoleMap", role_map);
    }
    if !class_map.is_empty() {
        root.set("ClassMap", class_map);
    }
    out.objects.insert(root_id, Object::Dictionary(root));
    Object::Reference(root_id)
}

/// Shift the parent-tree keys of `pages` and of their annotations by `offset`.
fn shift_struct_parents(out: &mut Document, pages: &[ObjectId], offset: i64) {
    for page in pages {
        let mut annots = Vec::new();
        if let Some(Object::Dictionary(d)) = out.objects.get_mut(page) {
            if let Ok(Object::Integer(n)) = d.get_mut(b"StructParents") {
                *n += offset;
            }
            if let Ok(Object::Array(a)) = d.get(b"Annots") {
                annots.extend(a.iter().filter_map(|x| x.as_reference().ok()));
            }
        }
        for a in annots {
            if let Some(Object::Dictionary(d)) = out.objects.get_mut(&a)
                && let Ok(Object::Integer(n)) = d.get_mut(b"StructParent")
            {
                *n += offset;
            }
        }
    }
}

/// Chain outline item `next` after `prev`.
fn link(out: &mut Document, prev: ObjectId, next: ObjectId) {
    if let Some(Object::Dictionary(d)) = out.objects.get_mut(&prev) {
        d.set("Next", next);
    }
    if let Some(Object::Dictionary(d)) = out.objects.get_mut(&next) {
        d.set("Prev", prev);
    }
}

/// One bookmark of a cut document.
struct Item {
    title: Object,
    dest: Option<Object>,
    children: Vec<Item>,
}

/// Write sibling items under `parent`: (visible descendants, their ids).
fn write_items(copier: &mut Copier, items: &[Item], parent: ObjectId) -> (usize, Vec<ObjectId>) {
    let ids: Vec<ObjectId> = items.iter().map(|_| copier.out.new_object_id()).collect();
    let mut total = 0;
    for (k, item) in items.iter().enumerate() {
        let (count, kids) = write_items(copier, &item.children, ids[k]);
        let mut dict = Dictionary::new();
        dict.set("Title", item.title.clone());
        dict.set("Parent", parent);
        if k > 0 {
            dict.set("Prev", ids[k - 1]);
        }
        if k + 1 < ids.len() {
            dict.set("Next", ids[k + 1]);
        }
        if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
            dict.set("First", *first);
            dict.set("Last", *last);
            dict.set("Count", count as i64);
        }
        if let Some(dest) = &item.dest {
            let dest = copier.copy(dest);
            dict.set("Dest", dest);
        }
        copier.out.objects.insert(ids[k], Object::Dictionary(dict));
        total += 1 + count;
    }
    copier.run();
    (total, ids)
}

/// Copies objects of the whole into a cut document, renumbered, following references; a
/// reference to something left out (another document's page or structure) becomes null.
struct Copier<'a> {
    whole: &'a Cutter,
    /// Indices of the kept pages.
    range: RangeInclusive<usize>,
    out: &'a mut Document,
    /// Whole id → cut id, or `None` for what is left out.
    map: HashMap<ObjectId, Option<ObjectId>>,
    /// Objects to copy in a pruned form instead of as they are.
    replaced: HashMap<ObjectId, Dictionary>,
    /// (whole id, cut id) of objects still to copy.
    queue: VecDeque<(ObjectId, ObjectId)>,
    /// Appended to structure element IDs (and the header cells naming them), so the IDs of
    /// several PDFs stay unique in one document.
    suffix: Option<String>,
}

impl<'a> Copier<'a> {
    fn new(whole: &'a Cutter, range: RangeInclusive<usize>, out: &'a mut Document) -> Self {
        Copier {
            whole,
            range,
            out,
            map: HashMap::new(),
            replaced: HashMap::new(),
            queue: VecDeque::new(),
            suffix: None,
        }
    }

    /// The cut's id for the whole's object `id`, queued for copying on first sight; `None` for
    /// another document's page or a structure element with nothing on the kept pages.
    fn id(&mut self, id: ObjectId) -> Option<ObjectId> {
        if let Some(known) = self.map.get(&id) {
            return *known;
        }
        let left_out = self.whole.page_index.get(&id).is_some_and(|i| !self.range.contains(i))
            || (self.whole.spans.contains_key(&id) && !self.replaced.contains_key(&id));
        let new = (!left_out).then(|| self.out.new_object_id());
        self.map.insert(id, new);
        if let Some(new) = new {
            self.queue.push_back((id, new));
        }
        new
    }

    fn copy(&mut self, o: &Object) -> Object {
        match o {
            Object::Reference(id) => self.id(*id).map_or(Object::Null, Object::Reference),
            Object::Array(a) => Object::Array(a.iter().map(|x| self.copy(x)).collect()),
            Object::Dictionary(d) => Object::Dictionary(self.copy_dict(d)),
            Object::Stream(s) => {
                let mut copied = Stream::new(self.copy_dict(&s.dict), s.content.clone());
                copied.allows_compression = s.allows_compression;
                Object::Stream(copied)
            }
            other => other.clone(),
        }
    }

    fn copy_dict(&mut self, d: &Dictionary) -> Dictionary {
        let mut out = Dictionary::new();
        for (k, v) in d.iter() {
            let v = match (&self.suffix, k.as_slice(), v) {
                (Some(suffix), b"ID", Object::String(b, f)) => {
                    Object::String([b.as_slice(), suffix.as_bytes()].concat(), *f)
                }
                (Some(suffix), b"Headers", Object::Array(a)) => Object::Array(
                    a.iter()
                        .map(|x| match x {
                            Object::String(b, f) => Object::String([b.as_slice(), suffix.as_bytes()].concat(), *f),
                            other => other.clone(),
                        })
                        .collect(),
                ),
                _ => self.copy(v),
            };
            out.set(k.clone(), v);
        }
        out
    }

    /// Copy everything queued, and everything it refers to, in first-seen order.
    fn run(&mut self) {
        let whole = self.whole;
        while let Some((id, new)) = self.queue.pop_front() {
            let copied = match self.replaced.remove(&id) {
                Some(d) => Object::Dictionary(self.copy_dict(&d)),
                None => whole.doc.get_object(id).map_or(Object::Null, |o| self.copy(o)),
            };
            self.out.objects.insert(new, copied);
        }
    }
}

/// Prunes the structure tree to the kept pages.
struct Pruner<'a> {
    whole: &'a Cutter,
    kept: &'a HashSet<ObjectId>,
    /// Indices of the kept pages.
    range: RangeInclusive<usize>,
    /// Kept structure elements (by the whole's id), with their pruned kids.
    replaced: HashMap<ObjectId, Dictionary>,
    /// Nesting of the element being pruned (a malformed, cyclic tree stops at a bound).
    depth: usize,
}

impl Pruner<'_> {
    /// The kids `k` of an element on page `pg` that have content on a kept page.
    fn kids(&mut self, k: &Object, pg: Option<ObjectId>) -> Option<Object> {
        match k {
            Object::Array(items) => {
                let kept: Vec<Object> = items.iter().filter_map(|x| self.kid(x, pg)).collect();
                (!kept.is_empty()).then_some(Object::Array(kept))
            }
            one => self.kid(one, pg),
        }
    }

    fn kid(&mut self, kid: &Object, pg: Option<ObjectId>) -> Option<Object> {
        match kid {
            Object::Integer(_) => pg.filter(|p| self.kept.contains(p)).map(|_| kid.clone()),
            Object::Reference(id) => {
                if let Some(span) = self.whole.spans.get(id) {
                    let (a, b) = (*span)?;
                    if b < *self.range.start() || a > *self.range.end() {
                        return None;
                    }
                }
                let dict = self.whole.doc.get_dictionary(*id).ok()?;
                if is_content_ref(dict) {
                    return self.on_kept_page(dict, pg).then(|| kid.clone());
                }
                let pruned = self.element(dict)?;
                self.replaced.insert(*id, pruned);
                Some(kid.clone())
            }
            Object::Dictionary(dict) if is_content_ref(dict) => self.on_kept_page(dict, pg).then(|| kid.clone()),
            Object::Dictionary(dict) => self.element(dict).map(Object::Dictionary),
            _ => None,
        }
    }

    /// A structure element with only its kept kids, or `None` when nothing is left.
    fn element(&mut self, d: &Dictionary) -> Option<Dictionary> {
        if self.depth > 256 {
            return None;
        }
        let pg = d.get(b"Pg").and_then(Object::as_reference).ok();
        let mut out = d.clone();
        match d.get(b"K") {
            Ok(k) => {
                self.depth += 1;
                let kids = self.kids(k, pg);
                self.depth -= 1;
                out.set("K", kids?);
            }
            Err(_) => {
                if !pg.is_some_and(|p| self.kept.contains(&p)) {
                    return None;
                }
            }
        }
        Some(out)
    }

    fn on_kept_page(&self, d: &Dictionary, pg: Option<ObjectId>) -> bool {
        let page = d.get(b"Pg").and_then(Object::as_reference).ok().or(pg);
        page.is_some_and(|p| self.kept.contains(&p))
    }
}

/// The pages the kids `k` of an element on page `pg` have content on, as the first and last
/// page index; records every indirect element's span in `spans`.
fn span_of_kids(
    doc: &Document,
    pages: &HashMap<ObjectId, usize>,
    k: &Object,
    pg: Option<ObjectId>,
    spans: &mut HashMap<ObjectId, Option<(usize, usize)>>,
    depth: usize,
) -> Option<(usize, usize)> {
    let page = |id: Option<ObjectId>| id.and_then(|p| pages.get(&p).copied()).map(|i| (i, i));
    let join = |a: Option<(usize, usize)>, b: Option<(usize, usize)>| match (a, b) {
        (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
        (a, b) => a.or(b),
    };
    if depth > 256 {
        return None;
    }
    let kids: &[Object] = match k {
        Object::Array(items) => items,
        one => std::slice::from_ref(one),
    };
    let mut span = None;
    for kid in kids {
        let (id, dict) = match kid {
            Object::Integer(_) => {
                span = join(span, page(pg));
                continue;
            }
            Object::Reference(id) => match doc.get_dictionary(*id) {
                Ok(d) => (Some(*id), d),
                Err(_) => continue,
            },
            Object::Dictionary(d) => (None, d),
            _ => continue,
        };
        let own_pg = dict.get(b"Pg").and_then(Object::as_reference).ok();
        let s = if is_content_ref(dict) {
            page(own_pg.or(pg))
        } else {
            let s = match dict.get(b"K") {
                Ok(k) => span_of_kids(doc, pages, k, own_pg, spans, depth + 1),
                Err(_) => page(own_pg),
            };
            if let Some(id) = id {
                spans.insert(id, s);
            }
            s
        };
        span = join(span, s);
    }
    span
}

/// A marked-content or object reference (not a structure element).
fn is_content_ref(d: &Dictionary) -> bool {
    matches!(d.get(b"Type").and_then(Object::as_name), Ok(b"MCR") | Ok(b"OBJR"))
}

/// The key/value pairs of a number tree (`Nums`) or name tree (`Names`), leaves in order.
fn flatten_tree(doc: &Document, node: &Object, leaf: &[u8], out: &mut Vec<(Object, Object)>) {
    flatten_at(doc, node, leaf, out, 0);
}

fn flatten_at(doc: &Document, node: &Object, leaf: &[u8], out: &mut Vec<(Object, Object)>, depth: usize) {
    if depth > 32 {
        return;
    }
    let node = match node {
        Object::Reference(id) => match doc.get_dictionary(*id) {
            Ok(d) => d,
            Err(_) => return,
        },
        Object::Dictionary(d) => d,
        _ => return,
    };
    if let Ok(items) = node.get(leaf).and_then(Object::as_array) {
        for pair in items.chunks(2) {
            if let [k, v] = pair {
                out.push((k.clone(), v.clone()));
            }
        }
    }
    if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
        for kid in kids {
            flatten_at(doc, kid, leaf, out, depth + 1);
        }
    }
}

/// A PDF text string: PDFDocEncoding-safe ASCII as is, anything else in UTF-16BE.
fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            bytes.extend(u.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// The first 16 bytes of the SHA-256 of `bytes`: a stable PDF file identifier.
fn digest16(bytes: &[u8]) -> [u8; 16] {
    let hash = Sha256::digest(bytes);
    let mut out = [0; 16];
    out.copy_from_slice(&hash[..16]);
    out
}

/// Standard base64 with padding, as krilla writes the ids into the XMP.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// XML character escapes.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

/// `text` with what lies between every `open` and the next `close` replaced by `value`;
/// `None` if `open` does not occur.
fn replace_between(text: &str, open: &str, close: &str, value: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut found = false;
    while let Some(at) = rest.find(open) {
        let start = at + open.len();
        let end = start + rest[start..].find(close)?;
        out.push_str(&rest[..start]);
        out.push_str(value);
        rest = &rest[end..];
        found = true;
    }
    out.push_str(rest);
    found.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn replace_between_rewrites_every_occurrence_and_reports_absence() {
        let x = "<a>1</a><b>2</b><a>3</a>";
        assert_eq!(replace_between(x, "<a>", "</a>", "x").as_deref(), Some("<a>x</a><b>2</b><a>x</a>"));
        assert_eq!(replace_between(x, "<c>", "</c>", "x"), None);
    }

    /// Guards the cut against bad requests: a page range outside the whole, or a PDF that does
    /// not parse, is an error naming the cut, never a panic; the same cut twice is the same
    /// bytes.
    #[test]
    fn a_cut_outside_the_whole_or_of_a_broken_pdf_is_an_error_not_a_panic() {
        assert!(Cutter::parse(b"%PDF-1.7 not really").is_err());
        let engine = crate::Engine::new().unwrap();
        let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/vi-nguoi-ngheo-2023.json");
        let checked = engine.check_file(&sample).unwrap().unwrap();
        let rendered = engine.render(&checked, None).unwrap();
        let whole = rendered.documents.last().unwrap();
        let cutter = Cutter::parse(&whole.pdf).unwrap();
        let meta = &checked.views[0].1.meta;
        for pages in [0..=1, 1..=whole.pages + 1, std::ops::RangeInclusive::new(3, 2)] {
            let err = cutter.cut(&Slice { pages: pages.clone(), meta }, "x", &[], None).unwrap_err();
            assert!(err.starts_with("cannot cut the document out of the dossier"), "{pages:?}: {err}");
        }
        let one = cutter.cut(&Slice { pages: 1..=1, meta }, "x", &[], None).unwrap();
        assert_eq!(one, cutter.cut(&Slice { pages: 1..=1, meta }, "x", &[], None).unwrap(), "byte-identical");
    }

    #[test]
    fn xmp_values_are_escaped() {
        assert_eq!(escape(r#"A & B <"c">"#), "A &amp; B &lt;&quot;c&quot;&gt;");
    }
}
