//! The complete dossier (`ho-so.pdf`) as one view: every document in filing order, each
//! nominee's evidence after their report, one bookmark per document. Its sections are the
//! documents and the evidence pages; `/_dossier.typ` lays them out one after another.

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

/// The complete dossier's view.
#[derive(Debug, Clone)]
pub(crate) struct Complete {
    /// What `/_dossier.typ` reads: metadata and the sections in order.
    pub data: Value,
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
) -> Complete {
    let mut sections = Vec::new();
    // The certificates' emblems, at fixed paths (their views name them).
    let mut files: Vec<(String, Bytes)> =
        emblems.iter().map(|(k, _, bytes)| (super::certificate::emblem_path(*k), Bytes::new(bytes.clone()))).collect();
    let mut document_sections = Vec::new();
    for (form, v) in documents {
        document_sections.push(sections.len());
        sections.push(json!({"form": form, "bookmark": v.bookmark, "data": v.data}));
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
                sections.push(json!({
                    "form": "_evidence",
                    "level": 2,
                    "bookmark": if p == 0 { Some(format!("Minh chứng: {}", e.path)) } else { None },
                    "data": {
                        "caption": format!("Minh chứng kèm theo Báo cáo thành tích của {}: {}{page}", d.nominees[i].name, e.path),
                        "image": path,
                        "format": format,
                    },
                }));
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
    let data = json!({ "meta": &meta, "sections": sections });
    Complete { data, meta, files, document_sections }
}
