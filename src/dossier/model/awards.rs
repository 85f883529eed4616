//! The titles and awards a dossier proposes, with their kind of commendation, vote rule and
//! prize coefficients.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::minutes::*;
use super::scalars::*;

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
    /// Who may receive it: individuals, collectives, households, or any of them (the default).
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
    /// The coefficient for a household, e.g. "0,45": a household given an award receives 1.5
    /// times an individual's prize (Decree 152/2025, as a legal publisher quotes it).
    // (The note beside Điều 54 in [T-54], law-2026.md §3's sources: secondary.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household: Option<Coefficient>,
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

impl Award {
    /// As the documents name it: "Giấy khen", or “Lao động tiên tiến” in quotation marks.
    pub fn display_name(&self) -> String {
        match self.kind {
            AwardKind::Title => format!("danh hiệu “{}”", self.name.trim_matches(|c| matches!(c, '“' | '”' | '"'))),
            AwardKind::Award => self.name.clone(),
        }
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
    /// Households only (a family culture title).
    Household,
    /// Any nominee: collectives, individuals and households (Giấy khen, Bằng khen).
    // (Households among them as Bắc Ninh's Quyết định số 86/2025/QĐ-UBND, Điều 3, gives them:
    // `shared/context/qd-86-2025-qd-ubnd-bac-ninh.md`.)
    #[default]
    Both,
}

impl Prize {
    /// The coefficient for a nominee of `kind`, when the dossier gives one.
    pub fn for_kind(&self, kind: super::nominees::Kind) -> Option<Coefficient> {
        use super::nominees::Kind;
        match kind {
            Kind::Individual => self.individual,
            Kind::Collective => self.collective,
            Kind::Household => self.household,
        }
    }
}

impl Recipients {
    /// Whether a nominee of `kind` may receive what is for these recipients.
    pub fn admit(self, kind: super::nominees::Kind) -> bool {
        use super::nominees::Kind;
        match self {
            Recipients::Both => true,
            Recipients::Individual => kind == Kind::Individual,
            Recipients::Collective => kind == Kind::Collective,
            Recipients::Household => kind == Kind::Household,
        }
    }
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
