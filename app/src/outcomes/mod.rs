//! Dialogue outcomes, "you said, we did": decisions recorded on themes
//! (what was decided, why, who owns the action, by when, and the roadmap
//! items it changes), the comments quoted for each theme, and the published
//! outcome page of an analysis. From a comment, the chain can be followed
//! to the decisions and items it led to (`/comments/:id`).
//!
//! Analysts (policy makers, moderators, administrators) record and publish;
//! once an analysis's outcome is published, everyone reads it, with counts
//! and quotes from public comments only (`domain::outcomes::access`).

pub mod api;
mod decisions_view;
pub mod forms;
mod outcome_view;
#[cfg(feature = "ssr")]
pub mod read;
#[cfg(feature = "ssr")]
pub mod store;
mod trace_view;
pub mod view;

pub use crate::domain::outcomes::DecisionStatus;
use crate::domain::outcomes::GroupCounts;
use crate::themes::Scope;
use serde::{Deserialize, Serialize};

/// The longest decision, reason or outcome summary, in characters.
pub const MAX_TEXT: usize = 4000;
/// The longest action owner, in characters.
pub const MAX_OWNER: usize = 200;
/// The most comments quoted under one theme.
pub const MAX_QUOTES: usize = 3;

pub use crate::roadmap::ItemLink;

/// A decision on a theme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub id: i64,
    pub theme_id: i64,
    pub theme_name: String,
    pub decision: String,
    pub reason: String,
    pub action_owner: String,
    /// YYYY-MM-DD.
    pub due_on: Option<String>,
    pub status: DecisionStatus,
    /// The roadmap items it changes.
    pub items: Vec<ItemLink>,
    pub created_at: i64,
    pub updated_at: i64,
    pub overdue: bool,
}

/// A comment of a theme, for choosing the quotes of the outcome page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteChoice {
    pub comment_id: i64,
    pub author: String,
    pub badge: String,
    pub body_html: String,
    pub quoted: bool,
}

/// What the theme page shows of a theme's outcome (for analysts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeDecisions {
    pub theme_id: i64,
    pub decisions: Vec<Decision>,
    /// Every roadmap item, for the decision form.
    pub items: Vec<ItemLink>,
    /// The theme's public comments, the quoted ones first.
    pub quotes: Vec<QuoteChoice>,
    /// Where its analysis's outcome page is.
    pub outcome_path: String,
}

/// A comment quoted on an outcome page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub comment_id: i64,
    pub author: String,
    pub badge: String,
    pub body_html: String,
}

/// One theme of an outcome page: public counts, quotes, decisions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeOutcome {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub counts: GroupCounts,
    pub quotes: Vec<Quote>,
    pub decisions: Vec<Decision>,
}

/// An outcome page: "we asked, you said, we did".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomePage {
    pub scope: Scope,
    pub title: String,
    pub item_id: i64,
    pub item_title: String,
    /// For a consultation: when it closed (or closes).
    pub closes_at: Option<i64>,
    pub closed: bool,
    /// The policy team's words, as written (for the form) and as HTML.
    pub summary: String,
    pub summary_html: String,
    pub published_at: Option<i64>,
    /// Public comments in the analysis, per stakeholder group.
    pub counts: GroupCounts,
    pub themes: Vec<ThemeOutcome>,
    /// Whether the viewer may publish (or update) it.
    pub can_publish: bool,
}

/// A theme a comment was tagged with, and what was decided on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TracedTheme {
    pub id: i64,
    pub name: String,
    pub outcome_path: String,
    pub published: bool,
    pub decisions: Vec<Decision>,
}

/// From a comment to the decisions and roadmap items it led to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentTrace {
    pub comment_id: i64,
    pub item_id: i64,
    pub item_title: String,
    pub thread_id: i64,
    pub thread_title: String,
    pub author: String,
    pub badge: String,
    pub created_at: i64,
    pub body_html: String,
    pub themes: Vec<TracedTheme>,
}

/// A proposal published for a roadmap item, with who signed it off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedDraft {
    pub draft_id: i64,
    pub title: String,
    pub revision: i64,
    pub published_at: i64,
    /// The institutions that signed off the published revision.
    pub signed_off_by: Vec<String>,
    /// Whether what came of its consultation is published.
    pub outcome_published: bool,
}

/// A decision that changed an item, with where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionSource {
    pub decision: Decision,
    /// The outcome page of the theme's analysis, and whether it is public.
    pub outcome_path: String,
    pub published: bool,
    /// Public comments the theme groups, and the ones quoted.
    pub comment_count: i64,
    pub quotes: Vec<Quote>,
}

/// From a roadmap item back to what changed it: decisions, their themes and
/// the comments behind them, and the proposals published for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemTrace {
    pub decisions: Vec<DecisionSource>,
    pub drafts: Vec<PublishedDraft>,
}
