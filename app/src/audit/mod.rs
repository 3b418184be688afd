//! The audit log: every privileged action (sign-off, publishing, accepting
//! and rejecting suggestions, changes to identity providers, …), append-only
//! and tamper-evident (see `chain.rs`), and the administrators' page that
//! lists it and checks its chain.

pub mod api;
#[cfg(feature = "ssr")]
mod chain;
#[cfg(feature = "ssr")]
pub mod store;
pub mod view;

#[cfg(feature = "ssr")]
pub use chain::*;

use serde::{Deserialize, Serialize};

/// One entry, as the audit log page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub institution: Option<String>,
    pub action: String,
    pub subject: String,
    /// The particulars, as stored (JSON).
    pub detail: String,
}

impl LogEntry {
    /// What was done, in words.
    pub fn action_label(&self) -> &str {
        match self.action.as_str() {
            "draft.sign_off" => "Signed off a draft revision",
            "draft.publish" => "Published a draft",
            "draft.invite" => "Invited an institution to co-own a draft",
            "draft.invitation_accept" => "Accepted an invitation to co-own a draft",
            "draft.invitation_decline" => "Declined an invitation to co-own a draft",
            "draft.invitation_withdraw" => "Withdrew an invitation to co-own a draft",
            "draft.suggestion_accept" => "Accepted a suggestion",
            "draft.suggestion_reject" => "Rejected a suggestion",
            "identity_provider.add" => "Added an identity provider",
            "identity_provider.change" => "Changed an identity provider",
            "theme.create" => "Added a theme",
            "theme.change" => "Renamed or described a theme",
            "theme.merge" => "Merged a theme into another",
            "theme.tag" => "Tagged comments with a theme",
            "theme.untag" => "Took a theme off comments",
            "theme.quotes" => "Chose the comments quoted for a theme",
            "decision.record" => "Recorded a decision",
            "decision.status" => "Changed a decision's status",
            "outcome.publish" => "Published an outcome",
            "item.progress" => "Recorded an item's progress",
            "item.dependency_add" => "Added a dependency between items",
            "item.dependency_remove" => "Removed a dependency between items",
            other => other,
        }
    }

    /// Where the subject can be seen, if it has a page.
    pub fn subject_href(&self) -> Option<String> {
        let (kind, id) = self.subject.split_once(':')?;
        let id: i64 = id.parse().ok()?;
        match kind {
            "draft" => Some(format!("/drafts/{id}")),
            "identity_provider" => Some(format!("/admin/providers/{id}")),
            "theme" => Some(format!("/themes/{id}")),
            "consultation" => Some(format!("/consultations/{id}/outcome")),
            "item" => Some(format!("/items/{id}")),
            _ => None,
        }
    }
}

/// A page of the audit log, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogPage {
    pub entries: Vec<LogEntry>,
    /// The cursor for the next (older) page.
    pub older: Option<i64>,
    /// The subject the page is filtered to, if any.
    pub subject: Option<String>,
}

pub const PAGE_SIZE: i64 = 50;
