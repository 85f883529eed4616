//! A document with thousands of rows (a province's decision for 3,000 awardees, the minutes
//! of its vote) laid out in **pieces** of a few hundred rows, each compiled on its own, so the
//! memory of a layout stays bounded whatever the list's length (Typst holds a compilation's
//! every page until it ends: about 3 MB a page of a list table).
//!
//! The pages do not change. A piece lays out its rows from the page the previous one stopped
//! at; it keeps its pages up to the last one that opens with a row continuing a table
//! (the table's header repeated, then that row, no row broken across the page before), and
//! the next piece starts there, with that row and that page number. Since a page's content
//! depends only on what starts on it, each page is what one compilation of the whole document
//! would have made; the test `layout::a_list_laid_out_in_pieces_prints_the_pages_of_one_piece`
//! holds it by comparing the pixels. Where no such page is found, the document is laid out
//! whole, as before.
//!
//! A form says where its rows are with `rows` in its `form.toml`: the keys from the view down
//! to each row array, dotted, alternatives split by `|` (`"list.groups.collectives|individuals.rows"`).
//! hoso numbers the rows (`_row`) and gives every object on the way the first and last row it
//! holds (`first_row`, `last_row`); a piece's view keeps only the rows it holds, and the lists
//! and groups around them, with `piece` = `(from, to, page)`; the kit's `starts-here`,
//! `ends-here`, `row-start` and `row-end` read them.

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::typeset::introspect::Marker;

/// Rows a piece holds at most: a decision's list prints about 30 rows a page, so a piece is
/// some 13 pages and its layout some 40 MB.
pub(crate) const PIECE_ROWS: usize = 300;

/// Label of the marker the kit puts at the start of a row's first cell (value: the row's number).
pub(crate) const ROW_LABEL: &str = "hoso-row";

/// Label of the marker the kit puts at the end of each of a row's cells.
pub(crate) const ROW_END_LABEL: &str = "hoso-row-end";

/// A document's rows, numbered.
#[derive(Debug)]
pub(crate) struct Rows {
    /// The view with every row numbered and every container spanned.
    pub view: Value,
    /// How many rows.
    pub total: usize,
    /// The rows that open a table (the first of their array): a piece never restarts there,
    /// since such a page opens with the group's heading, not a repeated header.
    pub opening: HashSet<usize>,
}

/// Number the rows of `view` found along `path` (see the module), in document order; `None`
/// when the path finds no row array.
pub(crate) fn number(view: &Value, path: &str) -> Option<Rows> {
    let segments: Vec<Vec<&str>> = path.split('.').map(|s| s.split('|').collect()).collect();
    let mut view = view.clone();
    let mut next = 0;
    let mut opening = HashSet::new();
    let mut found = false;
    walk(&mut view, &segments, &mut next, &mut opening, &mut found);
    found.then_some(Rows { view, total: next, opening })
}

fn walk(v: &mut Value, path: &[Vec<&str>], next: &mut usize, opening: &mut HashSet<usize>, found: &mut bool) {
    match v {
        Value::Array(items) => {
            for item in items {
                walk(item, path, next, opening, found);
            }
        }
        Value::Object(map) => {
            let Some((keys, rest)) = path.split_first() else { return };
            let first = *next;
            for key in keys {
                let Some(child) = map.get_mut(*key) else { continue };
                if rest.is_empty() {
                    let Value::Array(rows) = child else { continue };
                    *found = true;
                    if !rows.is_empty() {
                        opening.insert(*next);
                    }
                    for row in rows.iter_mut().filter_map(Value::as_object_mut) {
                        row.insert("_row".into(), json!(*next));
                        *next += 1;
                    }
                } else {
                    walk(child, rest, next, opening, found);
                }
            }
            map.insert("first_row".into(), json!(first));
            map.insert("last_row".into(), json!(*next as i64 - 1));
        }
        _ => {}
    }
}

/// The view of the piece holding rows `from..to`, starting on page number `page`: rows outside
/// left out, and the containers on the path that hold none of the piece's rows.
pub(crate) fn piece(rows: &Rows, path: &str, from: usize, to: usize, page: usize) -> Value {
    let segments: Vec<Vec<&str>> = path.split('.').map(|s| s.split('|').collect()).collect();
    let mut view = rows.view.clone();
    prune(&mut view, &segments, from, to, to == rows.total);
    if let Value::Object(map) = &mut view {
        map.insert("piece".into(), json!({"from": from, "to": to, "page": page}));
    }
    view
}

/// Whether a container spanning `first..=last` holds anything of `from..to`; an empty one
/// (`last` = `first` − 1) stands at `first`, and the piece that ends the rows (`end`) takes
/// those after the last row.
fn within(o: &Value, from: usize, to: usize, end: bool) -> bool {
    let (Some(first), Some(last)) = (o["first_row"].as_i64(), o["last_row"].as_i64()) else { return true };
    let (from, to) = (from as i64, to as i64);
    if last < first { first >= from && (first < to || end) } else { first < to && last >= from }
}

fn prune(v: &mut Value, path: &[Vec<&str>], from: usize, to: usize, end: bool) {
    let Value::Object(map) = v else { return };
    let Some((keys, rest)) = path.split_first() else { return };
    for key in keys {
        let Some(child) = map.get_mut(*key) else { continue };
        match child {
            Value::Array(items) if rest.is_empty() => {
                items.retain(|r| r["_row"].as_u64().is_none_or(|i| (from as u64..to as u64).contains(&i)))
            }
            Value::Array(items) => {
                items.retain(|o| within(o, from, to, end));
                for item in items {
                    prune(item, rest, from, to, end);
                }
            }
            other => prune(other, rest, from, to, end),
        }
    }
}

/// Where the next piece starts, for a piece of `pages` pages that began at row `from`:
/// `(k, row)`, the last page `k` (from 1, after the first) that opens with a row continuing a
/// table and the row that opens it. `starts` are the pieces' row markers (value = row), `ends`
/// the markers at the end of each row's cells. `None`: no page to restart at.
pub(crate) fn restart(
    starts: &[Marker],
    ends: &[Marker],
    rows: &Rows,
    pages: usize,
    from: usize,
) -> Option<(usize, usize)> {
    let row = |m: &Marker| match &m.value {
        typst::foundations::Value::Int(i) => usize::try_from(*i).ok(),
        _ => None,
    };
    // The page each row starts on, and the last page any of its cells ends on.
    let mut start_page = std::collections::HashMap::new();
    for m in starts {
        if let Some(r) = row(m) {
            start_page.entry(r).or_insert(m.page);
        }
    }
    let mut end_page = std::collections::HashMap::new();
    for m in ends {
        if let Some(r) = row(m) {
            let e = end_page.entry(r).or_insert(m.page);
            *e = (*e).max(m.page);
        }
    }
    for k in (2..=pages).rev() {
        // The first row starting on page k.
        let Some(r) = start_page.iter().filter(|(_, p)| **p == k).map(|(r, _)| *r).min() else { continue };
        if r <= from || rows.opening.contains(&r) {
            continue;
        }
        // Nothing of the row before runs on into page k.
        if end_page.get(&(r - 1)) == Some(&(k - 1)) {
            return Some((k, r));
        }
    }
    None
}

/// The page number printed on page `k` (from 1) of a piece that began at number `page`, given
/// the pages where the count restarts at 1 (a document's or an appendix's first page).
pub(crate) fn page_number(k: usize, page: usize, firsts: &[usize]) -> usize {
    match firsts.iter().filter(|f| **f <= k).max() {
        Some(f) => k - f + 1,
        None => page + k - 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_numbered_in_document_order_through_alternatives() {
        let v = json!({"list": {"groups": [
            {"collectives": {"rows": [{"a": 1}]}, "individuals": {"rows": [{"a": 2}, {"a": 3}]}},
            {"collectives": {"rows": []}, "individuals": {"rows": [{"a": 4}]}},
        ]}});
        let rows = number(&v, "list.groups.collectives|individuals.rows").unwrap();
        assert_eq!(rows.total, 4);
        let g = &rows.view["list"]["groups"];
        assert_eq!(g[0]["individuals"]["rows"][1]["_row"], 2);
        assert_eq!(g[1]["individuals"]["rows"][0]["_row"], 3);
        assert_eq!((g[1]["first_row"].as_i64(), g[1]["last_row"].as_i64()), (Some(3), Some(3)));
        assert_eq!(rows.opening, HashSet::from([0, 1, 3]));
        let p = piece(&rows, "list.groups.collectives|individuals.rows", 2, 4, 7);
        assert_eq!(p["list"]["groups"][0]["individuals"]["rows"].as_array().unwrap().len(), 1);
        assert_eq!(p["piece"]["page"], 7);
        let p = piece(&rows, "list.groups.collectives|individuals.rows", 0, 1, 1);
        assert_eq!(p["list"]["groups"].as_array().unwrap().len(), 1);
    }
}
