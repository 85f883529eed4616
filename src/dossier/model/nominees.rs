//! The collectives and individuals proposed, and their achievement reports.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::agency::*;
use super::scalars::*;

/// The most nominees one dossier may propose: a receiving office's consolidated dossier holds
/// every unit's (`hoso gather`: 300 units of 20 is 6,000).
pub const MAX_NOMINEES: usize = 20_000;

/// The largest amount of money one contribution may state, in đồng (just under one thousand
/// billion): far above any real contribution, and small enough that the sum of a report's
/// contributions is always exact and printable in words.
pub const MAX_AMOUNT: u64 = 999_999_999_999;

/// The most contributions one report may list.
pub const MAX_CONTRIBUTIONS: usize = 200;

/// Collective (tập thể), individual (cá nhân) or household (hộ gia đình).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A department, faculty, centre or other unit.
    Collective,
    /// A person.
    Individual,
    /// A household (hộ gia đình), as a commune's Giấy khen and its family culture titles take
    /// them; named as the list prints it ("Hộ ông Nguyễn Văn An"), with its address.
    Household,
}

impl Kind {
    /// Every kind, in the order lists print them (the Law's "tập thể, cá nhân, hộ gia đình").
    pub const ALL: [Kind; 3] = [Kind::Collective, Kind::Individual, Kind::Household];

    /// The word a dossier file uses for it ("household"): its JSON value, and the field of a
    /// prize's coefficient for it.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Collective => "collective",
            Kind::Individual => "individual",
            Kind::Household => "household",
        }
    }
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

/// One nominee: a collective, an individual or a household.
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
    /// A household's address (nơi cư trú), e.g. "Thôn Đông, xã Khánh Thượng"; required for
    /// households, which lists and certificates name by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
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
    /// Whether the nominee is outside the unit (a donor, a company, a household): their report's
    /// header names only themselves, never the unit as their parent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
    /// An individual's signature on their own report: a blue, transparent PNG, by relative path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_image: Option<String>,
    /// The person's citizen identity number (số định danh cá nhân) or civil-servant code, when
    /// the unit gives one: how a receiving office knows the same person proposed by two units
    /// (`hoso gather`). Stored for that check only; no document prints it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 40))]
    pub person_id: Option<String>,
    /// Where a gathered nominee comes from: the unit that proposed it and that unit's letter.
    /// Written by `hoso gather` in the receiving office's dossier; its lists group the nominees
    /// by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

/// The unit that proposed a nominee to the receiving office, and its letter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    /// The unit's full name on one line, e.g. "Trường Tiểu học Khánh Thượng".
    #[schemars(length(min = 1))]
    pub unit: String,
    /// The unit's abbreviation, e.g. "THKT".
    #[schemars(length(min = 1))]
    pub abbreviation: String,
    /// The letter's number and symbol, e.g. "27/TTr-THKT"; left out while unregistered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The letter's date, "dd/mm/yyyy".
    pub date: Date,
}

impl Origin {
    /// As a list cites it: "theo Tờ trình số 27/TTr-THKT ngày 25/05/2026".
    pub fn letter(&self) -> String {
        match &self.number {
            Some(n) => format!("theo Tờ trình số {n} ngày {}", self.date.short()),
            None => format!("theo Tờ trình ngày {}", self.date.short()),
        }
    }
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
    /// Emulation titles received earlier (section III.1, "Danh hiệu thi đua"), if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<EarlierAward>,
    /// Awards received earlier (section III.2, "Hình thức khen thưởng"), if any; a form with
    /// one table prints them with the titles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub awards: Vec<EarlierAward>,
    /// The head who certifies the report (left signature block).
    pub certifier: Signer,
    /// Who certifies it for the level that proposes the award ("Xác nhận của cấp trình khen",
    /// signed and sealed), when not the letter's signer; its block is printed either way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorser: Option<Signer>,
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
    /// A collective's founding and growth (quá trình thành lập và phát triển).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<String>,
    /// A collective's main features: natural and social conditions, organisation, facilities,
    /// its Party cell and unions (những đặc điểm chính của đơn vị, địa phương).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<String>,
    /// An individual's powers and tasks, assigned or taken on (quyền hạn, nhiệm vụ được giao
    /// hoặc đảm nhận): the first heading of the achievements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duties: Option<String>,
    /// An individual's academic titles, degrees, honorary titles and prizes (học hàm, học vị,
    /// danh hiệu, giải thưởng).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honours: Option<String>,
    /// An individual's party, government and union positions (chức vụ: Đảng, chính quyền, đoàn
    /// thể), when they differ from the nominee's position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub positions: Option<String>,
    /// An individual's home town (quê quán).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_town: Option<String>,
    /// An individual's residence (trú quán).
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
