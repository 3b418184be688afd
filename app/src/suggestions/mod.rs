//! Suggestions: tracked changes to a draft's sections.
//!
//! A partner who can read a draft suggests new text for a section instead
//! of editing it. The suggestion shows as a word-level diff against the
//! text it was written for. The draft's owners accept it — applied as a new
//! revision, merged into the section's current text when that moved on
//! meanwhile, or, when both changed the same words, shown beside the
//! current text for them to combine — or reject it with a reason. Its
//! author may withdraw it while it is open. Each suggestion has a short
//! discussion. Accepting and rejecting are recorded in the audit log.

pub mod api;
pub mod forms;
#[cfg(feature = "ssr")]
pub mod store;
pub mod view;

use crate::domain::drafts::DiffPart;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Open,
    Accepted,
    Rejected,
    Withdrawn,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        use Status::*;
        [Open, Accepted, Rejected, Withdrawn]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "Open",
            Status::Accepted => "Accepted",
            Status::Rejected => "Rejected",
            Status::Withdrawn => "Withdrawn",
        }
    }

    /// The NHS.UK tag colour for the status.
    pub fn tag_class(self) -> &'static str {
        match self {
            Status::Open => "nhsuk-tag nhsuk-tag--blue",
            Status::Accepted => "nhsuk-tag nhsuk-tag--green",
            Status::Rejected => "nhsuk-tag nhsuk-tag--red",
            Status::Withdrawn => "nhsuk-tag nhsuk-tag--grey",
        }
    }
}

/// "Sam Okafor (BT)".
pub fn byline(name: &str, institution: Option<&str>) -> String {
    match institution {
        Some(i) => format!("{name} ({i})"),
        None => name.to_owned(),
    }
}

/// A suggestion in a draft's list of suggestions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionSummary {
    pub id: i64,
    /// The section's heading when the suggestion was written.
    pub section: String,
    pub author: String,
    pub created_at: i64,
    pub status: Status,
    pub comment_count: i64,
}

/// A draft's suggestions, open ones first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionList {
    pub draft_id: i64,
    pub title: String,
    pub suggestions: Vec<SuggestionSummary>,
}

/// One suggestion, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub id: i64,
    pub draft_id: i64,
    pub draft_title: String,
    pub section_id: i64,
    pub author: String,
    pub created_at: i64,
    pub note: Option<String>,
    pub status: Status,
    /// Who accepted, rejected or withdrew it, and when.
    pub decided: Option<(String, i64)>,
    pub reason: Option<String>,
    pub applied_revision: Option<i64>,
    /// The text it was written for, and the suggested text.
    pub base_heading: String,
    pub heading: String,
    pub body: String,
    pub heading_diff: Vec<DiffPart>,
    pub body_diff: Vec<DiffPart>,
    /// The section's current version, if it changed since the suggestion
    /// was written (accepting then merges); `None` if it did not.
    pub moved_on: Option<i64>,
    /// The section was removed from the draft since.
    pub section_gone: bool,
    pub comments: Vec<crate::domain::drafts::NoteComment>,
    /// Whether the viewer may accept or reject it (an owner, while open).
    pub can_decide: bool,
    /// Whether the viewer may withdraw it (its author, while open).
    pub can_withdraw: bool,
    pub can_comment: bool,
}

pub const MAX_REASON: usize = 1_000;
