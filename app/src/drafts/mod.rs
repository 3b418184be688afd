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

pub mod api;
#[cfg(feature = "ssr")]
pub mod live;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod text;
pub mod view;

mod compare_view;
mod edit_view;
mod history_view;
mod live_view;

use crate::auth::{GlobalRole, Me};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Visibility {
    Owners,
    Partners,
    Published,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Owners => "owners",
            Visibility::Partners => "partners",
            Visibility::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Visibility::Owners,
            Visibility::Partners,
            Visibility::Published,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Visibility::Owners => "Owners only",
            Visibility::Partners => "All partners",
            Visibility::Published => "Published",
        }
    }
}

/// Whether `me` may read a draft owned by `owners` (institution ids).
pub fn can_read(me: Option<&Me>, owners: &[i64], visibility: Visibility) -> bool {
    match visibility {
        Visibility::Published => true,
        Visibility::Partners => {
            me.is_some_and(|m| m.is_partner() || m.has_role(GlobalRole::PolicyMaker))
        }
        Visibility::Owners => me.is_some_and(|m| owner_institution(m, owners).is_some()),
    }
}

/// Whether `me` may read a draft's history (its revisions, comparisons,
/// earlier versions, suggestions and passage threads). Once published, the
/// public sees only the frozen revision; the history stays with whoever
/// could read the draft before (`published_from`; owners only if unknown).
pub fn can_see_history(
    me: Option<&Me>,
    owners: &[i64],
    visibility: Visibility,
    published_from: Option<Visibility>,
) -> bool {
    match visibility {
        Visibility::Published => can_read(
            me,
            owners,
            published_from
                .filter(|v| *v != Visibility::Published)
                .unwrap_or(Visibility::Owners),
        ),
        other => can_read(me, owners, other),
    }
}

/// Whether `me` may publish a draft once its sign-offs are in: a lead of an
/// owning institution, or a policy maker.
pub fn may_publish(me: &Me, owners: &[i64]) -> bool {
    owners.iter().any(|o| is_lead_of(me, *o)) || me.has_role(GlobalRole::PolicyMaker)
}

/// The owning institution `me` writes for, if they belong to one.
pub fn owner_institution(me: &Me, owners: &[i64]) -> Option<i64> {
    me.memberships
        .iter()
        .map(|m| m.institution_id)
        .find(|id| owners.contains(id))
}

/// Whether `me` may change the draft: its owners' people, until it is published.
pub fn can_edit(me: Option<&Me>, owners: &[i64], visibility: Visibility) -> bool {
    visibility != Visibility::Published
        && me.is_some_and(|m| owner_institution(m, owners).is_some())
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
}

/// A section as the draft page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: i64,
    pub version_id: i64,
    pub heading: String,
    /// Sanitised HTML, with open passage threads marked.
    pub body_html: String,
    /// Threads on passages of the section (for those who may see them).
    pub passages: Vec<crate::passages::PassageSummary>,
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

/// A draft as its page shows it: the current revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub id: i64,
    pub title: String,
    pub item: Option<(i64, String)>,
    pub owners: Vec<Owner>,
    pub visibility: Visibility,
    pub quorum: Option<i64>,
    pub revision: i64,
    pub last_change: Option<RevisionInfo>,
    pub sections: Vec<Section>,
    /// Whether the viewer may edit.
    pub can_edit: bool,
    /// Every sign-off, newest first, current or not.
    pub sign_offs: Vec<SignOffRecord>,
    /// How many owning institutions must sign off the current revision.
    pub sign_offs_needed: i64,
    /// The owning institution the viewer may sign off for now (as its lead),
    /// if it has not signed off the current revision yet.
    pub can_sign_for: Option<Owner>,
    /// Whether the viewer may see the history (not the public, once published).
    pub can_see_history: bool,
    /// Whether the viewer may suggest changes (signed in, can read, not published).
    pub can_suggest: bool,
    /// How many suggestions are open.
    pub open_suggestions: i64,
    /// Whether the viewer may publish it now (the quorum holds).
    pub can_publish: bool,
    /// For the publish form of a draft without a roadmap item: the items.
    pub publish_items: Vec<(i64, String)>,
    /// Once published: when, by whom, and its consultation.
    pub publication: Option<crate::consultations::Publication>,
}

impl Draft {
    /// The institutions that signed off the current revision.
    pub fn current_sign_offs(&self) -> usize {
        self.sign_offs
            .iter()
            .filter(|s| s.revision == self.revision)
            .count()
    }

    /// Whether enough owners signed off the current revision to publish it.
    pub fn quorum_met(&self) -> bool {
        self.current_sign_offs() as i64 >= self.sign_offs_needed
    }
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

/// A comment in a suggestion's or a passage thread's short discussion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteComment {
    pub id: i64,
    /// "Sam Okafor (BT)".
    pub author: String,
    /// Sanitised HTML of the Markdown body.
    pub body_html: String,
    pub created_at: i64,
}

/// Whether `me` is a lead of owning institution `institution`.
pub fn is_lead_of(me: &Me, institution: i64) -> bool {
    me.memberships
        .iter()
        .any(|m| m.institution_id == institution && m.role == crate::auth::PartnerRole::Lead)
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Same,
    Added,
    Removed,
}

/// A run of words that is the same, added or removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffPart {
    pub change: Change,
    pub text: String,
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
