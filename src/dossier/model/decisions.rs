//! The unit's own decisions with their lists, and their certificates (plain or on blanks).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::agency::*;
use super::nominees::*;
use super::scalars::*;

/// The unit's own decision (Quyết định, Decree 30 Appendix III template 1.2) on what its head
/// decides, with the attached list (template 2.1), the prize money and the certificates.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The `id` of the unit's own authority that decides (`own: true`).
    #[schemars(length(min = 1))]
    pub authority: String,
    /// Registration number, or null while unregistered.
    #[serde(default)]
    pub number: DocNumber,
    /// Date of the decision, "dd/mm/yyyy": on or after the meeting. It picks the base salary.
    pub date: Date,
    /// Legal bases, one per "Căn cứ" line, without the word or end punctuation.
    #[serde(default)]
    pub legal_bases: Vec<String>,
    /// Who proposed it, after "Theo đề nghị của", e.g. "Chủ tịch Hội đồng Thi đua - Khen thưởng
    /// Nhà trường".
    #[schemars(length(min = 1))]
    pub proposed_by: String,
    /// Who carries it out (Điều 3), e.g. "Trưởng phòng Đào tạo - Hành chính - Kế toán, Trưởng các
    /// phòng, khoa"; "và các tập thể, cá nhân có tên tại Điều 1" is added (", hộ gia đình" too when
    /// households are among the awardees).
    #[schemars(length(min = 1))]
    pub executors: String,
    /// Where the prize money comes from (Điều 2), e.g. "Quỹ thi đua, khen thưởng của Nhà trường".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fund: Option<String>,
    /// Who signs it.
    pub signer: Signer,
    /// Recipients after "- Như Điều 3;".
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Abbreviation of the drafting unit kept on file, printed last in "Lưu: VT, …".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_unit: Option<String>,
    /// The version meant for digital signing: the list's reference line leaves the decision's
    /// number and date blank, to be filled when the decision is registered.
    #[serde(default)]
    pub electronic: bool,
    /// The nominees the decision names, by id; when left out, every nominee the council passed
    /// for this authority's titles and awards. Given, it must be exactly those.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = MAX_NOMINEES))]
    pub awardees: Option<Vec<String>>,
    /// How the certificates are printed.
    #[serde(default)]
    pub certificates: Certificates,
}

/// How a decision's certificates (Giấy khen, or a title's certificate) are printed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Certificates {
    /// "plain" paper (frame, emblem and every line printed) or a pre-printed "blank" (phôi:
    /// only the variable text, at the positions `blank` gives).
    #[serde(default)]
    pub print: Print,
    /// The first "Số sổ vàng" (golden book number); each certificate takes the next, in list
    /// order. Left out, the line is left blank to be written by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 9_999_999))]
    pub golden_book_start: Option<u32>,
    /// The emblem at the top centre of a plain certificate: a PNG the unit supplies, by path
    /// relative to the dossier's folder (the state emblem for a state body, else its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emblem_image: Option<String>,
    /// Where each variable item stands on the pre-printed blank, in mm from the sheet's
    /// top-left corner, by item ("decider", "award", "name", "detail", "achievement",
    /// "decision", "golden_book", "place_date", "signer_position", "signer_name"); the items
    /// given replace those of the form's default blank (`hoso forms --blank`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub blank: BTreeMap<String, BlankItem>,
    /// The printer's calibration: every item moves by (x, y) mm (right and down positive).
    #[serde(default)]
    #[schemars(length(min = 2, max = 2))]
    pub offset_mm: [f64; 2],
}

/// Plain paper or a pre-printed blank.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Print {
    /// Plain A4 paper: everything printed.
    #[default]
    Plain,
    /// A pre-printed blank: only the variable text.
    Blank,
}

/// One variable item's place on a pre-printed blank.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BlankItem {
    /// Horizontal position in mm from the left edge: of the item's centre when centred, of its
    /// left edge otherwise.
    #[schemars(range(min = 0, max = 297))]
    pub x: f64,
    /// Vertical position in mm from the top edge, of the item's baseline.
    #[schemars(range(min = 0, max = 297))]
    pub y: f64,
    /// The width the text may take, in mm: longer text shrinks (down to 70 %) and then wraps.
    #[schemars(range(min = 10, max = 297))]
    pub width: f64,
    /// Font size in points.
    #[schemars(range(min = 8, max = 40))]
    pub size: f64,
    /// Centred on `x` (true, the default) or starting at it.
    #[serde(default = "yes")]
    pub centred: bool,
    /// Whether hoso prints it (false where the blank already carries the text).
    #[serde(default = "yes")]
    pub print: bool,
}

/// The variable items of a certificate, as a blank description names them.
pub const CERTIFICATE_ITEMS: [&str; 11] = [
    "decider",
    "verb",
    "award",
    "name",
    "detail",
    "achievement",
    "decision",
    "golden_book",
    "place_date",
    "signer_position",
    "signer_name",
];
