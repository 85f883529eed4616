//! Documents cut out of the complete dossier's PDF (`hoso::cut`): each must stand alone as
//! the document it is, read by an independent parser (pikepdf, `tests/pdf_structure.py`).

use serde_json::Value;

use crate::common::{SAMPLE, root, run_tool, temp_pdf};

fn structure_facts(pdf: &[u8]) -> Value {
    let f = temp_pdf(pdf);
    let script = root().join("tests/pdf_structure.py");
    serde_json::from_str(&run_tool("python3", &[script.to_str().unwrap(), f.path().to_str().unwrap()])).unwrap()
}

#[test]
fn cut_documents_keep_a_structure_tree_of_their_own_pages_only() {
    crate::needs_checkers!();
    for doc in &SAMPLE.documents {
        let s = &structure_facts(&doc.pdf)["structure"];
        let name = &doc.file_name;
        assert_eq!(s["tagged"], true, "{name}");
        assert_eq!(s["outside"], 0, "{name}: structure refers to pages that are not in the file");
        let pages = s["pages"].as_array().unwrap();
        assert_eq!(pages.len(), doc.pages, "{name}");
        for (i, p) in pages.iter().enumerate() {
            assert!(!p["content"].as_array().unwrap().is_empty(), "{name} page {}: untagged content", i + 1);
            assert_eq!(p["content"], p["tree"], "{name} page {}: marked content and structure differ", i + 1);
        }
        let mut keys: Vec<i64> = pages.iter().map(|p| p["struct_parents"].as_i64().unwrap()).collect();
        keys.sort();
        assert_eq!(s["parent_tree_keys"], serde_json::json!(keys), "{name}: parent tree");
    }
}

#[test]
fn cut_documents_carry_their_own_metadata_outline_and_id() {
    crate::needs_checkers!();
    let mut ids = std::collections::HashSet::new();
    for doc in SAMPLE.documents.iter().filter(|d| d.form.is_some()) {
        let f = structure_facts(&doc.pdf);
        let name = &doc.file_name;
        assert_eq!(f["xmp"]["title"], f["info"]["Title"], "{name}");
        assert_eq!(f["xmp"]["description"], f["info"]["Subject"], "{name}");
        assert_eq!(f["xmp"]["keywords"], f["info"]["Keywords"], "{name}");
        assert_eq!(f["xmp"]["pages"], doc.pages.to_string(), "{name}");
        assert_eq!((f["xmp"]["part"].as_str(), f["xmp"]["conformance"].as_str()), (Some("2"), Some("B")), "{name}");
        assert_eq!(f["xmp"]["document_id"], f["id"], "{name}: XMP DocumentID and /ID");
        assert!(ids.insert(f["id"].to_string()), "{name}: /ID shared with another document");
        assert_eq!(f["toc"], serde_json::json!([[doc.title, 0]]), "{name}: one bookmark, its own");
    }
    let whole = SAMPLE.documents.last().unwrap();
    let f = structure_facts(&whole.pdf);
    assert!(ids.insert(f["id"].to_string()), "ho-so.pdf /ID shared with a document");
    let toc = f["toc"].as_array().unwrap();
    assert_eq!(toc.len(), SAMPLE.documents.len() - 1, "ho-so.pdf: a bookmark per document");
}

#[test]
fn cut_documents_show_the_same_text_as_their_pages_of_the_whole() {
    crate::needs_checkers!();
    let whole = crate::common::pdftotext(&SAMPLE.documents.last().unwrap().pdf);
    let whole_pages: Vec<&str> = whole.split('\u{c}').collect();
    let mut at = 0;
    for doc in SAMPLE.documents.iter().filter(|d| d.form.is_some()) {
        let text = crate::common::pdftotext(&doc.pdf);
        let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.is_empty()).collect();
        assert_eq!(pages.len(), doc.pages, "{}", doc.file_name);
        // The whole has evidence pages after some reports: find this document's first page.
        while !whole_pages[at].eq(pages[0]) {
            at += 1;
            assert!(at < whole_pages.len(), "{}: first page not found in ho-so.pdf", doc.file_name);
        }
        for (k, p) in pages.iter().enumerate() {
            assert_eq!(*p, whole_pages[at + k], "{} page {}", doc.file_name, k + 1);
        }
        at += pages.len();
    }
}
