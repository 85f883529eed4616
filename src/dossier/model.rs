//! Dossier format v2: the typed shape of one submission, in English keys and Vietnamese values.
//!
//! A dossier names the deciding authorities, the emulation titles and awards it proposes (each
//! with its authority, its kind of commendation, whether it needs a report and its vote rule),
//! one proposal letter per upward authority, the nominees with what each is proposed for, and
//! the council meeting that voted on them, award by award.
//!
//! The JSON Schema that `hoso schema` prints is derived from these types, and the validator
//! checks input against that same schema, so the documentation and the checks cannot drift.
//! Format v1 files are read through [`super::upgrade`].

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use crate::vi::Date;

/// The largest amount of money one contribution may state, in đồng (just under one thousand
/// billion): far above any real contribution, and small enough that the sum of a report's
/// contributions is always exact and printable in words.
pub const MAX_AMOUNT: u64 = 999_999_999_999;

/// The most nominees one dossier may propose.
pub const MAX_NOMINEES: usize = 5_000;

/// The most members a council may have (listed or stated in `total_members`).
pub const MAX_MEMBERS: u32 = 500;

/// The most contributions one report may list.
pub const MAX_CONTRIBUTIONS: usize = 200;

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

/// An emulation title (danh hiệu thi đua) or an award (hình thức khen thưởng) proposed.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Award {
    /// A short key the nominees and the votes refer to, e.g. "gk-so", "cstdcs".
    #[schemars(length(min = 1))]
    pub id: String,
    /// An emulation title or an award.
    pub kind: AwardKind,
    /// As the Law writes it, without quotation marks: "Giấy khen", "Bằng khen", "Lao động tiên
    /// tiến", "Chiến sĩ thi đua cơ sở", "Tập thể lao động tiên tiến".
    #[schemars(length(min = 1))]
    pub name: String,
    /// Who may receive it: individuals, collectives, or both (the default).
    #[serde(default, rename = "for")]
    pub recipients: Recipients,
    /// The `id` of the authority that decides it.
    #[schemars(length(min = 1))]
    pub authority: String,
    /// The kind of commendation: "chuyen_de" for a movement (the default when the dossier has
    /// one), "cong_trang" otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commendation: Option<Commendation>,
    /// Whether a nominee needs an achievement report for it (true by default).
    #[serde(default = "yes")]
    pub report: bool,
    /// How the council decides it: a strict majority of all members unless a threshold is set.
    #[serde(default)]
    pub vote: VoteRule,
    /// The prize money that goes with it, as coefficients of the statutory base salary, for a
    /// decision of the unit's own authority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prize: Option<Prize>,
}

/// Prize money as coefficients of the statutory base salary (mức lương cơ sở) at the
/// decision's date, per kind of recipient, with the rule they come from.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Prize {
    /// The coefficient for an individual, e.g. "0,3" (or 0.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub individual: Option<Coefficient>,
    /// The coefficient for a collective, e.g. "0,6" (Decree 152/2025 art. 54 for a Giấy khen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collective: Option<Coefficient>,
    /// Where the coefficients come from, as the decision cites it, e.g. "Điều 54 Nghị định số
    /// 152/2025/NĐ-CP".
    #[schemars(length(min = 1))]
    pub source: String,
}

/// A coefficient of the base salary, to the hundredth: "0,6", "1,5" or 0.6 (at most 100).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coefficient(pub u32);

impl Coefficient {
    /// Parse "0,6", "0.6", "1" or a JSON number; `None` when it is not a coefficient of at
    /// most two decimals between 0 and 100.
    pub fn parse(v: &serde_json::Value) -> Option<Self> {
        let text = match v {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.trim().replace(',', "."),
            _ => return None,
        };
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 2
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let hundredths = int.parse::<u32>().ok()?.checked_mul(100)? + format!("{frac:0<2}").parse::<u32>().ok()?;
        (hundredths <= 10_000).then_some(Coefficient(hundredths))
    }

    /// As Vietnamese writes it: "0,6", "1,25", "2".
    pub fn text(self) -> String {
        let (int, frac) = (self.0 / 100, self.0 % 100);
        match frac {
            0 => int.to_string(),
            f if f % 10 == 0 => format!("{int},{}", f / 10),
            f => format!("{int},{f:02}"),
        }
    }

    /// `base` đồng times this coefficient, exactly (in đồng, rounded down to the đồng).
    pub fn of(self, base: u64) -> Option<u64> {
        base.checked_mul(self.0 as u64).map(|x| x / 100)
    }
}

impl Serialize for Coefficient {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

impl<'de> Deserialize<'de> for Coefficient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Coefficient::parse(&v).ok_or_else(|| serde::de::Error::custom(format!("{v} is not a coefficient")))
    }
}

impl JsonSchema for Coefficient {
    fn schema_name() -> Cow<'static, str> {
        "Coefficient".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A coefficient of the statutory base salary, to the hundredth: \"0,6\" or 0.6 (0 to 100).",
            "type": ["string", "number"],
            "format": "coefficient",
            "minimum": 0,
            "maximum": 100,
            "pattern": "^\\s*(100([,.]0{1,2})?|[0-9]{1,2}([,.][0-9]{1,2})?)\\s*$",
            "examples": ["0,6", "0,3"]
        })
    }
}

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
    /// phòng, khoa"; "và các tập thể, cá nhân có tên tại Điều 1" is added.
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

impl Award {
    /// Whether this is the title “Chiến sĩ thi đua cơ sở”, whose vote the law fixes: a secret
    /// ballot and at least 80 % of all council members (Decree 98/2023 art. 30(7)).
    pub fn is_chien_si_thi_dua_co_so(&self) -> bool {
        self.kind == AwardKind::Title && self.name.trim().to_lowercase() == "chiến sĩ thi đua cơ sở"
    }

    /// The vote rule that applies: the data's, with the law's defaults for “Chiến sĩ thi đua cơ
    /// sở” where the data says nothing.
    pub fn rule(&self) -> VoteRule {
        let mut rule = self.vote;
        if self.is_chien_si_thi_dua_co_so() {
            rule.threshold_percent = rule.threshold_percent.or(Some(80));
            rule.voting = rule.voting.or(Some(Voting::SecretBallot));
        }
        rule
    }

    /// The kind of commendation: stated, or "chuyen_de" in a movement's dossier and
    /// "cong_trang" otherwise.
    pub fn commendation_in(&self, d: &Dossier) -> Commendation {
        self.commendation.unwrap_or(if d.movement.is_some() { Commendation::ChuyenDe } else { Commendation::CongTrang })
    }

    /// As the documents name it: "Giấy khen", or “Lao động tiên tiến” in quotation marks.
    pub fn display_name(&self) -> String {
        match self.kind {
            AwardKind::Title => format!("danh hiệu “{}”", self.name.trim_matches(|c| matches!(c, '“' | '”' | '"'))),
            AwardKind::Award => self.name.clone(),
        }
    }
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

    /// The dossier's date: its first letter's, else the meeting's, else its latest report's. It
    /// decides the form versions in force and dates the complete file.
    pub fn date(&self) -> Date {
        self.proposals
            .iter()
            .map(|p| p.date)
            .min()
            .or(self.minutes.as_ref().map(|m| m.date))
            .or(self.nominees.iter().filter_map(|n| n.report.as_ref().map(|r| r.date)).max())
            .unwrap_or_else(|| Date::from_ymd(2000, 1, 1).expect("a valid date"))
    }

    /// The number of the dossier's first letter, if registered.
    pub fn number(&self) -> Option<u32> {
        self.proposals.iter().min_by_key(|p| p.date).and_then(|p| p.number.0)
    }
}

/// Emulation title or award.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AwardKind {
    /// Danh hiệu thi đua: "công nhận danh hiệu “…”".
    Title,
    /// Hình thức khen thưởng: "tặng Giấy khen".
    Award,
}

/// Who may receive a title or award.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Recipients {
    /// Individuals only ("Lao động tiên tiến", "Chiến sĩ thi đua cơ sở").
    Individual,
    /// Collectives only ("Tập thể lao động tiên tiến").
    Collective,
    /// Both (Giấy khen, Bằng khen).
    #[default]
    Both,
}

/// The kind of commendation a letter states (Decree 98/2023, Form 01, note 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Commendation {
    /// Khen thưởng theo chuyên đề: for a movement or campaign.
    ChuyenDe,
    /// Khen thưởng công trạng: for achievements in carrying out tasks.
    CongTrang,
    /// Khen thưởng đột xuất.
    DotXuat,
    /// Khen thưởng quá trình cống hiến.
    CongHien,
    /// Khen thưởng theo niên hạn.
    NienHan,
    /// Khen thưởng đối ngoại.
    DoiNgoai,
}

impl Commendation {
    /// As a letter states it: "khen thưởng theo chuyên đề".
    pub fn phrase(self) -> &'static str {
        match self {
            Commendation::ChuyenDe => "khen thưởng theo chuyên đề",
            Commendation::CongTrang => "khen thưởng công trạng",
            Commendation::DotXuat => "khen thưởng đột xuất",
            Commendation::CongHien => "khen thưởng quá trình cống hiến",
            Commendation::NienHan => "khen thưởng theo niên hạn",
            Commendation::DoiNgoai => "khen thưởng đối ngoại",
        }
    }
}

/// How the council decides a title or award, counted on all its members.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteRule {
    /// The share of all members' votes needed, in percent ("at least"); without it, a strict
    /// majority (more than half: a tie does not pass).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 100))]
    pub threshold_percent: Option<u32>,
    /// The voting method the rule requires, if any (e.g. "secret_ballot").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voting: Option<Voting>,
}

impl VoteRule {
    /// Whether `in_favour` votes of a council of `total` pass.
    pub fn passes(&self, in_favour: u32, total: u32) -> bool {
        let (votes, total) = (in_favour as u64, total as u64);
        match self.threshold_percent {
            Some(p) => votes * 100 >= p as u64 * total,
            None => votes * 2 > total,
        }
    }

    /// The rule as the minutes state it: "trên 50%" or "từ 80%".
    pub fn phrase(&self) -> String {
        match self.threshold_percent {
            Some(p) => format!("từ {p}% tổng số thành viên Hội đồng trở lên"),
            None => "trên 50% tổng số thành viên Hội đồng".to_string(),
        }
    }
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

/// Collective (tập thể) or individual (cá nhân).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A department, faculty, centre or other unit.
    Collective,
    /// A person.
    Individual,
}

/// Male or female, as Form 07 asks for individuals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// Nam.
    Male,
    /// Nữ.
    Female,
}

/// One nominee: a collective or an individual.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Nominee {
    /// Stable key that the minutes' votes and later files refer to, e.g. "nguyen-thi-hong-nhung".
    #[schemars(length(min = 1), regex(pattern = r"^[a-z0-9-]+$"))]
    pub id: String,
    /// Collective or individual.
    pub kind: Kind,
    /// Full name of the unit or the person, never abbreviated.
    #[schemars(length(min = 1))]
    pub name: String,
    /// An individual's position (chức vụ), e.g. "Giáo viên", "Trưởng phòng".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// An individual's unit (đơn vị công tác), e.g. "Khoa Văn hóa - Cơ bản"; required for individuals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// An individual's date of birth, "dd/mm/yyyy".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Date>,
    /// An individual's gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Short summary of achievements for the list's "Tóm tắt thành tích" column.
    #[schemars(length(min = 1))]
    pub summary: String,
    /// The list's "Ghi chú" column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The `id`s of the titles and awards the nominee is proposed for.
    #[schemars(length(min = 1, max = 10))]
    pub awards: Vec<String>,
    /// The nominee's achievement report (Báo cáo thành tích), needed when an award they are
    /// proposed for asks for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
    /// Evidence files (minh chứng): PNG, JPG or PDF, by path relative to the dossier file's folder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// An individual's signature on their own report: a blue, transparent PNG, by relative path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_image: Option<String>,
}

/// An achievement report (Báo cáo thành tích, Mẫu 07 of Decree 91/2017 and its successors).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Date of the report, "dd/mm/yyyy".
    pub date: Date,
    /// The general information (section I); which fields apply depends on the nominee's kind.
    #[serde(default)]
    pub profile: Profile,
    /// Achievements (section II): numbered sub-sections of free paragraphs.
    #[schemars(length(min = 1))]
    pub achievements: Vec<Section>,
    /// Contributions of money or material, printed in figures and in words; at most 200.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = MAX_CONTRIBUTIONS))]
    pub contributions: Vec<Contribution>,
    /// Awards received earlier (section III), if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub awards: Vec<EarlierAward>,
    /// The head who certifies the report (left signature block).
    pub certifier: Signer,
    /// A collective's head, who signs its report (right block); individuals sign their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Signer>,
}

/// Section I of a report. Collectives: address, phone, email, structure, staff, functions.
/// Individuals: home town, residence, ethnicity, education (name, birth date, position and
/// unit come from the nominee).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// A collective's address (địa chỉ trụ sở).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Telephone number, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A collective's organisation (cơ cấu tổ chức).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structure: Option<String>,
    /// A collective's staff (tổng số cán bộ, viên chức), e.g. "12 người (08 nữ)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<String>,
    /// A collective's functions and tasks (chức năng, nhiệm vụ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub functions: Option<String>,
    /// An individual's home town (quê quán).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_town: Option<String>,
    /// An individual's residence (nơi thường trú).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residence: Option<String>,
    /// An individual's ethnic group (dân tộc).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<String>,
    /// An individual's qualifications (trình độ chuyên môn, nghiệp vụ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education: Option<String>,
}

/// A numbered sub-section of achievements: a title and free paragraphs.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Its title, e.g. "Kết quả thực hiện chỉ tiêu giảm nghèo".
    #[schemars(length(min = 1))]
    pub title: String,
    /// Its paragraphs, each printed justified and indented.
    #[schemars(length(min = 1))]
    pub paragraphs: Vec<String>,
}

/// A contribution of money (or material valued in money).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contribution {
    /// What was given, e.g. "Ủng hộ Quỹ “Vì người nghèo” năm 2023".
    #[schemars(length(min = 1))]
    pub description: String,
    /// The amount in đồng, a whole number from 0 to 999999999999; printed "2.500.000 đồng (Hai
    /// triệu năm trăm nghìn đồng)".
    #[schemars(range(max = MAX_AMOUNT))]
    pub amount: u64,
}

/// An award received earlier, for section III of a report.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EarlierAward {
    /// The year, e.g. "2022".
    #[schemars(length(min = 1))]
    pub year: String,
    /// The award, e.g. "Giấy khen của Hiệu trưởng".
    #[schemars(length(min = 1))]
    pub title: String,
    /// The decision: number, date and issuer, e.g. "Quyết định số 215/QĐ-TCNDTNT ngày 20/12/2022 của Hiệu trưởng".
    #[schemars(length(min = 1))]
    pub decision: String,
}

/// The emulation council's meeting that chose the nominees.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Minutes {
    /// Registration number of the minutes, or null while unregistered.
    #[serde(default)]
    pub number: DocNumber,
    /// Date of the meeting, "dd/mm/yyyy".
    pub date: Date,
    /// Start time, "HH:MM".
    pub start: Time,
    /// Closing time, "HH:MM".
    pub end: Time,
    /// Where the meeting took place.
    #[schemars(length(min = 1))]
    pub place: String,
    /// Every council member, present or not; at most 500.
    #[schemars(length(min = 1, max = MAX_MEMBERS))]
    pub members: Vec<Member>,
    /// The votes, one round per title or award. A nominee below the award's rule is recorded
    /// as not passed and left out of the letter, the list and the reports for it.
    #[schemars(length(min = 1, max = 50))]
    pub rounds: Vec<Round>,
    /// Paragraphs of proceedings, if the unit records them.
    #[serde(default)]
    pub proceedings: Vec<String>,
    /// Whether the council's minutes carry the unit's seal (then the chair's block states the
    /// chair's position and the seal goes over it).
    #[serde(default)]
    pub sealed: bool,
    /// Recipients after "Nơi nhận:"; "- Lưu: VT, Hồ sơ." is added last.
    #[serde(default)]
    pub recipients: Vec<String>,
    /// The council's size when it is larger than the members listed: the members not listed
    /// count as absent; at most 500.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = MAX_MEMBERS))]
    pub total_members: Option<u32>,
}

impl Minutes {
    /// The council's size: stated, or the members listed.
    pub fn total(&self) -> u32 {
        self.total_members.unwrap_or(self.members.len() as u32)
    }

    /// Members present.
    pub fn present(&self) -> u32 {
        self.members.iter().filter(|m| m.present).count() as u32
    }

    /// The round that voted on `award`.
    pub fn round(&self, award: &str) -> Option<&Round> {
        self.rounds.iter().find(|r| r.award == award)
    }
}

/// One round of votes: on one title or award, by one method.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Round {
    /// The `id` of the title or award voted on.
    #[schemars(length(min = 1))]
    pub award: String,
    /// How the council voted in this round.
    pub voting: Voting,
    /// Votes in favour of each nominee proposed for it.
    #[serde(default)]
    #[schemars(length(max = MAX_NOMINEES))]
    pub votes: Vec<Vote>,
}

impl Round {
    /// Votes in favour of the nominee with this id, if it has a vote row.
    pub fn votes_for(&self, id: &str) -> Option<u32> {
        self.votes.iter().find(|v| v.nominee == id).map(|v| v.in_favour)
    }
}

/// A council member.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Full name.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Position in the unit, e.g. "Hiệu trưởng".
    #[schemars(length(min = 1))]
    pub position: String,
    /// Role on the council.
    pub role: Role,
    /// Whether the member attended; absent members need a reason.
    #[serde(default = "yes")]
    pub present: bool,
    /// Why an absent member was absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absence_reason: Option<String>,
    /// An absent member's opinion, given in writing and recorded in the minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_opinion: Option<String>,
    /// The member's signature (chair, secretary): a blue, transparent PNG, by relative path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_image: Option<String>,
}

fn yes() -> bool {
    true
}

/// A member's role on the council.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Chủ tịch Hội đồng, who chairs the meeting.
    Chair,
    /// Thư ký, who writes the minutes.
    Secretary,
    /// Ủy viên.
    Member,
}

/// Voting method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Voting {
    /// Biểu quyết giơ tay.
    ShowOfHands,
    /// Bỏ phiếu kín.
    SecretBallot,
}

/// The votes in favour of one nominee.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    /// The nominee's `id`.
    #[schemars(length(min = 1))]
    pub nominee: String,
    /// Members who voted in favour (never more than those present); at most 500.
    #[schemars(range(max = MAX_MEMBERS))]
    pub in_favour: u32,
}

/// A registration number: a positive integer (or its digits as text), or nothing yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocNumber(pub Option<u32>);

impl DocNumber {
    /// Parse the JSON value: a positive integer, a digit string ("05"), or null.
    pub fn from_json(v: &serde_json::Value) -> Result<Self, crate::messages::Text> {
        use crate::t;
        let n = match v {
            serde_json::Value::Null => return Ok(DocNumber(None)),
            serde_json::Value::Number(n) => {
                n.as_u64().ok_or_else(|| t!("number.not-positive", value = n.to_string()))?
            }
            serde_json::Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                s.parse::<u64>().map_err(|_| t!("number.not-document", value = format!("\"{s}\"")))?
            }
            serde_json::Value::String(s) => {
                return Err(t!("number.not-document", value = format!("\"{s}\"")));
            }
            other => return Err(t!("number.not-document", value = other.to_string())),
        };
        if n == 0 || n > 99_999 {
            return Err(t!("number.out-of-range", value = n));
        }
        Ok(DocNumber(Some(n as u32)))
    }
}

impl Serialize for DocNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for DocNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        DocNumber::from_json(&v).map_err(|t| serde::de::Error::custom(t.to_string()))
    }
}

impl JsonSchema for DocNumber {
    fn schema_name() -> Cow<'static, str> {
        "DocNumber".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Registration number: a positive integer, its digits as text (\"05\"), or null while unregistered. The leading zero below 10 is added when printed.",
            "type": ["integer", "string", "null"],
            "format": "doc-number",
            "minimum": 1,
            "pattern": "^\\s*0*[1-9][0-9]*\\s*$"
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.short())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(|_| serde::de::Error::custom(format!("{s} is not a date")))
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar date written dd/mm/yyyy (ISO yyyy-mm-dd is accepted too).",
            "type": "string",
            "format": "vn-date",
            "pattern": "^\\s*(((0?[1-9]|1[0-9]|2[0-9])[/.-](0?[1-9]|1[0-2])|30[/.-](0?[13-9]|1[0-2])|31[/.-](0?[13578]|1[02]))[/.-][0-9]{4}|[0-9]{4}[/.-]((0?[1-9]|1[0-2])[/.-](0?[1-9]|1[0-9]|2[0-9])|(0?[13-9]|1[0-2])[/.-]30|(0?[13578]|1[02])[/.-]31))\\s*$",
            "examples": ["05/12/2023"]
        })
    }
}

/// A time of day, "HH:MM" (24 hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Time {
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
}

impl Time {
    /// Parse "14:00", "14h00" or "14 giờ 00".
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let (h, m) = s.split_once(':').or_else(|| s.split_once('h')).or_else(|| s.split_once(" giờ "))?;
        let (h, m) = (h.trim(), m.trim().trim_end_matches(" phút"));
        if h.is_empty() || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (hour, minute) = (h.parse().ok()?, m.parse().ok()?);
        (hour < 24 && minute < 60).then_some(Time { hour, minute })
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:02}:{:02}", self.hour, self.minute))
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Time::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("{s} is not a time")))
    }
}

impl JsonSchema for Time {
    fn schema_name() -> Cow<'static, str> {
        "Time".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A time of day, HH:MM on the 24-hour clock.",
            "type": "string",
            "format": "vn-time",
            "pattern": "^\\s*([01]?[0-9]|2[0-3])(\\s*[:h]\\s*| giờ )[0-5][0-9]( phút)?\\s*$",
            "examples": ["14:00"]
        })
    }
}
