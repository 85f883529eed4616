//! The dossier itself: what it holds, and what is read off it as a whole (its date, its
//! number, an authority or award by id).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::agency::*;
use super::awards::*;
use super::decisions::*;
use super::minutes::*;
use super::nominees::*;
use super::scalars::*;

/// One commendation dossier (hồ sơ đề nghị khen thưởng): who proposes which titles and awards
/// for whom, to which authorities, and everything the letters, their lists, the minutes and the
/// reports print.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "hoso dossier v2")]
pub struct Dossier {
    /// Optional link to this schema, for editors that offer completion.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Format marker: "hoso/2". It is how `hoso batch` recognises a dossier ("hoso/1" files are
    /// read too, and `hoso upgrade` rewrites them).
    pub format: Format,
    /// The unit that issues the documents (box 2 of the Decree 30 header).
    pub agency: Agency,
    /// The emulation movement (phong trào thi đua) the nominations belong to, for a thematic
    /// (chuyên đề) dossier; left out at a year end, where `period` says what the achievements
    /// are for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub movement: Option<Movement>,
    /// The period the achievements belong to when there is no movement, e.g. "năm học 2024 -
    /// 2025" or "năm 2025".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The authorities that decide the titles and awards: the unit's own head, and each higher
    /// authority a letter goes to.
    #[schemars(length(min = 1, max = 20))]
    pub authorities: Vec<DecidingAuthority>,
    /// The emulation titles and awards proposed in this dossier.
    #[schemars(length(min = 1, max = 50))]
    pub awards: Vec<Award>,
    /// One proposal letter (Tờ trình) with its list per higher authority; the unit's own
    /// authority gets none (it issues its decision).
    #[serde(default)]
    #[schemars(length(max = 20))]
    pub proposals: Vec<Proposal>,
    /// The unit's own decision (Quyết định, Decree 30 template 1.2) with its list, prize money
    /// and certificates, one per own authority that decides something in this dossier.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 20))]
    pub decisions: Vec<Decision>,
    /// The collectives and individuals proposed, in any order (lists sort them).
    #[schemars(length(min = 1, max = MAX_NOMINEES))]
    pub nominees: Vec<Nominee>,
    /// The emulation council's meeting (Biên bản họp Hội đồng Thi đua - Khen thưởng).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<Minutes>,
    /// Wording the unit overrides, by form and key, e.g. {"to-trinh": {"request": "…"}}; each
    /// value is a minijinja template rendered to plain text. `hoso forms --wording` lists the
    /// keys of each form, `hoso view DOSSIER --context` the variables.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub wording: BTreeMap<String, BTreeMap<String, String>>,
    /// Labels the unit corrects, by form and key, e.g. {"bao-cao-thanh-tich-nd152":
    /// {"section_awards": "…"}}, where the official text reads otherwise than the form's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, BTreeMap<String, String>>,
    /// The form pack the dossier files under: a province's or ministry's forms and rules (see
    /// `hoso forms`). Left out: the pack of the agency's province if there is one, else the
    /// national forms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<String>,
    /// Form versions to use instead of the one in force at each document's date, by form id
    /// (e.g. "bao-cao-thanh-tich-nd91"); a superseded choice is rendered with a warning.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<String>,
}

/// The format marker of dossier files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Format {
    /// Version 2 of the dossier format.
    #[serde(rename = "hoso/2")]
    V2,
}

impl Dossier {
    /// The authority with this id.
    pub fn authority(&self, id: &str) -> Option<&DecidingAuthority> {
        self.authorities.iter().find(|a| a.id == id)
    }

    /// The award with this id.
    pub fn award(&self, id: &str) -> Option<&Award> {
        self.awards.iter().find(|a| a.id == id)
    }

    /// The letter to the authority with this id.
    pub fn proposal_to(&self, authority: &str) -> Option<&Proposal> {
        self.proposals.iter().find(|p| p.authority == authority)
    }

    /// The dossier's date: its first letter's, else the meeting's, else its latest report's,
    /// else its first decision's (a unit that only decides itself). It decides the form
    /// versions in force and dates the complete file.
    pub fn date(&self) -> Date {
        self.proposals
            .iter()
            .map(|p| p.date)
            .min()
            .or(self.minutes.as_ref().map(|m| m.date))
            .or(self.nominees.iter().filter_map(|n| n.report.as_ref().map(|r| r.date)).max())
            .or(self.decisions.iter().map(|d| d.date).min())
            .unwrap_or_else(|| Date::from_ymd(2000, 1, 1).expect("a valid date"))
    }

    /// The kind of commendation of `award`: stated, or "chuyen_de" in a movement's dossier and
    /// "cong_trang" otherwise.
    pub fn commendation_of(&self, award: &Award) -> Commendation {
        award.commendation.unwrap_or(if self.movement.is_some() {
            Commendation::ChuyenDe
        } else {
            Commendation::CongTrang
        })
    }

    /// The number of the dossier's first letter, if registered.
    pub fn number(&self) -> Option<u32> {
        self.proposals.iter().min_by_key(|p| p.date).and_then(|p| p.number.0)
    }
}
