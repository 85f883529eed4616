//! A rendered dossier folder signed by role: the manifest says which document has which empty
//! field, so "the head signs every report's confirmation" is one run over the folder.
//!
//! - **as the person** ([`As::Person`]): every empty field of the role (or the one field
//!   named), the signature image centred in the room (Phụ lục I II.7.d);
//! - **as the organisation** ([`As::Organisation`]): after the head, a new field over the
//!   left third of the head's signature, the seal at real size (II.8.a), for each signed field
//!   of the role whose block carries the seal.
//!
//! `ho-so.pdf`, the complete dossier, is a reading copy and is never signed: signatures belong
//! to each document, and joining signed files into one would make a new file no signature
//! covers. [`crate::verify`] says so for a folder.

use std::path::Path;

use super::SignImage;
use super::pades::{Drawn, Request, Target, fields, pdf_date};
use super::place::place;
use super::signing::{Job, now_vn};
use crate::manifest::Manifest;
use crate::messages::Text;
use crate::t;

/// Who signs the fields of a role.
#[derive(Debug, Clone)]
pub enum As {
    /// The person in the field (a head, a secretary, a nominee), with their signature image.
    Person {
        /// The blue signature PNG.
        image: Option<SignImage>,
    },
    /// The organisation (its văn thư), after the person, with the seal.
    Organisation {
        /// The red seal PNG.
        seal: SignImage,
    },
}

/// The name of the organisation's field over a person's field `name`.
pub fn organisation_field(name: &str) -> String {
    format!("{name}_co_quan")
}

/// The jobs for signing, in folder `dir`, the fields of `role` (or the field named `field`)
/// as `who`, with `name` as the signer's name; `only` limits them to those files.
pub fn jobs(
    dir: &Path,
    role: Option<&str>,
    field: Option<&str>,
    who: &As,
    name: &str,
    only: &[String],
) -> Result<Vec<Job>, Text> {
    let manifest = Manifest::read(dir).ok_or_else(|| t!("sign.no-manifest", dir = dir.display().to_string()))?;
    let time = pdf_date(&now_vn());
    let mut jobs = Vec::new();
    for doc in &manifest.documents {
        if doc.form.is_none() || (!only.is_empty() && !only.contains(&doc.file)) {
            continue;
        }
        let wanted: Vec<_> = doc
            .signature_fields
            .iter()
            .filter(|f| field.is_some_and(|n| n == f.name) || role.is_some_and(|r| r == f.role))
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let pdf = crate::host::read(&dir.join(&doc.file))
            .map_err(|e| t!("cli.cannot-read", path = doc.file.clone(), error = e.to_string()))?;
        let present = fields(&pdf).map_err(|e| t!("sign.pdf-failed", file = doc.file.clone(), error = e))?;
        let filled = |n: &str| present.iter().any(|(p, v)| p == n && *v);
        let exists = |n: &str| present.iter().any(|(p, _)| p == n);
        // Each field is one update; several fields of one document are signed one after the
        // other, on the file as the previous one left it — done by the caller running the
        // jobs in order, so only the first field of each document goes in this run.
        for f in wanted {
            let request = match who {
                As::Person { image } => {
                    if filled(&f.name) {
                        continue;
                    }
                    let images = image
                        .as_ref()
                        .and_then(|img| {
                            place(f.rect, Some(("chu-ky", img)), None)
                                .0
                                .map(|p| Drawn { image: img.clone(), rect: p.rect })
                        })
                        .into_iter()
                        .collect();
                    Request {
                        target: Target::Field(f.name.clone()),
                        images,
                        time: time.clone(),
                        name: name.into(),
                        reserve: 0,
                        text: None,
                    }
                }
                As::Organisation { seal } => {
                    let org = organisation_field(&f.name);
                    if !filled(&f.name) {
                        return Err(t!("sign.head-first", file = doc.file.clone(), field = f.name.clone()));
                    }
                    if exists(&org) {
                        continue;
                    }
                    let anchor = f.signature_image.as_ref().map_or(f.rect, |p| p.rect);
                    let rect = f
                        .seal_image
                        .as_ref()
                        .map(|p| p.rect)
                        .or_else(|| place(anchor, None, Some(("dau", seal))).1.map(|p| p.rect))
                        .unwrap_or(anchor);
                    Request {
                        target: Target::NewField { name: org, page: f.page, rect },
                        images: vec![Drawn { image: seal.clone(), rect }],
                        time: time.clone(),
                        name: name.into(),
                        reserve: 0,
                        text: None,
                    }
                }
            };
            jobs.push(Job { label: doc.file.clone(), pdf: pdf.clone(), request });
            break;
        }
    }
    Ok(jobs)
}
