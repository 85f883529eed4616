//! The PDF a chunk's export wrote, parsed once: its pages, its page tree, its XMP packet and
//! information dictionary, and the pages each structure element has content on, so a document
//! cut from it walks only its own part of the tree.

use std::collections::{HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

/// Why a document could not be cut (always a bug of hoso or its forms, never of the data).
pub(super) fn broken(what: impl std::fmt::Display) -> String {
    format!("cannot cut the document out of the dossier: {what}")
}

/// The complete dossier's PDF, parsed once to cut any number of documents from it.
pub(crate) struct Cutter {
    pub(super) doc: Document,
    /// Page objects in order.
    pub(super) pages: Vec<ObjectId>,
    /// Every node of the page tree (never copied: each cut gets its own).
    pub(super) page_nodes: HashSet<ObjectId>,
    /// The source's XMP packet, the template of each document's.
    pub(super) xmp: String,
    /// The source's document information dictionary.
    pub(super) info: Dictionary,
    /// Index of each page object.
    pub(super) page_index: HashMap<ObjectId, usize>,
    /// Every structure element (indirect ones), with the first and last page index its
    /// content is on (`None`: no content), so a cut only walks its own part of the tree.
    pub(super) spans: HashMap<ObjectId, Option<(usize, usize)>>,
    /// What the pages' resources reach (fonts, images, colour spaces): shared by every page
    /// that uses it, so an assembly copies it once for all the parts it takes from here.
    pub(super) shared: HashSet<ObjectId>,
    /// This parse, told apart from any other (an assembly remembers what it copied from it).
    pub(super) key: u64,
}

/// Every object reachable from the pages' /Resources.
fn resources(doc: &Document, pages: &[ObjectId]) -> HashSet<ObjectId> {
    let mut seen = HashSet::new();
    let mut todo: Vec<&Object> = Vec::new();
    for p in pages {
        if let Ok(r) = doc.get_dictionary(*p).and_then(|d| d.get(b"Resources")) {
            todo.push(r);
        }
    }
    while let Some(o) = todo.pop() {
        match o {
            Object::Reference(id) => {
                if seen.insert(*id)
                    && let Ok(o) = doc.get_object(*id)
                {
                    todo.push(o);
                }
            }
            Object::Array(a) => todo.extend(a.iter()),
            Object::Dictionary(d) => todo.extend(d.iter().map(|(_, v)| v)),
            Object::Stream(s) => todo.extend(s.dict.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    // A resource never reaches a page; were one to, it stays the part's own.
    seen.retain(|id| !pages.contains(id));
    seen
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
        static PARSES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let key = PARSES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let shared = resources(&doc, &pages);
        Ok(Cutter { doc, pages, page_nodes, xmp, info, page_index, spans, shared, key })
    }

    /// `o`, or the object it refers to.
    pub(super) fn resolve<'a>(&'a self, o: &'a Object) -> &'a Object {
        match o {
            Object::Reference(id) => self.doc.get_object(*id).unwrap_or(&Object::Null),
            other => other,
        }
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
pub(super) fn is_content_ref(d: &Dictionary) -> bool {
    matches!(d.get(b"Type").and_then(Object::as_name), Ok(b"MCR") | Ok(b"OBJR"))
}
