//! A draft's page: the draft's text and sign-offs (`drafts`), its passage
//! threads marked in the text (`passages`), its open suggestions
//! (`suggestions`), and once published its consultation with the public's
//! comments (`consultations`, `discussion`). Composed here so that none of
//! those features needs another's views or server functions.

pub mod api;
pub mod view;

use crate::consultations::Publication;
use crate::domain::drafts::Visibility;
use crate::drafts::{Invitation, Owner, RevisionInfo, SignOffRecord};
use crate::passages::PassageSummary;
use serde::{Deserialize, Serialize};

/// A section as the draft page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: i64,
    pub version_id: i64,
    pub heading: String,
    /// Sanitised HTML, with open passage threads marked.
    pub body_html: String,
    /// Threads on passages of the section (for those who may see them).
    pub passages: Vec<PassageSummary>,
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
    pub publication: Option<Publication>,
    /// Institutions invited to co-own it, with their answers (for those
    /// who may see the history, and the invited; none once published).
    pub invitations: Vec<Invitation>,
    /// The viewer's institution invited to co-own it, still to answer, and
    /// whether the viewer may answer for it (as its lead).
    pub invited: Option<(Owner, bool)>,
    /// The institutions the viewer may invite (editors only).
    pub invitable: Vec<Owner>,
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
