//! Who issues and who signs: the unit (agency), the movement, the deciding authorities, the
//! letters to them and their signers.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::scalars::*;

/// An agency as the header names it; the layout upper-cases names, so keep normal case here.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    /// Full name of the issuing unit, e.g. "Trường Trung cấp nghề Dân tộc nội trú Khánh Vĩnh";
    /// a line break ("\n") marks where the header breaks the name, and is a space elsewhere.
    #[schemars(length(min = 1))]
    pub name: String,
    /// The unit's abbreviation in document symbols, e.g. "TCNDTNT" in "05/TTr-TCNDTNT".
    #[schemars(length(min = 1))]
    pub abbreviation: String,
    /// The governing agency printed above the unit (cơ quan chủ quản), if any; "\n" breaks
    /// its header line as in `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Place name written before the date, e.g. "Khánh Vĩnh".
    #[schemars(length(min = 1))]
    pub place: String,
    /// The province (or centrally run city) of the unit's seat, e.g. "Khánh Hòa": an achievement
    /// report's date line names it (Decree 98/2023, Form 02 note 1), and it selects the
    /// province's form pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// The agency's digital seal: a red, transparent PNG, by path relative to the dossier's
    /// folder; laid at real size over the left third of the head's signature (Decree 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal_image: Option<String>,
}

/// The emulation movement, as its launching plan names it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Movement {
    /// Its name, e.g. "Vì người nghèo - Không để ai bị bỏ lại phía sau" (quotation marks are
    /// added where the wording needs them, and not doubled if given).
    #[schemars(length(min = 1))]
    pub name: String,
    /// The period it runs, e.g. "2021 - 2025".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The plan that launched it, cited in full, e.g. "Kế hoạch số 75/KH-SLĐTBXH ngày 30/9/2022
    /// của Sở Lao động - Thương binh và Xã hội Khánh Hòa".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
}

/// An authority that decides titles or awards.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecidingAuthority {
    /// A short key the awards and letters refer to, e.g. "so-noi-vu", "hieu-truong".
    #[schemars(length(min = 1))]
    pub id: String,
    /// Who decides, as the documents name them after "của": e.g. "Giám đốc Sở Nội vụ tỉnh Khánh
    /// Hòa", "Chủ tịch Ủy ban nhân dân xã Khánh Vĩnh", "Hiệu trưởng".
    #[schemars(length(min = 1))]
    pub title: String,
    /// Whether this is the unit's own head, who decides by a decision of the unit rather than
    /// on a letter.
    #[serde(default)]
    pub own: bool,
}

/// The proposal letter (Tờ trình) to one higher authority, with its nominee list attached.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// The `id` of the authority the letter goes to; it proposes that authority's titles and
    /// awards.
    #[schemars(length(min = 1))]
    pub authority: String,
    /// Registration number; leave out (null) while the office has not registered the letter
    /// yet, and the header prints "Số:      /TTr-…" for it to be filled in.
    #[serde(default)]
    pub number: DocNumber,
    /// Date of the letter, "dd/mm/yyyy".
    pub date: Date,
    /// Addressees after "Kính gửi:", e.g. "Giám đốc Sở Nội vụ tỉnh Khánh Hòa"; several go one
    /// per line.
    #[schemars(length(min = 1))]
    pub addressees: Vec<String>,
    /// Legal bases, one per "Căn cứ" line, without the word "Căn cứ" or end punctuation.
    #[serde(default)]
    pub legal_bases: Vec<String>,
    /// Paragraphs between the bases and the request (the context of the proposal), if any.
    #[serde(default)]
    pub body: Vec<String>,
    /// Who signs the letter.
    pub signer: Signer,
    /// Recipients after "- Như trên;" (which upward letters always start with).
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Abbreviation of the drafting unit kept on file, printed last in "Lưu: VT, …".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_unit: Option<String>,
    /// Last day the letter may be dated (the submission deadline); 10/12 of the letter's year
    /// when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Date>,
}

/// A signer (box 7 of Decree 30): authority prefix, position, and full name.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// "TM.", "KT.", "TL.", "TUQ." or "Q.", when the signer does not sign as the head in person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<Prefix>,
    /// The head or body signed for, e.g. "Hiệu trưởng" after "KT.", "Hội đồng Thi đua - Khen
    /// thưởng" after "TM."; required with every prefix except "Q.".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<String>,
    /// The signer's own position, e.g. "Hiệu trưởng", "Phó Hiệu trưởng", "Chủ tịch".
    #[schemars(length(min = 1))]
    pub position: String,
    /// Full name, no titles before it.
    #[schemars(length(min = 1))]
    pub name: String,
    /// The signer's signature: a blue, transparent PNG, by path relative to the dossier's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_image: Option<String>,
}

/// The signer's authority prefixes of Decree 30 (quyền hạn của người ký).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Prefix {
    /// Thay mặt: for a collective body.
    #[serde(rename = "TM.")]
    Tm,
    /// Ký thay: a deputy signing for the head.
    #[serde(rename = "KT.")]
    Kt,
    /// Thừa lệnh: by order.
    #[serde(rename = "TL.")]
    Tl,
    /// Thừa ủy quyền: by authorisation.
    #[serde(rename = "TUQ.")]
    Tuq,
    /// Quyền: acting head.
    #[serde(rename = "Q.")]
    Q,
}

impl Prefix {
    /// The prefix as printed, e.g. "KT.".
    pub fn prefix(self) -> &'static str {
        match self {
            Prefix::Tm => "TM.",
            Prefix::Kt => "KT.",
            Prefix::Tl => "TL.",
            Prefix::Tuq => "TUQ.",
            Prefix::Q => "Q.",
        }
    }
}
