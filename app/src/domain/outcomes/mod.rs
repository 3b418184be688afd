//! Dialogue outcomes: what came of what was said. Comments are grouped into
//! themes (by a person, helped by suggestions), decisions are recorded on
//! themes and change roadmap items, and items record their progress. This
//! module holds the rules that need no database.

pub mod access;
pub mod dependencies;

use serde::{Deserialize, Serialize};

/// The stakeholder group a comment was written in, as counted in an
/// analysis (a comment's badge, without the partner's institution).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Group {
    Public,
    Partner,
    PolicyMaker,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::Public, Group::Partner, Group::PolicyMaker];

    /// As stored in `comments.badge`.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Public => "public",
            Group::Partner => "partner",
            Group::PolicyMaker => "policy_maker",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Group::Public => "Public",
            Group::Partner => "Partner institutions",
            Group::PolicyMaker => "Policy makers",
        }
    }
}

/// How many comments of each group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCounts {
    pub public: i64,
    pub partner: i64,
    pub policy_maker: i64,
}

impl GroupCounts {
    pub fn get(&self, group: Group) -> i64 {
        match group {
            Group::Public => self.public,
            Group::Partner => self.partner,
            Group::PolicyMaker => self.policy_maker,
        }
    }

    pub fn add(&mut self, group: Group, n: i64) {
        match group {
            Group::Public => self.public += n,
            Group::Partner => self.partner += n,
            Group::PolicyMaker => self.policy_maker += n,
        }
    }

    pub fn total(&self) -> i64 {
        self.public + self.partner + self.policy_maker
    }
}
pub mod suggest;

/// How far a decision's action has gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DecisionStatus {
    Planned,
    InProgress,
    Done,
    /// Decided against, or overtaken: kept, with its reason, for the record.
    Dropped,
}

impl DecisionStatus {
    pub const ALL: [DecisionStatus; 4] = [
        DecisionStatus::Planned,
        DecisionStatus::InProgress,
        DecisionStatus::Done,
        DecisionStatus::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DecisionStatus::Planned => "planned",
            DecisionStatus::InProgress => "in_progress",
            DecisionStatus::Done => "done",
            DecisionStatus::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            DecisionStatus::Planned => "Planned",
            DecisionStatus::InProgress => "In progress",
            DecisionStatus::Done => "Done",
            DecisionStatus::Dropped => "Not going ahead",
        }
    }

    /// The NHS.UK tag colour; the label always says the status too.
    pub fn tag_class(self) -> &'static str {
        match self {
            DecisionStatus::Planned => "nhsuk-tag nhsuk-tag--grey",
            DecisionStatus::InProgress => "nhsuk-tag nhsuk-tag--blue",
            DecisionStatus::Done => "nhsuk-tag nhsuk-tag--green",
            DecisionStatus::Dropped => "nhsuk-tag nhsuk-tag--white",
        }
    }

    /// Whether an action with this status and due date (YYYY-MM-DD) is
    /// overdue on `today` (YYYY-MM-DD; ISO dates compare as text).
    pub fn is_overdue(self, due_on: Option<&str>, today: &str) -> bool {
        matches!(self, DecisionStatus::Planned | DecisionStatus::InProgress)
            && due_on.is_some_and(|due| due < today)
    }
}
