//! The structure tree of an assembled document: each part's elements with content on its kept
//! pages, under one root and one Document element, their parent-tree keys shifted and their IDs
//! made unique, so every document and the complete dossier stay tagged PDFs.

use std::collections::{HashMap, HashSet};
use std::ops::RangeInclusive;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::copy::Copier;
use super::source::{Cutter, broken, is_content_ref};

/// The assembled document's structure tree, gathered part by part.
#[derive(Default)]
pub(super) struct Tree {
    /// Its root's id.
    pub(super) root_id: ObjectId,
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
    pub(super) next_key: i64,
    /// ID tree entries.
    names: Vec<(Object, Object)>,
    role_map: Dictionary,
    class_map: Dictionary,
}

impl Tree {
    /// An empty tree whose root will be object `root_id`.
    pub(super) fn new(root_id: ObjectId) -> Self {
        Tree { root_id, ..Tree::default() }
    }
}

/// The part of `src`'s structure tree of an assembled document's structure tree: the elements with content on
/// the kept pages go into `tree` (its root and Document element replace this PDF's), with
/// their parent-tree entries shifted by `tree.next_key` and their IDs made unique.
pub(super) fn merge(
    src: &Cutter,
    kept: &HashSet<ObjectId>,
    copier: &mut Copier,
    tree: &mut Tree,
) -> Result<(), String> {
    let catalog = src.doc.catalog().map_err(broken)?;
    let Ok(root_obj) = catalog.get(b"StructTreeRoot") else { return Ok(()) };
    let root_dict = match root_obj {
        Object::Reference(id) => {
            copier.map.insert(*id, Some(tree.root_id));
            src.doc.get_dictionary(*id).map_err(broken)?
        }
        Object::Dictionary(d) => d,
        _ => return Err(broken("the structure tree root is not a dictionary")),
    };
    if tree.root.is_empty() {
        tree.root = root_dict.clone();
    }
    for key in [&b"RoleMap"[..], b"ClassMap"] {
        if let Ok(map) = root_dict.get(key).map(|m| src.resolve(m)).and_then(Object::as_dict) {
            let merged = if key == b"RoleMap" { &mut tree.role_map } else { &mut tree.class_map };
            for (k, v) in map.iter() {
                if merged.get(k).is_err() {
                    let v = copier.copy(v);
                    merged.set(k.clone(), v);
                }
            }
        }
    }
    let mut pruner = Pruner { source: src, kept, range: copier.range.clone(), replaced: HashMap::new(), depth: 0 };
    // Typst's tree is one Document element under the root: its kids join the assembled
    // document's one Document element.
    let only_kid = match root_dict.get(b"K") {
        Ok(Object::Reference(id)) => Some(*id),
        Ok(Object::Array(a)) if a.len() == 1 => a[0].as_reference().ok(),
        _ => None,
    };
    let document = match only_kid {
        Some(id) => src
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
        let Ok(page) = src.doc.get_dictionary(*page) else { continue };
        if let Ok(k) = page.get(b"StructParents").and_then(Object::as_i64) {
            keys.insert(k);
        }
        let annots = match page.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(Object::Reference(id)) => {
                src.doc.get_object(*id).and_then(Object::as_array).cloned().unwrap_or_default()
            }
            _ => Vec::new(),
        };
        for a in annots {
            let annot = match &a {
                Object::Reference(id) => src.doc.get_dictionary(*id).ok(),
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
        flatten_tree(&src.doc, parents, b"Nums", &mut pairs);
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
        flatten_tree(&src.doc, ids, b"Names", &mut pairs);
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

/// Write the gathered structure tree: its root (returned as a reference) and its one
/// Document element.
pub(super) fn tree_root(out: &mut Document, tree: Tree) -> Object {
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
pub(super) fn shift_struct_parents(out: &mut Document, pages: &[ObjectId], offset: i64) {
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

/// Prunes the structure tree to the kept pages.
struct Pruner<'a> {
    source: &'a Cutter,
    kept: &'a HashSet<ObjectId>,
    /// Indices of the kept pages.
    range: RangeInclusive<usize>,
    /// Kept structure elements (by the source's id), with their pruned kids.
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
                if let Some(span) = self.source.spans.get(id) {
                    let (a, b) = (*span)?;
                    if b < *self.range.start() || a > *self.range.end() {
                        return None;
                    }
                }
                let dict = self.source.doc.get_dictionary(*id).ok()?;
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
