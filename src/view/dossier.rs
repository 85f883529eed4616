//! The complete dossier (`ho-so.pdf`): every document in filing order, each nominee's
//! evidence after their report, one bookmark per document.

use serde_json::{Value, json};

use super::{View, award_title, one_line};
use crate::dossier::Dossier;
use crate::evidence::{Evidence, Kind};

/// Virtual path of the `k`-th evidence page of a dossier. Paths are interned for the whole
/// process, so they are numbered, not named after files.
pub fn evidence_path(k: usize) -> String {
    format!("/evidence/{k}")
}

/// The complete dossier's view.
#[derive(Debug, Clone)]
pub struct Whole {
    /// What `/_dossier.typ` reads: metadata and the parts in order.
    pub data: Value,
    /// The evidence page files the parts refer to (virtual path, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// For each document given, the index of its part (evidence parts come between).
    pub doc_parts: Vec<usize>,
}

/// The combined view of `documents` (form id and view, in filing order), each nominee's
/// evidence after their report.
pub fn view(d: &Dossier, documents: &[(&str, &View)], evidence: &[Evidence]) -> Whole {
    let mut parts = Vec::new();
    let mut files = Vec::new();
    let mut doc_parts = Vec::new();
    for (form, v) in documents {
        doc_parts.push(parts.len());
        parts.push(json!({"form": form, "bookmark": v.bookmark, "data": v.data}));
        let Some(i) = v.nominee else { continue };
        for e in evidence.iter().filter(|e| e.nominee == i) {
            let count = e.pages.len();
            for (p, (kind, bytes)) in e.pages.iter().enumerate() {
                let path = evidence_path(files.len());
                let format = match kind {
                    Kind::Png => "png",
                    Kind::Jpeg => "jpg",
                    Kind::Pdf => "svg",
                };
                let page = if count > 1 { format!(" (trang {}/{count})", p + 1) } else { String::new() };
                parts.push(json!({
                    "form": "_evidence",
                    "level": 2,
                    "bookmark": if p == 0 { Some(format!("Minh chứng: {}", e.path)) } else { None },
                    "data": {
                        "caption": format!("Minh chứng kèm theo Báo cáo thành tích của {}: {}{page}", d.nominees[i].name, e.path),
                        "image": path,
                        "format": format,
                    },
                }));
                files.push((path, bytes.clone()));
            }
        }
    }
    let title = format!("Hồ sơ đề nghị tặng {}", award_title(&d.award.name, &d.award.grantor));
    let date = d.proposal.date;
    let data = json!({
        "meta": {
            "title": title,
            "subject": "Hồ sơ đề nghị khen thưởng",
            "author": one_line(&d.agency.name),
            "keywords": ["HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG", d.agency.abbreviation],
            "date": {"year": date.year(), "month": date.month(), "day": date.day()},
        },
        "parts": parts,
    });
    Whole { data, files, doc_parts }
}
