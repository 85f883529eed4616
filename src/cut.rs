//! Render stages 5 and 6: one document cut out of the complete dossier's PDF. The dossier is
//! exported once (fonts subset and compressed once, every page drawn once); each document is
//! then a new PDF made of its pages of the whole, carrying what those pages use, its part of
//! the structure tree (so it stays a tagged PDF), its bookmark, its own metadata and /ID, and
//! its empty signature fields ([`crate::sign`]).
//!
//! Everything is copied object by object with `lopdf`, in a fixed order, so the output is
//! byte-identical for the same whole. Streams (pages, fonts, images) are copied as they are,
//! already compressed. Fonts are the whole's subsets, so a document may carry a few glyphs it
//! does not use. A reference to another document's page (a link, were a form to make one)
//! becomes null.

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::RangeInclusive;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
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
        let (first, last) = (*slice.pages.start(), *slice.pages.end());
        if first == 0 || last > self.pages.len() || first > last {
            return Err(broken(format!("pages {first}–{last} of {}", self.pages.len())));
        }
        let kept: Vec<ObjectId> = self.pages[first - 1..last].to_vec();
        let kept_set: HashSet<ObjectId> = kept.iter().copied().collect();
        let catalog = self.doc.catalog().map_err(broken)?;

        let mut out = Document::with_version(self.doc.version.clone());
        let pages_id = out.new_object_id();
        let mut copier = Copier::new(self, first - 1..=last - 1, &mut out);
        for node in &self.page_nodes {
            copier.map.insert(*node, Some(pages_id));
        }

        // The catalog's entries that carry over, in the whole's numbering until copied.
        let mut root = Dictionary::new();
        root.set("Type", Object::Name(b"Catalog".to_vec()));
        for key in [&b"OutputIntents"[..], b"Lang", b"MarkInfo", b"ViewerPreferences"] {
            if let Ok(v) = catalog.get(key) {
                root.set(key.to_vec(), v.clone());
            }
        }
        let mut root = copier.copy_dict(&root);
        root.set("Pages", pages_id);
        if let Ok(tree) = catalog.get(b"StructTreeRoot") {
            let pruned = self.prune_structure(tree, &kept_set, &mut copier)?;
            root.set("StructTreeRoot", pruned);
        }
        let outline = self.outline(&kept_set);
        let new_pages: Vec<ObjectId> = kept
            .iter()
            .map(|p| copier.id(*p).ok_or_else(|| broken("a kept page was left out")))
            .collect::<Result<_, _>>()?;
        copier.run();
        if !outline.is_empty() {
            let outlines_id = write_outline(&mut copier, &outline);
            root.set("Outlines", outlines_id);
        }
        drop(copier);

        let mut pages_node = Dictionary::new();
        pages_node.set("Type", Object::Name(b"Pages".to_vec()));
        pages_node.set("Kids", new_pages.iter().map(|id| Object::Reference(*id)).collect::<Vec<_>>());
        pages_node.set("Count", new_pages.len() as i64);
        out.objects.insert(pages_id, Object::Dictionary(pages_node));

        let document_id = digest16(ident.as_bytes());
        let instance_id = digest16(format!("{ident}\n{}", self.xmp).as_bytes());
        let xmp = self.xmp_of(slice.meta, last - first + 1, &document_id, &instance_id)?;
        let mut meta = Dictionary::new();
        meta.set("Type", Object::Name(b"Metadata".to_vec()));
        meta.set("Subtype", Object::Name(b"XML".to_vec()));
        let mut meta = Stream::new(meta, xmp.into_bytes());
        meta.allows_compression = false;
        root.set("Metadata", out.add_object(meta));

        if let Some(images) = stamp {
            draw::draw(&mut out, &new_pages, fields, images)?;
        }
        if !fields.is_empty() {
            let refs = widget::attach(&mut out, &new_pages, fields)?;
            root.set("AcroForm", Dictionary::from_iter([("Fields", Object::Array(refs))]));
        }
        let root_id = out.add_object(root);

        let mut info = self.info.clone();
        info.set("Title", text_string(&slice.meta.title));
        info.set("Subject", text_string(&slice.meta.subject));
        info.set("Keywords", text_string(&slice.meta.keywords.join(", ")));
        let info_id = out.add_object(info);
        out.trailer.set("Root", root_id);
        out.trailer.set("Info", info_id);
        out.trailer.set(
            "ID",
            vec![
                Object::String(document_id.to_vec(), StringFormat::Hexadecimal),
                Object::String(instance_id.to_vec(), StringFormat::Hexadecimal),
            ],
        );
        let mut bytes = Vec::with_capacity(64 * 1024);
        out.save_to(&mut bytes).map_err(broken)?;
        Ok(bytes)
    }

    /// The whole's XMP packet with this document's title, subject, keywords, page count and ids.
    fn xmp_of(&self, meta: &Meta, pages: usize, document_id: &[u8], instance_id: &[u8]) -> Result<String, String> {
        let (doc_b64, inst_b64) = (base64(document_id), base64(instance_id));
        let mut xmp = self.xmp.clone();
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

    /// The structure tree of the kept pages: elements with no content on them are dropped, the
    /// parent tree and the ID tree keep only what the kept pages refer to.
    fn prune_structure(&self, tree: &Object, kept: &HashSet<ObjectId>, copier: &mut Copier) -> Result<Object, String> {
        let tree_dict = match tree {
            Object::Reference(id) => self.doc.get_dictionary(*id).map_err(broken)?,
            Object::Dictionary(d) => d,
            _ => return Err(broken("the structure tree root is not a dictionary")),
        };
        let mut pruner = Pruner { whole: self, kept, range: copier.range.clone(), replaced: HashMap::new(), depth: 0 };
        let mut root = tree_dict.clone();
        if let Ok(k) = tree_dict.get(b"K") {
            match pruner.kids(k, None) {
                Some(k) => root.set("K", k),
                None => root.set("K", Object::Array(Vec::new())),
            }
        }
        // Parent tree: the entries of the kept pages and of their annotations.
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
        if let Ok(tree) = tree_dict.get(b"ParentTree") {
            let mut pairs = Vec::new();
            flatten_tree(&self.doc, tree, b"Nums", &mut pairs);
            let mut nums = Vec::new();
            for (key, value) in pairs {
                if key.as_i64().is_ok_and(|k| keys.contains(&k)) {
                    nums.push(key);
                    nums.push(value);
                }
            }
            root.set("ParentTree", Dictionary::from_iter([("Nums", Object::Array(nums))]));
        }
        if let Ok(tree) = tree_dict.get(b"IDTree") {
            let mut pairs = Vec::new();
            flatten_tree(&self.doc, tree, b"Names", &mut pairs);
            let mut names = Vec::new();
            for (key, value) in pairs {
                if value.as_reference().is_ok_and(|id| pruner.replaced.contains_key(&id)) {
                    names.push(key);
                    names.push(value);
                }
            }
            root.set("IDTree", Dictionary::from_iter([("Names", Object::Array(names))]));
        }
        copier.replaced.extend(pruner.replaced);
        // Elements point back at the root (/P): the pruned root takes the whole's root's place.
        Ok(match tree {
            Object::Reference(id) => {
                copier.replaced.insert(*id, root);
                copier.id(*id).map_or(Object::Null, Object::Reference)
            }
            _ => copier.copy(&Object::Dictionary(root)),
        })
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

/// One bookmark of a cut document.
struct Item {
    title: Object,
    dest: Option<Object>,
    children: Vec<Item>,
}

/// Write `items` as the document's outline; returns the outline dictionary's id.
fn write_outline(copier: &mut Copier, items: &[Item]) -> ObjectId {
    let root = copier.out.new_object_id();
    let count = write_items(copier, items, root);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(first), Some(last)) = (count.1.first(), count.1.last()) {
        dict.set("First", *first);
        dict.set("Last", *last);
    }
    dict.set("Count", count.0 as i64);
    copier.out.objects.insert(root, Object::Dictionary(dict));
    root
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
}

impl<'a> Copier<'a> {
    fn new(whole: &'a Cutter, range: RangeInclusive<usize>, out: &'a mut Document) -> Self {
        Copier { whole, range, out, map: HashMap::new(), replaced: HashMap::new(), queue: VecDeque::new() }
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
            out.set(k.clone(), self.copy(v));
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
