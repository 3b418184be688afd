//! Consultations: drafts published as public proposals.
//!
//! When enough of a draft's owning institutions have signed off its current
//! revision, an owner's lead or a policy maker publishes it. The revision is
//! frozen (the draft takes no more changes), everyone can read it, and a
//! public discussion thread on the draft's roadmap item takes comments until
//! the close date set at publishing.

pub mod api;
#[cfg(feature = "ssr")]
pub mod store;
pub mod view;

use serde::{Deserialize, Serialize};

/// How a published draft was published, and its consultation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    /// The revision frozen as the proposal.
    pub revision: i64,
    pub published_at: i64,
    pub published_by: String,
    /// Comments close at this instant (the end of the close date, UK time).
    pub closes_at: i64,
    pub item_id: i64,
    pub thread_id: i64,
    /// Whether comments are open now.
    pub open: bool,
}

/// A consultation in the list of consultations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationSummary {
    pub draft_id: i64,
    pub title: String,
    pub owners: Vec<String>,
    pub item_title: String,
    pub published_at: i64,
    pub closes_at: i64,
    pub open: bool,
    pub comment_count: i64,
    /// Whether what came of it is published (`/consultations/:id/outcome`).
    pub outcome_published: bool,
}

/// How far ahead a consultation may close.
pub const MAX_DAYS_OPEN: i64 = 366;

/// The publish form: the day comments close, and (for a draft that answers
/// no roadmap item yet) the item it answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishInput {
    pub closes_on: String,
    #[serde(default)]
    pub item_id: String,
}

impl crate::forms::Form for PublishInput {}
