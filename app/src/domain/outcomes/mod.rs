//! Dialogue outcomes: what came of what was said. Comments are grouped into
//! themes (by a person, helped by suggestions), decisions are recorded on
//! themes and change roadmap items, and items record their progress. This
//! module holds the rules that need no database.

pub mod access;

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
