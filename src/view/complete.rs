//! The complete dossier (`ho-so.pdf`) as one view: every document in filing order, each
//! nominee's evidence after their report, one bookmark per document. Its sections are the
//! documents and the evidence pages; `/_dossier.typ` lays them out one after another.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Value, json};
use typst::foundations::Bytes;

use super::{Meta, View, one_line, subject};
use crate::dossier::Dossier;
use crate::evidence::{Evidence, FileType};

/// Virtual path of the `k`-th evidence page of a dossier. Paths are interned for the whole
/// process, so they are numbered, not named after files.
pub(crate) fn evidence_path(k: usize) -> String {
    format!("/evidence/{k}")
}

/// One section of the complete dossier as `/_dossier.typ` reads it: a document (its view
/// borrowed from the check, never copied: a dossier of 3,000 certificates holds 3,000 views)
/// or a page of evidence. (Fields in the order a JSON object of them always had.)
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Section<'a> {
    /// Its bookmark in the complete dossier, if it has one.
    pub bookmark: Option<String>,
    /// What its template reads.
    pub data: Cow<'a, Value>,
    /// Its form's id, or "_evidence".
    pub form: &'a str,
    /// Its bookmark's level (evidence under its report); absent: 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
}

/// The complete dossier's view.
#[derive(Debug, Clone)]
pub(crate) struct Complete<'a> {
    /// What `/_dossier.typ` reads about the whole: its metadata.
    pub meta_data: Value,
    /// The sections in order.
    pub sections: Vec<Section<'a>>,
    /// Its PDF metadata.
    pub meta: Meta,
    /// The evidence page and emblem files the sections refer to (virtual path, bytes shared
    /// by every chunk's compilation).
    pub files: Vec<(String, Bytes)>,
    /// For each document given, the index of its section (evidence sections come between).
    pub document_sections: Vec<usize>,
}

/// The combined view of `documents` (form id and view, in filing order), each nominee's
/// evidence after their report.
pub(crate) fn view<'a>(
    d: &Dossier,
    documents: impl IntoIterator<Item = (&'a str, &'a View)>,
    evidence: &[Evidence],
    emblems: &[(usize, FileType, Vec<u8>)],
) -> Complete<'a> {
    let mut sections = Vec::new();
    // The certificates' emblems, at fixed paths (their views name them).
    let mut files: Vec<(String, Bytes)> =
        emblems.iter().map(|(k, _, bytes)| (super::certificate::emblem_path(*k), Bytes::new(bytes.clone()))).collect();
    let mut document_sections = Vec::new();
    for (form, v) in documents {
        document_sections.push(sections.len());
        sections.push(Section { bookmark: Some(v.bookmark.clone()), data: Cow::Borrowed(&v.data), form, level: None });
        let Some(i) = v.nominee else { continue };
        for e in evidence.iter().filter(|e| e.nominee == i) {
            let count = e.pages.len();
            for (p, (kind, bytes)) in e.pages.iter().enumerate() {
                let path = evidence_path(files.len() - emblems.len());
                let format = match kind {
                    FileType::Png => "png",
                    FileType::Jpeg => "jpg",
                    FileType::Pdf => "svg",
                };
                let page = if count > 1 { format!(" (trang {}/{count})", p + 1) } else { String::new() };
                sections.push(Section {
                    bookmark: (p == 0).then(|| format!("Minh chứng: {}", e.path)),
                    data: Cow::Owned(json!({
                        "caption": format!("Minh chứng kèm theo Báo cáo thành tích của {}: {}{page}", d.nominees[i].name, e.path),
                        "image": path,
                        "format": format,
                    })),
                    form: "_evidence",
                    level: Some(2),
                });
                files.push((path, Bytes::new(bytes.clone())));
            }
        }
    }
    let date = d.date();
    let all: Vec<&crate::dossier::Award> = d.awards.iter().collect();
    let meta = Meta {
        title: format!("Hồ sơ đề nghị {}", subject(d, &all)),
        subject: "Hồ sơ đề nghị khen thưởng".into(),
        author: one_line(&d.agency.name),
        keywords: vec!["HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG".into(), d.agency.abbreviation.clone()],
        date: date.into(),
    };
    let meta_data = json!(&meta);
    Complete { meta_data, sections, meta, files, document_sections }
}
