//! Pipeline step 5: laid-out pages → an archival PDF (PDF/A-2b), byte-identical for the same
//! input: the PDF's /ID comes from the document's identity and its dates from the document's
//! date, never from the clock. The complete dossier is exported once (render stage 4); its
//! documents are cut out of that PDF by [`crate::cut`].

use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::typeset::Diagnostic;
use crate::vi::Date;

/// Minutes east of UTC of Vietnam's time zone (UTC+7), for the PDF's dates.
const VIETNAM_OFFSET_MINUTES: i32 = 7 * 60;

/// The producer string written into every PDF.
pub(crate) fn creator() -> String {
    format!("hoso {}", env!("CARGO_PKG_VERSION"))
}

/// Export `doc` as PDF/A-2b. `ident` must be stable for the same document (it seeds the PDF's
/// /ID); `date` is the document's date.
pub(crate) fn pdf(doc: &PagedDocument, ident: &str, date: Date) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let datetime =
        Datetime::from_ymd_hms(date.year(), date.month() as u8, date.day() as u8, 0, 0, 0).expect("a valid date");
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some(creator())),
        timestamp: Timestamp::new_local(datetime, VIETNAM_OFFSET_MINUTES),
        standards: PdfStandards::new(&[PdfStandard::A_2b]).expect("PDF/A-2b is a valid standard"),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(doc, &options).map_err(|errors| {
        errors
            .iter()
            .map(|d| Diagnostic {
                location: String::new(),
                message: d.message.to_string(),
                hints: d.hints.iter().map(|h| h.v.to_string()).collect(),
            })
            .collect()
    })
}
