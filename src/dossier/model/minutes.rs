//! The council's meeting: its members and its rounds of votes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::nominees::*;
use super::scalars::*;

/// The most members a council may have (listed or stated in `total_members`).
pub const MAX_MEMBERS: u32 = 500;

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
