//! Render stages 5 and 6: documents assembled from the pages of the chunks the export wrote,
//! one file per PDF concern: the [`source`] PDF parsed once, objects [`copy`]-ed over, the
//! [`structure`] tree merged, the [`outline`] kept, the [`xmp`] packet written, all put
//! together by [`assemble`]. PDF primitives (text strings, ids, rounding) are [`crate::pdf`]'s.
//!
//! Each chunk is exported once (fonts subset and compressed once, every page drawn once) and
//! parsed once; a document is then a new PDF made of its pages of a chunk, carrying what those
//! pages use, its part of the structure tree (so it stays a tagged PDF), its bookmark, its own
//! metadata and /ID, and its empty signature fields ([`crate::sign`]). An [`Assembler`] also
//! joins pages of several chunks (`ho-so.pdf`, a print file), writing each object out as soon
//! as it is copied, so the source dossier is never held as objects in memory.
//!
//! Everything is copied object by object with `lopdf`, in a fixed order, so the output is
//! byte-identical for the same source. Streams (pages, fonts, images) are copied as they are,
//! already compressed. Fonts are the source's subsets, so a document may carry a few glyphs it
//! does not use. A reference to another document's page (a link, were a form to make one)
//! becomes null.

mod assemble;
mod copy;
mod outline;
mod source;
mod structure;
mod xmp;

pub(crate) use assemble::{Assembler, Pages, cut};
pub(crate) use source::Cutter;

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the cut against bad requests: a page range outside the source, or a PDF that does
    /// not parse, is an error naming the cut, never a panic; the same cut twice is the same
    /// bytes.
    #[test]
    fn a_cut_outside_the_whole_or_of_a_broken_pdf_is_an_error_not_a_panic() {
        assert!(Cutter::parse(b"%PDF-1.7 not really").is_err());
        let engine = crate::Engine::new().unwrap();
        let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/vi-nguoi-ngheo-2023.json");
        let checked = engine.check_file(&sample).unwrap().unwrap();
        let rendered = engine.render(&checked, None).unwrap();
        let source = rendered.documents.last().unwrap();
        let cutter = Cutter::parse(&source.pdf).unwrap();
        let meta = &checked.views[0].1.meta;
        let part = |pages| [Pages { source: &cutter, pages }];
        for pages in [0..=1, 1..=source.pages + 1, std::ops::RangeInclusive::new(3, 2)] {
            let err = cut(&part(pages.clone()), meta, "x", &[], None).unwrap_err();
            assert!(err.starts_with("cannot cut the document out of the dossier"), "{pages:?}: {err}");
        }
        let one = cut(&part(1..=1), meta, "x", &[], None).unwrap();
        assert_eq!(one, cut(&part(1..=1), meta, "x", &[], None).unwrap(), "byte-identical");
    }
}
