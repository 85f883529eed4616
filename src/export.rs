//! Pipeline step 5: laid-out pages → an archival PDF (PDF/A-2b), byte-identical for the same
//! input: the PDF's /ID comes from the document's identity and its dates from the document's
//! date, never from the clock. One document of the complete dossier is exported as its own
//! PDF by cutting its pages out of the whole and giving it its own metadata.

use std::ops::RangeInclusive;

use typst::foundations::{Datetime, Smart};
use typst::model::Document as _;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::typeset::TemplateError;
use crate::vi::Date;

/// Minutes east of UTC of Vietnam's time zone (UTC+7), for the PDF's dates.
const VIETNAM_OFFSET_MINUTES: i32 = 7 * 60;

/// The producer string written into every PDF.
pub fn creator() -> String {
    format!("hoso {}", env!("CARGO_PKG_VERSION"))
}

/// Metadata of one document cut out of a larger one.
#[derive(Debug, Clone)]
pub struct Part<'a> {
    /// Pages of the whole, numbered from 1.
    pub pages: RangeInclusive<usize>,
    /// The document's title (its summary).
    pub title: &'a str,
    /// What kind of document it is (XMP dc:description, the PDF's Subject).
    pub subject: &'a str,
    /// Keywords.
    pub keywords: Vec<String>,
}

/// Export `doc` as PDF/A-2b, or only `part` of it with that part's metadata. `ident` must be
/// stable for the same document (it seeds the PDF's /ID); `date` is the document's date.
pub fn pdf(doc: &PagedDocument, ident: &str, date: Date, part: Option<Part>) -> Result<Vec<u8>, Vec<TemplateError>> {
    let datetime =
        Datetime::from_ymd_hms(date.year(), date.month() as u8, date.day() as u8, 0, 0, 0).expect("a valid date");
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some(creator())),
        timestamp: Timestamp::new_local(datetime, VIETNAM_OFFSET_MINUTES),
        standards: PdfStandards::new(&[PdfStandard::A_2b]).expect("PDF/A-2b is a valid standard"),
        ..PdfOptions::default()
    };
    let cut;
    let doc = match part {
        None => doc,
        Some(part) => {
            let pages = doc.pages()[part.pages.start() - 1..*part.pages.end()].iter().cloned().collect();
            let mut d = PagedDocument::new(pages, doc.info().clone());
            let info = d.info_mut();
            info.title = Some(part.title.into());
            info.description = Some(part.subject.into());
            info.keywords = part.keywords.iter().map(|k| k.as_str().into()).collect();
            let day = Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8).expect("a valid date");
            info.date = Smart::Custom(Some(day));
            cut = d;
            &cut
        }
    };
    typst_pdf::pdf(doc, &options).map_err(|errors| {
        errors
            .iter()
            .map(|d| TemplateError {
                location: String::new(),
                message: d.message.to_string(),
                hints: d.hints.iter().map(|h| h.v.to_string()).collect(),
            })
            .collect()
    })
}
