//! The law's data types: instruments, vote and prize rules, who decides what; and the
//! lookups over a pack's law and the national one.

use serde::{Deserialize, Serialize};

use crate::dossier::rule::{Origin, Rule};
use crate::dossier::{Award, Coefficient, Date, Kind, VoteRule, Voting};
use crate::messages::Text;
use crate::t;

/// How far a fact was checked, from the best checked to the least (so the weaker of two is
/// their `max`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Read in the official text, or in a faithful copy of it.
    Verified,
    /// A legal publisher quoting it.
    Secondary,
    /// Concluded from verified facts.
    Inferred,
    /// Practice, or not read here.
    Unverified,
}

impl Status {
    /// In words, for a clerk.
    pub fn text(self) -> Text {
        match self {
            Status::Verified => t!("law.status-verified"),
            Status::Secondary => t!("law.status-secondary"),
            Status::Inferred => t!("law.status-inferred"),
            Status::Unverified => t!("law.status-unverified"),
        }
    }
}

/// A legal instrument: a law, a decree, a circular, a province's decision.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Its id, e.g. "nd-152-2025".
    pub id: String,
    /// What kind of instrument: "Luật", "Nghị định", "Thông tư", "Quyết định".
    pub kind: String,
    /// Its number, e.g. "152/2025/NĐ-CP" (empty for a law of before 2013).
    #[serde(default)]
    pub number: String,
    /// The day it was issued.
    #[serde(default)]
    pub date: Option<Date>,
    /// Who issued it.
    pub issuer: String,
    /// How a "Căn cứ …" line cites it, exactly.
    pub citation: String,
    /// The part of its citation that is its title (what a wrong citation gets wrong).
    #[serde(default)]
    pub title: String,
    /// Names that identify it in a citation without its number (a law's name).
    #[serde(default)]
    pub names: Vec<String>,
    /// With a name: what tells this one from another of that name (its number, date, year).
    #[serde(default)]
    pub marks: Vec<String>,
    /// First day it applies.
    #[serde(default)]
    pub from: Option<Date>,
    /// Last day it applies, once superseded.
    #[serde(default)]
    pub to: Option<Date>,
    /// The last day it is known to apply, when after that it may lapse.
    #[serde(default)]
    pub known_until: Option<Date>,
    /// Whether a starting dossier's letter and decision cite it (`hoso new`).
    #[serde(default)]
    pub starter: bool,
    /// How far its citation and dates were checked.
    pub status: Status,
    /// Where they come from.
    pub source: String,
}

impl Instrument {
    /// Whether it applies on `date` (as far as is known).
    pub fn applies_on(&self, date: Date) -> bool {
        self.from.is_none_or(|f| date >= f) && self.to.is_none_or(|t| date <= t)
    }

    /// Where in `line` (a "Căn cứ …" line, folded) it is first cited: by its number, or by a
    /// name with one of its marks.
    fn cited_at(&self, line: &str) -> Option<usize> {
        if !self.number.is_empty()
            && let Some(at) = line.find(&fold(&self.number))
        {
            return Some(at);
        }
        let named = self.names.iter().filter_map(|n| line.find(&fold(n))).min()?;
        self.marks.iter().any(|m| line.contains(&fold(m))).then_some(named)
    }

    /// Whether `line` cites it.
    #[cfg(test)]
    fn cited_by(&self, line: &str) -> bool {
        self.cited_at(&fold(line)).is_some()
    }

    /// Whether `line` cites it exactly: its number (when it has one) and its title.
    fn cited_exactly(&self, line: &str) -> bool {
        let line = fold(line);
        let title = if self.title.is_empty() { &self.citation } else { &self.title };
        (self.number.is_empty() || line.contains(&fold(&self.number))) && line.contains(&fold(title))
    }
}

/// Text as compared: NFC, lower case, single spaces, no "Căn cứ" or end punctuation.
fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let s: String = s.nfc().collect::<String>().to_lowercase();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A rule of the council's votes on one title or award, from a date to a date.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteLaw {
    /// The title or award it is for, by name ("*": every one).
    pub title: String,
    /// The share of all members needed, in percent; none: more than half.
    #[serde(default)]
    pub threshold_percent: Option<u32>,
    /// Whether the vote must be by ballot (a show of hands is none).
    #[serde(default)]
    pub ballot: bool,
    /// Whether the ballot must be secret.
    #[serde(default)]
    pub secret: bool,
    /// First day it applies (by the meeting's date).
    #[serde(default)]
    pub from: Option<Date>,
    /// Last day it applies.
    #[serde(default)]
    pub to: Option<Date>,
    /// Whose council it counts: the dossier's own ("unit", the default) or the council of the
    /// authority that decides ("deciding": recorded for the level above, not applied to the
    /// unit's minutes).
    #[serde(default)]
    pub council: Council,
    /// Where it comes from, as a citation ("khoản 7 Điều 30 Nghị định số 98/2023/NĐ-CP").
    pub source: String,
    /// How far it was checked.
    pub status: Status,
}

/// Whose council a vote rule counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Council {
    /// The council of the unit that files the dossier (its minutes).
    #[default]
    Unit,
    /// The council of the authority that decides (the level above).
    Deciding,
}

/// A cap on how many a title or award goes to in a year, as a pack's regulation sets it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    /// The title or award, by name.
    pub title: String,
    /// At most this many a year.
    pub per_year: u32,
    /// Where it comes from.
    pub source: String,
    /// How far it was checked.
    pub status: Status,
}

/// A filing deadline a regulation sets (listed by `hoso forms`, not enforced: which one
/// applies depends on the sector and the kind of commendation).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// What it is for, in Vietnamese ("khen thưởng tổng kết năm").
    pub what: String,
    /// The day and month, "dd/mm".
    pub before: String,
    /// Where it comes from.
    pub source: String,
    /// How far it was checked.
    pub status: Status,
}

impl VoteLaw {
    fn applies(&self, award: &Award, date: Date) -> bool {
        self.council == Council::Unit
            && (self.title == "*" || same_name(&self.title, &award.name))
            && self.from.is_none_or(|f| date >= f)
            && self.to.is_none_or(|t| date <= t)
    }
}

/// Whether two names of a title or award are the same (case, quotes and spaces aside).
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let clean = |s: &str| fold(s.trim_matches(|c| matches!(c, '“' | '”' | '"' | '\'')).trim());
    let (a, b) = (clean(a), clean(b));
    a == b
        || a.strip_prefix("danh hiệu ").is_some_and(|x| x == b)
        || b.strip_prefix("danh hiệu ").is_some_and(|x| x == a)
}

/// The prize-money rules: rounding, the highest-only rule, and each title's coefficients.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PrizeLaw {
    pub rounding_source: String,
    pub rounding_status: Status,
    pub highest_only_source: String,
    pub highest_only_status: Status,
    #[serde(default)]
    pub from: Option<Date>,
    #[serde(default)]
    pub to: Option<Date>,
    #[serde(default, rename = "coefficient")]
    pub coefficients: Vec<CoefficientLaw>,
    /// A household's prize as a multiple of the individual's ("1,5"), where a title sets no
    /// household coefficient of its own.
    #[serde(default)]
    pub household_factor: Option<String>,
    #[serde(default)]
    pub household_source: Option<String>,
    #[serde(default)]
    pub household_status: Option<Status>,
}

/// A title's or award's prize coefficients, as the law sets them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CoefficientLaw {
    pub title: String,
    #[serde(default)]
    pub individual: Option<String>,
    #[serde(default)]
    pub collective: Option<String>,
    #[serde(default)]
    pub household: Option<String>,
    pub source: String,
    /// How far it was checked.
    pub status: Status,
    #[serde(default)]
    pub individual_status: Option<Status>,
    #[serde(default)]
    pub collective_status: Option<Status>,
    #[serde(default)]
    pub household_status: Option<Status>,
}

impl CoefficientLaw {
    /// The coefficient for `kind`, with how far it was checked and where it comes from. A
    /// household's, where the title sets none, is the individual's times the rules'
    /// `household_factor`, checked as far as the weaker of the two.
    pub(crate) fn for_kind(&self, kind: Kind, rules: &PrizeLaw) -> Option<(Coefficient, Status, String)> {
        let parse = |t: &String| Coefficient::parse(&serde_json::json!(t));
        let (text, status) = match kind {
            Kind::Individual => (self.individual.as_ref()?, self.individual_status),
            Kind::Collective => (self.collective.as_ref()?, self.collective_status),
            Kind::Household => match &self.household {
                Some(h) => (h, self.household_status),
                None => {
                    let (one, status, _) = self.for_kind(Kind::Individual, rules)?;
                    let factor = parse(rules.household_factor.as_ref()?)?;
                    let hundredths = one.0.checked_mul(factor.0)?;
                    if hundredths % 100 != 0 {
                        return None;
                    }
                    let rule = rules.household_status.unwrap_or(Status::Unverified);
                    let source = format!("{}; {}", self.source, rules.household_source.as_deref().unwrap_or_default());
                    return Some((Coefficient(hundredths / 100), status.max(rule), source));
                }
            },
        };
        Some((parse(text)?, status.unwrap_or(self.status), self.source.clone()))
    }
}

/// Who decides what for one kind of unit.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitDeciders {
    /// The kind's name on the command line (`hoso new truong`).
    pub kind: String,
    /// The kind in words.
    pub name: String,
    /// The unit's own head.
    pub own: Decider,
    /// The authority above it.
    pub higher: Decider,
    /// How far this was checked.
    pub status: Status,
    /// Where it comes from, when it has a source.
    #[serde(default)]
    pub source: String,
}

/// One deciding authority of a kind of unit and what it usually decides.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decider {
    /// The authority's id in a starting dossier.
    pub id: String,
    /// Its position, as a signer block prints it.
    pub position: String,
    /// The titles and awards it decides, by name.
    pub decides: Vec<String>,
}

/// The law's data: the national default, or one pack's own.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Law {
    #[serde(default, rename = "instrument")]
    pub(crate) instruments: Vec<Instrument>,
    #[serde(default, rename = "vote")]
    pub(crate) votes: Vec<VoteLaw>,
    #[serde(default)]
    pub(crate) prize: Option<PrizeLaw>,
    #[serde(default, rename = "unit")]
    pub(crate) units: Vec<UnitDeciders>,
    #[serde(default, rename = "cap")]
    pub(crate) caps: Vec<Cap>,
    #[serde(default, rename = "deadline")]
    pub(crate) deadlines: Vec<Deadline>,
}

impl Law {
    /// The law in `files` (TOML texts): their instruments, rules and units together.
    pub(crate) fn parse<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Law, String> {
        let mut law = Law::default();
        for (name, text) in files {
            let part: Law = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
            law.instruments.extend(part.instruments);
            law.votes.extend(part.votes);
            law.units.extend(part.units);
            law.caps.extend(part.caps);
            law.deadlines.extend(part.deadlines);
            if part.prize.is_some() {
                law.prize = part.prize;
            }
        }
        Ok(law)
    }

    /// Every instrument, in the order given.
    pub fn instruments(&self) -> &[Instrument] {
        &self.instruments
    }

    /// The instrument with this id.
    pub fn instrument(&self, id: &str) -> Option<&Instrument> {
        self.instruments.iter().find(|i| i.id == id)
    }

    /// Who decides what for the kind of unit named `kind`.
    pub fn unit(&self, kind: &str) -> Option<&UnitDeciders> {
        self.units.iter().find(|u| u.kind == kind)
    }

    /// Every kind of unit with its deciders.
    pub fn units(&self) -> &[UnitDeciders] {
        &self.units
    }

    /// Its vote rules (for `hoso forms`).
    pub fn votes(&self) -> &[VoteLaw] {
        &self.votes
    }

    /// Its caps per year.
    pub fn caps(&self) -> &[Cap] {
        &self.caps
    }

    /// Its filing deadlines.
    pub fn deadlines(&self) -> &[Deadline] {
        &self.deadlines
    }

    /// The instrument `line` cites first among `laws`' (a pack's, then the national), if any:
    /// a line that cites a circular guiding a decree is about the circular.
    pub(crate) fn cited<'l>(laws: &[&'l Law], line: &str) -> Option<&'l Instrument> {
        let folded = fold(line);
        laws.iter()
            .flat_map(|l| l.instruments.iter())
            .filter_map(|i| i.cited_at(&folded).map(|at| (at, i)))
            .min_by_key(|(at, _)| *at)
            .map(|(_, i)| i)
    }

    /// The verified instrument `line` cites without its exact title or number.
    pub(crate) fn miscited<'l>(laws: &[&'l Law], line: &str) -> Option<&'l Instrument> {
        Self::cited(laws, line).filter(|i| i.status == Status::Verified && !i.cited_exactly(line))
    }

    /// The law's rule for `award` on `date` from the first of `laws` (a pack's, then the
    /// national) that has one for it.
    pub(crate) fn rule_of(laws: &[&Law], award: &Award, date: Date) -> Option<Rule> {
        let v = Self::law_rule(laws, award, date)?;
        let vote =
            VoteRule { threshold_percent: v.threshold_percent, voting: v.secret.then_some(Voting::SecretBallot) };
        Some(Rule {
            vote,
            ballot: v.ballot || v.secret,
            origin: Origin::Law { source: v.source.clone(), checked: v.status == Status::Verified },
        })
    }

    /// The law's rule for `award` on `date` alone (not the dossier's), if one is known.
    pub(crate) fn law_rule<'l>(laws: &[&'l Law], award: &Award, date: Date) -> Option<&'l VoteLaw> {
        laws.iter().find_map(|law| law.votes.iter().find(|v| v.applies(award, date)))
    }

    /// The prize rules in force on `date`, from the first of `laws` that has them.
    pub(crate) fn prize_on<'l>(laws: &[&'l Law], date: Date) -> Option<&'l PrizeLaw> {
        laws.iter()
            .filter_map(|l| l.prize.as_ref())
            .find(|p| p.from.is_none_or(|f| date >= f) && p.to.is_none_or(|t| date <= t))
    }

    /// The law's coefficients for the title or award named `name`, on `date`.
    pub(crate) fn coefficient<'l>(laws: &[&'l Law], name: &str, date: Date) -> Option<&'l CoefficientLaw> {
        Self::prize_on(laws, date)?.coefficients.iter().find(|c| same_name(&c.title, name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn national() -> Law {
        let files = [
            ("instruments.toml", include_str!("../../forms/_common/law/instruments.toml")),
            ("rules.toml", include_str!("../../forms/_common/law/rules.toml")),
            ("deciders.toml", include_str!("../../forms/_common/law/deciders.toml")),
        ];
        Law::parse(files).unwrap()
    }

    /// Guards the citation of Decree 152/2025: its shorter, wrong title is caught, its exact
    /// one passes, and the Law of 2022 is expected with its number.
    #[test]
    fn a_known_instrument_under_another_title_is_caught() {
        let national = national();
        let law = [&national];
        let wrong = "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng";
        assert_eq!(Law::miscited(&law, wrong).map(|i| i.id.as_str()), Some("nd-152-2025"));
        let right = national.instrument("nd-152-2025").unwrap().citation.clone();
        assert!(Law::miscited(&law, &right).is_none());
        assert_eq!(
            Law::miscited(&law, "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022").map(|i| i.id.as_str()),
            Some("luat-tdkt-2022")
        );
        assert!(Law::miscited(&law, "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022").is_none());
        assert!(Law::miscited(&law, "Kế hoạch số 75/KH-SLĐTBXH ngày 30/09/2022").is_none());
        // A circular that names the decree it guides is cited, not the decree.
        let tt = national.instrument("tt-15-2025-bnv").unwrap().citation.clone();
        assert_eq!(Law::cited(&law, &tt).map(|i| i.id.as_str()), Some("tt-15-2025-bnv"));
        assert!(
            national
                .instrument("luat-tdkt-2003")
                .unwrap()
                .cited_by("Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003")
        );
    }

    #[test]
    fn names_of_titles_compare_without_quotes_or_case() {
        assert!(same_name("Chiến sĩ thi đua cơ sở", "“Chiến sĩ thi đua cơ sở”"));
        assert!(same_name("danh hiệu Lao động tiên tiến", "LAO ĐỘNG TIÊN TIẾN"));
        assert!(!same_name("Giấy khen", "Bằng khen"));
    }
}
