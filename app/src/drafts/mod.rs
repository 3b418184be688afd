//! Shared solutions: drafts that several partner institutions write
//! together, section by section.
//!
//! Every change makes a new revision of the whole draft (see the migration
//! `0004_drafts.sql`). Two people may edit one section at once: a save names
//! the version it started from, and if the section moved on meanwhile the
//! two changes are merged word by word, or, when they touch the same words,
//! shown side by side for the writer to resolve. Nothing typed is lost.
//!
//! Who sees what: an owners-only draft is for the people of its owning
//! institutions; a draft for all partners is also for every partner and
//! policy maker. The people of the owning institutions edit it.
//!
//! Who owns it: the institution its author writes for, and each institution
//! whose lead accepted an invitation to co-own it ([`invitations`]).

#[cfg(feature = "ssr")]
pub mod access;
pub mod api;
#[cfg(feature = "ssr")]
pub mod change;
#[cfg(feature = "ssr")]
mod compare;
pub mod forms;
#[cfg(feature = "ssr")]
pub mod invitations;
#[cfg(feature = "ssr")]
pub mod live;
#[cfg(feature = "ssr")]
pub mod premerge;
#[cfg(feature = "ssr")]
pub mod revise;
#[cfg(feature = "ssr")]
pub mod sign_offs;
#[cfg(feature = "ssr")]
pub mod store;
pub mod view;

mod compare_view;
mod edit_view;
mod history_view;
mod invitations_view;
mod live_view;

use crate::domain::drafts::{DiffPart, Visibility};
use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// What anyone who may not read a draft is told, whether or not it exists.
pub fn not_found() -> AppError {
    AppError::NotFound("There is no such draft, or you cannot see it.".into())
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub id: i64,
    pub name: String,
}

/// A draft in the list of drafts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub id: i64,
    pub title: String,
    pub owners: Vec<String>,
    pub visibility: Visibility,
    pub revision: i64,
    pub updated_at: i64,
    /// Whether an institution of the viewer's is invited to co-own it and
    /// has not answered yet.
    pub invited: bool,
}

/// An institution invited to co-own a draft, and its answer so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub institution: Owner,
    /// "Dana Evans (NHS Wales)".
    pub invited_by: String,
    pub invited_at: i64,
    /// When a lead declined it; `None` while it waits for an answer.
    pub declined_at: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RevisionKind {
    Created,
    Edited,
    Merged,
    Added,
    Removed,
    Moved,
    Restored,
}

impl RevisionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionKind::Created => "created",
            RevisionKind::Edited => "edited",
            RevisionKind::Merged => "merged",
            RevisionKind::Added => "added",
            RevisionKind::Removed => "removed",
            RevisionKind::Moved => "moved",
            RevisionKind::Restored => "restored",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        use RevisionKind::*;
        [Created, Edited, Merged, Added, Removed, Moved, Restored]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    /// What happened, in words ("edited section").
    pub fn describe(self) -> &'static str {
        match self {
            RevisionKind::Created => "Started the draft",
            RevisionKind::Edited => "Edited",
            RevisionKind::Merged => "Edited (merged with a change made at the same time)",
            RevisionKind::Added => "Added",
            RevisionKind::Removed => "Removed",
            RevisionKind::Moved => "Moved",
            RevisionKind::Restored => "Restored an earlier revision",
        }
    }
}

/// One revision in a draft's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionInfo {
    pub number: i64,
    pub author: String,
    pub institution: Option<String>,
    pub kind: RevisionKind,
    /// The heading of the section it changed, if it changed one.
    pub section: Option<String>,
    pub section_id: Option<i64>,
    pub message: Option<String>,
    pub created_at: i64,
}

/// An institution's sign-off of one revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOffRecord {
    pub institution: String,
    pub revision: i64,
    pub by: String,
    pub statement: String,
    pub signed_at: i64,
}

/// One section, for its edit form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionText {
    pub draft_id: i64,
    pub draft_title: String,
    pub section_id: i64,
    pub version_id: i64,
    pub heading: String,
    pub body: String,
    /// The revision that wrote this version.
    pub written_by: Option<RevisionInfo>,
}

/// How one section differs between two revisions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionComparison {
    pub section_id: i64,
    /// `None` where the section is not in that revision.
    pub old_heading: Option<String>,
    pub new_heading: Option<String>,
    pub old_body: String,
    pub new_body: String,
    pub heading_diff: Vec<DiffPart>,
    pub body_diff: Vec<DiffPart>,
}

impl SectionComparison {
    pub fn changed(&self) -> bool {
        self.old_heading != self.new_heading || self.old_body != self.new_body
    }
}

/// Two revisions side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub draft_id: i64,
    pub title: String,
    pub from: RevisionInfo,
    pub to: RevisionInfo,
    pub sections: Vec<SectionComparison>,
}

/// A draft's history: its revisions, newest first, a page at a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub draft_id: i64,
    pub title: String,
    pub current: i64,
    /// When listing one section's history: its current heading.
    pub section: Option<(i64, String)>,
    pub revisions: Vec<RevisionInfo>,
    /// The revision number to continue from for the next page.
    pub more_before: Option<i64>,
    pub can_edit: bool,
}

/// What the new-draft form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDraftChoices {
    pub items: Vec<(i64, String)>,
    pub institutions: Vec<Owner>,
    /// The viewer's own institutions (one must own the draft).
    pub mine: Vec<i64>,
}

/// Headings and bodies have limits, so no page grows without bound.
pub const MAX_HEADING: usize = 200;
pub const MAX_BODY: usize = 50_000;
pub const MAX_TITLE: usize = 200;
pub const MAX_MESSAGE: usize = 300;
pub const MAX_SECTIONS: usize = 200;
pub const MAX_STATEMENT: usize = 1_000;
/// A comment in a suggestion's or a passage thread's discussion.
pub const MAX_NOTE: usize = 5_000;

/// "Revision 7: Dana Evans (NHS Wales) edited “Scope”, 3 March 2018 at 10:00".
pub fn revision_line(r: &RevisionInfo) -> String {
    let by = match &r.institution {
        Some(i) => format!("{} ({i})", r.author),
        None => r.author.clone(),
    };
    let what = match (&r.section, r.kind) {
        (
            Some(s),
            RevisionKind::Edited
            | RevisionKind::Merged
            | RevisionKind::Added
            | RevisionKind::Removed
            | RevisionKind::Moved,
        ) => format!("{} “{s}”", r.kind.describe().to_lowercase()),
        _ => r.kind.describe().to_lowercase(),
    };
    format!(
        "Revision {}: {by} {what}, {}",
        r.number,
        crate::time_fmt::date_time(crate::i18n::Locale::En, r.created_at)
    )
}
