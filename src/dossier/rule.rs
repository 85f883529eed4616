//! The vote rule in force for one award of a dossier, and where it comes from: the dossier's
//! own (`awards[k].vote`), a rule of the law or of the dossier's form pack (dated, with its
//! source), or — none being known — hoso's default, more than half of all council members. The
//! law's rules are data (`forms/_common/law/rules.toml`, a pack's `pack.toml`); validation is
//! handed them as a [`VoteRules`], so the format knows nothing of where they are kept.

use super::model::{Award, Dossier, VoteRule};

/// Where an award's vote rule comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The dossier states it (the award's `vote`).
    Dossier,
    /// A rule of the law or of the pack: its source, as a citation, and how far it was checked.
    Law { source: String, checked: bool },
    /// No rule is known: hoso's default, more than half of all members.
    Default,
}

/// The vote rule that applies to one award.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rule {
    /// The threshold and a required method.
    pub vote: VoteRule,
    /// Whether a ballot is required (either kind: a show of hands is none).
    pub ballot: bool,
    /// Where it comes from.
    pub origin: Origin,
}

impl Rule {
    /// hoso's default: more than half of all members, any method.
    pub(crate) fn default_rule() -> Rule {
        Rule { vote: VoteRule::default(), ballot: false, origin: Origin::Default }
    }

    /// The source to cite after the rule, e.g. " (khoản 7 Điều 30 Nghị định số 98/2023/NĐ-CP)".
    pub(crate) fn cited(&self) -> String {
        match &self.origin {
            Origin::Law { source, .. } => format!(" ({source})"),
            _ => String::new(),
        }
    }
}

/// The rules a dossier's votes are counted by, as the law and its pack set them.
pub(crate) trait VoteRules {
    /// The rule that applies to `award` of `d`: its own, else the law's, else the default.
    fn rule(&self, d: &Dossier, award: &Award) -> Rule;
    /// The law's rule for `award` alone (what the dossier's own may not weaken), if one is known.
    fn law(&self, d: &Dossier, award: &Award) -> Option<Rule>;
}

/// The award's own rule, when the dossier states one.
pub(crate) fn own(award: &Award) -> Option<Rule> {
    (award.vote.threshold_percent.is_some() || award.vote.voting.is_some()).then_some(Rule {
        vote: award.vote,
        ballot: false,
        origin: Origin::Dossier,
    })
}
