//! Form packs: the forms and rules a province or a ministry sets for the dossiers filed under
//! it (since Decree 152/2025 art. 6(2)(c), the dossier for “Lao động tiên tiến”, “Chiến sĩ thi
//! đua cơ sở”, “Tập thể lao động tiên tiến” and Giấy khen is theirs to set). A pack is a folder,
//! `forms/packs/<id>/`: its `pack.toml` (the instrument it follows, its issuer, its scope, what of
//! the official text was and was not read, its own instruments and rules) and, beside it, a folder
//! per form of its own, laid out like any form. A dossier names the pack it files under
//! (`"pack"`), or its agency's province selects it; its forms and rules then come before the
//! national default. A province's IT adds a pack as a folder, without Rust.

use serde::{Deserialize, Serialize};

use super::data::{Instrument, Law, same_name};

/// One form pack.
#[derive(Debug, Clone, Serialize)]
pub struct Pack {
    /// Its id: the folder's name.
    pub id: String,
    /// What it is, e.g. "Quy định về công tác thi đua, khen thưởng tỉnh Bắc Ninh".
    pub title: String,
    /// The id of the instrument it follows (one of its `[[instrument]]`s).
    pub basis: String,
    /// Who issued it.
    pub issuer: String,
    /// The province whose units file under it, if it is a province's.
    pub province: Option<String>,
    /// The ministry or sector whose units file under it, if it is a ministry's.
    pub ministry: Option<String>,
    /// The titles and awards it covers, by name (empty: every one).
    pub awards: Vec<String>,
    /// What of the official text was read for it.
    pub read: String,
    /// What was not.
    pub not_read: String,
    /// Its own instruments, rules and deciders.
    #[serde(skip)]
    pub(crate) law: Law,
    /// The ids of its own forms.
    pub forms: Vec<String>,
}

/// `pack.toml` as written.
#[derive(Debug, Deserialize)]
struct PackFile {
    title: String,
    basis: String,
    issuer: String,
    #[serde(default)]
    province: Option<String>,
    #[serde(default)]
    ministry: Option<String>,
    #[serde(default)]
    awards: Vec<String>,
    read: String,
    not_read: String,
    #[serde(flatten)]
    law: Law,
}

impl Pack {
    /// The pack in folder `id` from its `pack.toml` text; `forms` are its own forms' ids.
    pub(crate) fn parse(id: &str, text: &str, forms: Vec<String>) -> Result<Pack, String> {
        let f: PackFile = toml::from_str(text).map_err(|e| format!("packs/{id}/pack.toml: {e}"))?;
        if f.law.instrument(&f.basis).is_none() {
            return Err(format!("packs/{id}/pack.toml: its basis \"{}\" is none of its [[instrument]]s", f.basis));
        }
        Ok(Pack {
            id: id.to_string(),
            title: f.title,
            basis: f.basis,
            issuer: f.issuer,
            province: f.province,
            ministry: f.ministry,
            awards: f.awards,
            read: f.read,
            not_read: f.not_read,
            law: f.law,
            forms,
        })
    }

    /// The law this pack sets.
    pub fn law(&self) -> &Law {
        &self.law
    }

    /// The instrument it follows.
    pub fn instrument(&self) -> &Instrument {
        self.law.instrument(&self.basis).expect("checked when the pack was read")
    }

    /// Whether it covers the title or award named `name`.
    pub fn covers(&self, name: &str) -> bool {
        self.awards.is_empty() || self.awards.iter().any(|a| same_name(a, name))
    }
}
