//! The bookmarks of an assembled document: the items of each part whose destination is a kept
//! page, nested as they were, chained after the previous part's.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::copy::Copier;
use super::source::Cutter;

/// The outline items whose destination is a kept page, keeping their nesting (an item of
/// another document whose children are kept gives way to them).
pub(super) fn outline(src: &Cutter, kept: &HashSet<ObjectId>) -> Vec<Item> {
    let first = src
        .doc
        .catalog()
        .and_then(|c| c.get(b"Outlines"))
        .and_then(|o| src.resolve(o).as_dict().cloned())
        .and_then(|o| o.get(b"First").cloned());
    match first {
        Ok(first) => items(src, &first, kept, 0),
        Err(_) => Vec::new(),
    }
}

fn items(src: &Cutter, first: &Object, kept: &HashSet<ObjectId>, depth: usize) -> Vec<Item> {
    let mut out = Vec::new();
    let mut next = Some(first.clone());
    let mut seen = HashSet::new();
    while let Some(Object::Reference(id)) = next {
        if !seen.insert(id) || depth > 32 {
            break;
        }
        let Ok(item) = src.doc.get_dictionary(id) else { break };
        let children = item.get(b"First").map(|f| items(src, f, kept, depth + 1)).unwrap_or_default();
        let dest = item.get(b"Dest").ok().cloned();
        let page = dest
            .as_ref()
            .and_then(|d| src.resolve(d).as_array().ok().and_then(|a| a.first()).and_then(|p| p.as_reference().ok()));
        if page.is_some_and(|p| kept.contains(&p)) {
            out.push(Item { title: item.get(b"Title").cloned().unwrap_or(Object::Null), dest, children });
        } else {
            out.extend(children);
        }
        next = item.get(b"Next").ok().cloned();
    }
    out
}

/// Chain outline item `next` after `prev`.
pub(super) fn link(out: &mut Document, prev: ObjectId, next: ObjectId) {
    if let Some(Object::Dictionary(d)) = out.objects.get_mut(&prev) {
        d.set("Next", next);
    }
    if let Some(Object::Dictionary(d)) = out.objects.get_mut(&next) {
        d.set("Prev", prev);
    }
}

/// One bookmark of a cut document.
pub(super) struct Item {
    title: Object,
    dest: Option<Object>,
    children: Vec<Item>,
}

/// Write sibling items under `parent`: (visible descendants, their ids).
pub(super) fn write_items(copier: &mut Copier, items: &[Item], parent: ObjectId) -> (usize, Vec<ObjectId>) {
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
